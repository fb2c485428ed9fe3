/*
 * PID allocation (a bitmap searched from the last PID handed out) and the
 * pid hash (PID_HASH_SIZE buckets of task->pid_chain lists).
 */
#include "kernel/pid.h"
#include "kernel/locking/spinlock.h"
#include "lib/bug.h"
#include "lib/errno.h"
#include "kernel/locking/lockdep.h"
#include "kernel/tasklist.h"
#include "kernel/module/module.h"

#define PID_HASH_SIZE 1024

static u64 pid_bitmap[PID_MAX_DEFAULT / 64];
static pid_t last_pid;
static u32 pids_in_use;
static DEFINE_SPINLOCK(pidmap_lock);
static struct list_head pid_hash[PID_HASH_SIZE];

static bool pid_taken(pid_t pid)
{
	return pid_bitmap[pid / 64] & (1ull << (pid % 64));
}

pid_t alloc_pid(void)
{
	unsigned long flags = spin_lock_irqsave(&pidmap_lock);
	pid_t pid = last_pid, found = -EAGAIN;

	for (int n = 0; n < PID_MAX_DEFAULT; n++) {
		if (++pid >= PID_MAX_DEFAULT)
			pid = RESERVED_PIDS;
		if (!pid_taken(pid)) {
			pid_bitmap[pid / 64] |= 1ull << (pid % 64);
			last_pid = found = pid;
			pids_in_use++;
			break;
		}
	}
	spin_unlock_irqrestore(&pidmap_lock, flags);
	return found;
}

/* Give @pid back for reuse; it must have come from alloc_pid(). */
void free_pid(pid_t pid)
{
	unsigned long flags = spin_lock_irqsave(&pidmap_lock);

	BUG_ON(pid <= 0 || pid >= PID_MAX_DEFAULT || !pid_taken(pid));
	pid_bitmap[pid / 64] &= ~(1ull << (pid % 64));
	pids_in_use--;
	spin_unlock_irqrestore(&pidmap_lock, flags);
}

u32 nr_pids(void)
{
	return READ_ONCE(pids_in_use);
}

static struct list_head *bucket(pid_t pid)
{
	struct list_head *b = &pid_hash[pid % PID_HASH_SIZE];

	if (!b->next)
		INIT_LIST_HEAD(b);	/* buckets start zeroed in .bss */
	return b;
}

void attach_pid(struct task_struct *p)
{
	lockdep_assert_held(&tasklist_lock);
	list_add(&p->pid_chain, bucket(p->pid));
}

/* Make @p unfindable by its pid (release_task). tasklist_lock held. */
void detach_pid(struct task_struct *p)
{
	lockdep_assert_held(&tasklist_lock);
	list_del_init(&p->pid_chain);
}

struct task_struct *find_task_by_pid(pid_t pid)
{
	struct task_struct *p;

	lockdep_assert_held(&tasklist_lock);
	if (pid <= 0 || pid >= PID_MAX_DEFAULT)
		return pid == 0 ? &init_task : NULL;
	list_for_each_entry(p, bucket(pid), pid_chain)
		if (p->pid == pid)
			return p;
	return NULL;
}
EXPORT_SYMBOL(find_task_by_pid);
