/*
 * printk() and the pr_*() family, Linux's way: pr_info(fmt, ...) prints
 * pr_fmt(fmt), so a module that defines pr_fmt before its includes gets
 * its prefix on every line (commonly KBUILD_MODNAME ": "). Messages go to
 * Taskbase's log (kernel/printk/printk.c), whose "<n>" level prefix is
 * what KERN_* expand to here; dmesg shows the level and time stamp.
 * pr_debug() prints only when DEBUG is defined (Taskbase has no dynamic
 * debug), as Linux without CONFIG_DYNAMIC_DEBUG.
 */
#ifndef _LINUX_PRINTK_H
#define _LINUX_PRINTK_H

#include <linux/types.h>
#include "kernel/printk/printk.h"

#ifndef pr_fmt
#define pr_fmt(fmt) fmt
#endif

/* Taskbase has no continuation records: a KERN_CONT piece is a message. */
#define KERN_CONT ""
#define KERN_DEFAULT ""

#define LOGLEVEL_EMERG 0
#define LOGLEVEL_ALERT 1
#define LOGLEVEL_CRIT 2
#define LOGLEVEL_ERR 3
#define LOGLEVEL_WARNING 4
#define LOGLEVEL_NOTICE 5
#define LOGLEVEL_INFO 6
#define LOGLEVEL_DEBUG 7

/* Checked like printk, printed never. */
#define no_printk(fmt, ...) ({ if (0) printk(fmt, ##__VA_ARGS__); 0; })

#undef pr_emerg
#undef pr_err
#undef pr_warn
#undef pr_notice
#undef pr_info
#undef pr_debug
#define pr_emerg(fmt, ...) printk(KERN_EMERG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_alert(fmt, ...) printk(KERN_ALERT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_crit(fmt, ...) printk(KERN_CRIT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_err(fmt, ...) printk(KERN_ERR pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...) printk(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warning pr_warn
#define pr_notice(fmt, ...) printk(KERN_NOTICE pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(fmt, ...) printk(KERN_INFO pr_fmt(fmt), ##__VA_ARGS__)
#define pr_cont(fmt, ...) printk(KERN_CONT fmt, ##__VA_ARGS__)
#define pr_default(fmt, ...) printk(KERN_DEFAULT pr_fmt(fmt), ##__VA_ARGS__)
#ifdef DEBUG
#define pr_debug(fmt, ...) printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_devel(fmt, ...) printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#else
#define pr_debug(fmt, ...) no_printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_devel(fmt, ...) no_printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#endif

/* At most one message a second from this call site (kernel's __ratelimit). */
#define printk_ratelimited(fmt, ...)					\
	({								\
		static struct ratelimit_state __rs;			\
		u64 __missed;						\
		if (__ratelimit(&__rs, &__missed))			\
			printk(fmt, ##__VA_ARGS__);			\
	})
#define pr_emerg_ratelimited(fmt, ...) printk_ratelimited(KERN_EMERG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_alert_ratelimited(fmt, ...) printk_ratelimited(KERN_ALERT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_crit_ratelimited(fmt, ...) printk_ratelimited(KERN_CRIT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_err_ratelimited(fmt, ...) printk_ratelimited(KERN_ERR pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn_ratelimited(fmt, ...) printk_ratelimited(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)
#define pr_notice_ratelimited(fmt, ...) printk_ratelimited(KERN_NOTICE pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info_ratelimited(fmt, ...) printk_ratelimited(KERN_INFO pr_fmt(fmt), ##__VA_ARGS__)

/* Print once per call site. */
#define printk_once(fmt, ...)						\
	({								\
		static bool __done;					\
		if (!__done) {						\
			__done = true;					\
			printk(fmt, ##__VA_ARGS__);			\
		}							\
	})
#define pr_err_once(fmt, ...) printk_once(KERN_ERR pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn_once(fmt, ...) printk_once(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info_once(fmt, ...) printk_once(KERN_INFO pr_fmt(fmt), ##__VA_ARGS__)

/* Print the caller's kernel stack (arch/x86_64/stacktrace.c). */
void dump_stack(void);

/* The console's log level (kernel/printk/printk.c). */
extern int console_loglevel;

#endif
