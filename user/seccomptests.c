/*
 * seccomptests: seccomp(2) and prctl's PR_SET_SECCOMP / PR_GET_SECCOMP,
 * checked from user space against Linux 6.1's answers: strict mode (read,
 * write, exit and rt_sigreturn only, SIGKILL for the rest), filters and
 * each of their actions (KILL_PROCESS, KILL_THREAD, TRAP with its siginfo,
 * ERRNO capped at 4095, TRACE with and without a tracer, USER_NOTIF
 * without a listener, LOG, ALLOW), stacking and precedence, inheritance
 * across fork and execve, TSYNC, the no_new_privs rule, the errnos of bad
 * programs, flags and pointers, the path length limit, GET_ACTION_AVAIL,
 * GET_NOTIF_SIZES, PTRACE_O_TRACESECCOMP stops and the Seccomp lines of
 * /proc/<pid>/status.
 *
 *   seccomptests [NAME]...   run every test, or only the ones named
 *
 * TAP like the other test programs (user/lib/tap.c tap_run()), ending in
 * "# seccomptests: P passed, F failed". Every test runs in a child of its
 * own, so the filters it installs die with it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "linux_filter.h"
#include "procfs.h"
#include "tap.h"

#define TEST_TIMEOUT 30
#define STUDENT 1000

/* Linux's <linux/seccomp.h>, which musl lacks (user/lib/linux_filter.h
 * has <linux/filter.h>). */
#define SECCOMP_MODE_STRICT 1
#define SECCOMP_MODE_FILTER 2
#define SECCOMP_SET_MODE_STRICT 0
#define SECCOMP_SET_MODE_FILTER 1
#define SECCOMP_GET_ACTION_AVAIL 2
#define SECCOMP_GET_NOTIF_SIZES 3
#define SECCOMP_FILTER_FLAG_TSYNC 1u
#define SECCOMP_FILTER_FLAG_LOG 2u
#define SECCOMP_FILTER_FLAG_SPEC_ALLOW 4u
#define SECCOMP_FILTER_FLAG_NEW_LISTENER 8u
#define SECCOMP_RET_KILL_PROCESS 0x80000000u
#define SECCOMP_RET_KILL_THREAD 0x00000000u
#define SECCOMP_RET_TRAP 0x00030000u
#define SECCOMP_RET_ERRNO 0x00050000u
#define SECCOMP_RET_USER_NOTIF 0x7fc00000u
#define SECCOMP_RET_TRACE 0x7ff00000u
#define SECCOMP_RET_LOG 0x7ffc0000u
#define SECCOMP_RET_ALLOW 0x7fff0000u
#define AUDIT_ARCH_X86_64 0xc000003eu
#define SYS_SECCOMP 1
#define PTRACE_EVENT_SECCOMP 7
#define PTRACE_SYSCALL_INFO_SECCOMP 3

#define OFF_NR 0
#define OFF_ARCH 4
#define OFF_ARG0 16

static long seccomp(unsigned int op, unsigned int flags, void *args)
{
	return syscall(SYS_seccomp, op, flags, args);
}

/* A filter: @action for system call @nr, ALLOW for every other. */
static long filter_one(int nr, uint32_t action, unsigned int flags)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, OFF_NR),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)nr, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, action),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog p = { 4, f };

	return seccomp(SECCOMP_SET_MODE_FILTER, flags, &p);
}

static int set_nnp(void)
{
	return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
}

/* Run @fn in a child without core files; its wait status. */
static int in_child(int (*fn)(void))
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		struct rlimit no_core = { 0, 0 };

		setrlimit(RLIMIT_CORE, &no_core);
		_exit(fn());
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

static int killed_by(int status, int sig)
{
	return status != -1 && WIFSIGNALED(status) && WTERMSIG(status) == sig;
}

static int exited_with(int status, int code)
{
	return status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == code;
}

/* ---- strict mode ---- */

static int strict_child(void)
{
	char c = 'x';
	int p[2];

	if (pipe(p) || prctl(PR_SET_SECCOMP, SECCOMP_MODE_STRICT, 0, 0, 0))
		return 1;
	if (write(p[1], &c, 1) != 1 || read(p[0], &c, 1) != 1)
		return 2;
	syscall(SYS_getpid);		/* not one of the four: SIGKILL */
	syscall(SYS_exit, 3);
	return 4;
}

