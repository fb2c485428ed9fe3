/*
 * fuzz: a system-call fuzzer. Random system-call numbers (valid and not)
 * with random arguments biased toward the nasty ones, from several
 * processes and threads at once; the kernel must take them all.
 *
 *   fuzz [-s SEED] [-n CALLS] [-p PROCS] [-t THREADS] [-T SECONDS]
 *        [-b CALLS] [-k NAME]... [-o NAME]... [-l] [-v] [-F]
 *
 *   -s  seed (default: from the clock; printed, so a run can be repeated)
 *   -n  system calls to make in all (default 10000)
 *   -p  worker processes at a time (default 4)
 *   -t  threads per worker (default 4)
 *   -T  time limit in seconds (default 50): the run ends there, done or not
 *   -b  calls per worker before it is replaced by a fresh one (default 400)
 *   -k  never call NAME (a name from the table, or a number); repeatable
 *   -o  only call NAME; repeatable
 *   -l  log every call on the console before making it (for a crash: the
 *       last line is the culprit; slow)
 *   -v  also print how each system call fared
 *   -F  fault injection: each worker sets /proc/self/make-it-fail once
 *       its pools are built, so that with task-filter on (debug kernel,
 *       docs/robustness.md) only the fuzzed calls meet failing allocations
 *
 * How it works. The supervisor (this process) makes a scratch directory
 * /tmp/fuzz.PID/a/b/w and forks workers. A worker puts itself in its own
 * process group, points fds 0-2 at /dev/null, builds its pools (open file
 * descriptors: files, pipes, Unix, IP and packet sockets, the latter
 * with rings mapped; a valid buffer, a
 * read-only page, a pointer that runs into an unmapped page, a freed mmap
 * region, paths) and runs THREADS threads
 * that each pick a system call, fill its arguments (by the argument kinds
 * of the table below: a descriptor, a pointer, a length, a path, a pid...,
 * or anything at all), make the raw `syscall` and report the result to the
 * supervisor through a pipe. Workers may die (a call that unmaps their
 * code, a signal they sent themselves): the supervisor counts how, and
 * starts another until the calls are done. A worker with a thread that
 * makes no progress for STALL_MS (blocked in pause(), a futex, a pipe) is
 * killed with SIGKILL, with its process group and each of its threads
 * (named in /proc/PID/task), again every second until it is gone. A call
 * that returns an errno no program may see (above EHWPOISON: ERESTARTSYS
 * and such) is printed on the console. At the end the supervisor kills the
 * last workers, reaps them and any child adopted through CLONE_PARENT,
 * waits until the system's task count (sysinfo procs) is back to what it
 * was, removes the scratch directory and the System V shared memory
 * segments, message queues and semaphore arrays and the POSIX message
 * queues the run made in its IPC namespace (they outlive their makers;
 * those of a worker's own namespace die with it), switches off and
 * removes the kprobe events the run defined (shape_trace_call() sends
 * some reads and writes to tracefs files), and prints the summary; the last line
 * is "fuzz: PASS: ..." or "fuzz: FAIL: reason" (exit status 0 or 1). It
 * fails when a worker cannot be reaped, the task count does not come back,
 * or a kernel-internal errno was seen. Anything new in /tmp besides the
 * scratch is named and removed: a worker whose fuzzed munmap, mmap or
 * mremap replaced its own memory (its paths with it) can create files
 * anywhere its calls reach, as a program that does that would on Linux.
 *
 * What it never does (each would end the run by design, or reach outside
 * the run; everything else is fair game):
 *   - exit, exit_group (a thread or worker would just vanish), reboot;
 *   - kill, tkill, tgkill, rt_sigqueueinfo, rt_tgsigqueueinfo, prlimit64,
 *     sched_setaffinity, fcntl F_SETOWN (O_ASYNC's SIGIO) of a task that is
 *     not the worker itself, one of its threads or children, or a pid
 *     that cannot exist (pid 1, -1, the supervisor are never targets);
 *   - execve/execveat of anything that could be a program: only
 *     directories, text files, missing paths and bad pointers;
 *   - chdir/fchdir out of the scratch directory, paths into /tmp outside
 *     it, symlinks that point up or into /tmp; a path pointer never points
 *     where the kernel writes (gen_path_ptr());
 *   - syslog actions that clear the log or change the console level (the
 *     log is the evidence of the run);
 *   - setting the clock or its NTP state (other programs' time):
 *     clock_settime and clock_adjtime only of clocks other than
 *     CLOCK_REALTIME, settimeofday only with NULL or bad pointers, no
 *     adjtimex;
 *   - mount/umount2/mount_setattr/pivot_root anywhere but /tmp/fuzz.PID/m,
 *     mount of a type other
 *     than tmpfs and ramfs (or a bad one), MS_BIND and MS_MOVE: a remount
 *     there would change the flags of a file system others use (/proc,
 *     /tmp), since they live in the super block;
 *   - mknod/mknodat of a device other than /dev/null's (1, 3): a console
 *     node would let it change the terminal the run reports on;
 *   - setpriority of anything but one task it may signal (PRIO_PROCESS),
 *     sched_setscheduler/sched_setparam/sched_setattr of others, and sethostname with
 *     a length it would accept (the host name outlives the run);
 *   - fcntl F_SETOWN_EX (its owner is behind a pointer it cannot check);
 *   - pidfd_open of a task it may not signal, pidfd_send_signal of a
 *     real signal through anything but a pidfd, ioprio_set of other
 *     processes, groups or users, acct of anything but a bad pointer;
 *   - vhangup: the workers are in the shell's session, and its leader
 *     (the shell) would get SIGHUP;
 *   - seccomp strict mode (the worker's next call would kill it), or a
 *     filter of its own making: seccomp(2) and prctl(PR_SET_SECCOMP) get
 *     one of seccomp_progs[] (ALLOW, ERRNO for a number no call has,
 *     programs the kernel must refuse) or a bad pointer, and at most
 *     MAX_FILTERS filters stay on a worker (each call runs them all);
 *   - touch the descriptors it reports (REPORT_FD) and logs (LOG_FD) on.
 * A worker may sandbox itself with landlock_restrict_self(2): the domain
 * stays in that worker (and its children), never in the supervisor.
 * A fork, vfork or clone child exits at once (the `syscall` is followed by
 * an exit in the same asm block, so the child never touches the stack it
 * may share), and the worker reaps it.
 *
 * It refuses to run anywhere but Taskbase (uname sysname): on a Linux host
 * run as root it would do damage.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "procfs.h"
#include "ulib.h"

#define MAX_WORKERS 32		/* -p */
#define MAX_THREADS 8		/* -t */
#define NR_MAX 1024		/* numbers we keep statistics for */
#define STALL_MS 1500		/* a thread this long without a call: stuck */
#define REPORT_FD 255		/* worker -> supervisor records */
#define LOG_FD 254		/* -l: the console, for the call log */
#define BUF_SIZE (64 * 1024)	/* the valid buffer of the pools */
#define PAGE 4096ul
#define EV_CREATED 0xfff0	/* record "nr" of a child created */
#define EV_REAPED 0xfff1	/* ... and reaped by the worker */
#define NR_HUGE 0xffef		/* any number >= NR_MAX */
#define ERRNO_MAX 133		/* EHWPOISON: above it, kernel-internal */
#define __WALL_ 0x40000000

/* ---- random numbers (xorshift64*) ---------------------------------- */

struct rng {
	uint64_t s;
};

static uint64_t rnd(struct rng *r)
{
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return r->s * 2685821657736338717ull;
}

static uint64_t below(struct rng *r, uint64_t n)
{
	return n ? rnd(r) % n : 0;
}

static void rng_seed(struct rng *r, uint64_t a, uint64_t b, uint64_t c)
{
	r->s = (a * 0x9e3779b97f4a7c15ull) ^ (b << 32) ^ (c << 8) ^ 0x5eedull;
	if (!r->s)
		r->s = 1;
	for (int i = 0; i < 8; i++)
		rnd(r);
}

/* ---- the system calls and the kinds of their arguments ---------------- */

/*
 * Argument kinds: f descriptor, p pointer to a buffer, s path, n length,
 * i int/flags, a address (mmap and friends), d pid, g signal number,
 * t pointer to a short timespec, v iovec array, m mode, r a ptrace
 * request, u an offset in ptrace's struct user (the debug registers
 * mostly), c clone/unshare flags (new namespaces), e a perf_event_attr,
 * o a CPU number, x anything.
 */
struct sc {
	int nr;
	const char *name;
	const char *args;
};

static const struct sc calls[] = {
	{ 0, "read", "fpn" }, { 1, "write", "fpn" }, { 2, "open", "sim" },
	{ 3, "close", "f" }, { 4, "stat", "sp" }, { 5, "fstat", "fp" },
	{ 6, "lstat", "sp" }, { 7, "poll", "pnt" }, { 8, "lseek", "fni" },
	{ 9, "mmap", "aniifn" }, { 10, "mprotect", "ani" },
	{ 11, "munmap", "an" }, { 12, "brk", "a" },
	{ 13, "rt_sigaction", "gppn" }, { 14, "rt_sigprocmask", "ippn" },
	{ 15, "rt_sigreturn", "" }, { 16, "ioctl", "fip" },
	{ 17, "pread64", "fpnn" }, { 18, "pwrite64", "fpnn" },
	{ 19, "readv", "fvn" }, { 20, "writev", "fvn" },
	{ 73, "flock", "fi" }, { 161, "chroot", "s" },
	{ 436, "close_range", "iii" }, { 309, "getcpu", "ppp" },
	{ 171, "setdomainname", "pi" }, { 139, "sysfs", "ipp" }, { 295, "preadv", "fvnnn" }, { 296, "pwritev", "fvnnn" },
	{ 327, "preadv2", "fvnnni" }, { 328, "pwritev2", "fvnnni" },
	{ 21, "access", "si" }, { 22, "pipe", "p" }, { 23, "select", "nppp" },
	{ 271, "ppoll", "pntpn" }, { 270, "pselect6", "nppptp" },
	{ 40, "sendfile", "ffpn" }, { 221, "fadvise64", "fnni" },
	{ 275, "splice", "fpfpni" }, { 276, "tee", "ffni" },
	{ 278, "vmsplice", "fvni" }, { 326, "copy_file_range", "fpfpni" },
	{ 277, "sync_file_range", "fnni" }, { 187, "readahead", "fnn" },
	{ 136, "ustat", "ip" },
	{ 206, "io_setup", "ip" }, { 207, "io_destroy", "a" },
	{ 209, "io_submit", "aip" }, { 210, "io_cancel", "app" },
	{ 208, "io_getevents", "aiipt" }, { 333, "io_pgetevents", "aiiptp" },
	{ 425, "io_uring_setup", "ip" }, { 426, "io_uring_enter", "fiiipn" },
	{ 427, "io_uring_register", "fipi" },
	{ 283, "timerfd_create", "ii" }, { 286, "timerfd_settime", "fipp" },
	{ 287, "timerfd_gettime", "fp" }, { 282, "signalfd", "fpn" },
	{ 289, "signalfd4", "fpni" }, { 334, "rseq", "pnii" },
	{ 24, "sched_yield", "" }, { 25, "mremap", "annia" },
	{ 28, "madvise", "ani" }, { 32, "dup", "f" }, { 33, "dup2", "ff" },
	{ 26, "msync", "ani" }, { 27, "mincore", "anp" },
	{ 149, "mlock", "an" }, { 150, "munlock", "an" }, { 151, "mlockall", "i" },
	{ 152, "munlockall", "" }, { 325, "mlock2", "ani" },
	{ 34, "pause", "" }, { 35, "nanosleep", "tp" },
	{ 219, "restart_syscall", "" },
	{ 36, "getitimer", "ip" }, { 37, "alarm", "i" },
	{ 38, "setitimer", "ipp" }, { 39, "getpid", "" },
	{ 222, "timer_create", "ipp" }, { 223, "timer_settime", "iipp" },
	{ 224, "timer_gettime", "ip" }, { 225, "timer_getoverrun", "i" },
	{ 226, "timer_delete", "i" },
	{ 56, "clone", "cappi" }, { 57, "fork", "" }, { 58, "vfork", "" },
	{ 59, "execve", "spp" }, { 60, "exit", "i" }, { 61, "wait4", "dpip" },
	{ 62, "kill", "dg" }, { 63, "uname", "p" }, { 72, "fcntl", "fix" },
	{ 135, "personality", "x" },
	{ 170, "sethostname", "pi" },
	{ 74, "fsync", "f" }, { 75, "fdatasync", "f" },
	{ 76, "truncate", "sn" }, { 77, "ftruncate", "fn" },
	{ 285, "fallocate", "finn" },
	{ 78, "getdents", "fpn" }, { 79, "getcwd", "pn" },
	{ 80, "chdir", "s" }, { 81, "fchdir", "f" }, { 82, "rename", "ss" },
	{ 83, "mkdir", "sm" }, { 84, "rmdir", "s" }, { 85, "creat", "sm" },
	{ 86, "link", "ss" }, { 87, "unlink", "s" }, { 88, "symlink", "ss" },
	{ 89, "readlink", "spn" }, { 90, "chmod", "sm" },
	{ 95, "umask", "m" }, { 96, "gettimeofday", "pp" },
	{ 97, "getrlimit", "ip" }, { 98, "getrusage", "ip" },
	{ 99, "sysinfo", "p" }, { 100, "times", "p" },
	{ 164, "settimeofday", "pp" }, { 227, "clock_settime", "ip" },
	{ 159, "adjtimex", "p" }, { 305, "clock_adjtime", "ip" },
	{ 284, "eventfd", "i" }, { 290, "eventfd2", "ii" },
	{ 213, "epoll_create", "i" }, { 291, "epoll_create1", "i" },
	{ 233, "epoll_ctl", "fifp" }, { 232, "epoll_wait", "fpnt" },
	{ 281, "epoll_pwait", "fpntpn" }, { 441, "epoll_pwait2", "fpntpn" },
	{ 253, "inotify_init", "" }, { 294, "inotify_init1", "i" },
	{ 254, "inotify_add_watch", "fsi" }, { 255, "inotify_rm_watch", "fi" },
	{ 300, "fanotify_init", "ii" }, { 301, "fanotify_mark", "fiiis" },
	{ 319, "memfd_create", "si" }, { 323, "userfaultfd", "i" },
	{ 329, "pkey_mprotect", "anii" }, { 330, "pkey_alloc", "ii" },
	{ 331, "pkey_free", "i" },
	{ 133, "mknod", "smi" }, { 259, "mknodat", "fsmi" }, { 102, "getuid", "" },
	{ 103, "syslog", "ipn" }, { 104, "getgid", "" },
	{ 105, "setuid", "i" }, { 106, "setgid", "i" },
	{ 107, "geteuid", "" }, { 108, "getegid", "" },
	{ 109, "setpgid", "dd" }, { 110, "getppid", "" },
	{ 111, "getpgrp", "" }, { 112, "setsid", "" },
	{ 121, "getpgid", "d" }, { 124, "getsid", "d" },
	{ 127, "rt_sigpending", "pn" }, { 128, "rt_sigtimedwait", "pptn" },
	{ 129, "rt_sigqueueinfo", "dgp" }, { 297, "rt_tgsigqueueinfo", "ddgp" }, { 130, "rt_sigsuspend", "pn" },
	{ 131, "sigaltstack", "pp" }, { 137, "statfs", "sp" },
	{ 138, "fstatfs", "fp" }, { 165, "mount", "ssiip" },
	{ 166, "umount2", "si" }, { 140, "getpriority", "id" },
	{ 442, "mount_setattr", "fsipn" }, { 155, "pivot_root", "ss" },
	{ 141, "setpriority", "idi" }, { 142, "sched_setparam", "dp" },
	{ 143, "sched_getparam", "dp" }, { 144, "sched_setscheduler", "dip" },
	{ 145, "sched_getscheduler", "d" },
	{ 146, "sched_get_priority_max", "i" },
	{ 147, "sched_get_priority_min", "i" },
	{ 148, "sched_rr_get_interval", "dp" }, { 157, "prctl", "ipxxx" },
	{ 125, "capget", "pp" }, { 126, "capset", "pp" },
	{ 158, "arch_prctl", "ia" }, { 160, "setrlimit", "ip" },
	{ 172, "iopl", "i" }, { 173, "ioperm", "nni" },
	{ 162, "sync", "" }, { 169, "reboot", "iiip" },
	{ 175, "init_module", "sns" }, { 176, "delete_module", "si" },
	{ 186, "gettid", "" }, { 200, "tkill", "dg" }, { 201, "time", "p" },
	{ 202, "futex", "piitpi" }, { 203, "sched_setaffinity", "dnp" },
	{ 449, "futex_waitv", "pnitn" },
	{ 204, "sched_getaffinity", "dnp" }, { 217, "getdents64", "fpn" },
	{ 218, "set_tid_address", "p" }, { 228, "clock_gettime", "ip" },
	{ 229, "clock_getres", "ip" }, { 230, "clock_nanosleep", "iitp" },
	{ 231, "exit_group", "i" }, { 232, "epoll_wait", "fpit" },
	{ 101, "ptrace", "rdux" }, { 310, "process_vm_readv", "dvivii" },
	{ 311, "process_vm_writev", "dvivii" },
	{ 234, "tgkill", "ddg" }, { 247, "waitid", "idpip" }, { 257, "openat", "fsim" },
	{ 258, "mkdirat", "fsm" }, { 262, "newfstatat", "fspi" },
	{ 263, "unlinkat", "fsi" }, { 264, "renameat", "fsfs" },
	{ 265, "linkat", "fsfsi" }, { 266, "symlinkat", "sfs" },
	{ 280, "utimensat", "fspi" }, { 261, "futimesat", "fsp" },
	{ 235, "utimes", "sp" }, { 132, "utime", "sp" },
	{ 188, "setxattr", "sspni" }, { 189, "lsetxattr", "sspni" },
	{ 190, "fsetxattr", "fspni" }, { 191, "getxattr", "sspn" },
	{ 192, "lgetxattr", "sspn" }, { 193, "fgetxattr", "fspn" },
	{ 194, "listxattr", "spn" }, { 195, "llistxattr", "spn" },
	{ 196, "flistxattr", "fpn" }, { 197, "removexattr", "ss" },
	{ 198, "lremovexattr", "ss" }, { 199, "fremovexattr", "fs" },
	{ 313, "finit_module", "fsi" },
	{ 267, "readlinkat", "fspn" }, { 269, "faccessat", "fsi" },
	{ 273, "set_robust_list", "pn" }, { 292, "dup3", "ffi" },
	{ 274, "get_robust_list", "dpp" },
	{ 298, "perf_event_open", "edofi" }, { 321, "bpf", "ipn" },
	{ 434, "pidfd_open", "di" }, { 424, "pidfd_send_signal", "fgpi" },
	{ 438, "pidfd_getfd", "ffi" }, { 312, "kcmp", "ddinn" },
	{ 251, "ioprio_set", "idi" }, { 252, "ioprio_get", "id" },
	{ 324, "membarrier", "iii" }, { 163, "acct", "s" },
	{ 314, "sched_setattr", "dpi" }, { 315, "sched_getattr", "dpni" },
	{ 293, "pipe2", "pi" }, { 302, "prlimit64", "dipp" },
	{ 316, "renameat2", "fsfsi" }, { 318, "getrandom", "pni" },
	{ 322, "execveat", "fsppi" }, { 332, "statx", "fsiip" },
	{ 435, "clone3", "pn" }, { 439, "faccessat2", "fsii" },
	{ 437, "openat2", "fspn" },
	{ 303, "name_to_handle_at", "fsppi" }, { 304, "open_by_handle_at", "fpi" },
	{ 272, "unshare", "c" }, { 308, "setns", "fi" },
	{ 41, "socket", "iii" }, { 53, "socketpair", "iiip" },
	{ 49, "bind", "fpn" }, { 42, "connect", "fpn" }, { 50, "listen", "fi" },
	{ 43, "accept", "fpp" }, { 288, "accept4", "fppi" },
	{ 51, "getsockname", "fpp" }, { 52, "getpeername", "fpp" },
	{ 48, "shutdown", "fi" }, { 44, "sendto", "fpnipn" },
	{ 45, "recvfrom", "fpnipp" }, { 46, "sendmsg", "fpi" },
	{ 47, "recvmsg", "fpi" }, { 54, "setsockopt", "fiipn" },
	{ 55, "getsockopt", "fiipp" }, { 307, "sendmmsg", "fpni" },
	{ 299, "recvmmsg", "fpnit" },
	{ 29, "shmget", "ini" }, { 30, "shmat", "iai" }, { 67, "shmdt", "a" },
	{ 31, "shmctl", "iip" }, { 68, "msgget", "ii" }, { 69, "msgsnd", "ipni" },
	{ 70, "msgrcv", "ipnii" }, { 71, "msgctl", "iip" },
	{ 64, "semget", "iii" }, { 65, "semop", "ipi" }, { 220, "semtimedop", "ipit" },
	{ 66, "semctl", "iiix" },
	{ 248, "add_key", "pppni" }, { 249, "request_key", "pppi" },
	{ 250, "keyctl", "iipni" },
	{ 240, "mq_open", "simp" }, { 241, "mq_unlink", "s" },
	{ 242, "mq_timedsend", "fpnit" }, { 243, "mq_timedreceive", "fpnpt" },
	{ 244, "mq_notify", "fp" }, { 245, "mq_getsetattr", "fpp" },
	{ 216, "remap_file_pages", "anini" },
	{ 317, "seccomp", "iip" },
	{ 444, "landlock_create_ruleset", "pni" },
	{ 445, "landlock_add_rule", "fipi" }, { 446, "landlock_restrict_self", "fi" },
};
#define NCALLS (int)(sizeof(calls) / sizeof(calls[0]))

