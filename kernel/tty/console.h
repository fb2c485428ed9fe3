/*
 * Consoles: where kernel output goes (serial, VGA text) and where typed
 * characters come from. Drivers register a struct console for output and
 * feed received characters to console_receive() from their interrupt
 * handler; they go through the console terminal's line discipline
 * (kernel/tty/n_tty.c) to whoever reads /dev/console.
 */
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H

#include "lib/types.h"
#include "lib/list.h"

struct console {
	const char *name;
	void (*write)(const char *s, size_t n);	/* may run with IRQs off */
	struct list_head node;
};

/* Add @con to the consoles printk writes to. */
void register_console(struct console *con);
/* Write @n bytes to every console (printk's back end). */
void console_write(const char *s, size_t n);
/* Hand a received character to the console layer (interrupt context). */
void console_receive(char c);
/* Next readable input byte of the console tty, or -1. Never sleeps. */
int console_getc(void);

#endif
