/*
 * KASAN's runtime (kernel/mm/kasan.h): the shadow memory, the checks that
 * gcc's -fsanitize=kernel-address code calls before each access
 * (__asan_load8_noabort(addr) and friends, outline instrumentation), the
 * allocator hooks that poison and unpoison, the table of allocation and
 * free stacks, and the quarantine that keeps freed objects poisoned for a
 * while before their memory is handed out again.
 *
 * The shadow covers the direct map, where the heap lives: shadow byte i
 * describes direct-map bytes [8i, 8i + 8). The kernel image's addresses
 * use the shadow of their direct-map alias (kasan_direct_alias()), for
 * the globals' redzones. Accesses elsewhere (the stacks' and modules'
 * mappings, user memory) pass unchecked, and so does everything before
 * mem_init() set the shadow up.
 * This file is built without instrumentation (scripts/debug.mk).
 */
#ifdef CONFIG_KASAN
#include "kernel/mm/kasan.h"
#include "asm/memlayout.h"
#include "asm/page.h"
#include "asm/stacktrace.h"
#include "kernel/locking/spinlock.h"
#include "kernel/mm/memblock.h"
#include "kernel/mm/page_alloc.h"
#include "kernel/mm/slab.h"
#include "kernel/module/module.h"
#include "kernel/printk/printk.h"
#include "kernel/task.h"
#include "lib/atomic.h"
#include "lib/string.h"

static s8 *kasan_shadow;		/* one byte per granule of the map */
static u64 kasan_shadow_end;	/* end of the direct map it covers */
static bool kasan_ready;
/* Set while a report prints: its own accesses go unchecked. */
static atomic_t kasan_reporting;
/* The allocation records, a hash table by address, beside the shadow. */
#define KASAN_META_ENTRIES 4096	/* a power of two */
static struct kasan_alloc_meta *kasan_meta;

/* The image's globals (linker.ld) and the constructors gcc makes to
 * register their redzones. */
extern char _end[];
extern void (*__init_array_start[])(void), (*__init_array_end[])(void);

u64 kasan_direct_alias(u64 addr)
{
	if (addr >= __START_KERNEL_map && addr < (u64)_end)
		return (u64)phys_to_virt(addr - __START_KERNEL_map);
	return addr;
}

s8 *kasan_shadow_of(u64 addr)
{
	addr = kasan_direct_alias(addr);
	if (!kasan_ready || addr < PAGE_OFFSET || addr >= kasan_shadow_end)
		return NULL;
	return &kasan_shadow[(addr - PAGE_OFFSET) >> KASAN_SHADOW_SCALE_SHIFT];
}

/* Granules of a long range whose shadow is read eight bytes at a time. */
#define WIDE_GRANULES 8
#define WIDE_SPAN (WIDE_GRANULES * KASAN_GRANULE_SIZE)
typedef u64 __attribute__((may_alias, aligned(1))) shadow_word_t;

u64 kasan_first_bad_byte(u64 addr, size_t size)
{
	u64 end = addr + size;

	while (addr < end) {
		s8 *s = &kasan_shadow[(addr - PAGE_OFFSET) >>
				      KASAN_SHADOW_SCALE_SHIFT];
		u64 granule = addr & ~(KASAN_GRANULE_SIZE - 1);

		/* A memset() or memcpy() of pages: 64 bytes a shadow load. */
		if (addr == granule && end - addr >= WIDE_SPAN &&
		    *(const shadow_word_t *)s == 0) {
			addr += WIDE_SPAN;
			continue;
		}
		if (*s == 0)
			addr = granule + KASAN_GRANULE_SIZE;
		else if (*s < 0 || (s8)(addr - granule) >= *s)
			return addr;
		else
			addr = granule + *s;
	}
	return 0;
}

/*
 * The common case, an access of at most 8 bytes inside one granule whose
 * shadow says all its bytes (or enough of them) are good: one shadow
 * load, no loop. Anything else is for kasan_first_bad_byte().
 */
