/*
 * BUG(), BUG_ON(), WARN_ON() (lib/bug.h: a BUG in a module panics, as in
 * Taskbase's own code), plus WARN(), WARN_ON_ONCE() and BUILD_BUG_ON().
 */
#ifndef _LINUX_BUG_H
#define _LINUX_BUG_H

#include "lib/bug.h"
#include <linux/printk.h>

#define WARN(cond, fmt, ...)						\
	({								\
		bool __c = !!(cond);					\
		if (unlikely(__c)) {					\
			printk(KERN_WARNING fmt, ##__VA_ARGS__);	\
			WARN_ON(1);					\
		}							\
		__c;							\
	})
#define WARN_ON_ONCE(cond)						\
	({								\
		static bool __warned;					\
		bool __c = !!(cond);					\
		if (unlikely(__c) && !__warned) {			\
			__warned = true;				\
			WARN_ON(1);					\
		}							\
		__c;							\
	})
#define WARN_ONCE(cond, fmt, ...) WARN(cond, fmt, ##__VA_ARGS__)
#define BUILD_BUG_ON(cond) _Static_assert(!(cond), "BUILD_BUG_ON(" #cond ")")
#define BUILD_BUG_ON_MSG(cond, msg) _Static_assert(!(cond), msg)

#endif
