/*
 * Self-tests for memory: with more than 4 GiB of RAM (-m 4G puts part of
 * it above 4 GiB), pages from above the 4 GiB line are handed out and
 * usable through the direct map; fork's address-space copy shares pages
 * copy-on-write; vm_insert_page() maps an owner's page; the VmData
 * counter, the VMA tree and the gap hint follow every change of the VMAs;
 * a huge page is one page-directory entry with the PS bit; the kernel
 * stack area's cache of freed blocks (kernel/mm/kstack.c) gives a freed
 * block back zeroed without a TLB shootdown, batches the shootdowns of a
 * run of frees, and a drain gives every page back.
 * The KTEST_CRASH ones look up a VMA without mm->lock, for
 * tests/integration/test_contracts.py to see find_vma() refuse, and touch
 * a freed stack, for tests/integration/test_boot.py's page fault report.
 */
#include "kernel/ktest.h"
#include "kernel/kthread.h"
#include "kernel/mm/vmalloc.h"
#include "kernel/mm/hugetlb.h"
#include "kernel/mm/kstack.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/page_alloc.h"
#include "asm/memlayout.h"
#include "asm/pgtable.h"
#include "kernel/sched/sched.h"
#include "kernel/sched/wait.h"
#include "lib/errno.h"
#include "lib/string.h"

#define FOUR_GIB_PFN (0x100000000ull >> PAGE_SHIFT)
#define BLOCK_ORDER 10

KTEST(ram_above_4g_is_usable)
{
	struct page *got[512];
	int n = 0;
	bool above = false;

	if (max_pfn <= FOUR_GIB_PFN)
		return;		/* this machine has none: nothing to check */
	/* Take 4 MiB blocks until one comes from above 4 GiB (bounded). */
	while (n < 512 && !above) {
		struct page *p = alloc_pages(__GFP_NOWARN, BLOCK_ORDER);

		if (!p)
			break;
		got[n++] = p;
		if (page_to_pfn(p) >= FOUR_GIB_PFN) {
			volatile u64 *v = page_address(p);

			v[0] = 0x5a5a5a5a12345678ull;
			v[(PAGE_SIZE << BLOCK_ORDER) / 8 - 1] = 0x1111;
			above = v[0] == 0x5a5a5a5a12345678ull &&
				v[(PAGE_SIZE << BLOCK_ORDER) / 8 - 1] == 0x1111;
		}
	}
	KT_EXPECTF(t, above, "no usable block above 4 GiB in %d tries", n);
	while (n)
		__free_pages(got[--n], BLOCK_ORDER);
}

/*
 * Copy-on-write fork without a process: dup_mm() shares the page,
 * read-only in both page tables, with two references; a write through
 * /proc/<pid>/mem's path (access_remote_vm) gives the child its own copy
 * and leaves the parent's alone; the last reference frees the page.
 */
static struct page *kt_page_at(struct mm_struct *mm, u64 va, u64 *pte)
{
	u64 *p = user_pte(mm->pgd, va, false);

	*pte = p ? *p : 0;
	return pte_present(*pte) ? pte_page(*pte) : NULL;
}

KTEST(fork_shares_pages_copy_on_write)
{
	struct mm_struct *parent = mm_alloc(), *child = NULL;
	struct page *pp, *cp;
	u64 anon0 = nr_anon_pages(), ppte, cpte;
	char buf[8];

	KT_EXPECT(t, parent && vma_add(parent, 0x400000, 0x401000,
				       VM_READ | VM_WRITE, "") == 0);
	KT_EXPECT(t, parent && mm_write(parent, 0x400000, "parent", 6) == 0);
	if (parent)
		child = dup_mm(parent);
	KT_EXPECT(t, child != NULL);
	if (!child)
		goto out;
	pp = kt_page_at(parent, 0x400000, &ppte);
	cp = kt_page_at(child, 0x400000, &cpte);
	KT_EXPECT(t, pp && pp == cp && page_count(pp) == 2);
	KT_EXPECT(t, !(ppte & _PAGE_RW) && !(cpte & _PAGE_RW));
	KT_EXPECT(t, parent->rss == 1 && child->rss == 1);
	KT_EXPECT(t, access_remote_vm(child, 0x400000, "child!", 6, true) == 6);
	cp = kt_page_at(child, 0x400000, &cpte);
	KT_EXPECT(t, cp && cp != pp && page_count(pp) == 1 &&
		  page_count(cp) == 1);
	KT_EXPECT(t, access_remote_vm(parent, 0x400000, buf, 6, false) == 6 &&
		  !memcmp(buf, "parent", 6));
	KT_EXPECT(t, access_remote_vm(child, 0x400000, buf, 6, false) == 6 &&
		  !memcmp(buf, "child!", 6));
	mmput(child);
out:
	if (parent)
		mmput(parent);
	KT_EXPECT(t, nr_anon_pages() == anon0);	/* the page freed once */
}

