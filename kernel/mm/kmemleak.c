/*
 * kmemleak (CONFIG_DEBUG_KMEMLEAK, `make DEBUG_KERNEL=1`), after Linux's:
 * every kmalloc() and vmalloc() object gets a record (struct
 * kmemleak_object, in a hash table by address) with its size, the task
 * that allocated it, when, and the allocating stack. A scan is a
 * conservative mark phase: every aligned word of the roots that looks
 * like an address inside a recorded object marks that object reachable
 * ("gray"), and the contents of gray objects are scanned in turn. An
 * object still unmarked ("white") in two scans in a row, and older than
 * five seconds, is a suspected leak; /proc/kmemleak lists them in Linux's
 * format.
 *
 * The roots are the kernel image's data and bss (the per-CPU areas are
 * there), mem_map[], and every page the page allocator has handed out
 * that is not itself kmalloc() memory nor a user page: the kernel stacks,
 * the module area, vmalloc()'s pages, page tables (which hold physical
 * addresses, so a page they name is never taken for a leak: pages are
 * not recorded at all). The scan runs beside the rest of the kernel,
 * holding kmemleak_lock one page of words at a time; an object freed
 * meanwhile keeps its record until the scan ends (deferred_free).
 * A kernel thread, [kmemleak], scans a minute after boot and then every
 * ten minutes, as Linux's does ("scan=off" or kmemleak=off stops it).
 * This file is built without KASAN checks: it reads redzones and free
 * memory on purpose.
 */
#ifdef CONFIG_DEBUG_KMEMLEAK

#include "kernel/mm/kmemleak.h"
#include "asm/memlayout.h"
#include "asm/stacktrace.h"
#include "kernel/locking/mutex.h"
#include "kernel/locking/spinlock.h"
#include "kernel/mm/slab.h"
#include "kernel/preempt.h"
#include "kernel/printk/printk.h"
#include "kernel/task.h"
#include "kernel/time/time.h"
#include "lib/errno.h"
#include "lib/list.h"
#include "lib/string.h"

#define KMEMLEAK_HASH_BITS 14
#define MEM_POOL_SIZE 4096		/* records for when kmalloc() fails */
#define MSECS_MIN_AGE 5000		/* younger objects are never leaks */
#define SCAN_CHUNK PAGE_SIZE		/* bytes scanned per lock hold */

#define OBJECT_VMALLOC (1u << 0)	/* from vmalloc(), on vmalloc_objects */
#define OBJECT_GRAY (1u << 1)		/* reached in the scan under way */
#define OBJECT_REPORTED (1u << 2)	/* counted as a new leak once */
#define OBJECT_CLEARED (1u << 3)	/* "clear": a root from now on */
#define OBJECT_FREED (1u << 4)		/* freed during a scan */

struct kmemleak_object {
	struct kmemleak_object *next;	/* hash chain; deferred_free once freed */
	struct kmemleak_object *next_gray;	/* the gray list of a scan */
	struct list_head vmalloc_node;	/* OBJECT_VMALLOC: vmalloc_objects */
	u64 ptr;
	size_t size;			/* bytes asked for: the report's size */
	size_t scan_size;		/* bytes the owner may use: scanned */
	u32 flags;			/* OBJECT_* */
	u32 white_scans;		/* scans in a row that did not reach it */
	u32 count;			/* references the scan under way found */
	u32 min_count;			/* references that make it reachable */
	u64 jiffies;			/* when it was allocated */
	int pid;
	int cpu;			/* the CPU that allocated it */
	char comm[KMEMLEAK_COMM_LEN];
	int trace_len;
	u64 trace[KMEMLEAK_DEPTH];
};

extern char _data[], _edata[], __bss_start[], __bss_end[];

_Static_assert(KMEMLEAK_COMM_LEN == TASK_COMM_LEN, "a comm fits");

/* The ktests lower it to see a leak without waiting. */
u64 kmemleak_min_age = MSECS_MIN_AGE * HZ / 1000;

static struct kmemleak_object *object_hash[1u << KMEMLEAK_HASH_BITS];
static LIST_HEAD(vmalloc_objects);
/* Guards the records, the lists and the flags below; taken from any
 * context (kmalloc() in an interrupt records too). */
static DEFINE_SPINLOCK(kmemleak_lock);
static DEFINE_MUTEX(scan_mutex);	/* one scan at a time */
static bool kmemleak_disabled;
static bool scanning;
static struct kmemleak_object *gray_list, *deferred_free;

