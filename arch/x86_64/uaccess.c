/*
 * copy_from_user() and friends (kernel/uaccess.h) on top of the assembly
 * primitives in uaccess.S.
 */
#include "kernel/uaccess.h"
#include "arch/x86_64/cpu.h"
#include "kernel/mm/kasan.h"
#include "kernel/sched/sched.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "kernel/module/module.h"

u8 smap_enabled;	/* stac/clac are used only when CR4.SMAP is on */

u64 __copy_user(void *to, const void *from, u64 n);
u64 __clear_user(void *to, u64 n);
long __strncpy_user(char *dst, const char *src, long count);
int __futex_cmpxchg_user(u32 *uaddr, u32 old, u32 new, u32 *cur);

/* Linux's might_fault(): a copy may sleep in a fault, unless faults are
 * off for the caller (pagefault_disable()), when it fails instead. */
static inline void might_fault(void)
{
	if (!pagefault_disabled())
		might_sleep();
}

u64 copy_from_user(void *to, const void __user *from, u64 n)
{
	might_fault();
	if (!access_ok(from, n))
		return n;
	/* The copy is assembly: KASAN checks the kernel side here. */
	kasan_check_write(to, n, (u64)__builtin_return_address(0));
	return __copy_user(to, from, n);
}
EXPORT_SYMBOL(copy_from_user);

u64 copy_to_user(void __user *to, const void *from, u64 n)
{
	might_fault();
	if (!access_ok(to, n))
		return n;
	kasan_check_read(from, n, (u64)__builtin_return_address(0));
	return __copy_user(to, from, n);
}
EXPORT_SYMBOL(copy_to_user);

u64 clear_user(void __user *to, u64 n)
{
	might_fault();
	if (!access_ok(to, n))
		return n;
	return __clear_user(to, n);
}
EXPORT_SYMBOL(clear_user);

int copy_struct_from_user(void *dst, u64 ksize, const void __user *src,
			  u64 usize)
{
	u8 rest[64];

	if (usize > PAGE_SIZE)
		return -E2BIG;
	memset(dst, 0, ksize);
	if (copy_from_user(dst, src, MIN(usize, ksize)))
		return -EFAULT;
	for (u64 off = ksize; off < usize; off += sizeof(rest)) {
		u64 n = MIN(usize - off, sizeof(rest));

		if (copy_from_user(rest, (const u8 __user *)src + off, n))
			return -EFAULT;
		for (u64 i = 0; i < n; i++)
			if (rest[i])
				return -E2BIG;
	}
	return 0;
}

long strncpy_from_user(char *dst, const char __user *src, long count)
{
	long n;

	might_fault();
	if (count <= 0)
		return 0;
	/* Only as far as user space goes; the copy stops at the NUL. */
	if ((u64)src >= TASK_SIZE_MAX)
		return -EFAULT;
	if ((u64)count > TASK_SIZE_MAX - (u64)src)
		count = (long)(TASK_SIZE_MAX - (u64)src);
	n = __strncpy_user(dst, src, count);
	return n < 0 ? -EFAULT : n;
}
EXPORT_SYMBOL(strncpy_from_user);

int futex_cmpxchg_user(u32 __user *uaddr, u32 old, u32 new, u32 *cur)
{
	might_fault();
	if (!access_ok(uaddr, sizeof(u32)))
		return -EFAULT;
	return __futex_cmpxchg_user(uaddr, old, new, cur);
}

int get_user_u32(u32 *val, const u32 __user *uaddr)
{
	return copy_from_user(val, uaddr, sizeof(*val)) ? -EFAULT : 0;
}

int put_user_u32(u32 val, u32 __user *uaddr)
{
	return copy_to_user(uaddr, &val, sizeof(val)) ? -EFAULT : 0;
}

int get_user_u64(u64 *val, const u64 __user *uaddr)
{
	return copy_from_user(val, uaddr, sizeof(*val)) ? -EFAULT : 0;
}

int put_user_u64(u64 val, u64 __user *uaddr)
{
	return copy_to_user(uaddr, &val, sizeof(val)) ? -EFAULT : 0;
}

long copy_from_kernel_nofault(void *dst, const void *src, u64 size)
{
	u64 left;

	if ((u64)src < TASK_SIZE_MAX || (u64)src + size < (u64)src)
		return -ERANGE;
	pagefault_disable();
	left = __copy_user(dst, src, size);	/* a hole: the extable's -EFAULT */
	pagefault_enable();
	return left ? -EFAULT : 0;
}

long copy_from_user_nofault(void *dst, const void __user *src, u64 size)
{
	u64 left;

	if (!access_ok(src, size))
		return -EFAULT;
	pagefault_disable();
	left = __copy_user(dst, src, size);
	pagefault_enable();
	return left ? -EFAULT : 0;
}

/* Either string copy, once the address is known to be of its side. */
static long strncpy_nofault(char *dst, const char *src, long count)
{
	long n;

	if (count <= 0)
		return -EFAULT;
	pagefault_disable();
	n = __strncpy_user(dst, src, count);
	pagefault_enable();
	if (n < 0)
		return -EFAULT;
	if (n == count)
		n--;			/* cut: keep the last byte for the NUL */
	dst[n] = '\0';
	return n + 1;
}

long strncpy_from_kernel_nofault(char *dst, const void *src, long count)
{
	if ((u64)src < TASK_SIZE_MAX)
		return -ERANGE;
	return strncpy_nofault(dst, src, count);
}

long strncpy_from_user_nofault(char *dst, const void __user *src, long count)
{
	if ((u64)src >= TASK_SIZE_MAX)
		return -EFAULT;
	if ((u64)count > TASK_SIZE_MAX - (u64)src)
		count = (long)(TASK_SIZE_MAX - (u64)src);
	return strncpy_nofault(dst, src, count);
}
