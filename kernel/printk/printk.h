/*
 * printk: the kernel's log. Messages carry a Linux log level, go to every
 * console (serial, VGA) and into a ring buffer that dmesg and the gdb
 * helpers read. pr_info() and friends are the usual shorthands.
 */
#ifndef KERNEL_PRINTK_H
#define KERNEL_PRINTK_H

#include "lib/atomic.h"
#include "lib/types.h"

/* Linux's levels, as the "<n>" prefix of a message. */
#define KERN_EMERG "<0>"
#define KERN_ALERT "<1>"
#define KERN_CRIT "<2>"
#define KERN_ERR "<3>"
#define KERN_WARNING "<4>"
#define KERN_NOTICE "<5>"
#define KERN_INFO "<6>"
#define KERN_DEBUG "<7>"
#define LOGLEVEL_DEFAULT 6

/* Log a message; a leading KERN_* sets its level (default KERN_INFO). */
__printf(1, 2) int printk(const char *fmt, ...);
int vprintk(const char *fmt, va_list ap);
/*
 * panic() only, once the other CPUs are stopped: one of them may have
 * been stopped holding the log's lock, so take the lock over (Linux's
 * bust_spinlocks) and let the panic's last lines out.
 */
void printk_bust_lock(void);

/*
 * At most one message a second from one call site, so that a flood (an
 * allocation failing or a process killed thousands of times a second)
 * cannot stall the console. Linux has the same idea in __ratelimit().
 *
 *	static struct ratelimit_state rs;
 *	u64 missed;
 *	if (__ratelimit(&rs, &missed))
 *		pr_warn("... (and %lu not shown)\n", missed);
 */
struct ratelimit_state {
	u64 next_jiffies;	/* no message before this tick */
	atomic_long_t missed;	/* refused since the last message */
};

/* May the caller print now? If so, *@missed is how many it was refused
 * since its last message. Callable from any context. */
bool __ratelimit(struct ratelimit_state *rs, u64 *missed);

/* Copy the log from byte @pos on (0 = the oldest kept) into @buf;
 * returns the bytes copied (dmesg, /dev/kmsg). */
size_t log_read(char *buf, size_t size, u64 pos);

/*
 * /proc/sys/kernel/printk's four levels, in its order: console_loglevel
 * (messages below it reach the console), default_message_loglevel,
 * minimum_console_loglevel, default_console_loglevel. Set stores the
 * first @n of @levels, unchecked, as Linux's proc_dointvec().
 */
void console_levels_get(int levels[4]);
void console_levels_set(const int *levels, int n);
/* /proc/sys/kernel/dmesg_restrict: 1 keeps the log from all but CAP_SYSLOG. */
extern int dmesg_restrict;

#define pr_emerg(...) printk(KERN_EMERG __VA_ARGS__)
#define pr_err(...) printk(KERN_ERR __VA_ARGS__)
#define pr_warn(...) printk(KERN_WARNING __VA_ARGS__)
#define pr_notice(...) printk(KERN_NOTICE __VA_ARGS__)
#define pr_info(...) printk(KERN_INFO __VA_ARGS__)
#define pr_debug(...) printk(KERN_DEBUG __VA_ARGS__)

/* kptr_restrict: how printk's %pK shows addresses (kernel/printk/pointer.c,
 * /proc/sys/kernel/kptr_restrict): 0, 1 or 2, as Linux. */
int get_kptr_restrict(void);
/* Set it: 0, or -EINVAL outside 0..2. */
int set_kptr_restrict(int value);

#endif
