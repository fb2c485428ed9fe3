/*
 * strace: trace the system calls of a program, one line per call, in
 * strace's style.
 *
 *   strace [-o FILE] [-s N] [-e trace=NAME,...] CMD [ARGS...]
 *   strace [-o FILE] [-s N] [-e trace=NAME,...] -p PID
 *
 *   ioctl(1, TIOCGWINSZ, {ws_row=24, ws_col=80, ws_xpixel=0, ws_ypixel=0}) = 0
 *   writev(1, [{iov_base="hi\n", iov_len=3}], 1) = 3
 *   open("/nosuch", O_RDONLY)               = -1 ENOENT (No such file or directory)
 *   exit_group(0)                           = ?
 *   +++ exited with 0 +++
 *
 * Arguments are decoded: strings quoted with C escapes and cut after 32
 * characters ("..." follows; -s N changes that), flags by name, structures
 * the call reads or fills in braces. A call that blocks shows its first
 * half ("read(0, ") until it returns. The trace goes to standard error
 * (or FILE), so it mixes with the program's own output, as on Linux.
 * -p attaches to one thread of a running process (Ctrl-C detaches); only
 * that thread is traced (no -f).
 *
 * How: ptrace(2), as Linux's strace. The tracee runs until it makes a
 * "stop"; waitpid() in the tracer returns with the stop's status, and the
 * tracee sleeps (state t, "tracing stop") until the tracer resumes it with
 * PTRACE_SYSCALL, which also asks for the next system-call stops. The
 * stops this tracer sees:
 *
 *   syscall-enter   WSTOPSIG == SIGTRAP|0x80 (PTRACE_O_TRACESYSGOOD tells
 *                   it from a real SIGTRAP); PTRACE_GET_SYSCALL_INFO says
 *                   op ENTRY, with the number and the six arguments
 *   syscall-exit    the same status; op EXIT, with the return value
 *   signal-delivery WSTOPSIG is the signal; PTRACE_GETSIGINFO gives its
 *                   si_code; resuming with it delivers it, with 0 drops it
 *   group-stop      a stop signal with PTRACE_EVENT_STOP in status >> 16;
 *                   PTRACE_LISTEN keeps it stopped until SIGCONT
 *   interrupt       SIGTRAP with PTRACE_EVENT_STOP in status >> 16:
 *                   the first stop, after PTRACE_INTERRUPT
 *
 * While the tracee is stopped its memory holds still: strace reads the
 * strings and structures the arguments point to with process_vm_readv(),
 * at entry the ones the call reads, at exit the ones it filled in.
 *
 * Attaching is the same for -p and for CMD: PTRACE_SEIZE (with the
 * options) and PTRACE_INTERRUPT for a first stop. For CMD, strace forks a
 * child that waits on a pipe, seizes it, and lets it exec CMD; its stops
 * before that execve are not shown. (The classic PTRACE_TRACEME would
 * do too, but only a seized tracee can stay in a group stop, with
 * PTRACE_LISTEN, as an untraced process would.) For -p, Ctrl-C interrupts
 * the thread again and PTRACE_DETACH lets it run on.
 *
 * Linux interfaces: fork, pipe, execve, ptrace (SEIZE, INTERRUPT,
 * SYSCALL, GET_SYSCALL_INFO, GETSIGINFO, LISTEN, DETACH),
 * waitpid(__WALL), process_vm_readv, sigaction.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "strace_tables.h"
#include "syscall_names.h"
#include "ulib.h"

#define LINE_MAX_LEN 16384
#define MAX_FILTER 64

/* ---- options and state --------------------------------------------- */

static int out_fd = 2;
static int str_limit = 32;
static const char *filter[MAX_FILTER];
static int nfilter;
static pid_t tracee;		/* the traced thread */
static volatile sig_atomic_t interrupted;

/* The call whose ENTER was seen and whose EXIT has not come yet. */
static struct {
	int active, shown;
	unsigned long long nr, args[6];
	int next_arg;			/* first argument not printed yet */
} pending;

/* ---- output -------------------------------------------------------- */

static char line[LINE_MAX_LEN];
static size_t line_len;
static int column;		/* of the output, after what we flushed */

