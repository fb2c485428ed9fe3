/*
 * Prototypes of the system calls outside the file system (which are in
 * kernel/fs/syscalls.h), as Linux's include/linux/syscalls.h lists them.
 */
#ifndef KERNEL_SYSCALLS_H
#define KERNEL_SYSCALLS_H

#include "kernel/signal.h"
#include "kernel/task.h"

struct new_utsname;
struct sysinfo;

/* processes: kernel/fork.c, kernel/fs/exec/exec.c, kernel/exit.c */
long sys_clone(u64 flags, u64 newsp, int __user *parent_tid,
	       int __user *child_tid, u64 tls);
long sys_fork(void);
/* rseq(2) (kernel/sched/rseq.c). */
long sys_rseq(void __user *rseq, u32 len, int flags, u32 sig);
/* clone3(2) (kernel/clone3.c). */
long sys_clone3(const void __user *uargs, u64 size);
/* unshare(2): current gets its own of what @flags (CLONE_*) names. */
long sys_unshare(unsigned long flags);
/* setns(2): join the namespace open at @fd (@nstype 0 or its CLONE_NEW*). */
long sys_setns(int fd, int nstype);
long sys_vfork(void);
long sys_execve(const char __user *filename, const char __user *const __user *argv,
		const char __user *const __user *envp);
/* execveat(2) (kernel/fs/exec/execveat.c). */
long sys_execveat(int dfd, const char __user *filename,
		  const char __user *const __user *argv,
		  const char __user *const __user *envp, int flags);
long sys_exit(int code);
long sys_exit_group(int code);
long sys_wait4(pid_t pid, int __user *wstatus, int options, void __user *rusage);
long sys_waitid(int which, pid_t id, void __user *infop, int options,
		void __user *ru);

/* signals: kernel/signal.c, arch/x86_64/signal.c */
long sys_kill(pid_t pid, int sig);
long sys_tkill(pid_t tid, int sig);
long sys_tgkill(pid_t tgid, pid_t tid, int sig);
long sys_rt_sigaction(int sig, const struct k_sigaction __user *act,
		      struct k_sigaction __user *oact, u64 sigsetsize);
long sys_rt_sigprocmask(int how, const sigset_t __user *set,
			sigset_t __user *oset, u64 sigsetsize);
long sys_rt_sigpending(sigset_t __user *set, u64 sigsetsize);
long sys_rt_sigsuspend(const sigset_t __user *mask, u64 sigsetsize);
long sys_rt_sigreturn(void);
long sys_restart_syscall(void);
long sys_pause(void);
/* kernel/sigqueue.c */
long sys_rt_sigqueueinfo(pid_t tgid, int sig, const void __user *uinfo);
long sys_rt_tgsigqueueinfo(pid_t tgid, pid_t tid, int sig,
			   const void __user *uinfo);
long sys_pidfd_send_signal(int pidfd, int sig, const void __user *uinfo,
			   unsigned int flags);
long sys_rt_sigtimedwait(const sigset_t __user *uthese, void __user *uinfo,
			 const void __user *uts, u64 sigsetsize);
struct user_stack;
long sys_sigaltstack(const struct user_stack __user *ss,
		     struct user_stack __user *old);

/* memory: kernel/mm/mmap.c (mmap: kernel/fs/mmap.c), kernel/mm/mremap.c */
long sys_brk(u64 brk);
long sys_mmap(u64 addr, u64 len, unsigned long prot, unsigned long flags,
	      long fd, u64 off);
long sys_munmap(u64 addr, u64 len);
long sys_mprotect(u64 start, u64 len, unsigned long prot);
/* kernel/mm/pkeys.c */
long sys_pkey_mprotect(u64 start, u64 len, unsigned long prot, int pkey);
long sys_pkey_alloc(unsigned long flags, unsigned long init_val);
long sys_pkey_free(int pkey);
long sys_mremap(u64 old, u64 old_len, u64 new_len, unsigned long flags,
		u64 new_addr);
long sys_remap_file_pages(u64 start, u64 size, unsigned long prot, u64 pgoff,
			  unsigned long flags);
