/*
 * Self-test of kmemleak (kernel/mm/kmemleak.c, DEBUG_KERNEL=1): a lost
 * object is reported even when it was handed out right after one that
 * is kept. A kthread allocates both and exits, so no live stack holds
 * the lost one's address (a freed stack is zeroed, kernel/mm/kstack.c);
 * the kept one's first word was the slab's link to the lost one until
 * slab_pop() cleared it. Run only when named, as it reports a leak
 * (tests/integration/test_kmemleak.py).
 */
#ifdef CONFIG_DEBUG_KMEMLEAK

#include "kernel/ktest.h"
#include "kernel/exit.h"
#include "kernel/fork.h"
#include "kernel/mm/kmemleak.h"
#include "kernel/mm/kstack.h"
#include "kernel/mm/slab.h"
#include "kernel/sched/sched.h"
#include "kernel/task.h"

#define PAIR_SIZE 64		/* the demo's size; not the class of kmemleak's records */
#define HIDE 0x5555555555555555ull	/* the lost address, not a pointer */

static void *kept;
static u64 lost_hidden;

static int alloc_pair(void *unused)
{
	kept = kmalloc(PAIR_SIZE, GFP_KERNEL);
	lost_hidden = (u64)kmalloc(PAIR_SIZE, GFP_KERNEL) ^ HIDE;
	return 0;
}

static bool reported(u64 ptr)
{
	struct kmemleak_leak *leak = kmalloc(sizeof(*leak), GFP_KERNEL);
	u64 pos = 0;
	bool found = false;

	while (leak && !found && kmemleak_next_leak(&pos, leak))
		found = leak->ptr == ptr;
	kfree(leak);
	return found;
}

/* The pair made and checked, its records from the emergency pool if
 * @pool (as when kmalloc() fails): the pool must not be a root. */
static void lost_after_kept(struct ktest *t, bool pool)
{
	u64 age = kmemleak_min_age, stacks = kstack_nr_used();
	pid_t pid;

	WRITE_ONCE(kmemleak_pool_only, pool);
	pid = kernel_thread(alloc_pair, NULL, "ktest-leak", 0);
	KT_EXPECT(t, pid > 0 && kernel_wait(pid, NULL) == pid);
	WRITE_ONCE(kmemleak_pool_only, false);
	/* The last reference may be dropped by a kworker: wait for it. */
	for (int i = 0; i < 200 && kstack_nr_used() > stacks; i++)
		msleep(10);
	KT_EXPECT(t, kept && lost_hidden != HIDE);
	KT_EXPECT(t, kmemleak_in_pool(kept) == pool);
	kmemleak_min_age = 0;
	kmemleak_scan();
	kmemleak_scan();
	KT_EXPECTF(t, reported(lost_hidden ^ HIDE),
		   "the object after a kept one was not reported (kept[0] %p)",
		   kept ? *(void **)kept : NULL);
	KT_EXPECT(t, !reported((u64)kept));
	kmemleak_min_age = age;
	kfree((void *)(lost_hidden ^ HIDE));
	kfree(kept);
	kept = NULL;
	KT_EXPECT(t, kmemleak_enabled());
}

KTEST_CRASH(kmemleak_lost_after_kept)
{
	lost_after_kept(t, false);
	lost_after_kept(t, true);
}

#endif
