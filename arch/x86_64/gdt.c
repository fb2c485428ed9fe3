/*
 * Per-CPU GDT and TSS. Segmentation is mostly off in long mode, but the
 * CPU still needs code/data descriptors for each privilege level and a
 * TSS holding the stack pointers it switches to: rsp0 for an interrupt
 * from user mode, ist[] for the exceptions that must never run on a
 * possibly broken stack (#DF, NMI, #DB, #MC).
 */
#include "arch/x86_64/cpu.h"
#include "asm/percpu.h"
#include "lib/bug.h"
#include "lib/string.h"

/* Descriptor bits: flat 4 GiB, present, code/data, DPL, L (64-bit). */
#define DESC_KERNEL32_CS 0x00cf9b000000ffffull
#define DESC_KERNEL_CS 0x00af9b000000ffffull
#define DESC_KERNEL_DS 0x00cf93000000ffffull
#define DESC_USER32_CS 0x00cffb000000ffffull
#define DESC_USER_DS 0x00cff3000000ffffull
#define DESC_USER_CS 0x00affb000000ffffull
#define DESC_TSS_AVAILABLE 0x89ull	/* present, 64-bit TSS */

struct desc_ptr {
	u16 size;
	u64 address;
} __packed;

/* A 16-byte system descriptor for @tss in GDT slots @i and @i + 1. */
static void set_tss_desc(u64 *gdt, int i, const struct tss_struct *tss)
{
	u64 base = (u64)tss, limit = sizeof(*tss) - 1;

	gdt[i] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
		 (DESC_TSS_AVAILABLE << 40) | (((limit >> 16) & 0xf) << 48) |
		 (((base >> 24) & 0xff) << 56);
	gdt[i + 1] = base >> 32;
}

static void load_segments(const u64 *gdt)
{
	struct desc_ptr p = { GDT_ENTRIES * 8 - 1, (u64)gdt };

	__asm__ __volatile__("lgdt %0" : : "m"(p));
	/* Reload CS with a far return, then the data segments. */
	__asm__ __volatile__("pushq %0\n\t"
			     "leaq 1f(%%rip), %%rax\n\t"
			     "pushq %%rax\n\t"
			     "lretq\n"
			     "1:\n\t"
			     "movl %1, %%eax\n\t"
			     "movl %%eax, %%ds\n\t"
			     "movl %%eax, %%es\n\t"
			     "movl %%eax, %%ss\n\t"
			     "xorl %%eax, %%eax\n\t"
			     "movl %%eax, %%fs\n\t"
			     "movl %%eax, %%gs\n\t"
			     : : "i"((u64)__KERNEL_CS), "i"(__KERNEL_DS)
			     : "rax", "memory");
	__asm__ __volatile__("ltr %w0" : : "r"(GDT_TSS_SEL));
}

/*
 * Build and load @cpu's GDT and TSS. Loading GS zeroes the GS base, so
 * this runs before percpu_setup(). The IST stack tops must be set already.
 */
void gdt_init(unsigned int cpu)
{
	struct percpu *pc = &percpu_area[cpu];
	u64 *gdt = pc->gdt;

	BUG_ON(cpu >= NR_CPUS);
	memset(gdt, 0, sizeof(pc->gdt));
	gdt[GDT_ENTRY_KERNEL32_CS] = DESC_KERNEL32_CS;
	gdt[GDT_ENTRY_KERNEL_CS] = DESC_KERNEL_CS;
	gdt[GDT_ENTRY_KERNEL_DS] = DESC_KERNEL_DS;
	gdt[GDT_ENTRY_DEFAULT_USER32_CS] = DESC_USER32_CS;
	gdt[GDT_ENTRY_DEFAULT_USER_DS] = DESC_USER_DS;
	gdt[GDT_ENTRY_DEFAULT_USER_CS] = DESC_USER_CS;

	memset(&pc->tss, 0, sizeof(pc->tss));
	/* Every port denied; no bitmap in use: ring 3 may touch no port. */
	memset(pc->tss.io_bitmap, 0xff, sizeof(pc->tss.io_bitmap));
	pc->tss.io_bitmap_base = IO_BITMAP_OFFSET_INVALID;
	pc->io_bitmap_max = 0;
	pc->io_bitmap_seq = 0;
	for (int i = 0; i < N_EXCEPTION_STACKS; i++)
		pc->tss.ist[i] = pc->ist_stack_top[i];
	set_tss_desc(gdt, GDT_ENTRY_TSS, &pc->tss);
	load_segments(gdt);
}

/* Kernel stack the CPU switches to on an interrupt from user mode. */
void tss_set_rsp0(u64 rsp0)
{
	this_cpu()->tss.rsp0 = rsp0;
}
