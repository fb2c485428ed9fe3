/*
 * The OOM killer (Linux's mm/oom_kill.c, simplified). A page fault that
 * finds no free page does not kill whoever faulted: that may be a shell
 * or a supervisor that needed one page while another process holds the
 * memory. out_of_memory() kills the process with the most memory, by
 * Linux's oom_badness(): its resident pages, plus oom_score_adj
 * thousandths of all memory (-1000, OOM_SCORE_ADJ_MIN, exempts it). The
 * faulting task then waits a tick and faults again, while the victim
 * exits and gives its pages back; a fault meanwhile waits instead of
 * killing another while any process (the victim, a killed fork bomb) is
 * dying with its memory, for two seconds at most. Never the first
 * process (init), nor kernel threads: init's own fault only makes the
 * choice (kernel/mm/memory.c oom_wait()).
 *
 * The report is Linux's:
 *   fuzz invoked oom-killer: order=0, oom_score_adj=0
 *   Out of memory: Killed process 1234 (fuzz) total-vm:65536kB,
 *   anon-rss:60000kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:0kB
 *   oom_score_adj:1000
 * (page tables are not counted: pgtables is 0). /proc/<pid>/oom_score
 * shows the badness scaled to 0..2000 as Linux's, oom_score_adj sets it.
 *
 * Only user page faults come here; a kernel allocation that fails
 * returns ENOMEM to its system call.
 */
#include "kernel/mm/oom.h"
#include "kernel/cred.h"
#include "kernel/exit.h"
#include "kernel/fork.h"
#include "kernel/locking/mutex.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/page_alloc.h"
#include "kernel/printk/printk.h"
#include "kernel/sched/sched.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "kernel/tasklist.h"
#include "kernel/time/time.h"
#include "kernel/include/linux/limits.h"

#define VICTIM_PATIENCE (2 * HZ)	/* then another may be chosen */

static DEFINE_MUTEX(oom_lock);		/* one choice at a time */
static u64 oom_waiting_since;		/* for a dying task, or 0 */

/* The pages @p's mm holds (its threads share one): 0 without one.
 * tasklist_lock held; task_mm_lock keeps the mm from going meanwhile. */
static u64 process_rss(struct task_struct *p, u64 *vm)
{
	unsigned long irq = spin_lock_irqsave(&task_mm_lock);
	struct task_struct *t;
	u64 rss = 0;

	*vm = 0;
	for_each_thread(p, t) {
		if (t->mm) {
			rss = READ_ONCE(t->mm->rss);
			*vm = READ_ONCE(t->mm->total_vm);
			break;
		}
	}
	spin_unlock_irqrestore(&task_mm_lock, irq);
	return rss;
}

long oom_badness(struct task_struct *p, u64 totalpages)
{
	u64 vm;
	long points;
	int adj;

	if ((p->flags & PF_KTHREAD) || !p->signal ||
	    p->group_leader == child_reaper)
		return LONG_MIN;
	adj = READ_ONCE(p->signal->oom_score_adj);
	if (adj == OOM_SCORE_ADJ_MIN)
		return LONG_MIN;
	points = (long)process_rss(p, &vm);
	if (!vm)
		return LONG_MIN;	/* no memory to give back */
	return points + adj * (long)(totalpages / 1000);
}

/* Is @p on its way out with its memory not yet back? Then the choice
 * waits for it, as Linux's oom_evaluate_task() does for such a task. */
static bool dying_with_memory(struct task_struct *p, u64 totalpages)
{
	if (!p->signal->group_exit && !fatal_signal_pending(p) &&
	    !(p->flags & PF_EXITING))
		return false;
	return oom_badness(p, totalpages) != LONG_MIN;
}

/* The process to kill, referenced, or NULL: the one with the most
 * points; NULL with *@wait set while one is dying with its memory (a
 * killed fork bomb must not take the shell with it), for
 * VICTIM_PATIENCE at most: a task that never gets out (Linux's OOM
 * reaper would take its memory) is passed over after that. */