static const char *call_name(int nr)
{
	for (int i = 0; i < NCALLS; i++)
		if (calls[i].nr == nr)
			return calls[i].name;
	return NULL;
}

/* ---- options and the state a forked worker inherits ------------------- */

static struct {
	uint64_t seed;
	long ncalls, per_worker, seconds;
	int procs, threads, log, verbose;
	int make_it_fail;	/* -F */
	unsigned char skip[NR_MAX], only[NR_MAX];
	int any_only;
} opt = { .ncalls = 10000, .per_worker = 400, .seconds = 50, .procs = 4,
	  .threads = 4 };

static char scratch_root[64];	/* /tmp/fuzz.PID */
static char scratch[96];	/* /tmp/fuzz.PID/a/b/w: the workers' cwd */
static char mnt_point[96];	/* /tmp/fuzz.PID/m: mount(2)'s one target */
static pid_t supervisor;

/* ---- worker: pools ---------------------------------------------------- */

struct pools {
	int fds[24], nfds;
	int scratch_fd;		/* the scratch directory, for fchdir */
	char *buf;		/* BUF_SIZE bytes, read-write, random contents */
	char *ro;		/* a read-only page */
	char *straddle;		/* 16 bytes before an unmapped page */
	char *names;		/* a page of names before an unmapped one:
				   path arguments point here, never into buf
				   (see gen_path_ptr()) */
	char *freed;		/* an munmap()ed region */
	char *abs_path;		/* scratch/fz1, absolute */
	char *long_name, *long_path;
	char *ko;		/* KO_SIZE bytes: an ELF64 relocatable's header,
				   then random bytes (init_module's image) */
	int uring_fd;		/* an io_uring of URING_ENTRIES, mapped: */
	uint8_t *uring_rings;	/* its SQ and CQ rings */
	uint8_t *uring_sqes;	/* its SQEs (64 bytes each) */
	uint32_t uring_tail, uring_array;	/* SQ tail, array offsets */
	uint32_t uring_cq_head, uring_cq_tail;	/* CQ head, tail offsets */
	int uring_files[4];	/* what IORING_REGISTER_FILES gets */
};

static struct pools P;
static pid_t worker_pid;
static int worker_slot;
static uint64_t worker_gen;
static long budget;
static long issued;		/* atomic: calls started by all threads */
static pid_t thread_tids[MAX_THREADS];

/* Paths any call may get: system paths are on the read-only root, or in
 * /dev, which the run keeps read-only (protect_dev()). */
static const char *const any_paths[] = {
	"/", "/bin", "/bin/sh", "/etc/motd", "/dev/null", "/dev/zero",
	"/proc", "/proc/self/status", "/proc/self/maps", "/proc/meminfo",
	"/nonexistent", "/nonexistent/x", "/etc/motd/x", "/dev", "/bin/",
	"fz0", "fz1", "fz2", "d0", "d0/fz0", "d0/d1", "lnk0", ".", "..", "",
	"d0/../fz0", "//bin//sh", "fz0/", "d0/d1/d2/d3",
};
/* Paths for calls that open, create or run: nothing up or into /tmp. */
static const char *const safe_paths[] = {
	"/", "/etc/motd", "/dev/null", "/dev/zero", "/proc",
	"/proc/self/status", "/nonexistent", "/nonexistent/x", "/etc/motd/x",
	"fz0", "fz1", "fz2", "d0", "d0/fz0", "d0/d1", "lnk0", ".", "",
	"fz0/", "d0/d1/d2/d3",
};
/* Symlink targets and chdir: nothing that leads out of the scratch. */
static const char *const link_paths[] = {
	"/etc/motd", "/nonexistent", "fz0", "d0/fz0", "d0", "", "lnk0",
	"/dev/null",
};
#define NELEM(a) (int)(sizeof(a) / sizeof((a)[0]))
/* mount(2)'s types: new instances only (see filter()), and bad ones. */
static const char *const mount_types[] = {
	"tmpfs", "ramfs", "tmpfs", "nosuchfs", "", NULL, (const char *)1,
};

/* Attribute names: every namespace, bare prefixes, unknown ones. */
static const char *const xattr_names[] = {
	"user.a", "user.b", "user.", "trusted.t", "security.s", "system.x",
	"nonsense.n", "", "user.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
};

static const char *const module_names[] = {
	"current_affairs", "thrd_showall", "prcs_showall", "nosuchmodule", "",
};
/* Module parameter strings: quotes, no value, no name. */
static const char *const module_params[] = {
	"", "x=1", "x", "=", "\"", "a=\"b c\" d", "mp_int=abc", "--", " \t ",
};
#define KO_SIZE 4096

static void *map(size_t len, int prot)
{
	void *p = mmap(NULL, len, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

/*
 * The names page: runs of bytes that are neither '/' nor '.', between
 * NULs, so that no name there leads up or anywhere absolute; its last 16
 * bytes have no NUL and run into the unmapped page after it (EFAULT).
 */
static char *names_init(struct rng *r)
{
	char *two = map(2 * PAGE, PROT_READ | PROT_WRITE);

	if (!two)
		return NULL;
	munmap(two + PAGE, PAGE);
	for (size_t i = 0; i < PAGE; i++) {
		char c = (char)rnd(r);

		if (i < PAGE - 16 && !below(r, 12))
			c = 0;
		else if (c == '/' || c == '.' || c == 0)
			c = 'x';
		two[i] = c;
	}
	return two;
}

static void pool_fd(int fd)
{
	if (fd >= 0 && P.nfds < NELEM(P.fds))
		P.fds[P.nfds++] = fd;
}

/* bpf(2)'s pool (see shape_bpf_call()): two maps and a socket pair. */
struct fz_insn {
	uint8_t code, regs;	/* dst in the low nibble, src in the high */
	int16_t off;
	int32_t imm;
};
#define FZ_INSNS 48
static int bpf_map_fds[2] = { -1, -1 };	/* array (4, 8, 4), hash (8, 16, 8) */
static int bpf_sock[2] = { -1, -1 };	/* programs run on [1]'s datagrams */

static long fz_bpf(int cmd, void *attr)
{
	return syscall(321, cmd, attr, 144);
}

static void pool_bpf(void)
{
	uint32_t array[36] = { 2, 4, 8, 4 }, hash[36] = { 1, 8, 16, 8 };

	bpf_map_fds[0] = (int)fz_bpf(0, array);
	bpf_map_fds[1] = (int)fz_bpf(0, hash);
	pool_fd(bpf_map_fds[0]);
	pool_fd(bpf_map_fds[1]);
	if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0, bpf_sock))
		bpf_sock[0] = bpf_sock[1] = -1;
}

/* Landlock's attributes, in the worker's own memory: filter() points
 * landlock_create_ruleset(2) and landlock_add_rule(2) here half the
 * time, with random rights (ABI 2's and one past them). */
static uint64_t ll_ruleset_attr[2];
static struct {
	uint64_t allowed_access;
	int32_t parent_fd;
} __attribute__((packed)) ll_rule;
static int ll_ruleset_fd = -1;	/* the pool's ruleset */

/* A Landlock ruleset handling ABI 2's rights (all, or a random part),
 * with one rule beneath the scratch directory. */
static void pool_landlock_fd(struct rng *r)
{
	uint64_t handled = below(r, 2) ? 0x3fff : (rnd(r) & 0x3fff) | 1;
	int fd = (int)syscall(444, &handled, sizeof(handled), 0);

	ll_rule.allowed_access = handled;
	ll_rule.parent_fd = P.scratch_fd;
	if (fd >= 0 && syscall(445, fd, 1, &ll_rule, 0) < 0)
		perror("fuzz: landlock_add_rule");
	pool_fd(fd);
	ll_ruleset_fd = fd;
}

/* IP sockets over lo, all non-blocking: a TCP listener, a connection
 * to it (both ends), a bound UDP socket and an IPv6 one. */
static void pool_inet_fds(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(a);
	int l = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0), c;

	if (l >= 0 && bind(l, (struct sockaddr *)&a, len) == 0 &&
	    listen(l, 4) == 0 && getsockname(l, (struct sockaddr *)&a, &len) == 0) {
		c = socket(AF_INET, SOCK_STREAM, 0);
		if (c >= 0 && connect(c, (struct sockaddr *)&a, len) == 0) {
			fcntl(c, F_SETFL, O_NONBLOCK);
			pool_fd(c);
			pool_fd(accept4(l, NULL, NULL, SOCK_NONBLOCK));
		}
	}
	pool_fd(l);
	c = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	a.sin_port = 0;
	if (c >= 0)
		bind(c, (struct sockaddr *)&a, sizeof(a));
	pool_fd(c);
	pool_fd(socket(AF_INET6, SOCK_DGRAM | SOCK_NONBLOCK, 0));
}

#define URING_ENTRIES 8

/* An io_uring whose rings io_uring_enter's fuzzing fills (uring_fill()):
 * the raw params (Linux's struct io_uring_params) give the offsets. */
static void pool_uring(void)
{
	uint32_t p[30] = { 0 };		/* 120 bytes */
	void *rings, *sqes;
	int fd = (int)syscall(425, URING_ENTRIES, p);

	P.uring_fd = -1;
	if (fd < 0)
		return;
	/* sq_off.array is word 16, cq_off.cqes + cq_entries * 16 below it */
	rings = mmap(NULL, p[16] + URING_ENTRIES * 4, PROT_READ | PROT_WRITE,
		     MAP_SHARED, fd, 0);
	sqes = mmap(NULL, URING_ENTRIES * 64, PROT_READ | PROT_WRITE,
		    MAP_SHARED, fd, 0x10000000);
	if (rings == MAP_FAILED || sqes == MAP_FAILED)
		return;
	P.uring_fd = fd;
	P.uring_rings = rings;
	P.uring_sqes = sqes;
	P.uring_tail = p[11];		/* sq_off.tail */
	P.uring_array = p[16];
	P.uring_cq_head = p[20];	/* cq_off.head, tail */
	P.uring_cq_tail = p[21];
	pool_fd(fd);
	for (int i = 0; i < 4; i++)
		P.uring_files[i] = P.nfds > i ? P.fds[i] : -1;
}

#define SOL_PACKET_ 263
#define ETH_P_ALL_BE 0x0300	/* htons(ETH_P_ALL) */

#define PACKET_FANOUT_ 18
#define FANOUT_GROUP (1 | (0x1000 | 0) << 16)	/* id 1, HASH with rollover */

/* A packet socket of version @v with an RX ring of @nb one-page blocks,
 * mapped (the mapping stays for the worker's life), or without a ring;
 * in fanout group FANOUT_GROUP if @fanout. */