static int strict_exit_child(void)
{
	if (seccomp(SECCOMP_SET_MODE_STRICT, 0, NULL))
		return 1;
	syscall(SYS_exit, 7);		/* exit, not exit_group: allowed */
	return 2;
}

/* Strict mode takes rdtsc away too (Linux's disable_TSC()). */
static int strict_rdtsc_child(void)
{
	unsigned int lo, hi;

	if (seccomp(SECCOMP_SET_MODE_STRICT, 0, NULL))
		return 1;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	syscall(SYS_exit, 2);
	return 3;
}

static int strict_mode(void)
{
	CHECK(prctl(PR_GET_SECCOMP, 0, 0, 0, 0) == 0);
	CHECK(killed_by(in_child(strict_child), SIGKILL));
	CHECK(exited_with(in_child(strict_exit_child), 7));
	CHECK(killed_by(in_child(strict_rdtsc_child), SIGSEGV));
	return 0;
}

static int strict_errors(void)
{
	int dummy;

	errno = 0;
	CHECK(seccomp(SECCOMP_SET_MODE_STRICT, 1, NULL) == -1 && errno == EINVAL);
	CHECK(seccomp(SECCOMP_SET_MODE_STRICT, 0, &dummy) == -1 && errno == EINVAL);
	CHECK(prctl(PR_SET_SECCOMP, 3, 0, 0, 0) == -1 && errno == EINVAL);
	CHECK(seccomp(99, 0, NULL) == -1 && errno == EINVAL);
	CHECK(set_nnp() == 0);
	CHECK(filter_one(SYS_getppid, SECCOMP_RET_ALLOW, 0) == 0);
	CHECK(prctl(PR_GET_SECCOMP, 0, 0, 0, 0) == SECCOMP_MODE_FILTER);
	/* Filter mode never turns into strict mode. */
	CHECK(prctl(PR_SET_SECCOMP, SECCOMP_MODE_STRICT, 0, 0, 0) == -1 &&
	      errno == EINVAL);
	return 0;
}

/* ---- filter actions ---- */

static int errno_action(void)
{
	CHECK(set_nnp() == 0);
	CHECK(filter_one(SYS_getppid, SECCOMP_RET_ERRNO | 42, 0) == 0);
	errno = 0;
	CHECK(syscall(SYS_getppid) == -1 && errno == 42);
	CHECK(filter_one(SYS_getuid, SECCOMP_RET_ERRNO | 5000, 0) == 0);
	CHECK(syscall(SYS_getuid) == -1 && errno == 4095);	/* MAX_ERRNO */
	CHECK(filter_one(SYS_getgid, SECCOMP_RET_ERRNO | 0, 0) == 0);
	CHECK(syscall(SYS_getgid) == 0);	/* skipped, returns 0 */
	CHECK(getpid() > 0);			/* others still run */
	return 0;
}

/* A child's body: getppid under @action; 1 if the filter did not take,
 * 2 if the call came back. */
static int getppid_under(uint32_t action)
{
	if (set_nnp() || filter_one(SYS_getppid, action, 0))
		return 1;
	syscall(SYS_getppid);
	return 2;
}

static int kill_process_child(void)
{
	return getppid_under(SECCOMP_RET_KILL_PROCESS);
}

static int kill_thread_child(void)
{
	return getppid_under(SECCOMP_RET_KILL_THREAD);
}

static int unknown_action_child(void)
{
	return getppid_under(0x00010000);
}

static int kill_actions(void)
{
	CHECK(killed_by(in_child(kill_process_child), SIGSYS));
	CHECK(killed_by(in_child(kill_thread_child), SIGSYS));
	CHECK(killed_by(in_child(unknown_action_child), SIGSYS));
	return 0;
}

static void *thread_getppid(void *arg)
{
	(void)arg;
	syscall(SYS_getppid);
	return (void *)1;
}

