/*
 * VGA text console (80x25 at physical 0xb8000): mirrors kernel output on
 * the emulated screen, for students who run QEMU with a display.
 */
#include "asm/io.h"
#include "arch/x86_64/mmu.h"
#include "kernel/tty/console.h"
#include "lib/string.h"

#define VGA_PHYS 0xb8000
#define COLS 80
#define ROWS 25
#define ATTR 0x0700		/* light grey on black */

static volatile u16 *screen;
static int row, col;

static void scroll(void)
{
	for (int i = 0; i < (ROWS - 1) * COLS; i++)
		screen[i] = screen[i + COLS];
	for (int i = (ROWS - 1) * COLS; i < ROWS * COLS; i++)
		screen[i] = ATTR | ' ';
	row = ROWS - 1;
}

static void update_cursor(void)
{
	u16 pos = row * COLS + col;

	outb(0x3d4, 0x0f);
	outb(0x3d5, pos & 0xff);
	outb(0x3d4, 0x0e);
	outb(0x3d5, pos >> 8);
}

static void vga_putc(char c)
{
	if (c == '\n') {
		col = 0;
		row++;
	} else if (c == '\b') {
		if (col > 0)
			col--;
	} else if (c == '\r') {
		col = 0;
	} else if ((unsigned char)c >= ' ') {
		screen[row * COLS + col] = ATTR | (u8)c;
		if (++col == COLS) {
			col = 0;
			row++;
		}
	}
	if (row == ROWS)
		scroll();
}

static void vga_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		vga_putc(s[i]);
	update_cursor();
}

static struct console vga_console = {
	.name = "tty0",
	.write = vga_write,
};

/* Map the text buffer, clear it and register the console. */
void vga_init(void)
{
	screen = ioremap(VGA_PHYS, ROWS * COLS * 2);
	for (int i = 0; i < ROWS * COLS; i++)
		screen[i] = ATTR | ' ';
	register_console(&vga_console);
}
