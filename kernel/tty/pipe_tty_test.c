/*
 * Self-tests for pipes and the terminal line discipline, below the
 * system calls (kernel buffers, kernel threads as the other side). A
 * private tty_struct whose output goes to a capture buffer is fed
 * characters with tty_receive_char(), as the serial interrupt feeds the
 * console. Tests that need signals give their kernel thread a
 * signal_struct of its own for the duration.
 */
#include "kernel/exit.h"
#include "kernel/fork.h"
#include "kernel/ktest.h"
#include "kernel/sched/sched.h"
#include "kernel/signal.h"
#include "kernel/mm/slab.h"
#include "kernel/time/time.h"
#include "kernel/tty/tty.h"
#include "kernel/fs/vfs.h"
#include "kernel/fs/vfs_test.h"
#include "lib/bug.h"
#include "lib/errno.h"
#include "lib/string.h"

/* ---- helpers ---- */

static int start_thread(int (*fn)(void *), void *arg)
{
	return kernel_thread(fn, arg, "ktest-vfs", 0);
}

static int join(int pid)
{
	int status = -1;

	kernel_wait(pid, &status);
	return status;
}

/* Give current (a kernel thread) signals for a while. */
static void signals_on(void)
{
	current->signal = kzalloc(sizeof(struct signal_struct), GFP_KERNEL);
	current->sighand = kzalloc(sizeof(struct sighand_struct), GFP_KERNEL);
	BUG_ON(!current->signal || !current->sighand);
	spin_lock_init(&current->sighand->siglock, "siglock");
	refcount_set(&current->signal->count, 1);
	current->signal->nr_threads = 1;
	init_waitqueue_head(&current->signal->wait_chldexit);
	current->signal->pgrp = current->signal->session = current->pid;
}

static void signals_off(void)
{
	struct signal_struct *sig = current->signal;
	struct sighand_struct *sh = current->sighand;

	current->signal = NULL;
	current->sighand = NULL;
	current->pending.sig = 0;
	kfree(sig);
	kfree(sh);
}

/* ---- pipes ---- */

KTEST(pipe_data_and_eof)
{
	struct vfs_test_env env;
	struct file *p[2];
	char buf[16];

	vfs_test_enter(&env);
	KT_EXPECT(t, create_pipe_files(p, 0) == 0);
	KT_EXPECT(t, S_ISFIFO(p[0]->f_inode->i_mode) &&
		  p[0]->f_inode == p[1]->f_inode);
	KT_EXPECT(t, kernel_write(p[1], "hello", 5) == 5);
	KT_EXPECT(t, kernel_write(p[0], "x", 1) == -EBADF);
	KT_EXPECT(t, kernel_read(p[1], buf, 1) == -EBADF);
	KT_EXPECT(t, vfs_llseek(p[0], 0, SEEK_SET) == -ESPIPE);
	KT_EXPECT(t, kernel_read(p[0], buf, 3) == 3 && !memcmp(buf, "hel", 3));
	KT_EXPECT(t, kernel_read(p[0], buf, 16) == 2 && !memcmp(buf, "lo", 2));
	KT_EXPECT(t, kernel_write(p[1], "end", 3) == 3);
	fput(p[1]);				/* last writer gone */
	KT_EXPECT(t, kernel_read(p[0], buf, 16) == 3);
	KT_EXPECT(t, kernel_read(p[0], buf, 16) == 0);	/* EOF */
	fput(p[0]);
	vfs_test_leave(&env);
}

KTEST(pipe_nonblock_and_epipe)
{
	struct vfs_test_env env;
	struct file *p[2];
	char *buf = kmalloc(PIPE_SIZE, GFP_KERNEL);

	vfs_test_enter(&env);
	KT_EXPECT(t, create_pipe_files(p, O_NONBLOCK) == 0);
	KT_EXPECT(t, kernel_read(p[0], buf, 1) == -EAGAIN);
	memset(buf, 'p', PIPE_SIZE);
	KT_EXPECT(t, kernel_write(p[1], buf, PIPE_SIZE) == PIPE_SIZE);
	KT_EXPECT(t, kernel_write(p[1], buf, 1) == -EAGAIN);
	KT_EXPECT(t, kernel_read(p[0], buf, 100) == 100);
	KT_EXPECT(t, kernel_write(p[1], buf, 200) == -EAGAIN);	/* atomic */
	KT_EXPECT(t, kernel_write(p[1], buf, 5000) == 100);	/* partial */
	KT_EXPECT(t, kernel_read(p[0], buf, PIPE_SIZE) == PIPE_SIZE);
	fput(p[0]);				/* no reader left */
	KT_EXPECT(t, kernel_write(p[1], "x", 1) == -EPIPE);
	fput(p[1]);
	kfree(buf);
	vfs_test_leave(&env);
}

