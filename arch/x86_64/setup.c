/*
 * x86_64 boot steps called from start_kernel() (see asm/setup.h).
 */
#include "asm/setup.h"
#include "arch/x86_64/acpi.h"
#include "arch/x86_64/apic.h"
#include "arch/x86_64/cpu.h"
#include "asm/io.h"
#include "asm/irqflags.h"
#include "asm/stacktrace.h"
#include "arch/x86_64/mmu.h"
#include "asm/percpu.h"
#include "asm/smp.h"
#include "asm/vdso.h"
#include "kernel/mm/memblock.h"
#include "kernel/printk/printk.h"
#include "kernel/time/timer.h"
#include "kernel/time/time_kernel.h"
#include "asm/processor.h"
#include "kernel/task.h"
#include "lib/bootinfo.h"

#define FOUR_GIB 0x100000000ull
#define LOW_MEMORY_END 0x100000ull	/* BIOS data, EBDA, SMP trampoline */

extern char _boot_start[], _boot_end[], _text[], _end[];

void serial_init(void);
void serial_init_irq(void);
void keyboard_init(void);
void vga_init(void);
void tsc_calibrate(void);

/* Boot CPU's IST stacks until per-CPU stacks exist (THREAD_SIZE blocks). */
static u8 boot_ist_stacks[N_EXCEPTION_STACKS][THREAD_SIZE] __aligned(THREAD_SIZE);

void arch_early_setup(void)
{
	struct percpu *pc = &percpu_area[0];

	serial_init();
	for (int i = 0; i < N_EXCEPTION_STACKS; i++)
		pc->ist_stack_top[i] = (u64)boot_ist_stacks[i] + THREAD_SIZE;
	gdt_init(0);
	percpu_setup(0);
	idt_setup();
	idt_load();
}

/* Early map: physical memory below 4 GiB, from boot/boot.S. */
static const void *early_map(u64 phys, u64 len, void *ctx)
{
	if (phys >= FOUR_GIB || len > FOUR_GIB - phys)
		return NULL;
	return phys_to_virt(phys);
}

int arch_parse_boot_info(struct boot_info *bi, u32 magic, u64 phys)
{
	int ret = bootinfo_parse(bi, magic, phys, early_map, NULL);

	bootinfo_sanitize_memmap(bi);
	return ret;
}

void arch_cpu_setup(void)
{
	cpu_detect();
	cpu_print_info();
	cpu_init_features();
	syscall_init();
	tsc_calibrate();
	time_init();
}

/* Without a memory map, assume the smallest machine we support. */
static void fallback_memory(struct boot_info *bi)
{
	u64 upper = bi->mem_upper_kb ? bi->mem_upper_kb << 10 : 31ull << 20;

	pr_warn("boot: no usable memory map; assuming 640K + %luK\n",
		(unsigned long)(upper >> 10));
	bi->mem[0] = (struct boot_mem_region){ 0, 640 << 10, 1 };
	bi->mem[1] = (struct boot_mem_region){ LOW_MEMORY_END, upper, 1 };
	bi->nr_mem = 2;
}

static void reserve_in_use(const struct boot_info *bi)
{
	memblock_reserve(0, LOW_MEMORY_END);
	memblock_reserve((u64)_boot_start, _boot_end - _boot_start);
	memblock_reserve(virt_to_phys(_text), _end - _text);
	if (bi->info_size)
		memblock_reserve(bi->info_phys, bi->info_size);
	for (u32 i = 0; i < bi->nr_mod; i++)
		memblock_reserve(bi->mod[i].start,
				 bi->mod[i].end - bi->mod[i].start);
}

void arch_mem_setup(struct boot_info *bi)
{
	bool any_ram = false;

	for (u32 i = 0; i < bi->nr_mem; i++)
		any_ram |= bi->mem[i].type == E820_TYPE_RAM;
	if (!any_ram)
		fallback_memory(bi);
	for (u32 i = 0; i < bi->nr_mem; i++)
		if (bi->mem[i].type == E820_TYPE_RAM)
			memblock_add(bi->mem[i].addr, bi->mem[i].size);
	reserve_in_use(bi);
	mmu_init_tables(bi);
}

void arch_mem_ready(void)
{
	mmu_buddy_ready();
	vga_init();
	irq_stacks_init(0);
	vdso_init();		/* the clock is calibrated (arch_cpu_setup) */
}

static void timer_interrupt(struct pt_regs *regs, void *data)
{
	timer_tick(regs);
}

void arch_irq_setup(const struct boot_info *bi)
{
	acpi_init(bi->rsdp_phys);
	pic_disable();
	lapic_init(acpi.lapic_phys ? acpi.lapic_phys : 0xfee00000);
	this_cpu()->apic_id = lapic_id();
	ioapic_init(acpi.nr_ioapics ? acpi.ioapic[0].phys : 0xfec00000,
		    acpi.nr_ioapics ? acpi.ioapic[0].gsi_base : 0);
	for (unsigned int irq = 0; irq < 16; irq++)
		if (acpi.isa_override[irq].present)
			ioapic_set_isa_override(irq, acpi.isa_override[irq].gsi,
						acpi.isa_override[irq].flags);
	smp_prepare_boot_cpu();
	lapic_timer_calibrate();
	set_vector_handler(LOCAL_TIMER_VECTOR, timer_interrupt, "LOC");
	lapic_timer_start();
	serial_init_irq();
	keyboard_init();
	arch_local_irq_enable();
}

