/*
 * printk: format a message, stamp it with the time since boot, keep it in
 * the log ring buffer (log_buf, read by dmesg and by gdb's tb-dmesg) and
 * write it to the consoles when its level is below console_loglevel.
 *
 * The ring is plain text, one "<level>[seconds.micros] message\n" line
 * after another; log_next counts every byte ever written, so the ring holds
 * bytes [log_next - LOG_BUF_LEN, log_next).
 */
#include "kernel/cred.h"
#include "kernel/printk/printk.h"
#include "kernel/module/module.h"
#include "kernel/tty/console.h"
#include "kernel/locking/spinlock.h"
#include "kernel/time/time.h"
#include "lib/string.h"
#include "lib/vsprintf.h"
#include "kernel/mm/slab.h"
#include "kernel/uaccess.h"
#include "lib/errno.h"
#include "lib/bug.h"
#include "kernel/locking/lockdep.h"
#include "kernel/module/module.h"

#define LOG_BUF_LEN (64 * 1024)

char log_buf[LOG_BUF_LEN];
u64 log_next;
int console_loglevel = 7;	/* print levels 0-6; "quiet" sets 4 */
/* The other three of /proc/sys/kernel/printk's levels (Linux's
 * console_printk[]): the level of a message without one (Taskbase's
 * unlevelled messages are informational, so 6 where Linux says 4), the
 * lowest console level syslog(2) may set, and the boot's console level. */
static int default_message_loglevel = LOGLEVEL_DEFAULT;
static int minimum_console_loglevel = 1;
static int default_console_loglevel = 7;
int dmesg_restrict;		/* 1: reading the log needs CAP_SYSLOG */
static DEFINE_SPINLOCK(printk_lock);
static bool line_open;		/* the last message did not end its line */

static void log_store(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		log_buf[log_next++ % LOG_BUF_LEN] = s[i];
}

/*
 * Split a leading "<n>" level off the formatted @text (as Linux does, after
 * formatting, so printk("%sCall Trace:", KERN_EMERG) works too).
 */
static int parse_level(const char **text)
{
	const char *t = *text;

	if (t[0] == '<' && t[1] >= '0' && t[1] <= '7' && t[2] == '>') {
		*text = t + 3;
		return t[1] - '0';
	}
	return READ_ONCE(default_message_loglevel);
}

static size_t format_prefix(char *buf, size_t size, int level)
{
	u64 ns = ktime_get_ns();

	return scnprintf(buf, size, "<%d>[%5lu.%06lu] ", level,
			 (unsigned long)(ns / 1000000000),
			 (unsigned long)(ns / 1000 % 1000000));
}

/* Kernel messages end lines with \n; a terminal wants \r\n. */
static void console_write_crlf(const char *text, size_t n)
{
	if (n && text[n - 1] == '\n') {
		console_write(text, n - 1);
		console_write("\r\n", 2);
	} else {
		console_write(text, n);
	}
}

/* Store and print one line (or the start of one); printk_lock held. */
static void emit_line(const char *text, size_t n, int level)
{
	char prefix[32];
	size_t plen = 0;

	lockdep_assert_held(&printk_lock);
	if (!line_open) {
		plen = format_prefix(prefix, sizeof(prefix), level);
		log_store(prefix, plen);
	}
	log_store(text, n);
	if (level < READ_ONCE(console_loglevel)) {
		if (plen)	/* consoles get the time stamp, not "<n>" */
			console_write(prefix + 3, plen - 3);
		console_write_crlf(text, n);
	}
	if (n)
		line_open = text[n - 1] != '\n';
}

/* Each line of a message gets its own level and time stamp. */
static void emit(const char *text, int level)
{
	while (*text) {
		const char *nl = strchr(text, '\n');
		size_t n = nl ? (size_t)(nl - text) + 1 : strlen(text);

		emit_line(text, n, level);
		text += n;
	}
}

void printk_bust_lock(void)
{
	spin_lock_init(&printk_lock, "printk");
}

/* printk() with a va_list: store the line in the log and print it on the
 * consoles. Any context; a nested call (an oops inside printk) still prints. */
