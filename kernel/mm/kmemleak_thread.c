/*
 * The [kmemleak] thread (Linux's kmemleak_scan_thread()): a scan of
 * kernel/mm/kmemleak.c a minute after boot, then every ten minutes, so
 * that a leak is reported with no one writing "scan"; "scan=on", "off"
 * or "<secs>" written to /proc/kmemleak starts, stops or times it.
 */
#ifdef CONFIG_DEBUG_KMEMLEAK

#include "kernel/mm/kmemleak.h"
#include "kernel/kthread.h"
#include "kernel/locking/mutex.h"
#include "kernel/printk/printk.h"
#include "kernel/sched/sched.h"
#include "kernel/task.h"
#include "kernel/time/time.h"
#include "lib/errno.h"
#include "lib/string.h"

#define SECS_FIRST_SCAN 60		/* after boot, as Linux */
#define SECS_SCAN_WAIT 600		/* then every ten minutes */

static struct task_struct *scan_thread;
static unsigned int scan_secs = SECS_SCAN_WAIT;
static bool first_run = true;
static DEFINE_MUTEX(scan_thread_mutex);	/* starts and stops */

/* Sleep @secs seconds, or until kthread_stop() (whose wake-up
 * msleep_interruptible() would sleep through); false when stopped. */
static bool scan_wait(unsigned int secs)
{
	u64 end = jiffies + (u64)secs * HZ;

	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (kthread_should_stop() || jiffies >= end)
			break;
		schedule_timeout(end - jiffies);
	}
	__set_current_state(TASK_RUNNING);
	return !kthread_should_stop();
}

static int kmemleak_scan_thread(void *unused)
{
	if (first_run) {
		first_run = false;
		if (!scan_wait(SECS_FIRST_SCAN))
			return 0;
	}
	do {
		kmemleak_scan();
	} while (scan_wait(READ_ONCE(scan_secs)));
	return 0;
}

/* Start the thread unless it runs, kmemleak is off or the period is 0. */
static void start_scan_thread(void)
{
	mutex_lock(&scan_thread_mutex);
	if (!scan_thread && kmemleak_enabled()) {
		scan_thread = kthread_run(kmemleak_scan_thread, NULL, "kmemleak");
		if (!scan_thread)
			pr_warn("kmemleak: Failed to create the scan thread\n");
	}
	mutex_unlock(&scan_thread_mutex);
}

static void stop_scan_thread(void)
{
	mutex_lock(&scan_thread_mutex);
	if (scan_thread) {
		kthread_stop(scan_thread);
		scan_thread = NULL;
	}
	mutex_unlock(&scan_thread_mutex);
}

void kmemleak_late_init(void)
{
	start_scan_thread();
}

int kmemleak_set_scan(const char *arg)
{
	unsigned int secs;

	if (!strcmp(arg, "on")) {
		start_scan_thread();
	} else if (!strcmp(arg, "off")) {
		stop_scan_thread();	/* the period stays, for "on" */
	} else if (kstrtouint(arg, 10, &secs)) {
		return -EINVAL;
	} else {
		stop_scan_thread();
		if (secs) {		/* 0 stops, as Linux */
			WRITE_ONCE(scan_secs, secs);
			start_scan_thread();
		}
	}
	return 0;
}

#endif