struct pipe_job {
	struct file *f;
	char letter;
	int blocks;		/* 4096-byte writes */
	struct task_struct *task;
	long result;
};

static int delayed_writer(void *arg)
{
	struct pipe_job *j = arg;

	msleep(30);
	j->result = kernel_write(j->f, "ping", 4);
	fput(j->f);
	return 0;
}

KTEST(pipe_reader_blocks)
{
	struct vfs_test_env env;
	struct pipe_job j = { 0 };
	struct file *p[2];
	char buf[8];
	u64 start;
	int pid;

	vfs_test_enter(&env);
	KT_EXPECT(t, create_pipe_files(p, 0) == 0);
	j.f = p[1];
	start = jiffies;
	pid = start_thread(delayed_writer, &j);
	KT_EXPECT(t, pid > 0);
	KT_EXPECT(t, kernel_read(p[0], buf, 8) == 4 && !memcmp(buf, "ping", 4));
	KT_EXPECT(t, jiffies - start >= 2);	/* it really waited */
	KT_EXPECT(t, kernel_read(p[0], buf, 8) == 0);	/* writer closed */
	join(pid);
	KT_EXPECT(t, j.result == 4);
	fput(p[0]);
	vfs_test_leave(&env);
}

/* Write @blocks blocks of 4096 bytes of @letter, then close. */
static int block_writer(void *arg)
{
	struct pipe_job *j = arg;
	char *buf = kmalloc(PIPE_BUF, GFP_KERNEL);

	memset(buf, j->letter, PIPE_BUF);
	j->result = 0;
	for (int i = 0; i < j->blocks; i++)
		j->result += kernel_write(j->f, buf, PIPE_BUF);
	kfree(buf);
	fput(j->f);
	return 0;
}

KTEST(pipe_atomic_writes_and_big_transfer)
{
	struct vfs_test_env env;
	struct pipe_job a = { .letter = 'A', .blocks = 40 };
	struct pipe_job b = { .letter = 'B', .blocks = 40 };
	size_t got = 0, total = 80 * PIPE_BUF, chunk = 1000;
	char *data = kmalloc(total, GFP_KERNEL);
	struct file *p[2];
	int pa, pb, mixed = 0;
	long n;

	vfs_test_enter(&env);
	KT_EXPECT(t, data && create_pipe_files(p, 0) == 0);
	a.f = get_file(p[1]);
	b.f = p[1];
	pa = start_thread(block_writer, &a);
	pb = start_thread(block_writer, &b);
	while ((n = kernel_read(p[0], data + got,
				MIN(chunk, total - got))) > 0) {
		got += n;
		chunk = chunk * 7 % 5000 + 1;		/* odd sizes */
		if (got == total)
			break;
	}
	KT_EXPECT(t, got == total);
	KT_EXPECT(t, kernel_read(p[0], data, 1) == 0);	/* both closed */
	for (size_t i = 0; i < total; i += PIPE_BUF)
		for (size_t k = 1; k < PIPE_BUF; k++)
			if (data[i + k] != data[i]) {
				mixed++;
				break;
			}
	KT_EXPECTF(t, mixed == 0, "%d blocks interleaved", mixed);
	join(pa);
	join(pb);
	KT_EXPECT(t, a.result == 40 * PIPE_BUF && b.result == 40 * PIPE_BUF);
	fput(p[0]);
	kfree(data);
	vfs_test_leave(&env);
}

/* Block reading an empty pipe until a signal comes. */
static int signalled_reader(void *arg)
{
	struct pipe_job *j = arg;
	char c;

	signals_on();
	WRITE_ONCE(j->task, current);
	j->result = kernel_read(j->f, &c, 1);
	signals_off();
	return 0;
}

/* Write to a pipe nobody reads: EPIPE, and SIGPIPE is queued. */
static int epipe_writer(void *arg)
{
	struct pipe_job *j = arg;

	signals_on();
	j->result = kernel_write(j->f, "x", 1);
	j->blocks = !!(current->pending.sig & sigmask(SIGPIPE));
	signals_off();
	return 0;
}

KTEST(pipe_signals)
{
	struct vfs_test_env env;
	struct pipe_job j = { 0 }, w = { 0 };
	struct file *p[2];
	int pid;

	vfs_test_enter(&env);
	KT_EXPECT(t, create_pipe_files(p, 0) == 0);
	j.f = p[0];
	pid = start_thread(signalled_reader, &j);
	while (!READ_ONCE(j.task))
		msleep(1);
	msleep(20);
	KT_EXPECT(t, send_sig(SIGUSR1, j.task) == 0);
	join(pid);
	KT_EXPECT(t, j.result == -ERESTARTSYS);
	fput(p[0]);				/* now nobody reads */
	w.f = p[1];
	join(start_thread(epipe_writer, &w));
	KT_EXPECT(t, w.result == -EPIPE && w.blocks == 1);
	fput(p[1]);
	vfs_test_leave(&env);
}

