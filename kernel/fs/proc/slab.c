/*
 * /proc/slab/<cache>/alloc_traces (CONFIG_DEBUG_KMEMLEAK), Linux's
 * /sys/kernel/debug/slab/<cache>/alloc_traces: the live objects of a
 * kmalloc cache grouped by the stack that allocated them, most objects
 * first. The stacks are kmemleak's records (kernel/mm/kmemleak.c
 * kmemleak_visit()), as Linux's are SLUB's user tracking (slub_debug=U). A line per stack:
 *
 *      12 alloc_inode+0x2b/0x90 age=1021/30214/61230 pid=57-1203 cpus=0-1
 *         kmalloc+0x.../0x...
 *         ...
 *
 * the count, the first caller outside the allocator, the objects' ages in
 * jiffies (min/avg/max, or one when all are the same), the allocating
 * pids and CPUs, then the whole stack and a blank line. Read one before
 * and one after a workload that should give everything back, and what
 * grew is where a leak or a missing put is; an object's age says when it
 * was allocated. kmemleak's own records (kmalloc-256) are not recorded,
 * so not listed: /proc/slabinfo counts them.
 */
#ifdef CONFIG_DEBUG_KMEMLEAK

#include "kernel/fs/proc/internal.h"
#include "kernel/fs/seq_buf.h"
#include "kernel/kallsyms.h"
#include "kernel/mm/kmemleak.h"
#include "kernel/mm/slab.h"
#include "kernel/mm/vmalloc.h"
#include "kernel/time/time.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"

#define CACHE_DIR(sz) { .name = "kmalloc-" #sz, .mode = S_IFDIR | 0500, \
			.iops = &slab_cache_iops }

static const struct inode_operations slab_cache_iops;

/* kmalloc's size classes (kernel/mm/slab.c), smallest first. */
static const struct proc_entry slab_caches[] = {
	CACHE_DIR(16), CACHE_DIR(32), CACHE_DIR(64), CACHE_DIR(128),
	CACHE_DIR(256), CACHE_DIR(512), CACHE_DIR(1024), CACHE_DIR(2048),
};
_Static_assert(KMALLOC_MIN_SIZE == 16 &&
	       KMALLOC_MIN_SIZE << (ARRAY_SIZE(slab_caches) - 1) ==
	       KMALLOC_MAX_CACHE_SIZE, "a directory per kmalloc size class");

static int alloc_traces_show(struct seq_buf *m, void *pi);

static const struct proc_entry cache_files[] = {
	{ .name = "alloc_traces", .mode = S_IFREG | 0400,
	  .show = alloc_traces_show },
};

/* Inode numbers: the caches' directories, then a block of files each. */
#define SLAB_DIR_INO(i) (PROC_SLAB_INO_BASE + 1 + (i))
#define SLAB_FILE_INO(cache) (PROC_SLAB_INO_BASE + 0x10 * (1 + (cache)))

/* Room a site's lines take at most: past it, the largest file ends. */
#define TAIL_ROOM ((KMEMLEAK_DEPTH + 2) * (KSYM_NAME_LEN + 24))

/* The cache directory an inode was made for: its entry's index. */
static size_t cache_index(const struct inode *dir)
{
	const struct proc_entry *e = PROC_I(dir)->entry;

	BUG_ON(e < slab_caches || e >= slab_caches + ARRAY_SIZE(slab_caches));
	return (size_t)(e - slab_caches);
}

/* One allocating stack of a cache's live objects: an entry of the file
 * (Linux's struct location). */
struct alloc_site {
	u64 count;			/* live objects it allocated */
	u64 min_age, max_age, sum_age;	/* their ages, in jiffies */
	int min_pid, max_pid;		/* the allocating tasks' pids */
	u64 cpus;			/* a bit per allocating CPU */
	int trace_len;
	u64 trace[KMEMLEAK_DEPTH];	/* the allocating stack, newest first */
};

#define MAX_SITES 4096			/* stacks a listing tells apart */