/* Install @action for getppid and start a second thread that calls it;
 * 0, or -1 if either failed. */
static int getppid_in_thread_under(uint32_t action)
{
	pthread_t t;

	if (set_nnp() || filter_one(SYS_getppid, action, 0) ||
	    pthread_create(&t, NULL, thread_getppid, NULL))
		return -1;
	return 0;
}

/* KILL_THREAD in a second thread: that thread goes, the process stays. */
static int kill_one_thread_child(void)
{
	if (getppid_in_thread_under(SECCOMP_RET_KILL_THREAD))
		return 1;
	sleep(1);
	syscall(SYS_exit_group, 5);
	return 2;
}

/* KILL_PROCESS in a second thread: every thread goes. */
static int kill_from_thread_child(void)
{
	if (getppid_in_thread_under(SECCOMP_RET_KILL_PROCESS))
		return 1;
	sleep(5);
	return 2;
}

static int kill_in_threads(void)
{
	CHECK(exited_with(in_child(kill_one_thread_child), 5));
	CHECK(killed_by(in_child(kill_from_thread_child), SIGSYS));
	return 0;
}

static volatile siginfo_t trap_info;
static volatile int trapped;

static void on_sigsys(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	trap_info = *si;
	trapped++;
}

static int trap_action(void)
{
	struct sigaction sa = { .sa_sigaction = on_sigsys, .sa_flags = SA_SIGINFO };

	CHECK(sigaction(SIGSYS, &sa, NULL) == 0);
	CHECK(set_nnp() == 0);
	CHECK(filter_one(SYS_getppid, SECCOMP_RET_TRAP | 0x77, 0) == 0);
	syscall(SYS_getppid, 1, 2);
	CHECK(trapped == 1);
	CHECK(trap_info.si_signo == SIGSYS && trap_info.si_code == SYS_SECCOMP);
	CHECK(trap_info.si_errno == 0x77);
	CHECK(trap_info.si_syscall == SYS_getppid);
	CHECK(trap_info.si_arch == AUDIT_ARCH_X86_64);
	CHECK(trap_info.si_call_addr != NULL);
	/* Without a handler TRAP kills with SIGSYS. */
	CHECK(signal(SIGSYS, SIG_DFL) != SIG_ERR);
	CHECK(killed_by(in_child(kill_process_child), SIGSYS));
	return 0;
}

static int trace_notif_log_allow(void)
{
	CHECK(set_nnp() == 0);
	CHECK(filter_one(SYS_getppid, SECCOMP_RET_TRACE | 3, 0) == 0);
	errno = 0;	/* TRACE with no tracer: ENOSYS */
	CHECK(syscall(SYS_getppid) == -1 && errno == ENOSYS);
	CHECK(filter_one(SYS_getuid, SECCOMP_RET_USER_NOTIF, 0) == 0);
	CHECK(syscall(SYS_getuid) == -1 && errno == ENOSYS);	/* no listener */
	CHECK(filter_one(SYS_getpid, SECCOMP_RET_LOG, SECCOMP_FILTER_FLAG_LOG) == 0);
	CHECK(syscall(SYS_getpid) == getpid() && getpid() > 0);
	CHECK(filter_one(SYS_getgid, SECCOMP_RET_ALLOW,
			 SECCOMP_FILTER_FLAG_SPEC_ALLOW) == 0);
	CHECK(syscall(SYS_getgid) == getgid());
	return 0;
}

/* A filter that reads arch, an argument, uses M[] and the length:
 * ERRNO(11) for getppid(0x1234) on x86_64, else ALLOW. */
static int filter_reads_data(void)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, OFF_ARCH),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, OFF_NR),
		BPF_STMT(BPF_ST, 3),
		BPF_STMT(BPF_LD | BPF_W | BPF_LEN, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 64, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
		BPF_STMT(BPF_LD | BPF_MEM, 3),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getppid, 0, 3),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, OFF_ARG0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x1234, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 11),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog p = { sizeof(f) / sizeof(f[0]), f };

	CHECK(set_nnp() == 0);
	CHECK(seccomp(SECCOMP_SET_MODE_FILTER, 0, &p) == 0);
	errno = 0;
	CHECK(syscall(SYS_getppid, 0x1234) == -1 && errno == EAGAIN);
	CHECK(syscall(SYS_getppid, 0x1235) == getppid() && getppid() > 0);
	return 0;
}

