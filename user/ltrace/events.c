/*
 * user/ltrace/events.c: what ltrace does at each stop of a traced thread.
 *
 * Every traced thread runs until it stops; waitpid(-1, __WALL) says which
 * and why:
 *
 *   int3 (SIGTRAP, rip one past a breakpoint of ours)
 *       at a function's entry: print "name(args", read the return address
 *       at rsp and put a return breakpoint there; at a return address:
 *       print ") = rax" for the call that returns there (its rsp is above
 *       the one at entry). Then step over the breakpoint, the process's
 *       other threads stopped meanwhile (PTRACE_INTERRUPT), and go on.
 *   syscall-enter/exit (-S, SIGTRAP|0x80): "SYS_name(args" and ") = rax",
 *       from PTRACE_GET_SYSCALL_INFO.
 *   PTRACE_EVENT_FORK/VFORK/CLONE: a new thread or process, seized by the
 *       kernel. A thread shares its process's breakpoints; a forked child
 *       has a copy of them in its copy of the text: with -f it is traced
 *       with them, else they are taken out of its text and it is let go.
 *   PTRACE_EVENT_EXEC: a new program: its own symbols, new breakpoints.
 *   a signal: "--- SIGINT (Interrupt) ---", and it is delivered.
 *
 * Each thread keeps its stack of calls that have not returned, for the
 * return values, the -n depth and the -c times. Ctrl-C after -p stops
 * them all and lets them go (detach.c).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>

#include "ltrace.h"
#include "ulib.h"

struct thread *threads;
static pid_t first_tgid;
static int first_status;

struct thread *find_thread(pid_t tid)
{
	for (struct thread *t = threads; t; t = t->next)
		if (t->tid == tid)
			return t;
	return NULL;
}

static struct thread *add_thread(pid_t tid)
{
	struct thread *t = calloc(1, sizeof(*t));

	if (t == NULL) {
		fprintf(stderr, "ltrace: out of memory\n");
		exit(1);
	}
	t->tid = t->tgid = tid;
	t->next = threads;
	threads = t;
	return t;
}

void drop_thread(struct thread *t)
{
	for (struct thread **p = &threads; *p; p = &(*p)->next)
		if (*p == t) {
			*p = t->next;
			break;
		}
	space_put(t->space);
	free(t);
}

static long resume_request(const struct thread *t)
{
	return opt.syscalls && t->shown ? PTRACE_SYSCALL : PTRACE_CONT;
}

static void resume(struct thread *t, int sig)
{
	ptrace(resume_request(t), t->tid, 0, sig);
}

/* ---- calls and returns ---------------------------------------------- */

static void call_entered(struct thread *t, struct bp *b, const struct user_regs_struct *r)
{
	const struct sym *func = b->func;	/* @b moves if the table grows */
	const struct proto *p = proto_find(func->name);
	uint64_t ret = 0;
	struct frame *f;

	errno = 0;
	ret = ptrace(PTRACE_PEEKDATA, t->tid, r->rsp, 0);
	if (errno || !t->shown)
		return;
	if (!opt.count) {
		out_call(t->tid, t->depth, ret, func->name);
		proto_print_args(t->tid, p, r, NULL);
	}
	if (p->noreturn) {
		if (!opt.count) {
			out(" <no return ...>");
			out_end_line();
		}
		return;
	}
	if (t->depth == MAX_DEPTH || bp_add_return(t->space, t->tid, ret) < 0)
		return;
	f = &t->stack[t->depth++];
	*f = (struct frame){ func, p, ret, r->rsp, now_ns() };
}

static void print_return(struct thread *t, const struct frame *f, uint64_t rax)
{
	summary_add(f->func->name, now_ns() - f->start);
	if (opt.count)
		return;
	out_resumed(t->tid, t->depth, f->ret, f->func->name);
	out(") ");
	out_result_column();
	proto_print_ret(t->tid, f->proto, rax);
	out_end_line();
}

/* A return to @b: the newest call of @t waiting there, whose stack is
 * gone (rsp above its rsp at entry), returns; calls above it never will
 * (a longjmp went past them). */
static void call_returned(struct thread *t, struct bp *b, const struct user_regs_struct *r)
{
	int k;

	for (k = t->depth - 1; k >= 0; k--)
		if (t->stack[k].ret == b->addr && t->stack[k].sp < r->rsp)
			break;
	if (k < 0)
		return;
	while (t->depth > k + 1) {
		struct bp *gone = bp_find(t->space, t->stack[--t->depth].ret);

		if (gone)
			bp_drop_return(t->space, t->tid, gone);
	}
	t->depth = k;
	print_return(t, &t->stack[k], r->rax);
	bp_drop_return(t->space, t->tid, b);
}

/*
 * Stop the other running threads of @t's address space: none may run
 * through a breakpoint while its original byte is back for @t's step
 * (it would not be seen). A stop other than the interrupt's (a trap of
 * its own, a signal, an exit) is kept for the main loop.
 */