long sys_madvise(u64 start, u64 len, int advice);
/* kernel/mm/madvise.c, kernel/mm/mlock.c */
long sys_mincore(u64 start, u64 len, unsigned char __user *vec);
long sys_msync(u64 start, u64 len, int flags);
long sys_mlock(u64 addr, u64 len);
long sys_mlock2(u64 addr, u64 len, unsigned int flags);
long sys_munlock(u64 addr, u64 len);
long sys_mlockall(int flags);
long sys_munlockall(void);
/* System V shared memory: kernel/ipc/shm.c, kernel/ipc/shmctl.c */
long sys_shmget(int key, u64 size, int shmflg);
long sys_shmat(int shmid, u64 shmaddr, int shmflg);
long sys_shmdt(u64 addr);
long sys_shmctl(int shmid, int cmd, void __user *buf);
/* System V message queues: kernel/ipc/msg.c, kernel/ipc/msgctl.c */
long sys_msgget(int key, int msgflg);
long sys_msgsnd(int msqid, const void __user *msgp, u64 msgsz, int msgflg);
long sys_msgrcv(int msqid, void __user *msgp, u64 msgsz, long msgtyp, int msgflg);
long sys_msgctl(int msqid, int cmd, void __user *buf);
/* POSIX message queues: kernel/ipc/mq_syscalls.c */
struct mq_attr;
long sys_mq_open(const char __user *u_name, int oflag, unsigned int mode,
		 const struct mq_attr __user *u_attr);
long sys_mq_unlink(const char __user *u_name);
long sys_mq_timedsend(int mqdes, const char __user *u_msg, size_t msg_len,
		      unsigned int msg_prio, const void __user *u_ts);
long sys_mq_timedreceive(int mqdes, char __user *u_msg, size_t msg_len,
			 unsigned int __user *u_prio, const void __user *u_ts);
long sys_mq_notify(int mqdes, const struct sigevent __user *u_ev);
long sys_mq_getsetattr(int mqdes, const struct mq_attr __user *u_new,
		       struct mq_attr __user *u_old);
/* System V semaphores: kernel/ipc/sem.c, kernel/ipc/semctl.c */
long sys_semget(int key, int nsems, int semflg);
long sys_semop(int semid, const void __user *tsops, unsigned int nsops);
long sys_semtimedop(int semid, const void __user *tsops, unsigned int nsops,
		    const void __user *timeout);
long sys_semctl(int semid, int semnum, int cmd, unsigned long arg);
/* the key retention service: kernel/keys/request_key.c, kernel/keys/keyctl.c */
long sys_add_key(const char __user *type, const char __user *desc,
		 const void __user *payload, u64 plen, s32 ringid);
long sys_request_key(const char __user *type, const char __user *desc,
		     const char __user *callout, s32 destid);
long sys_keyctl(int op, u64 a2, u64 a3, u64 a4, u64 a5);

/* threads and time: kernel/futex/core.c, kernel/time/time.c, kernel/random.c */
long sys_futex(u32 __user *uaddr, int op, u32 val, const void __user *timeout,
	       u32 __user *uaddr2, u32 val3);
long sys_futex_waitv(const void __user *waiters, unsigned int nr_futexes,
		     unsigned int flags, const void __user *timeout, int clockid);
long sys_clock_gettime(int clk, void __user *tp);
long sys_clock_getres(int clk, void __user *res);
long sys_clock_nanosleep(int clk, int flags, const void __user *req,
			 void __user *rem);
long sys_nanosleep(const void __user *req, void __user *rem);
long sys_gettimeofday(void __user *tv, void __user *tz);
long sys_settimeofday(const void __user *tv, const void __user *tz);
long sys_clock_settime(int clk, const void __user *tp);
long sys_adjtimex(void __user *utx);
long sys_clock_adjtime(int clk, void __user *utx);
long sys_time(s64 __user *tloc);
long sys_getrandom(void __user *buf, u64 count, unsigned int flags);

/* identity, limits, misc: kernel/sys.c, arch/x86_64/process.c */
long sys_getpid(void);
long sys_gettid(void);
long sys_getppid(void);
/* The ids (kernel/cred.c). */
long sys_getuid(void);
long sys_geteuid(void);
long sys_getgid(void);
long sys_getegid(void);
long sys_setuid(u32 uid);
long sys_setgid(u32 gid);
long sys_setreuid(u32 ruid, u32 euid);
long sys_setregid(u32 rgid, u32 egid);
long sys_setresuid(u32 ruid, u32 euid, u32 suid);
long sys_setresgid(u32 rgid, u32 egid, u32 sgid);
long sys_getresuid(u32 __user *ruid, u32 __user *euid, u32 __user *suid);
long sys_getresgid(u32 __user *rgid, u32 __user *egid, u32 __user *sgid);
long sys_setfsuid(u32 uid);
long sys_setfsgid(u32 gid);
long sys_getgroups(int size, u32 __user *list);
long sys_setgroups(int size, const u32 __user *list);
/* capget(2), capset(2) (kernel/capability.c). */
struct user_cap_header;
struct user_cap_data;
long sys_capget(struct user_cap_header __user *hdr,
		struct user_cap_data __user *data);
