/*
 * The terminal: /dev/console as a Linux-like tty with the N_TTY line
 * discipline, in its two modes:
 *
 *   canonical (ICANON, the default): input is edited a line at a time.
 *     Backspace/DEL erases a character ("\b \b" on the screen), Ctrl-U
 *     the whole line, Ctrl-W a word; Enter ends the line and only then
 *     can read() take it (up to the count asked, the rest stays); Ctrl-D
 *     ends a line without adding itself, so on an empty line read()
 *     returns 0: end of file.
 *   raw (ICANON off, set with TCSETS): every byte is readable at once;
 *     read() waits for VMIN bytes, or VTIME tenths of a second.
 *
 * With ISIG, Ctrl-C, Ctrl-\ and Ctrl-Z send SIGINT, SIGQUIT and SIGTSTP
 * to the foreground process group (TIOCSPGRP sets it; a shell gives the
 * terminal to each foreground job) and throw away the pending input.
 * ECHO shows typed characters (control ones as ^X with ECHOCTL); output
 * with OPOST|ONLCR turns "\n" into "\r\n".
 *
 * All of the input side runs in the serial interrupt, under tty->lock
 * with interrupts off; signals are sent after the lock is dropped.
 * Readers sleep on read_wait, interruptibly. Not done: job-control stops
 * of background readers and writers (SIGTTIN/SIGTTOU), flow control
 * (IXON), VLNEXT/VREPRINT, tab-exact erasing, hangup.
 */
#include "kernel/tty/tty.h"
#include "kernel/tty/console.h"
#include "kernel/pid.h"
#include "kernel/sched/sched.h"
#include "kernel/signal.h"
#include "kernel/time/time.h"
#include "kernel/tasklist.h"
#include "lib/bug.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "kernel/locking/lockdep.h"

#define TTY_MARK_EOL 1		/* a line ends with this byte */
#define TTY_MARK_EOF 2		/* a line ends here; the byte is not data */
#define CTRL(c) ((c) & 0x1f)
#define DEL 0x7f
#define CHUNK 128		/* bytes copied per lock round */

#define INIT_C_CC {							\
	[VINTR] = CTRL('C'), [VQUIT] = 0x1c, [VERASE] = DEL,		\
	[VKILL] = CTRL('U'), [VEOF] = CTRL('D'), [VTIME] = 0, [VMIN] = 1, \
	[VSTART] = CTRL('Q'), [VSTOP] = CTRL('S'), [VSUSP] = CTRL('Z'),	\
	[VREPRINT] = CTRL('R'), [VDISCARD] = CTRL('O'),			\
	[VWERASE] = CTRL('W'), [VLNEXT] = CTRL('V') }

/* Linux's defaults (tty_std_termios). */
#define INIT_TERMIOS {							\
	.c_iflag = ICRNL | IXON,					\
	.c_oflag = OPOST | ONLCR,					\
	.c_cflag = B38400 | CS8 | CREAD | HUPCL,			\
	.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL |	\
		   ECHOKE | IEXTEN,					\
	.c_cc = INIT_C_CC }

struct tty_struct console_tty = {
	.name = "console",
	.lock = __SPIN_LOCK_UNLOCKED(console_tty.lock),
	.termios = INIT_TERMIOS,
	.winsize = { TTY_ROWS, TTY_COLS, 0, 0 },
	.write = console_write,
	.read_wait = __WAIT_QUEUE_HEAD_INITIALIZER(console_tty.read_wait),
	.write_lock = __MUTEX_INITIALIZER(console_tty.write_lock),
};

void tty_init(struct tty_struct *tty, const char *name,
	      void (*write)(const char *s, size_t n))
{
	static const struct termios std = INIT_TERMIOS;

	memset(tty, 0, sizeof(*tty));
	tty->name = name;
	spin_lock_init(&tty->lock, "tty");
	tty->termios = std;
	tty->winsize = (struct winsize){ TTY_ROWS, TTY_COLS, 0, 0 };
	tty->write = write;
	init_waitqueue_head(&tty->read_wait);
	mutex_init(&tty->write_lock);
}

static inline bool L_(struct tty_struct *tty, tcflag_t f)
{
	return tty->termios.c_lflag & f;
}

/* Is @c the control character @idx (0 disables one, as in Linux)? */
static inline bool is_cc(struct tty_struct *tty, int idx, u8 c)
{
	return tty->termios.c_cc[idx] && tty->termios.c_cc[idx] == c;
}

