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
	return LOGLEVEL_DEFAULT;
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
	if (level < console_loglevel) {
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
#define SYSLOG_ACTION_READ_ALL 3
#define SYSLOG_ACTION_CLEAR 5
#define SYSLOG_ACTION_CONSOLE_LEVEL 8
#define SYSLOG_ACTION_SIZE_UNREAD 9
#define SYSLOG_ACTION_SIZE_BUFFER 10

static u64 log_cleared;		/* SYSLOG_ACTION_CLEAR: read from here on */

/* syslog(2), for dmesg: the log's text with its "<level>" prefixes.
 * Reading it all and its size are anyone's (Linux's dmesg_restrict 0);
 * what changes the log or the console is root's (CAP_SYSLOG): EPERM. */
long sys_syslog(int type, char __user *ubuf, int len)
{
	char *tmp;
	size_t n;

	if (type != SYSLOG_ACTION_READ_ALL && type != SYSLOG_ACTION_SIZE_BUFFER &&
	    !capable(CAP_SYSLOG))
		return -EPERM;
	switch (type) {
	case SYSLOG_ACTION_READ_ALL:
		if (len < 0)
			return -EINVAL;
		tmp = kmalloc(LOG_BUF_LEN, GFP_KERNEL);
		if (!tmp)
			return -ENOMEM;
		n = log_read(tmp, MIN((size_t)len, (size_t)LOG_BUF_LEN), log_cleared);
		n = copy_to_user(ubuf, tmp, n) ? (size_t)-EFAULT : n;
		kfree(tmp);
		return (long)n;
	case SYSLOG_ACTION_CLEAR:
		log_cleared = log_next;
		return 0;
	case SYSLOG_ACTION_CONSOLE_LEVEL:
		if (len < 1 || len > 8)
			return -EINVAL;
		console_loglevel = len;
		return 0;
	case SYSLOG_ACTION_SIZE_UNREAD:
		return (long)(log_next - log_cleared);
	case SYSLOG_ACTION_SIZE_BUFFER:
		return LOG_BUF_LEN;
	default:
		return -EINVAL;
	}
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
