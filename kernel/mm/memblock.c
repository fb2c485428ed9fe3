/*
 * memblock: boot-time physical memory bookkeeping (see memblock.h).
 * Both lists are kept sorted and without overlaps, so "free" is simply a
 * walk over RAM that skips reserved ranges.
 */
#include "kernel/mm/memblock.h"
#include "lib/bug.h"
#include "lib/string.h"

struct memblock_type memblock_memory, memblock_reserved;

static void remove_at(struct memblock_type *t, u32 i)
{
	memmove(&t->regions[i], &t->regions[i + 1],
		(t->cnt - i - 1) * sizeof(t->regions[0]));
	t->cnt--;
}

/* Insert [base, end) keeping the list sorted, merging what it touches. */
static void add_range(struct memblock_type *t, u64 base, u64 end)
{
	u32 i = 0;

	if (end <= base)
		return;
	while (i < t->cnt && t->regions[i].base + t->regions[i].size < base)
		i++;
	/* Swallow every region that overlaps or touches [base, end). */
	while (i < t->cnt && t->regions[i].base <= end) {
		u64 rend = t->regions[i].base + t->regions[i].size;

		base = MIN(base, t->regions[i].base);
		end = MAX(end, rend);
		remove_at(t, i);
	}
	BUG_ON(t->cnt == MEMBLOCK_MAX_REGIONS);
	memmove(&t->regions[i + 1], &t->regions[i],
		(t->cnt - i) * sizeof(t->regions[0]));
	t->regions[i] = (struct memblock_region){ base, end - base };
	t->cnt++;
}

void memblock_add(u64 base, u64 size)
{
	add_range(&memblock_memory, base, base + size);
}

/* Mark physical [@base, @base + @size) as taken (the kernel, boot data);
 * boot time only, before the page allocator exists. */
void memblock_reserve(u64 base, u64 size)
{
	add_range(&memblock_reserved, base, base + size);
}

/* The first reserved region that ends after @addr, or NULL. */
static const struct memblock_region *next_reserved(u64 addr)
{
	for (u32 i = 0; i < memblock_reserved.cnt; i++) {
		const struct memblock_region *r = &memblock_reserved.regions[i];

		if (r->base + r->size > addr)
			return r;
	}
	return NULL;
}

void memblock_for_each_free(void (*fn)(u64 start, u64 end, void *data),
			    void *data)
{
	for (u32 i = 0; i < memblock_memory.cnt; i++) {
		u64 cur = memblock_memory.regions[i].base;
		u64 end = cur + memblock_memory.regions[i].size;

		while (cur < end) {
			const struct memblock_region *r = next_reserved(cur);
			u64 stop = r ? MIN(MAX(r->base, cur), end) : end;

			if (stop > cur)
				fn(cur, stop, data);
			if (!r || r->base >= end)
				break;
			cur = r->base + r->size;
		}
	}
}

struct alloc_req {
	u64 size, align, limit, found;
};

static void try_fit(u64 start, u64 end, void *data)
{
	struct alloc_req *req = data;
	u64 base = ALIGN_UP(start, req->align);

	if (!req->found && base >= start && base + req->size <= end &&
	    base + req->size <= req->limit)
		req->found = base;
}

u64 memblock_alloc(u64 size, u64 align, u64 limit)
{
	struct alloc_req req = { size, align, limit, 0 };

	BUG_ON(!size || (align & (align - 1)));
	memblock_for_each_free(try_fit, &req);
	if (!req.found)
		panic("memblock: cannot allocate %lu bytes below 0x%lx",
		      (unsigned long)size, (unsigned long)limit);
	memblock_reserve(req.found, size);
	return req.found;
}

static u64 total(const struct memblock_type *t)
{
	u64 sum = 0;

	for (u32 i = 0; i < t->cnt; i++)
		sum += t->regions[i].size;
	return sum;
}

u64 memblock_phys_mem_size(void)
{
	return total(&memblock_memory);
}

/* Total reserved bytes (a reservation may also cover a hole). */
u64 memblock_reserved_size(void)
{
	return total(&memblock_reserved);
}
