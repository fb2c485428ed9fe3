/*
 * user/lib/strace_tables.h: what strace knows about the Linux x86_64
 * system calls: how to print each one's arguments, and the names of
 * flags, commands and error numbers (Linux's values, from its uapi
 * headers). Data only; user/strace.c does the printing.
 *
 * Defines static tables: include it from one .c file only.
 */
#ifndef USER_LIB_STRACE_TABLES_H
#define USER_LIB_STRACE_TABLES_H

#include <sys/syscall.h>

/* A flag bit (or an enum value) and its name; tables end with a NULL name. */
struct flag {
	unsigned long long bit;
	const char *name;
};

static const struct flag open_flags[] = {
	{ 0100, "O_CREAT" }, { 0200, "O_EXCL" }, { 0400, "O_NOCTTY" },
	{ 01000, "O_TRUNC" }, { 02000, "O_APPEND" }, { 04000, "O_NONBLOCK" },
	{ 04010000, "O_SYNC" }, { 010000, "O_DSYNC" }, { 020000, "O_ASYNC" },
	{ 040000, "O_DIRECT" }, { 0100000, "O_LARGEFILE" },
	{ 020200000, "O_TMPFILE" }, { 0200000, "O_DIRECTORY" },
	{ 0400000, "O_NOFOLLOW" }, { 01000000, "O_NOATIME" },
	{ 02000000, "O_CLOEXEC" }, { 010000000, "O_PATH" }, { 0, NULL }
};

