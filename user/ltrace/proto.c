/*
 * user/ltrace/proto.c: the prototypes ltrace knows, and how it prints
 * arguments and return values with them.
 *
 * A prototype is a string of type letters, the return type first:
 *
 *   i int        l long       u size_t/unsigned long (decimal)
 *   x unsigned, in hex        c char ('a')          v void (<void>)
 *   p pointer (nil or 0x...)  s string ("hi\n", cut after -s N chars, "...")
 *   S a buffer, as a string, whose length is the next argument
 *   F a printf format: it and the arguments it names (printf("%d", 3))
 *   g unknown: decimal if within +-10000, else hex (ltrace's guess)
 *
 * A function with no prototype here is shown as ltrace shows one with no
 * prototype in its ltrace.conf: long f(long, long, long, long), each
 * "guessed". Arguments come from the x86_64 calling convention: rdi, rsi,
 * rdx, rcx, r8, r9, then the stack above the return address; doubles
 * from xmm0-7 (PTRACE_GETFPREGS); a system call's from its own registers.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/uio.h>

#include "ltrace.h"
#include "syscall_names.h"

static const struct proto protos[] = {
	{ "printf", "iF", 0 },		{ "fprintf", "ipF", 0 },
	{ "sprintf", "ipF", 0 },	{ "snprintf", "ipuF", 0 },
	{ "dprintf", "iiF", 0 },	{ "vprintf", "isp", 0 },
	{ "vfprintf", "ipsp", 0 },	{ "vsnprintf", "ipusp", 0 },
	{ "puts", "is", 0 },		{ "fputs", "isp", 0 },
	{ "putchar", "ic", 0 },		{ "fputc", "icp", 0 },
	{ "putc", "icp", 0 },		{ "fwrite", "upuup", 0 },
	{ "fread", "upuup", 0 },	{ "fflush", "ip", 0 },
	{ "fopen", "pss", 0 },		{ "fclose", "ip", 0 },
	{ "fgets", "spip", 0 },		{ "getchar", "i", 0 },
	{ "strlen", "us", 0 },		{ "strnlen", "usu", 0 },
	{ "strcmp", "iss", 0 },		{ "strncmp", "issu", 0 },
	{ "strcasecmp", "iss", 0 },	{ "strcpy", "pps", 0 },
	{ "strncpy", "ppsu", 0 },	{ "strcat", "pps", 0 },
	{ "strdup", "ss", 0 },		{ "strndup", "ssu", 0 },
	{ "strchr", "ssc", 0 },		{ "strrchr", "ssc", 0 },
	{ "strstr", "sss", 0 },		{ "strtol", "lspi", 0 },
	{ "strtoul", "uspi", 0 },	{ "strerror", "si", 0 },
	{ "memcpy", "ppSu", 0 },	{ "memmove", "ppSu", 0 },
	{ "memset", "ppcu", 0 },	{ "memcmp", "ippu", 0 },
	{ "memchr", "ppcu", 0 },	{ "atoi", "is", 0 },
	{ "atol", "ls", 0 },		{ "getenv", "ss", 0 },
	{ "setenv", "issi", 0 },	{ "toupper", "cc", 0 },
	{ "tolower", "cc", 0 },		{ "malloc", "pu", 0 },
	{ "calloc", "puu", 0 },		{ "realloc", "ppu", 0 },
	{ "free", "vp", 0 },		{ "qsort", "vpuup", 0 },
	{ "qsort_r", "vpuupp", 0 },	{ "stpcpy", "pps", 0 },
	{ "mmap", "ppuiiil", 0 },	{ "munmap", "ipu", 0 },
	{ "exit", "vi", 1 },		{ "_exit", "vi", 1 },
	{ "_Exit", "vi", 1 },		{ "abort", "v", 1 },
	{ "pthread_exit", "vp", 1 },	{ "longjmp", "vpi", 1 },
	{ "fork", "i", 0 },		{ "vfork", "i", 0 },
	{ "getpid", "i", 0 },		{ "getppid", "i", 0 },
	{ "sleep", "uu", 0 },		{ "usleep", "iu", 0 },
	{ "nanosleep", "ipp", 0 },	{ "write", "iiSu", 0 },
	{ "read", "iipu", 0 },		{ "open", "isi", 0 },
	{ "close", "ii", 0 },		{ "waitpid", "iipi", 0 },
	{ "wait", "ip", 0 },		{ "execve", "ispp", 0 },
	{ "execv", "isp", 0 },		{ "execvp", "isp", 0 },
	{ "pthread_create", "ipppp", 0 }, { "pthread_join", "ixp", 0 },
	{ "pthread_mutex_lock", "ip", 0 }, { "pthread_mutex_unlock", "ip", 0 },
	{ "time", "lp", 0 },		{ "rand", "i", 0 },
	{ "srand", "vu", 0 },		{ "abs", "ii", 0 },
	{ "perror", "vs", 0 },		{ "isatty", "ii", 0 },
};

/* Linux's x86_64 system calls that ltrace -S shows with their arguments. */
static const struct proto sys_protos[] = {
	{ "write", "iiSu", 0 },		{ "read", "iipu", 0 },
	{ "open", "isx", 0 },		{ "openat", "iisx", 0 },
	{ "close", "ii", 0 },		{ "writev", "iipi", 0 },
	{ "getpid", "i", 0 },		{ "getppid", "i", 0 },
	{ "exit_group", "vi", 1 },	{ "exit", "vi", 1 },
	{ "nanosleep", "ipp", 0 },	{ "clock_nanosleep", "iiipp", 0 },
	{ "brk", "pp", 0 },		{ "munmap", "ipu", 0 },
	{ "mmap", "ppuiiil", 0 },	{ "ioctl", "iixp", 0 },
};

