/*
 * System-call tracing (see strace.h and user/lib/strace_abi.h).
 *
 * A trace session joins one tracer (an open file) and one tracee (a
 * thread). The tracee queues a record at each event; at system-call entry
 * and exit it also stops (state 't') until the tracer reads on past that
 * record, which keeps its memory still while the tracer reads it through
 * /proc/<pid>/mem. Closing the file ends the session; the tracee notices
 * at its next event. One lock (trace_lock) guards every session and every
 * task->tracer pointer: tracing is rare, so simplicity wins over scale.
 */
#include "kernel/trace/strace.h"
#include "kernel/ptrace.h"
#include "asm/processor.h"
#include "kernel/task.h"
#include "kernel/fs/proc/proc_fs.h"
#include "kernel/sched/sched.h"
#include "kernel/signal.h"
#include "kernel/mm/slab.h"
#include "kernel/locking/spinlock.h"
#include "kernel/time/time.h"
#include "kernel/sched/wait.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "user/lib/strace_abi.h"
#include "kernel/locking/lockdep.h"

#define RING 32			/* records queued but not read yet */

struct trace_session {
	int refs;			/* the tracer's file + the tracee's link */
	pid_t tracer_pid;
	bool detached;			/* the tracer has closed the file */
	bool stopped;			/* the tracee waits for the tracer */
	u64 stop_seq;			/* ... at this record */
	u64 next_seq;			/* seq of the next record queued */
	u64 read_seq;			/* seq of the next record to return */
	bool exited;			/* TB_TRACE_EXITED queued */
	struct tb_trace_record ring[RING];
	struct wait_queue_head wq;	/* both sides sleep here */
};

static DEFINE_SPINLOCK(trace_lock);

static void put_session(struct trace_session *s)	/* trace_lock held */
{
	lockdep_assert_held(&trace_lock);
	if (--s->refs == 0)
		kfree(s);
}

/* Queue a record; trace_lock held. Returns its seq. */
static u64 queue_record(struct trace_session *s, u32 kind, u64 nr,
			const u64 args[6], long ret, u32 flags)
{
	struct tb_trace_record *r = &s->ring[s->next_seq % RING];

	lockdep_assert_held(&trace_lock);
	memset(r, 0, sizeof(*r));
	r->kind = kind;
	r->flags = flags;
	r->tid = current->pid;
	r->tgid = current->tgid;
	r->seq = s->next_seq;
	r->time_ns = ktime_get_ns();
	r->nr = nr;
	if (args)
		memcpy(r->args, args, sizeof(r->args));
	r->ret = ret;
	r->ip = task_pt_regs(current)->rip;
	if (s->next_seq - s->read_seq == RING)
		s->read_seq++;	/* the oldest non-stopping record is lost */
	return s->next_seq++;
}

/* current's session, dropping it if the tracer has gone. trace_lock held. */
static struct trace_session *my_session(void)
{
	struct trace_session *s = current->tracer;

	lockdep_assert_held(&trace_lock);
	if (s && s->detached) {
		current->tracer = NULL;
		put_session(s);
		s = NULL;
	}
	return s;
}

static bool still_stopped(struct trace_session *s, u64 seq)
{
	unsigned long flags = spin_lock_irqsave(&trace_lock);
	bool stop = s->stopped && s->stop_seq == seq && !s->detached;

	spin_unlock_irqrestore(&trace_lock, flags);
	return stop;
}

/* Queue a stopping record and sleep until the tracer reads past it. */
static void trace_stop(u32 kind, u64 nr, const u64 args[6], long ret)
{
	struct wait_queue_entry w = { current, LIST_HEAD_INIT(w.entry) };
	unsigned long flags = spin_lock_irqsave(&trace_lock);
	struct trace_session *s = my_session();
	u64 seq;

	if (!s) {
		spin_unlock_irqrestore(&trace_lock, flags);
		return;
	}
	s->refs++;		/* keep it while we sleep on its queue */
	seq = queue_record(s, kind, nr, args, ret, 0);
	s->stopped = true;
	s->stop_seq = seq;
	spin_unlock_irqrestore(&trace_lock, flags);
	wake_up(&s->wq);
	/* Only SIGKILL ends a stop early; other signals wait (as ptrace). */
	for (;;) {
		prepare_to_wait(&s->wq, &w, __TASK_TRACED);
		if (!still_stopped(s, seq) || fatal_signal_pending(current))
			break;
		schedule();
	}
	finish_wait(&s->wq, &w);
	flags = spin_lock_irqsave(&trace_lock);
	put_session(s);
	spin_unlock_irqrestore(&trace_lock, flags);
}

/* Queue a record that does not stop the tracee. */
static void trace_event(u32 kind, long ret, bool last)
{
	unsigned long flags = spin_lock_irqsave(&trace_lock);
	struct trace_session *s = my_session();

	if (!s) {
		spin_unlock_irqrestore(&trace_lock, flags);
		return;
	}
	s->refs++;		/* until the wake-up below is done */
	queue_record(s, kind, 0, NULL, ret, 0);
	if (last) {
		s->exited = true;
		current->tracer = NULL;
		s->refs--;	/* the tracee's link */
	}
	spin_unlock_irqrestore(&trace_lock, flags);
	wake_up(&s->wq);
	flags = spin_lock_irqsave(&trace_lock);
	put_session(s);
	spin_unlock_irqrestore(&trace_lock, flags);
}

