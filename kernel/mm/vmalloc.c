/*
 * Mapping fresh pages into a kernel address range, and taking them back
 * (see vmalloc.h). A page is freed only after every CPU's TLB has
 * forgotten it: one shootdown covers a batch of pages, so a large module
 * image does not cost a shootdown per page.
 */
#include "kernel/mm/vmalloc.h"
#include "asm/pgtable.h"
#include "asm/tlbflush.h"
#include "kernel/mm/page_alloc.h"
#include "lib/bug.h"
#include "lib/errno.h"

#define UNMAP_BATCH 64	/* pages unmapped per TLB shootdown */

/* Unmap and free the pages of [start, start + k pages), k <= UNMAP_BATCH. */
static void unmap_batch(u64 start, u64 k)
{
	struct page *batch[UNMAP_BATCH];

	for (u64 i = 0; i < k; i++) {
		u64 *pte = kernel_lookup_pte(start + i * PAGE_SIZE);

		BUG_ON(!pte || !pte_present(*pte));
		batch[i] = pte_page(*pte);
		kernel_unmap_page(start + i * PAGE_SIZE);
	}
	flush_tlb_kernel_range(start, start + k * PAGE_SIZE);
	for (u64 i = 0; i < k; i++)
		__free_pages(batch[i], 0);
}

void vunmap_free_pages(u64 base, u64 n)
{
	for (u64 done = 0; done < n; done += UNMAP_BATCH)
		unmap_batch(base + done * PAGE_SIZE, MIN(n - done, (u64)UNMAP_BATCH));
	for (u64 va = base; va < base + n * PAGE_SIZE;
	     va = ALIGN_DOWN(va, HPAGE_SIZE) + HPAGE_SIZE) {
		u64 pt = kernel_prune_page_table(va);

		if (pt) {
			flush_tlb_kernel_range(va, va + PAGE_SIZE);
			__free_pages(pfn_to_page(pt >> PAGE_SHIFT), 0);
		}
	}
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
