/*
 * tb_bare_syscall(2), Taskbase's own (arch/x86_64/syscall.c): the bare
 * syscall+sysret pair, for user/bench.c.
 *
 *   syscall(__NR_tb_bare_syscall, 1)   this CPU's syscall entry turns a
 *                                      syscall with rax == the magic
 *                                      straight round (caller pinned)
 *   syscall(__NR_tb_bare_syscall, 0)   the normal entry again
 *
 * This header is the ABI: entry.S, the kernel and the user programs
 * (bench, usertests) include it, so it holds plain defines only.
 */
#ifndef ARCH_X86_64_BARE_SYSCALL_H
#define ARCH_X86_64_BARE_SYSCALL_H

#define __NR_tb_bare_syscall 501	/* above Linux's; 500 is lab 2's */
#define TB_BARE_SYSCALL_MAGIC 0xba5e	/* no system call has it */

#endif