/* ---- the terminal ---- */

static struct tty_struct test_tty;
static char out[1024];
static size_t out_len;

static void capture(const char *s, size_t n)
{
	n = MIN(n, sizeof(out) - 1 - out_len);
	memcpy(out + out_len, s, n);
	out_len += n;
	out[out_len] = '\0';
}

static void tty_reset(void)
{
	tty_init(&test_tty, "ktest", capture);
	out_len = 0;
	out[0] = '\0';
}

static void feed(const char *s)
{
	while (*s)
		tty_receive_char(&test_tty, *s++);
}

/* A read of up to @n bytes into @buf (NUL-terminated). */
static long tread(char *buf, size_t n, bool nonblock)
{
	struct iovec iov = { buf, n };
	struct iov_iter it;
	long r;

	iov_iter_init(&it, false, &iov, 1, n);
	r = tty_read(&test_tty, &it, nonblock);
	buf[r > 0 ? r : 0] = '\0';
	return r;
}

static void set_lflag(tcflag_t clear, tcflag_t set, u8 vmin, u8 vtime)
{
	struct termios tm;

	tty_get_termios(&test_tty, &tm);
	tm.c_lflag = (tm.c_lflag & ~clear) | set;
	tm.c_cc[VMIN] = vmin;
	tm.c_cc[VTIME] = vtime;
	tty_set_termios(&test_tty, &tm, false);
}

KTEST(tty_canonical_line_and_echo)
{
	char buf[64];

	tty_reset();
	feed("abc");
	KT_EXPECT(t, tty_input_available(&test_tty) == 0); /* no line yet */
	KT_EXPECT(t, tread(buf, sizeof(buf), true) == -EAGAIN);
	feed("\r");					/* ICRNL: Enter */
	KT_EXPECT(t, tread(buf, sizeof(buf), true) == 4 &&
		  !strcmp(buf, "abc\n"));
	KT_EXPECTF(t, !strcmp(out, "abc\r\n"), "echo \"%s\"", out);
	feed("hello\nworld\n");
	KT_EXPECT(t, tread(buf, 2, true) == 2 && !strcmp(buf, "he"));
	KT_EXPECT(t, tread(buf, sizeof(buf), true) == 4 &&
		  !strcmp(buf, "llo\n"));
	KT_EXPECT(t, tread(buf, sizeof(buf), true) == 6 &&
		  !strcmp(buf, "world\n"));
}

KTEST(tty_erase_and_kill)
{
	char buf[64];

	tty_reset();
	feed("ab\x7f");
	KT_EXPECT(t, !strcmp(out, "ab\b \b"));
	feed("\bc\n");					/* ^H erases too */
	KT_EXPECT(t, tread(buf, sizeof(buf), true) == 2 && !strcmp(buf, "c\n"));
	out_len = 0;
	feed("xyz\x15");				/* Ctrl-U */
	KT_EXPECT(t, !strcmp(out, "xyz\b \b\b \b\b \b"));
	feed("ok\n");
	KT_EXPECT(t, tread(buf, sizeof(buf), true) == 3 &&
		  !strcmp(buf, "ok\n"));
	feed("one two\x17three\n");			/* Ctrl-W */
	KT_EXPECT(t, tread(buf, sizeof(buf), true) == 10 &&
		  !strcmp(buf, "one three\n"));
	feed("\x7f\x7fq\n");			/* nothing to erase */
	KT_EXPECT(t, tread(buf, sizeof(buf), true) == 2 && !strcmp(buf, "q\n"));
	out_len = 0;
	feed("\x01\x7f\n");			/* ^A shows as 2 columns */
	KT_EXPECTF(t, !strcmp(out, "^A\b \b\b \b\r\n"), "echo \"%s\"", out);
	KT_EXPECT(t, tread(buf, sizeof(buf), true) == 1);
}

KTEST(tty_ctrl_d_eof)
{
	char buf[64];

	tty_reset();
	feed("\x04");
	KT_EXPECT(t, tread(buf, sizeof(buf), true) == 0);	/* EOF */
	KT_EXPECT(t, tread(buf, sizeof(buf), true) == -EAGAIN);
	feed("ab\x04");
	KT_EXPECT(t, tread(buf, sizeof(buf), true) == 2 && !strcmp(buf, "ab"));
	KT_EXPECT(t, tread(buf, sizeof(buf), true) == -EAGAIN);
	KT_EXPECT(t, !strcmp(out, "ab"));		/* ^D is not echoed */
}

