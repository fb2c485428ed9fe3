/*
 * The console layer: fans kernel output out to every registered console
 * and buffers typed characters in a small ring until someone reads them.
 * Control keys that must work even when nothing reads the console
 * (Ctrl-P: task dump) are acted on here, in the interrupt that received
 * them, as xv6's consoleintr does.
 */
#include "kernel/console.h"
#include "kernel/spinlock.h"
#include "kernel/sysrq.h"

#define INPUT_RING 256
#define CTRL_P 0x10

static LIST_HEAD(consoles);
static DEFINE_SPINLOCK(console_lock);

static struct {
	char buf[INPUT_RING];
	u32 head, tail;		/* head: next to read; tail: next to write */
} input;
static DEFINE_SPINLOCK(input_lock);

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
	unsigned long flags;

	if (c == CTRL_P) {
		sysrq_ctrl_p();		/* right here, in interrupt context */
		return;
	}
	flags = spin_lock_irqsave(&input_lock);

	if (input.tail - input.head < INPUT_RING)
		input.buf[input.tail++ % INPUT_RING] = c;
	spin_unlock_irqrestore(&input_lock, flags);
}

int console_getc(void)
{
	unsigned long flags = spin_lock_irqsave(&input_lock);
	int c = -1;

	if (input.head != input.tail)
		c = (unsigned char)input.buf[input.head++ % INPUT_RING];
	spin_unlock_irqrestore(&input_lock, flags);
	return c;
}
