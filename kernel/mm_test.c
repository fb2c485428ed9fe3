/*
 * Self-tests for physical memory: with more than 4 GiB of RAM (-m 4G puts
 * part of it above 4 GiB), pages from above the 4 GiB line are handed
 * out and usable through the direct map.
 */
#include "kernel/ktest.h"
#include "kernel/page_alloc.h"
#include "arch/x86_64/memlayout.h"

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
