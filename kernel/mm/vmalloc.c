/*
 * Mapping fresh pages into a kernel address range, and taking them back
 * (see vmalloc.h), and vmalloc() on top of that. A page is freed only
 * after every CPU's TLB has forgotten it: one shootdown covers a batch of
 * pages, so a large module image does not cost a shootdown per page.
 */
#include "kernel/mm/vmalloc.h"
#include "asm/memlayout.h"
#include "asm/pgtable.h"
#include "asm/tlbflush.h"
#include "kernel/locking/spinlock.h"
#include "kernel/mm/kmemleak.h"
#include "kernel/mm/page_alloc.h"
#include "kernel/mm/slab.h"
#include "kernel/printk/printk.h"
#include "kernel/module/module.h"
#include "lib/bug.h"
#include "lib/errno.h"
#include "lib/list.h"

#define UNMAP_BATCH 64	/* pages unmapped per TLB shootdown */

void vunmap_pages(u64 base, u64 n, struct page **pages)
{
	for (u64 i = 0; i < n; i++) {
		u64 *pte = kernel_lookup_pte(base + i * PAGE_SIZE);

		BUG_ON(!pte || !pte_present(*pte));
		pages[i] = pte_page(*pte);
		kernel_unmap_page(base + i * PAGE_SIZE);
	}
}

void vprune_tables(u64 base, u64 n, struct list_head *tables)
{
	for (u64 va = base; va < base + n * PAGE_SIZE;
	     va = ALIGN_DOWN(va, HPAGE_SIZE) + HPAGE_SIZE) {
		u64 pt = kernel_prune_page_table(va);

		if (pt)
			list_add(&pfn_to_page(pt >> PAGE_SHIFT)->lru, tables);
	}
}

void vfree_tables(struct list_head *tables, u64 start, u64 end)
{
	struct page *p, *next;

	if (list_empty(tables))
		return;
	flush_tlb_kernel_range(start, end);
	list_for_each_entry_safe(p, next, tables, lru) {
		list_del(&p->lru);
		__free_pages(p, 0);
	}
}

/* Unmap and free the pages of [start, start + k pages), k <= UNMAP_BATCH. */
static void unmap_batch(u64 start, u64 k)
{
	struct page *batch[UNMAP_BATCH];

	vunmap_pages(start, k, batch);
	flush_tlb_kernel_range(start, start + k * PAGE_SIZE);
	for (u64 i = 0; i < k; i++)
		__free_pages(batch[i], 0);
}

void vunmap_free_pages(u64 base, u64 n)
{
	LIST_HEAD(tables);

	for (u64 done = 0; done < n; done += UNMAP_BATCH)
		unmap_batch(base + done * PAGE_SIZE, MIN(n - done, (u64)UNMAP_BATCH));
	vprune_tables(base, n, &tables);
	vfree_tables(&tables, base, base + n * PAGE_SIZE);
}

int vmap_fresh_pages(u64 base, u64 n)
{
	for (u64 i = 0; i < n; i++) {
		struct page *page = alloc_pages(__GFP_ZERO | __GFP_NOWARN, 0);

		if (page && kernel_map_page(base + i * PAGE_SIZE,
					    page_to_pfn(page) << PAGE_SHIFT,
					    PAGE_KERNEL)) {
			__free_pages(page, 0);
			page = NULL;
		}
		if (!page) {
			vunmap_free_pages(base, i);
			return -ENOMEM;
		}
	}
	return 0;
}

/*
 * vmalloc(): virtually contiguous memory from single pages, in the vmalloc
 * area (VMALLOC_START..VMALLOC_END, asm/memlayout.h). The ranges handed
 * out are kept on a list sorted by address; a new one goes into the first
 * gap large enough (first fit), with an unmapped guard page after it, so
 * running off the end faults instead of corrupting a neighbour.
 */
struct vmap_area {
	struct list_head list;		/* on vmap_area_list, by address */
	u64 start;
	u64 pages;			/* mapped pages (the guard not counted) */
};

static LIST_HEAD(vmap_area_list);
static DEFINE_SPINLOCK(vmap_area_lock);

/* Reserve @pages + 1 (guard) pages of address space for @va: 0 or -ENOMEM. */
static int vmap_area_get(struct vmap_area *va, u64 pages)
{
	u64 want = (pages + 1) * PAGE_SIZE, start = VMALLOC_START;
	unsigned long flags = spin_lock_irqsave(&vmap_area_lock);
	struct list_head *pos = &vmap_area_list;
	struct vmap_area *a;

	list_for_each_entry(a, &vmap_area_list, list) {
		if (a->start - start >= want)
			break;
		start = a->start + (a->pages + 1) * PAGE_SIZE;
		pos = &a->list;
	}
	if (VMALLOC_END - start < want) {
		spin_unlock_irqrestore(&vmap_area_lock, flags);
		return -ENOMEM;
	}
	va->start = start;
	va->pages = pages;
	list_add(&va->list, pos);
	spin_unlock_irqrestore(&vmap_area_lock, flags);
	return 0;
}