static void pool_packet_ring(int type, int v, unsigned int nb, int fanout)
{
	unsigned int req[7] = { (unsigned int)PAGE, nb, 2048, 2 * nb, 10, 0, 0 };
	int fd = socket(AF_PACKET, type | SOCK_NONBLOCK, ETH_P_ALL_BE);
	int group = FANOUT_GROUP;

	if (fd < 0)
		return;
	if (nb && setsockopt(fd, SOL_PACKET_, 10, &v, sizeof(v)) == 0 &&
	    setsockopt(fd, SOL_PACKET_, 5, req, v == 2 ? 28 : 16) == 0)
		mmap(NULL, nb * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (fanout)
		setsockopt(fd, SOL_PACKET_, PACKET_FANOUT_, &group, sizeof(group));
	pool_fd(fd);
}

/* Packet sockets on lo (root only): raw and datagram without a ring, and
 * raw ones with a TPACKET_V2 and a TPACKET_V3 ring; the datagram one and
 * the V2 one share their frames in a fanout group (of the worker's
 * network namespace: each worker's own group if it has one). */
static void pool_packet_fds(void)
{
	pool_packet_ring(SOCK_RAW, 0, 0, 0);
	pool_packet_ring(SOCK_DGRAM, 0, 0, 1);
	pool_packet_ring(SOCK_RAW, 1, 2, 1);
	pool_packet_ring(SOCK_RAW, 2, 2, 0);
}

static void pools_init(struct rng *r)
{
	int p[2];
	char *two;

	P.buf = map(BUF_SIZE, PROT_READ | PROT_WRITE);
	for (size_t i = 0; P.buf && i < BUF_SIZE / 8; i++)
		((uint64_t *)P.buf)[i] = rnd(r);
	P.ro = map(PAGE, PROT_READ);
	two = map(2 * PAGE, PROT_READ | PROT_WRITE);
	if (two) {
		munmap(two + PAGE, PAGE);
		P.straddle = two + PAGE - 16;
	}
	P.freed = map(4 * PAGE, PROT_READ | PROT_WRITE);
	munmap(P.freed, 4 * PAGE);
	P.names = names_init(r);
	P.long_name = malloc(300);
	P.long_path = malloc(5000);
	memset(P.long_name, 'n', 299);
	P.long_name[299] = 0;
	for (int i = 0; i < 4999; i++)
		P.long_path[i] = i % 2 ? '/' : 'd';
	P.long_path[4999] = 0;
	P.ko = malloc(KO_SIZE);
	for (int i = 0; P.ko && i < KO_SIZE; i++)
		P.ko[i] = (char)rnd(r);
	if (P.ko) {
		/* ELF64, little-endian, ET_REL, EM_X86_64, 64-byte section
		 * headers at a random offset: the loader's checks get past the
		 * first lines and must refuse what follows. */
		memcpy(P.ko, "\177ELF\2\1\1", 7);
		P.ko[16] = 1, P.ko[17] = 0, P.ko[18] = 62, P.ko[19] = 0;
		memset(P.ko + 40, 0, 8);
		P.ko[40] = 64;				/* e_shoff */
		P.ko[58] = 64, P.ko[59] = 0;		/* e_shentsize */
		P.ko[60] = (char)(1 + below(r, 60)), P.ko[61] = 0;
		P.ko[62] = (char)below(r, (uint64_t)P.ko[60]), P.ko[63] = 0;
	}
	P.abs_path = malloc(128);
	snprintf(P.abs_path, 128, "%s/fz1", scratch);
	P.scratch_fd = open(".", O_RDONLY | O_DIRECTORY);
	pool_fd(P.scratch_fd);
	pool_fd(open("fz0", O_RDWR | O_CREAT, 0644));
	pool_fd(open("d0/fz0", O_RDWR | O_CREAT, 0600));
	pool_fd(open("/dev/null", O_RDWR));
	pool_fd(open("/dev/zero", O_RDONLY));
	pool_fd(open("/etc/motd", O_RDONLY));
	pool_fd(open("/bin", O_RDONLY | O_DIRECTORY));
	pool_fd(open("/proc/self/status", O_RDONLY));
	if (pipe(p) == 0) {
		pool_fd(p[0]);
		pool_fd(p[1]);
	}
	if (pipe2(p, O_NONBLOCK) == 0) {
		pool_fd(p[0]);
		pool_fd(p[1]);
	}
	for (int t = SOCK_STREAM; t <= SOCK_DGRAM; t++)	/* 1, 2: both kinds */
		if (socketpair(AF_UNIX, t | SOCK_NONBLOCK, 0, p) == 0) {
			pool_fd(p[0]);
			pool_fd(p[1]);
		}
	if (mkfifo("ff0", 0600) == 0)
		pool_fd(open("ff0", O_RDWR));	/* a FIFO: O_RDWR never waits */
	pool_inet_fds();
	pool_landlock_fd(r);
	pool_uring();
	pool_packet_fds();
	pool_bpf();
}

/* ---- worker: arguments ---------------------------------------------- */

static const uint64_t kernel_addrs[] = {
	0xffffffff80000000ull, 0xffffffff80100000ull, 0xffff800000000000ull,
	0xffff888000000000ull, 0xfffffffffffff000ull, 0xffffffffffffffffull,
	0xffffc90000000000ull, 0xffffffffff600000ull,
};
static const uint64_t odd_addrs[] = {
	0, 1, 0x1000, 0xfff, 0x400000, 0x400001, 0x10000000,
	0x00007ffffffff000ull, 0x00007fffffffeff8ull, 0x00007fffffffffffull,
	0x0000800000000000ull, 0x8000000000000000ull, 0x00007f0000000000ull,
	0xdeadbeef, 0x1000000000ull,
};

static uint64_t pick(struct rng *r, const uint64_t *a, int n)
{
	return a[below(r, n)];
}

static uint64_t gen_int(struct rng *r)
{
	static const uint64_t v[] = {
		0, 1, 2, 3, 4, 7, 8, 16, 64, 127, 128, 255, 256, 4095, 4096,
		4097, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ull,
		0x7fffffffffffffffull, 0x8000000000000000ull, ~0ull, ~1ull,
		(uint64_t)-4095, (uint64_t)-4096, (uint64_t)-100,
	};

	switch (below(r, 5)) {
	case 0: return pick(r, v, NELEM(v));
	case 1: return below(r, 64);
	case 2: return 1ull << below(r, 64);
	case 3: return rnd(r) & 0xffffffff;
	default: return rnd(r);
	}
}

/* clone's and unshare's flags: a quarter of the time new namespaces a
 * worker may enter and die in (IPC, UTS, net, cgroup; IPC with
 * CLONE_SYSVSEM too, clone's EINVAL), else any int. */
static uint64_t gen_clone_flags(struct rng *r)
{
	static const uint64_t v[] = {
		CLONE_NEWIPC, CLONE_NEWIPC | CLONE_SYSVSEM, CLONE_NEWUTS,
		CLONE_NEWIPC | CLONE_NEWUTS, CLONE_NEWIPC | CLONE_NEWNET,
		CLONE_NEWCGROUP,
	};

	return below(r, 4) ? gen_int(r) : pick(r, v, NELEM(v));
}

static uint64_t gen_len(struct rng *r)
{
	static const uint64_t v[] = {
		0, 1, 2, 7, 8, 16, 64, 511, 512, 4095, 4096, 4097, 8192,
		BUF_SIZE, BUF_SIZE + 1, 0x7ffff000, 0x7fffffff, 0x80000000,
		0xffffffff, 1ull << 40, 1ull << 62, ~0ull, ~0ull >> 1,
	};

	switch (below(r, 4)) {
	case 0: return pick(r, v, NELEM(v));
	case 1: return below(r, 4097);
	case 2: return below(r, BUF_SIZE);
	default: return gen_int(r);
	}
}

/* A pointer: valid, misaligned, read-only, straddling, freed, kernel... */
static uint64_t gen_ptr(struct rng *r)
{
	switch (below(r, 14)) {
	case 0: return 0;
	case 1: case 2: return (uint64_t)P.buf + below(r, BUF_SIZE - 512);
	case 3: return (uint64_t)P.buf + below(r, BUF_SIZE / 8) * 8;
	case 4: return (uint64_t)P.buf + BUF_SIZE - below(r, 64) - 1;
	case 5: return (uint64_t)P.straddle + below(r, 16);
	case 6: return (uint64_t)P.freed + below(r, 4 * PAGE);
	case 7: return (uint64_t)P.ro + below(r, PAGE);
	case 8: case 9: return pick(r, kernel_addrs, NELEM(kernel_addrs)) +
			       below(r, 3) * below(r, 4096);
	case 10: return pick(r, odd_addrs, NELEM(odd_addrs));
	case 11: return rnd(r) & 0x00007fffffffffffull;
	case 12: return (uint64_t)P.buf;
	default: return rnd(r);
	}
}

/* A pointer that cannot name a program: execve's path. */
static uint64_t gen_exec_path(struct rng *r)
{
	switch (below(r, 6)) {
	case 0: return 0;
	case 1: return (uint64_t)P.straddle + below(r, 16);
	case 2: return pick(r, kernel_addrs, NELEM(kernel_addrs));
	case 3: return (uint64_t)P.freed;
	default: return (uint64_t)safe_paths[below(r, NELEM(safe_paths))];
	}
}

/*
 * A path pointer other than a pool's string: into the names page (random
 * names, or the last 16 bytes, which run into the unmapped page), or one of
 * gen_ptr()'s bad ones. Never into buf: the kernel writes there (getcwd,
 * readlink, /proc reads), and a path such as "/tmp" found there would lead
 * a chdir or a creat out of the scratch.
 */
static uint64_t gen_path_ptr(struct rng *r)
{
	if (!P.names)
		return 0;
	switch (below(r, 8)) {
	case 0: return (uint64_t)P.names + PAGE - 1 - below(r, 16);
	case 1: return (uint64_t)P.freed + below(r, 4 * PAGE);
	case 2: return pick(r, kernel_addrs, NELEM(kernel_addrs));
	case 3: return 0;
	default: return (uint64_t)P.names + below(r, PAGE - 16);
	}
}

static uint64_t gen_path(struct rng *r, const char *const *pool, int n)
{
	switch (below(r, 12)) {
	case 0: return (uint64_t)P.long_name;
	case 1: return (uint64_t)P.long_path;
	case 2: return (uint64_t)P.abs_path;
	case 3: case 4: return gen_path_ptr(r);
	default: return (uint64_t)pool[below(r, n)];
	}
}

static uint64_t gen_fd(struct rng *r)
{
	switch (below(r, 8)) {
	case 0: return (uint64_t)(long)-1;
	case 1: return (uint64_t)(long)-100;	/* AT_FDCWD */
	case 2: return below(r, 64);
	case 3: return gen_int(r);
	default: return P.nfds ? (uint64_t)P.fds[below(r, P.nfds)] : 3;
	}
}

static __thread pid_t my_children[8];
static __thread int nchildren;

static uint64_t gen_pid(struct rng *r)
{
	static const uint64_t v[] = {
		0, 1, (uint64_t)-1, 99999, 32767, 32768, 0x7fffffff,
		0x80000000, (uint64_t)-99999, 4194304,
	};

	switch (below(r, 6)) {
	case 0: return (uint64_t)worker_pid;
	case 1: return (uint64_t)thread_tids[below(r, opt.threads)];
	case 2: return nchildren ? (uint64_t)my_children[below(r, nchildren)]
				 : (uint64_t)worker_pid;
	case 3: return (uint64_t)-worker_pid;
	case 4: return (uint64_t)supervisor;
	default: return pick(r, v, NELEM(v));
	}
}

/* perf_event_open's attr: mostly a software counter with Linux's sizes
 * and random flags, read_format and period; sometimes any type, a size
 * past ours with a non-zero tail, or a bad pointer. */
static uint64_t gen_perf_attr(struct rng *r)
{
	static __thread uint64_t a[40];
	static const uint64_t sizes[] = { 0, 32, 64, 72, 80, 96, 104, 112, 120,
					  128, 136, 256, 4096, 4097 };

	if (!below(r, 8))
		return gen_ptr(r);
	memset(a, 0, sizeof(a));
	a[0] = (below(r, 4) ? 1 : below(r, 2) ? below(r, 8) : gen_int(r)) |
	       pick(r, sizes, NELEM(sizes)) << 32;
	a[1] = below(r, 4) ? below(r, 13) : gen_int(r);		/* config */
	a[2] = below(r, 2) ? 0 : gen_int(r);			/* sample_period */
	a[3] = below(r, 2) ? 0 : gen_int(r);			/* sample_type */
	a[4] = below(r, 4) ? below(r, 32) : gen_int(r);		/* read_format */
	a[5] = below(r, 4) ? rnd(r) & ((1ull << 38) - 1) : gen_int(r);	/* flags */
	if (!below(r, 4))
		a[6 + below(r, 34)] = gen_int(r);	/* the rest, or a tail */
	return (uint64_t)a;
}

/* A CPU number: -1 (any) or a real one mostly. */
static uint64_t gen_cpu(struct rng *r)
{
	return below(r, 4) ? (uint64_t)below(r, 3) - 1 : gen_int(r);
}

static uint64_t gen_sig(struct rng *r)
{
	static const uint64_t v[] = { 0, SIGKILL, SIGSTOP, SIGCONT, SIGSEGV,
		SIGCHLD, SIGALRM, SIGUSR1, 64, 65, (uint64_t)-1, 0x80000000 };

	return below(r, 2) ? below(r, 66) : pick(r, v, NELEM(v));
}

/* ptrace requests: PEEKUSER, POKEUSER, CONT, SINGLESTEP, SYSCALL,
 * SYSEMU, SYSEMU_SINGLESTEP, GETREGS, SETREGS, INTERRUPT, LISTEN. */
static uint64_t gen_ptrace_req(struct rng *r)
{
	static const uint64_t v[] = { 3, 6, 7, 9, 24, 31, 32, 12, 13,
		0x4207, 0x4208 };

	return below(r, 2) ? pick(r, v, NELEM(v)) : gen_int(r);
}

/* struct user: u_debugreg[0..7] at 848 (DR7 last), registers below. */
static uint64_t gen_user_off(struct rng *r)
{
	switch (below(r, 4)) {
	case 0: case 1: return 848 + 8 * below(r, 8);
	case 2: return below(r, 912 / 8 + 2) * 8;
	default: return gen_int(r);
	}
}

static __thread struct timespec short_ts[2];
static __thread struct iovec iov[8];

static uint64_t gen_ts(struct rng *r)
{
	if (below(r, 3))
		return gen_ptr(r);
	short_ts[0].tv_sec = 0;
	short_ts[0].tv_nsec = (long)below(r, 20) * 1000000;
	if (!below(r, 8))
		short_ts[0].tv_nsec = (long)gen_int(r);	/* EINVAL */
	return (uint64_t)&short_ts[0];
}

static uint64_t gen_iov(struct rng *r)
{
	if (!below(r, 4))
		return gen_ptr(r);
	for (int i = 0; i < NELEM(iov); i++) {
		iov[i].iov_base = (void *)gen_ptr(r);
		iov[i].iov_len = below(r, 2) ? below(r, 512) : gen_len(r);
	}
	return (uint64_t)iov;
}

static uint64_t gen_addr(struct rng *r)
{
	switch (below(r, 5)) {
	case 0: return 0;
	case 1: return (uint64_t)P.freed;
	case 2: return gen_ptr(r) & ~(PAGE - 1);
	case 3: return 0x10000000ull + below(r, 4096) * PAGE;
	default: return gen_ptr(r);
	}
}

/* Paths: which pool a call's path arguments come from. */
static uint64_t gen_path_for(struct rng *r, int nr, int argi)
{
	switch (nr) {
	case 59: case 322:			/* execve, execveat */
		return gen_exec_path(r);
	case 80:				/* chdir */
		return gen_path(r, link_paths, NELEM(link_paths));
	case 88:				/* symlink(target, name) */
		if (argi == 0)
			return gen_path(r, link_paths, NELEM(link_paths));
		break;
	case 266:				/* symlinkat(target, fd, name) */
		if (argi == 0)
			return gen_path(r, link_paths, NELEM(link_paths));
		break;
	case 2: case 85: case 257: case 437:	/* open, creat, openat, */
		return gen_path(r, safe_paths, NELEM(safe_paths));	/* openat2 */
	case 175:				/* init_module(image, len, params) */
		if (argi == 0 && below(r, 4)) {
			P.ko[64 + below(r, KO_SIZE - 64)] ^= (char)(1 << below(r, 8));
			return (uint64_t)P.ko;
		}
		if (argi == 0)
			return gen_ptr(r);
		return (uint64_t)module_params[below(r, NELEM(module_params))];
	case 313:				/* finit_module(fd, params, flags) */
		return (uint64_t)module_params[below(r, NELEM(module_params))];
	case 176:				/* delete_module */
		return (uint64_t)module_names[below(r, NELEM(module_names))];
	case 188: case 189: case 190: case 191: case 192: case 193:
	case 197: case 198: case 199:		/* the xattr calls' names */
		if (argi == 1)
			return (uint64_t)xattr_names[below(r, NELEM(xattr_names))];
		break;
	}
	return gen_path(r, any_paths, NELEM(any_paths));
}

static uint64_t gen_arg(struct rng *r, char kind, int nr, int argi)
{
	if (kind != 's' && !below(r, 10))
		kind = 'x';		/* now and then, anything at all */
	switch (kind) {
	case 'f': return gen_fd(r);
	case 'p': return gen_ptr(r);
	case 's': return gen_path_for(r, nr, argi);
	case 'n': return gen_len(r);
	case 'i': return gen_int(r);
	case 'c': return gen_clone_flags(r);
	case 'm': return below(r, 2) ? below(r, 010000) : gen_int(r);
	case 'a': return gen_addr(r);
	case 'd': return gen_pid(r);
	case 'g': return gen_sig(r);
	case 't': return gen_ts(r);
	case 'v': return gen_iov(r);
	case 'r': return gen_ptrace_req(r);
	case 'u': return gen_user_off(r);
	case 'e': return gen_perf_attr(r);
	case 'o': return gen_cpu(r);
	default:
		return below(r, 2) ? gen_int(r) : gen_ptr(r);
	}
}

/* A system-call number: mostly from the table, sometimes anything. */
static int pick_call(struct rng *r, uint64_t *nr)
{
	for (int tries = 0; tries < 64; tries++) {
		int i = (int)below(r, NCALLS);

		switch (below(r, 16)) {
		case 0: *nr = below(r, 512); break;
		case 1: *nr = below(r, 2) ? gen_int(r) : 0x40000000 + below(r, 512);
			break;
		default: *nr = (uint64_t)calls[i].nr; break;
		}
		if (*nr < NR_MAX && opt.skip[*nr])
			continue;
		if (opt.any_only && (*nr >= NR_MAX || !opt.only[*nr]))
			continue;
		return *nr < NR_MAX ? (int)*nr : -1;
	}
	*nr = 39;				/* getpid: harmless */
	return 39;
}

/* ---- worker: seccomp's programs ------------------------------------ */

#define MAX_FILTERS 8		/* a worker's filters: every call runs them */
#define SC_ALLOW 0x7fff0000u
#define SC_ERRNO 0x00050000u
#define SC_LOG 0x7ffc0000u
#define SC_UNUSED_NR 1023	/* no system call has it */

struct sc_insn { uint16_t code; uint8_t jt, jf; uint32_t k; };
struct sc_prog { unsigned short len; const struct sc_insn *insns; };

/* Each installs nothing a worker would notice: they allow every call
 * but SC_UNUSED_NR (ERRNO or LOG), or the kernel must refuse them. */
static const struct sc_insn sc_allow[] = { { 0x06, 0, 0, SC_ALLOW } };
static const struct sc_insn sc_errno_unused[] = {
	{ 0x20, 0, 0, 0 },				/* A = nr */
	{ 0x15, 0, 1, SC_UNUSED_NR },			/* A == 1023? */
	{ 0x06, 0, 0, SC_ERRNO | 1 },
	{ 0x02, 0, 0, 5 }, { 0x61, 0, 0, 5 },		/* M[5] = A; X = M[5] */
	{ 0x20, 0, 0, 16 }, { 0x54, 0, 0, 0xff },	/* A = arg0 & 0xff */
	{ 0x06, 0, 0, SC_ALLOW },
};
static const struct sc_insn sc_log_unused[] = {
	{ 0x20, 0, 0, 0 }, { 0x15, 0, 1, SC_UNUSED_NR },
	{ 0x06, 0, 0, SC_LOG }, { 0x06, 0, 0, SC_ALLOW },
};
static const struct sc_insn sc_bad_jump[] = {	/* jumps past the end */
	{ 0x15, 9, 0, 0 }, { 0x06, 0, 0, 0 },
};
static const struct sc_insn sc_bad_load[] = {	/* past seccomp_data */
	{ 0x20, 0, 0, 64 }, { 0x06, 0, 0, 0 },
};
static const struct sc_insn sc_unset_mem[] = {	/* M[3] never written */
	{ 0x60, 0, 0, 3 }, { 0x06, 0, 0, 0 },
};
static const struct sc_insn sc_no_ret[] = { { 0x20, 0, 0, 0 } };
static const struct sc_prog seccomp_progs[] = {
	{ 1, sc_allow }, { NELEM(sc_errno_unused), sc_errno_unused },
	{ NELEM(sc_log_unused), sc_log_unused }, { 2, sc_bad_jump },
	{ 2, sc_bad_load }, { 2, sc_unset_mem }, { 1, sc_no_ret },
	{ 0, sc_allow }, { 4097, sc_allow }, { 1, NULL },
	{ 1, (const struct sc_insn *)8 },
};
static int filters_made;	/* by this worker (threads share it) */

/* The program argument of a filter install: one of seccomp_progs[], or
 * a bad pointer once this worker has its MAX_FILTERS. */
static uint64_t tame_seccomp_prog(uint64_t a)
{
	const struct sc_prog *p = &seccomp_progs[a % NELEM(seccomp_progs)];

	if (__atomic_add_fetch(&filters_made, 1, __ATOMIC_RELAXED) > MAX_FILTERS)
		return a & 1 ? 0 : 8;
	return (uint64_t)p;
}

/* ---- worker: the filter --------------------------------------------- */

/* May this worker send signals to / change pid? */
static int pid_ok(long pid)
{
	if (pid == worker_pid || pid == 0)
		return pid != 0 || getpgrp() == worker_pid;
	if (pid == -worker_pid)
		return getpgrp() == worker_pid;
	for (int i = 0; i < opt.threads; i++)
		if (pid == thread_tids[i])
			return 1;
	for (int i = 0; i < nchildren; i++)
		if (pid == my_children[i])
			return 1;
	return pid >= 50000 || pid <= -50000;	/* no such task */
}

/* Is @pid one of this worker's threads (its memory is ours)? */
static int is_thread(long pid)
{
	for (int i = 0; i < opt.threads; i++)
		if (pid == thread_tids[i])
			return 1;
	return 0;
}

/* Is @fd a pidfd? pidfd_open only makes them for tasks pid_ok() allows,
 * so a signal through one stays in the run (a /proc/<pid> directory
 * would not). */
static int is_pidfd(int fd)
{
	char link[32], target[32] = { 0 };

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	return readlink(link, target, sizeof(target) - 1) > 0 &&
	       strcmp(target, "anon_inode:[pidfd]") == 0;
}

/* A descriptor that cannot be a stray directory: bad, or the scratch. */
static int fd_outside(int fd)
{
	return fd < 0 || fd >= 256 || fd == P.scratch_fd;
}

/*
 * The directory descriptor of an *at() call that creates, removes or runs:
 * only the scratch, AT_FDCWD or a bad one, so nothing happens outside the
 * scratch (a descriptor could be a directory opened through "..").
 */
static void tame_dirfd(uint64_t *a)
{
	if (!fd_outside((int)*a))
		*a = (*a & 1) ? (uint64_t)-100 : (uint64_t)P.scratch_fd;
}

/*
 * The calls that would end the run by design or reach outside it (see the
 * file comment). Returns 1 to skip the call; may tame an argument instead.
 */
static int filter(uint64_t nr, uint64_t a[6])
{
	/* The kernel reads descriptors and pids as 32-bit ints. */
	for (int i = 0; i < 6; i++)
		if ((uint32_t)a[i] == REPORT_FD || (uint32_t)a[i] == LOG_FD)
			a[i] = (uint64_t)-1;
	switch (nr) {
	case 60: case 231: case 169:		/* exit, exit_group, reboot, */
	case 153:				/* vhangup (the shell's SIGHUP) */
		return 1;
	case 62: case 200: case 302: case 203:	/* kill, tkill, prlimit64, */
	case 129:				/* sched_setaffinity, */
		return !pid_ok((int)a[0]);	/* rt_sigqueueinfo */
	case 72:				/* fcntl: F_SETOWN_EX, and */
		return (int)a[1] == 15 ||	/* F_SETOWN of others */
		       ((int)a[1] == 8 && !pid_ok((int)a[2]));
	case 141:				/* setpriority: one task */
		return (int)a[0] != 0 || (int)a[1] < 0 || !pid_ok((int)a[1]);
	case 142: case 144: case 314:		/* sched_setparam, */
		return !pid_ok((int)a[0]);	/* sched_setscheduler, */
						/* sched_setattr */
	case 170: case 171:			/* sethostname, setdomainname: */
						/* errors only */
		return (int)a[1] >= 0 && (int)a[1] <= 64;
	case 101:				/* ptrace: our children, */
		return (int)a[0] == 0 || !pid_ok((int)a[1]);	/* no TRACEME */
	case 310:				/* process_vm_readv */
		return !pid_ok((int)a[0]);
	case 311:				/* process_vm_writev: */
		return !pid_ok((int)a[0]) || (int)a[0] == worker_pid ||
		       (int)a[0] == 0 || is_thread((int)a[0]);	/* children */
	case 234: case 297:			/* tgkill, rt_tgsigqueueinfo */
		return !pid_ok((int)a[0]) || !pid_ok((int)a[1]);
	case 434:				/* pidfd_open: a task */
		return !pid_ok((int)a[0]);	/* we may signal */
	case 424:				/* pidfd_send_signal: */
		if (!is_pidfd((int)a[0]))	/* signal 0 through */
			a[1] = 0;		/* anything else */
		return 0;
	case 251:				/* ioprio_set: our own */
		return (int)a[0] == 2 || (int)a[0] == 3 ||	/* tasks */
		       ((int)a[0] == 1 && (int)a[1] && !pid_ok((int)a[1]));
	case 163:				/* acct: bad pointers */
		a[0] = 8;			/* (it counts everyone) */
		return 0;
	case 81:				/* fchdir */
		return !fd_outside((int)a[0]);
	case 317:				/* seccomp: mostly a real */
		if ((uint32_t)a[0] > 3 && (a[2] & 0x30))	/* op and */
			a[0] = (uint32_t)a[0] % 4;	/* flags; never */
		if (a[2] & 0x40)			/* strict */
			a[1] &= 0x17;
		if ((uint32_t)a[0] == 0 && !(uint32_t)a[1] && !a[2])
			a[2] = 8;		/* (EINVAL instead) */
		if ((uint32_t)a[0] == 1)	/* a filter: a tame one */
			a[2] = tame_seccomp_prog(a[2]);
		return 0;
	case 157:				/* prctl(PR_SET_SECCOMP): */
		if ((int)a[0] != 22)		/* the same */
			return 0;
		if (a[1] == 1)
			a[1] = 3;		/* strict: EINVAL instead */
		if (a[1] == 2)
			a[2] = tame_seccomp_prog(a[2]);
		return 0;
	case 444:				/* landlock_create_ruleset: */
		if (a[1] & 1) {			/* a real attr half the time */
			ll_ruleset_attr[0] = (a[1] >> 8) & 0x7fff;
			ll_ruleset_attr[1] = (a[1] >> 24) & 1;	/* a tail */
			a[0] = (uint64_t)ll_ruleset_attr;
			a[1] = a[1] & 2 ? 16 : 8;
			a[2] &= 1;		/* 1: the ABI version */
		}
		return 0;
	case 445:				/* landlock_add_rule: a */
		if (a[3] & 1) {			/* real rule half the time: */
			if (a[3] & 2)		/* the pool's ruleset, one */
				a[0] = (uint64_t)ll_ruleset_fd;	/* right */
			ll_rule.allowed_access = a[3] & 4 ? (a[2] >> 8) & 0x7fff :
						 1ull << ((a[2] >> 8) % 15);
			ll_rule.parent_fd = a[3] & 8 ? P.scratch_fd : P.nfds ?
					    P.fds[(a[2] >> 24) % P.nfds] : -1;
			a[1] = 1;		/* LANDLOCK_RULE_PATH_BENEATH */
			a[2] = (uint64_t)&ll_rule;
			a[3] = 0;
		}
		return 0;
	case 436:				/* close_range: never */
		if ((uint32_t)a[1] >= LOG_FD)	/* the report and log */
			a[1] = LOG_FD - 1;	/* descriptors */
		return 0;
	case 103:				/* syslog */
		return (int)a[0] >= 4 && (int)a[0] <= 8;
	case 227: case 305:			/* clock_settime, */
		if ((int)a[0] == 0)		/* clock_adjtime: */
			a[0] = 1;		/* never CLOCK_REALTIME */
		return 0;
	case 164:				/* settimeofday: both */
		a[0] = a[0] ? 8 : 0;		/* pointers bad or NULL */
		a[1] = a[1] ? 8 : 0;
		return 0;
	case 159:				/* adjtimex: its modes */
		return 1;			/* are in the buffer */
	case 257: case 258: case 263: case 322:	/* openat, mkdirat, */
	case 437:				/* unlinkat, execveat, */
		tame_dirfd(&a[0]);		/* openat2 */
		return 0;
	case 133:				/* mknod: a device node */
		a[2] = 0x103;			/* is /dev/null at most */
		return 0;
	case 259:				/* mknodat: the same */
		a[3] = 0x103;
		tame_dirfd(&a[0]);
		return 0;
	case 261: case 280:			/* futimesat, utimensat */
		tame_dirfd(&a[0]);
		return 0;
	case 165:				/* mount: on the scratch's */
		a[1] = (uint64_t)mnt_point;	/* mount point, of its own */
		a[2] = (uint64_t)mount_types[(uint32_t)a[2] % NELEM(mount_types)];
		a[3] &= ~(uint64_t)0x3000;	/* no MS_BIND, MS_MOVE */
		return 0;
	case 166:				/* umount2: the same point */
		a[0] = (uint64_t)mnt_point;
		return 0;
	case 155:				/* pivot_root: onto it only */
		a[0] = a[1] = (uint64_t)mnt_point;
		return 0;
	case 442:				/* mount_setattr: the same */
		a[0] = (uint64_t)-100;		/* point, by path (AT_FDCWD); */
		a[1] = (uint64_t)mnt_point;	/* no AT_EMPTY_PATH */
		a[2] &= ~(uint64_t)0x1000;
		return 0;
	case 266:				/* symlinkat */
		tame_dirfd(&a[1]);
		return 0;
	case 427:				/* io_uring_register: */
		if ((uint32_t)a[1] == 2) {	/* FILES from the pool only */
			a[2] = (uint64_t)P.uring_files;
			a[3] = (uint32_t)a[3] % 5;
		}
		return 0;
	case 303:				/* name_to_handle_at */
		tame_dirfd(&a[0]);
		return 0;
	case 304:				/* open_by_handle_at: read */
		tame_dirfd(&a[0]);		/* only (no O_TRUNC, O_CREAT) */
		a[2] &= (uint64_t)(O_PATH | O_DIRECTORY | O_NOFOLLOW |
				   O_CLOEXEC | O_NONBLOCK);
		return 0;
	case 264: case 265: case 316:		/* renameat, linkat, */
		tame_dirfd(&a[0]);		/* renameat2 */
		tame_dirfd(&a[2]);
		return 0;
	}
	return 0;
}

/* ---- worker: making the call ---------------------------------------- */

static long raw_syscall(uint64_t nr, const uint64_t a[6])
{
	register uint64_t r10 __asm__("r10") = a[3];
	register uint64_t r8 __asm__("r8") = a[4];
	register uint64_t r9 __asm__("r9") = a[5];
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "0"(nr), "D"(a[0]), "S"(a[1]), "d"(a[2]), "r"(r10),
			   "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}

/*
 * fork, vfork, clone, clone3: the child, which may share our memory and
 * even our stack, exits in the same asm block without touching memory.
 */
static long raw_fork_syscall(uint64_t nr, const uint64_t a[6])
{
	register uint64_t r10 __asm__("r10") = a[3];
	register uint64_t r8 __asm__("r8") = a[4];
	register uint64_t r9 __asm__("r9") = a[5];
	long ret;

	__asm__ volatile("syscall\n\t"
			 "test %%rax, %%rax\n\t"
			 "jnz 1f\n\t"
			 "mov $60, %%eax\n\t"
			 "xor %%edi, %%edi\n\t"
			 "syscall\n\t"
			 "ud2\n"
			 "1:"
			 : "=a"(ret)
			 : "0"(nr), "D"(a[0]), "S"(a[1]), "d"(a[2]), "r"(r10),
			   "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}

static int is_fork(uint64_t nr)
{
	return nr == 56 || nr == 57 || nr == 58 || nr == 435;
}

static void report(int thread, unsigned nr, unsigned err)
{
	uint32_t rec = (uint32_t)worker_slot | (uint32_t)thread << 5 |
		       (err & 0xff) << 8 | (nr & 0xffff) << 16;

	if (write(REPORT_FD, &rec, sizeof(rec)) != sizeof(rec))
		_exit(99);	/* the supervisor is gone: so are we */
}

/*
 * A line on the console (LOG_FD): the call about to be made (-l), or one
 * that returned an errno no user program may see (@odd).
 */
static void log_call(int thread, uint64_t nr, const uint64_t a[6], long ret,
		     int odd)
{
	char line[320];
	const char *name = nr < NR_MAX ? call_name((int)nr) : NULL;
	int n = snprintf(line, sizeof(line),
			 "fuzz: w%d.%d %s(%lu) %#lx %#lx %#lx %#lx %#lx %#lx",
			 worker_slot, thread, name ? name : "?",
			 (unsigned long)nr, a[0], a[1], a[2], a[3], a[4], a[5]);

	if (odd)
		n += snprintf(line + n, sizeof(line) - n, " returned %ld: a kernel-"
			      "internal errno reached user space", ret);
	line[n++] = '\n';
	if (write(LOG_FD, line, (size_t)n) < 0)
		opt.log = 0;
}

static void note_child(int thread, long pid)
{
	long w;

	report(thread, EV_CREATED, 0);
	if (nchildren < NELEM(my_children))
		my_children[nchildren++] = (pid_t)pid;
	w = syscall(SYS_wait4, pid, NULL, __WALL_, NULL);
	if (w == pid)
		report(thread, EV_REAPED, 0);
}

/* fcntl(F_GETOWN) returns -pgid for a group owner: below -4095 or not,
 * that is a result, not an errno (Linux has the same ambiguity). */
static int getown(uint64_t nr, const uint64_t a[6])
{
	return nr == 72 && (int)a[1] == 9;
}

/* A struct __kernel_timespec of 1 ms to 1 s, now and then a bad one,
 * in @ts (static: the kernel reads it at the call). */
static uint64_t uring_timespec(struct rng *r, int64_t ts[2])
{
	ts[0] = 0;
	ts[1] = (int64_t)(1 + below(r, 1000)) * 1000000;
	if (below(r, 16) == 0)
		ts[below(r, 2)] = -1;
	return below(r, 32) ? (uint64_t)ts : gen_ptr(r);
}

/* TIMEOUT, TIMEOUT_REMOVE and LINK_TIMEOUT SQE @v (the u64 words of an
 * SQE, opcode in v[0]) made mostly valid and short: len 1, a timespec
 * of at most 1 s, a small count, mostly known flags; the removal (or
 * update) names a recent timeout's user_data. */
static void uring_fill_timeout(struct rng *r, uint64_t v[8])
{
	static int64_t ts[4][2];
	static uint64_t last_data;
	uint8_t op = (uint8_t)v[0];
	uint64_t flags = below(r, 8) ? below(r, 64) & 0x2d : below(r, 64);

	if (op != 12) {			/* (LINK_)TIMEOUT: addr, len 1, off */
		v[2] = uring_timespec(r, ts[below(r, 2)]);
		v[3] = (below(r, 16) ? 1 : v[3] & 0xffffffff) | flags << 32;
		v[1] = op == 11 || !below(r, 16) ? below(r, 4) : 0;	/* count */
		last_data = v[4];
	} else {			/* TIMEOUT_REMOVE: addr, UPDATE: addr2 */
		static const uint64_t rm_flags[] = { 0, 2, 2 | 16, 16 };

		v[2] = below(r, 8) ? last_data : v[4];
		v[3] = rm_flags[below(r, 4)] << 32;
		v[1] = uring_timespec(r, ts[2 + below(r, 2)]);
	}
	if (below(r, 8))
		v[5] = 0;		/* buf_index, file_index: none */
}

/* Now and then set up an io_uring disabled (IORING_SETUP_R_DISABLED),
 * polled (IOPOLL), with big entries (SQE128, CQE32) or one submitter
 * (SINGLE_ISSUER), and aim io_uring_register at RESTRICTIONS (up to
 * four records of plausible opcodes and arguments, some bad) or
 * ENABLE_RINGS: on the pool's ring they are EBADFD, on a disabled one
 * they take; or register ring descriptors (the pool's ring's among
 * them) in the task's slots, and enter rings by slot. */
static void shape_uring_call(struct rng *r, uint64_t nr, uint64_t a[6])
{
	/* R_DISABLED, IOPOLL, SQE128 | CQE32, SINGLE_ISSUER (| R_DISABLED) */
	static const uint32_t setup_flags[] = { 1u << 6, 1u, 3u << 10,
						1u << 12, 1u << 12 | 1u << 6 };
	static __thread uint32_t params[30];	/* struct io_uring_params */
	static __thread struct {
		uint16_t opcode;
		uint8_t arg, resv;
		uint32_t resv2[3];
	} res[4];
	static __thread struct {		/* struct io_uring_rsrc_update */
		uint32_t offset, resv;
		uint64_t data;
	} rings[4];

	if (below(r, 4))
		return;
	if (nr == 425) {			/* io_uring_setup */
		memset(params, 0, sizeof(params));
		params[2] = setup_flags[below(r, NELEM(setup_flags))];
		a[1] = (uint64_t)params;
	} else if (nr == 427) {			/* io_uring_register */
		a[1] = 11 + below(r, 2);
		for (int i = 0; i < 4; i++) {
			res[i].opcode = (uint16_t)below(r, 5);
			res[i].arg = (uint8_t)(below(r, 8) ? below(r, 50) : rnd(r));
		}
		a[2] = below(r, 8) ? (uint64_t)res : a[2];
		a[3] = below(r, 5);
	} else if (nr == 426 && below(r, 2)) {	/* io_uring_enter by slot */
		a[0] = below(r, 17);
		a[3] |= 16;			/* IORING_ENTER_REGISTERED_RING */
	}
	if (nr == 427 && below(r, 2)) {		/* (UN)REGISTER_RING_FDS */
		a[1] = 20 + below(r, 2);
		for (int i = 0; i < 4; i++) {
			rings[i].offset = below(r, 2) ? (uint32_t)-1 :
						       (uint32_t)below(r, 18);
			rings[i].resv = !below(r, 16);
			rings[i].data = below(r, 2) ? (uint64_t)P.uring_fd : gen_fd(r);
			if (a[1] == 21 && below(r, 2))
				rings[i].data = 0;	/* unregister: none */
		}
		a[2] = below(r, 8) ? (uint64_t)rings : a[2];
	}
}

/*
 * io_uring_enter: mostly on the pool's ring, with 1-4 random SQEs queued
 * first (random opcodes, flags, pool descriptors, pointers, lengths), so
 * that random ops run. Tamed as the raw calls are: never the report or
 * log descriptors, OPENAT only on the scratch's safe paths, timeouts of
 * at most 1 s, and a wait (GETEVENTS) for at most one CQE, after a NOP
 * that gives it, now and then bounded by an EXT_ARG timespec.
 */
static void uring_fill(struct rng *r, uint64_t a[6])
{
	static struct { uint64_t sigmask; uint32_t sigmask_sz, pad; uint64_t ts; } arg;
	static int64_t arg_ts[2];
	uint32_t *tail, *array, n = 1 + (uint32_t)below(r, 4), t;

	if (P.uring_fd < 0 || below(r, 4) == 0)
		return;
	/* A fuzzed munmap may have taken the rings: then leave them. */
	if (msync(P.uring_rings, PAGE, MS_ASYNC) || msync(P.uring_sqes, PAGE, MS_ASYNC))
		return;
	a[0] = (uint64_t)P.uring_fd;
	a[1] = n;
	a[2] = below(r, 2);
	tail = (uint32_t *)(P.uring_rings + P.uring_tail);
	array = (uint32_t *)(P.uring_rings + P.uring_array);
	t = *tail;
	for (uint32_t i = 0; i < n; i++, t++) {
		uint32_t slot = t & (URING_ENTRIES - 1);
		uint8_t *e = P.uring_sqes + slot * 64;
		/* opcode flags ioprio fd, off, addr, len op_flags, user_data,
		 * buf_index personality file_index, addr3, pad */
		uint64_t v[8] = { 0, gen_fd(r), gen_ptr(r),
				  (gen_len(r) & 0xffffffff) | (gen_int(r) << 32),
				  rnd(r), below(r, 4) | (below(r, 2) << 32),
				  gen_ptr(r), 0 };

		v[0] = (below(r, 8) ? below(r, 50) : rnd(r) & 0xff) |
		       (below(r, 2) ? 0 : (rnd(r) & 0x7f) << 8);
		if (i == 0 && a[2])
			v[0] = 0;			/* a NOP, plain */
		if ((uint8_t)v[0] == 18) {		/* OPENAT */
			tame_dirfd(&v[1]);
			v[2] = gen_path(r, safe_paths, NELEM(safe_paths));
		}
		if ((uint32_t)v[1] == REPORT_FD || (uint32_t)v[1] == LOG_FD)
			v[1] = (uint64_t)-1;
		v[0] |= (v[1] & 0xffffffffull) << 32;	/* opcode flags ioprio fd */
		v[1] = gen_int(r);			/* off */
		if ((uint8_t)v[0] == 11 || (uint8_t)v[0] == 12 || (uint8_t)v[0] == 15)
			uring_fill_timeout(r, v);
		memcpy(e, v, 64);
		array[slot] = below(r, 16) || (i == 0 && a[2]) ? slot : (uint32_t)rnd(r);
	}
	__atomic_store_n(tail, t, __ATOMIC_RELEASE);
	if (below(r, 2))			/* reap: the CQ never stays full */
		__atomic_store_n((uint32_t *)(P.uring_rings + P.uring_cq_head),
				 __atomic_load_n((uint32_t *)(P.uring_rings +
							      P.uring_cq_tail),
						 __ATOMIC_ACQUIRE), __ATOMIC_RELEASE);
	if (a[2])
		a[3] |= 1;			/* IORING_ENTER_GETEVENTS */
	a[5] = below(r, 4) ? 8 : a[5];
	if (below(r, 4) == 0) {			/* IORING_ENTER_EXT_ARG */
		arg = (typeof(arg)){ 0, 8, 0, uring_timespec(r, arg_ts) };
		a[3] = (a[3] & 1) | 8;
		a[4] = (uint64_t)&arg;
		a[5] = below(r, 8) ? sizeof(arg) : a[5];
	}
}

/* A ring request for PACKET_RX_RING / PACKET_TX_RING: mostly small
 * and plausible, with the values Linux's checks refuse mixed in. */
static uint64_t gen_tpacket_req(struct rng *r)
{
	static __thread unsigned int req[7];
	static const unsigned int bs[] = { 4096, 8192, 4096 + 16, 0, 0x80000000u, 16384 };
	static const unsigned int fs[] = { 16, 48, 2048, 4096, 4096 + 8, 0x11000 };

	req[0] = below(r, 8) ? bs[below(r, NELEM(bs))] : (unsigned int)rnd(r);
	req[1] = below(r, 8) ? (unsigned int)below(r, 5) : (unsigned int)rnd(r);
	req[2] = below(r, 8) ? fs[below(r, NELEM(fs))] : (unsigned int)rnd(r);
	req[3] = req[2] && below(r, 2) ? req[0] / req[2] * req[1] : (unsigned int)rnd(r);
	req[4] = (unsigned int)below(r, 200);
	req[5] = below(r, 2) ? (unsigned int)below(r, 1024) : (unsigned int)rnd(r);
	req[6] = (unsigned int)below(r, 2);
	return (uint64_t)req;
}

/* A struct sock_fprog of up to 16 classic instructions: mostly real
 * opcodes (Linux's classic set, one wrong now and then), offsets in the
 * packet, past it, in the SKF_NET_OFF/SKF_LL_OFF headers or the SKF_AD_*
 * values, short jumps, a RET last most of the time; or a bad pointer. */
static uint64_t gen_classic_fprog(struct rng *r)
{
	static const uint16_t codes[] = {
		0x04, 0x0c, 0x14, 0x1c, 0x24, 0x2c, 0x34, 0x3c, 0x44, 0x4c,
		0x54, 0x5c, 0x64, 0x6c, 0x74, 0x7c, 0x84, 0x94, 0x9c, 0xa4,
		0xac, 0x20, 0x28, 0x30, 0x80, 0x40, 0x48, 0x50, 0x00, 0x60,
		0x81, 0xb1, 0x01, 0x61, 0x02, 0x03, 0x07, 0x87, 0x06, 0x16,
		0x05, 0x15, 0x1d, 0x25, 0x2d, 0x35, 0x3d, 0x45, 0x4d,
	};
	static __thread struct { uint16_t code; uint8_t jt, jf; uint32_t k; } f[16];
	static __thread struct { uint16_t len; uint64_t filter; } fprog;
	unsigned int n = 1 + (unsigned int)below(r, 16);

	for (unsigned int i = 0; i < n; i++) {
		f[i].code = below(r, 32) ? codes[below(r, NELEM(codes))] :
					   (uint16_t)rnd(r);
		f[i].jt = (uint8_t)below(r, 4);
		f[i].jf = (uint8_t)below(r, 4);
		f[i].k = (uint32_t)pick(r, (const uint64_t[]){ below(r, 64),
			0xfffff000u + 4 * below(r, 17), 0xfff00000u + below(r, 40),
			0xffe00000u + below(r, 40), rnd(r), below(r, 16) }, 6);
	}
	if (below(r, 8))
		f[n - 1] = (typeof(f[0])){ 0x06, 0, 0, (uint32_t)pick(r,
			(const uint64_t[]){ 0, 1, 8, 0xffffffff }, 4) };
	fprog.len = below(r, 16) ? (uint16_t)n : (uint16_t)rnd(r);
	fprog.filter = below(r, 16) ? (uint64_t)f : gen_ptr(r);
	return (uint64_t)&fprog;
}

/* PACKET_FANOUT's argument (an int or struct fanout_args): a few ids,
 * every mode and one past, flags at random, now and then a group size. */
static uint64_t gen_fanout_arg(struct rng *r)
{
	static __thread uint32_t arg[2];
	uint32_t type_flags = (uint32_t)below(r, 9) | (uint32_t)below(r, 16) << 12;

	arg[0] = (uint32_t)below(r, 4) | type_flags << 16;
	arg[1] = below(r, 2) ? 0 : below(r, 2) ? (uint32_t)below(r, 4) :
				   (uint32_t)rnd(r);
	return (uint64_t)arg;
}

/* A sockaddr_ll for bind(): lo, every interface or another, ETH_P_ALL,
 * none or any protocol (the bind that races PACKET_FANOUT). */
static uint64_t gen_sockaddr_ll(struct rng *r)
{
	static __thread uint16_t sll[10];

	memset(sll, 0, sizeof(sll));
	sll[0] = AF_PACKET;
	sll[1] = below(r, 3) ? (uint16_t)(below(r, 2) ? ETH_P_ALL_BE : 0) :
			       (uint16_t)rnd(r);
	sll[2] = (uint16_t)below(r, 3);		/* sll_ifindex */
	return (uint64_t)sll;
}

/* Now and then aim a socket call at packet sockets: socket(AF_PACKET),
 * bind() to a sockaddr_ll, or setsockopt/getsockopt at SOL_PACKET with
 * a ring request, a fanout group or an int. */
static void shape_packet_call(struct rng *r, uint64_t nr, uint64_t a[6])
{
	if (below(r, 4))
		return;
	if (nr == 41) {			/* socket */
		a[0] = AF_PACKET;
		a[1] = (below(r, 2) ? SOCK_RAW : SOCK_DGRAM) | SOCK_NONBLOCK;
		a[2] = below(r, 2) ? ETH_P_ALL_BE : (uint16_t)rnd(r);
	} else if (nr == 49) {		/* bind */
		a[1] = gen_sockaddr_ll(r);
		a[2] = 20;
	} else if (nr == 54 || nr == 55) {	/* setsockopt, getsockopt */
		a[1] = SOL_PACKET_;
		a[2] = below(r, 4) ? below(r, 25) : PACKET_FANOUT_;
		if (nr == 54 && (a[2] == 5 || a[2] == 13)) {
			a[3] = gen_tpacket_req(r);
			a[4] = below(r, 4) ? (below(r, 2) ? 16 : 28) : gen_len(r);
		} else if (nr == 54 && (a[2] == PACKET_FANOUT_ || a[2] == 22)) {
			a[3] = gen_fanout_arg(r);
			a[4] = below(r, 4) ? (below(r, 2) ? 4 : 8) : gen_len(r);
		}
		if (nr == 54 && a[2] == 22 && below(r, 2)) {	/* FANOUT_DATA */
			a[3] = gen_classic_fprog(r);		/* CBPF's */
			a[4] = 16;
		}
	}
}

/* A UDP datagram for a raw socket's sendto to 127.0.0.1 (so that lo
 * gives it to a UDP socket, or answers with a port unreachable): low
 * ports, no checksum (IPv4 takes that), a length field now and then
 * wrong; its address, *@len, *@to and *@tolen. */
static uint64_t gen_udp_datagram(struct rng *r, uint64_t *len, uint64_t *to,
				 uint64_t *tolen)
{
	static __thread uint8_t d[64];
	static __thread struct sockaddr_in dst;
	size_t n = 8 + below(r, 56);
	uint16_t ulen = below(r, 8) ? (uint16_t)n : (uint16_t)rnd(r);

	for (size_t k = 0; k < n; k++)
		d[k] = (uint8_t)rnd(r);
	d[0] = 0, d[1] = (uint8_t)below(r, 5);		/* source port */
	d[2] = 0, d[3] = (uint8_t)(1 + below(r, 4));	/* destination */
	d[4] = (uint8_t)(ulen >> 8), d[5] = (uint8_t)ulen;
	d[6] = d[7] = 0;
	dst = (struct sockaddr_in){ .sin_family = AF_INET,
				    .sin_addr.s_addr = htonl(0x7f000001) };
	*len = n;
	*to = (uint64_t)&dst;
	*tolen = sizeof(dst);
	return (uint64_t)d;
}

/* A sendmsg's struct msghdr to 127.0.0.1 or ::1 (a low port) with one
 * to three control messages of IP's (Linux's ip_cmsg_send(),
 * ip6_datagram_send_ctl()): plausible levels, types and lengths, some
 * right, some not, random data. */
static uint64_t gen_ip_cmsg_msg(struct rng *r)
{
	/* SOL_IP: IP_TTL, IP_TOS, IP_PKTINFO, IP_RETOPTS; SOL_IPV6:
	 * IPV6_HOPLIMIT, IPV6_TCLASS, IPV6_PKTINFO, IPV6_2292PKTINFO,
	 * IPV6_FLOWINFO, IPV6_DONTFRAG, IPV6_RTHDR; SOL_SOCKET: SCM_RIGHTS,
	 * SO_MARK, SO_TIMESTAMPING_OLD; SOL_UDP: UDP_SEGMENT */
	static const int types[][2] = { { 0, 2 }, { 0, 1 }, { 0, 8 }, { 0, 7 },
					 { 41, 52 }, { 41, 67 }, { 41, 50 },
					 { 41, 2 }, { 41, 11 }, { 41, 62 },
					 { 41, 57 }, { 1, 1 }, { 1, 36 },
					 { 1, 37 }, { 17, 103 } };
	static const size_t lens[] = { 0, 1, 2, 4, 12, 20, 40 };
	static __thread union { struct cmsghdr h; char b[256]; } ctl;
	static __thread struct sockaddr_in6 to;
	static __thread struct iovec v;
	static __thread struct msghdr m;
	static __thread char data[16];
	size_t off = 0;

	memset(&to, 0, sizeof(to));
	to.sin6_family = AF_INET6;
	to.sin6_port = htons((uint16_t)(1 + below(r, 4)));
	if (below(r, 2))	/* ::ffff:127.0.0.1, else ::1 */
		memcpy(&to.sin6_addr.s6_addr[10], "\xff\xff\x7f\0\0\1", 6);
	else
		to.sin6_addr.s6_addr[15] = 1;
	for (int n = 1 + (int)below(r, 3); n > 0; n--) {
		const int *t = types[below(r, NELEM(types))];
		size_t len = below(r, 4) ? lens[below(r, NELEM(lens))] : below(r, 48);
		struct cmsghdr *c = (struct cmsghdr *)(ctl.b + off);

		if (off + CMSG_SPACE(len) > sizeof(ctl))
			break;
		c->cmsg_len = below(r, 16) ? CMSG_LEN(len) : rnd(r) % 300;
		c->cmsg_level = below(r, 16) ? t[0] : (int)rnd(r);
		c->cmsg_type = below(r, 16) ? t[1] : (int)below(r, 80);
		for (size_t k = 0; k < len; k++)
			CMSG_DATA(c)[k] = below(r, 3) ? (uint8_t)below(r, 4) :
				(uint8_t)rnd(r);
		off += CMSG_SPACE(len);
	}
	v = (struct iovec){ data, below(r, 2) ? 8 : 0 };
	m = (struct msghdr){ .msg_name = &to, .msg_namelen = sizeof(to),
			     .msg_iov = &v, .msg_iovlen = 1, .msg_control = &ctl,
			     .msg_controllen = below(r, 8) ? off : rnd(r) % 300 };
	return (uint64_t)&m;
}

/* Now and then aim a socket call at raw IP and UDP sockets' options:
 * socket(AF_INET or AF_INET6, SOCK_RAW) of ICMP(v6), IPPROTO_RAW or
 * another protocol, IP_HDRINCL, UDP_CORK, UDP_SEGMENT, UDP_GRO,
 * SO_NO_CHECK, ICMP_FILTER,
 * ICMP6_FILTER, IPV6_CHECKSUM, the options that ask for control
 * messages (IP_PKTINFO, IPV6_RECVHOPLIMIT, ...), a sendto to ::1, :: or
 * ::2, a UDP datagram for a raw socket to send (gen_udp_datagram()),
 * a sendmsg with IP's control messages (gen_ip_cmsg_msg()),
 * MSG_MORE on a send, and SIOCGIFMTU/SIOCSIFMTU on lo with
 * plausible and refused MTUs. */
static void shape_inet_call(struct rng *r, uint64_t nr, uint64_t a[6])
{
	/* SOL_RAW, ICMP6_FILTER, IPV6_CHECKSUM; IP_PKTINFO, IP_RECVTTL,
	 * IP_RECVTOS; IPV6_RECV{PKTINFO,HOPLIMIT,TCLASS}, IPV6_TCLASS,
	 * IPV6_2292HOPLIMIT; UDP_SEGMENT, UDP_GRO */
	static const int level_opt[][2] = { { 0, 3 }, { 17, 1 }, { 1, 11 },
					    { 255, 1 }, { 58, 1 }, { 41, 7 },
					    { 255, 7 }, { 0, 8 }, { 0, 12 },
					    { 0, 13 }, { 41, 49 }, { 41, 51 },
					    { 41, 66 }, { 41, 67 }, { 41, 8 },
					    { 17, 103 }, { 17, 104 } };
	static const int mtus[] = { 0, 68, 1500, 65536, -1, 1 << 20 };
	static const int protos[] = { 1, 255, 253, 17, 58 };
	static __thread struct ifreq ifr;
	static __thread struct sockaddr_in6 to6;

	if (below(r, 8))
		return;
	if (nr == 41) {			/* socket */
		int raw = (int)below(r, 2);

		a[0] = raw && below(r, 3) == 0 ? AF_INET6 : AF_INET;
		a[1] = (raw ? SOCK_RAW : SOCK_DGRAM) | SOCK_NONBLOCK;
		a[2] = raw ? (uint64_t)protos[below(r, NELEM(protos))] : 0;
	} else if (nr == 54 || nr == 55) {	/* setsockopt, getsockopt */
		int k = (int)below(r, NELEM(level_opt));

		a[1] = (uint64_t)level_opt[k][0];
		a[2] = (uint64_t)level_opt[k][1];
	} else if (nr == 44 && !below(r, 4)) {	/* a UDP datagram, for raw */
		a[1] = gen_udp_datagram(r, &a[2], &a[4], &a[5]);
	} else if (nr == 44 && below(r, 2)) {	/* sendto ::1, :: or ::2 */
		memset(&to6, 0, sizeof(to6));
		to6.sin6_family = AF_INET6;
		to6.sin6_addr.s6_addr[15] = (uint8_t)below(r, 3);
		a[4] = (uint64_t)&to6;
		a[5] = below(r, 8) ? sizeof(to6) : gen_len(r);
	} else if (nr == 46 && below(r, 2)) {	/* sendmsg with IP's cmsgs */
		a[1] = gen_ip_cmsg_msg(r);
	} else if (nr == 44 || nr == 46) {	/* sendto, sendmsg */
		a[nr == 44 ? 3 : 2] |= 0x8000;	/* MSG_MORE */
	} else if (nr == 16) {		/* ioctl */
		memset(&ifr, 0, sizeof(ifr));
		strcpy(ifr.ifr_name, below(r, 8) ? "lo" : "eth0");
		ifr.ifr_mtu = below(r, 4) ? mtus[below(r, NELEM(mtus))] : (int)rnd(r);
		a[1] = below(r, 2) ? SIOCGIFMTU : SIOCSIFMTU;
		a[2] = below(r, 8) ? (uint64_t)&ifr : a[2];
	}
}

/* The machine's lo MTU, noted before the run (@after 0) and put back
 * after it (1): shape_inet_call() aims SIOCSIFMTU at lo, and what runs
 * after the fuzzer in the same boot needs lo as it was. */
static void lo_mtu_keep(int after)
{
	static struct ifreq ifr = { .ifr_name = "lo" };
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return;
	if (ioctl(fd, after ? SIOCSIFMTU : SIOCGIFMTU, &ifr) < 0)
		perror("fuzz: lo's MTU");
	close(fd);
}

/* ---- bpf(2) ---------------------------------------------------------- */

/*
 * bpf(2) gets attrs of the right shape for its command most of the time:
 * maps of plausible and refused sizes, element calls on the pool's two
 * maps, and programs. A program is a random but mostly well-formed
 * sequence (ALU on set registers, stack stores and loads, a map lookup
 * and its NULL test, forward jumps, calls of helpers, an exit), now and
 * then with one field flipped. One the verifier accepts is attached at
 * once to a pool socket and run on a datagram: a hole in the verifier
 * shows up as a kernel fault or a KASAN report, not as a refusal.
 */
static struct fz_insn fz_i(uint8_t code, int dst, int src, int off, int32_t imm)
{
	return (struct fz_insn){ code, (uint8_t)(dst | src << 4), (int16_t)off, imm };
}

/* A lookup in a pool map: r1 = map, r2 = fp - 8, key 0, call 1, r0 tested
 * against NULL (or not, now and then). Six or seven instructions at @p. */
static int fz_lookup(struct rng *r, struct fz_insn *p)
{
	int fd = bpf_map_fds[below(r, 2)], n = 0;

	p[n++] = fz_i(0x18, 1, 1, 0, fd);		/* ld_imm64 map */
	p[n++] = fz_i(0, 0, 0, 0, 0);
	p[n++] = fz_i(0x7a, 10, 0, -8, 0);		/* *(u64 *)(fp - 8) = 0 */
	p[n++] = fz_i(0xbf, 2, 10, 0, 0);		/* r2 = fp */
	p[n++] = fz_i(0x07, 2, 0, 0, -8);		/* r2 += -8 */
	p[n++] = fz_i(0x85, 0, 0, 0, 1);		/* call map_lookup_elem */
	if (below(r, 8))
		p[n++] = fz_i(0x55, 0, 0, 1, 0);	/* if r0 != 0 skip exit */
	return n;
}

/* One instruction of the middle of a program, on registers r0-r9 that
 * hold numbers or r0's map value. */
static struct fz_insn fz_step(struct rng *r, int left)
{
	static const uint8_t alu[] = { 0x07, 0x0f, 0x17, 0x1f, 0x27, 0x37, 0x47,
		0x57, 0x5f, 0x67, 0x77, 0x87, 0x97, 0xa7, 0xaf, 0xb7, 0xbf, 0xc7,
		0x04, 0x0c, 0x14, 0x34, 0x54, 0x64, 0x74, 0x84, 0x94, 0xb4, 0xbc,
		0xc4, 0xd4, 0xdc };
	static const uint8_t jmp[] = { 0x15, 0x1d, 0x25, 0x2d, 0x35, 0x45,
		0x55, 0x65, 0x75, 0xa5, 0xb5, 0xc5, 0xd5, 0x16, 0x1e, 0xa6 };
	static const uint8_t mem[] = { 0x61, 0x69, 0x71, 0x79, 0x62, 0x6a,
		0x72, 0x7a, 0x63, 0x6b, 0x73, 0x7b, 0xdb, 0xc3 };
	static const int32_t imms[] = { 0, 1, -1, 8, 16, 31, 32, 63, 64, 255,
		0x7fffffff, (int32_t)0x80000000 };
	int dst = (int)below(r, 10), src = (int)below(r, 11);
	int32_t imm = below(r, 2) ? imms[below(r, NELEM(imms))] : (int32_t)rnd(r);

	switch (below(r, 6)) {
	case 0: case 1: case 2: {
		uint8_t c = alu[below(r, NELEM(alu))];

		if ((c & 0xf0) == 0xd0)
			imm = 16 << below(r, 3);	/* BPF_END: 16, 32, 64 */
		return fz_i(c, dst, (c & 8) ? src : 0, 0, imm);
	}
	case 3:		/* forward, or now and then back: a loop */
		return fz_i(jmp[below(r, NELEM(jmp))], dst, src,
			    below(r, 8) ? (int)below(r, (uint64_t)left + 1) :
					  -(int)(1 + below(r, 8)), imm);
	case 4: {
		uint8_t c = mem[below(r, NELEM(mem))];
		int base = below(r, 2) ? 10 : (int)below(r, 10);
		int off = base == 10 ? -8 * (int)(1 + below(r, 64)) :
			  (int)below(r, 24) - 4;

		if ((c & 7) == 1)			/* LDX: dst <- [src] */
			return fz_i(c, dst, base, off, 0);
		return fz_i(c, base, src, off, (c & 7) == 3 ? 0 : imm);
	}
	default:
		return fz_i(0x85, 0, 0, 0, below(r, 4) ?
			    (int32_t)"\1\2\3\5\7\10\32"[below(r, 7)] :
			    (int32_t)below(r, 40));
	}
}

/* A program of at most FZ_INSNS instructions in @p; its length. */
static uint32_t gen_bpf_prog(struct rng *r, struct fz_insn *p)
{
	int n = 0, want = 2 + (int)below(r, FZ_INSNS - 12);

	for (int i = 0; i < 10; i++)	/* every register a number first */
		if (below(r, 4))
			p[n++] = fz_i(0xb7, i, 0, 0, (int32_t)below(r, 64));
	if (below(r, 2))
		n += fz_lookup(r, p + n);
	if (n < FZ_INSNS - 10 && p[n - 1].code == 0x55)
		p[n++] = fz_i(0x95, 0, 0, 0, 0);	/* the NULL side exits */
	while (n < want && n < FZ_INSNS - 3)
		p[n] = fz_step(r, want - n), n++;
	p[n++] = fz_i(0xb7, 0, 0, 0, (int32_t)below(r, 2) * 0xffff);
	p[n++] = fz_i(0x95, 0, 0, 0, 0);		/* exit */
	if (!below(r, 4)) {				/* one flipped field */
		uint8_t *b = (uint8_t *)&p[below(r, (uint64_t)n)];

		b[below(r, 8)] ^= (uint8_t)(1 << below(r, 8));
	}
	return (uint32_t)n;
}

/* The attr of bpf command @cmd, in this thread's buffer (a tail of
 * random bytes past Linux's 144 now and then). */
static uint64_t gen_bpf_attr(struct rng *r, uint64_t cmd)
{
	static __thread union { uint32_t w[64]; uint64_t q[32]; } u;
	static __thread struct fz_insn prog[FZ_INSNS];
	uint32_t *a = u.w;
	uint64_t *q = u.q;
	static const uint32_t sizes[] = { 0, 1, 4, 8, 16, 512, 513, 4096,
					  1 << 20, 0xffffffff };
	int mfd = below(r, 4) ? bpf_map_fds[below(r, 2)] : (int)gen_fd(r);

	memset(&u, 0, sizeof(u));
	if (!below(r, 16))
		a[36 + below(r, 28)] = (uint32_t)rnd(r);
	switch (cmd) {
	case 0:					/* MAP_CREATE */
		a[0] = (uint32_t)below(r, 4);
		for (int i = 1; i < 4; i++)
			a[i] = below(r, 2) ? 1u << below(r, 5) :
			       sizes[below(r, NELEM(sizes))];
		a[4] = below(r, 4) ? 0 : (uint32_t)below(r, 4);
		break;
	case 1: case 2: case 3: case 4:		/* the element calls */
		a[0] = (uint32_t)mfd;
		q[1] = below(r, 8) ? (uint64_t)P.buf : gen_ptr(r);
		q[2] = below(r, 8) ? (uint64_t)P.buf + 64 : gen_ptr(r);
		q[3] = below(r, 4) ? below(r, 3) : gen_int(r);
		if (cmd == 4 && !below(r, 4))
			q[1] = 0;		/* the first key */
		break;
	case 5:					/* PROG_LOAD */
		a[0] = below(r, 8) ? 1 : (uint32_t)below(r, 40);
		a[1] = gen_bpf_prog(r, prog);
		if (!below(r, 16))
			a[1] = below(r, 2) ? 0 : (uint32_t)rnd(r);
		q[1] = below(r, 16) ? (uint64_t)prog : gen_ptr(r);
		q[2] = below(r, 16) ? (uint64_t)"GPL" : gen_ptr(r);
		if (below(r, 4))
			break;
		a[6] = (uint32_t)below(r, 9);		/* log_level */
		a[7] = below(r, 2) ? 128 + (uint32_t)below(r, 4000) :
		       (uint32_t)gen_len(r);
		q[4] = below(r, 4) ? (uint64_t)P.buf : gen_ptr(r);
		break;
	}
	return (uint64_t)&u;
}

/* bpf(cmd, attr, size) mostly with a real command, attr and size, and
 * now and then the SOL_SOCKET filter options: SO_ATTACH_BPF with a real
 * program fd, SO_ATTACH_FILTER with a classic program, SO_DETACH_FILTER,
 * SO_LOCK_FILTER, and getsockopt(SO_GET_FILTER) with a room in
 * instructions. */
static void shape_bpf_call(struct rng *r, uint64_t nr, uint64_t a[6])
{
	static __thread int prog_fd;
	static __thread uint32_t get_len;

	if ((nr == 54 || nr == 55) && !below(r, 16)) {
		a[1] = 1;				/* SOL_SOCKET */
		a[2] = pick(r, (const uint64_t[]){ 50, 27, 26, 44 }, 4);
		prog_fd = (int)gen_fd(r);
		a[3] = (uint64_t)&prog_fd;
		a[4] = 4;
		if (nr == 54 && a[2] == 26) {		/* ATTACH_FILTER */
			a[3] = gen_classic_fprog(r);
			a[4] = below(r, 8) ? 16 : gen_len(r);
		} else if (nr == 55) {			/* GET_FILTER's room */
			a[3] = below(r, 8) ? (uint64_t)P.buf : gen_ptr(r);
			get_len = (uint32_t)pick(r, (const uint64_t[]){ 0, 1, 16,
						 below(r, 4096), rnd(r) }, 5);
			a[4] = (uint64_t)&get_len;
		}
	}
	if (nr != 321 || !below(r, 8))
		return;
	a[0] = below(r, 8) ? below(r, 6) : below(r, 40);
	a[1] = gen_bpf_attr(r, a[0]);
	a[2] = below(r, 8) ? 144 : pick(r, (const uint64_t[]){ 0, 48, 72, 4096,
					4097, 1 << 20 }, 6);
}

/* A classic program the kernel just accepted runs once: attached to the
 * pool's socket, on one datagram, then detached. */
static void run_classic_prog(const void *fprog)
{
	char b[64];

	if (bpf_sock[1] < 0 || setsockopt(bpf_sock[1], SOL_SOCKET, 26, fprog, 16))
		return;
	send(bpf_sock[0], b, sizeof(b), MSG_DONTWAIT);
	recv(bpf_sock[1], b, sizeof(b), MSG_DONTWAIT);
	setsockopt(bpf_sock[1], SOL_SOCKET, 27, b, 4);
}

/* A program the kernel just accepted (fd @fd) runs once: attached to the
 * pool's socket, on one datagram. The fd stays the worker's. */
static void run_bpf_prog(int fd)
{
	char b[64];

	if (bpf_sock[1] < 0 ||
	    setsockopt(bpf_sock[1], SOL_SOCKET, 50, &fd, sizeof(fd)))
		return;
	send(bpf_sock[0], b, sizeof(b), MSG_DONTWAIT);
	recv(bpf_sock[1], b, sizeof(b), MSG_DONTWAIT);
}


/* ---- worker: kprobe events through tracefs ------------------------- */

#define TRACEFS "/sys/kernel/tracing/"
/* Probeable functions, ones that cannot be (printk), no such, offsets. */
static const char *const trace_syms[] = {
	"kernel_clone", "do_sys_openat2", "vfs_read", "vfs_write", "schedule",
	"do_exit", "kfree", "wake_up_process", "printk", "no_such_fn",
	"do_sys_openat2+4", "",
};
static const char *const trace_args[] = {
	"%di", "%ax:u8", "$arg1", "$arg7", "$retval:s32", "$stack", "$stack3",
	"$comm", "x=%si:x16", "%bogus", "$comm:u32", "a=", "$stack999",
};
static __thread int trace_fd = -1;	/* opened for one call, closed after */

/* A definition, a removal or nonsense for kprobe_events, into @t. */
static void gen_trace_def(struct rng *r, char *t, size_t size)
{
	int len, n = (int)below(r, 4);

	if (!below(r, 4)) {
		snprintf(t, size, "-:fz%u", (unsigned)below(r, 6));
		return;
	}
	len = snprintf(t, size, "%c%s:fz%u %s", below(r, 3) ? 'p' : 'r',
		       below(r, 4) ? "" : "2", (unsigned)below(r, 6),
		       trace_syms[below(r, NELEM(trace_syms))]);
	for (int i = 0; i < n && len < (int)size; i++)
		len += snprintf(t + len, size - (size_t)len, " %s",
				trace_args[below(r, NELEM(trace_args))]);
	if (!below(r, 16) && len > 2)
		t[below(r, (uint64_t)len)] = (char)rnd(r);	/* a byte off */
}

/* Now and then a read(2) or write(2) goes to a tracefs file opened for
 * it: events defined, removed and switched on and off while the other
 * workers run through the probed functions, the buffer read. */
static void shape_trace_call(struct rng *r, uint64_t nr, uint64_t a[6])
{
	static __thread char text[192];
	static const char *const readable[] = {
		"trace", "trace_pipe", "kprobe_events", "kprobe_profile",
		"events/kprobes/enable", "events/kprobes/fz0/enable",
	};
	char path[96];
	int trunc = 0;

	if ((nr != 0 && nr != 1) || below(r, 64))
		return;
	if (nr == 0) {
		snprintf(path, sizeof(path), TRACEFS "%s",
			 readable[below(r, NELEM(readable))]);
		a[0] = (uint64_t)(trace_fd = open(path, O_RDONLY | O_NONBLOCK));
		a[1] = (uint64_t)P.buf;
		a[2] = below(r, 4096);
		return;
	}
	switch (below(r, 8)) {
	case 0: case 1: case 2:
		strcpy(path, TRACEFS "kprobe_events");
		gen_trace_def(r, text, sizeof(text));
		break;
	case 3:
		snprintf(path, sizeof(path), TRACEFS "events/kprobes/fz%u/%s",
			 (unsigned)below(r, 6), below(r, 2) ? "enable" : "trigger");
		strcpy(text, !strstr(path, "trigger") ? (below(r, 2) ? "1" : "0") :
		       below(r, 3) == 0 ? "traceon" :
		       below(r, 2) ? "stacktrace" : "!stacktrace");
		break;
	case 4:
		strcpy(path, below(r, 2) ? TRACEFS "events/enable" : TRACEFS "tracing_on");
		strcpy(text, below(r, 3) ? "0" : "1");
		break;
	case 5:
		strcpy(path, below(r, 2) ? TRACEFS "kprobe_events" : TRACEFS "trace");
		text[0] = '\0';
		trunc = 1;
		break;
	default:
		strcpy(path, TRACEFS "events/kprobes/enable");
		strcpy(text, below(r, 2) ? "1" : "0");
		break;
	}
	a[0] = (uint64_t)(trace_fd = open(path, O_WRONLY | (trunc ? O_TRUNC : 0)));
	a[1] = (uint64_t)text;
	a[2] = strlen(text) + (below(r, 16) ? 0 : 1);
}

/* The end of a run: no event stays on or defined. */
static void trace_events_clear(void)
{
	int fd = open(TRACEFS "events/enable", O_WRONLY);

	if (fd >= 0 && write(fd, "0", 1) < 0)
		perror("fuzz: events/enable");
	if (fd >= 0)
		close(fd);
	fd = open(TRACEFS "kprobe_events", O_WRONLY | O_TRUNC);
	if (fd >= 0)
		close(fd);
	fd = open(TRACEFS "trace", O_WRONLY | O_TRUNC);
	if (fd >= 0)
		close(fd);
}

static void one_call(struct rng *r, int thread)
{
	uint64_t nr, a[6];
	int known = pick_call(r, &nr);
	const char *kinds = "xxxxxx";
	long ret;

	for (int i = 0; i < NCALLS; i++)
		if (calls[i].nr == known)
			kinds = calls[i].args;
	for (int i = 0; i < 6; i++)
		a[i] = kinds[0] && i < (int)strlen(kinds) ?
		       gen_arg(r, kinds[i], (int)nr, i) : gen_arg(r, 'x', (int)nr, i);
	if (nr == 426)
		uring_fill(r, a);
	shape_packet_call(r, nr, a);
	shape_inet_call(r, nr, a);
	shape_bpf_call(r, nr, a);
	shape_uring_call(r, nr, a);
	shape_trace_call(r, nr, a);
	if (filter(nr, a)) {
		report(thread, nr < NR_MAX ? (unsigned)nr : NR_HUGE, 0xfe);
		if (trace_fd >= 0)
			close(trace_fd);
		trace_fd = -1;
		return;
	}
	if (opt.log)
		log_call(thread, nr, a, 0, 0);
	ret = is_fork(nr) ? raw_fork_syscall(nr, a) : raw_syscall(nr, a);
	if (ret < -ERRNO_MAX && ret >= -4095 && !getown(nr, a)) {
		log_call(thread, nr, a, ret, 1);	/* e.g. -ERESTARTSYS */
		ret = -253;
	} else if (ret < -ERRNO_MAX && ret >= -4095) {
		ret = 0;	/* a process group owner, not an error */
	}
	report(thread, nr < NR_MAX ? (unsigned)nr : NR_HUGE,
	       ret < 0 && ret >= -4095 ? (unsigned)(ret < -253 ? 253 : -ret) : 0);
	if (trace_fd >= 0)
		close(trace_fd);
	trace_fd = -1;
	if (is_fork(nr) && ret > 0)
		note_child(thread, ret);
	if (nr == 321 && a[0] == 5 && ret >= 0)
		run_bpf_prog((int)ret);
	if (nr == 54 && a[1] == 1 && a[2] == 26 && ret == 0)
		run_classic_prog((const void *)a[3]);
}

struct thread_arg {
	int index;
};

static void *fuzz_thread(void *p)
{
	int t = ((struct thread_arg *)p)->index;
	struct rng r;

	thread_tids[t] = (pid_t)syscall(SYS_gettid);
	rng_seed(&r, opt.seed, worker_gen, (uint64_t)t + 1);
	while (__atomic_fetch_add(&issued, 1, __ATOMIC_RELAXED) < budget)
		one_call(&r, t);
	return NULL;
}

static void worker_fds(int report_fd)
{
	int null = open("/dev/null", O_RDWR);

	if (report_fd != REPORT_FD) {
		dup2(report_fd, REPORT_FD);
		close(report_fd);
	}
	dup2(2, LOG_FD);	/* the console: -l lines and odd results */
	dup2(null, 0);
	dup2(null, 1);
	dup2(null, 2);
	if (null > 2)
		close(null);
}

/* -F: from now on this worker (and the threads it makes) may see its
 * allocations fail on purpose. Quiet on a kernel without the file. */
static void set_make_it_fail(void)
{
	int fd = open("/proc/self/make-it-fail", O_WRONLY);

	if (fd >= 0) {
		write(fd, "1", 1);
		close(fd);
	}
}

static __attribute__((noreturn)) void worker_main(int slot, uint64_t gen,
						  long calls_budget, int report_fd)
{
	static struct thread_arg args[MAX_THREADS];
	pthread_t th[MAX_THREADS];
	pthread_attr_t attr;
	struct rng r;

	/* First of all: a worker's memory goes first. Until then it has the
	 * supervisor's -1000, and were every other worker dying, the OOM
	 * killer would have only the shell left to take (seed 108). */
	ulib_set_oom_score_adj(1000);
	worker_pid = getpid();
	worker_slot = slot;
	worker_gen = gen;
	budget = calls_budget;
	setpgid(0, 0);
	for (int sig = 1; sig < 65; sig++)
		signal(sig, SIG_DFL);	/* not the supervisor's handlers */
	worker_fds(report_fd);
	if (chdir(scratch) < 0)
		_exit(98);
	rng_seed(&r, opt.seed, gen, 0);
	pools_init(&r);
	if (opt.make_it_fail)
		set_make_it_fail();
	thread_tids[0] = worker_pid;
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 64 * 1024);
	for (int t = 1; t < opt.threads; t++) {
		args[t].index = t;
		if (pthread_create(&th[t], &attr, fuzz_thread, &args[t]))
			th[t] = 0;
	}
	args[0].index = 0;
	fuzz_thread(&args[0]);
	for (int t = 1; t < opt.threads; t++)
		if (th[t])
			pthread_join(th[t], NULL);
	_exit(0);
}

/* ---- supervisor ------------------------------------------------------ */

struct worker {
	pid_t pid;
	long budget, calls;
	long last[MAX_THREADS];	/* ms of the last record from each thread */
	int stalled;		/* the watchdog killed it */
	long stalled_at;	/* ms of its first SIGKILL */
	long killed_at;		/* ms of the last SIGKILL, to repeat it */
};

static struct worker workers[MAX_WORKERS];
static struct {
	long calls, skipped, assigned, started, reaped, finished, watchdog;
	long by_signal[65], exit_codes, created, child_reaped, adopted;
	long threads, errs[256], per_call[NR_MAX + 1][2];
	long sup_signals[65];
} st;
static volatile sig_atomic_t stop_requested;
static pid_t unkillable;	/* a worker SIGKILL did not end, or 0 */
static volatile sig_atomic_t sup_sig_count[65];

static void on_signal(int sig)
{
	if (sig == SIGINT || sig == SIGTERM)
		stop_requested = 1;
	else if (sig > 0 && sig < 65)
		sup_sig_count[sig]++;
}

/* Catch every signal we can: a stray one must not end the supervisor. */
static void supervisor_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESTART;
	for (int s = 1; s < 65; s++)
		if (s != SIGKILL && s != SIGSTOP && s != SIGCHLD &&
		    (s < 32 || s >= SIGRTMIN))
			sigaction(s, &sa, NULL);
}

static int spawn(int slot, uint64_t gen, int rfd, int wfd)
{
	long b = opt.per_worker;
	pid_t pid;

	if (b > opt.ncalls - st.assigned)
		b = opt.ncalls - st.assigned;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		close(rfd);
		worker_main(slot, gen, b, wfd);
	}
	workers[slot] = (struct worker){ .pid = pid, .budget = b };
	for (int t = 0; t < MAX_THREADS; t++)
		workers[slot].last[t] = ulib_now_ms();
	st.assigned += b;
	st.started++;
	st.threads += opt.threads - 1;
	return 0;
}

static void account(uint32_t rec)
{
	int slot = rec & 31, thread = (rec >> 5) & 7;
	unsigned err = (rec >> 8) & 0xff, nr = rec >> 16;
	struct worker *w = &workers[slot];

	w->last[thread] = ulib_now_ms();
	if (nr == EV_CREATED) {
		st.created++;
		return;
	}
	if (nr == EV_REAPED) {
		st.child_reaped++;
		return;
	}
	w->calls++;
	if (err == 0xfe) {
		st.skipped++;
		return;
	}
	st.calls++;
	st.errs[err]++;
	nr = nr < NR_MAX ? nr : NR_MAX;
	st.per_call[nr][0]++;
	if (err == 0)
		st.per_call[nr][1]++;
}

static int report_rfd;		/* the supervisor's end of the pipe */

/* Read and count every record in the pipe. */
static void drain(void)
{
	int rfd = report_rfd;
	static unsigned char buf[4096 + 4];
	static size_t have;
	ssize_t n;

	while ((n = read(rfd, buf + have, 4096)) > 0) {
		size_t i;

		have += (size_t)n;
		for (i = 0; i + 4 <= have; i += 4) {
			uint32_t rec;

			memcpy(&rec, buf + i, 4);
			account(rec);
		}
		memmove(buf, buf + i, have - i);
		have -= i;
	}
}

/*
 * SIGKILL a worker and what is left of its process group: children a
 * fuzzed SIGSTOP left stopped would otherwise outlive it (stopped, they
 * also keep a vfork parent waiting).
 */
static void kill_group(pid_t pid)
{
	char path[64];
	struct dirent *e;
	DIR *d;

	kill(pid, SIGKILL);
	kill(-pid, SIGKILL);
	/* Each thread too: if the main thread has exited, the process is a
	 * zombie leader with live threads, which kill() may pass over. */
	snprintf(path, sizeof(path), "/proc/%d/task", pid);
	d = opendir(path);
	while (d && (e = readdir(d)))
		if (e->d_name[0] != '.')
			syscall(SYS_tgkill, pid, atoi(e->d_name), SIGKILL);
	if (d)
		closedir(d);
}

static void worker_gone(int slot, int status)
{
	struct worker *w = &workers[slot];

	st.reaped++;
	if (WIFSIGNALED(status)) {
		if (WTERMSIG(status) == SIGKILL && w->stalled)
			st.watchdog++;
		else if (WTERMSIG(status) < 65)
			st.by_signal[WTERMSIG(status)]++;
	} else if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		st.finished++;
	} else {
		st.exit_codes++;
	}
	if (w->calls < w->budget)
		st.assigned -= w->budget - w->calls;	/* hand out again */
	kill_group(w->pid);
	w->pid = 0;
}