static const struct proto default_proto = { NULL, "ggggg", 0 };

const struct proto *proto_find(const char *name)
{
	for (size_t i = 0; i < sizeof(protos) / sizeof(protos[0]); i++)
		if (strcmp(protos[i].name, name) == 0)
			return &protos[i];
	return &default_proto;
}

const struct proto *proto_syscall(long nr, char *name, size_t len)
{
	const char *base = nr >= 0 && (size_t)nr < SYSCALL_NAMES_LEN ? syscall_names[nr] : NULL;

	if (base == NULL) {
		snprintf(name, len, "SYS_%ld", nr);
		return &default_proto;
	}
	snprintf(name, len, "SYS_%s", base);
	for (size_t i = 0; i < sizeof(sys_protos) / sizeof(sys_protos[0]); i++)
		if (strcmp(sys_protos[i].name, base) == 0)
			return &sys_protos[i];
	return &default_proto;
}

/* ---- reading the tracee --------------------------------------------- */

/* Where the arguments come from: a call's registers and stack. */
struct args {
	pid_t tid;
	const struct user_regs_struct *r;
	const uint64_t *sys;	/* a system call's six, or NULL */
	int next;		/* the next integer argument */
	int next_fp;		/* the next xmm register */
};

static long read_mem(pid_t tid, uint64_t addr, void *buf, size_t len)
{
	struct iovec local = { buf, len }, remote = { (void *)addr, len };

	return process_vm_readv(tid, &local, 1, &remote, 1, 0);
}

static uint64_t arg_next(struct args *a)
{
	int i = a->next++;
	uint64_t v = 0;

	if (a->sys)
		return i < 6 ? a->sys[i] : 0;
	switch (i) {
	case 0: return a->r->rdi;
	case 1: return a->r->rsi;
	case 2: return a->r->rdx;
	case 3: return a->r->rcx;
	case 4: return a->r->r8;
	case 5: return a->r->r9;
	}
	/* rsp points at the return address; the 7th argument is above it. */
	read_mem(a->tid, a->r->rsp + 8 * (i - 5), &v, sizeof(v));
	return v;
}

static double arg_next_double(struct args *a)
{
	struct user_fpregs_struct fp;
	double d = 0;
	int i = a->next_fp++;

	if (i < 8 && ptrace(PTRACE_GETFPREGS, a->tid, 0, &fp) == 0)
		memcpy(&d, &fp.xmm_space[4 * i], sizeof(d));
	return d;
}

/* ---- printing -------------------------------------------------------- */

static void print_char(int c)
{
	static const char from[] = "\a\b\t\n\v\f\r\\", to[] = "abtnvfr\\";
	const char *p = c ? strchr(from, c) : NULL;

	if (c == 0)
		out("\\0");
	else if (p)
		out("\\%c", to[p - from]);
	else if (isprint(c))
		out("%c", c);
	else
		out("\\%03o", c & 0xff);
}

static void print_ptr(uint64_t v)
{
	if (v)
		out("%#llx", (unsigned long long)v);
	else
		out("nil");
}

/* Read up to @len bytes at @addr into @buf; how many could be read. */
static long read_some(pid_t tid, uint64_t addr, unsigned char *buf, long len)
{
	long n = read_mem(tid, addr, buf, len);

	if (n == len)
		return n;
	for (n = 0; n < len && read_mem(tid, addr + n, &buf[n], 1) == 1; n++)
		;	/* the string ends near an unmapped page */
	return n;
}