/*
 * A page its owner keeps (a file's page, as exec maps text), mapped with
 * vm_insert_page(): read-only even after mprotect, shared by fork, counted
 * as RssFile and never as AnonPages; a write gives the writer an anonymous
 * copy and leaves the owner's bytes alone; unmapping never frees it.
 */
KTEST(vm_insert_page_maps_the_owners_page)
{
	struct page *file = alloc_pages(__GFP_ZERO, 0), *cp;
	struct mm_struct *mm = mm_alloc(), *child = NULL;
	u64 anon0 = nr_anon_pages(), pte, cpte;
	const u64 va = 0x400000;
	char buf[8];

	KT_EXPECT(t, file && mm && vma_add(mm, va, va + PAGE_SIZE,
					   VM_READ | VM_EXEC, "") == 0);
	if (!file || !mm)
		goto out;
	memcpy(page_address(file), "ownerpg", 8);
	KT_EXPECT(t, vm_insert_page(mm, va, file) == 0);
	KT_EXPECT(t, vm_insert_page(mm, va, file) == -EBUSY);
	KT_EXPECT(t, vm_insert_page(mm, va + PAGE_SIZE, file) == -EFAULT);
	KT_EXPECT(t, kt_page_at(mm, va, &pte) == file && !(pte & _PAGE_RW));
	KT_EXPECT(t, page_count(file) == 2 && !PageAnon(file));
	KT_EXPECT(t, mm->rss == 1 && mm->rss_file == 1);
	KT_EXPECT(t, nr_anon_pages() == anon0);
	child = dup_mm(mm);
	KT_EXPECT(t, child && child->rss == 1 && child->rss_file == 1);
	KT_EXPECT(t, page_count(file) == 3);
	if (!child)
		goto out;
	KT_EXPECT(t, mm_protect(child, va, PAGE_SIZE,
				VM_READ | VM_WRITE | VM_EXEC) == 0);
	KT_EXPECT(t, kt_page_at(child, va, &cpte) == file &&
		  !(cpte & _PAGE_RW));	/* mprotect cannot make it writable */
	KT_EXPECT(t, access_remote_vm(child, va, "child!", 6, true) == 6);
	cp = kt_page_at(child, va, &cpte);
	KT_EXPECT(t, cp && cp != file && PageAnon(cp) && (cpte & _PAGE_RW));
	KT_EXPECT(t, child->rss == 1 && child->rss_file == 0);
	KT_EXPECT(t, nr_anon_pages() == anon0 + 1 && page_count(file) == 2);
	KT_EXPECT(t, !memcmp(page_address(file), "ownerpg", 8));
	KT_EXPECT(t, access_remote_vm(mm, va, buf, 8, false) == 8 &&
		  !memcmp(buf, "ownerpg", 8));
	mmput(child);
	KT_EXPECT(t, nr_anon_pages() == anon0 && page_count(file) == 2);
	/* The owner lets go while it is mapped: the last mm frees it. */
	KT_EXPECT(t, !put_page_testzero(file));
	file = NULL;
out:
	if (mm)
		mmput(mm);
	if (file)
		__free_pages(file, 0);
	KT_EXPECT(t, nr_anon_pages() == anon0);
}

/* Pages of @mm's VMAs whose flags, masked, are @flags: a full walk, to
 * hold the counters to. mm->lock held. */
static u64 kt_vma_pages(struct mm_struct *mm, u64 mask, u64 flags)
{
	struct vm_area_struct *v;
	u64 n = 0;

	list_for_each_entry(v, &mm->mmap, list)
		if ((v->vm_flags & mask) == flags)
			n += (v->vm_end - v->vm_start) >> PAGE_SHIFT;
	return n;
}

/* mm->data_vm against a walk of the VMAs, and both against @want pages. */
static bool kt_data_vm_is(struct mm_struct *mm, u64 want)
{
	unsigned long irq = spin_lock_irqsave(&mm->lock);
	u64 walked = kt_vma_pages(mm, VM_WRITE | VM_STACK, VM_WRITE);
	bool ok = mm->data_vm == walked && walked == want;

	spin_unlock_irqrestore(&mm->lock, irq);
	return ok;
}