/* ---- stacking ---- */

static int precedence(void)
{
	CHECK(set_nnp() == 0);
	CHECK(filter_one(SYS_getppid, SECCOMP_RET_ALLOW, 0) == 0);
	CHECK(filter_one(SYS_getppid, SECCOMP_RET_ERRNO | 7, 0) == 0);
	CHECK(syscall(SYS_getppid) == -1 && errno == 7);	/* ERRNO > ALLOW */
	CHECK(filter_one(SYS_getppid, SECCOMP_RET_TRACE, 0) == 0);
	CHECK(filter_one(SYS_getppid, SECCOMP_RET_LOG, 0) == 0);
	CHECK(syscall(SYS_getppid) == -1 && errno == 7);	/* > TRACE, LOG */
	/* Two ERRNOs: the newest filter's data wins. */
	CHECK(filter_one(SYS_getppid, SECCOMP_RET_ERRNO | 9, 0) == 0);
	CHECK(syscall(SYS_getppid) == -1 && errno == 9);
	/* KILL_PROCESS over all of them, even from an older filter. */
	CHECK(killed_by(in_child(kill_process_child), SIGSYS));
	return 0;
}

static int max_path_length(void)
{
	static struct sock_filter f[4096];
	struct sock_fprog p = { 4096, f };
	int n = 0;

	for (int i = 0; i < 4096; i++)
		f[i] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	CHECK(set_nnp() == 0);
	while (n < 20 && seccomp(SECCOMP_SET_MODE_FILTER, 0, &p) == 0)
		n++;
	CHECK(errno == ENOMEM);
	/* (4096 + 4) instructions each, at most 32768 on the path. */
	CHECK(n == 7);
	return 0;
}

/* ---- inheritance ---- */

static int getppid_errno_child(void)
{
	errno = 0;
	return syscall(SYS_getppid) == -1 ? errno : 0;
}

static int inherit_fork_exec(void)
{
	int status;
	pid_t pid;

	CHECK(set_nnp() == 0);
	CHECK(filter_one(SYS_getppid, SECCOMP_RET_ERRNO | 33, 0) == 0);
	CHECK(exited_with(in_child(getppid_errno_child), 33));
	pid = fork();
	if (pid == 0) {
		execl("/proc/self/exe", "seccomptests", "--getppid-errno", NULL);
		_exit(100);
	}
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
	CHECK(exited_with(status, 33));
	return 0;
}

static int tsync_other;

static void *wait_then_getppid(void *arg)
{
	volatile int *go = arg;

	while (!*go)
		usleep(1000);
	errno = 0;
	tsync_other = syscall(SYS_getppid) == -1 ? errno : 0;
	return NULL;
}

static void *own_filter(void *arg)
{
	volatile int *go = arg;

	filter_one(SYS_getuid, SECCOMP_RET_ERRNO | 1, 0);
	while (*go != 2)
		usleep(1000);
	return NULL;
}

static int tsync(void)
{
	static volatile int go;
	pthread_t t;
	long tid;

	CHECK(set_nnp() == 0);
	CHECK(pthread_create(&t, NULL, wait_then_getppid, (void *)&go) == 0);
	CHECK(filter_one(SYS_getppid, SECCOMP_RET_ERRNO | 44,
			 SECCOMP_FILTER_FLAG_TSYNC) == 0);
	go = 1;
	CHECK(pthread_join(t, NULL) == 0);
	CHECK(tsync_other == 44);
	/* A thread with a filter of its own cannot be synced: its id. */
	go = 0;
	CHECK(pthread_create(&t, NULL, own_filter, (void *)&go) == 0);
	usleep(100000);
	tid = filter_one(SYS_getgid, SECCOMP_RET_ERRNO | 2,
			 SECCOMP_FILTER_FLAG_TSYNC);
	CHECK(tid > 0 && tid != getpid());
	CHECK(filter_one(SYS_getgid, SECCOMP_RET_ERRNO | 2,
			 SECCOMP_FILTER_FLAG_TSYNC | 16) == -1 && errno == ESRCH);
	go = 2;
	CHECK(pthread_join(t, NULL) == 0);
	CHECK(syscall(SYS_getgid) == getgid());	/* neither attempt stuck */
	return 0;
}