static void stop_others(struct thread *t)
{
	struct thread *o;
	int st;

	for (o = threads; o; o = o->next)
		o->held = o != t && o->space == t->space && !o->parked && !o->deferred &&
			  ptrace(PTRACE_INTERRUPT, o->tid, 0, 0) == 0;
	for (o = threads; o; o = o->next) {
		pid_t got;

		if (!o->held)
			continue;
		while ((got = waitpid(o->tid, &st, __WALL)) < 0 && errno == EINTR)
			;
		if (got == o->tid && WIFSTOPPED(st) && (st >> 16) == PTRACE_EVENT_STOP &&
		    WSTOPSIG(st) == SIGTRAP)
			continue;	/* the interrupt: resumed after the step */
		o->held = 0;
		o->deferred = got == o->tid;
		o->deferred_status = st;
	}
}

static void resume_others(void)
{
	for (struct thread *o = threads; o; o = o->next)
		if (o->held) {
			o->held = 0;
			resume(o, 0);
		}
}

/* Step @t over @b, the other threads of its process stopped meanwhile. */
static int step_over(struct thread *t, struct bp *b, int *status)
{
	int ret;

	stop_others(t);
	ret = bp_step_over(t->space, t->tid, b, &t->pending_sig, status);
	resume_others();
	return ret;
}

/* A SIGTRAP: ours if rip is one past a breakpoint. Returns 1 if it was. */
static int breakpoint_hit(struct thread *t, int *status)
{
	struct user_regs_struct r;
	struct bp *b;

	if (t->space == NULL || ptrace(PTRACE_GETREGS, t->tid, 0, &r) < 0 ||
	    (b = bp_find(t->space, r.rip - 1)) == NULL)
		return 0;
	r.rip = b->addr;
	ptrace(PTRACE_SETREGS, t->tid, 0, &r);
	if (b->ret_refs)
		call_returned(t, b, &r);
	if (b->func && b->enabled) {
		call_entered(t, b, &r);
		b = bp_find(t->space, r.rip);	/* the table may have moved */
	}
	if (b->enabled && step_over(t, b, status) < 0)
		return -1;
	return 1;
}

/* ---- system calls (-S) ---------------------------------------------- */

static void syscall_stop(struct thread *t)
{
	struct __ptrace_syscall_info si;
	struct user_regs_struct r;

	if (!t->shown || ptrace(PTRACE_GET_SYSCALL_INFO, t->tid, sizeof(si), &si) <= 0 ||
	    ptrace(PTRACE_GETREGS, t->tid, 0, &r) < 0)
		return;
	if (si.op == PTRACE_SYSCALL_INFO_ENTRY) {
		t->sys_proto = proto_syscall(si.entry.nr, t->sys_name, sizeof(t->sys_name));
		t->sys_start = now_ns();
		if (opt.count)
			return;
		out_call(t->tid, t->depth, r.rip, t->sys_name);
		proto_print_args(t->tid, t->sys_proto, &r, si.entry.args);
		if (t->sys_proto->noreturn) {
			out(" <no return ...>");
			out_end_line();
			t->sys_proto = NULL;
		}
	} else if (si.op == PTRACE_SYSCALL_INFO_EXIT && t->sys_proto) {
		summary_add(t->sys_name, now_ns() - t->sys_start);
		if (!opt.count) {
			out_resumed(t->tid, t->depth, r.rip, t->sys_name);
			out(") ");
			out_result_column();
			proto_print_ret(t->tid, t->sys_proto, si.exit.rval);
			out_end_line();
		}
		t->sys_proto = NULL;
	}
}

/* ---- new threads, processes and programs ----------------------------- */

/* Take the breakpoints out of the text of @t, a forked child ltrace does
 * not follow (no -f), and let it go. Its table is a copy of its parent's. */
static void let_go(struct thread *t)
{
	space_remove_all(t->space, t->tid);
	ptrace(PTRACE_DETACH, t->tid, 0, 0);
	drop_thread(t);
}

/* The new thread @t is ready: stopped, and its parent's event seen. */
static void start_child(struct thread *t)
{
	t->parked = 0;
	if (t->let_go)
		let_go(t);
	else
		resume(t, 0);
}

/* Fork, vfork or clone event @event of @parent: its new child @tid. */
static void new_child(struct thread *parent, int event, pid_t tid)
{
	struct thread *c = find_thread(tid);
	int thread = event == PTRACE_EVENT_CLONE;

	if (c == NULL)
		c = add_thread(tid);
	c->adopted = 1;
	c->tgid = thread ? parent->tgid : tid;
	c->shown = parent->shown && (opt.follow || thread);
	if (event == PTRACE_EVENT_FORK && parent->space) {
		c->space = space_clone(parent->space);
		c->let_go = !opt.follow;
	} else if (parent->space) {
		c->space = parent->space;	/* one mm: a thread, or vfork */
		c->space->users++;
	}
	if (!thread && c->shown) {	/* it returns from fork() too */
		memcpy(c->stack, parent->stack, sizeof(c->stack));
		c->depth = parent->depth;
		for (int i = 0; event == PTRACE_EVENT_VFORK && i < c->depth; i++)
			bp_add_return(c->space, tid, c->stack[i].ret);
	}
	if (c->parked)
		start_child(c);
}

