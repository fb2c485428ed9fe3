/*
 * Kprobe events (Linux's kernel/trace/trace_kprobe.c): probes defined by
 * writing lines to /sys/kernel/tracing/kprobe_events, each hit adding a
 * line to the trace buffer. Linux's syntax (Documentation/trace/
 * kprobetrace.rst), for function entries:
 *
 *   p[:[GRP/]EVENT] SYM [FETCHARGS]      at the entry of SYM
 *   r[MAXACTIVE][:[GRP/]EVENT] SYM [FETCHARGS]   at its return
 *   -:[GRP/]EVENT                        remove the event
 *
 * GRP is "kprobes" unless given, EVENT p_SYM_0 or r_SYM_0; the fetch
 * arguments are kernel/trace/trace_probe.c's. An event is made
 * disabled; its enable file arms it.
 */
#include "kernel/trace/kprobes.h"
#include "kernel/trace/trace.h"
#include "kernel/trace/trace_probe.h"
#include "kernel/kallsyms.h"
#include "kernel/locking/mutex.h"
#include "kernel/mm/slab.h"
#include "kernel/task.h"
#include "lib/ctype.h"
#include "lib/errno.h"
#include "lib/list.h"
#include "lib/string.h"
#include "lib/vsprintf.h"
#include "asm/ptrace.h"

#define MAX_EVENT_NAME 32

struct trace_kprobe {
	struct list_head list;
	char group[MAX_EVENT_NAME], event[MAX_EVENT_NAME];
	char symbol[KSYM_NAME_LEN];
	bool is_return;
	int maxactive;			/* as written; 0: not given */
	struct kretprobe rp;		/* rp.kp alone for an entry probe */
	unsigned long nhit;
	bool enabled;
	bool stacktrace;		/* its trigger: a stack with each hit */
	int nargs;
	struct probe_arg args[MAX_TRACE_ARGS];
};

static DEFINE_MUTEX(trace_kprobe_mutex);
static LIST_HEAD(trace_kprobes);

/* ---- a hit ---- */

static int kprobe_dispatcher(struct kprobe *kp, struct pt_regs *regs)
{
	struct trace_kprobe *tk = container_of(kp, struct trace_kprobe, rp.kp);
	char args[160] = "", at[KSYM_SYMBOL_LEN];

	tk->nhit++;
	format_probe_args(tk->args, tk->nargs, regs, args, sizeof(args));
	sprint_symbol(at, sizeof(at), instruction_pointer(regs));
	trace_event_printf(regs, "%s: (%s)%s", tk->event, at, args);
	if (READ_ONCE(tk->stacktrace))
		trace_event_stack(regs, true);
	return 0;
}

static int kretprobe_dispatcher(struct kretprobe_instance *ri,
				struct pt_regs *regs)
{
	struct trace_kprobe *tk = container_of(ri->rph->rp, struct trace_kprobe, rp);
	char args[160] = "", to[KSYM_SYMBOL_LEN], from[KSYM_SYMBOL_LEN];

	tk->nhit++;
	format_probe_args(tk->args, tk->nargs, regs, args, sizeof(args));
	sprint_backtrace(to, sizeof(to), ri->ret_addr);
	sprint_symbol_no_offset(from, sizeof(from), (u64)tk->rp.kp.addr);
	trace_event_printf(regs, "%s: (%s <- %s)%s", tk->event, to, from, args);
	if (READ_ONCE(tk->stacktrace))
		trace_event_stack(regs, false);
	return 0;
}

/* ---- parsing a definition ---- */

/* "[GRP/]EVENT" after the colon: into tk, 0 or -EINVAL. */
static int parse_event_name(struct trace_kprobe *tk, const char *s)
{
	const char *slash = strchr(s, '/'), *ev = slash ? slash + 1 : s;
	size_t glen = slash ? (size_t)(slash - s) : 7;

	strscpy(tk->group, "kprobes", sizeof(tk->group));
	if (slash) {
		if (!glen || glen >= MAX_EVENT_NAME)
			return -EINVAL;
		memcpy(tk->group, s, glen);
		tk->group[glen] = '\0';
	}
	if (!*ev || strlen(ev) >= MAX_EVENT_NAME)
		return -EINVAL;
	strscpy(tk->event, ev, sizeof(tk->event));
	for (const char *c = tk->group; *c; c++)
		if (!isalnum(*c) && *c != '_')
			return -EINVAL;
	for (const char *c = tk->event; *c; c++)
		if (!isalnum(*c) && *c != '_')
			return -EINVAL;
	return 0;
}

static struct trace_kprobe *find_trace_kprobe(const char *group, const char *event)
{
	struct trace_kprobe *tk;

	list_for_each_entry(tk, &trace_kprobes, list)
		if ((!group || !strcmp(tk->group, group)) && !strcmp(tk->event, event))
			return tk;
	return NULL;
}