/* A string at @addr, as ltrace quotes it: up to -s characters, then
 * "..."; a buffer of @len bytes if @len >= 0, else up to its NUL. */
static void print_string(pid_t tid, uint64_t addr, long len)
{
	unsigned char buf[4097];
	long max = opt.strlen_max, want = len >= 0 && len <= max ? len : max + 1;
	long n = read_some(tid, addr, buf, want), shown;

	if (addr == 0) {
		out("nil");
		return;
	}
	if (n == 0 && want > 0) {
		print_ptr(addr);
		return;
	}
	if (len < 0)
		n = strnlen((char *)buf, n);
	shown = n > max ? max : n;
	out("\"");
	for (long i = 0; i < shown; i++)
		print_char(buf[i]);
	out(n > max ? "\"..." : "\"");
}

static void print_guess(uint64_t v)
{
	long l = (long)v;

	if (l < -10000 || l > 10000)
		out("%#llx", (unsigned long long)v);
	else
		out("%ld", l);
}

/* Print value @v as type @t (not F or S). */
static void print_value(pid_t tid, char t, uint64_t v)
{
	switch (t) {
	case 'i': out("%d", (int)v); break;
	case 'l': out("%ld", (long)v); break;
	case 'u': out("%lu", (unsigned long)v); break;
	case 'x': out("%#lx", (unsigned long)v); break;
	case 'c': out("'"); print_char((char)v); out("'"); break;
	case 'p': print_ptr(v); break;
	case 's': print_string(tid, v, -1); break;
	case 'v': out("<void>"); break;
	default: print_guess(v); break;
	}
}

/* The conversion at *@f (after '%'): print the argument it takes. */
static void print_conversion(struct args *a, const char **f)
{
	const char *p = *f;
	int longs = 0;

	p += strspn(p, "#0- +'");
	for (; isdigit((unsigned char)*p) || *p == '.' || *p == '*'; p++)
		if (*p == '*') {
			print_value(a->tid, 'i', arg_next(a));
			out(", ");
		}
	for (; strchr("hlLqjzt", *p) && *p; p++)
		longs += *p == 'l' || *p == 'L' || *p == 'q' || *p == 'j' ||
			 *p == 'z' || *p == 't';
	*f = *p ? p + 1 : p;
	switch (*p) {
	case 'd': case 'i': print_value(a->tid, longs ? 'l' : 'i', arg_next(a)); break;
	case 'u': print_value(a->tid, 'u', longs ? arg_next(a) : (unsigned)arg_next(a)); break;
	case 'x': case 'X': print_value(a->tid, 'x', longs ? arg_next(a) : (unsigned)arg_next(a)); break;
	case 'o': out("0%llo", (unsigned long long)arg_next(a)); break;
	case 'c': print_value(a->tid, 'c', arg_next(a)); break;
	case 's': print_value(a->tid, 's', arg_next(a)); break;
	case 'p': case 'n': print_value(a->tid, 'p', arg_next(a)); break;
	case 'f': case 'F': case 'e': case 'E': case 'g': case 'G': case 'a': case 'A':
		out("%f", arg_next_double(a));
		break;
	default: out("?"); break;
	}
}

/* A printf format argument: the string, then one argument per conversion. */
static void print_format(struct args *a)
{
	uint64_t addr = arg_next(a);
	char fmt[512];
	long n = read_some(a->tid, addr, (unsigned char *)fmt, sizeof(fmt) - 1);
	const char *f = fmt;

	print_string(a->tid, addr, -1);
	fmt[n] = '\0';
	while ((f = strchr(f, '%')) != NULL) {
		if (*++f == '%') {
			f++;
			continue;
		}
		out(", ");
		print_conversion(a, &f);
	}
}

void proto_print_args(pid_t tid, const struct proto *p,
		      const struct user_regs_struct *r, const uint64_t *args)
{
	struct args a = { tid, r, args, 0, 0 };

	for (const char *t = p->types + 1; *t; t++) {
		if (t != p->types + 1)
			out(", ");
		if (*t == 'F') {
			print_format(&a);
		} else if (*t == 'S') {
			uint64_t buf = arg_next(&a), len = arg_next(&a);

			a.next--;	/* the length is shown as an argument too */
			print_string(tid, buf, (long)len);
		} else {
			print_value(tid, *t, arg_next(&a));
		}
	}
}

void proto_print_ret(pid_t tid, const struct proto *p, uint64_t v)
{
	print_value(tid, p->types[0], v);
}
