/*
 * ptracetest: ptrace(2) as Linux defines it, request by request and stop
 * by stop, plus the bad input a tracer may try. TAP like usertests', one
 * line per case, then "# ptracetest: N passed, M failed"; each case runs
 * in a child of its own (user/lib/tap.c tap_run()), and a failed EXPECT()
 * prints a "#" line and lets the case go on. The same binary runs on
 * Linux for comparison.
 *
 *   ptracetest          every case
 *   ptracetest NAME...  only the named cases
 *
 * and two tracees with a known system-call sequence, for strace's tests
 * and make bench:
 *   ptracetest --threads      two threads, each getppid() then exit
 *   ptracetest --getppid N    N getppid() calls
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"
#include "ulib.h"

#define WALL 0x40000000
#define EVENT(st) ((st) >> 16)
#define NT_PRSTATUS 1
#define NT_PRFPREG 2
#define NT_X86_XSTATE 0x202
#define CASE_TIMEOUT 60		/* seconds one case may take */

static long pt(long req, pid_t pid, unsigned long addr, unsigned long data)
{
	return syscall(SYS_ptrace, req, pid, addr, data);
}

/* The errno of a raw ptrace call that must fail. */
static int pt_err(long req, pid_t pid, unsigned long addr, unsigned long data)
{
	errno = 0;
	return pt(req, pid, addr, data) == -1 ? errno : 0;
}

static int wait_for(pid_t pid)
{
	int st = -1;

	while (waitpid(pid, &st, WALL) < 0 && errno == EINTR)
		;
	return st;
}

/* A child stopped by PTRACE_TRACEME + raise(SIGSTOP), running @fn then. */
static pid_t traced_child(void (*fn)(void))
{
	pid_t pid = fork();

	if (pid == 0) {
		pt(PTRACE_TRACEME, 0, 0, 0);
		raise(SIGSTOP);
		fn();
		_exit(0);
	}
	return pid;
}

static void finish(pid_t pid)
{
	kill(pid, SIGKILL);
	while (waitpid(pid, NULL, WALL) > 0)
		;
}

/* ---- the tracees ---- */

static volatile long shared_word = 0x1122334455667788;

static void do_getppid(void)
{
	_exit(syscall(SYS_getppid) == getppid() ? 7 : 1);
}

static void do_getpid42(void)
{
	_exit(syscall(SYS_getpid) == 42 ? 0 : 1);
}

static void do_word(void)
{
	raise(SIGSTOP);
	_exit(shared_word == 0x55 ? 0 : 1);
}

static volatile int handled;

static void on_sig(int sig)
{
	handled = sig;
}

static void do_signals(void)
{
	signal(SIGUSR1, on_sig);
	signal(SIGUSR2, on_sig);
	raise(SIGUSR1);			/* the tracer suppresses it */
	if (handled)
		_exit(1);
	raise(SIGUSR1);			/* the tracer turns it into SIGUSR2 */
	_exit(handled == SIGUSR2 ? 0 : 2);
}

static void do_int3(void)
{
	__asm__ volatile("int3");
	_exit(0);
}

/* int3, three one-byte nops, int3: a single step from the first trap
 * must stop after one nop. */
static void do_int3_nops(void)
{
	__asm__ volatile("int3; nop; nop; nop; int3");
	_exit(0);
}

/* A function whose first byte the tracer changes while a thread of the
 * tracee reads it (never called). */
static void __attribute__((noinline)) poke_target(void)
{
	__asm__ volatile("");
}

/* Spin until poke_target's first byte reads 0xcc (exit 42), or give up
 * after two seconds (exit 1). */
static void *spin_on_text(void *arg)
{
	volatile const unsigned char *p = (const unsigned char *)poke_target;
	long until = ulib_now_ms() + 2000;

	(void)arg;
	while (*p != 0xcc)
		if (ulib_now_ms() > until)
			_exit(1);
	_exit(42);
}

static void do_sleep(void)
{
	for (;;)
		pause();
}

static void do_fork(void)
{
	pid_t c = fork();

	if (c == 0)
		_exit(3);
	_exit(waitpid(c, NULL, 0) == c ? 0 : 1);
}

static void *thread_fn(void *arg)
{
	return arg;
}

static void *getppid_thread(void *arg)
{
	syscall(SYS_getppid);
	return arg;
}