long sys_capset(struct user_cap_header __user *hdr,
		const struct user_cap_data __user *data);
long sys_getpgid(pid_t pid);
long sys_getpgrp(void);
long sys_getsid(pid_t pid);
long sys_setpgid(pid_t pid, pid_t pgid);
long sys_setsid(void);
long sys_uname(struct new_utsname __user *name);
/* getcpu(2): the CPU the caller runs on (it may move right after) and
 * its NUMA node, 0: Taskbase has one; either pointer may be NULL;
 * -EFAULT for a bad one; the third argument is ignored, as Linux's. */
long sys_getcpu(unsigned int __user *cpu, unsigned int __user *node,
		void __user *unused);
long sys_personality(unsigned int persona);
long sys_sethostname(const char __user *name, int len);
/* setdomainname(2): as sethostname, for uname's domainname. */
long sys_setdomainname(const char __user *name, int len);
long sys_prlimit64(pid_t pid, unsigned int resource,
		   const struct rlimit __user *new, struct rlimit __user *old);
long sys_getrlimit(unsigned int resource, struct rlimit __user *old);
long sys_setrlimit(unsigned int resource, const struct rlimit __user *new);
long sys_sched_yield(void);
/* scheduling: kernel/sched/syscalls.c */
struct sched_param;
struct kernel_timespec;
long sys_getpriority(int which, int who);
long sys_setpriority(int which, int who, int niceval);
long sys_sched_get_priority_max(int policy);
long sys_sched_get_priority_min(int policy);
long sys_sched_setscheduler(pid_t pid, int policy,
			    const struct sched_param __user *param);
long sys_sched_setparam(pid_t pid, const struct sched_param __user *param);
long sys_sched_getscheduler(pid_t pid);
long sys_sched_getparam(pid_t pid, struct sched_param __user *param);
struct sched_attr;
long sys_sched_setattr(pid_t pid, struct sched_attr __user *uattr,
		       unsigned int flags);
long sys_sched_getattr(pid_t pid, struct sched_attr __user *uattr,
		       unsigned int usize, unsigned int flags);
long sys_sched_rr_get_interval(pid_t pid, struct kernel_timespec __user *interval);
long sys_sched_getaffinity(pid_t pid, unsigned int len, u64 __user *mask);
long sys_sched_setaffinity(pid_t pid, unsigned int len, const u64 __user *mask);
long sys_set_tid_address(int __user *tidptr);
/* kernel/sched/membarrier.c */
long sys_membarrier(int cmd, unsigned int flags, int cpu_id);
/* kernel/futex/syscalls.c */
long sys_set_robust_list(void __user *head, u64 len);
long sys_get_robust_list(pid_t pid, void __user * __user *head_ptr,
			 u64 __user *len_ptr);
long sys_prctl(int option, u64 arg2, u64 arg3, u64 arg4, u64 arg5);
long sys_reboot(u32 magic1, u32 magic2, u32 cmd, void __user *arg);
long sys_sysinfo(struct sysinfo __user *info);
long sys_getrusage(int who, void __user *usage);
long sys_times(void __user *tbuf);
long sys_arch_prctl(int code, u64 addr);
long sys_ioperm(unsigned long from, unsigned long num, int turn_on);
long sys_iopl(unsigned int level);
long sys_tb_bare_syscall(int on);
struct itimerval_k;
long sys_setitimer(int which, const struct itimerval_k __user *value,
		   struct itimerval_k __user *ovalue);
long sys_getitimer(int which, struct itimerval_k __user *value);
long sys_alarm(unsigned int seconds);
long sys_timer_create(int clock, const void __user *sevp, int __user *timerid);
long sys_timer_settime(long id, int flags, const void __user *new,
		       void __user *old);
long sys_timer_gettime(long id, void __user *cur);
long sys_timer_getoverrun(long id);
long sys_timer_delete(long id);
long sys_syslog(int type, char __user *ubuf, int len);
/* A new process's ITIMER_REAL timer is set up (disarmed). */
void itimer_init(struct signal_struct *sig);
/* The process's interval timer stops (last thread exits). */
void itimer_exit(struct signal_struct *sig);

#endif
