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
#include "lib/types.h"

#define __user		/* marks a user-space pointer, for the reader */

/* True when [addr, addr + size) lies wholly inside user space. */
static inline bool access_ok(const void __user *addr, u64 size)
{
	u64 a = (u64)addr;

	return size <= TASK_SIZE_MAX && a <= TASK_SIZE_MAX - size;
}

/* Copy @n bytes; return the number NOT copied (0 on success). */
u64 copy_from_user(void *to, const void __user *from, u64 n);
u64 copy_to_user(void __user *to, const void *from, u64 n);
/* Zero @n user bytes; returns the number not cleared. */
u64 clear_user(void __user *to, u64 n);
/*
 * Copy a NUL-terminated string of at most @count bytes (NUL included)
 * into @dst. Returns its length, -EFAULT, or @count when it did not fit
 * (then @dst is not terminated), as Linux's strncpy_from_user().
 */
long strncpy_from_user(char *dst, const char __user *src, long count);

/* One value: 0 or -EFAULT. */
int get_user_u32(u32 *val, const u32 __user *uaddr);
int put_user_u32(u32 val, u32 __user *uaddr);
int get_user_u64(u64 *val, const u64 __user *uaddr);
int put_user_u64(u64 val, u64 __user *uaddr);

#endif