/* Records for when kmalloc() has none (Linux's mem_pool): fault
 * injection (fail_page_alloc) or a real shortage would otherwise turn
 * kmemleak off. Under kmemleak_lock: the next never-used one, and the
 * freed ones. */
static struct kmemleak_object mem_pool[MEM_POOL_SIZE];
static unsigned int mem_pool_next;
static struct kmemleak_object *mem_pool_free_list;
bool kmemleak_pool_only;		/* a ktest: take every record from it */

static struct kmemleak_object **bucket_of(u64 ptr)
{
	return &object_hash[((ptr >> 4) * 0x9e3779b97f4a7c15ull) >>
			    (64 - KMEMLEAK_HASH_BITS)];
}

/* Out of memory for a record, the pool too: stop, as Linux does, rather
 * than miss an object whose pointers would then go unscanned (and report
 * what only it reaches). No scan runs and nothing is listed after. */
static void kmemleak_disable(void)
{
	if (READ_ONCE(kmemleak_disabled))
		return;
	WRITE_ONCE(kmemleak_disabled, true);
	pr_warn("kmemleak: Cannot allocate a kmemleak_object structure\n");
	pr_warn("kmemleak: Kernel memory leak detector disabled\n");
}

/* A record from mem_pool[], or NULL when it is used up. */
static struct kmemleak_object *mem_pool_alloc(void)
{
	unsigned long flags = spin_lock_irqsave(&kmemleak_lock);
	struct kmemleak_object *o = mem_pool_free_list;

	if (o)
		mem_pool_free_list = o->next;
	else if (mem_pool_next < MEM_POOL_SIZE)
		o = &mem_pool[mem_pool_next++];
	spin_unlock_irqrestore(&kmemleak_lock, flags);
	return o;
}

/* Free record @o (NULL: nothing), to the pool if it came from there. */
static void free_object(struct kmemleak_object *o)
{
	unsigned long flags;

	if (o < mem_pool || o >= mem_pool + MEM_POOL_SIZE) {
		kfree(o);
		return;
	}
	flags = spin_lock_irqsave(&kmemleak_lock);
	o->next = mem_pool_free_list;
	mem_pool_free_list = o;
	spin_unlock_irqrestore(&kmemleak_lock, flags);
}

/* A record for @ptr, its stack still to fill; NULL when off, or out of
 * memory and of the pool (which turns kmemleak off). */
static struct kmemleak_object *new_object(u64 ptr, size_t size,
					  size_t scan_size, u32 flags)
{
	struct kmemleak_object *o = NULL;

	if (READ_ONCE(kmemleak_disabled))
		return NULL;
	if (!READ_ONCE(kmemleak_pool_only))
		o = kmalloc(sizeof(*o), __GFP_NOLEAKTRACE);
	if (!o)
		o = mem_pool_alloc();
	if (!o) {
		kmemleak_disable();
		return NULL;
	}
	*o = (struct kmemleak_object){ .ptr = ptr, .size = size,
				       .scan_size = scan_size, .flags = flags,
				       .min_count = 1, .jiffies = jiffies,
				       .cpu = (int)smp_processor_id() };
	if (in_task()) {
		o->pid = current->pid;
		strscpy(o->comm, current->comm, sizeof(o->comm));
	} else {
		strscpy(o->comm, in_hardirq() ? "hardirq" : "softirq",
			sizeof(o->comm));
	}
	return o;
}

static void insert_object(struct kmemleak_object *o)
{
	struct kmemleak_object **b = bucket_of(o->ptr);
	unsigned long flags = spin_lock_irqsave(&kmemleak_lock);

	if (scanning)		/* born during the scan: not white in it */
		o->flags |= OBJECT_GRAY;
	o->next = *b;
	*b = o;
	if (o->flags & OBJECT_VMALLOC)
		list_add(&o->vmalloc_node, &vmalloc_objects);
	spin_unlock_irqrestore(&kmemleak_lock, flags);
}

void kmemleak_alloc(const void *ptr, size_t size, size_t scan_size, gfp_t gfp)
{
	struct kmemleak_object *o;

	if (ZERO_OR_NULL_PTR(ptr) || (gfp & __GFP_NOLEAKTRACE))
		return;
	o = new_object((u64)ptr, size, scan_size, 0);
	if (!o)
		return;
	o->trace_len = stack_trace_save(o->trace, KMEMLEAK_DEPTH);
	insert_object(o);
}

