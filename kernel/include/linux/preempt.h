/*
 * preempt_count and the context tests (in_task(), in_interrupt(), ...),
 * Taskbase's own: kernel/preempt.h keeps Linux's bit layout.
 */
#ifndef _LINUX_PREEMPT_H
#define _LINUX_PREEMPT_H

#include <linux/types.h>
#include "kernel/preempt.h"

#define in_irq() in_hardirq()
#define preemptible() (preempt_count() == 0 && !irqs_disabled())
#define preempt_disable_notrace() preempt_disable()
#define preempt_enable_notrace() preempt_enable()

#include <linux/irqflags.h>

#endif
