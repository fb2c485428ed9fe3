/*
 * Address spaces: struct mm_struct and its VMAs (virtual memory areas).
 *
 * A process's user address space is a sorted list of VMAs, each a range
 * of pages with one set of rights and a name for /proc/<pid>/maps (the
 * executable's path, "[heap]", "[stack]", a thread's "[stack:<tid>]").
 * A red-black tree indexes the same VMAs by address, as in Linux before
 * the maple tree: with a VMA or two per thread stack, a process of
 * thousands of threads has thousands of VMAs, and finding one (every
 * fault, munmap, mprotect) takes O(log n) steps instead of a list walk.
 * Pages are allocated on first touch (the page-fault handler), so a VMA
 * can be much larger than the memory it uses: the main stack VMA grows
 * down on demand up to RLIMIT_STACK. fork shares the pages copy-on-write:
 * read-only in parent and child until one of them writes; a MAP_SHARED
 * VMA maps a memory object (filemap.h) whose pages every mm writes. The kernel half
 * of every page table is the same as init_mm's. Kernel threads have no mm
 * (task->mm == NULL) and run on init_mm's tables.
 */
#ifndef KERNEL_MM_H
#define KERNEL_MM_H

#include "kernel/locking/spinlock.h"
#include "lib/atomic.h"
#include "lib/list.h"
#include "lib/rbtree.h"
#include "lib/refcount.h"
#include "lib/types.h"

/* VMA flags, Linux's values. */
#define VM_READ 0x00000001
#define VM_WRITE 0x00000002
#define VM_EXEC 0x00000004
#define VM_SHARED 0x00000008		/* writes reach the object (MAP_SHARED) */
#define VM_MAYWRITE 0x00000020		/* VM_SHARED: mprotect may add VM_WRITE */
#define VM_GROWSDOWN 0x00000100
#define VM_STACK VM_GROWSDOWN
#define VM_LOCKED 0x00002000		/* mlock: counted in VmLck */
#define VM_DONTCOPY 0x00020000		/* not in a fork's child (the aio ring) */
#define VM_LOCKONFAULT 0x00080000	/* mlock2(MLOCK_ONFAULT) */
#define VM_DONTDUMP 0x04000000		/* madvise(MADV_DONTDUMP): not in a core */
/* Registered with a userfaultfd (kernel/mm/userfaultfd_k.h): absent pages,
 * writes to write-protected pages, absent PTEs of present object pages. */
#define VM_HUGETLB 0x00400000		/* 2 MiB pages (kernel/mm/hugetlb.h) */
#define VM_UFFD_MISSING 0x00000200
#define VM_UFFD_WP 0x00001000
#define VM_UFFD_MINOR (1ull << 37)
#define VM_UFFD_ALL (VM_UFFD_MISSING | VM_UFFD_WP | VM_UFFD_MINOR)
/* The protection key of the VMA's pages (Linux's VM_PKEY_BIT0-3;
 * kernel/mm/pkeys.c): 0-15, copied into every PTE. */
#define VM_PKEY_SHIFT 32
#define VM_PKEY_MASK (0xfull << VM_PKEY_SHIFT)

#define VMA_NAME_LEN 32
/* The most VMAs one address space may hold (Linux's vm.max_map_count
 * default): more is ENOMEM from mmap, mprotect and munmap alike. */
#define MAX_MAP_COUNT 65530

struct address_space;
struct core_state;
struct page;
struct task_struct;
struct userfaultfd_ctx;
struct hugetlb_obj;

struct vm_area_struct {
	u64 vm_start, vm_end;		/* [start, end), page-aligned */
	u64 vm_flags;			/* VM_* */
	u64 vm_pgoff;			/* file offset in pages (maps column;
					 * with vm_mapping, the page of it) */
	char name[VMA_NAME_LEN];	/* path, "[heap]", "[stack]", or "" */
	/* A mapping of a memory object (a tmpfs file, MAP_SHARED anonymous
	 * memory: kernel/mm/filemap.h), with a reference on it; NULL for
	 * anonymous private memory. vm_mm and shared (in the object's
	 * i_mmap list) let a truncation find the PTEs to clear. */
	struct address_space *vm_mapping;
	struct mm_struct *vm_mm;
	struct list_head shared;
	u32 vm_dev;			/* maps columns of a file mapping */
	u64 vm_ino;
	u64 vm_zap_gen;			/* filemap_truncate()'s walk: seen */
	struct userfaultfd_ctx *vm_uffd_ctx;	/* with VM_UFFD_*: who hears
						 * of its faults */
	/* VM_HUGETLB: the huge pages' object (shared, or a private
	 * mapping's file), with a reference; and the pages mmap reserved
	 * for this VMA that no fault has taken yet (private, the owner). */
	struct hugetlb_obj *vm_huge;
	u64 vm_huge_resv;
	struct list_head list;		/* in mm->mmap, sorted by address */
	struct rb_node vm_rb;		/* in mm->mm_rb, keyed by vm_start */
};

