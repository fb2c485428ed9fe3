/*
 * refcount_t: a reference count that cannot wrap, with Linux's API and
 * meaning (<linux/refcount.h>). An object lives while its count is above
 * zero; whoever drops the count to zero frees it. Misuse does not crash:
 * a count that would pass REFCOUNT_MAX, that is taken from zero (the object
 * may already be freed) or that drops below zero is pinned at
 * REFCOUNT_SATURATED, and one warning per kind of event names it with a
 * stack trace ("refcount_t: underflow; use-after-free."). A saturated
 * object is never freed: a leak instead of a use-after-free.
 *
 *	     0     1 ............ REFCOUNT_MAX      (negative)
 *	   freed     alive                          saturated: stuck there
 *
 * Memory order, as Linux documents it (core-api/refcount-vs-atomic):
 * taking a reference orders nothing (the caller already holds one, which
 * keeps the object alive); dropping one is a release, so the owner's
 * writes happen before the count falls, and the drop that reaches zero is
 * also an acquire, so the freeing code sees every earlier owner's writes.
 *
 * In lib/ so host tests check it; the warning is the kernel's
 * (warn_slowpath_fmt() in kernel/panic.c), lib/refcount.c chooses it.
 */
#ifndef LIB_REFCOUNT_H
#define LIB_REFCOUNT_H

#include "lib/atomic.h"
#include "lib/types.h"

typedef struct refcount_struct {
	atomic_t refs;
} refcount_t;

#define REFCOUNT_INIT(n) { .refs = ATOMIC_INIT(n) }
#define REFCOUNT_MAX 0x7fffffff
/* Halfway down the negative range: far from both 0 and REFCOUNT_MAX, so
 * racing increments and decrements of a saturated count stay saturated. */
#define REFCOUNT_SATURATED ((int)0xc0000000)

/* @old + @i as the counter holds it: wraps (no signed overflow in C). */
static inline int __refcount_sum(int old, int i)
{
	return (int)((unsigned int)old + (unsigned int)i);
}

/* What went wrong, for refcount_warn_saturate(). */
enum refcount_saturation_type {
	REFCOUNT_ADD_NOT_ZERO_OVF,	/* refcount_inc_not_zero() overflowed */
	REFCOUNT_ADD_OVF,		/* refcount_inc()/add() overflowed */
	REFCOUNT_ADD_UAF,		/* refcount_inc()/add() from zero */
	REFCOUNT_SUB_UAF,		/* dropped below zero */
	REFCOUNT_DEC_LEAK,		/* refcount_dec() reached zero */
};

/* Pin @r at REFCOUNT_SATURATED and warn (once per @t) with a trace. */
void refcount_warn_saturate(refcount_t *r, enum refcount_saturation_type t);

/* Set the count to @n (for a new object, before anyone else sees it). */
static inline void refcount_set(refcount_t *r, int n)
{
	atomic_set(&r->refs, n);
}

/* The count now: for reports and tests only, stale the moment it is read. */
static inline unsigned int refcount_read(const refcount_t *r)
{
	return atomic_read(&r->refs);
}

/*
 * Add @i references; the caller must already hold one. From zero (a
 * use-after-free) or past REFCOUNT_MAX, saturate and warn. Orders nothing.
 */
static inline void refcount_add(int i, refcount_t *r)
{
	int old = atomic_fetch_add_relaxed(i, &r->refs);

	if (unlikely(!old))
		refcount_warn_saturate(r, REFCOUNT_ADD_UAF);
	else if (unlikely(old < 0 || __refcount_sum(old, i) < 0))
		refcount_warn_saturate(r, REFCOUNT_ADD_OVF);
}

/* One more reference; as refcount_add(1, @r). */
static inline void refcount_inc(refcount_t *r)
{
	refcount_add(1, r);
}

/*
 * Add @i references unless the count is zero (the object is being freed):
 * true when added. For lookups that find an object without holding a
 * reference. Orders nothing; past REFCOUNT_MAX, saturate and warn.
 */
static inline bool refcount_add_not_zero(int i, refcount_t *r)
{
	int old = refcount_read(r);

	do {
		if (!old)
			break;
	} while (!atomic_try_cmpxchg_relaxed(&r->refs, &old,
						 __refcount_sum(old, i)));
	if (unlikely(old < 0 || __refcount_sum(old, i) < 0))
		refcount_warn_saturate(r, REFCOUNT_ADD_NOT_ZERO_OVF);
	return old != 0;
}

/* One more reference unless the count is zero; true when taken. */
static inline bool refcount_inc_not_zero(refcount_t *r)
{
	return refcount_add_not_zero(1, r);
}

/*
 * Drop @i references; true when that reached zero and the caller must now
 * free the object. Release order, plus acquire when it returns true.
 * Dropping below zero saturates and warns (and returns false).
 */
static inline bool refcount_sub_and_test(int i, refcount_t *r)
{
	int old = atomic_fetch_sub_release(i, &r->refs);

	if (old == i) {
		smp_acquire__after_ctrl_dep();
		return true;
	}
	if (unlikely(old < 0 || __refcount_sum(old, -i) < 0))
		refcount_warn_saturate(r, REFCOUNT_SUB_UAF);
	return false;
}

/* Drop one reference; true when it was the last. As refcount_sub_and_test. */
static inline bool refcount_dec_and_test(refcount_t *r)
{
	return refcount_sub_and_test(1, r);
}

/*
 * Drop a reference that is known not to be the last (someone else still
 * frees the object). Release order. Reaching zero here would leak the
 * object: saturate and warn instead.
 */
static inline void refcount_dec(refcount_t *r)
{
	if (unlikely(atomic_fetch_sub_release(1, &r->refs) <= 1))
		refcount_warn_saturate(r, REFCOUNT_DEC_LEAK);
}

#endif
