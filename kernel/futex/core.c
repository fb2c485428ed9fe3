/*
 * Futexes (see futex.h). Waiters are kept in a small hash table of
 * queues keyed by (address space, user address) for a private futex, and
 * by (memory object, offset) for a shared one in a MAP_SHARED mapping
 * (futex_key()), so that processes mapping the same page meet on it.
 * futex_waitv(2) queues one waiter on each of up to 128 futexes and
 * sleeps until any of them is woken (futex_wait_multiple()).
 */
#include "kernel/futex.h"
#include "kernel/mm/mm.h"
#include "kernel/sched/sched.h"
#include "kernel/signal.h"
#include "kernel/locking/spinlock.h"
#include "kernel/time/time_kernel.h"
#include "kernel/uaccess.h"
#include "kernel/mm/slab.h"
#include "kernel/time/clockid.h"
#include "lib/errno.h"

#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_REQUEUE 3
#define FUTEX_CMP_REQUEUE 4
#define FUTEX_WAIT_BITSET 9
#define FUTEX_WAKE_BITSET 10
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_CMD_MASK (~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME))
#define FUTEX_BITSET_MATCH_ANY 0xffffffffu
#define HASH_SIZE 64

struct futex_q {
	struct task_struct *task;
	const void *obj;		/* the key (futex_key()): an mm and an */
	u64 uaddr;			/* address, or a memory object and an offset */
	u32 bitset;
	bool woken;
	struct list_head list;
	struct futex_bucket *bucket;	/* the one it is on (Linux's lock_ptr) */
};

static struct futex_bucket {
	spinlock_t lock;
	struct list_head queue;
} buckets[HASH_SIZE];

void futex_init(void)
{
	for (int i = 0; i < HASH_SIZE; i++) {
		spin_lock_init(&buckets[i].lock, "futex");
		INIT_LIST_HEAD(&buckets[i].queue);
	}
}

static struct futex_bucket *bucket_of(const void *obj, u64 uaddr)
{
	return &buckets[((u64)obj / 64 ^ uaddr / 4) % HASH_SIZE];
}

/* The bucket @q is queued on, locked: a requeue may move @q to another
 * one until we hold the lock of the bucket it names. */
static struct futex_bucket *lock_bucket_of(struct futex_q *q,
					   unsigned long *flags)
{
	for (;;) {
		struct futex_bucket *b = READ_ONCE(q->bucket);

		*flags = spin_lock_irqsave(&b->lock);
		if (b == q->bucket)
			return b;
		spin_unlock_irqrestore(&b->lock, *flags);
	}
}

/* Lock two buckets (maybe one) in address order, so that two requeues
 * in opposite directions cannot deadlock (Linux's double_lock_hb()). Both
 * are one lockdep class: the second is taken as its subclass 1. */
static unsigned long lock_two(struct futex_bucket *b1, struct futex_bucket *b2)
{
	struct futex_bucket *lo = b1 < b2 ? b1 : b2, *hi = b1 < b2 ? b2 : b1;
	unsigned long flags = spin_lock_irqsave(&lo->lock);

	if (hi != lo)
		spin_lock_nested(&hi->lock, SINGLE_DEPTH_NESTING);
	return flags;
}

static void unlock_two(struct futex_bucket *b1, struct futex_bucket *b2,
		       unsigned long flags)
{
	struct futex_bucket *lo = b1 < b2 ? b1 : b2, *hi = b1 < b2 ? b2 : b1;

	if (hi != lo)
		spin_unlock(&hi->lock);
	spin_unlock_irqrestore(&lo->lock, flags);
}

static int wake_bitset(const void *obj, u64 uaddr, int n, u32 bitset)
{
	struct futex_bucket *b = bucket_of(obj, uaddr);
	unsigned long flags = spin_lock_irqsave(&b->lock);
	struct futex_q *q, *tmp;
	int woke = 0;

	list_for_each_entry_safe(q, tmp, &b->queue, list) {
		if (woke >= n)
			break;
		if (q->obj != obj || q->uaddr != uaddr || !(q->bitset & bitset))
			continue;
		list_del_init(&q->list);
		q->woken = true;
		wake_up_process(q->task);
		woke++;
	}
	spin_unlock_irqrestore(&b->lock, flags);
	return woke;
}

int futex_wake_addr(struct mm_struct *mm, u64 uaddr, int n)
{
	return wake_bitset(mm, uaddr, n, FUTEX_BITSET_MATCH_ANY);
}

/* Read the futex word under a bucket lock: 0, or -EFAULT without
 * serving the fault. */
