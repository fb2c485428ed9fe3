/*
 * PID allocation (a bitmap per pid namespace, searched from the last
 * number it handed out) and the pid hash (PID_HASH_SIZE buckets of
 * struct upid, one entry per number a task has).
 */
#include "kernel/pid.h"
#include "kernel/locking/spinlock.h"
#include "kernel/mm/slab.h"
#include "kernel/ns/pid_namespace.h"
#include "lib/bug.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "kernel/locking/lockdep.h"
#include "kernel/tasklist.h"
#include "kernel/module/module.h"

#define PID_HASH_SIZE 1024

static DEFINE_SPINLOCK(pidmap_lock);
static struct list_head pid_hash[PID_HASH_SIZE];

struct pid init_struct_pid = {
	.count = REFCOUNT_INIT(1),
	.level = 0,
	.task = &init_task,
	.wait_pidfd = __WAIT_QUEUE_HEAD_INITIALIZER(init_struct_pid.wait_pidfd),
	.numbers = { { .nr = 0, .ns = &init_pid_ns } },
};

static bool pid_taken(struct pid_namespace *ns, int nr)
{
	return ns->bitmap[nr / 64] & (1ull << (nr % 64));
}

/* The next free number in @ns after its last one, or -EAGAIN when all
 * are taken; -ENOMEM once its init has died (Linux's answer). */
static int alloc_pidnr(struct pid_namespace *ns)
{
	unsigned long flags = spin_lock_irqsave(&pidmap_lock);
	int nr = ns->last_pid, found = ns->dying ? -ENOMEM : -EAGAIN;

	for (int n = 0; n < PID_MAX_DEFAULT && !ns->dying; n++) {
		if (++nr >= PID_MAX_DEFAULT)
			nr = RESERVED_PIDS;
		if (!pid_taken(ns, nr)) {
			ns->bitmap[nr / 64] |= 1ull << (nr % 64);
			ns->last_pid = found = nr;
			ns->nr_pids++;
			break;
		}
	}
	spin_unlock_irqrestore(&pidmap_lock, flags);
	return found;
}

static void free_pidnr(struct upid *upid)
{
	unsigned long flags = spin_lock_irqsave(&pidmap_lock);
	struct pid_namespace *ns = upid->ns;
	int nr = upid->nr;

	BUG_ON(nr <= 0 || nr >= PID_MAX_DEFAULT || !pid_taken(ns, nr));
	ns->bitmap[nr / 64] &= ~(1ull << (nr % 64));
	ns->nr_pids--;
	spin_unlock_irqrestore(&pidmap_lock, flags);
}

void pid_ns_set_last_pid(struct pid_namespace *ns, int nr)
{
	unsigned long flags = spin_lock_irqsave(&pidmap_lock);

	BUG_ON(nr < 0 || nr >= PID_MAX_DEFAULT);
	ns->last_pid = nr;
	spin_unlock_irqrestore(&pidmap_lock, flags);
}

/* The last struct pid's ino: counted up, so a /proc inode number names
 * one task's files only, even after its pid is reused. */
static atomic_long_t pid_ino_next;

struct pid *alloc_pid(struct pid_namespace *ns)
{
	struct pid *pid = kmalloc(sizeof(*pid) + (ns->level + 1) *
				  sizeof(struct upid), GFP_KERNEL);
	struct pid_namespace *tmp = ns;
	int i, nr;

	if (!pid)
		return ERR_PTR(-ENOMEM);
	refcount_set(&pid->count, 1);
	pid->ino = (u64)atomic_long_inc_return(&pid_ino_next);
	pid->level = ns->level;
	pid->task = NULL;
	init_waitqueue_head(&pid->wait_pidfd);
	for (i = (int)ns->level; i >= 0; i--, tmp = tmp->parent) {
		nr = alloc_pidnr(tmp);
		if (nr < 0)
			goto out_free;
		pid->numbers[i].nr = nr;
		pid->numbers[i].ns = tmp;
		INIT_LIST_HEAD(&pid->numbers[i].pid_chain);
	}
	get_ns(&ns->ns);	/* keeps the namespaces above it too */
	return pid;

out_free:
	while (++i <= (int)ns->level)
		free_pidnr(&pid->numbers[i]);
	kfree(pid);
	return ERR_PTR(nr);
}

void free_pid(struct pid *pid)
{
	for (unsigned int i = 0; i <= pid->level; i++)
		free_pidnr(&pid->numbers[i]);
}

void put_pid(struct pid *pid)
{
	struct pid_namespace *ns;

	if (!pid || pid == &init_struct_pid ||	/* NULL: none, as Linux */
	    !refcount_dec_and_test(&pid->count))
		return;
	ns = pid->numbers[pid->level].ns;
	kfree(pid);
	put_ns(&ns->ns);
}
EXPORT_SYMBOL(put_pid);

u32 nr_pids(void)
{
	return READ_ONCE(init_pid_ns.nr_pids);
}

static struct list_head *bucket(int nr, const struct pid_namespace *ns)
{
	struct list_head *b = &pid_hash[((unsigned long)nr ^
					 ((unsigned long)ns >> 6)) % PID_HASH_SIZE];

	if (!b->next)
		INIT_LIST_HEAD(b);	/* buckets start zeroed in .bss */
	return b;
}

void attach_pid(struct task_struct *p)
{
	struct pid *pid = p->thread_pid;

	lockdep_assert_held(&tasklist_lock);
	pid->task = p;
	if (pid->level && pid->numbers[pid->level].nr == 1)
		pid->numbers[pid->level].ns->child_reaper = p;	/* its init */
	for (unsigned int i = 0; i <= pid->level; i++)
		list_add(&pid->numbers[i].pid_chain,
			 bucket(pid->numbers[i].nr, pid->numbers[i].ns));
}

/* Make @p unfindable by its pid (release_task). tasklist_lock held. */
void detach_pid(struct task_struct *p)
{
	struct pid *pid = p->thread_pid;

	lockdep_assert_held(&tasklist_lock);
	for (unsigned int i = 0; i <= pid->level; i++)
		list_del_init(&pid->numbers[i].pid_chain);
	pid->task = NULL;
}

void exchange_tids(struct task_struct *a, struct task_struct *b)
{
	struct pid *pa = a->thread_pid;
	pid_t nr = a->pid;

	lockdep_assert_held(&tasklist_lock);
	a->thread_pid = b->thread_pid;
	b->thread_pid = pa;
	a->pid = b->pid;
	b->pid = nr;
	a->thread_pid->task = a;
	b->thread_pid->task = b;
}

struct pid *find_pid_ns(int nr, struct pid_namespace *ns)
{
	struct upid *upid;

	lockdep_assert_held(&tasklist_lock);
	if (nr <= 0 || nr >= PID_MAX_DEFAULT)
		return NULL;
	list_for_each_entry(upid, bucket(nr, ns), pid_chain)
		if (upid->nr == nr && upid->ns == ns)
			return (struct pid *)((char *)(upid - ns->level) -
					      offsetof(struct pid, numbers));
	return NULL;
}
EXPORT_SYMBOL(find_pid_ns);

struct task_struct *find_task_by_pid(pid_t pid)
{
	struct pid *p;

	if (pid == 0)
		return &init_task;
	p = find_pid_ns(pid, &init_pid_ns);
	return p ? p->task : NULL;
}
EXPORT_SYMBOL(find_task_by_pid);
