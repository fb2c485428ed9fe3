/*
 * Interrupts, for modules: only the context tests and irqflags so far
 * (Taskbase does not let a module request an IRQ line).
 */
#ifndef _LINUX_INTERRUPT_H
#define _LINUX_INTERRUPT_H

#include <linux/preempt.h>
#include <linux/irqflags.h>

#endif