struct mm_struct {
	u64 *pgd;			/* top-level page table (PML4) */
	refcount_t mm_users;		/* threads using it */
	refcount_t mm_count;		/* holders of the struct itself: the
					 * users (as one) and mmgrab()s, such
					 * as a userfaultfd's */
	spinlock_t lock;		/* VMAs and page tables */
	atomic_t tlb_flush_pending;	/* forks that still owe a TLB flush */
	u64 cpu_mask;			/* CPUs that have it loaded (bit n:
					 * CPU n), for TLB shootdowns; above
					 * start_code, so fork does not copy it */
	struct list_head mmap;		/* the VMAs, in address order */
	struct rb_root mm_rb;		/* the same VMAs, for O(log n) lookup */
	int map_count;
	struct core_state *core_state;	/* a core dump is under way
					 * (kernel/fs/exec/coredump.c) */
	u64 start_code, end_code, start_data, end_data;
	u64 free_area_hint;		/* [hint, MMAP_BASE) has no gap:
					 * get_unmapped_area() starts here */
	u64 start_brk, brk;		/* the heap: [start_brk, brk) */
	u64 start_stack;		/* initial user rsp (argc) */
	u64 arg_start, arg_end, env_start, env_end;	/* /proc cmdline */
	u64 auxv[48];			/* the auxiliary vector, for /proc auxv */
	u64 total_vm, hiwater_vm;	/* pages mapped by VMAs, and the peak */
	u64 rss;			/* pages present (shared ones too) */
	u64 rss_file;			/* of those, file pages */
	u64 rss_shmem;			/* of those, tmpfs and shared memory
					 * pages (RssShmem, not RssFile) */
	u64 stack_vm;			/* pages of the main stack VMA */
	u64 data_vm;			/* writable, not stack: Linux's VmData */
	u64 locked_vm;			/* pages of VM_LOCKED VMAs: VmLck */
	u64 def_flags;			/* VM_LOCKED after mlockall(MCL_FUTURE) */
	char exe_path[64];		/* for maps, comm, /proc/<pid>/exe */
	int dumpable;			/* SUID_DUMP_USER, or 0 once the ids
					 * changed: /proc and ptrace refuse
					 * others (kernel/cred.c) */
	u16 pkey_allocation_map;	/* pkey_alloc()'s keys (bit n: key n;
					 * key 0 always); fork copies it */
	u32 membarrier_state;		/* MEMBARRIER_STATE_* registrations
					 * (kernel/sched/membarrier.c); fork
					 * keeps them, exec starts afresh */
	u32 coredump_filter;		/* /proc/<pid>/coredump_filter: the
					 * kinds of VMA a core holds
					 * (kernel/fs/exec/coredump.c); fork and
					 * exec keep it */
};

#define SUID_DUMP_USER 1		/* Linux's value */
/* Linux's default filter: private and shared anonymous memory, ELF
 * headers, private huge pages. */
#define MMF_DUMP_FILTER_DEFAULT 0x33
#define MMF_DUMP_FILTER_MASK 0x1ff

extern struct mm_struct init_mm;

/* A new, empty address space (kernel half only); NULL when out of memory. */
struct mm_struct *mm_alloc(void);
/* One fewer thread uses @mm; the last frees every page and table. */
void mmput(struct mm_struct *mm);
/* fork: a copy of @old whose present pages are shared copy-on-write
 * with it (read-only in both until written). NULL on failure, or when
 * fewer pages are free than @old has present. */
struct mm_struct *dup_mm(struct mm_struct *old);
/* Keep the struct of @mm (not its pages) until mmdrop(): for a holder,
 * such as a userfaultfd, that must not keep an exited process's memory. */
