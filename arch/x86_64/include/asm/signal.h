/*
 * The x86_64 half of signal delivery (arch/x86_64/signal.c): building
 * the frame a user handler runs on, undoing it in rt_sigreturn, and
 * restarting interrupted system calls. kernel/signal.c calls these when
 * it delivers a signal on the way back to user mode.
 */
#ifndef ASM_X86_64_SIGNAL_H
#define ASM_X86_64_SIGNAL_H

#include "kernel/signal.h"

/* Run the user handler @ka for @sig, sent as @info says, on return to
 * user mode (sets up the frame; a frame that cannot be written kills the
 * process: SIGSEGV). */
void handle_signal(int sig, const struct ksiginfo *info, struct k_sigaction *ka,
		   struct pt_regs *regs);
/* No handler will run: restart a system call a signal interrupted. */
void syscall_restart_no_handler(struct pt_regs *regs);

#endif