int vprintk(const char *fmt, va_list ap)
{
	char buf[512];
	const char *text = buf;
	unsigned long flags = 0;
	bool nested = spin_is_locked_by_me(&printk_lock);
	int level;

	vscnprintf(buf, sizeof(buf), fmt, ap);
	level = parse_level(&text);
	/* A panic or oops inside printk must still get its message out. */
	if (!nested)
		flags = spin_lock_irqsave(&printk_lock);
	emit(text, level);
	if (!nested)
		spin_unlock_irqrestore(&printk_lock, flags);
	return (int)strlen(text);
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}
EXPORT_SYMBOL(printk);

/*
 * Copy the log into @buf from byte @pos on (0 = oldest kept); returns the
 * bytes copied. For dmesg/syslog.
 */
size_t log_read(char *buf, size_t size, u64 pos)
{
	u64 start = log_next > LOG_BUF_LEN ? log_next - LOG_BUF_LEN : 0;
	size_t n = 0;

	for (u64 i = MAX(start, pos); i < log_next && n < size; i++)
		buf[n++] = log_buf[i % LOG_BUF_LEN];
	return n;
}

/* syslog(2) actions (Linux's include/linux/syslog.h). */
enum {
	SYSLOG_ACTION_CLOSE, SYSLOG_ACTION_OPEN, SYSLOG_ACTION_READ,
	SYSLOG_ACTION_READ_ALL, SYSLOG_ACTION_READ_CLEAR, SYSLOG_ACTION_CLEAR,
	SYSLOG_ACTION_CONSOLE_OFF, SYSLOG_ACTION_CONSOLE_ON,
	SYSLOG_ACTION_CONSOLE_LEVEL, SYSLOG_ACTION_SIZE_UNREAD,
	SYSLOG_ACTION_SIZE_BUFFER,
};

static u64 log_cleared;		/* SYSLOG_ACTION_CLEAR: read from here on */
static u64 syslog_pos;		/* SYSLOG_ACTION_READ's next byte */
static int saved_console_loglevel = -1;	/* CONSOLE_OFF's, -1: none */

/* Reading the whole log and its size are anyone's unless dmesg_restrict;
 * everything else is CAP_SYSLOG's (or CAP_SYS_ADMIN's, as Linux still
 * allows): EPERM. */
static int check_syslog_permissions(int type)
{
	if (!READ_ONCE(dmesg_restrict) && (type == SYSLOG_ACTION_READ_ALL ||
					   type == SYSLOG_ACTION_SIZE_BUFFER))
		return 0;
	return capable(CAP_SYSLOG) || capable(CAP_SYS_ADMIN) ? 0 : -EPERM;
}

/* The oldest byte still in the ring. */
static u64 log_first(void)
{
	return log_next > LOG_BUF_LEN ? log_next - LOG_BUF_LEN : 0;
}

/* Copy at most @len bytes of the log from @*pos on to @ubuf, starting at
 * a line's beginning; @newest: the last lines that fit (READ_ALL), else
 * the first (READ, which moves @*pos on). */
static long syslog_copy(char __user *ubuf, int len, u64 *pos, bool newest)
{
	u64 from = MAX(*pos, log_first());
	char *tmp;
	size_t n;

	if (newest && log_next - from > (u64)len) {
		from = log_next - (u64)len;
		while (from < log_next && log_buf[(from - 1) % LOG_BUF_LEN] != '\n')
			from++;
	}
	tmp = kmalloc(LOG_BUF_LEN, GFP_KERNEL);
	if (!tmp)
		return -ENOMEM;
	n = log_read(tmp, MIN((size_t)len, (size_t)LOG_BUF_LEN), from);
	if (!newest)
		*pos = from + n;
	n = copy_to_user(ubuf, tmp, n) ? (size_t)-EFAULT : n;
	kfree(tmp);
	return (long)n;
}

/* SYSLOG_ACTION_READ: wait for bytes not yet read this way, then take
 * them. printk may run anywhere, even under the scheduler's locks, so it
 * wakes no one: the reader looks again every 10 ms. */
