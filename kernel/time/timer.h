/*
 * The periodic timer tick (HZ per second on every CPU) and kernel timers:
 * a function to run in softirq context once jiffies reach a deadline.
 * Sleeping with a timeout (msleep, schedule_timeout) is built on them.
 */
#ifndef KERNEL_TIMER_H
#define KERNEL_TIMER_H

#include "kernel/time/time.h"
#include "lib/list.h"
#include "asm/ptrace.h"

struct timer_list {
	struct list_head entry;		/* in the pending list, by expiry */
	u64 expires;			/* jiffies */
	void (*function)(void *data);	/* runs in softirq context */
	void *data;
};

/* Called from the timer interrupt on every CPU (hardirq context). */
void timer_tick(struct pt_regs *regs);
/* Prepare @timer to call @fn(@data). */
void timer_setup(struct timer_list *timer, void (*fn)(void *), void *data);
/* (Re)arm @timer to fire at jiffies == @expires. */
void mod_timer(struct timer_list *timer, u64 expires);
/* Disarm @timer and wait for its handler; when this returns the timer
 * is neither pending nor running, even if the handler re-armed it.
 * True if it was pending. */
bool del_timer(struct timer_list *timer);
/* Boot: hook the timer softirq. */
void timers_init(void);

#endif