static const struct flag prot_flags[] = {
	{ 1, "PROT_READ" }, { 2, "PROT_WRITE" }, { 4, "PROT_EXEC" },
	{ 0x01000000, "PROT_GROWSDOWN" }, { 0, NULL }
};
static const struct flag map_flags[] = {
	{ 1, "MAP_SHARED" }, { 2, "MAP_PRIVATE" }, { 0x10, "MAP_FIXED" },
	{ 0x20, "MAP_ANONYMOUS" }, { 0x100, "MAP_GROWSDOWN" },
	{ 0x800, "MAP_DENYWRITE" }, { 0x1000, "MAP_EXECUTABLE" },
	{ 0x2000, "MAP_LOCKED" }, { 0x4000, "MAP_NORESERVE" },
	{ 0x8000, "MAP_POPULATE" }, { 0x10000, "MAP_NONBLOCK" },
	{ 0x20000, "MAP_STACK" }, { 0x40000, "MAP_HUGETLB" },
	{ 0x100000, "MAP_FIXED_NOREPLACE" }, { 0, NULL }
};
static const struct flag clone_flags[] = {
	{ 0x100, "CLONE_VM" }, { 0x200, "CLONE_FS" }, { 0x400, "CLONE_FILES" },
	{ 0x800, "CLONE_SIGHAND" }, { 0x1000, "CLONE_PIDFD" },
	{ 0x2000, "CLONE_PTRACE" }, { 0x4000, "CLONE_VFORK" },
	{ 0x8000, "CLONE_PARENT" }, { 0x10000, "CLONE_THREAD" },
	{ 0x20000, "CLONE_NEWNS" }, { 0x40000, "CLONE_SYSVSEM" },
	{ 0x80000, "CLONE_SETTLS" }, { 0x100000, "CLONE_PARENT_SETTID" },
	{ 0x200000, "CLONE_CHILD_CLEARTID" }, { 0x400000, "CLONE_DETACHED" },
	{ 0x800000, "CLONE_UNTRACED" }, { 0x1000000, "CLONE_CHILD_SETTID" },
	{ 0, NULL }
};
static const struct flag wait_flags[] = {
	{ 1, "WNOHANG" }, { 2, "WUNTRACED" }, { 8, "WCONTINUED" },
	{ 0x40000000, "__WALL" }, { 0x80000000, "__WCLONE" }, { 0, NULL }
};
static const struct flag at_flags[] = {
	{ 0x100, "AT_SYMLINK_NOFOLLOW" }, { 0x200, "AT_REMOVEDIR" },
	{ 0x400, "AT_SYMLINK_FOLLOW" }, { 0x800, "AT_NO_AUTOMOUNT" },
	{ 0x1000, "AT_EMPTY_PATH" }, { 0, NULL }
};
static const struct flag access_flags[] = {
	{ 4, "R_OK" }, { 2, "W_OK" }, { 1, "X_OK" }, { 0, NULL }
};
static const struct flag sa_flags[] = {
	{ 1, "SA_NOCLDSTOP" }, { 2, "SA_NOCLDWAIT" }, { 4, "SA_SIGINFO" },
	{ 0x04000000, "SA_RESTORER" }, { 0x08000000, "SA_ONSTACK" },
	{ 0x10000000, "SA_RESTART" }, { 0x40000000, "SA_NODEFER" },
	{ 0x80000000, "SA_RESETHAND" }, { 0, NULL }
};
static const struct flag grnd_flags[] = {
	{ 1, "GRND_NONBLOCK" }, { 2, "GRND_RANDOM" }, { 0, NULL }
};
static const struct flag whence_names[] = {
	{ 0, "SEEK_SET" }, { 1, "SEEK_CUR" }, { 2, "SEEK_END" },
	{ 3, "SEEK_DATA" }, { 4, "SEEK_HOLE" }, { 0, NULL }
};
static const struct flag how_names[] = {
	{ 0, "SIG_BLOCK" }, { 1, "SIG_UNBLOCK" }, { 2, "SIG_SETMASK" }, { 0, NULL }
};
static const struct flag clock_names[] = {
	{ 0, "CLOCK_REALTIME" }, { 1, "CLOCK_MONOTONIC" },
	{ 2, "CLOCK_PROCESS_CPUTIME_ID" }, { 3, "CLOCK_THREAD_CPUTIME_ID" },
	{ 4, "CLOCK_MONOTONIC_RAW" }, { 5, "CLOCK_REALTIME_COARSE" },
	{ 6, "CLOCK_MONOTONIC_COARSE" }, { 7, "CLOCK_BOOTTIME" }, { 0, NULL }
};
static const struct flag rlimit_names[] = {
	{ 0, "RLIMIT_CPU" }, { 1, "RLIMIT_FSIZE" }, { 2, "RLIMIT_DATA" },
	{ 3, "RLIMIT_STACK" }, { 4, "RLIMIT_CORE" }, { 5, "RLIMIT_RSS" },
	{ 6, "RLIMIT_NPROC" }, { 7, "RLIMIT_NOFILE" }, { 8, "RLIMIT_MEMLOCK" },
	{ 9, "RLIMIT_AS" }, { 10, "RLIMIT_LOCKS" }, { 11, "RLIMIT_SIGPENDING" },
	{ 12, "RLIMIT_MSGQUEUE" }, { 13, "RLIMIT_NICE" }, { 14, "RLIMIT_RTPRIO" },
	{ 15, "RLIMIT_RTTIME" }, { 0, NULL }
};
static const struct flag ioctl_names[] = {
	{ 0x5401, "TCGETS" }, { 0x5402, "TCSETS" }, { 0x5403, "TCSETSW" },
	{ 0x5404, "TCSETSF" }, { 0x540E, "TIOCSCTTY" }, { 0x540F, "TIOCGPGRP" },
	{ 0x5410, "TIOCSPGRP" }, { 0x5413, "TIOCGWINSZ" }, { 0x5414, "TIOCSWINSZ" },
	{ 0x541B, "FIONREAD" }, { 0x5421, "FIONBIO" }, { 0x5422, "TIOCNOTTY" },
	{ 0x5450, "FIONCLEX" }, { 0x5451, "FIOCLEX" }, { 0, NULL }
};
static const struct flag arch_prctl_names[] = {
	{ 0x1001, "ARCH_SET_GS" }, { 0x1002, "ARCH_SET_FS" },
	{ 0x1003, "ARCH_GET_FS" }, { 0x1004, "ARCH_GET_GS" }, { 0, NULL }
};
static const struct flag syslog_names[] = {
	{ 0, "SYSLOG_ACTION_CLOSE" }, { 1, "SYSLOG_ACTION_OPEN" },
	{ 2, "SYSLOG_ACTION_READ" }, { 3, "SYSLOG_ACTION_READ_ALL" },
	{ 4, "SYSLOG_ACTION_READ_CLEAR" }, { 5, "SYSLOG_ACTION_CLEAR" },
	{ 6, "SYSLOG_ACTION_CONSOLE_OFF" }, { 7, "SYSLOG_ACTION_CONSOLE_ON" },
	{ 8, "SYSLOG_ACTION_CONSOLE_LEVEL" }, { 9, "SYSLOG_ACTION_SIZE_UNREAD" },
	{ 10, "SYSLOG_ACTION_SIZE_BUFFER" }, { 0, NULL }
};
static const struct flag fcntl_names[] = {
	{ 0, "F_DUPFD" }, { 1, "F_GETFD" }, { 2, "F_SETFD" }, { 3, "F_GETFL" },
	{ 4, "F_SETFL" }, { 5, "F_GETLK" }, { 6, "F_SETLK" }, { 7, "F_SETLKW" },
	{ 1030, "F_DUPFD_CLOEXEC" }, { 0, NULL }
};
static const struct flag futex_names[] = {
	{ 0, "FUTEX_WAIT" }, { 1, "FUTEX_WAKE" }, { 2, "FUTEX_FD" },
	{ 3, "FUTEX_REQUEUE" }, { 4, "FUTEX_CMP_REQUEUE" }, { 5, "FUTEX_WAKE_OP" },
	{ 6, "FUTEX_LOCK_PI" }, { 7, "FUTEX_UNLOCK_PI" }, { 8, "FUTEX_TRYLOCK_PI" },
	{ 9, "FUTEX_WAIT_BITSET" }, { 10, "FUTEX_WAKE_BITSET" }, { 0, NULL }
};