static int get_futex_value_locked(u32 *val, u64 uaddr)
{
	int ret;

	pagefault_disable();
	ret = get_user_u32(val, (u32 __user *)uaddr);
	pagefault_enable();
	return ret;
}

/* The key of the futex word at @uaddr: (mm, address) for a private futex,
 * and for a shared one in a MAP_SHARED mapping (the memory object, its
 * offset), the same in every process that maps it. As in Linux, the word
 * must be 4-byte aligned (-EINVAL) and a shared one must be readable
 * memory: unmapped, PROT_NONE or past the end of its file is -EFAULT. */
static long futex_key(u64 uaddr, bool shared, const void **obj, u64 *key)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *v;
	unsigned long flags;
	u32 word;

	if (uaddr & 3)
		return -EINVAL;
	*obj = mm;
	*key = uaddr;
	if (!shared)
		return 0;
	if (get_user_u32(&word, (u32 __user *)uaddr))
		return -EFAULT;
	flags = spin_lock_irqsave(&mm->lock);
	v = find_vma(mm, uaddr);
	if (v && uaddr >= v->vm_start && (v->vm_flags & VM_SHARED) && v->vm_mapping) {
		*obj = v->vm_mapping;
		*key = (v->vm_pgoff << PAGE_SHIFT) + (uaddr - v->vm_start);
	}
	spin_unlock_irqrestore(&mm->lock, flags);
	return 0;
}

int futex_wake_user(u64 uaddr, int n)
{
	const void *obj;
	u64 key;

	if (futex_key(uaddr, true, &obj, &key))
		return 0;
	return wake_bitset(obj, key, n, FUTEX_BITSET_MATCH_ANY);
}

/* Sleep on @uaddr while it holds @val, until @dl at the latest. */
static long futex_wait(u64 uaddr, u32 val, const struct wait_deadline *dl,
		       u32 bitset, bool shared)
{
	struct futex_q q = { current, NULL, 0, bitset, false,
			     LIST_HEAD_INIT(q.list), NULL };
	struct futex_bucket *b;
	unsigned long flags;
	long err = futex_key(uaddr, shared, &q.obj, &q.uaddr);
	u32 cur;
	u64 ticks;

	if (err)
		return err;
	b = q.bucket = bucket_of(q.obj, q.uaddr);
retry:
	flags = spin_lock_irqsave(&b->lock);
	/* Compare and queue atomically against wakers (same bucket lock).
	 * A fault may sleep, so not here: on one, drop the lock, fault the
	 * page in with sleeping allowed, and look again. */
	if (get_futex_value_locked(&cur, uaddr)) {
		spin_unlock_irqrestore(&b->lock, flags);
		if (get_user_u32(&cur, (u32 __user *)uaddr))
			return -EFAULT;
		goto retry;
	}
	if (cur != val) {
		spin_unlock_irqrestore(&b->lock, flags);
		return -EAGAIN;
	}
	list_add_tail(&q.list, &b->queue);
	set_current_state(TASK_INTERRUPTIBLE);
	spin_unlock_irqrestore(&b->lock, flags);
	/* Any wake_up_process() ends a sleep (a signal that was then not
	 * queued, for one), and ticks are not the clock: sleep again until
	 * woken, signalled or past the deadline on its clock, as Linux
	 * does, rather than report a timeout early. */
	while (!READ_ONCE(q.woken) && !signal_pending(current) &&
	       (ticks = deadline_ticks(dl))) {
		schedule_timeout(ticks);
		set_current_state(TASK_INTERRUPTIBLE);
	}
	__set_current_state(TASK_RUNNING);
	b = lock_bucket_of(&q, &flags);		/* a requeue may have moved q */
	if (!q.woken)
		list_del_init(&q.list);
	spin_unlock_irqrestore(&b->lock, flags);
	if (q.woken)
		return 0;
	return signal_pending(current) ? -EINTR : -ETIMEDOUT;
}

/* Move waiters beyond the first @nr_wake from @uaddr to @uaddr2, both
 * keyed as futex_key() keys them. */