/* ---- permission and bad input ---- */

static int needs_nnp_or_cap(void)
{
	/* Root (CAP_SYS_ADMIN) may, without no_new_privs. */
	CHECK(filter_one(SYS_getppid, SECCOMP_RET_ALLOW, 0) == 0);
	CHECK(tap_become(STUDENT, 0) == 0);
	errno = 0;
	CHECK(filter_one(SYS_getppid, SECCOMP_RET_ALLOW, 0) == -1 && errno == EACCES);
	CHECK(prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, (void *)8, 0, 0) == -1 &&
	      errno == EFAULT);		/* the copy comes first */
	CHECK(set_nnp() == 0);
	CHECK(filter_one(SYS_getppid, SECCOMP_RET_ALLOW, 0) == 0);
	return 0;
}

/* seccomp(SET_MODE_FILTER) of the @n instructions at @f: its errno. */
static int load_errno(struct sock_filter *f, unsigned short n)
{
	struct sock_fprog p = { n, f };

	errno = 0;
	return seccomp(SECCOMP_SET_MODE_FILTER, 0, &p) == -1 ? errno : 0;
}

#define RET_ALLOW BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)

static int bad_programs(void)
{
	struct sock_filter ok[] = { RET_ALLOW };
	struct sock_filter badop[] = { BPF_STMT(0xff, 0), RET_ALLOW };
	struct sock_filter jump_out[] = {
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 5, 0), RET_ALLOW };
	struct sock_filter no_ret[] = { BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0) };
	struct sock_filter past_end[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 64), RET_ALLOW };
	struct sock_filter unaligned[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 2), RET_ALLOW };
	struct sock_filter byte_load[] = {
		BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 0), RET_ALLOW };
	struct sock_filter mem_unset[] = {
		BPF_STMT(BPF_LD | BPF_MEM, 0), RET_ALLOW };
	struct sock_filter mem_one_path[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 1, 0, 1),
		BPF_STMT(BPF_ST, 2),
		BPF_STMT(BPF_LDX | BPF_MEM, 2), RET_ALLOW };
	struct sock_filter div_zero[] = {
		BPF_STMT(BPF_ALU | BPF_DIV | BPF_K, 0), RET_ALLOW };
	struct sock_filter mod[] = {
		BPF_STMT(BPF_ALU | BPF_MOD | BPF_K, 3), RET_ALLOW };
	struct sock_filter mem_big[] = { BPF_STMT(BPF_ST, 16), RET_ALLOW };
	struct sock_fprog null_insns = { 1, NULL }, bad_insns = { 1, (void *)8 };

	CHECK(set_nnp() == 0);
	CHECK(load_errno(ok, 0) == EINVAL);
	CHECK(load_errno(ok, 4097) == EINVAL);
	CHECK(load_errno(badop, 2) == EINVAL);
	CHECK(load_errno(jump_out, 2) == EINVAL);
	CHECK(load_errno(no_ret, 1) == EINVAL);
	CHECK(load_errno(past_end, 2) == EINVAL);
	CHECK(load_errno(unaligned, 2) == EINVAL);
	CHECK(load_errno(byte_load, 2) == EINVAL);
	CHECK(load_errno(mem_unset, 2) == EINVAL);
	CHECK(load_errno(mem_one_path, 5) == EINVAL);
	CHECK(load_errno(div_zero, 2) == EINVAL);
	CHECK(load_errno(mod, 2) == EINVAL);
	CHECK(load_errno(mem_big, 2) == EINVAL);
	CHECK(seccomp(SECCOMP_SET_MODE_FILTER, 0, NULL) == -1 && errno == EFAULT);
	CHECK(seccomp(SECCOMP_SET_MODE_FILTER, 0, (void *)8) == -1 && errno == EFAULT);
	CHECK(seccomp(SECCOMP_SET_MODE_FILTER, 0, &null_insns) == -1 &&
	      errno == EINVAL);
	CHECK(seccomp(SECCOMP_SET_MODE_FILTER, 0, &bad_insns) == -1 &&
	      errno == EFAULT);
	CHECK(prctl(PR_GET_SECCOMP, 0, 0, 0, 0) == 0);	/* nothing took */
	{
		struct sock_fprog p = { 1, ok };

		CHECK(seccomp(SECCOMP_SET_MODE_FILTER, 0x40, &p) == -1 &&
		      errno == EINVAL);
		CHECK(seccomp(SECCOMP_SET_MODE_FILTER,
			      SECCOMP_FILTER_FLAG_NEW_LISTENER, &p) == -1 &&
		      errno == EINVAL);
	}
	CHECK(load_errno(ok, 1) == 0);
	return 0;
}

