/*
 * memblock: the boot-time memory manager, as in Linux. Before the buddy
 * allocator exists, the kernel needs memory for mem_map[] and the page
 * tables. memblock keeps two lists, the RAM the firmware reported and the
 * ranges already in use (kernel image, boot modules, its own allocations),
 * hands out memory from what is in the first and not the second, and at
 * the end gives every still-free range to the buddy allocator.
 */
#ifndef KERNEL_MEMBLOCK_H
#define KERNEL_MEMBLOCK_H

#include "lib/types.h"

#define MEMBLOCK_MAX_REGIONS 128

struct memblock_region {
	u64 base, size;
};

struct memblock_type {
	u32 cnt;
	struct memblock_region regions[MEMBLOCK_MAX_REGIONS];
};

/* Record [base, base + size) as RAM / as in use. Overlaps are merged. */
void memblock_add(u64 base, u64 size);
void memblock_reserve(u64 base, u64 size);
/*
 * Allocate @size bytes aligned to @align below physical @limit, from RAM
 * not yet reserved (lowest address first). Returns the physical address;
 * panics when nothing fits (boot cannot go on without it).
 */
u64 memblock_alloc(u64 size, u64 align, u64 limit);
/* Call @fn for every RAM range that is not reserved, in address order. */
void memblock_for_each_free(void (*fn)(u64 start, u64 end, void *data),
			    void *data);
/* Total bytes of RAM / of reserved RAM. */
u64 memblock_phys_mem_size(void);
u64 memblock_reserved_size(void);

extern struct memblock_type memblock_memory, memblock_reserved;

#endif
