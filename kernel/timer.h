/*
 * The periodic timer tick (HZ per second on every CPU): jiffies, the
 * scheduler's time slices, and timer softirq work.
 */
#ifndef KERNEL_TIMER_H
#define KERNEL_TIMER_H

#include "kernel/time.h"
#include "arch/x86_64/ptrace.h"

/* Called from the timer interrupt on every CPU (hardirq context). */
void timer_tick(struct pt_regs *regs);

#endif
