/*
 * atomic_t and atomic64_t with Linux's operations, on the compiler's
 * __atomic builtins (each a lock-prefixed instruction on x86_64).
 */
#ifndef _LINUX_ATOMIC_H
#define _LINUX_ATOMIC_H

#include <linux/types.h>

/* atomic_t and atomic_long_t, and their basic operations, are the
 * kernel's (lib/atomic.h); the rest of Linux's set is added here. */
#include "lib/atomic.h"

typedef struct { s64 counter; } atomic64_t;

#define ATOMIC64_INIT(i) { (i) }

#define __ATOMIC_BASE(pfx, t, v)					\
static inline v pfx##_read(const t *a) { return __atomic_load_n(&a->counter, __ATOMIC_RELAXED); } \
static inline void pfx##_add(v i, t *a) { __atomic_add_fetch(&a->counter, i, __ATOMIC_SEQ_CST); } \
static inline void pfx##_sub(v i, t *a) { __atomic_sub_fetch(&a->counter, i, __ATOMIC_SEQ_CST); }
#define __ATOMIC_SETINC(pfx, t, v)					\
static inline void pfx##_set(t *a, v i) { __atomic_store_n(&a->counter, i, __ATOMIC_RELAXED); } \
static inline void pfx##_inc(t *a) { pfx##_add(1, a); }		\
static inline void pfx##_dec(t *a) { pfx##_sub(1, a); }
#define __ATOMIC_INCRET(pfx, t, v)					\
static inline v pfx##_inc_return(t *a) { return pfx##_add_return(1, a); } \
static inline v pfx##_xchg(t *a, v i) { return __atomic_exchange_n(&a->counter, i, __ATOMIC_SEQ_CST); }
#define __ATOMIC_REST(pfx, t, v)					\
static inline v pfx##_add_return(v i, t *a) { return __atomic_add_fetch(&a->counter, i, __ATOMIC_SEQ_CST); } \
static inline v pfx##_sub_return(v i, t *a) { return __atomic_sub_fetch(&a->counter, i, __ATOMIC_SEQ_CST); } \
static inline v pfx##_fetch_add(v i, t *a) { return __atomic_fetch_add(&a->counter, i, __ATOMIC_SEQ_CST); } \
static inline v pfx##_dec_return(t *a) { return pfx##_sub_return(1, a); } \
static inline bool pfx##_dec_and_test(t *a) { return pfx##_dec_return(a) == 0; } \
static inline bool pfx##_inc_and_test(t *a) { return pfx##_add_return(1, a) == 0; } \
static inline bool pfx##_sub_and_test(v i, t *a) { return pfx##_sub_return(i, a) == 0; } \
static inline v pfx##_cmpxchg(t *a, v old, v new_)			\
{									\
	__atomic_compare_exchange_n(&a->counter, &old, new_, false,	\
				    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); \
	return old;							\
}

__ATOMIC_REST(atomic, atomic_t, int)
__ATOMIC_INCRET(atomic, atomic_t, int)
__ATOMIC_REST(atomic_long, atomic_long_t, long)
__ATOMIC_SETINC(atomic_long, atomic_long_t, long)
__ATOMIC_BASE(atomic64, atomic64_t, s64)
__ATOMIC_SETINC(atomic64, atomic64_t, s64)
__ATOMIC_REST(atomic64, atomic64_t, s64)
__ATOMIC_INCRET(atomic64, atomic64_t, s64)

#endif