/* The area starting at @addr, left on the list: its address range stays
 * reserved until its pages are unmapped (vmap_area_release()); NULL if
 * there is none. */
static struct vmap_area *vmap_area_find(u64 addr)
{
	unsigned long flags = spin_lock_irqsave(&vmap_area_lock);
	struct vmap_area *a, *found = NULL;

	list_for_each_entry(a, &vmap_area_list, list) {
		if (a->start == addr) {
			found = a;
			break;
		}
	}
	spin_unlock_irqrestore(&vmap_area_lock, flags);
	return found;
}

/* Give @va's address range back and free it. Only once its pages are
 * unmapped: a new area there would have its fresh mappings unmapped
 * (and, by vfree(), its pages freed) by the old owner's unmapping. */
static void vmap_area_release(struct vmap_area *va)
{
	unsigned long flags = spin_lock_irqsave(&vmap_area_lock);

	list_del(&va->list);
	spin_unlock_irqrestore(&vmap_area_lock, flags);
	kfree(va);
}

void *vmalloc(unsigned long size)
{
	u64 pages = ALIGN_UP((u64)size, PAGE_SIZE) / PAGE_SIZE;
	struct vmap_area *va;

	if (!pages || pages > (VMALLOC_END - VMALLOC_START) / PAGE_SIZE / 2)
		return NULL;
	va = kmalloc(sizeof(*va), GFP_KERNEL);
	if (!va)
		return NULL;
	if (vmap_area_get(va, pages)) {
		kfree(va);
		return NULL;
	}
	if (vmap_fresh_pages(va->start, pages)) {
		vmap_area_release(va);
		return NULL;
	}
	kmemleak_vmalloc((void *)va->start, size);
	return (void *)va->start;
}
EXPORT_SYMBOL(vmalloc);

/* vmap_fresh_pages() gives zeroed pages already. */
void *vzalloc(unsigned long size)
{
	return vmalloc(size);
}
EXPORT_SYMBOL(vzalloc);

void vfree(const void *addr)
{
	struct vmap_area *va;

	if (!addr)
		return;
	kmemleak_free(addr);
	va = vmap_area_find((u64)addr);
	if (!va) {
		pr_err("Trying to vfree() nonexistent vm area (%p)\n", addr);
		WARN_ON(1);
		return;
	}
	vunmap_free_pages(va->start, va->pages);
	vmap_area_release(va);
}
EXPORT_SYMBOL(vfree);

void *vmap(struct page **pages, u64 n)
{
	struct vmap_area *va = kmalloc(sizeof(*va), GFP_KERNEL);
	u64 i;

	if (!va || !n || vmap_area_get(va, n)) {
		kfree(va);
		return NULL;
	}
	for (i = 0; i < n; i++)
		if (kernel_map_page(va->start + i * PAGE_SIZE,
				    page_to_pfn(pages[i]) << PAGE_SHIFT, PAGE_KERNEL))
			break;
	if (i < n) {
		vunmap((void *)va->start);
		return NULL;
	}
	return (void *)va->start;
}

/* Unmap a vmap() range (a failed vmap() leaves holes in it); one TLB
 * flush for the whole range. Its pages were never ours to free. */
void vunmap(const void *addr)
{
	struct vmap_area *va = vmap_area_find((u64)addr);
	LIST_HEAD(tables);
	u64 end;

	if (!va) {
		WARN_ON(1);
		return;
	}
	end = va->start + va->pages * PAGE_SIZE;
	for (u64 p = va->start; p < end; p += PAGE_SIZE) {
		u64 *pte = kernel_lookup_pte(p);

		if (pte && pte_present(*pte))
			kernel_unmap_page(p);
	}
	flush_tlb_kernel_range(va->start, end);
	vprune_tables(va->start, va->pages, &tables);
	vfree_tables(&tables, va->start, end);
	vmap_area_release(va);		/* only now: see vfree() */
}

bool is_vmalloc_addr(const void *addr)
{
	return (u64)addr >= VMALLOC_START && (u64)addr < VMALLOC_END;
}
EXPORT_SYMBOL(is_vmalloc_addr);
