/*
 * userfaultfd: page faults handled by a user thread (Linux's
 * include/linux/userfaultfd_k.h and uapi/linux/userfaultfd.h).
 *
 * A process registers ranges of its memory with a userfaultfd (UFFDIO_REGISTER).
 * A fault there that the registration names (a missing page, a write to a
 * write-protected page, a minor fault: the object has the page but this
 * PTE is absent) does not allocate anything: the faulting thread queues a
 * message on the descriptor and sleeps (handle_userfault()). A handler
 * thread reads the message (read(2), poll(2)), resolves the fault by
 * placing a page (UFFDIO_COPY, UFFDIO_ZEROPAGE, UFFDIO_CONTINUE) or by
 * lifting the write protection (UFFDIO_WRITEPROTECT), which wakes the
 * faulting thread; it takes the fault again and finds the page.
 *
 * kernel/fs/anon/userfaultfd.c is the descriptor (the system call, the
 * ioctls' arguments, read, poll, release); kernel/mm/userfaultfd.c is what
 * the ioctls and the fault do to the address space.
 */
#ifndef KERNEL_MM_USERFAULTFD_K_H
#define KERNEL_MM_USERFAULTFD_K_H

#include "kernel/mm/mm.h"
#include "kernel/sched/wait.h"
#include "lib/list.h"

/* The ABI, Linux's values. */
#define UFFD_API 0xAAull
#define UFFD_USER_MODE_ONLY 1
#define UFFD_EVENT_PAGEFAULT 0x12
#define UFFD_PAGEFAULT_FLAG_WRITE (1u << 0)
#define UFFD_PAGEFAULT_FLAG_WP (1u << 1)
#define UFFD_PAGEFAULT_FLAG_MINOR (1u << 2)
#define UFFD_FEATURE_PAGEFAULT_FLAG_WP (1ull << 0)
#define UFFD_FEATURE_MISSING_SHMEM (1ull << 5)
#define UFFD_FEATURE_SIGBUS (1ull << 7)
#define UFFD_FEATURE_THREAD_ID (1ull << 8)
#define UFFD_FEATURE_MINOR_SHMEM (1ull << 10)
#define UFFD_FEATURE_EXACT_ADDRESS (1ull << 11)
/* What UFFDIO_API offers here (no events: fork, remap, remove, unmap). */
#define UFFD_API_FEATURES (UFFD_FEATURE_PAGEFAULT_FLAG_WP | \
			   UFFD_FEATURE_MISSING_SHMEM | UFFD_FEATURE_SIGBUS | \
			   UFFD_FEATURE_THREAD_ID | UFFD_FEATURE_MINOR_SHMEM | \
			   UFFD_FEATURE_EXACT_ADDRESS)
#define UFFDIO_REGISTER_MODE_MISSING (1ull << 0)
#define UFFDIO_REGISTER_MODE_WP (1ull << 1)
#define UFFDIO_REGISTER_MODE_MINOR (1ull << 2)
#define UFFDIO_COPY_MODE_DONTWAKE (1ull << 0)
#define UFFDIO_COPY_MODE_WP (1ull << 1)
#define UFFDIO_WRITEPROTECT_MODE_WP (1ull << 0)
#define UFFDIO_WRITEPROTECT_MODE_DONTWAKE (1ull << 1)
#define UFFDIO_DONTWAKE (1ull << 0)	/* ZEROPAGE's, CONTINUE's */

/* One message read(2) returns: 32 bytes, as Linux's struct uffd_msg. */
struct uffd_msg {
	u8 event;
	u8 reserved1;
	u16 reserved2;
	u32 reserved3;
	union {
		struct {
			u64 flags;
			u64 address;
			u32 ptid;
		} pagefault;
		u64 reserved[3];
	} arg;
} __attribute__((packed));

/* A thread asleep in a registered fault (on its kernel stack). */
struct userfaultfd_wait {
	struct list_head list;		/* in ctx->faults until woken */
	struct uffd_msg msg;
	u64 page;			/* the faulting page's address */
	bool read;			/* read(2) has returned its message */
	bool woken;
};

