/*
 * The kernel's own current_affairs, for where no module can run: the
 * serial interrupt (Ctrl-P on the console, hardirq context) and the NMI
 * dump. It prints the report of the current_affairs sample module
 * (kernel/samples/current_affairs/, which runs in process context inside
 * insmod), for the context it finds itself in: which one, what current is
 * there (the interrupted task), and which stack it runs on (the CPU's IRQ
 * or IST stack). The other demos are sample modules too: thrd_showall,
 * prcs_showall, stack_layout (kernel/samples/).
 */
#ifndef KERNEL_DEMO_H
#define KERNEL_DEMO_H

/* Print the context this code runs in and what current is there. */
void current_affairs(void);

#endif
