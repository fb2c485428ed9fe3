/*
 * Reading and writing user memory from the kernel. Every pointer that
 * comes from user space goes through these: they check that the range
 * lies in user space (access_ok) and survive a fault in it (an exception
 * table entry turns the fault into -EFAULT instead of an oops). With
 * SMAP on, the kernel can touch user pages only inside these functions
 * (stac/clac around the copy).
 */
#ifndef KERNEL_UACCESS_H
#define KERNEL_UACCESS_H

#include "asm/memlayout.h"
#include "kernel/task.h"
#include "lib/types.h"

#define __user		/* marks a user-space pointer, for the reader */

/* True when [addr, addr + size) lies wholly inside user space. */
static inline bool access_ok(const void __user *addr, u64 size)
{
	u64 a = (u64)addr;

	return size <= TASK_SIZE_MAX && a <= TASK_SIZE_MAX - size;
}

/*
 * pagefault_disable(): until the matching pagefault_enable(), a fault on
 * a user address inside the functions below is not served: they fail
 * with -EFAULT (or a short count) at once. That makes them safe under a
 * spinlock; the caller drops the lock, touches the page with faults on,
 * and tries again (see futex_wait()).
 */
static inline void pagefault_disable(void)
{
	current->pagefault_disabled++;
	barrier();
}

static inline void pagefault_enable(void)
{
	barrier();
	current->pagefault_disabled--;
}

static inline bool pagefault_disabled(void)
{
	return current->pagefault_disabled != 0;
}

/* Copy @n bytes; return the number NOT copied (0 on success). Each of
 * these may sleep (a fault on a user page), unless pagefault_disable(). */
u64 copy_from_user(void *to, const void __user *from, u64 n);
/* The same in the other direction: kernel @from to user @to. */
u64 copy_to_user(void __user *to, const void *from, u64 n);
/* Zero @n user bytes; returns the number not cleared. */
u64 clear_user(void __user *to, u64 n);
/*
 * Copy a NUL-terminated string of at most @count bytes (NUL included)
 * into @dst. Returns its length, -EFAULT, or @count when it did not fit
 * (then @dst is not terminated), as Linux's strncpy_from_user().
 */
long strncpy_from_user(char *dst, const char __user *src, long count);
/*
 * An extensible structure (clone3's clone_args, openat2's open_how):
 * copy @usize user bytes into the @ksize bytes at @dst, zero-filled when
 * the caller's is older (smaller); a newer (larger) one must be zero past
 * ours. 0, -EFAULT, or -E2BIG (non-zero tail, or over a page).
 */
int copy_struct_from_user(void *dst, u64 ksize, const void __user *src,
			  u64 usize);

/* Read one u32 from user @uaddr into *@val: 0 or -EFAULT. */
/* The user address of field @f of the struct @type at user pointer @p,
 * by arithmetic: a user pointer may be misaligned (the fuzzer's are), and
 * p->f on one is undefined in C (UBSAN says so). */
#define USER_FIELD(type, p, f) \
	((__typeof__(((type *)0)->f) __user *)((char __user *)(p) + \
					      __builtin_offsetof(type, f)))
int get_user_u32(u32 *val, const u32 __user *uaddr);
/* Write @val to user @uaddr: 0 or -EFAULT. */
int put_user_u32(u32 val, u32 __user *uaddr);
/* Read one u64 from user @uaddr into *@val: 0 or -EFAULT. */
int get_user_u64(u64 *val, const u64 __user *uaddr);
/* Write @val to user @uaddr: 0 or -EFAULT. */
int put_user_u64(u64 val, u64 __user *uaddr);
/* Atomically: if the user word at @uaddr is @old, make it @new. 0 and
 * the word found in *@cur (== @old: it was changed), or -EFAULT. */
int futex_cmpxchg_user(u32 __user *uaddr, u32 old, u32 new, u32 *cur);

/*
 * Linux's *_nofault() reads, for code that may run anywhere (a kprobe's
 * handler, interrupts off): @size bytes or a NUL-terminated string of at
 * most @count bytes, never sleeping; a page that is not there fails at
 * once. The kernel ones take kernel addresses only (-ERANGE for a user
 * one), the user ones user addresses only (-EFAULT). The copies: 0 or
 * -EFAULT; the strings: the length copied with its NUL (@dst always
 * terminated), or -EFAULT.
 */
long copy_from_kernel_nofault(void *dst, const void *src, u64 size);
long copy_from_user_nofault(void *dst, const void __user *src, u64 size);
long strncpy_from_kernel_nofault(char *dst, const void *src, long count);
long strncpy_from_user_nofault(char *dst, const void __user *src, long count);

#endif