/* ---- output ---- */

/* Write @n bytes with output processing (OPOST|ONLCR: "\n" -> "\r\n"). */
static void tty_output(struct tty_struct *tty, const char *s, size_t n)
{
	tcflag_t o = READ_ONCE(tty->termios.c_oflag);
	size_t start = 0;

	if (!(o & OPOST) || !(o & ONLCR)) {
		tty->write(s, n);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '\n')
			continue;
		if (i > start)
			tty->write(s + start, i - start);
		tty->write("\r\n", 2);
		start = i + 1;
	}
	if (n > start)
		tty->write(s + start, n - start);
}

static bool echoed_as_ctl(struct tty_struct *tty, u8 c)
{
	return L_(tty, ECHOCTL) && (c < ' ' || c == DEL) && c != '\t' &&
	       c != '\n';
}

/* Echo one input byte (lock held). */
static void echo_char(struct tty_struct *tty, u8 c)
{
	char ctl[2] = { '^', (char)(c ^ 0x40) };

	lockdep_assert_held(&tty->lock);
	if (!L_(tty, ECHO))
		return;
	if (echoed_as_ctl(tty, c))
		tty_output(tty, ctl, 2);
	else
		tty_output(tty, (const char *)&c, 1);
}

/* ---- input ---- */

static u32 input_used(struct tty_struct *tty)
{
	return tty->read_head - tty->read_tail;
}

static void put_input(struct tty_struct *tty, u8 c, u8 mark)
{
	tty->buf[tty->read_head % N_TTY_BUF_SIZE] = (char)c;
	tty->mark[tty->read_head % N_TTY_BUF_SIZE] = mark;
	tty->read_head++;
}

/* Drop all pending input (lock held). */
static void flush_input_locked(struct tty_struct *tty)
{
	lockdep_assert_held(&tty->lock);
	tty->read_tail = tty->canon_head = tty->read_head;
}

/* Erase the last byte of the line being edited, on screen too. */
static void erase_one(struct tty_struct *tty)
{
	u8 c = (u8)tty->buf[--tty->read_head % N_TTY_BUF_SIZE];
	int cols = echoed_as_ctl(tty, c) ? 2 : 1;

	if (!L_(tty, ECHO))
		return;
	if (!L_(tty, ECHOE)) {
		echo_char(tty, tty->termios.c_cc[VERASE]);
		return;
	}
	while (cols--)
		tty->write("\b \b", 3);
}

static u8 last_input(struct tty_struct *tty)
{
	return (u8)tty->buf[(tty->read_head - 1) % N_TTY_BUF_SIZE];
}

/* VERASE, VWERASE (@word) or VKILL (@line) on the line being edited. */
static void erase(struct tty_struct *tty, bool word, bool line)
{
	if (line && L_(tty, ECHO) && !L_(tty, ECHOKE) && !L_(tty, ECHOE)) {
		echo_char(tty, tty->termios.c_cc[VKILL]);
		if (L_(tty, ECHOK))
			tty_output(tty, "\n", 1);
		tty->read_head = tty->canon_head;
		return;
	}
	while (word && tty->read_head != tty->canon_head &&
	       last_input(tty) == ' ')
		erase_one(tty);
	while (tty->read_head != tty->canon_head) {
		if (word && last_input(tty) == ' ')
			break;
		erase_one(tty);
		if (!word && !line)
			break;
	}
}

/* The signal a byte sends under ISIG, or 0. */
static int isig_signal(struct tty_struct *tty, u8 c)
{
	if (is_cc(tty, VINTR, c))
		return SIGINT;
	if (is_cc(tty, VQUIT, c))
		return SIGQUIT;
	if (is_cc(tty, VSUSP, c))
		return SIGTSTP;
	return 0;
}

/* Canonical-mode editing keys: true when @c was one (and is handled). */
static bool canon_special(struct tty_struct *tty, u8 c)
{
	bool iexten = L_(tty, IEXTEN);

	if (is_cc(tty, VERASE, c) || c == '\b' || c == DEL)
		erase(tty, false, false);
	else if (is_cc(tty, VKILL, c))
		erase(tty, false, true);
	else if (iexten && is_cc(tty, VWERASE, c))
		erase(tty, true, false);
	else if (is_cc(tty, VEOF, c) && input_used(tty) < N_TTY_BUF_SIZE)
		put_input(tty, c, TTY_MARK_EOF);
	else if (c == '\n' || is_cc(tty, VEOL, c) || is_cc(tty, VEOL2, c)) {
		if (input_used(tty) >= N_TTY_BUF_SIZE)
			return true;
		put_input(tty, c, TTY_MARK_EOL);
		if (L_(tty, ECHO) || (c == '\n' && L_(tty, ECHONL)))
			tty_output(tty, (const char *)&c, 1);
	} else
		return false;
	if (tty->read_head != tty->canon_head &&
	    tty->mark[(tty->read_head - 1) % N_TTY_BUF_SIZE])
		tty->canon_head = tty->read_head;	/* a line is complete */
	return true;
}