#define KT_PG(n) ((n) * PAGE_SIZE)

/*
 * /proc status's VmData is a counter (mm->data_vm), not a walk: it must
 * follow VMAs that appear, split, change protection, lose a hole, grow
 * in place, move, and are copied by fork.
 */
KTEST(mm_data_vm_counts_writable_vmas)
{
	const u64 a = 0x400000, ro = 0x800000, rw = VM_READ | VM_WRITE;
	struct mm_struct *mm = mm_alloc(), *child;

	KT_EXPECT(t, mm != NULL);
	if (!mm)
		return;
	KT_EXPECT(t, vma_add(mm, a, a + KT_PG(16), rw, "") == 0);
	KT_EXPECT(t, vma_add(mm, ro, ro + KT_PG(4), VM_READ, "") == 0);
	KT_EXPECT(t, vma_add(mm, 0x7f0000, 0x7f8000, rw | VM_STACK,
			     "[stack]") == 0);
	KT_EXPECT(t, kt_data_vm_is(mm, 16));
	KT_EXPECT(t, mm_protect(mm, a + KT_PG(4), KT_PG(2), VM_READ) == 0);
	KT_EXPECT(t, kt_data_vm_is(mm, 14));
	KT_EXPECT(t, mm_protect(mm, ro, KT_PG(1), rw) == 0);
	KT_EXPECT(t, kt_data_vm_is(mm, 15));
	KT_EXPECT(t, do_munmap(mm, a + KT_PG(8), KT_PG(1)) == 0);
	KT_EXPECT(t, kt_data_vm_is(mm, 14));
	/* [a+9, a+16) ends below free room: it grows where it is. */
	KT_EXPECT(t, mm_remap(mm, a + KT_PG(9), KT_PG(7), KT_PG(9), false) ==
		  (long)(a + KT_PG(9)));
	KT_EXPECT(t, kt_data_vm_is(mm, 16));
	/* [a, a+2) is followed by [a+2, a+4): it must move to grow. */
	KT_EXPECT(t, mm_remap(mm, a, KT_PG(2), KT_PG(3), true) > (long)a);
	KT_EXPECT(t, kt_data_vm_is(mm, 17));
	child = dup_mm(mm);
	KT_EXPECT(t, child && kt_data_vm_is(child, 17));
	if (child)
		mmput(child);
	mmput(mm);
}

/*
 * An mremap that must move a VMA but cannot get the page tables at the
 * new place fails with ENOMEM and leaves everything where it was: no
 * page is stranded at an address no VMA covers, where no munmap or exit
 * would ever free it (issue 19). The whole VMA moves, so no split needs
 * memory either; every free page is held while it tries.
 */
KTEST(mm_remap_out_of_memory_strands_no_page)
{
	const u64 a = 0x400000, rw = VM_READ | VM_WRITE;
	struct mm_struct *mm = mm_alloc();
	struct page *p, *n;
	LIST_HEAD(hoard);
	u64 anon;
	long ret;

	KT_EXPECT(t, mm != NULL);
	if (!mm)
		return;
	anon = nr_anon_pages();
	KT_EXPECT(t, vma_add(mm, a, a + KT_PG(2), rw, "") == 0);
	KT_EXPECT(t, vma_add(mm, a + KT_PG(2), a + KT_PG(3), VM_READ, "") == 0);
	KT_EXPECT(t, mm_zero(mm, a, KT_PG(2)) == 0);
	KT_EXPECT(t, nr_anon_pages() == anon + 2);
	while ((p = alloc_pages(__GFP_NOWARN, 0)))
		list_add(&p->lru, &hoard);
	ret = mm_remap(mm, a, KT_PG(2), KT_PG(4), true);
	list_for_each_entry_safe(p, n, &hoard, lru) {
		list_del(&p->lru);
		__free_pages(p, 0);
	}
	KT_EXPECTF(t, ret == -ENOMEM, "mremap: %ld", ret);
	mmput(mm);
	KT_EXPECTF(t, nr_anon_pages() == anon, "%lu anonymous pages stranded",
		   (unsigned long)(nr_anon_pages() - anon));
}

/* The old list-only gap search, to hold get_unmapped_area() to. */
static u64 kt_gap_by_walk(struct mm_struct *mm, u64 len)
{
	struct vm_area_struct *v;
	u64 top = MMAP_BASE;

	list_for_each_entry_reverse(v, &mm->mmap, list) {
		if (v->vm_start >= top)
			continue;
		if (top >= len && v->vm_end <= top - len)
			return top - len;
		top = v->vm_start;
	}
	return top >= len + 0x10000 ? top - len : 0;
}

