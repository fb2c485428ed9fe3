/*
 * What exec.c and binfmt_elf.c share (this folder only): the limits, the
 * auxiliary vector's keys and struct linux_binprm, the program being
 * started, as exec.c fills it and binfmt_elf.c lays it out in memory.
 */
#ifndef KERNEL_FS_EXEC_INTERNAL_H
#define KERNEL_FS_EXEC_INTERNAL_H

#include "kernel/cred.h"
#include "kernel/mm/mm.h"
#include "lib/elf.h"
#include "lib/types.h"

#define ARG_MAX (128 * 1024)		/* argv + envp strings, in total */
#define MAX_ARGS 4096			/* argv + envp entries */
#define PATH_MAX 4096
#define STACK_INITIAL (ARG_MAX + 64 * 1024)	/* first stack VMA; grows on faults */

/* Auxiliary vector keys (Linux's include/uapi/linux/auxvec.h). */
enum {
	AT_NULL = 0, AT_PHDR = 3, AT_PHENT = 4, AT_PHNUM = 5, AT_PAGESZ = 6,
	AT_BASE = 7, AT_FLAGS = 8, AT_ENTRY = 9, AT_UID = 11, AT_EUID = 12,
	AT_GID = 13, AT_EGID = 14, AT_PLATFORM = 15, AT_HWCAP = 16,
	AT_CLKTCK = 17, AT_SECURE = 23, AT_RANDOM = 25, AT_HWCAP2 = 26,
	AT_EXECFN = 31, AT_SYSINFO_EHDR = 33,
};

struct linux_binprm {
	char filename[PATH_MAX];	/* as execve() got it: comm, AT_EXECFN */
	char interp[PATH_MAX];		/* the file loaded for a script, or "" */
	char *strings;			/* argv strings, then envp strings */
	u64 argv_len, env_len;		/* bytes of each part, NULs included */
	int argc, envc;
	const void *data;		/* the file's bytes */
	u64 size;
	struct inode *inode;		/* the file, referenced */
	struct cred *cred;		/* the ids the program runs with */
	bool secureexec;		/* AT_SECURE: the exec raised ids */
	struct elf_info elf;
	struct mm_struct *mm;
	u64 vdso;			/* the vDSO's address, or 0 */
	u64 sp;				/* the new rsp (at argc) */
};

/* Map every PT_LOAD segment of b->elf into b->mm (file pages shared where
 * they can be, copies where they must be). 0 or -errno; b->mm only. */
long load_segments(struct linux_binprm *b);
/* Lay out argc, argv, envp, the auxiliary vector and the strings at the
 * top of b->mm's new stack; b->sp points at argc. 0 or -errno. */
long setup_stack(struct linux_binprm *b);

#endif