static int action_avail_and_sizes(void)
{
	uint32_t yes[] = { SECCOMP_RET_KILL_PROCESS, SECCOMP_RET_KILL_THREAD,
			   SECCOMP_RET_TRAP, SECCOMP_RET_ERRNO, SECCOMP_RET_TRACE,
			   SECCOMP_RET_LOG, SECCOMP_RET_ALLOW };
	uint32_t no = 0x12340000;
	uint16_t sizes[3];

	for (unsigned int i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		CHECK(seccomp(SECCOMP_GET_ACTION_AVAIL, 0, &yes[i]) == 0);
	CHECK(seccomp(SECCOMP_GET_ACTION_AVAIL, 0, &no) == -1 &&
	      errno == EOPNOTSUPP);
	CHECK(seccomp(SECCOMP_GET_ACTION_AVAIL, 0, (void *)8) == -1 &&
	      errno == EFAULT);
	CHECK(seccomp(SECCOMP_GET_ACTION_AVAIL, 1, &yes[0]) == -1 &&
	      errno == EINVAL);
	CHECK(seccomp(SECCOMP_GET_NOTIF_SIZES, 0, sizes) == 0);
	CHECK(sizes[0] == 80 && sizes[1] == 24 && sizes[2] == 64);
	CHECK(seccomp(SECCOMP_GET_NOTIF_SIZES, 0, (void *)8) == -1 &&
	      errno == EFAULT);
	return 0;
}

/* ---- /proc and ptrace ---- */

/* The value of "@field:" in /proc/@pid/status, or -1. */
static long status_field(pid_t pid, const char *field)
{
	char path[64], value[32];

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	if (procfs_status_field(path, field, value, sizeof(value)))
		return -1;
	return strtol(value, NULL, 10);
}

static int proc_status(void)
{
	int p[2];
	char c;
	pid_t pid;

	CHECK(status_field(getpid(), "Seccomp") == 0);
	CHECK(status_field(getpid(), "Seccomp_filters") == 0);
	CHECK(pipe(p) == 0);
	pid = fork();
	if (pid == 0) {		/* strict, waiting on the pipe */
		prctl(PR_SET_SECCOMP, SECCOMP_MODE_STRICT, 0, 0, 0);
		read(p[0], &c, 1);
		syscall(SYS_exit, 0);
	}
	CHECK(pid > 0);
	usleep(100000);
	CHECK(status_field(pid, "Seccomp") == SECCOMP_MODE_STRICT);
	CHECK(write(p[1], "x", 1) == 1);
	CHECK(waitpid(pid, NULL, 0) == pid);
	CHECK(set_nnp() == 0);
	CHECK(filter_one(SYS_getppid, SECCOMP_RET_ALLOW, 0) == 0);
	CHECK(filter_one(SYS_getppid, SECCOMP_RET_ALLOW, 0) == 0);
	CHECK(status_field(getpid(), "Seccomp") == SECCOMP_MODE_FILTER);
	CHECK(status_field(getpid(), "Seccomp_filters") == 2);
	CHECK(status_field(getpid(), "NoNewPrivs") == 1);
	return 0;
}

struct syscall_info {
	uint8_t op, pad[3];
	uint32_t arch;
	uint64_t ip, sp;
	uint64_t nr, args[6];
	uint32_t ret_data;
};

/* The tracee: stops, installs TRACE(0x123) for getppid and calls it;
 * exits 0 if the tracer's answer (77) came back. */
static void traced_child(void)
{
	ptrace(PTRACE_TRACEME, 0, 0, 0);
	raise(SIGSTOP);
	if (set_nnp() || filter_one(SYS_getppid, SECCOMP_RET_TRACE | 0x123, 0))
		_exit(1);
	_exit(syscall(SYS_getppid, 5) == 77 ? 0 : 2);
}

static int ptrace_tracesecomp(void)
{
	struct syscall_info si;
	unsigned long msg;
	int status;
	long n;
	pid_t pid = fork();

	if (pid == 0)
		traced_child();
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid && WIFSTOPPED(status));
	CHECK(ptrace(PTRACE_SETOPTIONS, pid, 0,
		     PTRACE_O_TRACESECCOMP | PTRACE_O_EXITKILL) == 0);
	CHECK(ptrace(PTRACE_CONT, pid, 0, 0) == 0);
	CHECK(waitpid(pid, &status, 0) == pid && WIFSTOPPED(status));
	CHECK(status >> 8 == (SIGTRAP | (PTRACE_EVENT_SECCOMP << 8)));
	CHECK(ptrace(PTRACE_GETEVENTMSG, pid, 0, &msg) == 0 && msg == 0x123);
	n = ptrace(0x420e /* GET_SYSCALL_INFO */, pid, sizeof(si), &si);
	CHECK(n == 84);
	CHECK(si.op == PTRACE_SYSCALL_INFO_SECCOMP && si.arch == AUDIT_ARCH_X86_64);
	CHECK(si.nr == SYS_getppid && si.args[0] == 5 && si.ret_data == 0x123);
	/* Skip the call (orig_rax -1) and answer 77 in rax. */
	CHECK(ptrace(PTRACE_POKEUSER, pid, 15 * 8, -1L) == 0);
	CHECK(ptrace(PTRACE_POKEUSER, pid, 10 * 8, 77L) == 0);
	CHECK(ptrace(PTRACE_CONT, pid, 0, 0) == 0);
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(exited_with(status, 0));
	return 0;
}

