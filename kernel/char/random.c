/* Random numbers (see random.h), getrandom(2), the ioctls of /dev/random
 * and the UUIDs of /proc/sys/kernel/random. */
#include "kernel/random.h"
#include "asm/io.h"
#include "kernel/cred.h"
#include "kernel/locking/spinlock.h"
#include "lib/string.h"
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

void generate_random_uuid(u8 uuid[16])
{
	u64 a = get_random_u64(), b = get_random_u64();

	memcpy(uuid, &a, 8);
	memcpy(uuid + 8, &b, 8);
	uuid[6] = (uuid[6] & 0x0f) | 0x40;	/* version 4: random */
	uuid[8] = (uuid[8] & 0x3f) | 0x80;	/* the RFC 4122 variant */
}

void get_boot_id(u8 uuid[16])
{
	static u8 boot_id[16];
	static DEFINE_SPINLOCK(boot_id_lock);
	unsigned long flags = spin_lock_irqsave(&boot_id_lock);

	if (!boot_id[6])	/* a made one has the version bits set */
		generate_random_uuid(boot_id);
	memcpy(uuid, boot_id, 16);
	spin_unlock_irqrestore(&boot_id_lock, flags);
}

/* The ioctls' numbers: _IOR/_IOW/_IO('R', n, ...). */
#define RNDGETENTCNT 0x80045200
#define RNDADDTOENTCNT 0x40045201
#define RNDADDENTROPY 0x40085203
#define RNDZAPENTCNT 0x5204
#define RNDCLEARPOOL 0x5206
#define RNDRESEEDCRNG 0x5207

/* RNDADDENTROPY: { int entropy_count; int buf_size; u8 buf[]; }. The
 * bytes are read (EFAULT as Linux's) and, like a write, not needed. */
static long random_add_entropy(int __user *p)
{
	u32 count, size;
	u8 chunk[64];

	if (get_user_u32(&count, (u32 __user *)p))
		return -EFAULT;
	if ((int)count < 0)
		return -EINVAL;
	if (get_user_u32(&size, (u32 __user *)(p + 1)))
		return -EFAULT;
	for (u64 done = 0; done < size; done += sizeof(chunk))
		if (copy_from_user(chunk, (u8 __user *)(p + 2) + done,
				   MIN(sizeof(chunk), size - done)))
			return -EFAULT;
	return 0;
}

long random_ioctl(unsigned int cmd, unsigned long arg)
{
	int __user *p = (int __user *)arg;
	u32 count;

	if (cmd == RNDGETENTCNT)
		return put_user_u32(RANDOM_POOL_BITS, (u32 __user *)p) ? -EFAULT : 0;
	if (cmd != RNDADDTOENTCNT && cmd != RNDADDENTROPY &&
	    cmd != RNDZAPENTCNT && cmd != RNDCLEARPOOL && cmd != RNDRESEEDCRNG)
		return -EINVAL;
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	switch (cmd) {
	case RNDADDTOENTCNT:
		if (get_user_u32(&count, (u32 __user *)p))
			return -EFAULT;
		return (int)count < 0 ? -EINVAL : 0;
	case RNDADDENTROPY:
		return random_add_entropy(p);
	default:	/* ZAPENTCNT, CLEARPOOL: accepted and no-ops, as in 6.1 */
		return 0;
	}
}
