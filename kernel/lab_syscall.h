/*
 * Lab 2's system call (docs/labs/lab2-syscall.md): tb_stackinfo(2), the
 * calling thread's kernel stack, as a user program sees it.
 *
 *   long syscall(__NR_tb_stackinfo, struct tb_stackinfo *info);
 *
 * Returns 0 and fills *info, or -EFAULT when info is not a writable user
 * address. The number lies above every Linux x86_64 system call and below
 * NR_syscalls, so it never clashes with one Linux adds. This header is
 * the ABI: user/lab2.c includes it too, so it uses plain C types only.
 */
#ifndef KERNEL_LAB_SYSCALL_H
#define KERNEL_LAB_SYSCALL_H

#define __NR_tb_stackinfo 500

struct tb_stackinfo {
	unsigned long base;	/* lowest address of the stack block (= task_struct) */
	unsigned long size;	/* THREAD_SIZE in bytes */
	unsigned long used;	/* high-water mark in bytes (stack_used_max) */
	unsigned long in_use;	/* bytes in use right now, inside the system call */
	unsigned long task_size;	/* sizeof(struct task_struct) */
	long tid;		/* the caller's pid (thread id) */
	long cpu;		/* the CPU it runs on */
};

/* The handler (kernel/lab_syscall.c); info is a user pointer. */
long sys_tb_stackinfo(struct tb_stackinfo *info);

#endif
