/*
 * The x86_64 half of signal delivery (arch/x86_64/signal.c): building
 * the frame a user handler runs on, undoing it in rt_sigreturn, and
 * restarting interrupted system calls.
 */
#ifndef ARCH_X86_64_SIGNAL_H
#define ARCH_X86_64_SIGNAL_H

#include "kernel/signal.h"

/* Run the user handler @ka for @sig on return to user mode (sets up the
 * frame; a frame that cannot be written kills the process: SIGSEGV). */
void handle_signal(int sig, struct k_sigaction *ka, struct pt_regs *regs);
/* No handler will run: restart a system call a signal interrupted. */
void syscall_restart_no_handler(struct pt_regs *regs);
/* The whole process exits with @code (exit_group, fatal signals). */
__noreturn void do_group_exit(int code);
/* Tell @leader's parent the process stopped with @sig (wait4 WUNTRACED). */
void notify_parent_stopped(struct task_struct *leader, int sig);

#endif