static inline bool granule_good(u64 a, size_t size)
{
	u64 off = a & (KASAN_GRANULE_SIZE - 1);
	s8 v = kasan_shadow[(a - PAGE_OFFSET) >> KASAN_SHADOW_SCALE_SHIFT];

	return off + size <= KASAN_GRANULE_SIZE &&
	       (v == 0 || (v > 0 && (s8)(off + size) <= v));
}

static inline void check_region(u64 addr, size_t size, bool write,
					 u64 ip)
{
	u64 a = kasan_direct_alias(addr);

	if (!kasan_ready || a < PAGE_OFFSET ||
	    a + size > kasan_shadow_end || size == 0)
		return;
	if (granule_good(a, size) || !kasan_first_bad_byte(a, size))
		return;
	if (atomic_read(&kasan_reporting))
		return;
	atomic_inc(&kasan_reporting);
	kasan_report(addr, size, write, ip);
	atomic_dec(&kasan_reporting);
}

/* gcc's outline checks: one per access size, loads and stores. */
#define DEFINE_ASAN_LOAD_STORE(n)                                            \
	void __asan_load##n##_noabort(u64 addr)                              \
	{                                                                    \
		check_region(addr, n, false,                                 \
			     (u64)__builtin_return_address(0));              \
	}                                                                    \
	EXPORT_SYMBOL(__asan_load##n##_noabort);                             \
	void __asan_store##n##_noabort(u64 addr)                             \
	{                                                                    \
		check_region(addr, n, true,                                  \
			     (u64)__builtin_return_address(0));              \
	}                                                                    \
	EXPORT_SYMBOL(__asan_store##n##_noabort)

DEFINE_ASAN_LOAD_STORE(1);
DEFINE_ASAN_LOAD_STORE(2);
DEFINE_ASAN_LOAD_STORE(4);
DEFINE_ASAN_LOAD_STORE(8);
DEFINE_ASAN_LOAD_STORE(16);

/* A load of @size bytes (not 1, 2, 4, 8 or 16) at @addr. */
void __asan_loadN_noabort(u64 addr, size_t size)
{
	check_region(addr, size, false, (u64)__builtin_return_address(0));
}
EXPORT_SYMBOL(__asan_loadN_noabort);

/* A store of @size bytes (not 1, 2, 4, 8 or 16) at @addr. */
void __asan_storeN_noabort(u64 addr, size_t size)
{
	check_region(addr, size, true, (u64)__builtin_return_address(0));
}
EXPORT_SYMBOL(__asan_storeN_noabort);

/*
 * memset(), memcpy() and memmove(), as Linux's mm/kasan/shadow.c has
 * them: one check of each whole range, then lib/string.c's loop, which
 * the KASAN kernel builds as __memset() and friends, not instrumented
 * (scripts/debug.mk): a check call for every word of a page was the
 * debug kernel's largest cost. The report names the caller.
 */
void *__memset(void *s, int c, size_t n);
void *__memcpy(void *dst, const void *src, size_t n);
void *__memmove(void *dst, const void *src, size_t n);

void *memset(void *s, int c, size_t n)
{
	check_region((u64)s, n, true, (u64)__builtin_return_address(0));
	return __memset(s, c, n);
}

/* memcpy(): the source read, then the destination written. */
void *memcpy(void *dst, const void *src, size_t n)
{
	u64 ip = (u64)__builtin_return_address(0);

	check_region((u64)src, n, false, ip);
	check_region((u64)dst, n, true, ip);
	return __memcpy(dst, src, n);
}

/* memmove(): as memcpy(), the ranges may overlap. */
void *memmove(void *dst, const void *src, size_t n)
{
	u64 ip = (u64)__builtin_return_address(0);

	check_region((u64)src, n, false, ip);
	check_region((u64)dst, n, true, ip);
	return __memmove(dst, src, n);
}

void kasan_check_read(const void *p, size_t size, u64 ip)
{
	check_region((u64)p, size, false, ip);
}

/* As kasan_check_read(), for a write. */
void kasan_check_write(const void *p, size_t size, u64 ip)
{
	check_region((u64)p, size, true, ip);
}

/* gcc's description of one global and its redzone (ABI version 8). */
struct asan_global {
	const void *beg;
	size_t size;
	size_t size_with_redzone;
	const char *name;
	const char *module_name;
	size_t has_dynamic_init;
	void *location;
	size_t odr_indicator;
};

/* Every file's list, for the reports' names (the image has ~150). */
#define MAX_GLOBAL_LISTS 512
static struct {
	struct asan_global *globals;
	size_t n;
} global_lists[MAX_GLOBAL_LISTS];
static unsigned int nr_global_lists;

/* A file's constructor names its @n globals: poison each one's redzone. */
void __asan_register_globals(struct asan_global *globals, size_t n)
{
	if (nr_global_lists < MAX_GLOBAL_LISTS) {
		global_lists[nr_global_lists].globals = globals;
		global_lists[nr_global_lists++].n = n;
	}
	for (size_t i = 0; i < n; i++) {
		struct asan_global *g = &globals[i];
		size_t used = ALIGN_UP(g->size, KASAN_GRANULE_SIZE);

		kasan_unpoison(g->beg, g->size);
		kasan_poison((const u8 *)g->beg + used,
			     g->size_with_redzone - used, KASAN_GLOBAL_REDZONE);
	}
}
EXPORT_SYMBOL(__asan_register_globals);

bool kasan_find_global(u64 addr, const char **name, const char **file,
		       u64 *offset, size_t *size)
{
	for (unsigned int l = 0; l < nr_global_lists; l++) {
		for (size_t i = 0; i < global_lists[l].n; i++) {
			struct asan_global *g = &global_lists[l].globals[i];
			u64 beg = (u64)g->beg;

			if (addr < beg || addr >= beg + g->size_with_redzone)
				continue;
			*name = g->name;
			*file = g->module_name;
			*offset = addr - beg;
			*size = g->size;
			return true;
		}
	}
	return false;
}

/* A module's globals go away with it: nothing to undo in the shadow. */
void __asan_unregister_globals(struct asan_global *globals, size_t n)
{
}
EXPORT_SYMBOL(__asan_unregister_globals);

/* Called before a noreturn call; only stack instrumentation needs it. */
void __asan_handle_no_return(void)
{
}
EXPORT_SYMBOL(__asan_handle_no_return);

void kasan_poison(const void *addr, size_t size, u8 value)
{
	u64 a = kasan_direct_alias((u64)addr);
	s8 *s = kasan_shadow_of(a);

	if (!s || a + size > kasan_shadow_end)
		return;
	__memset(s, value, (size + KASAN_GRANULE_SIZE - 1) >>
			   KASAN_SHADOW_SCALE_SHIFT);
}

void kasan_unpoison(const void *addr, size_t size)
{
	u64 a = kasan_direct_alias((u64)addr);
	s8 *s = kasan_shadow_of(a);

	if (!s || a + size > kasan_shadow_end)
		return;
	__memset(s, 0, size >> KASAN_SHADOW_SCALE_SHIFT);
	if (size & (KASAN_GRANULE_SIZE - 1))
		s[size >> KASAN_SHADOW_SCALE_SHIFT] =
			size & (KASAN_GRANULE_SIZE - 1);
}

void kasan_init_shadow(u64 max_pfn)
{
	u64 size = ALIGN_UP((max_pfn << PAGE_SHIFT) >> KASAN_SHADOW_SCALE_SHIFT,
			    PAGE_SIZE);
	u64 meta = ALIGN_UP(sizeof(struct kasan_alloc_meta) *
			    KASAN_META_ENTRIES, PAGE_SIZE);

	kasan_shadow = phys_to_virt(memblock_alloc(size + meta, PAGE_SIZE,
						   ~0ull));
	__memset(kasan_shadow, 0, size + meta);
	kasan_meta = (void *)((u8 *)kasan_shadow + size);
	kasan_shadow_end = PAGE_OFFSET + (max_pfn << PAGE_SHIFT);
	smp_store_release(&kasan_ready, true);
	for (void (**ctor)(void) = __init_array_start; ctor < __init_array_end;
	     ctor++)
		(*ctor)();
	pr_info("kasan: KernelAddressSanitizer initialized (generic, outline): "
		"%luK shadow\n", (unsigned long)(size >> 10));
}

void kasan_alloc_pages(struct page *page, unsigned int order)
{
	kasan_unpoison(page_address(page), PAGE_SIZE << order);
}

void kasan_free_pages(struct page *page, unsigned int order)
{
	kasan_poison(page_address(page), PAGE_SIZE << order, KASAN_PAGE_FREE);
}

void kasan_poison_slab(void *base, size_t size)
{
	kasan_poison(base, size, KASAN_SLAB_REDZONE);
}

/* ---- allocation and free stacks ---------------------------------------- */

struct kasan_alloc_meta *kasan_find_meta(const void *obj)
{
	u64 h = ((u64)obj >> 4) * 0x9e3779b97f4a7c15ull;

	if (!kasan_meta)
		return NULL;
	return &kasan_meta[h >> 52 & (KASAN_META_ENTRIES - 1)];
}

static void save_track(struct kasan_track *t)
{
	t->pid = current->pid;
	t->nr = stack_trace_save(t->pcs, KASAN_STACK_DEPTH);
}

void kasan_kmalloc(const void *obj, size_t size, size_t class_size, u8 redzone)
{
	struct kasan_alloc_meta *m = kasan_find_meta(obj);
	size_t used = ALIGN_UP(size, KASAN_GRANULE_SIZE);

	if (!obj || !kasan_ready)
		return;
	kasan_unpoison(obj, size);
	if (used < class_size)
		kasan_poison((const u8 *)obj + used, class_size - used,
			     redzone);
	m->obj = obj;
	m->size = size;
	m->free.nr = 0;
	save_track(&m->alloc);
}

/* ---- the quarantine ---------------------------------------------------- */
/*
 * Freed objects wait here, poisoned, before going back to their slab: a
 * use after free is caught as long as the object waits, not only until
 * the next kmalloc() of its size. A ring of the last QUARANTINE_LEN.
 */
#define QUARANTINE_LEN 1024
static const void *quarantine[QUARANTINE_LEN];
static unsigned int q_head, q_len;
static DEFINE_SPINLOCK(quarantine_lock);

/* Take the oldest object out; NULL when empty. quarantine_lock held. */
static const void *quarantine_pop(void)
{
	const void *obj;

	if (!q_len)
		return NULL;
	obj = quarantine[q_head];
	/* A stale address left in the ring would be a reference to kmemleak,
	 * hiding a leak of the object that reuses it. */
	quarantine[q_head] = NULL;
	q_head = (q_head + 1) % QUARANTINE_LEN;
	q_len--;
	return obj;
}

bool kasan_slab_free(const void *obj, size_t class_size)
{
	struct kasan_alloc_meta *m = kasan_find_meta(obj);
	s8 *s = kasan_shadow_of((u64)obj);
	const void *old = NULL;
	unsigned long flags;

	if (!s)
		return false;
	if ((u8)*s == KASAN_SLAB_FREE) {
		kasan_report_double_free(obj);
		return true;
	}
	kasan_poison(obj, class_size, KASAN_SLAB_FREE);
	if (m->obj == obj)
		save_track(&m->free);
	flags = spin_lock_irqsave(&quarantine_lock);
	if (q_len == QUARANTINE_LEN)
		old = quarantine_pop();
	quarantine[(q_head + q_len++) % QUARANTINE_LEN] = obj;
	spin_unlock_irqrestore(&quarantine_lock, flags);
	if (old)
		__kfree(old);
	return true;
}

void kasan_quarantine_drain(void)
{
	for (;;) {
		unsigned long flags = spin_lock_irqsave(&quarantine_lock);
		const void *obj = quarantine_pop();

		spin_unlock_irqrestore(&quarantine_lock, flags);
		if (!obj)
			return;
		__kfree(obj);
	}
}
#endif