static void out(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void out(const char *fmt, ...)
{
	va_list ap;
	int n;

	if (line_len >= sizeof(line) - 1)
		return;
	va_start(ap, fmt);
	n = vsnprintf(line + line_len, sizeof(line) - line_len, fmt, ap);
	va_end(ap);
	if (n > 0)
		line_len += (size_t)n < sizeof(line) - line_len ? (size_t)n :
			    sizeof(line) - line_len - 1;
}

static void flush_line(void)
{
	size_t done = 0;

	for (size_t i = 0; i < line_len; i++)
		column = line[i] == '\n' ? 0 : column + 1;
	while (done < line_len) {
		ssize_t n = write(out_fd, line + done, line_len - done);

		if (n <= 0 && errno != EINTR)
			break;
		if (n > 0)
			done += (size_t)n;
	}
	line_len = 0;
}

/* strace puts the "= result" at column 40 (or one space further on). */
static void tab_to_result(void)
{
	int col = column;

	for (size_t i = 0; i < line_len; i++)
		col = line[i] == '\n' ? 0 : col + 1;
	out("%*s", col < 40 ? 40 - col : 1, "");
}

/* ---- the tracee's memory ------------------------------------------- */

/* Copy len bytes at the tracee's address addr; -1 if unreadable. */
static int peek(uint64_t addr, void *buf, size_t len)
{
	struct iovec local = { buf, len };
	struct iovec remote = { (void *)(uintptr_t)addr, len };

	if (addr == 0)
		return -1;
	return process_vm_readv(tracee, &local, 1, &remote, 1, 0) == (ssize_t)len ? 0 : -1;
}

/* Read a NUL-terminated string, at most max bytes; returns its length
 * (max + 1 if longer) or -1. Reads page by page: the string may end
 * just before an unmapped page. */
static long peek_string(uint64_t addr, char *buf, size_t max)
{
	size_t len = 0;

	while (len <= max) {
		size_t chunk = 4096 - ((addr + len) & 4095);
		char *nul;

		if (chunk > max + 1 - len)
			chunk = max + 1 - len;
		if (peek(addr + len, buf + len, chunk) < 0)
			return len ? (long)len : -1;
		nul = memchr(buf + len, '\0', chunk);
		if (nul)
			return nul - buf;
		len += chunk;
	}
	return (long)max + 1;
}

/* ---- printing values ----------------------------------------------- */

static void print_ptr(uint64_t v)
{
	if (v)
		out("%#llx", (unsigned long long)v);
	else
		out("NULL");
}

/* Quote n bytes as strace does: C escapes, octal for the rest. */
static void print_quoted(const unsigned char *s, size_t n, int more)
{
	out("\"");
	for (size_t i = 0; i < n; i++) {
		unsigned char c = s[i];
		int next_digit = i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '7';

		switch (c) {
		case '\n': out("\\n"); break;
		case '\t': out("\\t"); break;
		case '\r': out("\\r"); break;
		case '\v': out("\\v"); break;
		case '\f': out("\\f"); break;
		case '"': out("\\\""); break;
		case '\\': out("\\\\"); break;
		default:
			if (c >= 0x20 && c < 0x7f)
				out("%c", c);
			else
				out(next_digit ? "\\%03o" : "\\%o", c);
		}
	}
	out("\"%s", more ? "..." : "");
}

static void print_string(uint64_t addr)
{
	char buf[4200];
	long n;

	if (addr == 0) {
		out("NULL");
		return;
	}
	n = peek_string(addr, buf, (size_t)str_limit);
	if (n < 0)
		print_ptr(addr);
	else
		print_quoted((unsigned char *)buf, n > str_limit ? (size_t)str_limit : (size_t)n,
			     n > str_limit);
}

static void print_buffer(uint64_t addr, long long len)
{
	unsigned char buf[4200];
	size_t n = len > str_limit ? (size_t)str_limit : (size_t)(len > 0 ? len : 0);

	if (addr == 0)
		out("NULL");
	else if (peek(addr, buf, n) < 0)
		print_ptr(addr);
	else
		print_quoted(buf, n, len > str_limit);
}

/* v as NAME|NAME|0x..., or zero_name when v is 0. */
static void print_flags(unsigned long long v, const struct flag *t, const char *zero_name)
{
	int any = 0;

	if (v == 0) {
		out("%s", zero_name);
		return;
	}
	for (; t->name; t++)
		if (t->bit && (v & t->bit) == t->bit) {
			out("%s%s", any++ ? "|" : "", t->name);
			v &= ~t->bit;
		}
	if (v)
		out("%s%#llx", any ? "|" : "", v);
}

/* The name of value v in table t, else v in decimal (or hex). */
static void print_enum(long long v, const struct flag *t, int hex)
{
	for (; t->name; t++)
		if ((long long)t->bit == v) {
			out("%s", t->name);
			return;
		}
	out(hex ? "%#llx" : "%lld", v);
}

static void print_open_flags(unsigned long long v)
{
	static const char *const acc[4] = { "O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE" };

	out("%s", acc[v & 3]);
	if (v & ~3ull) {
		out("|");
		print_flags(v & ~3ull, open_flags, "");
	}
}

/* "SIGINT", "SIGRT_3" or the number. */
static void print_signal(long long sig)
{
	const char *name = sig > 0 && sig < 32 ? ulib_sig_name((int)sig) : NULL;

	if (name)
		out("SIG%s", name);
	else if (sig == 32)
		out("SIGRTMIN");
	else if (sig > 32 && sig <= 64)
		out("SIGRT_%lld", sig - 32);
	else
		out("%lld", sig);
}

/* A sigset as strace prints it: [INT TERM], or ~[...] when mostly full. */
static void print_sigset(uint64_t addr)
{
	uint64_t set;
	int invert, first = 1;

	if (peek(addr, &set, sizeof(set)) < 0) {
		print_ptr(addr);
		return;
	}
	invert = __builtin_popcountll(set) > 32;
	if (invert)
		set = ~set;
	out("%s[", invert ? "~" : "");
	for (int sig = 1; sig <= 64; sig++) {
		const char *name;

		if (!(set & (1ull << (sig - 1))))
			continue;
		name = sig < 32 ? ulib_sig_name(sig) : NULL;
		if (name)
			out("%s%s", first ? "" : " ", name);
		else if (sig == 32)
			out("%sRTMIN", first ? "" : " ");
		else
			out("%sRT_%d", first ? "" : " ", sig - 32);
		first = 0;
	}
	out("]");
}

static void print_sigaction(uint64_t addr)
{
	uint64_t ka[4];		/* handler, flags, restorer, mask */

	if (peek(addr, ka, sizeof(ka)) < 0) {
		print_ptr(addr);
		return;
	}
	out("{sa_handler=");
	if (ka[0] == 0 || ka[0] == 1)
		out(ka[0] ? "SIG_IGN" : "SIG_DFL");
	else
		out("%#llx", (unsigned long long)ka[0]);
	out(", sa_mask=");
	print_sigset(addr + 24);
	out(", sa_flags=");
	print_flags(ka[1], sa_flags, "0");
	if (ka[1] & 0x04000000)
		out(", sa_restorer=%#llx", (unsigned long long)ka[2]);
	out("}");
}

static void print_timespec(uint64_t addr)
{
	int64_t ts[2];

	if (peek(addr, ts, sizeof(ts)) < 0)
		print_ptr(addr);
	else
		out("{tv_sec=%lld, tv_nsec=%lld}", (long long)ts[0], (long long)ts[1]);
}

static void print_rlim_value(uint64_t v)
{
	if (v == ~0ull)
		out("RLIM64_INFINITY");
	else if (v && v % 1024 == 0)
		out("%llu*1024", (unsigned long long)(v / 1024));
	else
		out("%llu", (unsigned long long)v);
}

static void print_rlimit(uint64_t addr)
{
	uint64_t r[2];

	if (peek(addr, r, sizeof(r)) < 0) {
		print_ptr(addr);
		return;
	}
	out("{rlim_cur=");
	print_rlim_value(r[0]);
	out(", rlim_max=");
	print_rlim_value(r[1]);
	out("}");
}

/* struct stat (Linux x86_64 layout): mode, size or rdev, then "...". */
static void print_stat(uint64_t addr)
{
	unsigned char st[144];
	uint32_t mode;
	uint64_t rdev;
	int64_t size;
	static const struct flag types[] = {
		{ 0140000, "S_IFSOCK" }, { 0120000, "S_IFLNK" }, { 0100000, "S_IFREG" },
		{ 060000, "S_IFBLK" }, { 040000, "S_IFDIR" }, { 020000, "S_IFCHR" },
		{ 010000, "S_IFIFO" }, { 0, NULL }
	};

	if (peek(addr, st, sizeof(st)) < 0) {
		print_ptr(addr);
		return;
	}
	memcpy(&mode, st + 24, 4);
	memcpy(&rdev, st + 40, 8);
	memcpy(&size, st + 48, 8);
	out("{st_mode=");
	print_enum(mode & 0170000, types, 1);
	out("|%#o", mode & 07777);
	if ((mode & 0170000) == 020000 || (mode & 0170000) == 060000)
		out(", st_rdev=makedev(%#llx, %#llx)",
		    (unsigned long long)((rdev >> 8) & 0xfff),
		    (unsigned long long)((rdev & 0xff) | ((rdev >> 12) & ~0xffull)));
	else
		out(", st_size=%lld", (long long)size);
	out(", ...}");
}

static void print_utsname(uint64_t addr)
{
	static const char *const names[6] = {
		"sysname", "nodename", "release", "version", "machine", "domainname"
	};
	char u[6 * 65];

	if (peek(addr, u, sizeof(u)) < 0) {
		print_ptr(addr);
		return;
	}
	out("{");
	for (int i = 0; i < 2; i++) {	/* strace shows two fields, then ... */
		size_t n = strnlen(u + 65 * i, 65);

		out("%s%s=", i ? ", " : "", names[i]);
		print_quoted((unsigned char *)u + 65 * i, n, 0);
	}
	out(", ...}");
}

static void print_wait_status(uint64_t addr)
{
	int s;

	if (peek(addr, &s, sizeof(s)) < 0) {
		print_ptr(addr);
		return;
	}
	if (WIFEXITED(s)) {
		out("[{WIFEXITED(s) && WEXITSTATUS(s) == %d}]", WEXITSTATUS(s));
	} else if (WIFSIGNALED(s)) {
		out("[{WIFSIGNALED(s) && WTERMSIG(s) == ");
		print_signal(WTERMSIG(s));
		out("%s}]", WCOREDUMP(s) ? " && WCOREDUMP(s)" : "");
	} else if (WIFSTOPPED(s)) {
		out("[{WIFSTOPPED(s) && WSTOPSIG(s) == ");
		print_signal(WSTOPSIG(s));
		out("}]");
	} else {
		out("[%#x]", s);
	}
}

/* An iovec array; total caps the bytes shown (what was really moved). */
static void print_iovec(uint64_t addr, long long count, long long total)
{
	uint64_t iov[2];

	out("[");
	for (long long i = 0; i < count; i++) {
		if (i == 8) {
			out(", ...");
			break;
		}
		if (peek(addr + 16 * (uint64_t)i, iov, sizeof(iov)) < 0) {
			out("%s%#llx", i ? ", " : "", (unsigned long long)addr);
			break;
		}
		out("%s{iov_base=", i ? ", " : "");
		if (iov[0] == 0)
			out("NULL");
		else
			print_buffer(iov[0], total < (long long)iov[1] ? (total > 0 ? total : 0) : (long long)iov[1]);
		out(", iov_len=%llu}", (unsigned long long)iov[1]);
		total -= (long long)iov[1];
	}
	out("]");
}

/* execve's argv: ["echo", "hi"]. */
static void print_argv(uint64_t addr)
{
	uint64_t p;

	if (addr == 0) {
		out("NULL");
		return;
	}
	out("[");
	for (int i = 0; peek(addr + 8 * (uint64_t)i, &p, 8) == 0 && p; i++) {
		if (i == 32) {
			out(", ...");
			break;
		}
		if (i)
			out(", ");
		print_string(p);
	}
	out("]");
}

static void print_envp(uint64_t addr)
{
	uint64_t p;
	int n = 0;

	print_ptr(addr);
	while (addr && n < 4096 && peek(addr + 8 * (uint64_t)n, &p, 8) == 0 && p)
		n++;
	if (addr)
		out(" /* %d var%s */", n, n == 1 ? "" : "s");
}

/* getdents64's buffer: how many entries it holds. */
static void print_dirents(uint64_t addr, long long len)
{
	unsigned char buf[4096];
	long long n = 0, off = 0;

	if (len > (long long)sizeof(buf))
		len = sizeof(buf);
	print_ptr(addr);
	if (len <= 0 || peek(addr, buf, (size_t)len) < 0)
		return;
	while (off + 19 <= len) {
		uint16_t reclen;

		memcpy(&reclen, buf + off + 16, 2);
		if (reclen == 0)
			break;
		off += reclen;
		n++;
	}
	out(" /* %lld entries */", n);
}

static void print_ioctl_arg(unsigned long long req, uint64_t addr, long long ret)
{
	uint16_t ws[4];
	uint32_t t[4];
	int v;

	if (ret < 0) {
		print_ptr(addr);
	} else if ((req == 0x5413 || req == 0x5414) && peek(addr, ws, sizeof(ws)) == 0) {
		out("{ws_row=%u, ws_col=%u, ws_xpixel=%u, ws_ypixel=%u}", ws[0],
		    ws[1], ws[2], ws[3]);
	} else if (req >= 0x5401 && req <= 0x5404 && peek(addr, t, sizeof(t)) == 0) {
		out("{c_iflag=%#x, c_oflag=%#x, c_cflag=%#x, c_lflag=%#x, ...}",
		    t[0], t[1], t[2], t[3]);
	} else if ((req == 0x540F || req == 0x5410 || req == 0x541B) &&
		   peek(addr, &v, sizeof(v)) == 0) {
		out("[%d]", v);
	} else if (req == 0x540E || req == 0x5422 || req == 0x5450 || req == 0x5451) {
		out("%llu", (unsigned long long)addr);
	} else {
		print_ptr(addr);
	}
}

static void print_pipefds(uint64_t addr)
{
	int fds[2];

	if (peek(addr, fds, sizeof(fds)) < 0)
		print_ptr(addr);
	else
		out("[%d, %d]", fds[0], fds[1]);
}

/* ---- the calls (their formats: strace_tables.h) ------------------- */

static const char *call_name(unsigned long long nr)
{
	static char buf[32];

	if (nr < SYSCALL_NAMES_LEN && syscall_names[nr])
		return syscall_names[nr];
	snprintf(buf, sizeof(buf), "syscall_%#llx", nr);
	return buf;
}

static const char *call_args(unsigned long long nr)
{
	if (nr < NFORMATS && formats[nr].args)
		return formats[nr].args;
	return "xxxxxx";	/* unknown: six raw arguments */
}

static int is_output(char c)
{
	return c != '\0' && strchr("BYVKZTOUDyLwI", c) != NULL;
}

/*
 * How many arguments a call really shows: fcntl's third and futex's
 * last ones depend on the command, open's mode on O_CREAT.
 */
static int shown_args(unsigned long long nr, const unsigned long long *a)
{
	int n = (int)strlen(call_args(nr));
	int fop = (int)(a[1] & 127);

	if (nr == SYS_fcntl && (a[1] == 1 || a[1] == 3))	/* F_GETFD, F_GETFL */
		return 2;
	if (nr == SYS_futex)
		return fop == 1 ? 3 : fop == 0 ? 4 : 6;
	if ((nr == SYS_open && !(a[1] & 0100)) || (nr == SYS_openat && !(a[2] & 0100)))
		return n - 1;
	if (nr == SYS_clone)
		return 5;
	return n;
}

/* Print argument i of the pending call; ret is known for output ones. */
static void print_arg(int i, long long ret)
{
	const unsigned long long *a = pending.args;
	unsigned long long v = a[i];
	char c = call_args(pending.nr)[i];

	if (is_output(c) && ret < 0 && ret > -4096 && c != 'I') {
		print_ptr(v);		/* the call failed: nothing was written */
		return;
	}
	switch (c) {
	case 'p': print_ptr(v); break;
	case 'x':
		if (pending.nr == SYS_fcntl && a[1] == 2)	/* F_SETFD */
			out("%s", v == 1 ? "FD_CLOEXEC" : "0");
		else if (pending.nr == SYS_fcntl && a[1] == 4)	/* F_SETFL */
			print_open_flags(v);
		else
			out("%#llx", v);
		break;
	case 'd': out("%d", (int)v); break;
	case 'l': out("%lld", (long long)v); break;
	case 'u': out("%llu", v); break;
	case 'f': out("%d", (int)v); break;
	case 'A': if ((int)v == -100) out("AT_FDCWD"); else out("%d", (int)v); break;
	case 's': print_string(v); break;
	case 'b': print_buffer(v, (long long)a[i + 1]); break;
	case 'B': print_buffer(v, ret); break;
	case 'Y':	/* getcwd's string ends in a NUL; readlink's does not */
		if (pending.nr == SYS_getcwd)
			print_string(v);
		else
			print_buffer(v, ret);
		break;
	case 'm': out("%#llo", v); break;
	case 'o': print_open_flags(v); break;
	case 'P': print_flags(v, prot_flags, "PROT_NONE"); break;
	case 'M': print_flags(v, map_flags, "0"); break;
	case 'W': print_enum((long long)v, whence_names, 0); break;
	case 'Q': print_flags(v, access_flags, "F_OK"); break;
	case 'N': print_flags(v, at_flags, "0"); break;
	case 'S': print_signal((long long)v); break;
	case 'H': print_enum((long long)v, how_names, 0); break;
	case 'k': case 'K': if (v) print_sigset(v); else out("NULL"); break;
	case 'a': case 'Z': if (v) print_sigaction(v); else out("NULL"); break;
	case 't': case 'T': if (v) print_timespec(v); else out("NULL"); break;
	case 'e': print_argv(v); break;
	case 'E': print_envp(v); break;
	case 'v': print_iovec(v, (long long)a[i + 1], 1LL << 62); break;
	case 'V': print_iovec(v, (long long)a[i + 1], ret); break;
	case 'n': print_enum((long long)v, clock_names, 0); break;
	case 'R': print_enum((long long)v, rlimit_names, 0); break;
	case 'r': case 'L': if (v) print_rlimit(v); else out("NULL"); break;
	case 'i': print_enum((long long)v, ioctl_names, 1); break;
	case 'I': print_ioctl_arg(a[1], v, ret); break;
	case 'h': print_flags(v, wait_flags, "0"); break;
	case 'c': print_enum((long long)v, arch_prctl_names, 1); break;
	case 'g': print_enum((long long)v, syslog_names, 0); break;
	case 'G': print_flags(v, grnd_flags, "0"); break;
	case 'O': print_stat(v); break;
	case 'U': print_utsname(v); break;
	case 'D': print_dirents(v, ret); break;
	case 'y': print_pipefds(v); break;
	case 'w': if (v) print_wait_status(v); else out("NULL"); break;
	case 'F': print_enum((long long)v, fcntl_names, 0); break;
	case 'X':
		print_enum((long long)(v & ~384ull), futex_names, 0);
		out("%s%s", v & 128 ? "_PRIVATE" : "", v & 256 ? "|FUTEX_CLOCK_REALTIME" : "");
		break;
	case 'C':
		print_flags(v & ~0xffull, clone_flags, "");
		if (v & 0xff) {
			if (v & ~0xffull)
				out("|");
			print_signal((long long)(v & 0xff));
		}
		break;
	default: out("%#llx", v); break;
	}
}

/* clone's arguments by name, in strace's order (x86_64: flags, stack,
 * parent_tid, child_tid, tls). */
static void print_clone_arg(int i)
{
	static const char *const names[5] = {
		"flags", "child_stack", "parent_tid", "child_tidptr", "tls"
	};
	static const int order[5] = { 1, 0, 2, 4, 3 };
	int k = order[i];

	out("%s=", names[k]);
	if (k == 0)
		print_arg(0, 0);
	else
		print_ptr(pending.args[k]);
}

/* Print the pending call's arguments from next_arg on; at entry, stop
 * before the first one the call fills in. */
static void print_args(int at_exit, long long ret)
{
	const char *fmt = call_args(pending.nr);
	int n = shown_args(pending.nr, pending.args);

	for (int i = pending.next_arg; i < n; i++) {
		if (!at_exit && is_output(fmt[i]))
			return;
		if (i > 0)
			out(", ");
		if (pending.nr == SYS_clone)
			print_clone_arg(i);
		else
			print_arg(i, ret);
		pending.next_arg = i + 1;
	}
}

/* ---- errors -------------------------------------------------------- */

static void print_result(long long ret, char kind)
{
	long long err = -ret;

	tab_to_result();
	if (ret < 0 && err >= 512 && err <= 516) {
		out("= ? ");
		print_enum(err, restart_codes, 0);
	} else if (ret < 0 && err < 4096) {
		const char *name = (size_t)err < sizeof(errno_names) / sizeof(errno_names[0]) ?
				   errno_names[err] : NULL;

		if (name)
			out("= -1 %s (%s)", name, strerror((int)err));
		else
			out("= -1 E%lld (%s)", err, strerror((int)err));
	} else if (kind == 'x') {
		out("= %#llx", (unsigned long long)ret);
	} else {
		out("= %lld", ret);
	}
}

/* ---- stops --------------------------------------------------------- */

static int filtered_out(unsigned long long nr)
{
	const char *name = call_name(nr);

	if (nfilter == 0)
		return 0;
	for (int i = 0; i < nfilter; i++)
		if (strcmp(filter[i], name) == 0)
			return 0;
	return 1;
}

static void handle_enter(unsigned long long nr, const uint64_t args[6])
{
	if (pending.active && pending.shown) {	/* its exit never came */
		out(" <unfinished ...>\n");
		flush_line();
	}
	pending.active = 1;
	pending.nr = nr;
	memcpy(pending.args, args, sizeof(pending.args));
	pending.next_arg = 0;
	pending.shown = !filtered_out(nr);
	if (!pending.shown)
		return;
	out("%s(", call_name(nr));
	print_args(0, 0);
	flush_line();	/* show a call that blocks while it blocks */
}

/* The exit stop names no call: it is the one whose entry came last. */
static void handle_exit(long long ret)
{
	if (!pending.active)
		return;
	if (pending.shown) {
		print_args(1, ret);
		out(")");
		print_result(ret, pending.nr < NFORMATS && formats[pending.nr].args ?
			     formats[pending.nr].ret : 'd');
		out("\n");
		flush_line();
	}
	pending.active = 0;
}

static void handle_signal(int sig, int si_code)
{
	if (pending.active && pending.shown)
		out(" <unfinished ...>\n");
	pending.active = 0;
	out("--- ");
	print_signal(sig);
	out(" {si_signo=");
	print_signal(sig);
	if (si_code == 0x80)
		out(", si_code=SI_KERNEL");
	else if (si_code == 0)
		out(", si_code=SI_USER");
	else if (si_code == -6)
		out(", si_code=SI_TKILL");
	else
		out(", si_code=%d", si_code);
	out("} ---\n");
	flush_line();
}

static void handle_group_stop(int sig)
{
	out("--- stopped by ");
	print_signal(sig);
	out(" ---\n");
	flush_line();
}

static void handle_exited(int s)
{
	if (pending.active && pending.shown) {
		out(")");
		tab_to_result();
		out("= ?\n");
	}
	pending.active = 0;
	if (WIFSIGNALED(s)) {
		out("+++ killed by ");
		print_signal(WTERMSIG(s));
		out("%s +++\n", WCOREDUMP(s) ? " (core dumped)" : "");
	} else {
		out("+++ exited with %d +++\n", WEXITSTATUS(s));
	}
	flush_line();
}

/*
 * A syscall stop: print its half of the call. Until the tracee's execve
 * (*skip set, CMD only) nothing is shown: that is strace's own child.
 */
static void syscall_stop(int *skip)
{
	struct __ptrace_syscall_info si;

	if (ptrace(PTRACE_GET_SYSCALL_INFO, tracee, sizeof(si), &si) <= 0)
		return;
	if (si.op == PTRACE_SYSCALL_INFO_ENTRY && *skip && si.entry.nr == SYS_execve)
		*skip = 0;
	if (*skip)
		return;
	if (si.op == PTRACE_SYSCALL_INFO_ENTRY)
		handle_enter(si.entry.nr, si.entry.args);
	else if (si.op == PTRACE_SYSCALL_INFO_EXIT)
		handle_exit(si.exit.rval);
}

/*
 * Print stop @status of the tracee; returns the signal to resume it with
 * (a signal-delivery stop's own, 0 for the rest), and in *@request how:
 * PTRACE_SYSCALL, or PTRACE_LISTEN for a SEIZE group stop (it stays
 * stopped, as an untraced process would, until SIGCONT).
 */
static int handle_stop(int status, int *skip, long *request)
{
	int sig = WSTOPSIG(status), event = status >> 16;
	siginfo_t si;

	*request = PTRACE_SYSCALL;
	if (sig == (SIGTRAP | 0x80)) {
		syscall_stop(skip);
		return 0;
	}
	if (event == PTRACE_EVENT_STOP && sig != SIGTRAP) {
		if (!*skip)
			handle_group_stop(sig);
		*request = PTRACE_LISTEN;
		return 0;
	}
	if (event)		/* our PTRACE_INTERRUPT */
		return 0;
	if (!*skip && ptrace(PTRACE_GETSIGINFO, tracee, 0, &si) == 0)
		handle_signal(sig, si.si_code);
	return sig;		/* a signal-delivery stop: deliver it */
}

/* Stop the running tracee and let it go; prints what Linux's strace does. */
static void detach(int status, int stopped)
{
	int sig = 0;

	if (!stopped) {
		ptrace(PTRACE_INTERRUPT, tracee, 0, 0);
		if (waitpid(tracee, &status, __WALL) != tracee)
			return;
		if (WIFEXITED(status) || WIFSIGNALED(status)) {
			handle_exited(status);
			return;
		}
	}
	if ((status >> 16) == 0 && WSTOPSIG(status) != (SIGTRAP | 0x80))
		sig = WSTOPSIG(status);	/* a signal on its way: deliver it */
	if (pending.active && pending.shown)
		out(" <detached ...>\n");
	ptrace(PTRACE_DETACH, tracee, 0, sig);
	out("strace: Process %d detached\n", tracee);
	flush_line();
}

/*
 * Wait for the tracee's stops and print them until it ends; resume it
 * after each. Returns its wait status (0 after a detach).
 */
static int trace_loop(int skip)
{
	int status, sig;
	long request;

	for (;;) {
		if (waitpid(tracee, &status, __WALL) != tracee) {
			if (errno == EINTR && !interrupted)
				continue;
			if (interrupted)
				detach(0, 0);
			else
				ulib_err("strace", "wait4: %s", strerror(errno));
			return 0;
		}
		if (WIFEXITED(status) || WIFSIGNALED(status)) {
			if (!skip)
				handle_exited(status);
			return status;
		}
		sig = handle_stop(status, &skip, &request);
		if (interrupted) {
			detach(status, 1);
			return 0;
		}
		ptrace(request, tracee, 0, sig);
	}
}

/* ---- attaching ----------------------------------------------------- */

static void on_interrupt(int sig)
{
	(void)sig;
	interrupted = 1;
}

/*
 * Attach to thread @pid with @options: PTRACE_SEIZE, then PTRACE_INTERRUPT
 * for a first stop (from which PTRACE_SYSCALL starts the syscall stops).
 */
static int seize(pid_t pid, long options)
{
	tracee = pid;
	/* A seized tracee's execve makes no extra SIGTRAP (a TRACEME one's
	 * does): no PTRACE_O_TRACEEXEC needed. */
	if (ptrace(PTRACE_SEIZE, pid, 0, PTRACE_O_TRACESYSGOOD | options) < 0 ||
	    ptrace(PTRACE_INTERRUPT, pid, 0, 0) < 0) {
		ulib_err("strace", "attach: ptrace(PTRACE_SEIZE, %d): %s", pid,
			 strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * Fork CMD, waiting on a pipe until strace has seized it; then it execs.
 * EXITKILL: if strace dies, so does CMD, as with Linux's strace.
 */
static void start_command(char **argv)
{
	const char *path = ulib_find_program(argv[0]);
	int go[2];
	pid_t child;
	char c = 'x';

	if (path == NULL) {
		ulib_err("strace", "Can't stat '%s': No such file or directory", argv[0]);
		exit(1);
	}
	if (pipe(go) < 0 || (child = fork()) < 0) {
		ulib_err("strace", "fork: %s", strerror(errno));
		exit(1);
	}
	if (child == 0) {
		close(go[1]);
		while (read(go[0], &c, 1) < 0 && errno == EINTR)
			;	/* the INTERRUPT stop may cut the read short */
		close(go[0]);
		execv(path, argv);
		ulib_err("strace", "exec %s: %s", path, strerror(errno));
		_exit(127);
	}
	close(go[0]);
	if (seize(child, PTRACE_O_EXITKILL) < 0) {
		kill(child, SIGKILL);
		waitpid(child, NULL, 0);
		exit(1);
	}
	if (write(go[1], &c, 1) != 1)
		ulib_err("strace", "cannot start %s", argv[0]);
	close(go[1]);
}

static int attach(long pid)
{
	struct sigaction sa = { .sa_handler = on_interrupt };

	if (pid == getpid()) {
		ulib_err("strace", "I'm sorry, I can't let you do that, Dave.");
		return 1;
	}
	if (seize((pid_t)pid, 0) < 0)
		return 1;
	/* No SA_RESTART: Ctrl-C must interrupt the blocking waitpid(). */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	fprintf(stderr, "strace: Process %ld attached\n", pid);
	trace_loop(0);
	return 0;
}

static int run_command(char **argv)
{
	int status;

	start_command(argv);
	/* As strace does: Ctrl-C is for the traced program, not for us. */
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	status = trace_loop(1);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

static void usage(void)
{
	fprintf(stderr,
		"Usage: strace [-o FILE] [-s STRSIZE] [-e trace=NAME,...] CMD [ARGS...]\n"
		"       strace [-o FILE] [-s STRSIZE] [-e trace=NAME,...] -p PID\n");
	exit(1);
}

static void parse_filter(char *spec)
{
	char *save = NULL;

	if (strncmp(spec, "trace=", 6) == 0)
		spec += 6;
	if (strcmp(spec, "all") == 0)
		return;
	for (char *p = strtok_r(spec, ",", &save); p && nfilter < MAX_FILTER;
	     p = strtok_r(NULL, ",", &save))
		filter[nfilter++] = p;
}

int main(int argc, char **argv)
{
	long pid = 0;
	int opt;

	while ((opt = getopt(argc, argv, "+o:s:e:p:fh")) != -1) {
		switch (opt) {
		case 'o':
			out_fd = open(optarg, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
			if (out_fd < 0) {
				ulib_err("strace", "can't fopen '%s': %s", optarg, strerror(errno));
				return 1;
			}
			break;
		case 's':
			str_limit = atoi(optarg);
			if (str_limit < 0 || str_limit > 4096)
				usage();
			break;
		case 'e': parse_filter(optarg); break;
		case 'p':
			if (ulib_parse_long(optarg, &pid) < 0 || pid <= 0) {
				ulib_err("strace", "Invalid process id: '%s'", optarg);
				return 1;
			}
			break;
		case 'f':
			ulib_err("strace", "-f: following children and threads is not "
				 "supported: Taskbase traces one thread");
			return 1;
		default:
			usage();
		}
	}
	if (pid && optind < argc)
		usage();
	if (pid)
		return attach(pid);
	if (optind == argc) {
		ulib_err("strace", "must have PROG [ARGS] or -p PID");
		usage();
	}
	return run_command(argv + optind);
}
