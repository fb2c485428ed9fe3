/*
 * The system-call table (see syscall.h): Linux x86_64 numbers to
 * handlers. A number with no entry returns -ENOSYS and is logged once.
 */
#include "kernel/syscall.h"
#include "kernel/bpf/bpf.h"
#include "kernel/fs/notify/fanotify.h"
#include "kernel/fs/notify/inotify.h"
#include "kernel/fs/syscalls.h"
#include "kernel/fs/aio/aio.h"
#include "kernel/events/perf_event.h"
#include "kernel/io_uring/io_uring.h"
#include "kernel/lab_syscall.h"
#include "kernel/module/loader.h"
#include "kernel/net/syscalls.h"
#include "kernel/printk/printk.h"
#include "kernel/ptrace.h"
#include "kernel/security/landlock/landlock.h"
#include "kernel/sys/seccomp.h"
#include "kernel/syscalls.h"
#include "kernel/sys/sys.h"
#include "kernel/task.h"
#include "kernel/tty/tty.h"
#include "lib/errno.h"

/* The cast goes through void (*)(void), gcc's "any function" type: the
 * handlers' real parameter lists differ on purpose (see syscall.h). */
#define AS_SYSCALL_FN(fn) ((syscall_fn_t)(void (*)(void))(fn))
#define SYSCALL(name, n) [__NR_##name] = { #name, AS_SYSCALL_FN(sys_##name), n }
/* Same handler under another name (Linux's stat is sys_newstat, ...). */
#define SYSCALL_AS(name, fn, n) [__NR_##name] = { #name, AS_SYSCALL_FN(fn), n }