/* Reap what has ended; returns how many processes it reaped. */
static int reap(int flags)
{
	int status, n = 0;
	pid_t pid;

	while ((pid = waitpid(-1, &status, flags | __WALL_)) > 0) {
		int slot;

		n++;
		drain();	/* its last records, before the slot is reused */
		for (slot = 0; slot < opt.procs; slot++)
			if (workers[slot].pid == pid)
				break;
		if (slot < opt.procs)
			worker_gone(slot, status);
		else
			st.adopted++;	/* a CLONE_PARENT child of a worker */
	}
	return n;
}

static void watchdog(void)
{
	long t = ulib_now_ms();

	for (int s = 0; s < opt.procs; s++) {
		struct worker *w = &workers[s];

		if (!w->pid)
			continue;
		if (w->stalled) {
			if (t - w->killed_at > 1000) {	/* not dead yet: again */
				kill_group(w->pid);
				w->killed_at = t;
			}
			continue;
		}
		for (int i = 0; i < opt.threads; i++)
			if (t - w->last[i] > STALL_MS) {
				w->stalled = 1;
				kill_group(w->pid);
				w->killed_at = w->stalled_at = t;
				break;
			}
	}
}

static int live_workers(void)
{
	int n = 0;

	for (int s = 0; s < opt.procs; s++)
		n += workers[s].pid != 0;
	return n;
}

