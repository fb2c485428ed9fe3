/*
 * atomic_t, atomic_long_t and atomic64_t with Linux's operations. The
 * kernel's own atomic_t and atomic_long_t (lib/atomic.h) are the types;
 * this header adds the operations a module may use that the kernel itself
 * does not, on the compiler's __atomic builtins (each a lock-prefixed
 * instruction on x86_64). As in Linux, operations that return a value are
 * fully ordered; the others order nothing.
 */
#ifndef _LINUX_ATOMIC_H
#define _LINUX_ATOMIC_H

#include <linux/types.h>
#include "lib/atomic.h"

typedef struct { s64 counter; } atomic64_t;

#define ATOMIC64_INIT(i) { (i) }

/* The value-returning operations, fully ordered. */
#define __ATOMIC_RETURN_OPS(pfx, t, v)					\
static inline v pfx##_add_return(v i, t *a) { return __atomic_add_fetch(&a->counter, i, __ATOMIC_SEQ_CST); } \
static inline v pfx##_sub_return(v i, t *a) { return __atomic_sub_fetch(&a->counter, i, __ATOMIC_SEQ_CST); } \
static inline v pfx##_fetch_add(v i, t *a) { return __atomic_fetch_add(&a->counter, i, __ATOMIC_SEQ_CST); } \
static inline v pfx##_dec_return(t *a) { return pfx##_sub_return(1, a); } \
static inline bool pfx##_inc_and_test(t *a) { return pfx##_add_return(1, a) == 0; } \
static inline bool pfx##_sub_and_test(v i, t *a) { return pfx##_sub_return(i, a) == 0; } \
static inline v pfx##_cmpxchg(t *a, v old, v new_)			\
{									\
	__atomic_compare_exchange_n(&a->counter, &old, new_, false,	\
				    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); \
	return old;							\
}

/* The plain operations, for the types lib/atomic.h does not give them. */
#define __ATOMIC_PLAIN_OPS(pfx, t, v)					\
static inline bool pfx##_dec_and_test(t *a) { return pfx##_dec_return(a) == 0; } \
static inline void pfx##_set(t *a, v i) { __atomic_store_n(&a->counter, i, __ATOMIC_RELAXED); } \
static inline void pfx##_inc(t *a) { __atomic_add_fetch(&a->counter, 1, __ATOMIC_RELAXED); } \
static inline void pfx##_dec(t *a) { __atomic_sub_fetch(&a->counter, 1, __ATOMIC_RELAXED); }

__ATOMIC_RETURN_OPS(atomic, atomic_t, int)
static inline int atomic_inc_return(atomic_t *a) { return atomic_add_return(1, a); }
static inline int atomic_xchg(atomic_t *a, int i) { return __atomic_exchange_n(&a->counter, i, __ATOMIC_SEQ_CST); }

__ATOMIC_RETURN_OPS(atomic_long, atomic_long_t, long)
__ATOMIC_PLAIN_OPS(atomic_long, atomic_long_t, long)

__ATOMIC_RETURN_OPS(atomic64, atomic64_t, s64)
__ATOMIC_PLAIN_OPS(atomic64, atomic64_t, s64)
static inline s64 atomic64_read(const atomic64_t *a) { return __atomic_load_n(&a->counter, __ATOMIC_RELAXED); }
static inline void atomic64_add(s64 i, atomic64_t *a) { __atomic_add_fetch(&a->counter, i, __ATOMIC_RELAXED); }
static inline void atomic64_sub(s64 i, atomic64_t *a) { __atomic_sub_fetch(&a->counter, i, __ATOMIC_RELAXED); }
static inline s64 atomic64_inc_return(atomic64_t *a) { return atomic64_add_return(1, a); }
static inline s64 atomic64_xchg(atomic64_t *a, s64 i) { return __atomic_exchange_n(&a->counter, i, __ATOMIC_SEQ_CST); }

#endif
