/*
 * The course demos, modelled on the Linux Kernel Programming chapter 6
 * modules: current_affairs (what context am I in, who is current),
 * thrd_showall (every thread, walked with do_each_thread), prcs_showall
 * (every process) and stack_layout_demo (the caller's kernel stack block,
 * drawn). current_affairs and thrd_showall run at boot with "demo" on the
 * command line and from Ctrl-P on the console (in interrupt context).
 */
#ifndef KERNEL_DEMO_H
#define KERNEL_DEMO_H

/* Print the context this code runs in and what current is there. */
void current_affairs(void);
/* Print every thread: TGID, PID, task_struct, stack start, name. */
void thrd_showall(void);
/* Name, TGID, PID, RUID, EUID of every process (for_each_process). */
void prcs_showall(void);
/* Draw the calling thread's own kernel stack block; 0 or -ENOMEM. */
int stack_layout_demo(void);
/* current_affairs and thrd_showall, from kernel_init at boot. */
void run_boot_demos(void);

#endif
