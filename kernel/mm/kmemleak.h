/*
 * kmemleak, the kernel memory leak detector (DEBUG_KERNEL=1 builds only,
 * kernel/mm/kmemleak.c): every kmalloc() and vmalloc() object is recorded
 * with its allocating stack, and a scan, as a garbage collector's mark
 * phase, looks for objects that no pointer reaches any more. Reading
 * /proc/kmemleak (Linux's /sys/kernel/debug/kmemleak) lists them; writing
 * "scan" runs a scan, "clear" forgets the leaks found so far.
 *
 * In the default build every hook is an empty inline function.
 */
#ifndef KERNEL_MM_KMEMLEAK_H
#define KERNEL_MM_KMEMLEAK_H

#include "kernel/mm/page_alloc.h"
#include "lib/types.h"

#define KMEMLEAK_DEPTH 16		/* stack entries recorded */
#define KMEMLEAK_COMM_LEN 16		/* TASK_COMM_LEN */
#define KMEMLEAK_HEX_MAX 32		/* bytes of an object a report dumps */

/* A suspected leak, as /proc/kmemleak reports it. */
struct kmemleak_leak {
	u64 ptr;
	size_t size;			/* bytes asked for */
	int pid;
	char comm[KMEMLEAK_COMM_LEN];	/* the allocating task, or "hardirq" */
	u64 jiffies;			/* when it was allocated */
	int trace_len;
	u64 trace[KMEMLEAK_DEPTH];	/* the allocating stack, newest first */
	size_t hex_len;
	u8 hex[KMEMLEAK_HEX_MAX];	/* its first bytes */
};

/* What kmemleak_visit() shows of a record. */
struct kmemleak_record {
	u64 jiffies;			/* when it was allocated */
	int pid, cpu;			/* by whom, where */
	int trace_len;
	const u64 *trace;		/* the allocating stack, newest first */
};

#ifdef CONFIG_DEBUG_KMEMLEAK
/* kmalloc() returned @ptr for @size bytes; the caller may use @scan_size
 * (its ksize()). Nothing is recorded with __GFP_NOLEAKTRACE. */
void kmemleak_alloc(const void *ptr, size_t size, size_t scan_size,
		    gfp_t gfp);
/* vmalloc() mapped @size bytes at @ptr. */
void kmemleak_vmalloc(const void *ptr, size_t size);
/* @ptr (from kmalloc() or vmalloc()) is being freed: forget it. */
void kmemleak_free(const void *ptr);
/* One scan; the number of leaks it found that were not reported before. */
int kmemleak_scan(void);
/* Copy the next reported leak from *@pos (0: the first) to @leak and
 * advance *@pos; false when there is none. */
bool kmemleak_next_leak(u64 *pos, struct kmemleak_leak *leak);
/* Stop reporting the leaks found so far ("clear"). */
void kmemleak_clear(void);
/* Call @fn for each live kmalloc() object recorded whose size class
 * (ksize()) is @scan_size, one hash bucket per hold of kmemleak's lock:
 * @fn runs with interrupts off and must not sleep or allocate; @r is
 * valid during the call only. Objects allocated with __GFP_NOLEAKTRACE
 * (kmemleak's own records) are not recorded, so not visited. */
void kmemleak_visit(size_t scan_size,
		    void (*fn)(void *data, const struct kmemleak_record *r),
		    void *data);
/* Jiffies an object must have lived to be a leak (ktests lower it). */
extern u64 kmemleak_min_age;
/* Start the [kmemleak] thread: a scan a minute after boot, then every
 * 600 s (before user space starts). */
void kmemleak_late_init(void);
/* "scan=@arg" written to /proc/kmemleak: "on", "off" or a period in
 * seconds (0: off); off keeps the period for the next "on". 0 or
 * -EINVAL. */
int kmemleak_set_scan(const char *arg);
/* Handle kernel parameter kmemleak=on|off (off: record and scan nothing);
 * false for any other. */
bool kmemleak_setup_param(const char *key, const char *val);
/* Is kmemleak on: not "kmemleak=off", nor turned off by running out of
 * records (kmalloc() and the emergency pool both empty)? */
bool kmemleak_enabled(void);
/* Does the record of object @ptr come from the emergency pool? (ktest) */
bool kmemleak_in_pool(const void *ptr);
/* A ktest: take every record from the emergency pool. */
extern bool kmemleak_pool_only;
#else
static inline void kmemleak_alloc(const void *ptr, size_t size,
				  size_t scan_size, gfp_t gfp) {}
static inline void kmemleak_vmalloc(const void *ptr, size_t size) {}
static inline void kmemleak_free(const void *ptr) {}
static inline void kmemleak_late_init(void) {}
static inline bool kmemleak_setup_param(const char *key, const char *val)
{
	return false;
}
#endif

#endif