/*
 * How to print each call's arguments, one letter each:
 *   d int   l long   u unsigned   x hex   p pointer   f fd   A dirfd
 *   s string   b buffer (length: next argument)   m mode (octal)
 *   o open flags   P prot   M mmap flags   W whence   Q access mode
 *   N AT_ flags   S signal   H sigprocmask how   k sigset   a sigaction
 *   t timespec   e argv   E envp   v iovecs (count: next argument)
 *   n clock   R rlimit resource   r rlimit   i ioctl request   h wait
 *   options   c arch_prctl code   g syslog action   G getrandom flags
 * Upper case: filled in by the call, printed when it returns:
 *   B buffer (length: the result)   Y string (length: the result)
 *   V iovecs   K sigset   Z sigaction   T timespec   O struct stat
 *   U utsname   D dirents   y int[2]   L rlimit   w wait status
 *   I ioctl argument
 * ret: 'd' decimal, 'x' hex (addresses), '?' never returns.
 */
struct call_fmt {
	const char *args;
	char ret;
};

static const struct call_fmt formats[] = {
	[SYS_read] = { "fBu", 'd' }, [SYS_write] = { "fbu", 'd' },
	[SYS_open] = { "som", 'd' }, [SYS_close] = { "f", 'd' },
	[SYS_stat] = { "sO", 'd' }, [SYS_fstat] = { "fO", 'd' },
	[SYS_lstat] = { "sO", 'd' }, [SYS_poll] = { "pud", 'd' },
	[SYS_lseek] = { "flW", 'd' }, [SYS_mmap] = { "puPMfx", 'x' },
	[SYS_mprotect] = { "puP", 'd' }, [SYS_munmap] = { "pu", 'd' },
	[SYS_brk] = { "p", 'x' }, [SYS_rt_sigaction] = { "SaZu", 'd' },
	[SYS_rt_sigprocmask] = { "HkKu", 'd' }, [SYS_rt_sigreturn] = { "", 'd' },
	[SYS_ioctl] = { "fiI", 'd' }, [SYS_pread64] = { "fBul", 'd' },
	[SYS_pwrite64] = { "fbul", 'd' }, [SYS_readv] = { "fVd", 'd' },
	[SYS_writev] = { "fvd", 'd' }, [SYS_access] = { "sQ", 'd' },
	[SYS_pipe] = { "y", 'd' }, [SYS_select] = { "dpppp", 'd' },
	[SYS_sched_yield] = { "", 'd' }, [SYS_mremap] = { "puuxp", 'x' },
	[SYS_madvise] = { "pud", 'd' }, [SYS_dup] = { "f", 'd' },
	[SYS_dup2] = { "ff", 'd' }, [SYS_pause] = { "", 'd' },
	[SYS_nanosleep] = { "tp", 'd' }, [SYS_getitimer] = { "dp", 'd' },
	[SYS_alarm] = { "u", 'd' }, [SYS_setitimer] = { "dpp", 'd' },
	[SYS_getpid] = { "", 'd' }, [SYS_fork] = { "", 'd' },
	[SYS_vfork] = { "", 'd' }, [SYS_execve] = { "seE", 'd' },
	[SYS_exit] = { "d", '?' }, [SYS_wait4] = { "dwhp", 'd' },
	[SYS_kill] = { "dS", 'd' }, [SYS_uname] = { "U", 'd' },
	[SYS_fsync] = { "f", 'd' }, [SYS_fdatasync] = { "f", 'd' },
	[SYS_truncate] = { "sl", 'd' }, [SYS_ftruncate] = { "fl", 'd' },
	[SYS_getdents] = { "fDu", 'd' }, [SYS_getcwd] = { "Yu", 'd' },
	[SYS_chdir] = { "s", 'd' }, [SYS_fchdir] = { "f", 'd' },
	[SYS_rename] = { "ss", 'd' }, [SYS_mkdir] = { "sm", 'd' },
	[SYS_rmdir] = { "s", 'd' }, [SYS_creat] = { "sm", 'd' },
	[SYS_link] = { "ss", 'd' }, [SYS_unlink] = { "s", 'd' },
	[SYS_symlink] = { "ss", 'd' }, [SYS_readlink] = { "sYu", 'd' },
	[SYS_chmod] = { "sm", 'd' }, [SYS_fchmod] = { "fm", 'd' },
	[SYS_umask] = { "m", 'd' }, [SYS_gettimeofday] = { "pp", 'd' },
	[SYS_getrlimit] = { "RL", 'd' }, [SYS_getrusage] = { "dp", 'd' },
	[SYS_sysinfo] = { "p", 'd' }, [SYS_getuid] = { "", 'd' },
	[SYS_syslog] = { "gBd", 'd' }, [SYS_getgid] = { "", 'd' },
	[SYS_setuid] = { "d", 'd' }, [SYS_setgid] = { "d", 'd' },
	[SYS_geteuid] = { "", 'd' }, [SYS_getegid] = { "", 'd' },
	[SYS_setpgid] = { "dd", 'd' }, [SYS_getppid] = { "", 'd' },
	[SYS_getpgrp] = { "", 'd' }, [SYS_setsid] = { "", 'd' },
	[SYS_getpgid] = { "d", 'd' }, [SYS_getsid] = { "d", 'd' },
	[SYS_rt_sigpending] = { "Ku", 'd' }, [SYS_rt_sigsuspend] = { "ku", 'd' },
	[SYS_sigaltstack] = { "pp", 'd' }, [SYS_arch_prctl] = { "cx", 'd' },
	[SYS_setrlimit] = { "Rr", 'd' }, [SYS_sync] = { "", 'd' },
	[SYS_reboot] = { "xxxp", 'd' }, [SYS_gettid] = { "", 'd' },
	[SYS_tkill] = { "dS", 'd' }, [SYS_time] = { "p", 'd' },
	[SYS_sched_setaffinity] = { "dup", 'd' },
	[SYS_sched_getaffinity] = { "dup", 'd' },
	[SYS_set_tid_address] = { "p", 'd' }, [SYS_getdents64] = { "fDu", 'd' },
	[SYS_clock_gettime] = { "nT", 'd' }, [SYS_clock_getres] = { "nT", 'd' },
	[SYS_clock_nanosleep] = { "ndtp", 'd' }, [SYS_exit_group] = { "d", '?' },
	[SYS_tgkill] = { "ddS", 'd' }, [SYS_openat] = { "Asom", 'd' },
	[SYS_mkdirat] = { "Asm", 'd' }, [SYS_newfstatat] = { "AsON", 'd' },
	[SYS_unlinkat] = { "AsN", 'd' }, [SYS_renameat] = { "AsAs", 'd' },
	[SYS_readlinkat] = { "AsYu", 'd' }, [SYS_faccessat] = { "AsQ", 'd' },
	[SYS_set_robust_list] = { "pu", 'd' }, [SYS_pipe2] = { "yo", 'd' },
	[SYS_dup3] = { "ffo", 'd' }, [SYS_prlimit64] = { "dRrL", 'd' },
	[SYS_getrandom] = { "BuG", 'd' }, [SYS_init_module] = { "bus", 'd' },
	[SYS_delete_module] = { "so", 'd' }, [SYS_statx] = { "AsNxp", 'd' },
	[SYS_finit_module] = { "fsx", 'd' },
	[SYS_prctl] = { "dxxxx", 'd' }, [SYS_fcntl] = { "fFx", 'd' },
	[SYS_clone] = { "Cppppp", 'd' }, [SYS_futex] = { "pXdtpd", 'd' },
};

