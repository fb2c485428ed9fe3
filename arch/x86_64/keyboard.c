/*
 * PS/2 keyboard (i8042 controller, IRQ 1 through the IOAPIC): typing in
 * QEMU's window reaches the console just like typing on the serial line.
 * Scancode set 1, US layout; Shift, Ctrl and Caps Lock are tracked, so
 * Ctrl-C, Ctrl-D and Ctrl-P work from the keyboard too.
 */
#include "asm/io.h"
#include "asm/irq.h"
#include "kernel/tty/console.h"
#include "kernel/ktest.h"
#include "kernel/printk/printk.h"

#define KBD_DATA 0x60
#define KBD_STATUS 0x64
#define KBD_IRQ 1
#define SC_RELEASE 0x80
#define SC_LSHIFT 0x2a
#define SC_RSHIFT 0x36
#define SC_CTRL 0x1d
#define SC_CAPS 0x3a

/* Scancode set 1 -> ASCII, without and with Shift (0: no character). */
static const char plain[0x3a] =
	"\0\x1b" "1234567890-=\b\tqwertyuiop[]\n\0asdfghjkl;'`\0\\zxcvbnm,./\0*\0 ";
static const char shifted[0x3a] =
	"\0\x1b" "!@#$%^&*()_+\b\tQWERTYUIOP{}\n\0ASDFGHJKL:\"~\0|ZXCVBNM<>?\0*\0 ";

struct kbd_state {
	bool shift, ctrl, caps;
};

/* One scancode: update @st, return the character it types or -1. */
static int kbd_decode(struct kbd_state *st, u8 sc)
{
	bool release = sc & SC_RELEASE;
	u8 key = sc & ~SC_RELEASE;
	char c;

	if (key == SC_LSHIFT || key == SC_RSHIFT) {
		st->shift = !release;
		return -1;
	}
	if (key == SC_CTRL) {
		st->ctrl = !release;
		return -1;
	}
	if (key == SC_CAPS && !release) {
		st->caps = !st->caps;
		return -1;
	}
	if (release || key >= sizeof(plain))
		return -1;
	c = st->shift ? shifted[key] : plain[key];
	if (st->caps && c >= 'a' && c <= 'z')
		c -= 'a' - 'A';
	else if (st->caps && c >= 'A' && c <= 'Z')
		c += 'a' - 'A';
	if (!c)
		return -1;
	if (st->ctrl && ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))
		return (c | 0x20) - 'a' + 1;	/* Ctrl-A = 1 ... Ctrl-Z = 26 */
	return (unsigned char)c;
}

static struct kbd_state kbd;

static void keyboard_interrupt(struct pt_regs *regs, void *data)
{
	while (inb(KBD_STATUS) & 1) {
		int c = kbd_decode(&kbd, inb(KBD_DATA));

		if (c >= 0)
			console_receive((char)c);
	}
}

/* Take IRQ 1 if a controller answers (QEMU's pc machine has one). */
void keyboard_init(void)
{
	if (inb(KBD_STATUS) == 0xff)
		return;		/* no i8042 */
	while (inb(KBD_STATUS) & 1)
		inb(KBD_DATA);	/* drop what the firmware left */
	request_irq(KBD_IRQ, keyboard_interrupt, "i8042", NULL);
}

KTEST(keyboard_scancodes_decode)
{
	struct kbd_state st = { 0 };
	u8 a = 0x1e, c = 0x2e, d = 0x20, enter = 0x1c, one = 0x02;

	KT_EXPECT(t, kbd_decode(&st, a) == 'a');
	KT_EXPECT(t, kbd_decode(&st, a | SC_RELEASE) == -1);
	KT_EXPECT(t, kbd_decode(&st, SC_LSHIFT) == -1);
	KT_EXPECT(t, kbd_decode(&st, a) == 'A');
	KT_EXPECT(t, kbd_decode(&st, one) == '!');
	KT_EXPECT(t, kbd_decode(&st, SC_LSHIFT | SC_RELEASE) == -1);
	KT_EXPECT(t, kbd_decode(&st, SC_CTRL) == -1);
	KT_EXPECT(t, kbd_decode(&st, c) == 3);		/* Ctrl-C */
	KT_EXPECT(t, kbd_decode(&st, d) == 4);		/* Ctrl-D */
	KT_EXPECT(t, kbd_decode(&st, SC_CTRL | SC_RELEASE) == -1);
	KT_EXPECT(t, kbd_decode(&st, SC_CAPS) == -1);
	KT_EXPECT(t, kbd_decode(&st, a) == 'A');
	KT_EXPECT(t, kbd_decode(&st, enter) == '\n');
	KT_EXPECT(t, kbd_decode(&st, 0x7f) == -1);	/* beyond the table */
}