#define PROGRESS_MS 10000	/* a line this often, so a long run shows life */
#define UNKILLABLE_MS 60000	/* SIGKILLed this long and still there: a bug */

/* Print the state and kernel stack of each thread of @pid: what a task
 * that SIGKILL does not end is waiting for. */
static void dump_threads(pid_t pid)
{
	char path[64], buf[2048], *state;
	int *tids, n;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	n = procfs_list(path, &tids);
	for (int i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "/proc/%d/task/%d/status", (int)pid, tids[i]);
		if (procfs_read(path, buf, sizeof(buf)) < 0)
			buf[0] = '\0';
		state = strstr(buf, "State:");
		if (state)
			state[strcspn(state, "\n")] = '\0';
		printf("fuzz:   thread %d: %s\n", tids[i], state ? state : "?");
		snprintf(path, sizeof(path), "/proc/%d/task/%d/syscall", (int)pid, tids[i]);
		if (procfs_read(path, buf, sizeof(buf)) >= 0)
			printf("fuzz:   syscall: %s", buf);
		snprintf(path, sizeof(path), "/proc/%d/task/%d/stack", (int)pid, tids[i]);
		if (procfs_read(path, buf, sizeof(buf)) >= 0)
			printf("%s", buf);
	}
	if (n >= 0)
		free(tids);
	/* A thread running in the kernel has no consistent trace from here:
	 * every CPU's own (the console), as sysrq l. */
	fflush(stdout);
	procfs_write("/proc/sysrq-trigger", "l");
}