struct userfaultfd_ctx {
	spinlock_t lock;		/* faults, released */
	struct list_head faults;	/* struct userfaultfd_wait, oldest first */
	struct wait_queue_head fd_wqh;	/* readers and pollers */
	struct wait_queue_head fault_wqh;	/* the faulting threads */
	refcount_t refs;		/* the file and each sleeping fault */
	struct mm_struct *mm;		/* whose ranges (mmgrab()) */
	u64 features;			/* UFFD_FEATURE_*, from UFFDIO_API */
	unsigned int flags;		/* UFFD_USER_MODE_ONLY */
	bool api_done;			/* UFFDIO_API succeeded */
	bool released;			/* the descriptor is closed */
};

/* /proc/sys/vm/unprivileged_userfaultfd: 0 (Linux's default) refuses
 * userfaultfd(2) without UFFD_USER_MODE_ONLY or CAP_SYS_PTRACE. */
extern unsigned int sysctl_unprivileged_userfaultfd;

/* A new context for current's mm (one reference), or NULL. */
struct userfaultfd_ctx *userfaultfd_ctx_alloc(unsigned int flags);
/* Drop a reference; the last frees the context. */
void userfaultfd_ctx_put(struct userfaultfd_ctx *ctx);
/* The descriptor's last close: every range unregistered, every sleeping
 * fault woken (it takes the fault again as an ordinary one). */
void userfaultfd_release(struct userfaultfd_ctx *ctx);

/*
 * Is a fault at @addr (@write) in @v one its userfaultfd must hear of?
 * The VM_UFFD_* reason, or 0 for an ordinary fault. mm->lock held.
 */
u64 userfaultfd_reason(struct mm_struct *mm, struct vm_area_struct *v, u64 addr,
		       bool write);
/*
 * Queue the fault at @addr for @v's userfaultfd and sleep until a handler
 * resolves it (or the descriptor closes, or a signal comes). mm->lock held
 * (*@irq) on entry and on return, dropped meanwhile: @v may be gone. 0 to
 * take the fault again, or VM_FAULT_SIGBUS (UFFD_FEATURE_SIGBUS, a kernel
 * access with UFFD_USER_MODE_ONLY).
 */
int handle_userfault(struct mm_struct *mm, struct vm_area_struct *v, u64 addr,
		     u64 reason, bool write, bool user, unsigned long *irq);

/* The ioctls' work on ctx->mm, arguments checked by the caller; each
 * returns 0 or -errno. */
int userfaultfd_register(struct userfaultfd_ctx *ctx, u64 start, u64 len,
			 u64 mode);
int userfaultfd_unregister(struct userfaultfd_ctx *ctx, u64 start, u64 len);
/* Wake the faults on pages of [start, start + len). */
void userfaultfd_wake(struct userfaultfd_ctx *ctx, u64 start, u64 len);
/* UFFDIO_COPY (@src a user pointer) and UFFDIO_ZEROPAGE (@src 0): the
 * bytes placed (a page multiple), or -errno when none were. */
long mfill_copy(struct userfaultfd_ctx *ctx, u64 dst, u64 src, u64 len,
		bool wp);
/* UFFDIO_CONTINUE: map the object's own pages; as mfill_copy(). */
long mfill_continue(struct userfaultfd_ctx *ctx, u64 dst, u64 len);
/* UFFDIO_WRITEPROTECT: protect (@wp) or release [start, start + len). */
int mwriteprotect_range(struct userfaultfd_ctx *ctx, u64 start, u64 len,
			bool wp);

/* A VMA that leaves its userfaultfd (fork's copy, mremap's move). */
static inline void userfaultfd_clear_vma(struct vm_area_struct *v)
{
	v->vm_flags &= ~VM_UFFD_ALL;
	v->vm_uffd_ctx = NULL;
}

#endif