/* One byte through the line discipline (lock held); a signal to send. */
static int n_tty_receive(struct tty_struct *tty, u8 c)
{
	tcflag_t i = tty->termios.c_iflag;
	int sig;

	lockdep_assert_held(&tty->lock);
	if (i & ISTRIP)
		c &= 0x7f;
	if (c == '\r' && (i & IGNCR))
		return 0;
	if (c == '\r' && (i & ICRNL))
		c = '\n';
	else if (c == '\n' && (i & INLCR))
		c = '\r';
	if (L_(tty, ISIG) && (sig = isig_signal(tty, c))) {
		if (!L_(tty, NOFLSH))
			flush_input_locked(tty);
		echo_char(tty, c);
		return sig;
	}
	if (L_(tty, ICANON) && canon_special(tty, c))
		return 0;
	/* Keep one byte for the newline that ends a canonical line. */
	if (input_used(tty) >= N_TTY_BUF_SIZE - (L_(tty, ICANON) ? 1 : 0))
		return 0;
	put_input(tty, c, 0);
	if (!L_(tty, ICANON))
		tty->canon_head = tty->read_head;
	echo_char(tty, c);
	return 0;
}

void tty_receive_char(struct tty_struct *tty, char c)
{
	unsigned long flags = spin_lock_irqsave(&tty->lock);
	u32 canon_before = tty->canon_head;
	int sig = n_tty_receive(tty, (u8)c);
	pid_t pgrp = tty->pgrp;
	bool readable = tty->canon_head != tty->read_tail;
	bool more = tty->canon_head != canon_before;	/* a line, or raw input */

	spin_unlock_irqrestore(&tty->lock, flags);
	if (sig && pgrp > 0)
		kill_pgrp(pgrp, sig);
	if (readable || sig)
		wake_up(&tty->read_wait);
	if (more)
		kill_fasync(&tty->fasync, SIGIO, POLL_IN);	/* O_ASYNC readers */
}

/* ---- reading ---- */

u32 tty_input_available(struct tty_struct *tty)
{
	return READ_ONCE(tty->canon_head) - READ_ONCE(tty->read_tail);
}

void tty_flush_input(struct tty_struct *tty)
{
	unsigned long flags = spin_lock_irqsave(&tty->lock);

	flush_input_locked(tty);
	spin_unlock_irqrestore(&tty->lock, flags);
}

/*
 * Sleep until @want bytes are readable: 0, -ERESTARTSYS (a signal) or
 * -ETIMEDOUT after @ticks (MAX_SCHEDULE_TIMEOUT: no limit).
 */
static int tty_wait(struct tty_struct *tty, u32 want, u64 ticks)
{
	DEFINE_WAIT(w);
	int ret = 0;

	for (;;) {
		prepare_to_wait(&tty->read_wait, &w, TASK_INTERRUPTIBLE);
		if (tty_input_available(tty) >= want)
			break;
		if (signal_pending(current)) {
			ret = -ERESTARTSYS;
			break;
		}
		if (!ticks) {
			ret = -ETIMEDOUT;
			break;
		}
		ticks = schedule_timeout(ticks);
	}
	finish_wait(&tty->read_wait, &w);
	return ret;
}

/*
 * Take up to @max readable bytes into @kbuf; a canonical read stops after
 * a line's end (*@eol set). Returns the bytes taken.
 */
static size_t take_input(struct tty_struct *tty, char *kbuf, size_t max,
			 bool *eol)
{
	unsigned long flags = spin_lock_irqsave(&tty->lock);
	bool canon = L_(tty, ICANON);
	size_t n = 0;

	while (n < max && tty->read_tail != tty->canon_head) {
		u32 i = tty->read_tail++ % N_TTY_BUF_SIZE;
		u8 mark = canon ? tty->mark[i] : 0;

		if (mark != TTY_MARK_EOF)
			kbuf[n++] = tty->buf[i];
		if (mark) {
			*eol = true;
			break;
		}
	}
	if (tty->read_tail == tty->canon_head)
		*eol = true;
	spin_unlock_irqrestore(&tty->lock, flags);
	return n;
}