/* The sites of one cache, gathered by kmemleak_visit(). */
struct alloc_sites {
	u32 nr;				/* sites found */
	u64 untold;			/* objects of the sites past MAX_SITES */
	struct alloc_site *site;	/* [MAX_SITES] */
	u32 *slot;			/* [2 * MAX_SITES]: hash index (site
					 * + 1), then the order by count */
};

static u32 trace_hash(const struct kmemleak_record *r)
{
	u64 h = (u64)r->trace_len;

	for (int i = 0; i < r->trace_len; i++)
		h = (h ^ r->trace[i]) * 0x100000001b3ull;
	return (u32)(h ^ h >> 32);
}

static bool same_trace(const struct alloc_site *site,
		       const struct kmemleak_record *r)
{
	return site->trace_len == r->trace_len &&
	       !memcmp(site->trace, r->trace, sizeof(u64) * (size_t)r->trace_len);
}

/* kmemleak_visit()'s callback (interrupts off, no allocation): count @r
 * in the site of its stack, a new site if it has none. */
static void add_to_site(void *data, const struct kmemleak_record *r)
{
	struct alloc_sites *s = data;
	u64 age = jiffies - r->jiffies;
	struct alloc_site *site;
	u32 i = trace_hash(r) % (2 * MAX_SITES);

	while (s->slot[i] && !same_trace(&s->site[s->slot[i] - 1], r))
		i = (i + 1) % (2 * MAX_SITES);
	if (!s->slot[i]) {
		if (s->nr == MAX_SITES) {
			s->untold++;
			return;
		}
		site = &s->site[s->nr++];
		*site = (struct alloc_site){ .min_age = age, .max_age = age,
					     .min_pid = r->pid, .max_pid = r->pid,
					     .trace_len = r->trace_len };
		memcpy(site->trace, r->trace, sizeof(u64) * (size_t)r->trace_len);
		s->slot[i] = s->nr;
	}
	site = &s->site[s->slot[i] - 1];
	site->count++;
	site->sum_age += age;
	site->min_age = MIN(site->min_age, age);
	site->max_age = MAX(site->max_age, age);
	site->min_pid = MIN(site->min_pid, r->pid);
	site->max_pid = MAX(site->max_pid, r->pid);
	site->cpus |= 1ull << (r->cpu & 63);
}

/* s->slot[0..nr) := the site indexes, most objects first (a shell sort
 * over Ciura's gaps: a few thousand sites, no recursion). */
static void sort_sites(struct alloc_sites *s)
{
	static const u32 gaps[] = { 701, 301, 132, 57, 23, 10, 4, 1 };
	u32 *ord = s->slot;

	for (u32 i = 0; i < s->nr; i++)
		ord[i] = i;
	for (size_t g = 0; g < ARRAY_SIZE(gaps); g++) {
		for (u32 i = gaps[g]; i < s->nr; i++) {
			u32 v = ord[i], j = i;

			for (; j >= gaps[g] &&
			       s->site[ord[j - gaps[g]]].count < s->site[v].count;
			     j -= gaps[g])
				ord[j] = ord[j - gaps[g]];
			ord[j] = v;
		}
	}
}

static void free_sites(struct alloc_sites *s)
{
	vfree(s->site);
	vfree(s->slot);
}

/* The live objects of the cache of @size-byte objects, by stack, most
 * first: 0, or -ENOMEM. Sleeps (vmalloc()). */
static int collect_sites(size_t size, struct alloc_sites *s)
{
	*s = (struct alloc_sites){
		.site = vmalloc(sizeof(*s->site) * MAX_SITES),
		.slot = vzalloc(sizeof(*s->slot) * 2 * MAX_SITES),
	};
	if (!s->site || !s->slot) {
		free_sites(s);
		return -ENOMEM;
	}
	kmemleak_visit(size, add_to_site, s);
	sort_sites(s);
	return 0;
}

