/*
 * Atomic counters and ordered accesses with Linux's names (<linux/atomic.h>,
 * <asm/barrier.h>, <asm/cmpxchg.h>), so the kernel says what it means
 * ("atomic_inc", "smp_store_release") instead of spelling GCC builtins with
 * memory-order arguments. As in Linux: plain operations (atomic_inc,
 * atomic_read) order nothing, the _relaxed/_acquire/_release forms say their
 * order, and operations that return a value without a suffix are fully
 * ordered. For a reference count use refcount_t (lib/refcount.h) instead.
 */
#ifndef LIB_ATOMIC_H
#define LIB_ATOMIC_H

#include "lib/types.h"

typedef struct {
	int counter;
} atomic_t;

typedef struct {
	long counter;
} atomic_long_t;

#define ATOMIC_INIT(i) { (i) }
#define ATOMIC_LONG_INIT(i) { (i) }

/* ---- ordered loads and stores of any word-sized variable ---- */

/* Load *@p; later loads and stores are not moved before it. */
#define smp_load_acquire(p) __atomic_load_n(p, __ATOMIC_ACQUIRE)
/* Store @v to *@p; earlier loads and stores are not moved after it. */
#define smp_store_release(p, v) __atomic_store_n(p, v, __ATOMIC_RELEASE)
/* Full barrier: nothing moves across it. */
#define smp_mb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
/* Loads before it complete before loads after it. */
#define smp_rmb() __atomic_thread_fence(__ATOMIC_ACQUIRE)
/* Earlier stores are seen before later ones. */
#define smp_wmb() __atomic_thread_fence(__ATOMIC_RELEASE)
/* After a branch on an atomic's value: upgrade it to an acquire. */
#define smp_acquire__after_ctrl_dep() smp_rmb()

/* Store @v to *@p and return the old value; fully ordered. */
#define xchg(p, v) __atomic_exchange_n(p, v, __ATOMIC_SEQ_CST)

/* If *@p is @old, store @new; return what *@p was. Fully ordered. */
#define cmpxchg(p, old, new)                                            \
	({                                                              \
		__typeof__(*(p)) __old = (old);                         \
		__atomic_compare_exchange_n(p, &__old, new, false,      \
					    __ATOMIC_SEQ_CST,           \
					    __ATOMIC_SEQ_CST);          \
		__old;                                                  \
	})

/* ---- atomic_t ---- */

/* The value now; orders nothing. */
static inline int atomic_read(const atomic_t *v)
{
	return __atomic_load_n(&v->counter, __ATOMIC_RELAXED);
}

/* The value now; later loads and stores are not moved before it. */
static inline int atomic_read_acquire(const atomic_t *v)
{
	return __atomic_load_n(&v->counter, __ATOMIC_ACQUIRE);
}

/* Set the value; orders nothing. */
static inline void atomic_set(atomic_t *v, int i)
{
	__atomic_store_n(&v->counter, i, __ATOMIC_RELAXED);
}

/* Set the value after every earlier access. */
static inline void atomic_set_release(atomic_t *v, int i)
{
	__atomic_store_n(&v->counter, i, __ATOMIC_RELEASE);
}

/* Add @i; orders nothing. */
static inline void atomic_add(int i, atomic_t *v)
{
	__atomic_fetch_add(&v->counter, i, __ATOMIC_RELAXED);
}

/* Subtract @i; orders nothing. */
static inline void atomic_sub(int i, atomic_t *v)
{
	__atomic_fetch_sub(&v->counter, i, __ATOMIC_RELAXED);
}

/* Add one; orders nothing. */
static inline void atomic_inc(atomic_t *v)
{
	atomic_add(1, v);
}

/* Subtract one; orders nothing. */
static inline void atomic_dec(atomic_t *v)
{
	atomic_sub(1, v);
}

/* Add @i and return the value before; orders nothing. */
static inline int atomic_fetch_add_relaxed(int i, atomic_t *v)
{
	return __atomic_fetch_add(&v->counter, i, __ATOMIC_RELAXED);
}

/* Subtract @i and return the value before; earlier accesses stay before. */
static inline int atomic_fetch_sub_release(int i, atomic_t *v)
{
	return __atomic_fetch_sub(&v->counter, i, __ATOMIC_RELEASE);
}

/* Subtract one; true if that made it zero. Fully ordered. */
static inline bool atomic_dec_and_test(atomic_t *v)
{
	return __atomic_sub_fetch(&v->counter, 1, __ATOMIC_SEQ_CST) == 0;
}

/*
 * If the value is *@old, make it @new and return true; else put the value
 * into *@old and return false. Orders nothing.
 */
static inline bool atomic_try_cmpxchg_relaxed(atomic_t *v, int *old, int new)
{
	return __atomic_compare_exchange_n(&v->counter, old, new, false,
					   __ATOMIC_RELAXED, __ATOMIC_RELAXED);
}

/* Like atomic_try_cmpxchg_relaxed(), with acquire order on success. */
static inline bool atomic_try_cmpxchg_acquire(atomic_t *v, int *old, int new)
{
	return __atomic_compare_exchange_n(&v->counter, old, new, false,
					   __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

/* ---- atomic_long_t: statistics that may pass 2^31 ---- */

/* The value now; orders nothing. */
static inline long atomic_long_read(const atomic_long_t *v)
{
	return __atomic_load_n(&v->counter, __ATOMIC_RELAXED);
}

/* Add @i; orders nothing. */
static inline void atomic_long_add(long i, atomic_long_t *v)
{
	__atomic_fetch_add(&v->counter, i, __ATOMIC_RELAXED);
}

/* Subtract @i; orders nothing. */
static inline void atomic_long_sub(long i, atomic_long_t *v)
{
	__atomic_fetch_sub(&v->counter, i, __ATOMIC_RELAXED);
}

/* Add one and return the new value; fully ordered. */
static inline long atomic_long_inc_return(atomic_long_t *v)
{
	return __atomic_add_fetch(&v->counter, 1, __ATOMIC_SEQ_CST);
}

/* Store @i and return the old value; fully ordered. */
static inline long atomic_long_xchg(atomic_long_t *v, long i)
{
	return __atomic_exchange_n(&v->counter, i, __ATOMIC_SEQ_CST);
}

#endif
