/*
 * The terminal as a file (Linux's tty_io.c): open of /dev/console and
 * /dev/tty, read/write through the line discipline (n_tty.c), and the
 * ioctls: termios (TCGETS, TCSETS*), window size, FIONREAD, and job
 * control: the controlling terminal of a session (TIOCSCTTY,
 * TIOCNOTTY) and its foreground process group (TIOCSPGRP, TIOCGPGRP),
 * which Ctrl-C signals; vhangup(2), which takes the terminal from its
 * session (Linux keeps the call in fs/open.c).
 *
 *   session 5 (shell's setsid + TIOCSCTTY)      console_tty
 *     pgrp 5:  sh                               .session = 5
 *     pgrp 9:  cat | grep   <- foreground  ---  .pgrp = 9  (tcsetpgrp)
 *     pgrp 12: sleep 100 &
 */
#include "kernel/cred.h"
#include "kernel/ns/pid_namespace.h"
#include "kernel/tasklist.h"
#include "kernel/pid.h"
#include "kernel/signal.h"
#include "kernel/tty/tty.h"
#include "lib/bug.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "kernel/preempt.h"

static inline struct tty_struct *file_tty(struct file *f)
{
	return f->private_data;
}

static int tty_open(struct inode *inode, struct file *f)
{
	struct tty_struct *tty = &console_tty;

	if (inode->i_rdev == MKDEV(5, 0)) {	/* /dev/tty: our own */
		tty = current->signal ? current->signal->tty : NULL;
		if (!tty)
			return -ENXIO;
	}
	f->private_data = tty;
	return 0;
}

static long tty_file_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	return tty_read(file_tty(f), to, f->f_flags & O_NONBLOCK);
}

static long tty_file_write(struct file *f, struct iov_iter *from,
			   loff_t *pos)
{
	return tty_write(file_tty(f), from);
}

/* ---- job control ---- */

/* Does a live process of @session lead group @pgrp (or belong to it)? */
static bool pgrp_in_session(pid_t pgrp, pid_t session)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	struct task_struct *p;
	bool found = false;

	for_each_process(p) {
		if (p->signal && !process_dead(p) && p->signal->pgrp == pgrp &&
		    p->signal->session == session) {
			found = true;
			break;
		}
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return found;
}

/* Is the leader of @session still alive (not exited)? */
static bool session_alive(pid_t session)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	struct task_struct *p = find_task_by_pid(session);
	bool alive = p && !p->exit_state && !(p->flags & PF_EXITING);

	spin_unlock_irqrestore(&tasklist_lock, flags);
	return alive;
}

/* Is @tty current's controlling terminal? */
static bool is_ctty(struct tty_struct *tty)
{
	return current->signal && current->signal->tty == tty;
}

/*
 * TIOCSCTTY: make @tty the controlling terminal of current's session.
 * Only a session leader without one may; a terminal another session
 * holds is taken only when that session's leader is gone, or with
 * @steal (arg 1) by root (CAP_SYS_ADMIN).
 */
static long tiocsctty(struct tty_struct *tty, unsigned long steal)
{
	struct signal_struct *sig = current->signal;
	unsigned long flags;
	pid_t holder;

	if (!sig || sig->session != current->tgid)
		return -EPERM;
	if (sig->tty)
		return sig->tty == tty ? 0 : -EPERM;
	holder = READ_ONCE(tty->session);
	if (holder && holder != sig->session &&
	    (steal != 1 || !capable(CAP_SYS_ADMIN)) && session_alive(holder))
		return -EPERM;
	flags = spin_lock_irqsave(&tty->lock);
	tty->session = sig->session;
	tty->pgrp = sig->pgrp;
	spin_unlock_irqrestore(&tty->lock, flags);
	sig->tty = tty;
	return 0;
}

/* The terminal keeps the kernel's numbers; a caller in a nested pid
 * namespace gives and gets its own (kernel/ns/pid_namespace.h). */
static pid_t tty_pid_vnr(pid_t nr)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	pid_t v = global_pid_nr_ns(nr, task_active_pid_ns(current));

	spin_unlock_irqrestore(&tasklist_lock, flags);
	return v;
}

static pid_t tty_pid_global(pid_t vnr)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	pid_t nr = global_pid_of_vnr(vnr);

	spin_unlock_irqrestore(&tasklist_lock, flags);
	return nr;
}

static long tiocspgrp(struct tty_struct *tty, const u32 __user *arg)
{
	u32 pgrp;

	if (!is_ctty(tty) || tty->session != current->signal->session)
		return -ENOTTY;
	if (get_user_u32(&pgrp, arg))
		return -EFAULT;
	if ((s32)pgrp < 0)
		return -EINVAL;
	pgrp = (u32)tty_pid_global((pid_t)pgrp);
	if (!pgrp || !pgrp_in_session((pid_t)pgrp, tty->session))
		return -EPERM;
	WRITE_ONCE(tty->pgrp, (pid_t)pgrp);
	return 0;
}

void disassociate_ctty(void)
{
	struct signal_struct *sig = current->signal;
	struct tty_struct *tty = sig ? sig->tty : NULL;
	unsigned long flags;
	pid_t pgrp = 0;

	BUG_ON(!in_task());
	if (!tty)
		return;
	sig->tty = NULL;
	if (sig->session != current->tgid)
		return;			/* not the leader: just let go */
	flags = spin_lock_irqsave(&tty->lock);
	if (tty->session == sig->session) {
		pgrp = tty->pgrp;
		tty->session = tty->pgrp = 0;
	}
	spin_unlock_irqrestore(&tty->lock, flags);
	if (pgrp > 0 && pgrp != sig->pgrp) {
		kill_pgrp(pgrp, SIGHUP);
		kill_pgrp(pgrp, SIGCONT);
	}
}

