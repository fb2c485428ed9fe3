/* Random numbers (see random.h) and getrandom(2). */
#include "kernel/random.h"
#include "asm/io.h"
#include "kernel/locking/spinlock.h"
#include "kernel/uaccess.h"
#include "lib/errno.h"

static u64 state;
static DEFINE_SPINLOCK(random_lock);

/* 64 bits from a small TSC-seeded xorshift generator: not for secrets.
 * Any context. */
u64 get_random_u64(void)
{
	unsigned long flags = spin_lock_irqsave(&random_lock);
	u64 x;

	if (!state)
		state = rdtsc() | 1;
	/* Stir in fresh timing noise each call, then xorshift64*. */
	x = state ^ (rdtsc() << 17);
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	state = x ? x : 0x9e3779b97f4a7c15ull;
	spin_unlock_irqrestore(&random_lock, flags);
	return x * 0x2545f4914f6cdd1dull;
}

/* getrandom(2): up to @count bytes from get_random_u64(). */
long sys_getrandom(void __user *buf, u64 count, unsigned int flags)
{
	u64 done = 0;

	if (flags & ~7u)
		return -EINVAL;
	if (count > 33554431)
		count = 33554431;	/* Linux's cap per call */
	while (done < count) {
		u64 r = get_random_u64(), n = MIN(count - done, 8);

		if (copy_to_user((u8 *)buf + done, &r, n))
			return done ? (long)done : -EFAULT;
		done += n;
	}
	return (long)done;
}