/* trace_kprobe_mutex held: arm and list the event of @argv. */
static int create_trace_kprobe(int argc, char **argv)
{
	struct trace_kprobe *tk;
	char *colon = strchr(argv[0], ':');
	int err = 0;

	if (argc - 2 > MAX_TRACE_ARGS)
		return -E2BIG;
	if (argc < 2)
		return -EINVAL;
	tk = kzalloc(sizeof(*tk), GFP_KERNEL);
	if (!tk)
		return -ENOMEM;
	tk->is_return = argv[0][0] == 'r';
	if (colon)
		*colon++ = '\0';
	if (argv[0][1] && (!tk->is_return || kstrtoint(argv[0] + 1, 10, &tk->maxactive) ||
			   tk->maxactive <= 0 || tk->maxactive > 4096))
		err = -EINVAL;
	if (!err && strlen(argv[1]) >= sizeof(tk->symbol))
		err = -EINVAL;
	if (!err)
		strscpy(tk->symbol, argv[1], sizeof(tk->symbol));
	if (!err && strchr(tk->symbol, '+')) {		/* SYM+OFFS */
		char *plus = strchr(tk->symbol, '+');

		*plus++ = '\0';
		if (kstrtouint(plus, 0, &tk->rp.kp.offset))
			err = -EINVAL;
	}
	if (!err && colon)
		err = parse_event_name(tk, colon);
	else if (!err) {
		strscpy(tk->group, "kprobes", sizeof(tk->group));
		snprintf(tk->event, sizeof(tk->event), "%c_%s_0", argv[0][0],
			 tk->symbol);
	}
	for (int i = 2; !err && i < argc; i++)
		err = parse_probe_arg(&tk->args[tk->nargs++], i - 2, argv[i],
				      tk->is_return);
	if (!err && find_trace_kprobe(tk->group, tk->event))
		err = -EEXIST;
	if (!err && !strcmp(tk->group, "ftrace"))
		err = -EINVAL;
	if (!err)
		err = trace_buffer_alloc();
	if (!err) {
		tk->rp.kp.symbol_name = tk->symbol;
		tk->rp.kp.flags = KPROBE_FLAG_DISABLED;
		if (tk->is_return) {
			tk->rp.handler = kretprobe_dispatcher;
			tk->rp.maxactive = tk->maxactive;
			err = register_kretprobe(&tk->rp);
		} else {
			tk->rp.kp.pre_handler = kprobe_dispatcher;
			err = register_kprobe(&tk->rp.kp);
		}
	}
	if (err) {
		kfree(tk);
		return err;
	}
	list_add_tail(&tk->list, &trace_kprobes);
	return 0;
}

/* trace_kprobe_mutex held: take @tk away; -EBUSY while it is on. */
static int delete_trace_kprobe(struct trace_kprobe *tk)
{
	if (tk->enabled)
		return -EBUSY;
	if (tk->is_return)
		unregister_kretprobe(&tk->rp);
	else
		unregister_kprobe(&tk->rp.kp);
	list_del(&tk->list);
	kfree(tk);
	return 0;
}

/* One line of kprobe_events, split in place. */
static int kprobe_events_line(char *line)
{
	char *argv[MAX_TRACE_ARGS + 3];
	int argc = 0;
	char *s = line;

	while (argc < (int)ARRAY_SIZE(argv)) {
		while (*s == ' ' || *s == '\t')
			*s++ = '\0';
		if (!*s || *s == '#')
			break;
		argv[argc++] = s;
		while (*s && *s != ' ' && *s != '\t')
			s++;
	}
	if (argc == (int)ARRAY_SIZE(argv) && *s && *s != '#')
		return -E2BIG;
	if (!argc)
		return 0;			/* blank or a comment */
	if (argv[0][0] == '-') {
		struct trace_kprobe *tk;
		char *name = argv[0] + 1, *slash;

		if (*name++ != ':' || argc != 1)
			return -EINVAL;
		slash = strchr(name, '/');
		if (slash)
			*slash = '\0';
		tk = slash ? find_trace_kprobe(name, slash + 1)
			   : find_trace_kprobe(NULL, name);
		return tk ? delete_trace_kprobe(tk) : -ENOENT;
	}
	if (argv[0][0] != 'p' && argv[0][0] != 'r')
		return -EINVAL;
	return create_trace_kprobe(argc, argv);
}

int kprobe_events_store(void *unused, const char *buf, size_t len)
{
	char *copy = kmalloc(len + 1, GFP_KERNEL), *line, *next;
	int err = 0;

	if (!copy)
		return -ENOMEM;
	memcpy(copy, buf, len + 1);
	mutex_lock(&trace_kprobe_mutex);
	for (line = copy; line && !err; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		err = kprobe_events_line(line);
	}
	mutex_unlock(&trace_kprobe_mutex);
	kfree(copy);
	return err;
}

int kprobe_events_clear(void)
{
	struct trace_kprobe *tk, *n;
	int err = 0;

	mutex_lock(&trace_kprobe_mutex);
	list_for_each_entry(tk, &trace_kprobes, list)
		if (tk->enabled)
			err = -EBUSY;
	list_for_each_entry_safe(tk, n, &trace_kprobes, list)
		if (!err)
			delete_trace_kprobe(tk);
	mutex_unlock(&trace_kprobe_mutex);
	return err;
}