void mmgrab(struct mm_struct *mm);
/* Drop mmgrab()'s hold; the last frees the struct. */
void mmdrop(struct mm_struct *mm);
/* A user reference on @mm (mmput() it) unless its last user is gone. */
bool mmget_not_zero(struct mm_struct *mm);

/* Add a VMA [start, end) (page-aligned, free range); 0 or -errno. */
int vma_add(struct mm_struct *mm, u64 start, u64 end, u64 flags,
	    const char *name);
/* Add a VMA of @len bytes (page-aligned) in the highest free gap below
 * MMAP_BASE; its start, or -ENOMEM. Takes mm->lock. */
long vma_add_anywhere(struct mm_struct *mm, u64 len, u64 flags,
		      const char *name);
/* Record which file the VMA at @addr shows (an ELF segment): its offset
 * in pages, device and inode, the maps columns. */
void vma_set_file(struct mm_struct *mm, u64 addr, u64 pgoff, u32 dev, u64 ino);
/* The VMA containing @addr, or NULL. mm->lock held. */
struct vm_area_struct *find_vma(struct mm_struct *mm, u64 addr);
/*
 * Map @page, which its owner (the vDSO, a read-only file system) keeps a
 * reference on for ever, at @va of @mm, inside a VMA; the mapping takes
 * one more (get_page). Fork then shares it like any page, munmap and exit
 * drop the reference without freeing, and a write (after mprotect, or
 * gdb's through /proc/<pid>/mem) gets a private copy, as with Linux's
 * MAP_PRIVATE file pages. It counts as RssFile, never as anonymous
 * memory. 0, or -EFAULT (no VMA), -EBUSY, -ENOMEM.
 */
int vm_insert_page(struct mm_struct *mm, u64 va, struct page *page);
/* mmap(2)'s protections and flags, Linux's values. */
#define PROT_READ 0x1
#define PROT_WRITE 0x2
#define PROT_EXEC 0x4
#define MAP_SHARED 0x01
#define MAP_PRIVATE 0x02
#define MAP_SHARED_VALIDATE 0x03
#define MAP_TYPE 0x0f
#define MAP_FIXED 0x10
#define MAP_ANONYMOUS 0x20
#define MAP_GROWSDOWN 0x0100
#define MAP_DENYWRITE 0x0800
#define MAP_EXECUTABLE 0x1000
#define MAP_LOCKED 0x2000
#define MAP_NORESERVE 0x4000
#define MAP_POPULATE 0x8000
#define MAP_NONBLOCK 0x10000
#define MAP_STACK 0x20000
#define MAP_HUGETLB 0x40000
#define MAP_FIXED_NOREPLACE 0x100000
/* What MAP_SHARED_VALIDATE accepts (Linux's LEGACY_MAP_MASK and more). */
#define MAP_KNOWN (MAP_TYPE | MAP_FIXED | MAP_ANONYMOUS | MAP_GROWSDOWN | \
		   MAP_DENYWRITE | MAP_EXECUTABLE | MAP_LOCKED | MAP_NORESERVE | \
		   MAP_POPULATE | MAP_NONBLOCK | MAP_STACK | MAP_FIXED_NOREPLACE | \
		   MAP_HUGETLB)

/* What a file mapping maps; the file side of mmap fills it in. */
struct mmap_object {
	struct address_space *mapping;	/* the file's pages (the VMA takes
					 * a reference of its own) */
	u64 pgoff;			/* from this page of it */
	bool may_write;			/* mprotect may make it writable */
	u32 dev;			/* for /proc/<pid>/maps */
	u64 ino;
	char name[VMA_NAME_LEN];
	struct hugetlb_obj *huge;	/* a hugetlbfs file's pages (then
					 * mapping is NULL) */
};
/* mmap(2)'s checks of its arguments, before any file is looked at:
 * 0, -EINVAL, -EOPNOTSUPP, -ENOMEM, -EOVERFLOW. */
long mmap_check(u64 addr, u64 len, unsigned long flags, u64 off);
/* mmap(2) in current's mm once checked: anonymous memory (@obj NULL),
 * or @obj. The address, or -errno. */
long do_mmap(u64 addr, u64 len, unsigned long prot, unsigned long flags,
	     const struct mmap_object *obj);
