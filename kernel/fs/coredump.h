/*
 * Core dumps (Linux's fs/coredump.c and include/linux/coredump.h): when a
 * signal whose default action is "core" kills a process, the kernel
 * writes its memory and registers to a file, for gdb to read afterwards.
 * kernel/fs/exec/coredump.c decides whether and where (RLIMIT_CORE,
 * /proc/sys/kernel/core_pattern, the dumpable flag, the file's owner) and
 * writes bytes (it sits with exec for want of room in kernel/fs/); the
 * ELF layout of the file is the ELF loader's business
 * (kernel/fs/exec/elf_core.c).
 */
#ifndef KERNEL_FS_COREDUMP_H
#define KERNEL_FS_COREDUMP_H

#include "kernel/locking/spinlock.h"
#include "kernel/signal.h"
#include "lib/types.h"

struct file;
struct task_struct;

/* Linux's struct core_state: while a core is written, the other threads
 * of the process wait in do_exit() (coredump_task_exit()), on this list,
 * with their registers saved, for the dumper to describe them. */
struct core_thread {
	struct task_struct *task;	/* NULL: the dumper let it go */
	struct core_thread *next;
};
struct core_state {
	spinlock_t lock;
	struct task_struct *dumper;
	struct core_thread *threads;	/* newest first */
};

#define CORENAME_MAX_SIZE 128		/* Linux's core_pattern length */

/* What the ELF writer needs from the dumper: the signal, where to write,
 * and how much it may (RLIMIT_CORE, counted in @pos). */
struct coredump_params {
	int sig;
	const struct ksiginfo *info;
	struct file *file;
	u64 limit;
	u64 pos;			/* bytes emitted or skipped so far */
	u32 filter;			/* mm->coredump_filter when it began */
	struct core_state *core;	/* the other threads, parked */
};

/* The signals whose default action dumps core (Linux's SIG_KERNEL_COREDUMP_MASK). */
#define SIG_COREDUMP_MASK (sigmask(SIGQUIT) | sigmask(SIGILL) | \
			   sigmask(SIGTRAP) | sigmask(SIGABRT) | \
			   sigmask(SIGBUS) | sigmask(SIGFPE) | \
			   sigmask(SIGSEGV) | sigmask(SIGXCPU) | \
			   sigmask(SIGXFSZ) | sigmask(SIGSYS))

/* /proc/sys/kernel/core_uses_pid and /proc/sys/fs/suid_dumpable (kept
 * at 0: set-uid programs never dump). */
extern unsigned int core_uses_pid;
extern unsigned int suid_dumpable;
/* /proc/sys/kernel/core_pattern: a copy into @buf (CORENAME_MAX_SIZE), or
 * a new one (@len bytes; longer is cut, as Linux's proc_dostring()). */
void get_core_pattern(char *buf);
void set_core_pattern(const char *buf, size_t len);

/* Current dies of @sig (@info): write its core file if everything allows
 * it. True when a core was written, whole or cut short at RLIMIT_CORE or
 * by a failed write, as Linux (the wait status's WCOREDUMP). */
bool do_coredump(int sig, const struct ksiginfo *info);
/* Called first thing in do_exit(): a thread whose mm is being dumped by
 * another thread waits until the dump is written. */
void coredump_task_exit(struct task_struct *p);
/* Append @n bytes of @buf to the core; false past the limit or on error. */
bool dump_emit(struct coredump_params *cprm, const void *buf, u64 n);
/* Leave @n bytes of hole (they read as zeroes); false past the limit. */
bool dump_skip(struct coredump_params *cprm, u64 n);
/* Skip to the next multiple of the page size. */
bool dump_align_page(struct coredump_params *cprm);

/* Write current's core as an ELF ET_CORE file (kernel/fs/exec/elf_core.c);
 * true once its notes were built, even if the file ends short. */
bool elf_core_dump(struct coredump_params *cprm);

#endif
