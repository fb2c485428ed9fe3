/*
 * Memory objects that address spaces map (Linux's struct address_space
 * and page cache, mm/filemap.c and mm/shmem.c): the pages of a tmpfs
 * file, of a memfd, or of MAP_SHARED anonymous memory. Each page of the
 * object is one struct page, found by its index (the file offset in
 * pages); a hole (never written, or grown by ftruncate) has none until
 * it is touched. The object keeps a reference on each of its pages, and
 * every PTE that maps one takes another, so a page outlives a truncation
 * in the mms that still map it only until they are zapped.
 *
 * Every VMA mapping an object is on its i_mmap list, so a truncation
 * (filemap_truncate()) can clear the PTEs past the new end: a later
 * access there is SIGBUS, as on Linux.
 *
 * Locking: mapping->lock guards pages, size and i_mmap. It nests inside
 * mm->lock (the fault path takes it under mm->lock), so nothing may take
 * an mm->lock while holding it.
 */
#ifndef KERNEL_MM_FILEMAP_H
#define KERNEL_MM_FILEMAP_H

#include "kernel/locking/spinlock.h"
#include "lib/list.h"
#include "lib/refcount.h"
#include "lib/types.h"

struct page;
struct vm_area_struct;
struct address_space;

/* What an object's owner wants to hear about its mappings (Linux's
 * vm_operations_struct open and close): System V shared memory counts
 * its attaches this way (kernel/ipc/shm.c). Both run with any lock held,
 * mm->lock too, so they may not sleep or take an mm->lock. */
struct mapping_vm_ops {
	void (*open)(struct address_space *m);	/* a new VMA maps it */
	void (*close)(struct address_space *m);	/* a VMA is gone */
	/* Optional: remap_file_pages() is about to map @m anew over a whole
	 * VMA of it. 0, or -EIDRM when Linux's new mapping would find the
	 * object gone (a removed segment whose last attach that VMA is). */
	int (*remap)(struct address_space *m);
};

/* A limit on the pages a group of objects may make: a tmpfs instance's
 * size= (Linux's shmem_sb_info max_blocks and used_blocks), shared by
 * its files' objects and the instance, freed with the last of them. */
struct filemap_quota {
	refcount_t count;
	atomic_long_t used;		/* pages the objects hold */
	u64 max;			/* pages they may */
};

struct address_space {
	struct filemap_quota *quota;	/* NULL: no limit but memory */
	refcount_t count;		/* the file, and each VMA mapping it */
	spinlock_t lock;		/* pages, size, i_mmap (inside mm->lock) */
	struct page **pages;		/* index -> page; NULL: a hole */
	u64 nr_slots;			/* entries in pages[] */
	u64 size;			/* bytes; pages past it are SIGBUS */
	u64 zap_gen;			/* filemap_truncate()'s walks */
	struct list_head i_mmap;	/* VMAs mapping it (their ->shared) */
	const struct mapping_vm_ops *vm_ops;	/* NULL for most objects */
	void *private_data;		/* vm_ops' owner's (a segment) */
};

/* A new, empty object of @size bytes (all holes), referenced once; NULL
 * when out of memory. */
struct address_space *mapping_alloc(u64 size);
/* A quota of @max_pages, referenced once; NULL when out of memory. */
struct filemap_quota *filemap_quota_alloc(u64 max_pages);
/* Drop a reference to @q (NULL: nothing). */
void filemap_quota_put(struct filemap_quota *q);
/* The pages @m makes from now on count against @q (a reference taken);
 * past its max, @m makes none: a write is ENOSPC, a fault SIGBUS, as a
 * full tmpfs on Linux. @m holds no page yet. */
void mapping_set_quota(struct address_space *m, struct filemap_quota *q);
/* One more reference on @m (a new VMA mapping it). */
void mapping_get(struct address_space *m);
/* Drop a reference; the last frees the object and puts its pages. */
void mapping_put(struct address_space *m);

/*
 * Page @index of @m with a reference for the caller (put_page it, or
 * hand it to a PTE), allocating a zeroed page for a hole when @create.
 * NULL for a hole without @create, or out of memory. No size check: the
 * file system checks its own size (read, write); faults use filemap_fault().
 */
struct page *filemap_get_page(struct address_space *m, u64 index, bool create);
/* Drop a reference filemap_get_page() gave (the object keeps its own;
 * a page a truncation took out goes with the last). */
void filemap_put_page(struct page *page);
/* Make @page page @index of @m, which takes over the caller's reference
 * (a root file's pages): 0, or -ENOMEM (the reference stays the
 * caller's). Not counted as Shmem. */
int filemap_add_page(struct address_space *m, u64 index, struct page *page);
/*
 * The fault path's lookup (mm->lock held): page @index referenced, or
 * NULL with *@sigbus set when @index is at or past the end of @m or its
 * quota is spent, or NULL alone when out of memory.
 */
struct page *filemap_fault(struct address_space *m, u64 index, bool *sigbus);
/* @m is now @size bytes, grown (the new part reads zeroes). For a shrink,
 * filemap_truncate(). */
void filemap_grow(struct address_space *m, u64 size);
/*
 * @m shrinks to @size bytes: the tail of the last page is zeroed, the
 * pages past it leave the object, and every mm that maps them loses its
 * PTEs there (a later access: SIGBUS). Process context, no locks held.
 */
void filemap_truncate(struct address_space *m, u64 size);
/*
 * Bytes [@start, @end) of @m read as zeroes from now on: the whole pages
 * among them leave the object (holes again, freed with their last
 * reference) and every mapping of them; the parts of pages at the edges
 * are zeroed in place. fallocate's FALLOC_FL_PUNCH_HOLE. Process context,
 * no spinlocks held.
 */
void filemap_punch_hole(struct address_space *m, u64 start, u64 end);
/*
 * lseek's SEEK_DATA (@data) or SEEK_HOLE in @m from byte @offset: where
 * the next page with data, or the next hole, starts (never before
 * @offset; the end of @m is a hole). -ENXIO at or past the end, or when
 * no data follows. Linux's shmem_file_llseek().
 */
s64 filemap_seek_data_hole(struct address_space *m, u64 offset, bool data);
/* Does a MAP_SHARED mapping that may write (VM_MAYWRITE) map @m? What
 * F_SEAL_WRITE refuses (EBUSY). */
bool filemap_mapped_writable(struct address_space *m);
/* Does any VMA map @m? (A packet socket's ring may not change then.) */
bool filemap_mapped(struct address_space *m);
/* Pages @m holds now (System V shared memory's Rss). */
u64 filemap_nr_pages(struct address_space *m);
/* Pages the objects made and hold (Linux's Shmem in /proc/meminfo). */
u64 nr_shmem_pages(void);

#endif
