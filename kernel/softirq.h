/*
 * Softirqs: work an interrupt handler defers to just after it returns,
 * with interrupts enabled again (Linux's bottom halves). They run in
 * softirq context: in_softirq() and in_serving_softirq() are true and
 * in_task() is false, still on the interrupt's stack.
 */
#ifndef KERNEL_SOFTIRQ_H
#define KERNEL_SOFTIRQ_H

#include "lib/types.h"

enum {
	TIMER_SOFTIRQ,		/* timer tick work, wake-ups of sleepers */
	SCHED_SOFTIRQ,		/* scheduler bookkeeping */
	TEST_SOFTIRQ,		/* used by the self-tests */
	NR_SOFTIRQS
};

/* Install @action for softirq @nr (boot time). */
void open_softirq(unsigned int nr, void (*action)(void));
/* Mark @nr pending on this CPU; it runs at the next irq_exit(). */
void raise_softirq(unsigned int nr);
/* Run pending softirqs now (interrupts off on entry and exit). */
void do_softirq(void);
/* Names for /proc/softirqs and the demos. */
const char *softirq_name(unsigned int nr);

#endif