static long futex_requeue(u64 uaddr, u64 uaddr2, int nr_wake, int nr_requeue,
			  bool cmp, u32 val, bool shared)
{
	u64 key, key2;
	const void *obj, *obj2;
	struct futex_bucket *b, *b2;
	struct futex_q *q, *tmp;
	int woke, moved = 0;
	unsigned long flags;
	long err;
	u32 cur;

	if (nr_wake < 0 || nr_requeue < 0)
		return -EINVAL;		/* CVE-2018-6927: counts are not sizes */
	err = futex_key(uaddr, shared, &obj, &key);
	if (!err)
		err = futex_key(uaddr2, shared, &obj2, &key2);
	if (err)
		return err;
	b = bucket_of(obj, key);
	b2 = bucket_of(obj2, key2);
	if (cmp) {
		if (get_user_u32(&cur, (u32 __user *)uaddr))
			return -EFAULT;
		if (cur != val)
			return -EAGAIN;
	}
	woke = wake_bitset(obj, key, nr_wake, FUTEX_BITSET_MATCH_ANY);
	flags = lock_two(b, b2);
	list_for_each_entry_safe(q, tmp, &b->queue, list) {
		if (moved >= nr_requeue)
			break;
		if (q->obj != obj || q->uaddr != key)
			continue;
		/* Even in the same bucket the waiter now waits on @uaddr2:
		 * a wake of @uaddr2 must find it. */
		if (b != b2)
			list_move_tail(&q->list, &b2->queue);
		q->obj = obj2;
		q->uaddr = key2;
		WRITE_ONCE(q->bucket, b2);
		moved++;
	}
	unlock_two(b, b2, flags);
	return woke + moved;
}

long sys_futex(u32 __user *uaddr, int op, u32 val, const void __user *timeout,
	       u32 __user *uaddr2, u32 val3)
{
	int cmd = op & FUTEX_CMD_MASK;
	struct wait_deadline dl = { WAIT_NEVER, false };
	u64 key;
	const void *obj;
	bool shared = !(op & FUTEX_PRIVATE_FLAG);
	long err;

	if (!current->mm)
		return -EINVAL;
	if ((cmd == FUTEX_WAIT || cmd == FUTEX_WAIT_BITSET) && timeout) {
		err = timeout_to_deadline(timeout, cmd == FUTEX_WAIT_BITSET,
					  op & FUTEX_CLOCK_REALTIME, &dl);
		if (err)
			return err;
	}
	switch (cmd) {
	case FUTEX_WAIT:
		return futex_wait((u64)uaddr, val, &dl, FUTEX_BITSET_MATCH_ANY, shared);
	case FUTEX_WAIT_BITSET:
		return val3 ? futex_wait((u64)uaddr, val, &dl, val3, shared) : -EINVAL;
	case FUTEX_WAKE:
		err = futex_key((u64)uaddr, shared, &obj, &key);
		return err ? err : wake_bitset(obj, key, (int)val,
					       FUTEX_BITSET_MATCH_ANY);
	case FUTEX_WAKE_BITSET:
		if (!val3)
			return -EINVAL;
		err = futex_key((u64)uaddr, shared, &obj, &key);
		return err ? err : wake_bitset(obj, key, (int)val, val3);
	case FUTEX_REQUEUE:
	case FUTEX_CMP_REQUEUE:
		/* nr_requeue travels in the timeout argument's register. */
		return futex_requeue((u64)uaddr, (u64)uaddr2, (int)val,
				     (int)(u64)timeout, cmd == FUTEX_CMP_REQUEUE, val3,
				     shared);
	default:
		return -ENOSYS;
	}
}

/* futex_waitv(2)'s array element (<linux/futex.h>). */
struct futex_waitv {
	u64 val;
	u64 uaddr;
	u32 flags;
	u32 __reserved;
};

#define FUTEX_32 2			/* the only size there is */
#define FUTEX_WAITV_MAX 128

/* Take @qs[0..@n) off their queues; the lowest index one that was woken,
 * or -1 (Linux's futex_unqueue_multiple()). */
static int unqueue_multiple(struct futex_q *qs, int n)
{
	int woken = -1;

	for (int i = n - 1; i >= 0; i--) {
		unsigned long flags;
		struct futex_bucket *b = lock_bucket_of(&qs[i], &flags);

		if (qs[i].woken)
			woken = i;
		else
			list_del_init(&qs[i].list);
		spin_unlock_irqrestore(&b->lock, flags);
	}
	return woken;
}

/*
 * Queue one waiter per futex whose word still holds its value, each
 * checked under its bucket's lock. 0 with all queued; otherwise all are
 * off their queues again and it is 1 with *@woken the index of one a
 * waker got to meanwhile, -EAGAIN (a word changed) or -EFAULT.
 */
