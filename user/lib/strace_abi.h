/*
 * user/lib/strace_abi.h: Taskbase's system-call tracing interface, shared
 * by the kernel (which writes these records) and user/strace.c (which
 * reads them). Plain C: no libc or kernel types, so both can include it
 * (the kernel as "user/lib/strace_abi.h").
 *
 * Taskbase has no ptrace. A tracer opens the file
 *
 *   /proc/<pid>/task/<tid>/syscall_trace    (mode 0400)
 *
 * of one thread (the "tracee"; /proc/<pid>/syscall_trace is the same file
 * for the thread-group leader, tid == pid) and reads one struct
 * tb_trace_record per read() call, for every system call the thread makes
 * while the file is open.
 *
 * open(O_RDONLY): attach. Errors: ENOENT no such thread; EPERM a kernel
 *   thread; EBUSY the thread is already traced; EDEADLK the thread is in
 *   the caller's own thread group; EINVAL opened for writing.
 *
 * Stops. While attached, the tracee stops (sleeps in TASK_KILLABLE, shown
 * as state 't' in /proc and with TracerPid: set in its status) at:
 *   - system-call entry: after the number and arguments are known, before
 *     the handler runs                                    -> TB_TRACE_ENTER
 *   - system-call exit: after the handler (for a successful execve: after
 *     the new image is in place), before signals are delivered and before
 *     the return to user space                             -> TB_TRACE_EXIT
 * A stopped tracee stays stopped until the tracer's next read() (or
 * close()). While it is stopped the tracer reads the tracee's memory
 * through /proc/<pid>/mem: the strings and buffers an ENTER record points
 * at, the results an EXIT record's call wrote. That is why there is no
 * data in the records: the stop makes the memory stable, as ptrace's does.
 * SIGKILL ends a stop (the tracee dies: TB_TRACE_EXITED follows); other
 * signals stay pending until it resumes.
 *
 * Events that do not stop the tracee:
 *   - TB_TRACE_SIGNAL when a signal is delivered to the tracee (optional
 *     for the kernel: strace prints it if it comes);
 *   - TB_TRACE_EXITED once the tracee has exited (exit, exit_group, a
 *     fatal signal, or its thread group ending). It is the last record:
 *     the read() after it returns 0 (end of file).
 *
 * read(fd, buf, len): len must be >= sizeof(struct tb_trace_record)
 *   (EINVAL). Resumes the tracee if it is stopped at the record the
 *   previous read() returned, then blocks (interruptibly: EINTR) until the
 *   next record and copies exactly one record. Returns its size, or 0
 *   after TB_TRACE_EXITED has been read.
 * close(): detach. A tracee stopped for this file resumes; no more stops.
 *
 * Attaching to a thread that is already inside a (blocking) system call:
 * the first record is a TB_TRACE_ENTER with TB_TRACE_F_ATTACHED, made from
 * the saved pt_regs (orig_rax, rdi, rsi, rdx, r10, r8, r9); it is not a
 * stop. The call's TB_TRACE_EXIT record follows when it returns.
 *
 * Not traced: the children the tracee forks, other threads of its
 * process. A tracee's execve keeps it traced; the tracer must reopen
 * /proc/<pid>/mem after the execve's EXIT record (the file follows the
 * address space it was opened on, as on Linux).
 */
#ifndef USER_LIB_STRACE_ABI_H
#define USER_LIB_STRACE_ABI_H

/* tb_trace_record.kind */
#define TB_TRACE_ENTER 1	/* entering system call nr with args */
#define TB_TRACE_EXIT 2		/* leaving it: ret holds rax */
#define TB_TRACE_SIGNAL 3	/* signal ret delivered (si_code in args[0]) */
#define TB_TRACE_EXITED 4	/* the tracee has ended: ret = wait status */

/* tb_trace_record.flags */
#define TB_TRACE_F_ATTACHED 0x1	/* ENTER of a call begun before attaching */

struct tb_trace_record {
	unsigned int kind;		/* TB_TRACE_* */
	unsigned int flags;		/* TB_TRACE_F_* */
	int tid;			/* the tracee (its thread id) */
	int tgid;			/* its process id */
	unsigned long long seq;		/* 0, 1, 2, ...: records of this open file */
	unsigned long long time_ns;	/* CLOCK_MONOTONIC time of the event */
	unsigned long long nr;		/* system-call number (orig_rax at entry;
					 * an EXIT repeats its ENTER's nr, also
					 * after an execve reset orig_rax) */
	unsigned long long args[6];	/* rdi, rsi, rdx, r10, r8, r9 at entry */
	long long ret;			/* EXIT: rax (-errno on failure); SIGNAL:
					 * the signal; EXITED: wait4 status */
	unsigned long long ip;		/* user rip: after the syscall instruction */
};

_Static_assert(sizeof(struct tb_trace_record) == 104,
	       "struct tb_trace_record is ABI: kernel and strace must agree");

#endif