/* Is @addr in the allocator itself (not the caller Linux names)? */
static bool in_allocator(u64 addr)
{
	static const char *const names[] = { "kmalloc", "kzalloc",
					     "kmalloc_large" };
	u64 size, off;
	const char *sym = kallsyms_lookup(addr, &size, &off);

	if (!sym)
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		size_t n = strlen(names[i]);

		if (!strncmp(sym, names[i], n) && (sym[n] == '\0' || sym[n] == '.'))
			return true;
	}
	return false;
}

static void show_site(struct seq_buf *m, const struct alloc_site *s)
{
	int first = 0;

	while (first + 1 < s->trace_len && in_allocator(s->trace[first]))
		first++;
	seq_printf(m, "%7lu ", (unsigned long)s->count);
	if (s->trace_len)
		seq_printf(m, "%pS", (void *)s->trace[first]);
	else
		seq_puts(m, "<not-available>");
	if (s->min_age != s->max_age)
		seq_printf(m, " age=%lu/%lu/%lu", (unsigned long)s->min_age,
			   (unsigned long)(s->sum_age / s->count),
			   (unsigned long)s->max_age);
	else
		seq_printf(m, " age=%lu", (unsigned long)s->min_age);
	if (s->min_pid != s->max_pid)
		seq_printf(m, " pid=%d-%d", s->min_pid, s->max_pid);
	else
		seq_printf(m, " pid=%d", s->min_pid);
	seq_puts(m, " cpus=");
	seq_put_bitmap_list(m, s->cpus);
	seq_putc(m, '\n');
	for (int i = 0; i < s->trace_len; i++)
		seq_printf(m, "        %pS\n", (void *)s->trace[i]);
	seq_putc(m, '\n');
}

static int alloc_traces_show(struct seq_buf *m, void *pi)
{
	size_t cache = (size_t)((struct proc_inode *)pi)->fd;
	struct alloc_sites s;
	u32 i;

	BUG_ON(cache >= ARRAY_SIZE(slab_caches));
	if (collect_sites((size_t)KMALLOC_MIN_SIZE << cache, &s))
		return -ENOMEM;
	for (i = 0; i < s.nr && !m->overflow; i++) {
		if (m->size >= SEQ_BUF_MAX && m->size - m->len < TAIL_ROOM)
			break;		/* the largest file: the rest untold */
		show_site(m, &s.site[s.slot[i]]);
	}
	for (; i < s.nr; i++)
		s.untold += s.site[s.slot[i]].count;
	if (s.untold && !m->overflow)
		seq_printf(m, "%7lu <objects of stacks not listed>\n",
			   (unsigned long)s.untold);
	free_sites(&s);
	return 0;
}

static struct inode *cache_lookup(struct inode *dir, const char *name,
				  size_t len)
{
	size_t cache = cache_index(dir);

	return proc_lookup_table(cache_files, ARRAY_SIZE(cache_files), name,
				 len, &(struct proc_inode){ .fd = (int)cache },
				 SLAB_FILE_INO(cache));
}

static int cache_readdir(struct inode *dir, struct dir_context *ctx)
{
	proc_readdir_table(ctx, cache_files, ARRAY_SIZE(cache_files),
			   SLAB_FILE_INO(cache_index(dir)));
	return 0;
}

static const struct inode_operations slab_cache_iops = {
	.lookup = cache_lookup,
	.readdir = cache_readdir,
};

static struct inode *slab_lookup(struct inode *dir, const char *name,
				 size_t len)
{
	return proc_lookup_table(slab_caches, ARRAY_SIZE(slab_caches), name,
				 len, &(struct proc_inode){ .fd = -1 },
				 SLAB_DIR_INO(0));
}

static int slab_readdir(struct inode *dir, struct dir_context *ctx)
{
	proc_readdir_table(ctx, slab_caches, ARRAY_SIZE(slab_caches),
			   SLAB_DIR_INO(0));
	return 0;
}

const struct inode_operations proc_slab_dir_iops = {
	.lookup = slab_lookup,
	.readdir = slab_readdir,
};

#endif
