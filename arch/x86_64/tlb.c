/*
 * TLB shootdowns (see asm/tlbflush.h): flush locally, then have the other CPUs that
 * may hold the translations flush too, through smp_call_function_many(),
 * and wait for them. A kernel range may be cached anywhere; a user range
 * only on the CPUs in its mm's cpu_mask (switch_to_mm() keeps it).
 */
#include "asm/tlbflush.h"
#include "asm/io.h"
#include "arch/x86_64/mmu.h"
#include "asm/percpu.h"
#include "asm/smp.h"
#include "kernel/mm/mm.h"
#include "kernel/preempt.h"
#include "kernel/locking/lockdep.h"

struct flush_range {
	u64 start, end;
	u64 cr3;		/* 0: kernel range, any address space */
};

/* Beyond this many pages, flushing all (a CR3 reload, or for the kernel
 * half CR4.PGE toggled) is cheaper than invlpg each. */
#define FLUSH_ALL_THRESHOLD 32

/* Drop every translation, the kernel's global ones too (toggling
 * CR4.PGE; a CR3 reload keeps global entries). */
static void flush_all_local(u64 cr3)
{
	u64 cr4 = read_cr4();

	if (cr4 & X86_CR4_PGE) {
		write_cr4(cr4 & ~X86_CR4_PGE);
		write_cr4(cr4);
	} else {
		write_cr3(cr3);
	}
}

static void flush_local(void *data)
{
	const struct flush_range *r = data;
	u64 cr3 = read_cr3();

	if (r->cr3 && (cr3 & ~0xfffull) != r->cr3)
		return;		/* that address space is not loaded here */
	if ((r->end - r->start) / PAGE_SIZE > FLUSH_ALL_THRESHOLD) {
		if (r->cr3)
			write_cr3(cr3);
		else
			flush_all_local(cr3);
		return;
	}
	for (u64 va = r->start; va < r->end; va += PAGE_SIZE)
		invlpg(va);
}

static void flush_everywhere(struct flush_range *r)
{
	flush_local(r);
	if (num_online_cpus() > 1)
		smp_call_function(flush_local, r);
}

void flush_tlb_kernel_range(u64 start, u64 end)
{
	struct flush_range r = { start, end, 0 };

	BUG_ON(!in_task());
	flush_everywhere(&r);
}

void flush_tlb_mm_range(struct mm_struct *mm, u64 start, u64 end)
{
	struct flush_range r = { start, end, virt_to_phys(mm->pgd) };
	u64 me, cpus;

	lockdep_assert_irqs_enabled();
	preempt_disable();
	me = 1ull << smp_processor_id();
	/* The page-table change is done; now see who may have cached it
	 * (a CPU joining later loads CR3 after the change). */
	cpus = __atomic_load_n(&mm->cpu_mask, __ATOMIC_SEQ_CST);
	if (cpus & me)
		flush_local(&r);
	if (cpus & ~me)
		smp_call_function_many(cpus & ~me, flush_local, &r);
	preempt_enable();
}
