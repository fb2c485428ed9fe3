/*
 * The interrupt descriptor table: one interrupt gate per vector, each
 * pointing at its stub in entry.S. Interrupt gates clear IF, so every
 * handler starts with interrupts off. Four vectors run on their own IST
 * stack (Linux's set): #DB, NMI, #DF and #MC.
 */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/segment.h"
#include "asm/irq.h"
#include "lib/types.h"

#define GATE_INTERRUPT 0x8e	/* present, DPL 0, 64-bit interrupt gate */
#define GATE_USER 0x60		/* DPL 3: reachable with int from ring 3 */

struct idt_gate {
	u16 offset_low;
	u16 segment;
	u8 ist;
	u8 type_attr;
	u16 offset_mid;
	u32 offset_high;
	u32 reserved;
} __packed;

struct idt_ptr {
	u16 size;
	u64 address;
} __packed;

extern const u64 idt_stubs[256];
static struct idt_gate idt_table[256] __aligned(16);

/* IST slot (1-based, as in the gate) for the vectors that have one. */
static u8 ist_of(unsigned int vector)
{
	switch (vector) {
	case X86_TRAP_DF: return IST_INDEX_DF + 1;
	case X86_TRAP_NMI: return IST_INDEX_NMI + 1;
	case X86_TRAP_DB: return IST_INDEX_DB + 1;
	case X86_TRAP_MC: return IST_INDEX_MCE + 1;
	default: return 0;
	}
}

static void set_gate(unsigned int vector, u64 addr, u8 ist, u8 attr)
{
	struct idt_gate *g = &idt_table[vector];

	g->offset_low = addr & 0xffff;
	g->segment = __KERNEL_CS;
	g->ist = ist;
	g->type_attr = attr;
	g->offset_mid = (addr >> 16) & 0xffff;
	g->offset_high = addr >> 32;
	g->reserved = 0;
}

/* Fill the (shared) IDT once, on the boot CPU. */
void idt_setup(void)
{
	for (unsigned int v = 0; v < 256; v++)
		set_gate(v, idt_stubs[v], ist_of(v), GATE_INTERRUPT);
	/* int3 and into may be used from user mode, as on Linux. */
	set_gate(X86_TRAP_BP, idt_stubs[X86_TRAP_BP], 0,
		 GATE_INTERRUPT | GATE_USER);
	set_gate(X86_TRAP_OF, idt_stubs[X86_TRAP_OF], 0,
		 GATE_INTERRUPT | GATE_USER);
}

/* Load the IDT on this CPU. */
void idt_load(void)
{
	struct idt_ptr p = { sizeof(idt_table) - 1, (u64)idt_table };

	__asm__ __volatile__("lidt %0" : : "m"(p));
}
