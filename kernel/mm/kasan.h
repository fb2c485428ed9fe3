/*
 * KASAN, the kernel address sanitizer (DEBUG_KERNEL=1 builds only): gcc
 * checks every load and store of instrumented code against a shadow
 * memory, one shadow byte per 8 bytes of the direct map (kernel/mm/kasan/kasan.c),
 * and the allocators keep the shadow up to date through the hooks below:
 *
 *   shadow byte   the 8 bytes it covers
 *   0x00          all accessible
 *   0x01..0x07    only the first N accessible (the end of an object)
 *   0xfc          a slab object's redzone (the class size past the request)
 *   0xfb          a freed slab object (in quarantine or on its freelist)
 *   0xfe          the tail of a large kmalloc() block past the request
 *   0xff          a free page
 *   0xf9          the redzone gcc puts after a global of the kernel image
 *
 * In the default build every hook is an empty inline function.
 */
#ifndef KERNEL_MM_KASAN_H
#define KERNEL_MM_KASAN_H

#include "lib/types.h"

struct page;

#define KASAN_SHADOW_SCALE_SHIFT 3
#define KASAN_GRANULE_SIZE (1ul << KASAN_SHADOW_SCALE_SHIFT)

#define KASAN_PAGE_FREE 0xff
#define KASAN_PAGE_REDZONE 0xfe
#define KASAN_SLAB_REDZONE 0xfc
#define KASAN_SLAB_FREE 0xfb
#define KASAN_GLOBAL_REDZONE 0xf9

/* Bytes kmalloc() adds to a request so that a redzone follows every
 * object (a request that fills its size class moves to the next). */
#ifdef CONFIG_KASAN
#define KASAN_KMALLOC_REDZONE 1
#else
#define KASAN_KMALLOC_REDZONE 0
#endif

#ifdef CONFIG_KASAN
/* Set up the shadow of frames [0, @max_pfn) from memblock, all
 * accessible, and start checking. mem_init(), before the buddy fills. */
void kasan_init_shadow(u64 max_pfn);
/* Mark [@addr, @addr + @size) with shadow byte @value (@addr 8-aligned,
 * @size rounded up to whole granules). */
void kasan_poison(const void *addr, size_t size, u8 value);
/* Make [@addr, @addr + @size) accessible; a partial last granule says
 * how many of its bytes are. */
void kasan_unpoison(const void *addr, size_t size);
/* alloc_pages() handed out 2^@order pages at @page: accessible. */
void kasan_alloc_pages(struct page *page, unsigned int order);
/* __free_pages() takes them back: free. */
void kasan_free_pages(struct page *page, unsigned int order);
/* A new slab page at @base: every object a redzone until handed out. */
void kasan_poison_slab(void *base, size_t size);
/* kmalloc(@size) returned @obj, of class size @class_size: the request
 * accessible, the rest a redzone, and the allocating stack recorded. */
void kasan_kmalloc(const void *obj, size_t size, size_t class_size,
		   u8 redzone);
/*
 * kfree(@obj) of a slab object of @class_size bytes: report a double free
 * (and keep the object, true), or poison it, record the freeing stack and
 * put it in quarantine (true: kfree() must not free it now).
 */
bool kasan_slab_free(const void *obj, size_t class_size);
/* Check an access the compiler does not see (a copy from or to user
 * space, in assembly) of @size bytes at @p, reported as made at @ip. */
void kasan_check_read(const void *p, size_t size, u64 ip);
void kasan_check_write(const void *p, size_t size, u64 ip);
/* Give every object in quarantine back to its slab (nr_free_pages(), the
 * statistics and the leak checks see all free memory as free). */
void kasan_quarantine_drain(void);
/* The report (kernel/mm/kasan/report.c) for an access of @size bytes
 * at @addr by the instruction before @ip, whose shadow says it is bad. */
void kasan_report(u64 addr, size_t size, bool write, u64 ip);
/* The double-free report for kfree(@obj), naming kfree()'s caller. */
void kasan_report_double_free(const void *obj);

/* Reports printed since boot (the self-tests count theirs). */
int kasan_report_count(void);

/* ---- between kasan.c and kasan_report.c ---- */
#define KASAN_STACK_DEPTH 10

/* Who allocated or freed an object, and from where. */
struct kasan_track {
	int pid;
	int nr;			/* entries in pcs[] */
	u64 pcs[KASAN_STACK_DEPTH];
};

/* What KASAN remembers of a kmalloc() object, kept in a table beside the
 * heap (an entry may be taken over by a later object). */
struct kasan_alloc_meta {
	const void *obj;
	size_t size;		/* bytes requested */
	struct kasan_track alloc, free;
};

/* The shadow byte of direct-map address @addr, NULL outside the map. */
s8 *kasan_shadow_of(u64 addr);
/* The first bad byte of [@addr, @addr + @size) (direct-map addresses),
 * or 0 when all are good. */
u64 kasan_first_bad_byte(u64 addr, size_t size);
/* The direct-map address of kernel-image address @addr (the image's
 * shadow is its physical memory's); any other address unchanged. */
u64 kasan_direct_alias(u64 addr);
/* The global of the kernel image whose object or redzone holds @addr:
 * its *@name, source *@file, the *@offset of @addr in it and its *@size. */
bool kasan_find_global(u64 addr, const char **name, const char **file,
		       u64 *offset, size_t *size);
/* @obj's record, or NULL when none is left. */
struct kasan_alloc_meta *kasan_find_meta(const void *obj);
#else
static inline void kasan_init_shadow(u64 max_pfn) {}
static inline void kasan_poison(const void *addr, size_t size, u8 value) {}
static inline void kasan_unpoison(const void *addr, size_t size) {}
static inline void kasan_alloc_pages(struct page *page, unsigned int order) {}
static inline void kasan_free_pages(struct page *page, unsigned int order) {}
static inline void kasan_poison_slab(void *base, size_t size) {}
static inline void kasan_kmalloc(const void *obj, size_t size,
				 size_t class_size, u8 redzone) {}
static inline bool kasan_slab_free(const void *obj, size_t class_size)
{
	return false;
}
static inline void kasan_check_read(const void *p, size_t size, u64 ip) {}
static inline void kasan_check_write(const void *p, size_t size, u64 ip) {}
static inline void kasan_quarantine_drain(void) {}
#endif

#endif