void kmemleak_vmalloc(const void *ptr, size_t size)
{
	struct kmemleak_object *o;

	if (!ptr)
		return;
	o = new_object((u64)ptr, size, ALIGN_UP(size, PAGE_SIZE),
		       OBJECT_VMALLOC);
	if (!o)
		return;
	o->min_count = 2;	/* its struct vmap_area's start is one */
	o->trace_len = stack_trace_save(o->trace, KMEMLEAK_DEPTH);
	insert_object(o);
}

/* Take @ptr's record out of the table; NULL when it has none. */
static struct kmemleak_object *unlink_object(u64 ptr)
{
	struct kmemleak_object **p = bucket_of(ptr), *o;

	for (; (o = *p); p = &o->next) {
		if (o->ptr == ptr) {
			*p = o->next;
			if (o->flags & OBJECT_VMALLOC)
				list_del(&o->vmalloc_node);
			return o;
		}
	}
	return NULL;
}

void kmemleak_free(const void *ptr)
{
	struct kmemleak_object *o;
	unsigned long flags;

	if (ZERO_OR_NULL_PTR(ptr))
		return;
	flags = spin_lock_irqsave(&kmemleak_lock);
	o = unlink_object((u64)ptr);
	if (o && scanning) {	/* the gray list may name it: keep it */
		o->flags |= OBJECT_FREED;
		o->next = deferred_free;
		deferred_free = o;
		o = NULL;
	}
	spin_unlock_irqrestore(&kmemleak_lock, flags);
	free_object(o);
}

/* ---- the scan ---- */

static struct kmemleak_object *lookup(u64 ptr)
{
	struct kmemleak_object *o = *bucket_of(ptr);

	while (o && o->ptr != ptr)
		o = o->next;
	return o;
}

bool kmemleak_in_pool(const void *ptr)
{
	unsigned long flags = spin_lock_irqsave(&kmemleak_lock);
	struct kmemleak_object *o = lookup((u64)ptr);
	bool in = o && o >= mem_pool && o < mem_pool + MEM_POOL_SIZE;

	spin_unlock_irqrestore(&kmemleak_lock, flags);
	return in;
}

/* The object starting at @start if it covers @v. */
static struct kmemleak_object *covering(u64 start, u64 v)
{
	struct kmemleak_object *o = lookup(start);

	return o && v < o->ptr + o->scan_size ? o : NULL;
}

/*
 * The object that direct-map address @v points into. Objects are aligned
 * to their size: a slab's to its size class, a large block to its order,
 * so the candidates are few.
 */
static struct kmemleak_object *find_direct(u64 v)
{
	struct page *page = &mem_map[(v - PAGE_OFFSET) >> PAGE_SHIFT];
	struct kmemleak_object *o = NULL;
	u32 flags = READ_ONCE(page->flags);

	if (flags & PG_slab) {
		for (u64 sz = KMALLOC_MIN_SIZE; !o && sz <= KMALLOC_MAX_CACHE_SIZE;
		     sz <<= 1)
			o = covering(v & ~(sz - 1), v);
	} else if (!(flags & PG_reserved)) {
		for (unsigned int order = 0; !o && order <= MAX_PAGE_ORDER; order++)
			o = covering(v & ~(((u64)PAGE_SIZE << order) - 1), v);
	}
	return o;
}

/* The recorded object that @v points into, or NULL. */
static struct kmemleak_object *find_object(u64 v)
{
	struct kmemleak_object *o;

	if (v >= PAGE_OFFSET && v < PAGE_OFFSET + (max_pfn << PAGE_SHIFT))
		return find_direct(v);
	if (v < VMALLOC_START || v >= VMALLOC_END)
		return NULL;
	list_for_each_entry(o, &vmalloc_objects, vmalloc_node)
		if (v >= o->ptr && v < o->ptr + o->scan_size)
			return o;
	return NULL;
}

/* Mark what every word of [start, end) points into; kmemleak_lock held. */
static void scan_block(u64 start, u64 end)
{
	for (u64 p = ALIGN_UP(start, 8); p + 8 <= end; p += 8) {
		u64 v = *(const u64 *)p;
		struct kmemleak_object *o;

		if (v < PAGE_OFFSET)	/* user values, physical addresses */
			continue;
		o = find_object(v);
		if (o && !(o->flags & OBJECT_GRAY) && ++o->count >= o->min_count) {
			o->flags |= OBJECT_GRAY;
			o->next_gray = gray_list;
			gray_list = o;
		}
	}
}