static struct task_struct *select_bad_process(u64 totalpages, bool *wait)
{
	bool patient = !oom_waiting_since ||
		       jiffies - oom_waiting_since < VICTIM_PATIENCE;
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	struct task_struct *p, *chosen = NULL;
	long best = LONG_MIN;

	*wait = false;
	for_each_process(p) {
		long points;

		if ((p->flags & PF_KTHREAD) || !p->signal || p->exit_state)
			continue;	/* kernel threads have no signal_struct */
		if (dying_with_memory(p, totalpages)) {
			if (!patient)
				continue;
			*wait = true;
			chosen = NULL;
			break;
		}
		points = oom_badness(p, totalpages);
		if (points == LONG_MIN || points <= best)
			continue;
		best = points;
		chosen = p;
	}
	if (chosen)
		get_task_struct(chosen);
	spin_unlock_irqrestore(&tasklist_lock, irq);
	return chosen;
}

/* Linux's two lines about killing @v (referenced); its mm and cred are
 * taken with references: it may be exiting or changing ids meanwhile. */
static void oom_report(struct task_struct *v)
{
	static struct ratelimit_state rs;
	struct mm_struct *mm;
	const struct cred *cred;
	u64 missed, vm = 0, rss = 0, file = 0, shmem = 0;

	if (!__ratelimit(&rs, &missed))
		return;
	mm = get_task_mm(v);
	if (mm) {
		vm = READ_ONCE(mm->total_vm);
		rss = READ_ONCE(mm->rss);
		file = READ_ONCE(mm->rss_file);
		shmem = READ_ONCE(mm->rss_shmem);
		mmput(mm);
	}
	cred = get_task_cred(v);
	pr_warn("%s invoked oom-killer: order=0, oom_score_adj=%d\n",
		current->comm, READ_ONCE(current->signal->oom_score_adj));
	if (missed)
		pr_err("Out of memory: %lu earlier kills not shown\n",
		       (unsigned long)missed);
	pr_err("Out of memory: Killed process %d (%s) total-vm:%lukB, "
	       "anon-rss:%lukB, file-rss:%lukB, shmem-rss:%lukB, UID:%u "
	       "pgtables:0kB oom_score_adj:%d\n", v->tgid, v->comm,
	       (unsigned long)(vm * 4),
	       (unsigned long)((rss - MIN(rss, file + shmem)) * 4),
	       (unsigned long)(file * 4), (unsigned long)(shmem * 4),
	       cred->uid.val, READ_ONCE(v->signal->oom_score_adj));
	put_cred(cred);
}

/* Kill the chosen @v (Linux's name: its entry is a favourite probe
 * point, LTP's fanotify25 sets one): it dies with its memory, and the
 * next faults wait for it. oom_lock held. */
static __attribute__((noinline)) void oom_kill_process(struct task_struct *v)
{
	oom_report(v);
	send_sig_process(SIGKILL, v);
}

bool out_of_memory(void)
{
	struct task_struct *v;
	bool me, wait;

	if (fatal_signal_pending(current))
		return true;		/* dying anyway */
	mutex_lock(&oom_lock);
	v = select_bad_process(nr_managed_pages(), &wait);
	if (wait) {
		if (!oom_waiting_since)
			oom_waiting_since = jiffies;
		mutex_unlock(&oom_lock);
		msleep(10);
		return false;
	}
	oom_waiting_since = 0;
	if (!v && current->group_leader != child_reaper) {
		v = current->group_leader;	/* nothing else to take */
		get_task_struct(v);
	}
	if (v)
		oom_kill_process(v);
	me = v && v->signal == current->signal;
	if (v)
		put_task_struct(v);
	mutex_unlock(&oom_lock);
	if (!me)
		msleep(10);		/* the victim's turn */
	return me;
}