/* A worker SIGKILLed UNKILLABLE_MS ago and not reaped: say what its
 * threads wait for and end the run (it could only wait longer). */
static int check_unkillable(void)
{
	long t = ulib_now_ms();

	for (int s = 0; s < opt.procs; s++) {
		struct worker *w = &workers[s];

		if (w->pid && w->stalled && t - w->stalled_at > UNKILLABLE_MS) {
			printf("fuzz: worker %d still there %ld s after SIGKILL; "
			       "its threads:\n", (int)w->pid, (t - w->stalled_at) / 1000);
			dump_threads(w->pid);
			unkillable = w->pid;
			return 1;
		}
	}
	return 0;
}

static void run_workers(int rfd, int wfd, long deadline)
{
	uint64_t gen = 0;
	long t0 = ulib_now_ms(), next = t0 + PROGRESS_MS;

	while (!stop_requested && ulib_now_ms() < deadline) {
		if (ulib_now_ms() >= next) {
			printf("fuzz: ... %ld calls, %ld workers so far (%ld s)\n",
			       st.calls, st.started, (ulib_now_ms() - t0) / 1000);
			next += PROGRESS_MS;
		}
		for (int s = 0; s < opt.procs; s++)
			if (!workers[s].pid && st.assigned < opt.ncalls &&
			    spawn(s, gen++, rfd, wfd) < 0)
				break;	/* fork failed: try again later */
		drain();
		reap(WNOHANG);
		watchdog();
		if (st.assigned >= opt.ncalls && !live_workers())
			break;
		if (check_unkillable())
			break;
		ulib_sleep_ms(5);
	}
}

