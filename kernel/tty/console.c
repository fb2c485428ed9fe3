/*
 * The console layer: fans kernel output out to every registered console
 * and hands typed characters to the console terminal (kernel/tty/n_tty.c),
 * whose line discipline edits, echoes and buffers them for read(2) on
 * /dev/console. Control keys that must work even when nothing reads the
 * console (Ctrl-P: task dump) are acted on here, in the interrupt that
 * received them, as xv6's consoleintr does.
 */
#include "kernel/tty/console.h"
#include "kernel/locking/spinlock.h"
#include "kernel/tty/sysrq.h"
#include "kernel/tty/tty.h"

#define CTRL_P 0x10

static LIST_HEAD(consoles);
static DEFINE_SPINLOCK(console_lock);

void register_console(struct console *con)
{
	unsigned long flags = spin_lock_irqsave(&console_lock);

	list_add_tail(&con->node, &consoles);
	spin_unlock_irqrestore(&console_lock, flags);
}

void console_write(const char *s, size_t n)
{
	struct console *con;

	list_for_each_entry(con, &consoles, node)
		con->write(s, n);
}

void console_receive(char c)
{
	if (c == CTRL_P) {
		sysrq_ctrl_p();		/* right here, in interrupt context */
		return;
	}
	tty_receive_char(&console_tty, c);
}

int console_getc(void)
{
	return tty_getc_nonblock(&console_tty);
}