/* The --threads tracee: its system calls are what strace -f must show. */
static int run_threads(void)
{
	pthread_t th[2];

	for (int i = 0; i < 2; i++)
		pthread_create(&th[i], NULL, getppid_thread, NULL);
	for (int i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	return 0;
}

static int run_getppid(long n)
{
	for (long i = 0; i < n; i++)
		syscall(SYS_getppid);
	return 0;
}

static void *napping_thread(void *arg)
{
	usleep(100000);
	return arg;
}

static void do_napping_thread(void)
{
	pthread_t th;

	pthread_create(&th, NULL, napping_thread, NULL);
	pthread_join(th, NULL);
	pause();		/* no exit of ours to wake the tracer */
}

static void do_thread(void)
{
	pthread_t th;

	pthread_create(&th, NULL, thread_fn, NULL);
	pthread_join(th, NULL);
	_exit(0);
}

static void do_exit5(void)
{
	_exit(5);
}

/* ---- tracees for the debug registers ---- */

#define DR(n) (offsetof(struct user, u_debugreg) + (n) * 8)
#define DR7_WRITE4(n) ((1ul << (2 * (n))) | (0xdul << (16 + 4 * (n))))
#define DR7_EXEC(n) (1ul << (2 * (n)))
#define TRAP_BRKPT 1
#define TRAP_HWBKPT 4

static volatile int watched;
extern char watch_after[];

/* Write the watched word: the trap comes right after the mov. */
static void do_watch(void)
{
	int fd[2], v = 7;

	__asm__ volatile("movl $1, %0\n\t.globl watch_after\nwatch_after:"
			 : "=m"(watched));
	/* The kernel writes it now (copy_to_user): no trap. */
	if (pipe(fd) || write(fd[1], &v, sizeof(v)) != sizeof(v) ||
	    read(fd[0], (void *)&watched, sizeof(v)) != sizeof(v))
		_exit(2);
	raise(SIGSTOP);
	_exit(watched == 7 ? 0 : 1);
}

__attribute__((noinline)) static int bp_target(int x)
{
	__asm__ volatile("" : "+r"(x));
	return x + 1;
}

static void do_exec_bp(void)
{
	_exit(bp_target(4) == 5 ? 0 : 1);
}

extern char step_sys[], step_after[];

/* A bare syscall instruction, for single steps over it. */
static void do_step_sys(void)
{
	long nr = SYS_getppid;

	__asm__ volatile(".globl step_sys\nstep_sys: syscall\n\t"
			 ".globl step_after\nstep_after: nop"
			 : "+a"(nr) : : "rcx", "r11", "memory");
	_exit(0);
}

/* A child writes the watched word: it must not inherit the watchpoint. */
static void do_fork_watch(void)
{
	pid_t c = fork();
	int st = -1;

	if (c == 0) {
		watched = 3;
		_exit(0);
	}
	waitpid(c, &st, 0);
	if (!WIFEXITED(st) || WEXITSTATUS(st))
		_exit(1);
	execl("/proc/self/exe", "ptracetest", "--getppid", "1", (char *)NULL);
	_exit(2);
}

/* ---- the cases ---- */

static int t_syscall_stops(void)
{
	pid_t pid = traced_child(do_getppid);
	struct __ptrace_syscall_info info;
	int st = wait_for(pid), stops = 0, seen_entry = 0, seen_exit = 0;

	EXPECT(WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP);
	EXPECT(pt(PTRACE_SETOPTIONS, pid, 0, PTRACE_O_TRACESYSGOOD) == 0);
	for (;;) {
		EXPECT(pt(PTRACE_SYSCALL, pid, 0, 0) == 0);
		st = wait_for(pid);
		if (!WIFSTOPPED(st))
			break;
		EXPECT(WSTOPSIG(st) == (SIGTRAP | 0x80));
		stops++;
		memset(&info, 0, sizeof(info));
		pt(PTRACE_GET_SYSCALL_INFO, pid, sizeof(info), (long)&info);
		if (info.op == PTRACE_SYSCALL_INFO_ENTRY && info.entry.nr == SYS_getppid)
			seen_entry++;
		if (info.op == PTRACE_SYSCALL_INFO_EXIT &&
		    info.exit.rval == getpid() && !info.exit.is_error)
			seen_exit++;
		EXPECT(info.arch == 0xc000003e);
	}
	EXPECT(WIFEXITED(st) && WEXITSTATUS(st) == 7);
	EXPECT(stops >= 4 && seen_entry >= 2 && seen_exit >= 2);
	return 0;
}

/* Without TRACESYSGOOD a syscall stop is a plain SIGTRAP, and
 * GET_SYSCALL_INFO cannot tell it from any other: op NONE (Linux keys
 * the op on si_code SIGTRAP | 0x80), with arch, rip and rsp still set. */
static int t_syscall_info_plain(void)
{
	pid_t pid = traced_child(do_getppid);
	struct __ptrace_syscall_info info;
	int st = wait_for(pid);

	EXPECT(WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP);
	EXPECT(pt(PTRACE_SYSCALL, pid, 0, 0) == 0);
	st = wait_for(pid);
	EXPECT(WIFSTOPPED(st) && WSTOPSIG(st) == SIGTRAP);
	memset(&info, 0xff, sizeof(info));
	EXPECT(pt(PTRACE_GET_SYSCALL_INFO, pid, sizeof(info), (long)&info) ==
	       (long)offsetof(struct __ptrace_syscall_info, entry));
	EXPECT(info.op == PTRACE_SYSCALL_INFO_NONE && info.arch == 0xc000003e);
	EXPECT(info.instruction_pointer && info.stack_pointer);
	EXPECT(pt(PTRACE_SETOPTIONS, pid, 0, PTRACE_O_TRACESYSGOOD) == 0);
	EXPECT(pt(PTRACE_SYSCALL, pid, 0, 0) == 0);
	st = wait_for(pid);
	EXPECT(WIFSTOPPED(st) && WSTOPSIG(st) == (SIGTRAP | 0x80));
	pt(PTRACE_GET_SYSCALL_INFO, pid, sizeof(info), (long)&info);
	EXPECT(info.op == PTRACE_SYSCALL_INFO_EXIT);
	EXPECT(pt(PTRACE_CONT, pid, 0, 0) == 0);
	st = wait_for(pid);
	EXPECT(WIFEXITED(st) && WEXITSTATUS(st) == 7);
	return 0;
}

/* Run to the next syscall-enter stop of @nr. */
static int to_syscall(pid_t pid, long nr)
{
	struct user_regs_struct r;

	for (int i = 0; i < 50; i++) {
		if (pt(PTRACE_SYSCALL, pid, 0, 0) || !WIFSTOPPED(wait_for(pid)))
			return -1;
		pt(PTRACE_GETREGS, pid, 0, (long)&r);
		if ((long)r.orig_rax == nr && (long)r.rax == -ENOSYS)
			return 0;
	}
	return -1;
}

static int t_regs(void)
{
	pid_t pid = traced_child(do_getpid42);
	struct user_regs_struct r, r2;
	struct iovec iov = { &r2, sizeof(r2) };
	int st;

	wait_for(pid);
	EXPECT(to_syscall(pid, SYS_getpid) == 0);
	EXPECT(pt(PTRACE_GETREGS, pid, 0, (long)&r) == 0);
	EXPECT(pt(PTRACE_GETREGSET, pid, NT_PRSTATUS, (long)&iov) == 0);
	EXPECT(iov.iov_len == sizeof(r2) && !memcmp(&r, &r2, sizeof(r)));
	EXPECT(r.cs == 0x33 && r.ss == 0x2b);
	r.orig_rax = -1;		/* skip the call, return 42 */
	r.rax = 42;
	EXPECT(pt(PTRACE_SETREGS, pid, 0, (long)&r) == 0);
	EXPECT(ptrace(PTRACE_PEEKUSER, pid,
		     (void *)offsetof(struct user_regs_struct, rax), 0) == 42);
	EXPECT(pt(PTRACE_CONT, pid, 0, 0) == 0);
	st = wait_for(pid);
	EXPECT(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	return 0;
}

static int t_peek_poke(void)
{
	pid_t pid = traced_child(do_word);
	long v;
	int st;

	wait_for(pid);
	pt(PTRACE_CONT, pid, 0, 0);
	st = wait_for(pid);		/* its own raise(SIGSTOP) */
	EXPECT(WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP);
	errno = 0;
	v = ptrace(PTRACE_PEEKDATA, pid, (void *)&shared_word, 0);
	EXPECT(errno == 0 && v == 0x1122334455667788);
	EXPECT(pt(PTRACE_POKEDATA, pid, (long)&shared_word, 0x55) == 0);
	EXPECT(pt_err(PTRACE_PEEKDATA, pid, 8, (long)&v) == EIO);
	EXPECT(pt_err(PTRACE_PEEKDATA, pid, 0xffffffff80100000ul, (long)&v) == EIO);
	EXPECT(pt_err(PTRACE_POKEDATA, pid, 0xffff800000000000ul, 0) == EIO);
	EXPECT(pt(PTRACE_CONT, pid, 0, 0) == 0);
	st = wait_for(pid);
	EXPECT(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	EXPECT(shared_word == 0x1122334455667788);	/* ours is untouched */
	return 0;
}

static int t_signals(void)
{
	pid_t pid = traced_child(do_signals);
	siginfo_t si;
	int st;

	wait_for(pid);
	pt(PTRACE_CONT, pid, 0, 0);
	st = wait_for(pid);
	EXPECT(WIFSTOPPED(st) && WSTOPSIG(st) == SIGUSR1);
	EXPECT(pt(PTRACE_GETSIGINFO, pid, 0, (long)&si) == 0);
	EXPECT(si.si_signo == SIGUSR1 && si.si_pid == pid);
	pt(PTRACE_CONT, pid, 0, 0);		/* suppressed */
	st = wait_for(pid);
	EXPECT(WIFSTOPPED(st) && WSTOPSIG(st) == SIGUSR1);
	pt(PTRACE_CONT, pid, 0, SIGUSR2);	/* replaced, delivered at once */
	st = wait_for(pid);
	EXPECT(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	return 0;
}

static int t_breakpoints(void)
{
	pid_t pid = traced_child(do_int3);
	struct user_regs_struct r;
	siginfo_t si;
	int st;

	wait_for(pid);
	EXPECT(pt(PTRACE_SINGLESTEP, pid, 0, 0) == 0);
	st = wait_for(pid);
	EXPECT(WIFSTOPPED(st) && WSTOPSIG(st) == SIGTRAP);
	EXPECT(pt(PTRACE_GETSIGINFO, pid, 0, (long)&si) == 0);
	EXPECT(si.si_code == 2);			/* TRAP_TRACE */
	pt(PTRACE_CONT, pid, 0, 0);
	st = wait_for(pid);
	EXPECT(WIFSTOPPED(st) && WSTOPSIG(st) == SIGTRAP);
	pt(PTRACE_GETSIGINFO, pid, 0, (long)&si);
	EXPECT(si.si_code == 0x80);		/* int3: SI_KERNEL, as Linux */
	pt(PTRACE_GETREGS, pid, 0, (long)&r);
	EXPECT(*(unsigned char *)(r.rip - 1) == 0xcc);
	pt(PTRACE_CONT, pid, 0, 0);
	st = wait_for(pid);
	EXPECT(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	return 0;
}

/* A single step from an int3's stop (an exception, not a system call)
 * traps after one instruction, its SIGTRAP a stop of its own. */
static int t_step_from_int3(void)
{
	pid_t pid = traced_child(do_int3_nops);
	struct user_regs_struct r;
	unsigned long long at;
	siginfo_t si;
	int st;

	wait_for(pid);
	pt(PTRACE_CONT, pid, 0, 0);
	st = wait_for(pid);
	EXPECT(WIFSTOPPED(st) && WSTOPSIG(st) == SIGTRAP);
	pt(PTRACE_GETREGS, pid, 0, (long)&r);
	at = r.rip;
	EXPECT(pt(PTRACE_SINGLESTEP, pid, 0, 0) == 0);
	st = wait_for(pid);
	EXPECT(WIFSTOPPED(st) && WSTOPSIG(st) == SIGTRAP);
	pt(PTRACE_GETREGS, pid, 0, (long)&r);
	EXPECT(r.rip == at + 1);			/* one nop, not up to the int3 */
	EXPECT(pt(PTRACE_GETSIGINFO, pid, 0, (long)&si) == 0);
	EXPECT(si.si_code == 2);			/* TRAP_TRACE */
	pt(PTRACE_CONT, pid, 0, 0);
	st = wait_for(pid);
	EXPECT(WIFSTOPPED(st) && WSTOPSIG(st) == SIGTRAP);	/* the second int3 */
	pt(PTRACE_CONT, pid, 0, 0);
	st = wait_for(pid);
	EXPECT(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	return 0;
}

/* Text is a private copy after POKETEXT: our own copy stays as it was. */
static int t_poketext(void)
{
	pid_t pid = traced_child(do_exit5);
	unsigned long at = (unsigned long)do_exit5;
	long word, mine = *(long *)at;
	int st;

	wait_for(pid);
	word = ptrace(PTRACE_PEEKTEXT, pid, (void *)at, 0);
	EXPECT(word == mine);
	EXPECT(pt(PTRACE_POKETEXT, pid, at, (word & ~0xffl) | 0xcc) == 0);
	pt(PTRACE_CONT, pid, 0, 0);
	st = wait_for(pid);
	EXPECT(WIFSTOPPED(st) && WSTOPSIG(st) == SIGTRAP);
	EXPECT(*(long *)at == mine);
	finish(pid);
	return 0;
}

/* POKETEXT gives the tracee a private copy of the text page while
 * another of its threads runs on another CPU with the old page in its
 * TLB: that CPU must see the copy (the shootdown reaches it). */
static int t_poketext_running_thread(void)
{
	unsigned long at = (unsigned long)poke_target;
	pthread_t t;
	long word;
	int st;
	pid_t pid = fork();

	if (pid == 0) {
		pt(PTRACE_TRACEME, 0, 0, 0);
		pthread_create(&t, NULL, spin_on_text, NULL);
		ulib_sleep_ms(50);	/* the spinner has the page in its TLB */
		raise(SIGSTOP);
		for (;;)
			pause();
	}
	wait_for(pid);
	ulib_sleep_ms(100);
	word = ptrace(PTRACE_PEEKTEXT, pid, (void *)at, 0);
	EXPECT(pt(PTRACE_POKETEXT, pid, at, (word & ~0xffl) | 0xcc) == 0);
	st = wait_for(pid);
	EXPECT(WIFEXITED(st) && WEXITSTATUS(st) == 42);	/* 1: it never saw it */
	finish(pid);
	return 0;
}

static int t_seize_interrupt_listen(void)
{
	pid_t pid = fork();
	char path[64], buf[1024];
	int st, fd, n;

	if (pid == 0)
		do_sleep();
	usleep(20000);
	EXPECT(pt(PTRACE_SEIZE, pid, 0, PTRACE_O_TRACESYSGOOD) == 0);
	EXPECT(pt(PTRACE_INTERRUPT, pid, 0, 0) == 0);
	st = wait_for(pid);
	EXPECT(WIFSTOPPED(st) && WSTOPSIG(st) == SIGTRAP &&
	      EVENT(st) == PTRACE_EVENT_STOP);
	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	fd = open(path, O_RDONLY);
	n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : 0;
	buf[n > 0 ? n : 0] = 0;
	close(fd);
	EXPECT(strstr(buf, "State:\tt (tracing stop)") != NULL);
	snprintf(path, sizeof(path), "TracerPid:\t%d\n", getpid());
	EXPECT(strstr(buf, path) != NULL);
	EXPECT(pt(PTRACE_CONT, pid, 0, 0) == 0);
	kill(pid, SIGSTOP);
	st = wait_for(pid);			/* signal-delivery stop */
	EXPECT(WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP && EVENT(st) == 0);
	pt(PTRACE_CONT, pid, 0, SIGSTOP);
	st = wait_for(pid);			/* group stop */
	EXPECT(WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP &&
	      EVENT(st) == PTRACE_EVENT_STOP);
	EXPECT(pt(PTRACE_GETSIGINFO, pid, 0, (long)buf) == 0);	/* seized */
	EXPECT(((siginfo_t *)buf)->si_signo == SIGSTOP);
	EXPECT(pt(PTRACE_LISTEN, pid, 0, 0) == 0);
	kill(pid, SIGCONT);
	st = wait_for(pid);
	EXPECT(WIFSTOPPED(st) && EVENT(st) == PTRACE_EVENT_STOP);
	EXPECT(pt(PTRACE_DETACH, pid, 0, 0) == 0);
	EXPECT(pt_err(PTRACE_CONT, pid, 0, 0) == ESRCH);
	finish(pid);
	return 0;
}

static int t_events(void)
{
	pid_t pid = traced_child(do_fork), gc;
	unsigned long msg = 0;
	int st;

	wait_for(pid);
	EXPECT(pt(PTRACE_SETOPTIONS, pid, 0, PTRACE_O_TRACEFORK |
		 PTRACE_O_TRACEEXIT) == 0);
	pt(PTRACE_CONT, pid, 0, 0);
	st = wait_for(pid);
	EXPECT(WIFSTOPPED(st) && EVENT(st) == PTRACE_EVENT_FORK);
	EXPECT(pt(PTRACE_GETEVENTMSG, pid, 0, (long)&msg) == 0);
	gc = (pid_t)msg;
	st = wait_for(gc);			/* auto-attached, SIGSTOP */
	EXPECT(WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP);
	pt(PTRACE_CONT, gc, 0, 0);
	st = wait_for(gc);
	EXPECT(WIFSTOPPED(st) && EVENT(st) == PTRACE_EVENT_EXIT);
	pt(PTRACE_GETEVENTMSG, gc, 0, (long)&msg);
	EXPECT(WIFEXITED((int)msg) && WEXITSTATUS((int)msg) == 3);
	pt(PTRACE_CONT, gc, 0, 0);
	st = wait_for(gc);	/* its parent's waitpid waits for this */
	EXPECT(WIFEXITED(st) && WEXITSTATUS(st) == 3);
	pt(PTRACE_CONT, pid, 0, 0);
	/* SIGCHLD of the grandchild's exit stops it first: pass it on. */
	while (WIFSTOPPED(st = wait_for(pid)) && EVENT(st) == 0)
		pt(PTRACE_CONT, pid, 0, WSTOPSIG(st));
	EXPECT(WIFSTOPPED(st) && EVENT(st) == PTRACE_EVENT_EXIT);
	pt(PTRACE_CONT, pid, 0, 0);
	st = wait_for(pid);
	EXPECT(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	return 0;
}

/* Traced child @fn, which makes a thread, run to its clone event: the
 * process (in *@pid) stopped there, the new thread's id returned, that
 * thread stopped at its first SIGSTOP. */
static pid_t traced_clone(void (*fn)(void), pid_t *pid)
{
	unsigned long msg = 0;
	pid_t tid;
	int st;

	*pid = traced_child(fn);
	wait_for(*pid);
	pt(PTRACE_SETOPTIONS, *pid, 0, PTRACE_O_TRACECLONE);
	pt(PTRACE_CONT, *pid, 0, 0);
	st = wait_for(*pid);
	EXPECT(WIFSTOPPED(st) && EVENT(st) == PTRACE_EVENT_CLONE);
	pt(PTRACE_GETEVENTMSG, *pid, 0, (long)&msg);
	tid = (pid_t)msg;
	EXPECT(tid > *pid);
	st = wait_for(tid);
	EXPECT(WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP);
	return tid;
}

static int t_clone(void)
{
	pid_t pid, tid = traced_clone(do_thread, &pid);
	int st;

	pt(PTRACE_CONT, tid, 0, 0);
	pt(PTRACE_CONT, pid, 0, 0);
	st = wait_for(tid);			/* a traced thread's exit */
	EXPECT(WIFEXITED(st));
	st = wait_for(pid);
	EXPECT(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	return 0;
}

/* A traced thread's exit wakes its tracer, waiting for it alone while
 * nothing else happens (the main thread joins it, then pauses). Once the
 * wake-up went only to a tracer that was not also the real parent: here
 * the thread's real parent is the tracer, and waitpid slept on. */
static int t_thread_exit_wakes_tracer(void)
{
	pid_t pid, tid = traced_clone(do_napping_thread, &pid);
	int st;

	pt(PTRACE_CONT, tid, 0, 0);
	pt(PTRACE_CONT, pid, 0, 0);
	st = wait_for(tid);		/* asleep before the thread exits */
	EXPECT(WIFEXITED(st));
	finish(pid);
	return 0;
}

static int t_waitid(void)
{
	pid_t pid = traced_child(do_getppid);
	siginfo_t si;

	memset(&si, 0, sizeof(si));
	EXPECT(waitid(P_PID, pid, &si, WSTOPPED | WEXITED) == 0);
	EXPECT(si.si_code == CLD_TRAPPED && si.si_status == SIGSTOP);
	finish(pid);
	return 0;
}

static int t_fpregs(void)
{
	pid_t pid = traced_child(do_exit5);
	struct user_fpregs_struct fp;
	unsigned char xs[576];
	struct iovec iov = { xs, sizeof(xs) };

	wait_for(pid);
	EXPECT(pt(PTRACE_GETFPREGS, pid, 0, (long)&fp) == 0);
	EXPECT(fp.mxcsr == 0x1f80 || (fp.mxcsr & 0xffbf) == 0x1f80);
	fp.mxcsr |= 0x80000000u;		/* a reserved bit */
	EXPECT(pt_err(PTRACE_SETFPREGS, pid, 0, (long)&fp) == EINVAL);
	fp.mxcsr &= ~0x80000000u;
	EXPECT(pt(PTRACE_SETFPREGS, pid, 0, (long)&fp) == 0);
	EXPECT(pt(PTRACE_GETREGSET, pid, NT_X86_XSTATE, (long)&iov) == 0);
	EXPECT(iov.iov_len == 576 && (xs[512] & 3) == 3);
	iov.iov_len = sizeof(fp);
	iov.iov_base = &fp;
	EXPECT(pt(PTRACE_GETREGSET, pid, NT_PRFPREG, (long)&iov) == 0);
	EXPECT(pt_err(PTRACE_GETREGSET, pid, 0x999, (long)&iov) == EINVAL);
	finish(pid);
	return 0;
}

static int t_bad_regs(void)
{
	pid_t pid = traced_child(do_exit5);
	struct user_regs_struct r, good;
	unsigned long dr = offsetof(struct user, u_debugreg);
	int st;

	wait_for(pid);
	pt(PTRACE_GETREGS, pid, 0, (long)&good);
	/* Refused with EIO here; Linux takes a non-canonical rip or rsp and
	 * the tracee dies of SIGSEGV on its way back to user mode. */
	r = good; r.rip = 0x8000000000000000ul;
	EXPECT(pt_err(PTRACE_SETREGS, pid, 0, (long)&r) == EIO);
	r = good; r.rsp = 0xffff800000001000ul;
	EXPECT(pt_err(PTRACE_SETREGS, pid, 0, (long)&r) == EIO);
	r = good; r.cs = 0x08;
	EXPECT(pt_err(PTRACE_SETREGS, pid, 0, (long)&r) == EIO);
	r = good; r.ss = 0x10;
	EXPECT(pt_err(PTRACE_SETREGS, pid, 0, (long)&r) == EIO);
	r = good; r.fs_base = 0xffffffff80000000ul;
	EXPECT(pt_err(PTRACE_SETREGS, pid, 0, (long)&r) == EIO);
	/* IOPL, NT, VM are kept as they were (Linux's x86_64 lets NT in). */
	r = good; r.eflags |= 0x3000 | 0x4000 | 0x20000;
	EXPECT(pt(PTRACE_SETREGS, pid, 0, (long)&r) == 0);
	pt(PTRACE_GETREGS, pid, 0, (long)&r);
	EXPECT(!(r.eflags & (0x3000 | 0x4000 | 0x20000)) && (r.eflags & 0x200));
	EXPECT(pt_err(PTRACE_POKEUSER, pid, 3, 0) == EIO);
	EXPECT(pt_err(PTRACE_POKEUSER, pid, sizeof(struct user), 0) == EIO);
	EXPECT(pt_err(PTRACE_POKEUSER, pid, dr, 0xffffffff80100000ul) == EINVAL);
	EXPECT(pt_err(PTRACE_POKEUSER, pid, dr + 4 * 8, 0) == EIO);
	EXPECT(pt(PTRACE_POKEUSER, pid, dr, (long)&shared_word) == 0);
	EXPECT(ptrace(PTRACE_PEEKUSER, pid, (void *)dr, 0) == (long)&shared_word);
	EXPECT(pt_err(PTRACE_POKEUSER, pid, dr + 7 * 8, 0x1 | (2 << 16)) == EINVAL);
	EXPECT(pt(PTRACE_POKEUSER, pid, dr, 0) == 0);
	pt(PTRACE_CONT, pid, 0, 0);
	st = wait_for(pid);
	EXPECT(WIFEXITED(st) && WEXITSTATUS(st) == 5);
	return 0;
}

static int t_errors(void)
{
	pid_t pid, kthread = 0;
	char path[64];

	EXPECT(pt_err(PTRACE_ATTACH, getpid(), 0, 0) == EPERM);
	/* init: root may trace it, as on Linux (LTP ptrace11); SEIZE, so
	 * that it gets no SIGSTOP, and a detach from an interrupt stop. */
	if (getuid() == 0) {
		int st = 0;

		EXPECT(pt(PTRACE_SEIZE, 1, 0, 0) == 0);
		EXPECT(pt(PTRACE_INTERRUPT, 1, 0, 0) == 0);
		EXPECT(waitpid(1, &st, __WALL) == 1 && WIFSTOPPED(st));
		EXPECT(pt(PTRACE_DETACH, 1, 0, 0) == 0);
		/* ATTACH's SIGSTOP reaches a traced init (LTP ptrace11) */
		EXPECT(pt(PTRACE_ATTACH, 1, 0, 0) == 0);
		EXPECT(waitpid(1, &st, __WALL) == 1 && WIFSTOPPED(st) &&
		       WSTOPSIG(st) == SIGSTOP);
		EXPECT(pt(PTRACE_DETACH, 1, 0, 0) == 0);
	}
	EXPECT(pt_err(PTRACE_ATTACH, 999999, 0, 0) == ESRCH);
	EXPECT(pt_err(PTRACE_CONT, getppid(), 0, 0) == ESRCH);
	for (int p = 2; p < 20 && !kthread; p++) {
		snprintf(path, sizeof(path), "/proc/%d/exe", p);
		if (access(path, F_OK) != 0 && kill(p, 0) == 0)
			kthread = p;
	}
	if (kthread)
		EXPECT(pt_err(PTRACE_ATTACH, kthread, 0, 0) == EPERM);
	pid = fork();
	if (pid == 0)
		do_sleep();
	EXPECT(pt_err(PTRACE_SEIZE, pid, 0, 0x80000000ul) == EIO);
	EXPECT(pt_err(PTRACE_SEIZE, pid, 1, 0) == EIO);
	EXPECT(pt(PTRACE_SEIZE, pid, 0, 0) == 0);
	EXPECT(pt_err(PTRACE_ATTACH, pid, 0, 0) == EPERM);	/* twice */
	EXPECT(pt_err(PTRACE_GETREGS, pid, 0, 0) == ESRCH);	/* running */
	pt(PTRACE_INTERRUPT, pid, 0, 0);
	wait_for(pid);
	EXPECT(pt_err(PTRACE_SETOPTIONS, pid, 0, 0x80000000ul) == EINVAL);
	EXPECT(pt_err(PTRACE_CONT, pid, 0, 65) == EIO);
	EXPECT(pt_err(PTRACE_GETREGS, pid, 0, 8) == EFAULT);
	EXPECT(pt_err(0x7777, pid, 0, 0) == EIO);
	EXPECT(pt_err(PTRACE_LISTEN, pid, 0, 0) == 0);
	finish(pid);
	pid = fork();
	if (pid == 0)
		_exit(0);
	usleep(20000);					/* now a zombie */
	EXPECT(pt_err(PTRACE_ATTACH, pid, 0, 0) == EPERM);
	waitpid(pid, NULL, 0);
	return 0;
}

/* A tracer that exits: its tracee runs on (or dies with EXITKILL). */
static int t_tracer_exit(void)
{
	for (int kill_it = 0; kill_it < 2; kill_it++) {
		pid_t target = fork(), tracer;
		int st;

		if (target == 0) {
			usleep(100000);
			_exit(9);
		}
		tracer = fork();
		if (tracer == 0) {
			pt(PTRACE_SEIZE, target, 0, kill_it ? PTRACE_O_EXITKILL : 0);
			pt(PTRACE_INTERRUPT, target, 0, 0);
			wait_for(target);
			_exit(0);			/* tracee left stopped */
		}
		waitpid(tracer, NULL, 0);
		st = wait_for(target);
		if (kill_it)
			EXPECT(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
		else
			EXPECT(WIFEXITED(st) && WEXITSTATUS(st) == 9);
	}
	return 0;
}

static int t_process_vm(void)
{
	pid_t pid = traced_child(do_exit5);
	long got = 0, val = 0x0102030405060708;
	struct iovec l = { &got, sizeof(got) }, r = { (void *)&shared_word, 8 };

	wait_for(pid);
	EXPECT(process_vm_readv(pid, &l, 1, &r, 1, 0) == 8);
	EXPECT(got == shared_word);
	l.iov_base = &val;
	EXPECT(process_vm_writev(pid, &l, 1, &r, 1, 0) == 8);
	l.iov_base = &got;
	EXPECT(process_vm_readv(pid, &l, 1, &r, 1, 0) == 8 && got == val);
	EXPECT(process_vm_readv(pid, &l, 1, &r, 1, 1) == -1 && errno == EINVAL);
	EXPECT(process_vm_readv(999999, &l, 1, &r, 1, 0) == -1 && errno == ESRCH);
	l.iov_len = (size_t)-1;		/* negative lengths: EINVAL, as Linux */
	EXPECT(process_vm_readv(pid, &l, 1, &r, 1, 0) == -1 && errno == EINVAL);
	l.iov_len = sizeof(got);
	r.iov_len = (size_t)-8;
	EXPECT(process_vm_writev(pid, &l, 1, &r, 1, 0) == -1 && errno == EINVAL);
	r.iov_len = 8;
	r.iov_base = (void *)0xffffffff80100000ul;
	EXPECT(process_vm_readv(pid, &l, 1, &r, 1, 0) == -1 && errno == EFAULT);
	r.iov_base = (void *)&shared_word;
	l.iov_base = (void *)8;
	EXPECT(process_vm_readv(pid, &l, 1, &r, 1, 0) == -1 && errno == EFAULT);
	finish(pid);
	return 0;
}

static long peek_dr(pid_t pid, int n)
{
	return ptrace(PTRACE_PEEKUSER, pid, (void *)DR(n), 0);
}

/* A write watchpoint: SIGTRAP right after the writing instruction, with
 * TRAP_HWBKPT and DR6's B0; the kernel's own write is ignored. */
static int t_watchpoint(void)
{
	pid_t pid = traced_child(do_watch);
	struct user_regs_struct r;
	siginfo_t si;
	int st;

	wait_for(pid);
	EXPECT(peek_dr(pid, 6) == 0xffff0ff0);		/* nothing hit yet */
	EXPECT(pt(PTRACE_POKEUSER, pid, DR(0), (long)&watched) == 0);
	EXPECT(pt(PTRACE_POKEUSER, pid, DR(7), DR7_WRITE4(0)) == 0);
	EXPECT(peek_dr(pid, 7) == (long)DR7_WRITE4(0));
	pt(PTRACE_CONT, pid, 0, 0);
	st = wait_for(pid);
	EXPECT(WIFSTOPPED(st) && WSTOPSIG(st) == SIGTRAP);
	EXPECT(pt(PTRACE_GETSIGINFO, pid, 0, (long)&si) == 0);
	EXPECT(si.si_code == TRAP_HWBKPT);
	pt(PTRACE_GETREGS, pid, 0, (long)&r);
	EXPECT(r.rip == (unsigned long)watch_after);
	EXPECT(si.si_addr == (void *)r.rip);
	EXPECT((peek_dr(pid, 6) & 0x400f) == 1);
	EXPECT(pt(PTRACE_POKEUSER, pid, DR(6), 0xffff0ff0) == 0);	/* clear */
	EXPECT(peek_dr(pid, 6) == 0xffff0ff0);
	pt(PTRACE_CONT, pid, 0, 0);
	st = wait_for(pid);		/* no SIGTRAP for read()'s copy */
	EXPECT(WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP);
	EXPECT((peek_dr(pid, 6) & 0xf) == 0);
	pt(PTRACE_CONT, pid, 0, 0);
	st = wait_for(pid);
	EXPECT(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	return 0;
}

/* An execute breakpoint: a fault, reported at the function's first byte;
 * resumed, the function runs (once). */
static int t_exec_breakpoint(void)
{
	pid_t pid = traced_child(do_exec_bp);
	struct user_regs_struct r;
	siginfo_t si;
	int st;

	wait_for(pid);
	EXPECT(pt(PTRACE_POKEUSER, pid, DR(1), (long)bp_target) == 0);
	EXPECT(pt(PTRACE_POKEUSER, pid, DR(7), DR7_EXEC(1)) == 0);
	pt(PTRACE_CONT, pid, 0, 0);
	st = wait_for(pid);
	EXPECT(WIFSTOPPED(st) && WSTOPSIG(st) == SIGTRAP);
	pt(PTRACE_GETSIGINFO, pid, 0, (long)&si);
	EXPECT(si.si_code == TRAP_HWBKPT);
	pt(PTRACE_GETREGS, pid, 0, (long)&r);
	EXPECT(r.rip == (unsigned long)bp_target);
	EXPECT((peek_dr(pid, 6) & 0xf) == 2);
	pt(PTRACE_CONT, pid, 0, 0);
	st = wait_for(pid);
	EXPECT(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	return 0;
}

/* Neither a forked child nor an exec'd program keeps the watchpoints. */
static int t_watch_fork_exec(void)
{
	pid_t pid = traced_child(do_fork_watch);
	int st;

	wait_for(pid);
	EXPECT(pt(PTRACE_POKEUSER, pid, DR(0), (long)&watched) == 0);
	EXPECT(pt(PTRACE_POKEUSER, pid, DR(7), DR7_WRITE4(0)) == 0);
	pt(PTRACE_CONT, pid, 0, 0);
	while (WIFSTOPPED(st = wait_for(pid)) && WSTOPSIG(st) == SIGCHLD)
		pt(PTRACE_CONT, pid, 0, SIGCHLD);
	EXPECT(WIFSTOPPED(st) && WSTOPSIG(st) == SIGTRAP);	/* the exec */
	EXPECT(peek_dr(pid, 7) == 0 && peek_dr(pid, 0) == 0);
	pt(PTRACE_CONT, pid, 0, 0);
	st = wait_for(pid);
	EXPECT(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	return 0;
}

/* What Linux refuses (EINVAL, EIO) and what it quietly drops (GD). */
static int t_bad_debugregs(void)
{
	pid_t pid = traced_child(do_exit5);
	unsigned long w = (unsigned long)&watched;
	int st;

	wait_for(pid);
	EXPECT(pt_err(PTRACE_POKEUSER, pid, DR(7), 1 | (2ul << 16)) == EINVAL);
	EXPECT(pt_err(PTRACE_POKEUSER, pid, DR(7), 1 | (3ul << 18)) == EINVAL);
	EXPECT(pt_err(PTRACE_POKEUSER, pid, DR(5), 0) == EIO);
	EXPECT(pt_err(PTRACE_POKEUSER, pid, DR(1), 0x7ffffffffff8ul) == EINVAL);
	EXPECT(pt_err(PTRACE_POKEUSER, pid, DR(2), 1ul << 63) == EINVAL);
	EXPECT(pt(PTRACE_POKEUSER, pid, DR(0), w + 1) == 0);
	EXPECT(pt_err(PTRACE_POKEUSER, pid, DR(7), DR7_WRITE4(0)) == EINVAL);
	EXPECT(pt(PTRACE_POKEUSER, pid, DR(0), 0x7ffffffff000ul - 4) == 0);
	EXPECT(pt(PTRACE_POKEUSER, pid, DR(7), DR7_WRITE4(0)) == 0);
	EXPECT(pt_err(PTRACE_POKEUSER, pid, DR(0), 0x7ffffffff000ul - 2) == EINVAL);
	EXPECT(pt_err(PTRACE_POKEUSER, pid, DR(0), w + 2) == EINVAL);
	EXPECT(pt(PTRACE_POKEUSER, pid, DR(0), w) == 0);
	/* read or write, 4 bytes; GD (bit 13) kept as written, never loaded */
	EXPECT(pt(PTRACE_POKEUSER, pid, DR(7), 0x2000 | 1 | (0xful << 16)) == 0);
	EXPECT(peek_dr(pid, 7) == (0x2000 | 1 | (0xfl << 16)));
	EXPECT(pt(PTRACE_POKEUSER, pid, DR(6), 1) == 0 && peek_dr(pid, 6) == 1);
	pt(PTRACE_CONT, pid, 0, 0);
	st = wait_for(pid);
	EXPECT(WIFEXITED(st) && WEXITSTATUS(st) == 5);
	return 0;
}

/* A single step over a syscall instruction stops right after it, as
 * the call returns (si_code TRAP_BRKPT), not one instruction later. */
static int t_step_syscall(void)
{
	pid_t pid = traced_child(do_step_sys);
	struct user_regs_struct r = { 0 };
	siginfo_t si;
	int st = 0, n;

	wait_for(pid);
	for (n = 0; n < 5000 && r.rip != (unsigned long)step_sys; n++) {
		EXPECT(pt(PTRACE_SINGLESTEP, pid, 0, 0) == 0);
		st = wait_for(pid);
		if (!WIFSTOPPED(st) || WSTOPSIG(st) != SIGTRAP)
			break;
		pt(PTRACE_GETREGS, pid, 0, (long)&r);
	}
	CHECK(r.rip == (unsigned long)step_sys);
	EXPECT(pt(PTRACE_SINGLESTEP, pid, 0, 0) == 0);
	st = wait_for(pid);
	EXPECT(WIFSTOPPED(st) && WSTOPSIG(st) == SIGTRAP);
	pt(PTRACE_GETREGS, pid, 0, (long)&r);
	EXPECT(r.rip == (unsigned long)step_after);
	EXPECT((pid_t)r.rax == getpid());
	pt(PTRACE_GETSIGINFO, pid, 0, (long)&si);
	EXPECT(si.si_code == TRAP_BRKPT);
	EXPECT(pt(PTRACE_SINGLESTEP, pid, 0, 0) == 0);	/* the nop */
	st = wait_for(pid);
	pt(PTRACE_GETREGS, pid, 0, (long)&r);
	EXPECT(r.rip == (unsigned long)step_after + 1);
	pt(PTRACE_GETSIGINFO, pid, 0, (long)&si);
	EXPECT(si.si_code == 2);			/* TRAP_TRACE */
	finish(pid);
	return 0;
}

#ifndef PTRACE_SYSEMU
#define PTRACE_SYSEMU 31
#define PTRACE_SYSEMU_SINGLESTEP 32
#endif

/* Run do_getpid42 under @req (SYSEMU or SYSEMU_SINGLESTEP), doing its
 * system calls here: getpid "returns" 42, the rest 0, until exit_group.
 * Returns the number of getpid calls done, *@steps the step traps. */
static int sysemu_run(long req, int *steps)
{
	pid_t pid = traced_child(do_getpid42);
	struct __ptrace_syscall_info info;
	struct user_regs_struct r;
	int st = wait_for(pid), getpids = 0;

	*steps = 0;
	pt(PTRACE_SETOPTIONS, pid, 0, PTRACE_O_TRACESYSGOOD);
	for (int i = 0; i < 20000; i++) {
		EXPECT(pt(req, pid, 0, 0) == 0);
		st = wait_for(pid);
		if (!WIFSTOPPED(st))
			break;
		if (WSTOPSIG(st) == SIGTRAP) {
			++*steps;
			continue;
		}
		EXPECT(WSTOPSIG(st) == (SIGTRAP | 0x80));
		memset(&info, 0, sizeof(info));
		pt(PTRACE_GET_SYSCALL_INFO, pid, sizeof(info), (long)&info);
		EXPECT(info.op == PTRACE_SYSCALL_INFO_ENTRY);	/* never an exit */
		pt(PTRACE_GETREGS, pid, 0, (long)&r);
		EXPECT((long)r.rax == -ENOSYS);
		if (r.orig_rax == SYS_exit_group) {
			req = PTRACE_CONT;	/* skipped; musl's SYS_exit runs */
			continue;
		}
		getpids += r.orig_rax == SYS_getpid;
		r.rax = r.orig_rax == SYS_getpid ? 42 : 0;
		pt(PTRACE_SETREGS, pid, 0, (long)&r);
	}
	EXPECT(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	finish(pid);
	return getpids;
}

/* PTRACE_SYSEMU: an entry stop, the call not run, no exit stop; the
 * tracer's rax is the result. With _SINGLESTEP, step traps between. */
static int t_sysemu(void)
{
	int steps;

	EXPECT(sysemu_run(PTRACE_SYSEMU, &steps) == 1 && steps == 0);
	EXPECT(sysemu_run(PTRACE_SYSEMU_SINGLESTEP, &steps) == 1 && steps > 3);
	return 0;
}

/* Spend @ms of this thread's CPU time in user mode. */
static void burn_ms(long ms)
{
	struct timespec t;

	do
		clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	while (t.tv_sec * 1000 + t.tv_nsec / 1000000 < ms);
}

static long ru_ms(const struct rusage *ru)
{
	return (ru->ru_utime.tv_sec + ru->ru_stime.tv_sec) * 1000 +
	       (ru->ru_utime.tv_usec + ru->ru_stime.tv_usec) / 1000;
}

/* A child that burns 150 ms, touches 2 MiB and reaps a grandchild that
 * burned 150 ms: wait4's rusage has all of it, as RUSAGE_CHILDREN then. */
static int t_wait4_rusage(void)
{
	struct rusage ru, kids;
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		char *p = malloc(2 << 20);
		pid_t gc = fork();

		if (gc == 0) {
			burn_ms(150);
			_exit(0);
		}
		burn_ms(150);
		for (int i = 0; p && i < (2 << 20); i += 4096)
			p[i] = 1;
		waitpid(gc, NULL, 0);
		_exit(p ? 0 : 1);
	}
	EXPECT(getrusage(RUSAGE_CHILDREN, &kids) == 0 && ru_ms(&kids) == 0);
	memset(&ru, 0, sizeof(ru));
	EXPECT(wait4(pid, &st, 0, &ru) == pid && WIFEXITED(st));
	EXPECT(ru_ms(&ru) >= 250);		/* ticks: 10 ms each */
	EXPECT(ru.ru_maxrss >= 2048 && ru.ru_minflt >= 512);
	EXPECT(getrusage(RUSAGE_CHILDREN, &kids) == 0);
	EXPECT(ru_ms(&kids) == ru_ms(&ru) && kids.ru_maxrss == ru.ru_maxrss);
	EXPECT(kids.ru_minflt == ru.ru_minflt);
	return 0;
}

static long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* A child that sleeps @ms in nanosleep (or poll) and exits 0 only if the
 * call said 0 and the whole time went by. */
static pid_t sleeper(long ms, int use_poll)
{
	struct timespec ts = { ms / 1000, ms % 1000 * 1000000 };
	pid_t pid = fork();
	long start, r;

	if (pid == 0) {
		start = now_ms();
		r = use_poll ? syscall(SYS_poll, NULL, 0, ms) :
			       syscall(SYS_nanosleep, &ts, NULL);
		_exit(r == 0 && now_ms() - start >= ms ? 0 : 1);
	}
	return pid;
}

/* A stop and a tracer's attach do not end a sleep: with no handler to
 * run, the call resumes through restart_syscall (219), which the tracer
 * sees, to the same deadline. */
static int t_restart_syscall(void)
{
	struct __ptrace_syscall_info info;
	pid_t pid;
	int st;

	for (int use_poll = 0; use_poll < 2; use_poll++) {
		pid = sleeper(400, use_poll);
		usleep(100000);
		kill(pid, SIGSTOP);
		usleep(50000);
		kill(pid, SIGCONT);
		EXPECT(waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
		       WEXITSTATUS(st) == 0);
	}
	pid = sleeper(600, 0);
	usleep(100000);
	EXPECT(pt(PTRACE_ATTACH, pid, 0, 0) == 0);
	st = wait_for(pid);
	EXPECT(WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP);
	/* GET_SYSCALL_INFO knows a syscall stop by 0x80 (Linux) */
	EXPECT(pt(PTRACE_SETOPTIONS, pid, 0, PTRACE_O_TRACESYSGOOD) == 0);
	EXPECT(pt(PTRACE_SYSCALL, pid, 0, 0) == 0);
	st = wait_for(pid);
	EXPECT(WIFSTOPPED(st) && WSTOPSIG(st) == (SIGTRAP | 0x80));
	memset(&info, 0, sizeof(info));
	pt(PTRACE_GET_SYSCALL_INFO, pid, sizeof(info), (long)&info);
	EXPECT(info.op == PTRACE_SYSCALL_INFO_ENTRY &&
	       info.entry.nr == SYS_restart_syscall);
	EXPECT(pt(PTRACE_SYSCALL, pid, 0, 0) == 0);
	st = wait_for(pid);
	pt(PTRACE_GET_SYSCALL_INFO, pid, sizeof(info), (long)&info);
	EXPECT(info.op == PTRACE_SYSCALL_INFO_EXIT && info.exit.rval == 0);
	EXPECT(pt(PTRACE_DETACH, pid, 0, 0) == 0);
	st = wait_for(pid);
	EXPECT(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	return 0;
}

/* strace -p and its detach: SEIZE and INTERRUPT during the sleep, then
 * again during the restarted one, and a detach at the exit stop that
 * comes first (as strace does): the sleep still goes on to its end. */
static int t_restart_detach(void)
{
	pid_t pid = sleeper(800, 0);
	int st;

	usleep(100000);
	EXPECT(pt(PTRACE_SEIZE, pid, 0, PTRACE_O_TRACESYSGOOD) == 0);
	EXPECT(pt(PTRACE_INTERRUPT, pid, 0, 0) == 0);
	st = wait_for(pid);
	EXPECT(WIFSTOPPED(st) && EVENT(st) == PTRACE_EVENT_STOP);
	EXPECT(to_syscall(pid, SYS_restart_syscall) == 0);
	EXPECT(pt(PTRACE_SYSCALL, pid, 0, 0) == 0);
	usleep(100000);
	EXPECT(pt(PTRACE_INTERRUPT, pid, 0, 0) == 0);
	st = wait_for(pid);
	EXPECT(WIFSTOPPED(st) && WSTOPSIG(st) == (SIGTRAP | 0x80));
	EXPECT(pt(PTRACE_DETACH, pid, 0, 0) == 0);
	st = wait_for(pid);
	EXPECT(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	return 0;
}

static const struct tap_test cases[] = {
	{ "syscall_stops", t_syscall_stops },
	{ "syscall_info_plain", t_syscall_info_plain },
	{ "regs", t_regs },
	{ "peek_poke", t_peek_poke },
	{ "signals", t_signals },
	{ "breakpoints", t_breakpoints },
	{ "step_from_int3", t_step_from_int3 },
	{ "poketext", t_poketext },
	{ "poketext_running_thread", t_poketext_running_thread },
	{ "seize_interrupt_listen", t_seize_interrupt_listen },
	{ "events", t_events },
	{ "clone", t_clone },
	{ "thread_exit_wakes_tracer", t_thread_exit_wakes_tracer },
	{ "waitid", t_waitid },
	{ "fpregs", t_fpregs },
	{ "bad_regs", t_bad_regs },
	{ "errors", t_errors },
	{ "tracer_exit", t_tracer_exit },
	{ "process_vm", t_process_vm },
	{ "watchpoint", t_watchpoint },
	{ "exec_breakpoint", t_exec_breakpoint },
	{ "watch_fork_exec", t_watch_fork_exec },
	{ "bad_debugregs", t_bad_debugregs },
	{ "step_syscall", t_step_syscall },
	{ "sysemu", t_sysemu },
	{ "wait4_rusage", t_wait4_rusage },
	{ "restart_syscall", t_restart_syscall },
	{ "restart_detach", t_restart_detach },
};

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--threads"))
		return run_threads();
	if (argc > 2 && !strcmp(argv[1], "--getppid"))
		return run_getppid(atol(argv[2]));
	setvbuf(stdout, NULL, _IONBF, 0);
	return tap_run("ptracetest", cases, sizeof(cases) / sizeof(cases[0]),
		       CASE_TIMEOUT, argc, argv);
}
