/*
 * Self-tests of the kernel stack area's cache of freed blocks
 * (kernel/mm/kstack.c): a freed block is unmapped at once, the next
 * kstack_alloc() gets it back zeroed without a TLB shootdown, a run of
 * frees costs one shootdown per cache-full, and a drain gives every page
 * back. The KTEST_CRASH one touches a freed stack, for
 * tests/integration/test_boot.py to see the page fault report it.
 */
#include "kernel/ktest.h"
#include "kernel/mm/kstack.h"
#include "kernel/mm/page_alloc.h"
#include "asm/memlayout.h"
#include "asm/pgtable.h"
#include "kernel/sched/sched.h"

#define NR_BLOCKS 40	/* more than two cache-fulls */

static bool block_mapped(const void *block)
{
	u64 *pte = kernel_lookup_pte((u64)block);

	return pte && pte_present(*pte);
}

KTEST(kstack_freed_block_reused_without_shootdown)
{
	u64 *a, *b, purges;

	kstack_drain();
	purges = kstack_nr_purges();
	a = kstack_alloc();
	KT_EXPECT(t, a != NULL);
	if (!a)
		return;
	a[0] = 0x5a5a;
	a[THREAD_SIZE / 8 - 1] = 0xa5a5;
	kstack_free(a);
	KT_EXPECT(t, !block_mapped(a));
	b = kstack_alloc();
	KT_EXPECTF(t, b == a, "got %p, freed %p", b, a);
	if (!b)
		return;
	KT_EXPECT(t, block_mapped(b) && b[0] == 0 && b[THREAD_SIZE / 8 - 1] == 0);
	kstack_free(b);
	KT_EXPECT(t, kstack_nr_purges() == purges);
}

KTEST(kstack_frees_batched_and_drained)
{
	void *blocks[NR_BLOCKS];
	u64 free0, purges, stacks0 = kstack_nr_used();
	int n = 0;

	free0 = nr_free_pages();
	purges = kstack_nr_purges();
	while (n < NR_BLOCKS && (blocks[n] = kstack_alloc()))
		n++;
	KT_EXPECT(t, n == NR_BLOCKS);
	KT_EXPECT(t, kstack_nr_used() == stacks0 + n);
	while (n > 0)
		kstack_free(blocks[--n]);
	KT_EXPECTF(t, kstack_nr_purges() - purges <= NR_BLOCKS / 16,
		   "%lu shootdowns for %d frees",
		   (unsigned long)(kstack_nr_purges() - purges), NR_BLOCKS);
	KT_EXPECT(t, kstack_nr_used() == stacks0);
	for (int i = 0; i < 200 && nr_free_pages() < free0; i++)
		msleep(10);
	KT_EXPECTF(t, nr_free_pages() == free0, "free pages %lu, baseline %lu",
		   (unsigned long)nr_free_pages(), (unsigned long)free0);
}

static __attribute__((noipa)) u64 read_stack(volatile u64 *p)
{
	return *p;
}

KTEST_CRASH(kstack_use_after_free)
{
	u64 *block = kstack_alloc();

	if (!block)
		return;
	kstack_free(block);
	read_stack(block + 1);
}