/*
 * The list is sorted and without overlaps; the tree holds the same VMAs
 * in the same order; find_vma() finds each VMA at both ends and nothing
 * in the gaps; [free_area_hint, MMAP_BASE) has no gap; the gap search
 * agrees with a full walk. mm->lock held. Returns what failed, or NULL.
 */
static const char *kt_vma_index_broken(struct mm_struct *mm)
{
	struct rb_node *n = rb_first(&mm->mm_rb);
	struct vm_area_struct *v, *prev = NULL;
	u64 covered = mm->free_area_hint;
	int count = 0;

	list_for_each_entry(v, &mm->mmap, list) {
		if (!n || rb_entry(n, struct vm_area_struct, vm_rb) != v)
			return "tree order differs from the list";
		n = rb_next(n);
		count++;
		if (v->vm_start >= v->vm_end || (prev && prev->vm_end > v->vm_start))
			return "list not sorted or overlapping";
		if (find_vma(mm, v->vm_start) != v || find_vma(mm, v->vm_end - 1) != v)
			return "find_vma misses a VMA";
		if (prev && prev->vm_end < v->vm_start && find_vma(mm, prev->vm_end))
			return "find_vma finds a VMA in a gap";
		if (v->vm_start <= covered && v->vm_end > covered)
			covered = v->vm_end;
		prev = v;
	}
	if (n || count != mm->map_count)
		return "tree or map_count has VMAs the list has not";
	if (covered < MMAP_BASE)
		return "a gap above free_area_hint";
	for (u64 len = PAGE_SIZE; len <= 16 * PAGE_SIZE; len *= 2)
		if (get_unmapped_area(mm, len) != kt_gap_by_walk(mm, len))
			return "get_unmapped_area differs from a full walk";
	return NULL;
}

static const char *kt_check_index(struct mm_struct *mm)
{
	unsigned long irq = spin_lock_irqsave(&mm->lock);
	const char *why = kt_vma_index_broken(mm);

	spin_unlock_irqrestore(&mm->lock, irq);
	return why;
}

/*
 * The VMA index (list, red-black tree, gap hint) after a long random mix
 * of what thread stacks and mmap do: anywhere and fixed maps, munmap of
 * holes and whole areas, mprotect splits, mremap moves; and in a fork's
 * copy.
 */
KTEST(mm_vma_tree_follows_every_change)
{
	const u64 base = MMAP_BASE - KT_PG(2048), rw = VM_READ | VM_WRITE;
	struct mm_struct *mm = mm_alloc(), *child;
	const char *why = NULL;
	u64 seed = 42;
	int step;

	KT_EXPECT(t, mm != NULL);
	if (!mm)
		return;
	for (step = 0; step < 1500 && !why; step++) {
		u64 r, addr, len;

		seed = seed * 6364136223846793005ull + 1442695040888963407ull;
		r = seed >> 16;
		addr = base + KT_PG((r >> 8) % 2048);
		len = KT_PG(1 + (r >> 20) % 8);
		switch (r % 8) {
		case 0: case 1: case 2:
			vma_add_anywhere(mm, len, (r >> 24) & 1 ? rw : 0, "");
			break;
		case 3:
			vma_add(mm, addr, MIN(addr + len, MMAP_BASE), rw, "");
			break;
		case 4: case 5:
			do_munmap(mm, addr, len);
			break;
		case 6:
			mm_protect(mm, addr, len, (r >> 24) & 1 ? VM_READ : rw);
			break;
		default:
			mm_remap(mm, addr, KT_PG(1), KT_PG(2), true);
			break;
		}
		why = kt_check_index(mm);
	}
	KT_EXPECTF(t, !why, "step %d: %s", step, why);
	KT_EXPECTF(t, mm->map_count > 50, "only %d VMAs", mm->map_count);
	child = dup_mm(mm);
	KT_EXPECT(t, child != NULL);
	if (child) {
		why = kt_check_index(child);
		KT_EXPECTF(t, !why, "fork's copy: %s", why);
		mmput(child);
	}
	mmput(mm);
}

/* Must end in "BUG_ON(!lockdep_is_held(&mm->lock))" in find_vma(). */
/*
 * A huge page is one page-directory entry: after a fault in a huge VMA
 * the PD entry is present with the PS bit, there is no page table (and
 * no PTE) below it, and it maps a PG_hugetlb block from the pool; the
 * last unmap gives the block back to the pool, not to the allocator.
 */