/* Linux's tty_vhangup_self(), without the part that makes the files
 * open on the terminal read end of file and write EIO from then on:
 * the console is Taskbase's one terminal, and stays usable. */
static void tty_vhangup_self(void)
{
	struct tty_struct *tty = current->signal ? current->signal->tty : NULL;
	struct task_struct *p;
	unsigned long flags;

	if (!tty)
		return;
	flags = spin_lock_irqsave(&tasklist_lock);
	for_each_process(p) {
		if (!p->signal || p->signal->tty != tty)
			continue;
		p->signal->tty = NULL;
		if (p->signal->session == p->tgid && !process_dead(p)) {
			send_sig_info(SIGHUP, NULL, p, true);
			send_sig_info(SIGCONT, NULL, p, true);
		}
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	flags = spin_lock_irqsave(&tty->lock);
	tty->session = tty->pgrp = 0;
	spin_unlock_irqrestore(&tty->lock, flags);
}

long sys_vhangup(void)
{
	if (!capable(CAP_SYS_TTY_CONFIG))
		return -EPERM;
	tty_vhangup_self();
	return 0;
}

static long tiocnotty(struct tty_struct *tty)
{
	if (!is_ctty(tty))
		return -ENOTTY;
	disassociate_ctty();
	return 0;
}

/* ---- ioctl ---- */

static long tty_termios_ioctl(struct tty_struct *tty, unsigned int cmd,
			      void __user *arg)
{
	struct termios t;

	if (cmd == TCGETS) {
		tty_get_termios(tty, &t);
		return copy_to_user(arg, &t, sizeof(t)) ? -EFAULT : 0;
	}
	if (copy_from_user(&t, arg, sizeof(t)))
		return -EFAULT;
	tty_set_termios(tty, &t, cmd == TCSETSF);
	return 0;
}

static long tty_winsize_ioctl(struct tty_struct *tty, unsigned int cmd,
			      void __user *arg)
{
	struct winsize ws;
	bool changed;

	if (cmd == TIOCGWINSZ) {
		ws = tty->winsize;
		return copy_to_user(arg, &ws, sizeof(ws)) ? -EFAULT : 0;
	}
	if (copy_from_user(&ws, arg, sizeof(ws)))
		return -EFAULT;
	changed = ws.ws_row != tty->winsize.ws_row ||
		  ws.ws_col != tty->winsize.ws_col;
	tty->winsize = ws;
	if (changed && tty->pgrp > 0)
		kill_pgrp(tty->pgrp, SIGWINCH);
	return 0;
}

static long tty_flush_ioctl(struct tty_struct *tty, unsigned long arg)
{
	if (arg == TCIFLUSH || arg == TCIOFLUSH)
		tty_flush_input(tty);
	else if (arg != TCOFLUSH)
		return -EINVAL;
	return 0;		/* output is never buffered */
}

static long tty_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct tty_struct *tty = file_tty(f);
	void __user *p = (void __user *)arg;

	switch (cmd) {
	case TCGETS: case TCSETS: case TCSETSW: case TCSETSF:
		return tty_termios_ioctl(tty, cmd, p);
	case TIOCGWINSZ: case TIOCSWINSZ:
		return tty_winsize_ioctl(tty, cmd, p);
	case TIOCSCTTY:
		return tiocsctty(tty, arg);
	case TIOCNOTTY:
		return tiocnotty(tty);
	case TIOCSPGRP:
		return tiocspgrp(tty, p);
	case TIOCGPGRP:
		if (!is_ctty(tty))
			return -ENOTTY;
		return put_user_u32((u32)tty_pid_vnr(READ_ONCE(tty->pgrp)), p);
	case TIOCGSID:
		if (!is_ctty(tty) || !tty->session)
			return -ENOTTY;
		return put_user_u32((u32)tty_pid_vnr(tty->session), p);
	case FIONREAD:
		return put_user_u32(tty_input_available(tty), p);
	case TIOCOUTQ:
		return put_user_u32(0, p);
	case TCFLSH:
		return tty_flush_ioctl(tty, arg);
	case TCSBRK: case TCXONC:
		return 0;	/* tcdrain, tcflow: nothing is queued */
	default:
		return -ENOTTY;
	}
}

/* Readable when a read would not wait; output never waits. */
static __poll_t tty_poll(struct file *f, struct poll_table *pt)
{
	struct tty_struct *tty = file_tty(f);
	__poll_t mask = EPOLLOUT | EPOLLWRNORM;

	poll_wait(f, &tty->read_wait, pt);
	if (tty_input_available(tty))
		mask |= EPOLLIN | EPOLLRDNORM;
	return mask;
}

/* O_ASYNC: SIGIO when input can be read (tty_receive_char()). */
static int tty_fasync(int fd, struct file *f, int on)
{
	int ret = fasync_helper(fd, f, on, &file_tty(f)->fasync);

	return ret < 0 ? ret : 0;
}

const struct file_operations tty_fops = {
	.open = tty_open,
	.read = tty_file_read,
	.poll = tty_poll,
	.write = tty_file_write,
	.ioctl = tty_ioctl,
	.fasync = tty_fasync,
};

/* pid 1 before its first exec: fds 0, 1, 2 on /dev/console. */
int console_open_stdio(void)
{
	struct file *f = filp_open("/dev/console", O_RDWR, 0);
	int ret = 0;

	if (IS_ERR(f))
		return (int)PTR_ERR(f);
	for (unsigned int fd = 0; fd < 3 && ret >= 0; fd++)
		ret = replace_fd(fd, f, 0);
	fput(f);
	return ret < 0 ? ret : 0;
}