/* Traced, but without PTRACE_O_TRACESECCOMP: no stop, ENOSYS. */
static int ptrace_without_option(void)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		ptrace(PTRACE_TRACEME, 0, 0, 0);
		raise(SIGSTOP);
		if (set_nnp() || filter_one(SYS_getppid, SECCOMP_RET_TRACE, 0))
			_exit(1);
		errno = 0;
		_exit(syscall(SYS_getppid) == -1 && errno == ENOSYS ? 0 : 2);
	}
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid && WIFSTOPPED(status));
	CHECK(ptrace(PTRACE_CONT, pid, 0, 0) == 0);
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(exited_with(status, 0));
	return 0;
}

static const struct tap_test tests[] = {
	{ "strict_mode", strict_mode },
	{ "strict_errors", strict_errors },
	{ "errno_action", errno_action },
	{ "kill_actions", kill_actions },
	{ "kill_in_threads", kill_in_threads },
	{ "trap_action", trap_action },
	{ "trace_notif_log_allow", trace_notif_log_allow },
	{ "filter_reads_data", filter_reads_data },
	{ "precedence", precedence },
	{ "max_path_length", max_path_length },
	{ "inherit_fork_exec", inherit_fork_exec },
	{ "tsync", tsync },
	{ "needs_nnp_or_cap", needs_nnp_or_cap },
	{ "bad_programs", bad_programs },
	{ "action_avail_and_sizes", action_avail_and_sizes },
	{ "proc_status", proc_status },
	{ "ptrace_tracesecomp", ptrace_tracesecomp },
	{ "ptrace_without_option", ptrace_without_option },
};

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "--getppid-errno"))
		return getppid_errno_child();	/* inherit_fork_exec's */
	return tap_run_as_root("seccomptests", tests,
			       sizeof(tests) / sizeof(tests[0]), TEST_TIMEOUT,
			       argc, argv);
}
