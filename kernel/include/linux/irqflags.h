/* Turning this CPU's interrupts off and on (arch/x86_64/irqflags.h). */
#ifndef _LINUX_IRQFLAGS_H
#define _LINUX_IRQFLAGS_H

#include "asm/irqflags.h"

#define local_irq_disable() arch_local_irq_disable()
#define local_irq_enable() arch_local_irq_enable()
#define local_irq_save(flags) ((flags) = arch_local_irq_save())
#define local_irq_restore(flags) arch_local_irq_restore(flags)
#define irqs_disabled() arch_irqs_disabled()

#endif