/* SIGKILL what is left and reap it; 0 if everything went within 10 s. */
static int stop_workers(void)
{
	long until = ulib_now_ms() + 10000;

	for (int n = 0; live_workers() && ulib_now_ms() < until; n++) {
		if (n % 50 == 0)	/* every 500 ms */
			for (int s = 0; s < opt.procs; s++)
				if (workers[s].pid)
					kill_group(workers[s].pid);
		if (n == 0)	/* probes on kfree() would slow their exits */
			trace_events_clear();
		drain();
		reap(WNOHANG);
		ulib_sleep_ms(10);
	}
	drain();
	if (live_workers())
		return -1;
	until = ulib_now_ms() + 2000;
	while (ulib_now_ms() < until) {
		reap(WNOHANG);
		if (waitpid(-1, NULL, WNOHANG | __WALL_) < 0 && errno == ECHILD)
			return 0;
		ulib_sleep_ms(10);
	}
	return -1;
}

static long procs_now(void)
{
	struct sysinfo si;

	return sysinfo(&si) == 0 ? si.procs : -1;
}

static long free_pages(void)
{
	struct sysinfo si;

	return sysinfo(&si) == 0 ? (long)(si.freeram * si.mem_unit / PAGE) : -1;
}

/* Wait up to 10 s for the task count to come back to @want. */
static long wait_procs(long want)
{
	long until = ulib_now_ms() + 10000, n = procs_now();

	while (n > want && ulib_now_ms() < until) {
		ulib_sleep_ms(50);
		n = procs_now();
	}
	return n;
}

