/*
 * The slow path of refcount_t (lib/refcount.h): a count went wrong, so pin
 * it where it can do no more harm and say which misuse it was, once per
 * kind, with the stack that did it. The kernel keeps running.
 */
#include "lib/bug.h"
#include "lib/refcount.h"

/* Once per kind of event, as Linux's WARN_ONCE per call site. */
static bool warned[REFCOUNT_DEC_LEAK + 1];

static const char *const refcount_event[] = {
	[REFCOUNT_ADD_NOT_ZERO_OVF] = "saturated; leaking memory",
	[REFCOUNT_ADD_OVF] = "saturated; leaking memory",
	[REFCOUNT_ADD_UAF] = "addition on 0; use-after-free",
	[REFCOUNT_SUB_UAF] = "underflow; use-after-free",
	[REFCOUNT_DEC_LEAK] = "decrement hit 0; leaking memory",
};

void refcount_warn_saturate(refcount_t *r, enum refcount_saturation_type t)
{
	refcount_set(r, REFCOUNT_SATURATED);
	BUG_ON((unsigned int)t >= ARRAY_SIZE(refcount_event));
	if (xchg(&warned[t], true))
		return;
	warn_slowpath_fmt(__FILE__, __LINE__, "refcount_t: %s.\n",
			  refcount_event[t]);
}
