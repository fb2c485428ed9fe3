/*
 * Reaching user memory from a module: copy_to_user() and copy_from_user()
 * return the bytes NOT copied, get_user()/put_user() 0 or -EFAULT, as
 * Linux's (kernel/uaccess.h: the range is checked and a fault is caught).
 */
#ifndef _LINUX_UACCESS_H
#define _LINUX_UACCESS_H

#include <linux/types.h>
#include <linux/errno.h>
#include "kernel/uaccess.h"

#define get_user(x, ptr)						\
	({								\
		__typeof__(*(ptr)) __gu_v;				\
		int __gu_e = copy_from_user(&__gu_v, (ptr), sizeof(__gu_v)) ? -EFAULT : 0; \
		(x) = __gu_e ? (__typeof__(*(ptr)))0 : __gu_v;		\
		__gu_e;							\
	})

#define put_user(x, ptr)						\
	({								\
		__typeof__(*(ptr)) __pu_v = (x);			\
		copy_to_user((ptr), &__pu_v, sizeof(__pu_v)) ? -EFAULT : 0; \
	})

#endif