const struct syscall_desc sys_call_table[NR_syscalls] = {
	/* processes */
	SYSCALL(clone, 5),
	SYSCALL(clone3, 2),		/* kernel/clone3.c */
	SYSCALL(unshare, 1),		/* kernel/ns/nsproxy.c */
	SYSCALL(setns, 2),		/* kernel/ns/nsfs.c */
	SYSCALL(rseq, 4),		/* kernel/sched/rseq.c */
	SYSCALL(fork, 0),
	SYSCALL(vfork, 0),
	SYSCALL(execve, 3),
	SYSCALL(execveat, 5),		/* kernel/fs/exec/execveat.c */
	SYSCALL(exit, 1),
	SYSCALL(exit_group, 1),
	SYSCALL(wait4, 4),
	SYSCALL(waitid, 5),
	SYSCALL(pidfd_open, 2),		/* kernel/fs/anon/pidfd.c */
	SYSCALL(pidfd_getfd, 3),
	SYSCALL(pidfd_send_signal, 4),	/* kernel/sigqueue.c */
	SYSCALL(kcmp, 5),		/* kernel/sys/kcmp.c */
	SYSCALL(ioprio_set, 3),		/* kernel/sys/ioprio.c */
	SYSCALL(ioprio_get, 2),
	SYSCALL(acct, 1),		/* kernel/sys/acct.c */
	SYSCALL(perf_event_open, 5),	/* kernel/events/core.c */
	SYSCALL(bpf, 3),		/* kernel/bpf/syscall.c */
	/* signals */
	SYSCALL(kill, 2),
	SYSCALL(ptrace, 4),		/* kernel/ptrace.c */
	SYSCALL(process_vm_readv, 6),	/* kernel/mm/process_vm_access.c */
	SYSCALL(process_vm_writev, 6),
	SYSCALL(tkill, 2),
	SYSCALL(tgkill, 3),
	SYSCALL(rt_sigaction, 4),
	SYSCALL(rt_sigprocmask, 4),
	SYSCALL(rt_sigpending, 2),
	SYSCALL(rt_sigsuspend, 2),
	SYSCALL(rt_sigreturn, 0),
	SYSCALL(restart_syscall, 0),	/* kernel/sys.c */
	SYSCALL(pause, 0),
	SYSCALL(sigaltstack, 2),
	SYSCALL(rt_sigqueueinfo, 3),	/* kernel/sigqueue.c */
	SYSCALL(rt_tgsigqueueinfo, 4),
	SYSCALL(rt_sigtimedwait, 4),
	/* memory */
	SYSCALL(brk, 1),
	SYSCALL(mmap, 6),
	SYSCALL(munmap, 2),
	SYSCALL(mprotect, 3),
	SYSCALL(mremap, 5),
	SYSCALL(remap_file_pages, 5),	/* kernel/mm/mmap.c */
	SYSCALL(madvise, 3),
	SYSCALL(mincore, 3),
	SYSCALL(msync, 3),
	SYSCALL(mlock, 2),
	SYSCALL(mlock2, 3),
	SYSCALL(munlock, 2),
	SYSCALL(mlockall, 1),
	SYSCALL(munlockall, 0),
	SYSCALL(shmget, 3),		/* kernel/ipc/shm.c */
	SYSCALL(shmat, 3),
	SYSCALL(shmdt, 1),
	SYSCALL(shmctl, 3),		/* kernel/ipc/shmctl.c */
	SYSCALL(msgget, 2),		/* kernel/ipc/msg.c */
	SYSCALL(msgsnd, 4),
	SYSCALL(msgrcv, 5),
	SYSCALL(msgctl, 3),		/* kernel/ipc/msgctl.c */
	SYSCALL(mq_open, 4),		/* kernel/ipc/mq_syscalls.c */
	SYSCALL(mq_unlink, 1),
	SYSCALL(mq_timedsend, 5),
	SYSCALL(mq_timedreceive, 5),
	SYSCALL(mq_notify, 2),
	SYSCALL(mq_getsetattr, 3),
	SYSCALL(semget, 3),		/* kernel/ipc/sem.c */
	SYSCALL(semop, 3),
	SYSCALL(semtimedop, 4),
	SYSCALL(semctl, 4),		/* kernel/ipc/semctl.c */
	SYSCALL(add_key, 5),		/* kernel/keys/request_key.c */
	SYSCALL(request_key, 4),
	SYSCALL(keyctl, 5),		/* kernel/keys/keyctl.c */
	/* threads, time */
	SYSCALL(futex, 6),
	SYSCALL(futex_waitv, 5),
	SYSCALL(set_tid_address, 1),
	SYSCALL(set_robust_list, 2),	/* kernel/futex/syscalls.c */
	SYSCALL(get_robust_list, 3),
	SYSCALL(membarrier, 3),		/* kernel/sched/membarrier.c */
	SYSCALL(arch_prctl, 2),
	SYSCALL(iopl, 1),		/* arch/x86_64/ioport.c */
	SYSCALL(ioperm, 3),
	SYSCALL(clock_gettime, 2),
	SYSCALL(clock_getres, 2),
	SYSCALL(clock_nanosleep, 4),
	SYSCALL(nanosleep, 2),
	SYSCALL(gettimeofday, 2),
	SYSCALL(settimeofday, 2),
	SYSCALL(clock_settime, 2),
	SYSCALL(adjtimex, 1),
	SYSCALL(clock_adjtime, 2),
	SYSCALL(time, 1),
	SYSCALL(getrandom, 3),
	SYSCALL(sched_yield, 0),
	SYSCALL(sched_getaffinity, 3),
	SYSCALL(sched_setaffinity, 3),
	SYSCALL(getpriority, 2),	/* kernel/sched/syscalls.c */
	SYSCALL(setpriority, 3),
	SYSCALL(sched_setparam, 2),
	SYSCALL(sched_getparam, 2),
	SYSCALL(sched_setattr, 3),
	SYSCALL(sched_getattr, 4),
	SYSCALL(sched_setscheduler, 3),
	SYSCALL(sched_getscheduler, 1),
	SYSCALL(sched_get_priority_max, 1),
	SYSCALL(sched_get_priority_min, 1),
	SYSCALL(sched_rr_get_interval, 2),
	/* identity, limits, misc */
	SYSCALL(getpid, 0),
	SYSCALL(gettid, 0),
	SYSCALL(getppid, 0),
	SYSCALL(getuid, 0),
	SYSCALL(geteuid, 0),
	SYSCALL(getgid, 0),
	SYSCALL(getegid, 0),
	SYSCALL(setuid, 1),
	SYSCALL(setgid, 1),
	SYSCALL(setreuid, 2),
	SYSCALL(setregid, 2),
	SYSCALL(setresuid, 3),
	SYSCALL(setresgid, 3),
	SYSCALL(getresuid, 3),
	SYSCALL(getresgid, 3),
	SYSCALL(setfsuid, 1),
	SYSCALL(setfsgid, 1),
	SYSCALL(getgroups, 2),
	SYSCALL(setgroups, 2),
	SYSCALL(capget, 2),
	SYSCALL(capset, 2),
	SYSCALL(getpgid, 1),
	SYSCALL(getpgrp, 0),
	SYSCALL(getsid, 1),
	SYSCALL(setpgid, 2),
	SYSCALL(setsid, 0),
	SYSCALL(uname, 1),
	SYSCALL(personality, 1),
	SYSCALL(sethostname, 2),
	SYSCALL(prlimit64, 4),
	SYSCALL(getrlimit, 2),
	SYSCALL(setrlimit, 2),
	SYSCALL(prctl, 5),
	SYSCALL(seccomp, 3),		/* kernel/sys/seccomp.c */
	SYSCALL(landlock_create_ruleset, 3),	/* kernel/security/landlock/ */
	SYSCALL(landlock_add_rule, 4),
	SYSCALL(landlock_restrict_self, 2),
	SYSCALL(reboot, 4),
	SYSCALL(sysinfo, 1),
	SYSCALL(getrusage, 2),
	SYSCALL(times, 1),
	SYSCALL(setitimer, 3),
	SYSCALL(getitimer, 2),
	SYSCALL(timer_create, 3),	/* kernel/time/posix_timers.c */
	SYSCALL(timer_settime, 4),
	SYSCALL(timer_gettime, 2),
	SYSCALL(timer_getoverrun, 1),
	SYSCALL(timer_delete, 1),
	SYSCALL(alarm, 1),
	SYSCALL(syslog, 3),
	SYSCALL(init_module, 3),
	SYSCALL(delete_module, 2),
	SYSCALL(finit_module, 3),
	SYSCALL(tb_stackinfo, 1),	/* Taskbase's own: kernel/lab_syscall.c */
	SYSCALL(tb_bare_syscall, 1),	/* Taskbase's own: arch/x86_64/syscall.c */
	/* files: kernel/fs/fd_syscalls.c, path_syscalls.c */
	SYSCALL(read, 3),
	SYSCALL(write, 3),
	SYSCALL(open, 3),
	SYSCALL(close, 1),
	SYSCALL(stat, 2),
	SYSCALL(fstat, 2),
	SYSCALL(lstat, 2),
	SYSCALL(lseek, 3),
	SYSCALL(ioctl, 3),
	SYSCALL(pread64, 4),
	SYSCALL(pwrite64, 4),
	SYSCALL(readv, 3),
	SYSCALL(writev, 3),
	SYSCALL(flock, 2),		/* kernel/fs/locks.c */
	SYSCALL(chroot, 1),		/* kernel/fs/path_syscalls.c */
	SYSCALL(close_range, 3),	/* kernel/fs/fdtable.c */
	SYSCALL(getcpu, 3),		/* kernel/sys.c */
	SYSCALL(setdomainname, 2),	/* kernel/sys.c */
	SYSCALL(sysfs, 3),		/* kernel/fs/statfs.c */
	SYSCALL(preadv, 5),
	SYSCALL(pwritev, 5),
	SYSCALL(preadv2, 6),
	SYSCALL(pwritev2, 6),
	SYSCALL(access, 2),
	SYSCALL(pipe, 1),
	SYSCALL(dup, 1),
	SYSCALL(dup2, 2),
	SYSCALL(fcntl, 3),
	SYSCALL(fsync, 1),
	SYSCALL(fdatasync, 1),
	SYSCALL(truncate, 2),
	SYSCALL(ftruncate, 2),
	SYSCALL(fallocate, 4),
	SYSCALL(getcwd, 2),
	SYSCALL(chdir, 1),
	SYSCALL(fchdir, 1),
	SYSCALL(rename, 2),
	SYSCALL(mkdir, 2),
	SYSCALL(rmdir, 1),
	SYSCALL(creat, 2),
	SYSCALL(unlink, 1),
	SYSCALL(readlink, 3),
	SYSCALL(umask, 1),
	SYSCALL(chmod, 2),
	SYSCALL(fchmod, 2),
	SYSCALL(fchmodat, 3),
	SYSCALL(chown, 3),
	SYSCALL(fchown, 3),
	SYSCALL(lchown, 3),
	SYSCALL(fchownat, 5),
	SYSCALL(sync, 0),
	SYSCALL(getdents64, 3),
	SYSCALL(openat, 4),
	SYSCALL(mkdirat, 3),
	SYSCALL(mknod, 3),
	SYSCALL(mknodat, 4),
	SYSCALL(newfstatat, 4),
	SYSCALL(unlinkat, 3),
	SYSCALL(renameat, 4),
	SYSCALL(readlinkat, 4),
	SYSCALL(faccessat, 3),
	SYSCALL(dup3, 3),
	SYSCALL(pipe2, 2),
	SYSCALL(renameat2, 5),
	SYSCALL(openat2, 4),		/* kernel/fs/open.c */
	SYSCALL(statx, 5),
	SYSCALL(faccessat2, 4),
	SYSCALL(symlink, 2),
	SYSCALL(symlinkat, 3),
	SYSCALL(memfd_create, 2),	/* kernel/fs/memfd.c */
	SYSCALL(eventfd, 1),		/* kernel/fs/anon/eventfd.c */
	SYSCALL(eventfd2, 2),
	SYSCALL(userfaultfd, 1),	/* kernel/fs/anon/userfaultfd.c */
	SYSCALL(pkey_mprotect, 4),	/* kernel/mm/pkeys.c */
	SYSCALL(pkey_alloc, 2),
	SYSCALL(pkey_free, 1),
	SYSCALL(inotify_init, 0),	/* kernel/fs/notify/inotify_user.c */
	SYSCALL(inotify_init1, 1),
	SYSCALL(inotify_add_watch, 3),
	SYSCALL(inotify_rm_watch, 2),
	SYSCALL(fanotify_init, 2),	/* kernel/fs/notify/fanotify_user.c */
	SYSCALL(fanotify_mark, 5),
	SYSCALL(epoll_create, 1),	/* kernel/fs/anon/eventpoll.c */
	SYSCALL(epoll_create1, 1),
	SYSCALL(epoll_ctl, 4),
	SYSCALL(epoll_wait, 4),
	SYSCALL(epoll_pwait, 6),
	SYSCALL(epoll_pwait2, 6),
	SYSCALL(link, 2),		/* kernel/fs/link.c */
	SYSCALL(linkat, 5),
	SYSCALL(name_to_handle_at, 5),	/* kernel/fs/fhandle.c */
	SYSCALL(open_by_handle_at, 3),
	SYSCALL(statfs, 2),		/* kernel/fs/statfs.c */
	SYSCALL(fstatfs, 2),
	SYSCALL(mount, 5),		/* kernel/fs/namespace.c */
	SYSCALL(umount2, 2),
	SYSCALL(mount_setattr, 5),	/* kernel/ns/pnode.c */
	SYSCALL(pivot_root, 2),		/* kernel/ns/mnt_namespace.c */
	SYSCALL(utimensat, 4),		/* kernel/fs/utimes.c */
	SYSCALL(futimesat, 3),
	SYSCALL(utimes, 2),
	SYSCALL(utime, 2),
	SYSCALL(setxattr, 5),		/* kernel/fs/xattr/xattr.c */
	SYSCALL(lsetxattr, 5),
	SYSCALL(fsetxattr, 5),
	SYSCALL(getxattr, 4),
	SYSCALL(lgetxattr, 4),
	SYSCALL(fgetxattr, 4),
	SYSCALL(listxattr, 3),
	SYSCALL(llistxattr, 3),
	SYSCALL(flistxattr, 3),
	SYSCALL(removexattr, 2),
	SYSCALL(lremovexattr, 2),
	SYSCALL(fremovexattr, 2),
	SYSCALL(poll, 3),		/* kernel/fs/select.c */
	SYSCALL(ppoll, 5),
	SYSCALL(select, 5),
	SYSCALL(pselect6, 6),
	SYSCALL_AS(sendfile, sys_sendfile64, 4),	/* kernel/fs/fd_syscalls.c */
	SYSCALL(fadvise64, 4),		/* kernel/fs/fadvise.c */
	SYSCALL(splice, 6),		/* kernel/fs/pipe/splice.c */
	SYSCALL(tee, 4),
	SYSCALL(vmsplice, 4),
	SYSCALL(copy_file_range, 6),
	SYSCALL(readahead, 3),		/* kernel/fs/fadvise.c */
	SYSCALL(sync_file_range, 4),
	SYSCALL(ustat, 2),		/* kernel/fs/statfs.c */
	SYSCALL(vhangup, 0),		/* kernel/tty/tty_io.c */
	SYSCALL(io_setup, 2),		/* kernel/fs/aio/aio.c */
	SYSCALL(io_destroy, 1),
	SYSCALL(io_submit, 3),
	SYSCALL(io_cancel, 3),
	SYSCALL(io_getevents, 5),	/* kernel/fs/aio/aio_getevents.c */
	SYSCALL(io_pgetevents, 6),
	SYSCALL(io_uring_setup, 2),	/* kernel/io_uring/io_uring.c */
	SYSCALL(io_uring_enter, 6),
	SYSCALL(io_uring_register, 4),	/* kernel/io_uring/register.c */
	SYSCALL(timerfd_create, 2),	/* kernel/fs/anon/timerfd.c */
	SYSCALL(timerfd_settime, 4),
	SYSCALL(timerfd_gettime, 2),
	SYSCALL(signalfd, 3),		/* kernel/fs/anon/signalfd.c */
	SYSCALL(signalfd4, 4),
	SYSCALL(socket, 3),		/* kernel/net/socket.c */
	SYSCALL(socketpair, 4),
	SYSCALL(bind, 3),
	SYSCALL(connect, 3),
	SYSCALL(listen, 2),
	SYSCALL(accept, 3),
	SYSCALL(accept4, 4),
	SYSCALL(getsockname, 3),
	SYSCALL(getpeername, 3),
	SYSCALL(shutdown, 2),
	SYSCALL(sendto, 6),		/* kernel/net/socket_msg.c */
	SYSCALL(recvfrom, 6),
	SYSCALL(sendmsg, 3),
	SYSCALL(recvmsg, 3),
	SYSCALL(sendmmsg, 4),
	SYSCALL(recvmmsg, 5),
	SYSCALL(setsockopt, 5),		/* kernel/net/sock.c */
	SYSCALL(getsockopt, 5),
};

static u64 warned[NR_syscalls / 64];

long invoke_syscall(u64 nr, const u64 a[6])
{
	if (nr < NR_syscalls && sys_call_table[nr].fn)
		return sys_call_table[nr].fn(a[0], a[1], a[2], a[3], a[4], a[5]);
	/* Numbers past the table share the last bit: logged once too. */
	u64 bit = MIN(nr, (u64)NR_syscalls - 1), mask = 1ull << (bit % 64);

	/* A plain read first: no locked RMW on every repeated unknown call
	 * (about 3% of the ENOSYS path under TCG; bench: syscall_enosys). */
	if (!(READ_ONCE(warned[bit / 64]) & mask) &&
	    !(__atomic_fetch_or(&warned[bit / 64], mask, __ATOMIC_RELAXED) & mask))
		pr_info("%s[%d]: unknown system call %lu: -ENOSYS (logged once)\n",
			current->comm, current->pid, (unsigned long)nr);
	return -ENOSYS;
}