void trace_start_child(pid_t tid)
{
	struct thread *t = add_thread(tid);

	t->adopted = 1;
	first_tgid = tid;
}

int trace_new_process(pid_t tid, const char *exe)
{
	struct thread *t = find_thread(tid);
	char path[64];

	if (t == NULL)
		t = add_thread(tid);
	if (exe == NULL) {
		snprintf(path, sizeof(path), "/proc/%d/exe", tid);
		exe = path;
	}
	space_put(t->space);
	t->depth = 0;
	t->adopted = 1;
	t->space = space_create(exe, tid);
	if (first_tgid == 0)
		first_tgid = tid;
	t->shown = 1;
	return t->space ? 0 : -1;
}

void trace_new_thread(pid_t tid, pid_t leader)
{
	struct thread *l = find_thread(leader), *t = add_thread(tid);

	t->tgid = leader;
	t->adopted = 1;
	t->shown = 1;
	t->space = l ? l->space : NULL;
	if (t->space)
		t->space->users++;
}

/* An exec: a thread not shown (a vfork child without -f) is let go;
 * the others get the new program's breakpoints. */
static void exec_event(struct thread *t)
{
	if (!t->shown && t->tgid != first_tgid) {
		ptrace(PTRACE_DETACH, t->tid, 0, 0);
		drop_thread(t);
		return;
	}
	if (trace_new_process(t->tid, NULL) < 0) {
		ptrace(PTRACE_DETACH, t->tid, 0, 0);
		drop_thread(t);
		return;
	}
	resume(t, 0);
}

/* ---- exits, signals, stops ------------------------------------------- */

void report_exit(struct thread *t, int status)
{
	if (t->tid == t->tgid && t->shown && !opt.count) {
		if (WIFEXITED(status))
			out_note(t->tid, "+++ exited (status %d) +++", WEXITSTATUS(status));
		else
			out_note(t->tid, "+++ killed by SIG%s +++",
				 ulib_sig_name(WTERMSIG(status)) ?: "?");
	}
	if (t->tid == first_tgid)
		first_status = status;
	drop_thread(t);
}

static void signal_stop(struct thread *t, int sig)
{
	if (t->shown && !opt.count)
		out_note(t->tid, "--- SIG%s (%s) ---", ulib_sig_name(sig) ?: "?", strsignal(sig));
	resume(t, sig);
}

/* An event stop (status >> 16 == @event) of @t. */
static void event_stop(struct thread *t, int event, int sig)
{
	unsigned long msg;

	switch (event) {
	case PTRACE_EVENT_STOP:
		if (sig != SIGTRAP)	/* a group stop: stay stopped until SIGCONT */
			ptrace(PTRACE_LISTEN, t->tid, 0, 0);
		else if (!t->adopted)	/* a new child: its parent's event first */
			t->parked = 1;
		else
			start_child(t);
		return;
	case PTRACE_EVENT_FORK:
	case PTRACE_EVENT_VFORK:
	case PTRACE_EVENT_CLONE:
		if (ptrace(PTRACE_GETEVENTMSG, t->tid, 0, &msg) == 0)
			new_child(t, event, (pid_t)msg);
		break;
	case PTRACE_EVENT_EXEC:
		exec_event(t);
		return;
	}
	resume(t, 0);
}

static void handle_stop(struct thread *t, int status)
{
	int sig = WSTOPSIG(status), event = status >> 16, hit, step_status = 0;

	if (sig == (SIGTRAP | 0x80)) {
		syscall_stop(t);
		resume(t, 0);
		return;
	}
	if (event) {
		event_stop(t, event, sig);
		return;
	}
	hit = sig == SIGTRAP ? breakpoint_hit(t, &step_status) : 0;
	if (hit < 0) {
		report_exit(t, step_status);
	} else if (hit > 0) {
		sig = t->pending_sig;
		t->pending_sig = 0;
		resume(t, sig);
	} else {
		signal_stop(t, sig);
	}
}

/* A thread whose stop stop_others() kept, or NULL; its status in *@status. */
struct thread *next_deferred(int *status)
{
	for (struct thread *t = threads; t; t = t->next)
		if (t->deferred) {
			t->deferred = 0;
			*status = t->deferred_status;
			return t;
		}
	return NULL;
}

int trace_loop(volatile int *interrupted)
{
	int status;

	while (threads) {
		struct thread *t;
		pid_t tid;

		fflush(opt.out);
		if (*interrupted) {
			detach_all();
			break;
		}
		if ((t = next_deferred(&status)) == NULL) {
			tid = waitpid(-1, &status, __WALL);
			if (tid < 0) {
				if (errno == EINTR)
					continue;
				break;
			}
			t = find_thread(tid);
			if (t == NULL)	/* a new child, before its parent's event */
				t = add_thread(tid);
		}
		if (WIFEXITED(status) || WIFSIGNALED(status))
			report_exit(t, status);
		else
			handle_stop(t, status);
	}
	if (opt.count)
		summary_print();
	fflush(opt.out);
	return first_status;
}

void trace_resume_all(void)
{
	for (struct thread *t = threads; t; t = t->next)
		resume(t, 0);
}