/* Remove [start, end) from the VMAs and free its pages; 0 or -errno. */
int do_munmap(struct mm_struct *mm, u64 start, u64 len);
/* A free, page-aligned range of @len bytes below mmap_base; 0 if none.
 * mm->lock held (the gap is only free while it is). */
u64 get_unmapped_area(struct mm_struct *mm, u64 len);

/*
 * Handle a fault on user address @addr of current's mm (@write, @exec as
 * the access was). Returns 0 when the page is now mapped (and private,
 * for a write), or the signal to send: SIGSEGV when the access is not
 * allowed, SIGBUS when out of memory (the arch kills the process), or
 * VM_FAULT_SIGBUS past the end of a mapped file (a plain SIGBUS, as
 * Linux sends).
 */
int handle_mm_fault(u64 addr, bool write, bool exec, bool user);
#define VM_FAULT_SIGBUS 0x100
/* What /proc/<pid>/pagemap and smaps show of one user page. */
struct user_page_state {
	u64 va, pfn;
	u32 mapcount;			/* page tables mapping it (fork's
					 * copy-on-write sharing, a file's
					 * mappings) */
	bool anon;			/* private anonymous, not a file's */
	bool dirty, young;		/* the PTE's dirty and accessed bits */
};
/* Call @fn(@data, state) for each page mapped in [start, end) of @mm, in
 * address order (absent page tables are skipped whole). mm->lock held. */
void walk_user_pages(struct mm_struct *mm, u64 start, u64 end,
		     void (*fn)(void *data, const struct user_page_state *st),
		     void *data);
/* Copy into @mm's memory at @va through the direct map (exec builds the
 * new stack this way before switching to it); allocates pages. */
int mm_write(struct mm_struct *mm, u64 va, const void *src, u64 len);
/* Zero [va, va + len) of @mm, allocating the pages. */
int mm_zero(struct mm_struct *mm, u64 va, u64 len);

/* mprotect: new rights for [start, start + len); 0 or -ENOMEM/-errno. */
int mm_protect(struct mm_struct *mm, u64 start, u64 len, u64 vm_flags);
/* mm_protect() that also gives the range protection key @pkey (-1: each
 * VMA keeps its own; kernel/mm/pkeys.c). */
int mm_protect_pkey(struct mm_struct *mm, u64 start, u64 len, u64 vm_flags,
		    int pkey);
/* mprotect(2) and pkey_mprotect(2) on current's mm (@pkey -1: keep). */
long do_mprotect_pkey(u64 start, u64 len, unsigned long prot, int pkey);
/* mremap: resize (and maybe move) a mapping; the new address or -errno. */
long mm_remap(struct mm_struct *mm, u64 old, u64 old_len, u64 new_len,
	      bool may_move);

/*
 * @p's address space with a reference (mm_users), or NULL for a kernel
 * thread or an exiting task; mmput() it when done. For /proc readers.
 */
struct mm_struct *get_task_mm(struct task_struct *p);
/* Guards task->mm changes (exit, exec) against get_task_mm(). */
extern spinlock_t task_mm_lock;
/* Pin the @nr pages from page-aligned @start of current's memory into
 * @pages, a reference each (writable ones when @write): 0 or -EFAULT,
 * nothing pinned then (kernel/mm/gup.c). */
long pin_user_pages(u64 start, u64 nr, bool write, struct page **pages);
/* Drop the references of pin_user_pages(). */
void unpin_user_pages(struct page **pages, u64 nr);
/*
 * Copy between @buf and @len bytes at @addr of @mm (another process's
 * memory, for /proc/<pid>/cmdline, environ, mem). Only pages that are
 * present are touched, and written only where the process could come to
 * (a private copy, or a shared mapping that may write its object);
 * returns the bytes copied.
 */
u64 access_remote_vm(struct mm_struct *mm, u64 addr, void *buf, u64 len,
		     bool write);

/* Anonymous user pages in use, a page shared by fork counted once
 * (AnonPages); never a file's (vm_insert_page). */
u64 nr_anon_pages(void);

#define STACK_GUARD_GAP (256 * 4096ull)	/* stacks stay this far above VMAs */
#define MMAP_BASE 0x00007f0000000000ull	/* mmap allocates below this */

#endif