void __trace_syscall_enter(u64 nr, const u64 args[6])
{
	trace_stop(TB_TRACE_ENTER, nr, args, 0);
}

/* A traced task leaves system call @nr with @ret: record it and stop
 * until the tracer has read it (may sleep). */
void __trace_syscall_exit(u64 nr, long ret)
{
	trace_stop(TB_TRACE_EXIT, nr, NULL, ret);
}

/* A signal @sig is delivered to current: a record if it is traced. */
void trace_signal(int sig)
{
	if (unlikely(current->tracer))
		trace_event(TB_TRACE_SIGNAL, sig, false);
}

/* current exits with wait status @status: a last record if traced. */
void trace_task_exit(int status)
{
	if (unlikely(current->tracer))
		trace_event(TB_TRACE_EXITED, status, true);
}

pid_t trace_tracer_pid(struct task_struct *p)
{
	unsigned long flags = spin_lock_irqsave(&trace_lock);
	struct trace_session *s = p->tracer;
	pid_t pid = (s && !s->detached) ? s->tracer_pid : 0;

	spin_unlock_irqrestore(&trace_lock, flags);
	return pid ? pid : ptrace_tracer_pid(p);	/* or ptrace's tracer */
}

/* Attaching to a thread inside a blocking call: say which, from pt_regs. */
static void note_call_in_progress(struct trace_session *s, struct task_struct *t)
{
	struct pt_regs *r = task_pt_regs(t);
	struct tb_trace_record *rec = &s->ring[s->next_seq % RING];

	if (READ_ONCE(t->on_cpu) || (s64)r->orig_rax < 0 || t->__state == TASK_RUNNING)
		return;
	memset(rec, 0, sizeof(*rec));
	rec->kind = TB_TRACE_ENTER;
	rec->flags = TB_TRACE_F_ATTACHED;
	rec->tid = t->pid;
	rec->tgid = t->tgid;
	rec->seq = s->next_seq++;
	rec->time_ns = ktime_get_ns();
	rec->nr = r->orig_rax;
	rec->args[0] = r->rdi;
	rec->args[1] = r->rsi;
	rec->args[2] = r->rdx;
	rec->args[3] = r->r10;
	rec->args[4] = r->r8;
	rec->args[5] = r->r9;
	rec->ip = r->rip;
}

static int attach(struct trace_session *s, struct task_struct *t)
{
	unsigned long flags = spin_lock_irqsave(&trace_lock);
	struct trace_session *old = t->tracer;
	int err = 0;

	if (t->exit_state || (t->flags & PF_EXITING))
		err = -ENOENT;
	else if (old && !old->detached)
		err = -EBUSY;
	if (!err) {
		if (old)
			put_session(old);	/* a closed session it never noticed */
		note_call_in_progress(s, t);
		t->tracer = s;
	}
	spin_unlock_irqrestore(&trace_lock, flags);
	return err;
}

static int trace_open(struct inode *inode, struct file *f)
{
	struct task_struct *t = proc_inode_task(inode);
	struct trace_session *s;
	int err;

	if ((f->f_flags & O_ACCMODE) != O_RDONLY)
		return -EINVAL;
	if (!t || !t->mm || (t->flags & PF_KTHREAD))
		return -EPERM;
	if (t->tgid == current->tgid)
		return -EDEADLK;	/* it would stop us, its own reader */
	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	s->refs = 2;
	s->tracer_pid = current->tgid;
	init_waitqueue_head(&s->wq);
	err = attach(s, t);
	if (err) {
		kfree(s);
		return err;
	}
	f->private_data = s;
	return 0;
}

/* Let the tracee go past the record we returned last; has one arrived? */
static bool record_ready(struct trace_session *s)
{
	unsigned long flags = spin_lock_irqsave(&trace_lock);
	bool ready;

	if (s->stopped && s->stop_seq < s->read_seq) {
		s->stopped = false;
		wake_up(&s->wq);
	}
	ready = s->read_seq < s->next_seq || s->exited;
	spin_unlock_irqrestore(&trace_lock, flags);
	return ready;
}

static long trace_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	struct trace_session *s = f->private_data;
	struct tb_trace_record rec;
	unsigned long flags;
	long err;

	if (to->count < sizeof(rec))
		return -EINVAL;
	err = wait_event_interruptible(s->wq, record_ready(s));
	if (err)
		return -EINTR;
	flags = spin_lock_irqsave(&trace_lock);
	if (s->read_seq == s->next_seq) {	/* only the end is left */
		spin_unlock_irqrestore(&trace_lock, flags);
		return 0;
	}
	rec = s->ring[s->read_seq % RING];
	s->read_seq++;
	spin_unlock_irqrestore(&trace_lock, flags);
	if (copy_to_iter(&rec, sizeof(rec), to) != sizeof(rec))
		return -EFAULT;
	*pos += sizeof(rec);
	return sizeof(rec);
}

static int trace_release(struct inode *inode, struct file *f)
{
	struct trace_session *s = f->private_data;
	unsigned long flags = spin_lock_irqsave(&trace_lock);

	s->detached = true;
	s->stopped = false;
	spin_unlock_irqrestore(&trace_lock, flags);
	wake_up(&s->wq);
	flags = spin_lock_irqsave(&trace_lock);
	put_session(s);
	spin_unlock_irqrestore(&trace_lock, flags);
	return 0;
}

const struct file_operations syscall_trace_fops = {
	.open = trace_open,
	.read = trace_read,
	.release = trace_release,
};
