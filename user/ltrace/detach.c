/*
 * user/ltrace/detach.c: letting a process go after -p (Ctrl-C).
 *
 * ltrace stops every thread (PTRACE_INTERRUPT) and waits until each has
 * stopped. A thread that ran into an int3 meanwhile gets its rip put
 * back on the instruction, as if it had never got there. With every
 * thread stopped, the original bytes go back into the text, and each
 * thread is detached (PTRACE_DETACH) with any signal it was stopped for.
 * One case is subtle: a thread can report the interrupt's stop before
 * the SIGTRAP of an int3 it had just run (the trap is still queued, see
 * /proc/PID/task/TID/status SigPnd); resumed once more, the trap is its
 * next stop, and ltrace undoes it before letting go. (A step over a
 * breakpoint is never left half done: bp_step_over() waits it out even
 * when Ctrl-C interrupts, so no step's SIGTRAP is left to pass on.)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/ptrace.h>
#include <sys/wait.h>

#include "ltrace.h"

/* @t stopped with @status while being stopped to detach: a breakpoint's
 * trap is undone (rip back on the instruction), a signal kept for it. */
static void settle(struct thread *t, int status)
{
	struct user_regs_struct r;
	int sig = WSTOPSIG(status);

	if ((status >> 16) || sig == (SIGTRAP | 0x80))
		return;
	if (sig == SIGTRAP && t->space && ptrace(PTRACE_GETREGS, t->tid, 0, &r) == 0 &&
	    bp_find(t->space, r.rip - 1)) {
		r.rip--;
		ptrace(PTRACE_SETREGS, t->tid, 0, &r);
		return;
	}
	t->pending_sig = sig;
}

/* Whether @t has a SIGTRAP queued: an int3 it ran just before it stopped. */
static int trap_queued(const struct thread *t)
{
	char path[64], line[128];
	unsigned long long pend = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/status", t->tgid, t->tid);
	if ((f = fopen(path, "r")) == NULL)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "SigPnd: %llx", &pend) == 1)
			break;
	fclose(f);
	return (pend >> (SIGTRAP - 1)) & 1;
}

void detach_all(void)
{
	struct thread *t, *next;
	int status, waiting = 0;

	out_close_line();
	while ((t = next_deferred(&status)) != NULL) {	/* stopped already */
		if (WIFEXITED(status) || WIFSIGNALED(status)) {
			report_exit(t, status);
			continue;
		}
		settle(t, status);
		t->held = 1;
	}
	for (t = threads; t; t = t->next) {
		if (t->held) {
			t->stopped = 1;
			continue;
		}
		t->stopped = t->parked || ptrace(PTRACE_INTERRUPT, t->tid, 0, 0) < 0;
		waiting += !t->stopped;
	}
	while (waiting > 0) {
		pid_t tid = waitpid(-1, &status, __WALL);

		if (tid < 0 && errno == EINTR)
			continue;
		if (tid < 0)
			break;
		if ((t = find_thread(tid)) == NULL) {	/* a new thread: not ours now */
			ptrace(PTRACE_DETACH, tid, 0, 0);
			continue;
		}
		waiting -= !t->stopped;
		t->stopped = 1;
		if (WIFEXITED(status) || WIFSIGNALED(status))
			report_exit(t, status);
		else
			settle(t, status);
	}
	for (t = threads; t; t = t->next)	/* once a space: then none is enabled */
		if (t->space)
			space_remove_all(t->space, t->tid);
	for (t = threads; t; t = next) {
		next = t->next;
		if (trap_queued(t) && ptrace(PTRACE_CONT, t->tid, 0, 0) == 0 &&
		    waitpid(t->tid, &status, __WALL) == t->tid && WIFSTOPPED(status)) {
			settle(t, status);
			t->pending_sig = 0;	/* that SIGTRAP was ours */
		}
		ptrace(PTRACE_DETACH, t->tid, 0, t->pending_sig);
		drop_thread(t);
	}
}