KTEST(hugetlb_fault_maps_one_pd_entry)
{
	struct mm_struct *mm = mm_alloc();
	struct hugetlb_counts c;
	struct vm_area_struct *v;
	unsigned long irq;
	u64 va = 0x40000000, *pmd;

	hugetlb_set_pool(1);
	hugetlb_counts(&c);
	KT_EXPECT(t, mm && c.total == 1 && c.free == 1);
	if (!mm || c.total != 1)
		goto out;
	KT_EXPECT(t, vma_add(mm, va, va + HPAGE_SIZE, VM_READ | VM_WRITE, "") == 0);
	irq = spin_lock_irqsave(&mm->lock);
	v = find_vma(mm, va);
	KT_EXPECT(t, v && hugetlb_vma_setup(v, NULL, HPAGE_SIZE) == 0);
	KT_EXPECT(t, v && hugetlb_fault(mm, v, va + 12345, true, &irq) == 0);
	pmd = user_pmd(mm->pgd, va, false);
	KT_EXPECT(t, pmd && (*pmd & (_PAGE_PRESENT | _PAGE_PSE | _PAGE_RW)) ==
		  (_PAGE_PRESENT | _PAGE_PSE | _PAGE_RW));
	KT_EXPECT(t, pmd && PageHuge(pte_page(*pmd)) &&
		  IS_ALIGNED(*pmd & PTE_ADDR_MASK, HPAGE_SIZE));
	KT_EXPECT(t, !user_pte(mm->pgd, va + PAGE_SIZE, false));
	spin_unlock_irqrestore(&mm->lock, irq);
	hugetlb_counts(&c);
	KT_EXPECT(t, c.free == 0 && c.resv == 0);
	mmput(mm);
	mm = NULL;
	hugetlb_counts(&c);
	KT_EXPECT(t, c.free == 1 && c.resv == 0);
out:
	if (mm)
		mmput(mm);
	hugetlb_set_pool(0);
}

KTEST_CRASH(find_vma_without_mm_lock)
{
	struct mm_struct *mm = mm_alloc();

	if (mm)
		find_vma(mm, MMAP_BASE - PAGE_SIZE);
}

/* ---- the kernel stack area's cache of freed blocks ---- */

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

/* ---- vfree() keeps its address range until its pages are unmapped ---- */

#define VFREE_RACE_ROUNDS 3000

/* vmalloc() a page, fill it, check it, vfree() it, @rounds times: 0, or
 * the round whose page did not hold what was written. */
static int vmalloc_round_trips(u8 mark, int rounds)
{
	for (int i = 1; i <= rounds; i++) {
		u8 *p = vmalloc(PAGE_SIZE);

		if (!p)
			continue;
		memset(p, mark, PAGE_SIZE);
		for (int k = 0; k < PAGE_SIZE; k += 64)
			if (READ_ONCE(p[k]) != mark)
				return i;
		vfree(p);
	}
	return 0;
}

struct vfree_racer {
	struct completion done;
	int bad;
};

static int vfree_racer_fn(void *data)
{
	struct vfree_racer *r = data;

	r->bad = vmalloc_round_trips(0xa5, VFREE_RACE_ROUNDS);
	complete(&r->done);
	return 0;
}

/* Two CPUs vmalloc() and vfree() single pages at once: the lowest free
 * range is the one the other just gave back. vfree() used to take its
 * range off the list before unmapping it, so the other's new mapping
 * there was unmapped (a kernel page fault) and its page freed. Slow:
 * each vfree() is a TLB shootdown, 9 to 40 s under TCG (ktest=slow). */
KTEST_SLOW(vfree_keeps_its_range_until_unmapped)
{
	struct vfree_racer r = { .bad = -1 };
	u64 stacks0 = kstack_nr_used();
	int bad;

	init_completion(&r.done);
	KT_EXPECT(t, kthread_run(vfree_racer_fn, &r, "vfree_racer") != NULL);
	bad = vmalloc_round_trips(0x5a, VFREE_RACE_ROUNDS);
	wait_for_completion(&r.done);
	KT_EXPECTF(t, !bad && !r.bad, "page lost in round %d / %d", bad, r.bad);
	/* The racer's stack goes back after its exit: the tests that count
	 * stacks and free pages come next. */
	for (int i = 0; i < 300 && kstack_nr_used() > stacks0; i++)
		msleep(10);
}