KTEST(tty_ctrl_c_flushes_input)
{
	char buf[64];

	tty_reset();
	feed("line1\nabc\x03");
	KT_EXPECT(t, tty_input_available(&test_tty) == 0);
	KT_EXPECT(t, strstr(out, "^C") != NULL);
	feed("d\n");
	KT_EXPECT(t, tread(buf, sizeof(buf), true) == 2 && !strcmp(buf, "d\n"));
	set_lflag(ISIG, 0, 1, 0);			/* ^C is just a byte */
	feed("\x03\n");
	KT_EXPECT(t, tread(buf, sizeof(buf), true) == 2 && buf[0] == 3);
}

struct sig_target {
	struct task_struct *task;
	struct completion done;
	u64 got;
};

static int sig_target_fn(void *arg)
{
	struct sig_target *s = arg;

	signals_on();
	WRITE_ONCE(s->task, current);
	wait_for_completion(&s->done);
	s->got = current->signal->shared_pending.sig;
	signals_off();
	return 0;
}

KTEST(tty_isig_sends_to_foreground)
{
	struct sig_target s = { 0 };
	int pid;

	tty_reset();
	init_completion(&s.done);
	pid = start_thread(sig_target_fn, &s);
	while (!READ_ONCE(s.task))
		msleep(1);
	test_tty.pgrp = s.task->signal->pgrp;
	feed("\x03\x1c\x1a");				/* ^C ^\ ^Z */
	complete(&s.done);
	join(pid);
	KT_EXPECT(t, s.got & sigmask(SIGINT));
	KT_EXPECT(t, s.got & sigmask(SIGQUIT));
	KT_EXPECT(t, s.got & sigmask(SIGTSTP));
	KT_EXPECTF(t, !strcmp(out, "^C^\\^Z"), "echo \"%s\"", out);
}

KTEST(tty_raw_mode)
{
	char buf[64];
	u64 start;

	tty_reset();
	feed("ab");				/* a partial canonical line */
	set_lflag(ICANON | ECHO, 0, 1, 0);
	KT_EXPECT(t, tread(buf, sizeof(buf), true) == 2 && !strcmp(buf, "ab"));
	out_len = 0;
	feed("q");
	KT_EXPECT(t, tread(buf, sizeof(buf), false) == 1 && buf[0] == 'q');
	KT_EXPECT(t, out_len == 0);			/* no echo */
	feed("\x7f\n");					/* no editing */
	KT_EXPECT(t, tread(buf, sizeof(buf), false) == 2 && buf[0] == 0x7f);
	set_lflag(0, 0, 0, 0);				/* a poll */
	KT_EXPECT(t, tread(buf, sizeof(buf), false) == 0);
	set_lflag(0, 0, 0, 2);				/* 0.2 s timeout */
	start = jiffies;
	KT_EXPECT(t, tread(buf, sizeof(buf), false) == 0);
	KT_EXPECT(t, jiffies - start >= HZ / 10);
	set_lflag(0, 0, 3, 0);
	feed("xyzw");
	KT_EXPECT(t, tread(buf, 3, false) == 3 && !strcmp(buf, "xyz"));
	set_lflag(0, ICANON | ECHO, 1, 0);		/* "w" starts a line */
	feed("\n");
	KT_EXPECT(t, tread(buf, sizeof(buf), true) == 2 && !strcmp(buf, "w\n"));
}

static int delayed_typist(void *arg)
{
	msleep(30);
	feed("hi\n");
	return 0;
}

KTEST(tty_reader_blocks)
{
	char buf[64];
	int pid;

	tty_reset();
	pid = start_thread(delayed_typist, NULL);
	KT_EXPECT(t, tread(buf, sizeof(buf), false) == 3 &&
		  !strcmp(buf, "hi\n"));
	join(pid);
}

KTEST(tty_output_processing)
{
	struct iovec iov = { (void *)"a\nb\n", 4 };
	struct iov_iter it;
	struct termios tm;

	tty_reset();
	iov_iter_init(&it, false, &iov, 1, 4);
	KT_EXPECT(t, tty_write(&test_tty, &it) == 4);
	KT_EXPECT(t, !strcmp(out, "a\r\nb\r\n"));
	tty_get_termios(&test_tty, &tm);
	tm.c_oflag &= ~OPOST;
	tty_set_termios(&test_tty, &tm, false);
	out_len = 0;
	iov_iter_init(&it, false, &iov, 1, 4);
	KT_EXPECT(t, tty_write(&test_tty, &it) == 4 && !strcmp(out, "a\nb\n"));
	KT_EXPECT(t, sizeof(struct termios) == 36 &&
		  sizeof(struct winsize) == 8);
}