#define NFORMATS (sizeof(formats) / sizeof(formats[0]))

static const char *const errno_names[] = {
	[1] = "EPERM", [2] = "ENOENT", [3] = "ESRCH", [4] = "EINTR", [5] = "EIO",
	[6] = "ENXIO", [7] = "E2BIG", [8] = "ENOEXEC", [9] = "EBADF",
	[10] = "ECHILD", [11] = "EAGAIN", [12] = "ENOMEM", [13] = "EACCES",
	[14] = "EFAULT", [15] = "ENOTBLK", [16] = "EBUSY", [17] = "EEXIST",
	[18] = "EXDEV", [19] = "ENODEV", [20] = "ENOTDIR", [21] = "EISDIR",
	[22] = "EINVAL", [23] = "ENFILE", [24] = "EMFILE", [25] = "ENOTTY",
	[26] = "ETXTBSY", [27] = "EFBIG", [28] = "ENOSPC", [29] = "ESPIPE",
	[30] = "EROFS", [31] = "EMLINK", [32] = "EPIPE", [33] = "EDOM",
	[34] = "ERANGE", [35] = "EDEADLK", [36] = "ENAMETOOLONG",
	[37] = "ENOLCK", [38] = "ENOSYS", [39] = "ENOTEMPTY", [40] = "ELOOP",
	[42] = "ENOMSG", [61] = "ENODATA", [62] = "ETIME", [75] = "EOVERFLOW",
	[84] = "EILSEQ", [88] = "ENOTSOCK", [95] = "EOPNOTSUPP",
	[110] = "ETIMEDOUT", [111] = "ECONNREFUSED", [125] = "ECANCELED",
};

/* Kernel-internal restart codes a traced call may show (Linux's values). */
static const struct flag restart_codes[] = {
	{ 512, "ERESTARTSYS (To be restarted if SA_RESTART is set)" },
	{ 513, "ERESTARTNOINTR (To be restarted)" },
	{ 514, "ERESTARTNOHAND (To be restarted if no handler)" },
	{ 516, "ERESTART_RESTARTBLOCK (Interrupted by signal)" },
	{ 0, NULL }
};

#endif
