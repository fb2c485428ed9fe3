/*
 * 16550 UART on COM1: the main console. Output is polled (printk must work
 * anywhere, even in a panic); input is interrupt-driven (IRQ 4), so typing
 * reaches the kernel while it runs. Received bytes go to console_receive().
 */
#include "asm/io.h"
#include "asm/irq.h"
#include "kernel/tty/console.h"

#define COM1 0x3f8
#define UART_RBR 0		/* receive buffer (read) */
#define UART_THR 0		/* transmit holding (write) */
#define UART_IER 1		/* interrupt enable */
#define UART_FCR 2		/* FIFO control */
#define UART_LCR 3		/* line control */
#define UART_MCR 4		/* modem control */
#define UART_LSR 5		/* line status */
#define UART_DLL 0		/* divisor latch, with LCR.DLAB */
#define UART_DLM 1
#define LSR_DR 0x01		/* data ready */
#define LSR_THRE 0x20		/* transmit holding register empty */
#define COM1_IRQ 4

static bool serial_present;

static void serial_putc(char c)
{
	int spins = 100000;

	while (!(inb(COM1 + UART_LSR) & LSR_THRE) && --spins)
		;
	outb(COM1 + UART_THR, c);
}

/* Raw bytes: newline translation is the caller's (printk, the tty). */
static void serial_write(const char *s, size_t n)
{
	if (!serial_present)
		return;
	for (size_t i = 0; i < n; i++)
		serial_putc(s[i]);
}

static struct console serial_console = {
	.name = "ttyS0",
	.write = serial_write,
};

/* Program COM1 for 115200 8N1 with FIFOs and register it as a console. */
void serial_init(void)
{
	outb(COM1 + UART_IER, 0);
	outb(COM1 + UART_LCR, 0x80);		/* DLAB on */
	outb(COM1 + UART_DLL, 1);		/* 115200 baud */
	outb(COM1 + UART_DLM, 0);
	outb(COM1 + UART_LCR, 0x03);		/* 8N1, DLAB off */
	outb(COM1 + UART_FCR, 0xc7);		/* FIFOs on, cleared, 14 bytes */
	outb(COM1 + UART_MCR, 0x0b);		/* DTR, RTS, OUT2 (IRQ line) */
	/* A missing UART reads back all ones. */
	serial_present = inb(COM1 + UART_LSR) != 0xff;
	register_console(&serial_console);
}

/* IRQ 4: drain the receive FIFO into the console layer. */
static void serial_interrupt(struct pt_regs *regs, void *data)
{
	while (inb(COM1 + UART_LSR) & LSR_DR)
		console_receive((char)inb(COM1 + UART_RBR));
}

/* Enable receive interrupts; needs the interrupt controllers set up. */
void serial_init_irq(void)
{
	if (!serial_present)
		return;
	request_irq(COM1_IRQ, serial_interrupt, "serial", NULL);
	outb(COM1 + UART_IER, 0x01);		/* received data available */
}
