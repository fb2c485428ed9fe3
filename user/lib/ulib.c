/*
 * user/lib/ulib.c: helpers shared by the Taskbase user programs
 * (error messages, number parsing, the signal table, guards, copying a
 * file).
 * See user/lib/ulib.h for the interface.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "procfs.h"
#include "ulib.h"

/* Linux x86_64 signal numbers, their names and bash's descriptions. */
struct sig_info {
	int sig;
	const char *name;
	const char *desc;
};

static const struct sig_info sig_table[] = {
	{ SIGHUP, "HUP", "Hangup" },
	{ SIGINT, "INT", "Interrupt" },
	{ SIGQUIT, "QUIT", "Quit" },
	{ SIGILL, "ILL", "Illegal instruction" },
	{ SIGTRAP, "TRAP", "Trace/breakpoint trap" },
	{ SIGABRT, "ABRT", "Aborted" },
	{ SIGBUS, "BUS", "Bus error" },
	{ SIGFPE, "FPE", "Floating point exception" },
	{ SIGKILL, "KILL", "Killed" },
	{ SIGUSR1, "USR1", "User defined signal 1" },
	{ SIGSEGV, "SEGV", "Segmentation fault" },
	{ SIGUSR2, "USR2", "User defined signal 2" },
	{ SIGPIPE, "PIPE", "Broken pipe" },
	{ SIGALRM, "ALRM", "Alarm clock" },
	{ SIGTERM, "TERM", "Terminated" },
	{ SIGSTKFLT, "STKFLT", "Stack fault" },
	{ SIGCHLD, "CHLD", "Child exited" },
	{ SIGCONT, "CONT", "Continued" },
	{ SIGSTOP, "STOP", "Stopped (signal)" },
	{ SIGTSTP, "TSTP", "Stopped" },
	{ SIGTTIN, "TTIN", "Stopped (tty input)" },
	{ SIGTTOU, "TTOU", "Stopped (tty output)" },
	{ SIGURG, "URG", "Urgent I/O condition" },
	{ SIGXCPU, "XCPU", "CPU time limit exceeded" },
	{ SIGXFSZ, "XFSZ", "File size limit exceeded" },
	{ SIGVTALRM, "VTALRM", "Virtual timer expired" },
	{ SIGPROF, "PROF", "Profiling timer expired" },
	{ SIGWINCH, "WINCH", "Window changed" },
	{ SIGIO, "IO", "I/O possible" },
	{ SIGPWR, "PWR", "Power failure" },
	{ SIGSYS, "SYS", "Bad system call" },
};

#define SIG_TABLE_LEN (sizeof(sig_table) / sizeof(sig_table[0]))

void ulib_err(const char *prog, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int ulib_parse_long(const char *s, long *out)
{
	char *end;
	long v;

	if (*s == '\0')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (*end != '\0' || errno == ERANGE)
		return -1;
	*out = v;
	return 0;
}

int ulib_sig_from_name(const char *name)
{
	long n;
	size_t i;

	if (ulib_parse_long(name, &n) == 0)
		return (n >= 0 && n < NSIG) ? (int)n : -1;
	if (strncasecmp(name, "SIG", 3) == 0)
		name += 3;
	for (i = 0; i < SIG_TABLE_LEN; i++)
		if (strcasecmp(name, sig_table[i].name) == 0)
			return sig_table[i].sig;
	return -1;
}

const char *ulib_sig_name(int sig)
{
	size_t i;

	for (i = 0; i < SIG_TABLE_LEN; i++)
		if (sig_table[i].sig == sig)
			return sig_table[i].name;
	return NULL;
}

const char *ulib_sig_desc(int sig)
{
	static char buf[32];
	size_t i;

	for (i = 0; i < SIG_TABLE_LEN; i++)
		if (sig_table[i].sig == sig)
			return sig_table[i].desc;
	if (sig >= SIGRTMIN && sig <= SIGRTMAX)
		snprintf(buf, sizeof(buf), "Real-time signal %d", sig - SIGRTMIN);
	else
		snprintf(buf, sizeof(buf), "Unknown signal %d", sig);
	return buf;
}

int ulib_on_taskbase(void)
{
	struct utsname u;

	if (uname(&u) < 0)
		return 0;
	return strcmp(u.sysname, "Taskbase") == 0;
}

int ulib_set_oom_score_adj(int adj)
{
	char num[16];

	snprintf(num, sizeof(num), "%d", adj);
	return procfs_write("/proc/self/oom_score_adj", num);
}

void ulib_open_console(void)
{
	int fd;

	for (fd = 0; fd <= 2; fd++) {
		int c;

		if (fcntl(fd, F_GETFD) >= 0)
			continue;
		c = open("/dev/console", O_RDWR);
		if (c < 0)
			return;
		if (c != fd) {
			dup2(c, fd);
			close(c);
		}
	}
}

long ulib_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void ulib_sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

int ulib_write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), e;
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, s, strlen(s));
	e = errno;
	close(fd);
	errno = e;
	if (n >= 0 && (size_t)n != strlen(s))
		errno = EIO;
	return n == (ssize_t)strlen(s) ? 0 : -1;
}

int ulib_copy_file(const char *src, const char *dst, unsigned int mode)
{
	char buf[4096];
	int in = open(src, O_RDONLY), out = -1;
	ssize_t n = -1;

	unlink(dst);
	if (in >= 0)
		out = open(dst, O_WRONLY | O_CREAT | O_EXCL, 0700);
	while (out >= 0 && (n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n) {
			n = -1;
			break;
		}
	if (n == 0 && fchmod(out, mode) < 0)
		n = -1;
	if (in >= 0)
		close(in);
	if (out >= 0 && close(out) < 0)
		n = -1;
	return n == 0 ? 0 : -1;
}

const char *ulib_find_program(const char *cmd)
{
	static char path[512];
	const char *dirs = getenv("PATH");

	if (strchr(cmd, '/'))
		return access(cmd, X_OK) == 0 ? cmd : NULL;
	if (dirs == NULL)
		dirs = "/bin:/usr/bin";
	while (*dirs) {
		size_t len = strcspn(dirs, ":");

		snprintf(path, sizeof(path), "%.*s/%s", (int)len, dirs, cmd);
		if (access(path, X_OK) == 0)
			return path;
		dirs += len + (dirs[len] == ':');
	}
	return NULL;
}