static long syslog_read(char __user *ubuf, int len)
{
	if (!ubuf || len < 0)
		return -EINVAL;
	if (!len)
		return 0;
	while (MAX(READ_ONCE(syslog_pos), log_first()) == READ_ONCE(log_next))
		if (msleep_interruptible(10))
			return -ERESTARTSYS;
	return syslog_copy(ubuf, len, &syslog_pos, false);
}

static long syslog_read_all(char __user *ubuf, int len, bool clear)
{
	u64 pos = log_cleared;
	long n;

	if (!ubuf || len < 0)
		return -EINVAL;
	if (!len)
		return 0;
	n = syslog_copy(ubuf, len, &pos, true);
	if (n >= 0 && clear)
		log_cleared = log_next;
	return n;
}

/* SYSLOG_ACTION_CONSOLE_*: OFF keeps only the most urgent messages on the
 * console until ON brings the level back; LEVEL sets it (1-8, at least
 * minimum_console_loglevel). */
static long syslog_console(int type, int len)
{
	switch (type) {
	case SYSLOG_ACTION_CONSOLE_OFF:
		if (saved_console_loglevel == -1)
			saved_console_loglevel = console_loglevel;
		WRITE_ONCE(console_loglevel, minimum_console_loglevel);
		return 0;
	case SYSLOG_ACTION_CONSOLE_ON:
		if (saved_console_loglevel != -1) {
			WRITE_ONCE(console_loglevel, saved_console_loglevel);
			saved_console_loglevel = -1;
		}
		return 0;
	default:
		if (len < 1 || len > 8)
			return -EINVAL;
		WRITE_ONCE(console_loglevel, MAX(len, minimum_console_loglevel));
		saved_console_loglevel = -1;
		return 0;
	}
}

/* syslog(2), for dmesg: the log's text with its "<level>" prefixes, and
 * the console's level. Linux's actions and errnos (do_syslog()). */
long sys_syslog(int type, char __user *ubuf, int len)
{
	int err = check_syslog_permissions(type);

	if (err)
		return err;
	switch (type) {
	case SYSLOG_ACTION_CLOSE:
	case SYSLOG_ACTION_OPEN:
		return 0;
	case SYSLOG_ACTION_READ:
		return syslog_read(ubuf, len);
	case SYSLOG_ACTION_READ_ALL:
	case SYSLOG_ACTION_READ_CLEAR:
		return syslog_read_all(ubuf, len, type == SYSLOG_ACTION_READ_CLEAR);
	case SYSLOG_ACTION_CLEAR:
		log_cleared = log_next;
		return 0;
	case SYSLOG_ACTION_CONSOLE_OFF:
	case SYSLOG_ACTION_CONSOLE_ON:
	case SYSLOG_ACTION_CONSOLE_LEVEL:
		return syslog_console(type, len);
	case SYSLOG_ACTION_SIZE_UNREAD:
		return (long)(log_next - MAX(syslog_pos, log_first()));
	case SYSLOG_ACTION_SIZE_BUFFER:
		return LOG_BUF_LEN;
	default:
		return -EINVAL;
	}
}

void console_levels_get(int levels[4])
{
	levels[0] = READ_ONCE(console_loglevel);
	levels[1] = READ_ONCE(default_message_loglevel);
	levels[2] = READ_ONCE(minimum_console_loglevel);
	levels[3] = READ_ONCE(default_console_loglevel);
}

void console_levels_set(const int *levels, int n)
{
	int *vars[] = { &console_loglevel, &default_message_loglevel,
			&minimum_console_loglevel, &default_console_loglevel };

	for (int i = 0; i < n && i < 4; i++)
		WRITE_ONCE(*vars[i], levels[i]);
}

bool __ratelimit(struct ratelimit_state *rs, u64 *missed)
{
	u64 now = jiffies;

	if (now < READ_ONCE(rs->next_jiffies)) {
		atomic_long_add(1, &rs->missed);
		return false;
	}
	WRITE_ONCE(rs->next_jiffies, now + HZ);
	*missed = atomic_long_xchg(&rs->missed, 0);
	return true;
}
EXPORT_SYMBOL(__ratelimit);
