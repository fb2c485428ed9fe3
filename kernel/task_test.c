/*
 * Self-tests for tasks, the task list, current, the scheduler and
 * kernel threads (run with "ktest" on the command line, from pid 1).
 */
#include "asm/processor.h"
#include "kernel/task.h"
#include "kernel/exit.h"
#include "kernel/fork.h"
#include "kernel/mm/kstack.h"
#include "kernel/cred.h"
#include "kernel/ktest.h"
#include "kernel/kthread.h"
#include "kernel/mm/page_alloc.h"
#include "kernel/pid.h"
#include "kernel/preempt.h"
#include "kernel/sched/sched.h"
#include "kernel/tasklist.h"
#include "kernel/time/timer.h"
#include "kernel/sched/wait.h"
#include "lib/err.h"

KTEST(task_struct_at_stack_base)
{
	struct task_struct *g, *th;
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	int n = 0;

	for_each_process_thread(g, th) {
		KT_EXPECTF(t, (void *)th == th->stack, "pid %d", th->pid);
		KT_EXPECT(t, IS_ALIGNED((u64)th, THREAD_SIZE));
		KT_EXPECT(t, th->thread_info.task == th);
		KT_EXPECTF(t, !task_stack_end_corrupted(th), "pid %d", th->pid);
		n++;
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	KT_EXPECT(t, n >= 3);
	KT_EXPECT(t, (void *)&init_task == init_task.stack);
}

KTEST(current_from_sp_matches_percpu)
{
	KT_EXPECT(t, current == this_cpu_read(current_task));
	KT_EXPECT(t, current->pid == 1);	/* ktests run in pid 1 */
	KT_EXPECT(t, in_task() && !in_interrupt() && !in_atomic());
	KT_EXPECT(t, current == (void *)((u64)__builtin_frame_address(0) &
					 ~((u64)THREAD_SIZE - 1)));
}

KTEST(task_struct_is_small)
{
	KT_EXPECT(t, sizeof(struct task_struct) <= THREAD_SIZE / 8);
	KT_EXPECT(t, *end_of_stack(current) == STACK_END_MAGIC);
	KT_EXPECT(t, stack_used_max(current) > 0);
	KT_EXPECT(t, stack_used_max(current) < THREAD_SIZE);
}

static int ret_arg(void *arg)
{
	return (int)(long)arg;
}

KTEST(kernel_thread_exit_code_and_reap)
{
	int status = -1;
	pid_t pid = kernel_thread(ret_arg, (void *)42L, "ktest-ret", 0);

	KT_EXPECT(t, pid > 2);
	KT_EXPECT(t, kernel_wait(pid, &status) == pid);
	KT_EXPECT(t, status == (42 << 8));
	KT_EXPECT(t, kernel_wait(pid, &status) == -10 /* ECHILD */);
}

static int sleeper(void *arg)
{
	msleep(30);
	return 0;
}

KTEST(zombie_until_reaped)
{
	pid_t pid = kernel_thread(ret_arg, 0, "ktest-zombie", 0);
	struct task_struct *p;
	unsigned long flags;
	char state = '?';

	msleep(50);		/* it has exited by now */
	flags = spin_lock_irqsave(&tasklist_lock);
	p = find_task_by_pid(pid);
	if (p)
		state = task_state_char(p);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	KT_EXPECTF(t, state == 'Z', "state %c", state);
	KT_EXPECT(t, kernel_wait(pid, NULL) == pid);
	flags = spin_lock_irqsave(&tasklist_lock);
	KT_EXPECT(t, find_task_by_pid(pid) == NULL);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	(void)sleeper;
}

static int spawn_grandchild(void *arg)
{
	*(pid_t *)arg = kernel_thread(sleeper, NULL, "ktest-orphan", 0);
	return 0;
}

KTEST(orphans_go_to_init)
{
	pid_t gc = 0, child = kernel_thread(spawn_grandchild, &gc, "ktest-parent", 0);
	struct task_struct *p;
	unsigned long flags;

	KT_EXPECT(t, kernel_wait(child, NULL) == child);
	KT_EXPECT(t, gc > 0);
	flags = spin_lock_irqsave(&tasklist_lock);
	p = find_task_by_pid(gc);
	KT_EXPECT(t, !p || p->parent == child_reaper);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	/* We are pid 1, the reaper: the orphan is ours to reap now. */
	KT_EXPECT(t, kernel_wait(gc, NULL) == gc);
}

KTEST(msleep_sleeps)
{
	u64 t0 = ktime_get_ns();

	msleep(50);
	KT_EXPECTF(t, ktime_get_ns() - t0 >= 50000000ull, "%lu ns",
		   (unsigned long)(ktime_get_ns() - t0));
}

static volatile int spin_progress[2];
static volatile bool spin_stop;

static int spinner(void *arg)
{
	int i = (int)(long)arg;

	while (!READ_ONCE(spin_stop))
		spin_progress[i]++;	/* never yields: needs preemption */
	return 0;
}

KTEST(preemption_shares_the_cpu)
{
	pid_t a, b;

	spin_stop = false;
	spin_progress[0] = spin_progress[1] = 0;
	a = kernel_thread(spinner, (void *)0L, "ktest-spin0", 0);
	b = kernel_thread(spinner, (void *)1L, "ktest-spin1", 0);
	msleep(300);
	spin_stop = true;
	kernel_wait(a, NULL);
	kernel_wait(b, NULL);
	KT_EXPECTF(t, spin_progress[0] > 0 && spin_progress[1] > 0,
		   "progress %d %d", spin_progress[0], spin_progress[1]);
}

struct completion_test {
	struct completion done;
	int value;
};

static int completer(void *arg)
{
	struct completion_test *c = arg;

	msleep(20);
	c->value = 7;
	complete(&c->done);
	return 0;
}

KTEST(completion_wakes_waiter)
{
	struct completion_test c = { .value = 0 };
	pid_t pid;

	init_completion(&c.done);
	pid = kernel_thread(completer, &c, "ktest-compl", 0);
	wait_for_completion(&c.done);
	KT_EXPECT(t, c.value == 7);
	kernel_wait(pid, NULL);
}

static int kthread_body(void *arg)
{
	complete(arg);
	return 0;
}

KTEST(kthread_is_child_of_kthreadd)
{
	struct completion ran;
	struct task_struct *k;

	init_completion(&ran);
	k = kthread_create(kthread_body, &ran, "ktest-kth/%d", 5);
	KT_EXPECT(t, k && k->parent == kthreadd_task);
	KT_EXPECT(t, k && k->mm == NULL && (k->flags & PF_KTHREAD));
	KT_EXPECT(t, k && !__builtin_strcmp(k->comm, "ktest-kth/5"));
	if (k)
		wake_up_process(k);
	wait_for_completion(&ran);
}

static int churn(void *arg)
{
	while (!READ_ONCE(spin_stop)) {
		pid_t pid = kernel_thread(ret_arg, 0, "ktest-churn", 0);

		if (pid > 0)
			kernel_wait(pid, NULL);
	}
	return 0;
}

/* Walks under tasklist_lock see each task once, while others come and go. */
KTEST(task_list_walk_while_churning)
{
	pid_t c;
	int bad = 0;

	spin_stop = false;
	c = kernel_thread(churn, NULL, "ktest-churner", 0);
	for (int round = 0; round < 50; round++) {
		struct task_struct *g, *th;
		static u64 seen[PID_MAX_DEFAULT / 64];
		unsigned long flags;

		__builtin_memset(seen, 0, sizeof(seen));
		flags = spin_lock_irqsave(&tasklist_lock);
		do_each_thread(g, th) {
			if (seen[th->pid / 64] & (1ull << (th->pid % 64)))
				bad++;
			seen[th->pid / 64] |= 1ull << (th->pid % 64);
		} while_each_thread(g, th);
		spin_unlock_irqrestore(&tasklist_lock, flags);
		msleep(2);
	}
	spin_stop = true;
	kernel_wait(c, NULL);
	KT_EXPECT(t, bad == 0);
}

/* Wait (bounded) for deferred frees to bring free pages back to @base. */
static u64 settle_free_pages(u64 base)
{
	for (int i = 0; i < 200 && nr_free_pages() < base; i++)
		msleep(10);
	return nr_free_pages();
}

KTEST(thousand_kthreads_no_leak)
{
	enum { N = 1000 };
	u64 base_pages, base_stacks = kstack_nr_used();
	u32 base_pids = nr_pids();
	int created = 0, reaped = 0;

	settle_free_pages(nr_free_pages());
	base_pages = nr_free_pages();
	for (int i = 0; i < N; i++)
		created += kernel_thread(ret_arg, 0, "ktest-many", 0) > 0;
	while (kernel_wait(-1, NULL) > 0)
		reaped++;
	KT_EXPECTF(t, created == N && reaped == N, "created %d reaped %d",
		   created, reaped);
	KT_EXPECTF(t, settle_free_pages(base_pages) == base_pages,
		   "free pages %lu, baseline %lu",
		   (unsigned long)nr_free_pages(), (unsigned long)base_pages);
	KT_EXPECT(t, kstack_nr_used() == base_stacks);
	KT_EXPECT(t, nr_pids() == base_pids);
}

KTEST(pid_not_reused_at_once)
{
	pid_t a = kernel_thread(ret_arg, 0, "ktest-pid", 0), b;

	kernel_wait(a, NULL);
	b = kernel_thread(ret_arg, 0, "ktest-pid", 0);
	kernel_wait(b, NULL);
	KT_EXPECT(t, b != a);
}

static int corrupt_and_schedule(void *arg)
{
	*end_of_stack(current) = 0xdeadbeef;	/* as an overflow would */
	msleep(10);
	return 0;
}

/* Must end in "corrupted stack end detected inside scheduler". */
KTEST_CRASH(stack_end_magic_detected)
{
	kernel_wait(kernel_thread(corrupt_and_schedule, NULL, "ktest-smash", 0),
		    NULL);
}

static __attribute__((noipa)) int recurse(int depth)
{
	volatile char frame[512];

	frame[0] = (char)depth;		/* touch every frame on the way down */
	if (depth == -1)		/* never: keeps the compiler from warning */
		return 0;
	return recurse(depth + 1) + frame[0];
}

static int overflow_thread(void *arg)
{
	return recurse(0);
}

/* Must end in the #DF report naming ktest-overflow, on the #DF stack. */
KTEST_CRASH(kernel_stack_overflow)
{
	kernel_wait(kernel_thread(overflow_thread, NULL, "ktest-overflow", 0),
		    NULL);
}

KTEST(every_task_has_root_cred)
{
	struct task_struct *g, *th;
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);

	KT_EXPECT(t, init_task.cred == &init_cred);
	for_each_process_thread(g, th) {
		KT_EXPECTF(t, th->cred && th->real_cred, "pid %d", th->pid);
		KT_EXPECTF(t, th->cred->uid.val == 0 && th->cred->euid.val == 0,
			   "pid %d", th->pid);
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
}

/* In a kernel thread of its own: change the ids copy-on-write and check
 * that nobody else's moved. 0 on success, else the failing step. */
static int cred_cow_thread(void *arg)
{
	const struct cred *old = current->cred;
	struct cred *new = prepare_creds();

	if (!new || new == old || refcount_read(&new->usage) != 1)
		return 1;
	new->euid = new->fsuid = KUIDT_INIT(1000);
	cap_fix_setuid(new, old, false);	/* what setresuid(2) does */
	if (!uid_eq(current->cred->euid, GLOBAL_ROOT_UID))
		return 2;		/* a prepared cred is private */
	commit_creds(new);
	if (current->cred != new || current->real_cred != new ||
	    refcount_read(&new->usage) != 2)
		return 3;		/* one reference per pointer */
	if (capable(CAP_SETUID) || capable(CAP_DAC_OVERRIDE))
		return 4;		/* root's powers went with euid 0 */
	if (!uid_eq(init_cred.euid, GLOBAL_ROOT_UID) || old != &init_cred)
		return 5;
	new = prepare_creds();
	if (!new || new->group_info != current->cred->group_info)
		return 6;		/* groups are shared, not copied */
	abort_creds(new);
	return 0;
}

KTEST(cred_copy_on_write)
{
	int status = -1;
	pid_t pid = kernel_thread(cred_cow_thread, NULL, "ktest-cred", 0);

	KT_EXPECT(t, pid > 0);
	KT_EXPECT(t, kernel_wait(pid, &status) == pid);
	KT_EXPECTF(t, status == 0, "step %d failed", status >> 8);
	KT_EXPECT(t, uid_eq(current->cred->euid, GLOBAL_ROOT_UID));
	KT_EXPECT(t, capable(CAP_SYS_MODULE) && capable(CAP_DAC_OVERRIDE));
}