/* Scan [start, end) one chunk per lock hold; stop if @o (the object
 * the range is, if any) is freed meanwhile. */
static void scan_range(u64 start, u64 end, struct kmemleak_object *o)
{
	for (u64 p = start; p < end; p += SCAN_CHUNK) {
		unsigned long flags = spin_lock_irqsave(&kmemleak_lock);
		bool freed = o && (o->flags & OBJECT_FREED);

		if (!freed)
			scan_block(p, MIN(end, p + SCAN_CHUNK));
		spin_unlock_irqrestore(&kmemleak_lock, flags);
		if (freed)
			return;
	}
}

/* Every block the page allocator handed out to the kernel itself. */
static void scan_pages(void)
{
	const u32 not_roots = PG_slab | PG_large_kmalloc | PG_anon | PG_shmem;

	for (u64 pfn = 0; pfn < max_pfn;) {
		const struct page *page = &mem_map[pfn];
		u32 flags = READ_ONCE(page->flags);
		u64 n = 1;

		if (flags & (PG_buddy | PG_head))
			n = 1ull << MIN(READ_ONCE(page->order), MAX_PAGE_ORDER);
		if (pfn & (n - 1) || pfn + n > max_pfn)	/* changing: skip */
			n = 1;
		if ((flags & PG_head) && !(flags & not_roots)) {
			u64 va = PAGE_OFFSET + (pfn << PAGE_SHIFT);

			scan_range(va, va + (n << PAGE_SHIFT), NULL);
		}
		pfn += n;
	}
}

/* Scan the contents of gray objects until none is left. */
static void scan_gray_list(void)
{
	for (;;) {
		unsigned long flags = spin_lock_irqsave(&kmemleak_lock);
		struct kmemleak_object *o = gray_list;

		if (o)
			gray_list = o->next_gray;
		spin_unlock_irqrestore(&kmemleak_lock, flags);
		if (!o)
			return;
		scan_range(o->ptr, o->ptr + o->scan_size, o);
	}
}

/* Run @fn on every record, one hash bucket per lock hold. */
static int for_each_object(int (*fn)(struct kmemleak_object *o))
{
	int n = 0;

	for (u32 b = 0; b < ARRAY_SIZE(object_hash); b++) {
		unsigned long flags = spin_lock_irqsave(&kmemleak_lock);

		for (struct kmemleak_object *o = object_hash[b]; o; o = o->next)
			n += fn(o);
		spin_unlock_irqrestore(&kmemleak_lock, flags);
	}
	return n;
}

/* Before a scan: all white, but "clear"ed objects gray and scanned. */
static int paint_white(struct kmemleak_object *o)
{
	o->flags &= ~OBJECT_GRAY;
	o->count = 0;
	if (o->flags & OBJECT_CLEARED) {
		o->flags |= OBJECT_GRAY;
		o->next_gray = gray_list;
		gray_list = o;
	}
	return 0;
}

static bool old_enough(const struct kmemleak_object *o)
{
	return jiffies - o->jiffies >= READ_ONCE(kmemleak_min_age);
}

/* A suspected leak: white in two scans in a row, and old enough. */
static bool unreferenced(const struct kmemleak_object *o)
{
	return o->white_scans >= 2 && old_enough(o);
}

/* After a scan: count white scans; 1 for a leak not reported before. */
static int count_white(struct kmemleak_object *o)
{
	if (o->flags & OBJECT_GRAY) {
		o->white_scans = 0;
		return 0;
	}
	o->white_scans++;
	if (!unreferenced(o) || (o->flags & OBJECT_REPORTED))
		return 0;
	o->flags |= OBJECT_REPORTED;
	return 1;
}