/* Copy readable input to @to: at most one line in canonical mode. */
static long copy_input(struct tty_struct *tty, struct iov_iter *to)
{
	size_t total = 0;
	bool eol = false;
	char kbuf[CHUNK];

	while (to->count && !eol) {
		size_t n = take_input(tty, kbuf, MIN(sizeof(kbuf), to->count),
				      &eol);
		size_t done = copy_to_iter(kbuf, n, to);

		total += done;
		if (done < n)
			return total ? (long)total : -EFAULT;
		if (!n)
			break;
	}
	return (long)total;
}

/* Raw mode: how long to wait and for how many bytes (VMIN, VTIME). */
static long raw_wait(struct tty_struct *tty, size_t count, bool nonblock)
{
	u8 vmin = tty->termios.c_cc[VMIN], vtime = tty->termios.c_cc[VTIME];
	u64 ticks = vtime ? (u64)vtime * HZ / 10 + 1 : MAX_SCHEDULE_TIMEOUT;
	u32 want = (u32)MIN((size_t)MAX(vmin, 1), count);
	int ret;

	if (tty_input_available(tty) >= want)
		return 0;
	if (nonblock && !tty_input_available(tty))
		return -EAGAIN;
	if (!vmin && !vtime)
		return 0;		/* a poll: whatever is there */
	/* VMIN > 0: the first byte may take forever, the rest VTIME each. */
	ret = tty_wait(tty, 1, vmin ? MAX_SCHEDULE_TIMEOUT : ticks);
	if (ret == -ERESTARTSYS)
		return ret;
	if (!ret && want > 1)
		tty_wait(tty, want, ticks);
	return 0;
}

long tty_read(struct tty_struct *tty, struct iov_iter *to, bool nonblock)
{
	long ret;

	if (!L_(tty, ICANON)) {
		ret = raw_wait(tty, to->count, nonblock);
		return ret ? ret : copy_input(tty, to);
	}
	for (;;) {
		if (tty_input_available(tty))
			return copy_input(tty, to);
		if (nonblock)
			return -EAGAIN;
		ret = tty_wait(tty, 1, MAX_SCHEDULE_TIMEOUT);
		if (ret)
			return ret;
	}
}

int tty_getc_nonblock(struct tty_struct *tty)
{
	bool eol = false;
	char c;

	return take_input(tty, &c, 1, &eol) ? (unsigned char)c : -1;
}

/* ---- writing, modes ---- */

/* write(2) on a tty: @from goes out through the output processing (OPOST,
 * ONLCR), one writer at a time (write_lock, may sleep). Bytes written. */
long tty_write(struct tty_struct *tty, struct iov_iter *from)
{
	size_t total = 0;
	char kbuf[CHUNK];

	if (mutex_lock_interruptible(&tty->write_lock))
		return -ERESTARTSYS;
	while (from->count) {
		size_t n = copy_from_iter(kbuf, MIN(sizeof(kbuf), from->count),
					  from);

		if (!n)
			break;
		tty_output(tty, kbuf, n);
		total += n;
	}
	mutex_unlock(&tty->write_lock);
	return total || !from->count ? (long)total : -EFAULT;
}

/* Copy @tty's termios into @t (TCGETS). */
void tty_get_termios(struct tty_struct *tty, struct termios *t)
{
	unsigned long flags = spin_lock_irqsave(&tty->lock);

	*t = tty->termios;
	spin_unlock_irqrestore(&tty->lock, flags);
}

void tty_set_termios(struct tty_struct *tty, const struct termios *t,
		     bool flush)
{
	unsigned long flags = spin_lock_irqsave(&tty->lock);
	bool was_canon = L_(tty, ICANON);

	if (flush)
		flush_input_locked(tty);
	tty->termios = *t;
	if (was_canon && !L_(tty, ICANON))
		tty->canon_head = tty->read_head;	/* all readable now */
	else if (!was_canon && L_(tty, ICANON))
		tty->canon_head = tty->read_tail;	/* it starts a line */
	spin_unlock_irqrestore(&tty->lock, flags);
	wake_up(&tty->read_wait);
}
