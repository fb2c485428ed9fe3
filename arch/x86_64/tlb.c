/*
 * TLB shootdowns (see tlb.h): flush locally, then have every other online
 * CPU flush too, through smp_call_function(), and wait for them.
 */
#include "arch/x86_64/tlb.h"
#include "arch/x86_64/io.h"
#include "arch/x86_64/mmu.h"
#include "arch/x86_64/smp.h"

struct flush_range {
	u64 start, end;
	u64 cr3;		/* 0: kernel range, any address space */
};

/* Beyond this many pages, reloading CR3 is cheaper than invlpg each. */
#define FLUSH_ALL_THRESHOLD 32

static void flush_local(void *data)
{
	const struct flush_range *r = data;
	u64 cr3 = read_cr3();

	if (r->cr3 && (cr3 & ~0xfffull) != r->cr3)
		return;		/* that address space is not loaded here */
	if ((r->end - r->start) / PAGE_SIZE > FLUSH_ALL_THRESHOLD && r->cr3) {
		write_cr3(cr3);
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

	flush_everywhere(&r);
}

void flush_tlb_range_pgd(u64 *pgd, u64 start, u64 end)
{
	struct flush_range r = { start, end, virt_to_phys(pgd) };

	flush_everywhere(&r);
}