int kmemleak_scan(void)
{
	struct kmemleak_object *freed;
	unsigned long flags;
	int leaks;

	if (READ_ONCE(kmemleak_disabled))
		return 0;	/* objects went unrecorded: no verdict */
	mutex_lock(&scan_mutex);
	flags = spin_lock_irqsave(&kmemleak_lock);
	scanning = true;
	spin_unlock_irqrestore(&kmemleak_lock, flags);
	for_each_object(paint_white);
	scan_range((u64)_data, (u64)_edata, NULL);
	/* bss, but not mem_pool[]: its records name every object they track */
	scan_range((u64)__bss_start, (u64)mem_pool, NULL);
	scan_range((u64)(mem_pool + MEM_POOL_SIZE), (u64)__bss_end, NULL);
	scan_range((u64)mem_map, (u64)(mem_map + max_pfn), NULL);
	scan_pages();
	scan_gray_list();
	leaks = READ_ONCE(kmemleak_disabled) ? 0 : for_each_object(count_white);
	flags = spin_lock_irqsave(&kmemleak_lock);
	scanning = false;
	freed = deferred_free;
	deferred_free = NULL;
	spin_unlock_irqrestore(&kmemleak_lock, flags);
	while (freed) {
		struct kmemleak_object *next = freed->next;

		free_object(freed);
		freed = next;
	}
	mutex_unlock(&scan_mutex);
	if (leaks)
		pr_info("kmemleak: %d new suspected memory leaks (see /proc/kmemleak)\n",
			leaks);
	return leaks;
}

/* ---- what /proc/kmemleak shows (kernel/fs/proc/kmemleak.c) ---- */

/* The @idx-th record of bucket @b, copied to @c if it is a reported
 * leak: 1; 0 if it is not, -1 past the end of the bucket. */
static int copy_leak(u32 b, u32 idx, struct kmemleak_leak *c)
{
	unsigned long flags = spin_lock_irqsave(&kmemleak_lock);
	struct kmemleak_object *o = object_hash[b];
	int ret = 0;

	while (o && idx--)
		o = o->next;
	if (!o) {
		ret = -1;
	} else if ((o->flags & OBJECT_REPORTED) && unreferenced(o) &&
		   !(o->flags & OBJECT_CLEARED)) {
		*c = (struct kmemleak_leak){ .ptr = o->ptr, .size = o->size,
					     .pid = o->pid, .jiffies = o->jiffies,
					     .trace_len = o->trace_len };
		memcpy(c->comm, o->comm, sizeof(c->comm));
		memcpy(c->trace, o->trace, sizeof(c->trace));
		c->hex_len = MIN(o->size, sizeof(c->hex));
		for (size_t i = 0; i < c->hex_len; i++)	/* no KASAN check */
			c->hex[i] = ((const u8 *)o->ptr)[i];
		ret = 1;
	}
	spin_unlock_irqrestore(&kmemleak_lock, flags);
	return ret;
}

bool kmemleak_next_leak(u64 *pos, struct kmemleak_leak *c)
{
	if (READ_ONCE(kmemleak_disabled))
		return false;	/* its reports are void */
	for (u32 b = *pos >> 32; b < ARRAY_SIZE(object_hash); b++) {
		u32 idx = b == *pos >> 32 ? (u32)*pos : 0;
		int r;

		while ((r = copy_leak(b, idx++, c)) == 0)
			;
		if (r > 0) {
			*pos = (u64)b << 32 | idx;
			return true;
		}
	}
	return false;
}

/* "clear": the leaks listed now are never listed again. */
static int clear_leak(struct kmemleak_object *o)
{
	if (unreferenced(o))
		o->flags |= OBJECT_CLEARED;
	return 0;
}

void kmemleak_clear(void)
{
	for_each_object(clear_leak);
}

/* ---- /proc/slab/<cache>/alloc_traces (kernel/fs/proc/slab.c) ---- */

void kmemleak_visit(size_t scan_size,
		    void (*fn)(void *data, const struct kmemleak_record *r),
		    void *data)
{
	for (u32 b = 0; b < ARRAY_SIZE(object_hash); b++) {
		unsigned long flags = spin_lock_irqsave(&kmemleak_lock);

		for (struct kmemleak_object *o = object_hash[b]; o; o = o->next)
			if (o->scan_size == scan_size && !(o->flags & OBJECT_VMALLOC))
				fn(data, &(struct kmemleak_record){ o->jiffies,
					o->pid, o->cpu, o->trace_len, o->trace });
		spin_unlock_irqrestore(&kmemleak_lock, flags);
	}
}

bool kmemleak_enabled(void)
{
	return !READ_ONCE(kmemleak_disabled);
}

bool kmemleak_setup_param(const char *key, const char *val)
{
	if (strcmp(key, "kmemleak") || !val)
		return false;
	if (!strcmp(val, "off")) {
		WRITE_ONCE(kmemleak_disabled, true);
		pr_info("kmemleak: Kernel memory leak detector disabled\n");
	}
	return !strcmp(val, "off") || !strcmp(val, "on");
}

#endif
