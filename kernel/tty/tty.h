/*
 * Terminals: /dev/console (and /dev/tty, the caller's controlling
 * terminal) with a Linux-like line discipline. Typed characters arrive in
 * interrupt context (console_receive() -> tty_receive_char()), where they
 * are edited, echoed and turned into signals; readers sleep until a line
 * (canonical mode) or enough bytes (raw mode) are there. See n_tty.c.
 */
#ifndef KERNEL_TTY_H
#define KERNEL_TTY_H

#include "kernel/locking/mutex.h"
#include "kernel/locking/spinlock.h"
#include "kernel/task.h"
#include "kernel/fs/vfs.h"
#include "kernel/sched/wait.h"
#include "lib/types.h"

/* termios, Linux's x86_64 layout and values (struct termios, TCGETS). */
#define NCCS 19

#define VINTR 0
#define VQUIT 1
#define VERASE 2
#define VKILL 3
#define VEOF 4
#define VTIME 5
#define VMIN 6
#define VSWTC 7
#define VSTART 8
#define VSTOP 9
#define VSUSP 10
#define VEOL 11
#define VREPRINT 12
#define VDISCARD 13
#define VWERASE 14
#define VLNEXT 15
#define VEOL2 16

/* c_iflag */
#define ISTRIP 0x020
#define INLCR 0x040
#define IGNCR 0x080
#define ICRNL 0x100
#define IXON 0x400
/* c_oflag */
#define OPOST 0x01
#define ONLCR 0x04
/* c_cflag */
#define B38400 0x0000000f
#define CS8 0x00000030
#define CREAD 0x00000080
#define HUPCL 0x00000400
/* c_lflag */
#define ISIG 0x00001
#define ICANON 0x00002
#define ECHO 0x00008
#define ECHOE 0x00010
#define ECHOK 0x00020
#define ECHONL 0x00040
#define NOFLSH 0x00080
#define TOSTOP 0x00100
#define ECHOCTL 0x00200
#define ECHOKE 0x00800
#define IEXTEN 0x08000

/* ioctl commands (asm-generic/ioctls.h) */
#define TCGETS 0x5401
#define TCSETS 0x5402
#define TCSETSW 0x5403
#define TCSETSF 0x5404
#define TCSBRK 0x5409
#define TCXONC 0x540A
#define TCFLSH 0x540B
#define TIOCSCTTY 0x540E
#define TIOCGPGRP 0x540F
#define TIOCSPGRP 0x5410
#define TIOCOUTQ 0x5411
#define TIOCGWINSZ 0x5413
#define TIOCSWINSZ 0x5414
#define FIONREAD 0x541B
#define TIOCNOTTY 0x5422
#define TIOCGSID 0x5429
#define TCIFLUSH 0
#define TCOFLUSH 1
#define TCIOFLUSH 2

typedef u32 tcflag_t;
typedef u8 cc_t;

struct termios {
	tcflag_t c_iflag;		/* input modes */
	tcflag_t c_oflag;		/* output modes */
	tcflag_t c_cflag;		/* control modes */
	tcflag_t c_lflag;		/* local modes */
	cc_t c_line;			/* line discipline (0: N_TTY) */
	cc_t c_cc[NCCS];		/* control characters */
};
_Static_assert(sizeof(struct termios) == 36, "Linux's struct termios");

struct winsize {
	u16 ws_row, ws_col, ws_xpixel, ws_ypixel;
};

#define N_TTY_BUF_SIZE 4096
#define TTY_ROWS 24
#define TTY_COLS 80

struct tty_struct {
	const char *name;
	spinlock_t lock;		/* all below; IRQs take it: irqsave */
	struct termios termios;
	struct winsize winsize;
	pid_t pgrp;			/* foreground process group, or 0 */
	pid_t session;			/* the session it controls, or 0 */
	void (*write)(const char *s, size_t n);	/* the device's output */
	struct mutex write_lock;	/* one write() at a time (Linux's
					 * atomic_write_lock): no cut lines */
	struct wait_queue_head read_wait;
	struct fasync_struct *fasync;	/* O_ASYNC readers (fcntl.c) */
	/*
	 * Input ring, indices counting bytes ever received (mod 2^32):
	 * [read_tail, canon_head) complete lines a canonical read may take,
	 * [canon_head, read_head) the line still being edited. In raw mode
	 * canon_head follows read_head.
	 */
	u32 read_tail, canon_head, read_head;
	char buf[N_TTY_BUF_SIZE];
	u8 mark[N_TTY_BUF_SIZE];	/* TTY_MARK_*: how a line ended */
};

extern struct tty_struct console_tty;
extern const struct file_operations tty_fops;

/* A terminal writing its output (echo included) with @write. */
void tty_init(struct tty_struct *tty, const char *name,
	      void (*write)(const char *s, size_t n));
/* The line discipline for one typed character. Any context. */
void tty_receive_char(struct tty_struct *tty, char c);
/* read(2)/write(2) below the file layer. */
long tty_read(struct tty_struct *tty, struct iov_iter *to, bool nonblock);
long tty_write(struct tty_struct *tty, struct iov_iter *from);
/* TCSETS: set the modes; @flush drops pending input first (TCSETSF). */
void tty_set_termios(struct tty_struct *tty, const struct termios *t,
		     bool flush);
void tty_get_termios(struct tty_struct *tty, struct termios *t);
/* Bytes a read could take now (FIONREAD). */
u32 tty_input_available(struct tty_struct *tty);
/* Drop all pending input. */
void tty_flush_input(struct tty_struct *tty);
/* The next byte of input without waiting, or -1 (console_getc()). */
int tty_getc_nonblock(struct tty_struct *tty);

/*
 * current (a session leader) gives up its controlling terminal, as on
 * exit: the foreground group gets SIGHUP and SIGCONT, the terminal
 * forgets the session. Process context.
 */
void disassociate_ctty(void);

/* vhangup(2): -EPERM without CAP_SYS_TTY_CONFIG; else current's
 * controlling terminal (if any) is let go by every process that has it,
 * its session leader gets SIGHUP and SIGCONT, and it forgets the session.
 * 0. */
long sys_vhangup(void);

#endif
