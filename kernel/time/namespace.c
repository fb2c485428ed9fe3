/*
 * Time namespaces (Linux's kernel/time/namespace.c): the offsets a
 * namespace adds to CLOCK_MONOTONIC (and its raw and coarse forms) and
 * to CLOCK_BOOTTIME. clock_gettime(), clock_nanosleep()'s absolute
 * times, timerfd's absolute times, sysinfo() and /proc/uptime go through
 * timens_offset(); everything the kernel keeps stays on its own clock.
 * The offsets are set through /proc/<pid>/timens_offsets between
 * unshare(CLONE_NEWTIME) and the first task entering (a child forked
 * then, timens_enter()), and fixed after.
 */
#include "asm/vdso.h"
#include "kernel/cred.h"
#include "kernel/fs/seq_buf.h"
#include "kernel/mm/slab.h"
#include "kernel/time/clockid.h"
#include "kernel/time/namespace.h"
#include "kernel/time/time_kernel.h"
#include "kernel/task.h"
#include "lib/errno.h"
#include "lib/string.h"

struct time_namespace init_time_ns = {
	.ns = { .count = REFCOUNT_INIT(1), .inum = PROC_TIME_INIT_INO,
		.type = CLONE_NEWTIME,
		.user_ns = &init_user_ns },
	.frozen = true,		/* the machine's own clocks: no offsets */
};

static struct time_namespace *to_time_ns(struct ns_common *ns)
{
	return container_of(ns, struct time_namespace, ns);
}

struct ns_common *copy_time_ns(struct ns_common *old)
{
	struct time_namespace *t = kzalloc(sizeof(*t), GFP_KERNEL);

	if (!t)
		return NULL;
	ns_init(&t->ns, CLONE_NEWTIME);
	t->monotonic = to_time_ns(old)->monotonic;
	t->boottime = to_time_ns(old)->boottime;
	return &t->ns;
}

bool current_in_timens(void)
{
	return current_nsproxy()->time_ns != &init_time_ns.ns;
}

s64 timens_offset(int clk)
{
	struct time_namespace *t = to_time_ns(current_nsproxy()->time_ns);

	switch (clk) {
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
		return t->monotonic;
	case CLOCK_BOOTTIME:
	case CLOCK_BOOTTIME_ALARM:
		return t->boottime;
	}
	return 0;
}

void timens_enter(struct ns_common *ns, struct mm_struct *mm)
{
	to_time_ns(ns)->frozen = true;
	if (mm)
		vdso_join_timens(mm, ns != &init_time_ns.ns);
}

/* The namespace @p's next children enter, referenced, or NULL. */
static struct time_namespace *children_time_ns(struct task_struct *p)
{
	struct nsproxy *nsp = task_nsproxy(p);
	struct ns_common *ns;

	if (!nsp)
		return NULL;
	ns = get_ns(nsp->time_ns_for_children);
	put_nsproxy(nsp);
	return to_time_ns(ns);
}

static void print_offset(struct seq_buf *m, const char *name, s64 off)
{
	s64 sec = off / (s64)NSEC_PER_SEC, nsec = off % (s64)NSEC_PER_SEC;

	if (nsec < 0) {		/* Linux prints a timespec: nsec >= 0 */
		sec--;
		nsec += NSEC_PER_SEC;
	}
	seq_printf(m, "%s %lld %lld\n", name, (long long)sec, (long long)nsec);
}

int timens_offsets_show(struct task_struct *p, struct seq_buf *m)
{
	struct time_namespace *t = children_time_ns(p);

	if (!t)
		return -ESRCH;
	print_offset(m, "monotonic", t->monotonic);
	print_offset(m, "boottime", t->boottime);
	put_ns(&t->ns);
	return 0;
}

/* One "<clock> <sec> <nsec>" line (clock a number or "monotonic",
 * "boottime"): which offset and its value. 0 or -EINVAL. */
static int parse_offset(char *line, int *clk, s64 *off)
{
	char *f[3];
	s64 sec, nsec;
	int n = 0;

	for (char *p = line; *p && n < 3; ) {
		while (*p == ' ' || *p == '\t')
			*p++ = '\0';
		if (*p)
			f[n++] = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
	}
	if (n != 3 || kstrtoll(f[1], 10, &sec) || kstrtoll(f[2], 10, &nsec))
		return -EINVAL;
	if (!strcmp(f[0], "monotonic"))
		*clk = CLOCK_MONOTONIC;
	else if (!strcmp(f[0], "boottime"))
		*clk = CLOCK_BOOTTIME;
	else if (kstrtoint(f[0], 10, clk))
		return -EINVAL;
	if ((*clk != CLOCK_MONOTONIC && *clk != CLOCK_BOOTTIME) ||
	    nsec < 0 || nsec >= (s64)NSEC_PER_SEC)
		return -EINVAL;
	if (sec > (s64)(~0ull >> 2) / (s64)NSEC_PER_SEC ||
	    sec < -(s64)(~0ull >> 2) / (s64)NSEC_PER_SEC)
		return -ERANGE;
	*off = sec * (s64)NSEC_PER_SEC + nsec;
	return 0;
}

/* Parse every line of @buf into @t's offsets; -ERANGE when one would
 * put its clock before zero. */
static int set_offsets(struct time_namespace *t, char *buf)
{
	s64 mono = t->monotonic, boot = t->boottime, off;
	char *line = buf, *nl;
	int clk, err;

	for (; *line; line = nl) {
		nl = strchr(line, '\n');
		if (nl)
			*nl++ = '\0';
		else
			nl = line + strlen(line);
		if (!*line)
			continue;
		err = parse_offset(line, &clk, &off);
		if (err)
			return err;
		if ((s64)ktime_get_ns() + off < 0)
			return -ERANGE;
		*(clk == CLOCK_MONOTONIC ? &mono : &boot) = off;
	}
	t->monotonic = mono;
	t->boottime = boot;
	return 0;
}

int timens_offsets_write(struct task_struct *p, const char *buf, size_t len)
{
	struct time_namespace *t;
	char *copy;
	int err;

	if (!capable(CAP_SYS_TIME))
		return -EPERM;
	t = children_time_ns(p);
	if (!t)
		return -ESRCH;
	copy = kmalloc(len + 1, GFP_KERNEL);
	err = copy ? 0 : -ENOMEM;
	if (copy) {
		memcpy(copy, buf, len);
		copy[len] = '\0';
		err = t->frozen ? -EACCES : set_offsets(t, copy);
	}
	kfree(copy);
	put_ns(&t->ns);
	return err;
}