static long queue_multiple(struct futex_q *qs, const struct futex_waitv *vs,
			   int n, int *woken)
{
	for (int i = 0; i < n; i++) {
		struct futex_bucket *b = qs[i].bucket;
		unsigned long flags = spin_lock_irqsave(&b->lock);
		u32 cur;
		int fault = get_futex_value_locked(&cur, vs[i].uaddr);

		if (!fault && cur == vs[i].val) {
			list_add_tail(&qs[i].list, &b->queue);
			spin_unlock_irqrestore(&b->lock, flags);
			continue;
		}
		spin_unlock_irqrestore(&b->lock, flags);
		*woken = unqueue_multiple(qs, i);
		if (*woken >= 0)
			return 1;
		if (fault && get_user_u32(&cur, (u32 __user *)vs[i].uaddr))
			return -EFAULT;
		if (!fault || cur != vs[i].val)
			return -EAGAIN;
		i = -1;		/* faulted in: start again */
	}
	return 0;
}

/* Sleep on the @n futexes of @vs until one is woken (its index), until
 * @dl on its clock (-ETIMEDOUT), or a signal (-ERESTARTSYS). */
static long futex_wait_multiple(struct futex_q *qs, const struct futex_waitv *vs,
				int n, const struct wait_deadline *dl)
{
	for (;;) {
		int woken;
		u64 ticks;
		long ret = queue_multiple(qs, vs, n, &woken);

		if (ret)
			return ret > 0 ? woken : ret;
		set_current_state(TASK_INTERRUPTIBLE);
		for (int i = 0; i < n; i++)
			if (READ_ONCE(qs[i].woken))
				__set_current_state(TASK_RUNNING);
		ticks = deadline_ticks(dl);
		if (current->__state != TASK_RUNNING && !signal_pending(current) &&
		    ticks)
			schedule_timeout(ticks);
		__set_current_state(TASK_RUNNING);
		woken = unqueue_multiple(qs, n);
		if (woken >= 0)
			return woken;
		if (signal_pending(current))
			return -ERESTARTSYS;
		if (!deadline_ticks(dl))
			return -ETIMEDOUT;
	}
}

/* Copy in and check the @n waiters (EFAULT; EINVAL for flags other than
 * FUTEX_32 and FUTEX_PRIVATE_FLAG, or a reserved field set) and key
 * them (futex_key(): EINVAL misaligned, EFAULT). */
static long parse_waitv(struct futex_q *qs, struct futex_waitv *vs,
			const void __user *uwaiters, int n)
{
	if (copy_from_user(vs, uwaiters, n * sizeof(*vs)))
		return -EFAULT;
	for (int i = 0; i < n; i++) {
		long err;

		if ((vs[i].flags & ~(FUTEX_32 | FUTEX_PRIVATE_FLAG)) ||
		    !(vs[i].flags & FUTEX_32) || vs[i].__reserved)
			return -EINVAL;
		qs[i] = (struct futex_q){ .task = current,
					  .bitset = FUTEX_BITSET_MATCH_ANY };
		INIT_LIST_HEAD(&qs[i].list);
		err = futex_key(vs[i].uaddr, !(vs[i].flags & FUTEX_PRIVATE_FLAG),
				&qs[i].obj, &qs[i].uaddr);
		if (err)
			return err;
		qs[i].bucket = bucket_of(qs[i].obj, qs[i].uaddr);
	}
	return 0;
}

/*
 * futex_waitv(2): wait on up to 128 futexes at once, until one is woken
 * (its index is the result) or the absolute @timeout on @clockid
 * (CLOCK_MONOTONIC or CLOCK_REALTIME) passes. Linux 6.1's checks: no
 * @flags, 1 to 128 waiters, EINVAL/EFAULT for a bad timeout.
 */
long sys_futex_waitv(const void __user *waiters, unsigned int nr_futexes,
		     unsigned int flags, const void __user *timeout, int clockid)
{
	struct wait_deadline dl = { WAIT_NEVER, false };
	struct futex_waitv *vs;
	struct futex_q *qs;
	long ret;

	if (flags || !nr_futexes || nr_futexes > FUTEX_WAITV_MAX || !waiters ||
	    !current->mm)
		return -EINVAL;
	if (timeout) {
		if (clockid != CLOCK_REALTIME && clockid != CLOCK_MONOTONIC)
			return -EINVAL;
		ret = timeout_to_deadline(timeout, true,
					  clockid == CLOCK_REALTIME, &dl);
		if (ret)
			return ret;
	}
	vs = kmalloc(nr_futexes * sizeof(*vs), GFP_KERNEL);
	qs = kmalloc(nr_futexes * sizeof(*qs), GFP_KERNEL);
	ret = vs && qs ? parse_waitv(qs, vs, waiters, (int)nr_futexes) : -ENOMEM;
	if (!ret)
		ret = futex_wait_multiple(qs, vs, (int)nr_futexes, &dl);
	kfree(vs);
	kfree(qs);
	return ret;
}