/* ---- the scratch directory ------------------------------------------ */

static void rm_tree(const char *path, int depth)
{
	DIR *d;
	struct dirent *e;
	char sub[PATH_MAX];
	struct stat sb;

	if (lstat(path, &sb) < 0)
		return;
	if (!S_ISDIR(sb.st_mode) || depth > 200) {
		unlink(path);
		return;
	}
	d = opendir(path);
	while (d && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name) <
		    (int)sizeof(sub)) {
			rm_tree(sub, depth + 1);
			if (depth < 200)
				rewinddir(d);	/* entries moved under us */
		}
	}
	if (d)
		closedir(d);
	rmdir(path);
}

static int make_scratch(void)
{
	char p[128];

	snprintf(scratch_root, sizeof(scratch_root), "/tmp/fuzz.%d", getpid());
	snprintf(scratch, sizeof(scratch), "%s/a/b/w", scratch_root);
	if (mkdir(scratch_root, 0755) < 0)
		return -1;
	snprintf(p, sizeof(p), "%s/a", scratch_root);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/a/b", scratch_root);
	mkdir(p, 0755);
	if (mkdir(scratch, 0755) < 0)
		return -1;
	snprintf(p, sizeof(p), "%s/d0", scratch);
	mkdir(p, 0755);
	snprintf(mnt_point, sizeof(mnt_point), "%s/m", scratch_root);
	mkdir(mnt_point, 0755);
	return 0;
}

/*
 * /dev is a writable devtmpfs, and the paths any call may get name its
 * nodes (unlink, rename, chmod of /dev/null): the supervisor, as root,
 * remounts it read-only for the run, as it was when /dev lay on the
 * read-only root (its device nodes still open for writing), and back.
 */
static unsigned long dev_flags = ~0ul;	/* /dev's MS_* before, if changed */

static void protect_dev(int on)
{
	struct statfs sf;
	unsigned long keep;

	if (on && statfs("/dev", &sf) == 0 && !(sf.f_flags & ST_RDONLY)) {
		keep = sf.f_flags & (ST_NOSUID | ST_NODEV | ST_NOEXEC);
		if (mount(NULL, "/dev", NULL, MS_REMOUNT | MS_RDONLY | keep, NULL) == 0)
			dev_flags = keep;
	} else if (!on && dev_flags != ~0ul) {
		mount(NULL, "/dev", NULL, MS_REMOUNT | dev_flags, NULL);
	}
}

/* Unmount what the workers left mounted on mnt_point. */
static void umount_scratch(void)
{
	for (int i = 0; i < 8 && umount2(mnt_point, MNT_DETACH) == 0; i++)
		;
}

/* ---- System V IPC objects ------------------------------------------- */

/* Segments, message queues and semaphore arrays stay after their makers
 * exit (as on Linux): the run removes the ones it made, those not in the
 * lists ipc_objects() gave at the start. */
#define MAX_IPC_OBJS 256

enum ipc_kind { IPC_SHM, IPC_MSG, IPC_SEM };

/* ctl(2) of @kind: shmctl, msgctl or semctl, the last with @buf as its
 * union semun. */
static int kind_ctl(enum ipc_kind kind, int id, int cmd, void *buf)
{
	if (kind == IPC_SEM)
		return semctl(id, 0, cmd, buf);
	return kind == IPC_MSG ? msgctl(id, cmd, buf) : shmctl(id, cmd, buf);
}

/* SHM_INFO, MSG_INFO, SEM_INFO (the highest slot in use); then the
 * *_STAT_ANY of a slot (its object's id). */
static const int ipc_info_cmd[] = { 14, 12, 19 }, ipc_stat_any[] = { 15, 13, 20 };

/* The ids of the objects of @kind there are now (the first MAX_IPC_OBJS). */
static int ipc_objects(enum ipc_kind kind, int *ids)
{
	char buf[256];
	int max = kind_ctl(kind, 0, ipc_info_cmd[kind], buf), n = 0;

	for (int i = 0; i <= max && n < MAX_IPC_OBJS; i++) {
		int id = kind_ctl(kind, i, ipc_stat_any[kind], buf);

		if (id >= 0)
			ids[n++] = id;
	}
	return n;
}

/* Remove every object of @kind not in @before: all the slots, however
 * many the run made (a long run leaves hundreds of message queues). */
static void remove_new_ipc_objects(enum ipc_kind kind, const int *before, int n_before)
{
	char buf[256];
	int max = kind_ctl(kind, 0, ipc_info_cmd[kind], buf), j;

	for (int i = 0; i <= max; i++) {
		int id = kind_ctl(kind, i, ipc_stat_any[kind], buf);

		for (j = 0; j < n_before && before[j] != id; j++)
			;
		if (id >= 0 && j == n_before)
			kind_ctl(kind, id, IPC_RMID, NULL);
	}
}

/* ---- what outlives the run: POSIX message queues, stray files ------- */

/* Names listed at the start of the run, to tell what the run made. */
#define MAX_NAMES 256

struct name_list {
	char name[MAX_NAMES][NAME_MAX + 1];
	int n;
};

static struct name_list mq0, tmp0;

static int name_known(const struct name_list *l, const char *name)
{
	for (int i = 0; i < l->n; i++)
		if (!strcmp(l->name[i], name))
			return 1;
	return 0;
}

/*
 * Record the entries of @dir into @l (@remove 0), or remove those that
 * are not in it and are not @keep (@remove 1), printing each with @what
 * unless @what is NULL. Returns how many were removed.
 */
static int dir_scan(const char *dir, struct name_list *l, int remove,
		    const char *keep, const char *what)
{
	char path[PATH_MAX];
	struct dirent *e;
	DIR *d = opendir(dir);
	int n = 0;

	while (d && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
		    (keep && !strcmp(e->d_name, keep)))
			continue;
		if (!remove) {
			if (l->n < MAX_NAMES)
				strcpy(l->name[l->n++], e->d_name);
			continue;
		}
		if (name_known(l, e->d_name))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (what)
			printf("fuzz: %s %s (removed)\n", what, path);
		rm_tree(path, 0);
		n++;
		rewinddir(d);		/* the entries after it moved */
	}
	if (d)
		closedir(d);
	return n;
}

/* Queues stay after their makers exit too, by name: the run unlinks the
 * ones not there at its start, as listed through a private mount of the
 * mqueue file system (its IPC namespace's; none without privilege). */
static void mq_scan(int remove)
{
	char dir[] = "/tmp/fuzz-mq-XXXXXX";

	if (!mkdtemp(dir))
		return;
	if (mount("none", dir, "mqueue", 0, NULL) == 0) {
		dir_scan(dir, &mq0, remove, NULL, NULL);
		umount2(dir, MNT_DETACH);
	}
	rmdir(dir);
}

/* The workers' paths stay in the scratch (the file comment): anything
 * else new in /tmp at the end is a hole in that fence. Returns how many
 * such entries there were (@check 1), after removing them. */
static int tmp_scan(int check)
{
	return dir_scan("/tmp", &tmp0, check, scratch_root + 5,
			"a worker left");
}

/* ---- the summary ----------------------------------------------------- */

static const char *const errno_names[] = {
	[0] = "ok", [EPERM] = "EPERM", [ENOENT] = "ENOENT",
	[ESRCH] = "ESRCH", [EINTR] = "EINTR", [EIO] = "EIO",
	[ENXIO] = "ENXIO", [E2BIG] = "E2BIG", [ENOEXEC] = "ENOEXEC",
	[EBADF] = "EBADF", [ECHILD] = "ECHILD", [EAGAIN] = "EAGAIN",
	[ENOMEM] = "ENOMEM", [EACCES] = "EACCES", [EFAULT] = "EFAULT",
	[EBUSY] = "EBUSY", [EEXIST] = "EEXIST", [EXDEV] = "EXDEV",
	[ENODEV] = "ENODEV", [ENOTDIR] = "ENOTDIR", [EISDIR] = "EISDIR",
	[EINVAL] = "EINVAL", [ENFILE] = "ENFILE", [EMFILE] = "EMFILE",
	[ENOTTY] = "ENOTTY", [EFBIG] = "EFBIG", [ENOSPC] = "ENOSPC",
	[ESPIPE] = "ESPIPE", [EROFS] = "EROFS", [EMLINK] = "EMLINK",
	[EPIPE] = "EPIPE", [EDOM] = "EDOM", [ERANGE] = "ERANGE",
	[EDEADLK] = "EDEADLK", [ENAMETOOLONG] = "ENAMETOOLONG",
	[ENOSYS] = "ENOSYS", [ENOTEMPTY] = "ENOTEMPTY", [ELOOP] = "ELOOP",
	[EOVERFLOW] = "EOVERFLOW", [EOPNOTSUPP] = "EOPNOTSUPP",
	[ETIMEDOUT] = "ETIMEDOUT", [ERESTART] = "ERESTART",
	[253] = "E>252",	/* ERESTARTSYS (512) and such */
};

static void print_errnos(void)
{
	char line[2048];
	int n = snprintf(line, sizeof(line), "fuzz: results:");

	for (int e = 0; e < 254; e++) {
		const char *name = e < NELEM(errno_names) ? errno_names[e] : NULL;

		if (!st.errs[e])
			continue;
		if (name)
			n += snprintf(line + n, sizeof(line) - n, " %s %ld", name,
				      st.errs[e]);
		else
			n += snprintf(line + n, sizeof(line) - n, " E%d %ld", e,
				      st.errs[e]);
		if (n > (int)sizeof(line) - 64)
			break;
	}
	printf("%s\n", line);
}

static void print_calls(void)
{
	int distinct = 0;

	for (int nr = 0; nr <= NR_MAX; nr++)
		distinct += st.per_call[nr][0] != 0;
	printf("fuzz: %d distinct system-call numbers tried\n", distinct);
	if (!opt.verbose)
		return;
	for (int nr = 0; nr <= NR_MAX; nr++) {
		const char *name = nr < NR_MAX ? call_name(nr) : "(>= 1024)";

		if (st.per_call[nr][0])
			printf("fuzz:   %4d %-18s %6ld calls, %6ld succeeded\n",
			       nr, name ? name : "?", st.per_call[nr][0],
			       st.per_call[nr][1]);
	}
}

static void print_signals(void)
{
	char line[512];
	int n = 0;

	line[0] = 0;
	for (int s = 1; s < 65; s++)
		if (st.by_signal[s] && ulib_sig_name(s))
			n += snprintf(line + n, sizeof(line) - n, " SIG%s %ld",
				      ulib_sig_name(s), st.by_signal[s]);
		else if (st.by_signal[s])
			n += snprintf(line + n, sizeof(line) - n, " sig%d %ld",
				      s, st.by_signal[s]);
	printf("fuzz: workers: %ld started, %ld reaped: %ld finished, "
	       "%ld killed by a signal, %ld stopped by the watchdog, "
	       "%ld exited early\n", st.started, st.reaped, st.finished,
	       st.reaped - st.finished - st.watchdog - st.exit_codes,
	       st.watchdog, st.exit_codes);
	if (n)
		printf("fuzz: worker deaths by signal:%s\n", line);
}

/* ---- main ------------------------------------------------------------ */

static int call_number(const char *s)
{
	long v;

	if (ulib_parse_long(s, &v) == 0)
		return v >= 0 && v < NR_MAX ? (int)v : -1;
	for (int i = 0; i < NCALLS; i++)
		if (!strcmp(calls[i].name, s))
			return calls[i].nr;
	return -1;
}

static void usage(void)
{
	fprintf(stderr, "usage: fuzz [-s SEED] [-n CALLS] [-p PROCS] "
		"[-t THREADS] [-T SECONDS] [-b CALLS] [-k NAME]... "
		"[-o NAME]... [-l] [-v] [-F]\n");
	exit(2);
}

static long num_arg(const char *s, long lo, long hi)
{
	long v;

	if (!s || ulib_parse_long(s, &v) < 0 || v < lo || v > hi)
		usage();
	return v;
}

static void parse_args(int argc, char **argv)
{
	int c;

	opt.seed = (uint64_t)time(NULL);
	while ((c = getopt(argc, argv, "s:n:p:t:T:b:k:o:lvF")) != -1) {
		int nr;

		switch (c) {
		case 's': opt.seed = (uint64_t)strtoull(optarg, NULL, 0); break;
		case 'n': opt.ncalls = num_arg(optarg, 1, 1L << 40); break;
		case 'p': opt.procs = (int)num_arg(optarg, 1, MAX_WORKERS); break;
		case 't': opt.threads = (int)num_arg(optarg, 1, MAX_THREADS); break;
		case 'T': opt.seconds = num_arg(optarg, 1, 1L << 30); break;
		case 'b': opt.per_worker = num_arg(optarg, 1, 1L << 40); break;
		case 'k': case 'o':
			nr = call_number(optarg);
			if (nr < 0) {
				ulib_err("fuzz", "unknown system call: %s", optarg);
				exit(2);
			}
			if (c == 'k')
				opt.skip[nr] = 1;
			else
				opt.only[nr] = opt.any_only = 1;
			break;
		case 'l': opt.log = 1; break;
		case 'v': opt.verbose = 1; break;
		case 'F': opt.make_it_fail = 1; break;
		default: usage();
		}
	}
}

/* Results no user program may see (ERESTARTSYS and friends). */
static long odd_errnos(void)
{
	long n = 0;

	for (int e = ERRNO_MAX + 1; e < 254; e++)
		n += st.errs[e];
	return n;
}

/* Run, report and judge; returns the exit status. */
static int supervise(void)
{
	long t0 = ulib_now_ms(), procs0 = procs_now(), free0 = free_pages();
	long procs1, free1, elapsed;
	int p[2], clean, strays, ipc0[3][MAX_IPC_OBJS], n_ipc0[3];
	const char *why = NULL;

	for (int k = IPC_SHM; k <= IPC_SEM; k++)
		n_ipc0[k] = ipc_objects(k, ipc0[k]);
	mq_scan(0);
	tmp_scan(0);
	lo_mtu_keep(0);
	if (pipe2(p, O_NONBLOCK | O_CLOEXEC) < 0) {
		perror("fuzz: pipe");
		return 1;
	}
	fcntl(p[1], F_SETFL, 0);	/* workers block when it is full */
	report_rfd = p[0];
	run_workers(p[0], p[1], t0 + opt.seconds * 1000);
	clean = stop_workers();
	close(p[1]);
	drain();
	elapsed = ulib_now_ms() - t0;
	procs1 = wait_procs(procs0);
	umount_scratch();
	rm_tree(scratch_root, 0);
	protect_dev(0);
	for (int k = IPC_SHM; k <= IPC_SEM; k++)
		remove_new_ipc_objects(k, ipc0[k], n_ipc0[k]);
	mq_scan(1);
	lo_mtu_keep(1);
	trace_events_clear();
	strays = tmp_scan(1);
	free1 = free_pages();

	printf("fuzz: calls %ld (skipped %ld) in %ld.%ld s, %ld/s\n",
	       st.calls, st.skipped, elapsed / 1000, elapsed % 1000 / 100,
	       elapsed ? st.calls * 1000 / elapsed : 0);
	print_signals();
	printf("fuzz: tasks created: %ld workers, %ld threads, %ld by fuzzed "
	       "fork/clone (%ld reaped by their worker, %ld adopted and "
	       "reaped here)\n", st.started, st.threads, st.created,
	       st.child_reaped, st.adopted);
	printf("fuzz: tasks: %ld before, %ld after\n", procs0, procs1);
	printf("fuzz: free pages: %ld before, %ld after (this process "
	       "still runs)\n", free0, free1);
	if (strays)
		printf("fuzz: %d files left outside the scratch, removed (above)\n",
		       strays);
	print_errnos();
	print_calls();
	for (int s = 1; s < 65; s++)
		if (sup_sig_count[s])
			printf("fuzz: the supervisor got signal %d %ld times\n",
			       s, (long)sup_sig_count[s]);

	if (unkillable)
		why = "a worker survived SIGKILL (its threads' stacks are above)";
	else if (odd_errnos())
		why = "a kernel-internal errno reached user space (see the lines "
		      "above)";
	else if (clean < 0)
		why = "a worker or child could not be reaped";
	else if (st.reaped != st.started)
		why = "workers started and reaped differ";
	else if (procs1 != procs0)
		why = "the task count did not come back";
	else if (stop_requested)
		why = "interrupted";
	if (why) {
		printf("fuzz: FAIL: %s\n", why);
		return 1;
	}
	printf("fuzz: PASS: every task reaped, the kernel still answers\n");
	return 0;
}

int main(int argc, char **argv)
{
	parse_args(argc, argv);
	if (!ulib_on_taskbase()) {
		ulib_err("fuzz", "refusing to run: this is not Taskbase "
			 "(uname sysname); the fuzzer would damage this system");
		return 2;
	}
	supervisor = getpid();
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("fuzz: seed %llu, %ld calls, %d processes x %d threads, "
	       "limit %ld s\n", (unsigned long long)opt.seed, opt.ncalls,
	       opt.procs, opt.threads, opt.seconds);
	if (make_scratch() < 0) {
		ulib_err("fuzz", "cannot make %s: %s", scratch, strerror(errno));
		return 1;
	}
	protect_dev(1);
	supervisor_signals();
	ulib_set_oom_score_adj(-1000);	/* the OOM killer spares the judge */
	return supervise();
}