int kprobe_events_show(struct seq_buf *m, void *unused)
{
	struct trace_kprobe *tk;

	mutex_lock(&trace_kprobe_mutex);
	list_for_each_entry(tk, &trace_kprobes, list) {
		seq_printf(m, "%c", tk->is_return ? 'r' : 'p');
		if (tk->maxactive)
			seq_printf(m, "%d", tk->maxactive);
		seq_printf(m, ":%s/%s %s", tk->group, tk->event, tk->symbol);
		if (tk->rp.kp.offset)
			seq_printf(m, "+%u", tk->rp.kp.offset);
		for (int i = 0; i < tk->nargs; i++)
			seq_printf(m, " %s", tk->args[i].text);
		seq_putc(m, '\n');
	}
	mutex_unlock(&trace_kprobe_mutex);
	return 0;
}

int kprobe_profile_show(struct seq_buf *m, void *unused)
{
	struct trace_kprobe *tk;

	mutex_lock(&trace_kprobe_mutex);
	list_for_each_entry(tk, &trace_kprobes, list)
		seq_printf(m, "  %-44s %15lu %15lu\n", tk->event, tk->nhit,
			   tk->rp.kp.nmissed + (unsigned long)tk->rp.nmissed);
	mutex_unlock(&trace_kprobe_mutex);
	return 0;
}

/* ---- the events/ tree ---- */

int trace_kprobe_for_each_group(int (*fn)(const char *group, void *arg),
				void *arg)
{
	struct trace_kprobe *tk, *prev;
	int ret = 0;

	mutex_lock(&trace_kprobe_mutex);
	list_for_each_entry(tk, &trace_kprobes, list) {
		bool seen = false;

		list_for_each_entry(prev, &trace_kprobes, list) {
			if (prev == tk)
				break;
			seen |= !strcmp(prev->group, tk->group);
		}
		if (!seen && (ret = fn(tk->group, arg)))
			break;
	}
	mutex_unlock(&trace_kprobe_mutex);
	return ret;
}

int trace_kprobe_for_each_event(const char *group,
				int (*fn)(const char *name, void *arg), void *arg)
{
	struct trace_kprobe *tk;
	int ret = 0;

	mutex_lock(&trace_kprobe_mutex);
	list_for_each_entry(tk, &trace_kprobes, list)
		if (!strcmp(tk->group, group) && (ret = fn(tk->event, arg)))
			break;
	mutex_unlock(&trace_kprobe_mutex);
	return ret;
}

static bool tk_matches(const struct trace_kprobe *tk, const char *group,
		       const char *event)
{
	return (!group || !strcmp(tk->group, group)) &&
	       (!event || !strcmp(tk->event, event));
}

int trace_kprobe_enabled(const char *group, const char *event)
{
	struct trace_kprobe *tk;
	int on = 0, off = 0;

	mutex_lock(&trace_kprobe_mutex);
	list_for_each_entry(tk, &trace_kprobes, list)
		if (tk_matches(tk, group, event))
			tk->enabled ? on++ : off++;
	mutex_unlock(&trace_kprobe_mutex);
	if (!on && !off)
		return group ? -ENOENT : '0';
	return on && off ? 'X' : on ? '1' : '0';
}

int trace_kprobe_enable(const char *group, const char *event, bool on)
{
	struct trace_kprobe *tk;
	int err = -ENOENT;

	mutex_lock(&trace_kprobe_mutex);
	list_for_each_entry(tk, &trace_kprobes, list) {
		if (!tk_matches(tk, group, event))
			continue;
		err = 0;
		if (tk->enabled == on)
			continue;
		err = on ? enable_kprobe(&tk->rp.kp) : disable_kprobe(&tk->rp.kp);
		if (err)
			break;
		tk->enabled = on;
	}
	mutex_unlock(&trace_kprobe_mutex);
	return group ? err : (err == -ENOENT ? 0 : err);
}

int trace_kprobe_trigger_show(struct seq_buf *m, const char *group,
			      const char *event)
{
	struct trace_kprobe *tk;
	int err = -ENOENT;

	mutex_lock(&trace_kprobe_mutex);
	tk = find_trace_kprobe(group, event);
	if (tk && tk->stacktrace)
		seq_puts(m, "stacktrace:unlimited\n");
	else if (tk)
		seq_puts(m, "# Available triggers:\n# stacktrace\n");
	if (tk)
		err = 0;
	mutex_unlock(&trace_kprobe_mutex);
	return err;
}

int trace_kprobe_trigger_store(const char *group, const char *event,
			       const char *buf)
{
	bool off = buf[0] == '!';
	struct trace_kprobe *tk;
	int err = -ENOENT;

	if (strcmp(buf + off, "stacktrace"))
		return -EINVAL;		/* traceon, hist ...: not here */
	mutex_lock(&trace_kprobe_mutex);
	tk = find_trace_kprobe(group, event);
	if (tk) {
		WRITE_ONCE(tk->stacktrace, !off);
		err = 0;
	}
	mutex_unlock(&trace_kprobe_mutex);
	return err;
}
