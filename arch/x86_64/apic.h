/*
 * The local APIC (one per CPU: timer, IPIs, end-of-interrupt) and the
 * IOAPIC (routes device interrupts to CPUs). The legacy 8259 PICs are
 * remapped and masked at boot so they never raise anything.
 */
#ifndef ARCH_X86_64_APIC_H
#define ARCH_X86_64_APIC_H

#include "lib/types.h"

/* Mask both 8259 PICs (after moving their vectors off the exceptions). */
void pic_disable(void);
/* Enable this CPU's local APIC (x2APIC mode when the CPU has it). */
void lapic_init(u64 lapic_phys);
u32 lapic_id(void);
void lapic_eoi(void);
/* Measure the APIC timer against the TSC (boot CPU, once). */
void lapic_timer_calibrate(void);
/* Start this CPU's periodic timer at HZ on LOCAL_TIMER_VECTOR. */
void lapic_timer_start(void);
/* Send @vector to the CPU with @apic_id. */
void lapic_send_ipi(u32 apic_id, u32 vector);
/* Send an NMI to every CPU but this one / to every CPU. */
void lapic_send_nmi_allbutself(void);
void lapic_send_nmi_all(void);
/* INIT and STARTUP IPIs for bringing up an application processor. */
void lapic_send_init(u32 apic_id);
void lapic_send_startup(u32 apic_id, u32 page);
bool lapic_x2apic_mode(void);

/* Take over the IOAPIC at @phys handling GSIs from @gsi_base; mask all. */
void ioapic_init(u64 phys, u32 gsi_base);
/* ISA IRQ @irq arrives on @gsi with MPS INTI @flags (ACPI MADT). */
void ioapic_set_isa_override(unsigned int irq, u32 gsi, u16 flags);
/* Deliver ISA IRQ @irq as @vector to the boot CPU, unmasked. */
void ioapic_route_irq(unsigned int irq, unsigned int vector);

#endif
