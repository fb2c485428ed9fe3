/*
 * The course demos, modelled on the Linux Kernel Programming chapter 6
 * modules: current_affairs (what context am I in, who is current) and
 * thrd_showall (every thread, walked with do_each_thread). They run at
 * boot with "demo" on the command line, from Ctrl-P on the console (in
 * interrupt context), and as insmod-able built-in modules.
 */
#ifndef KERNEL_DEMO_H
#define KERNEL_DEMO_H

/* Print the context this code runs in and what current is there. */
void current_affairs(void);
/* Print every thread: TGID, PID, task_struct, stack start, name. */
void thrd_showall(void);
/* Both, from kernel_init at boot. */
void run_boot_demos(void);

#endif
