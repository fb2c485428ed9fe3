/*
 * showids: print the ids this process runs with and what exec told it,
 *
 *   uid=R/E/S gid=R/E/S secure=N
 *
 * (real/effective/saved, from getresuid(2) and getresgid(2); N is the
 * auxiliary vector's AT_SECURE). The image ships it set-user-ID and
 * set-group-ID student (mode 6755), so anyone who runs it runs as the
 * student: docs/concepts.md's credentials row, and tests/integration/
 * test_cred_exec.py.
 *
 * Built without a C library (user/build.mk, USER_NOLIBC_PROGS), so that
 * what a set-ID exec gives a program is all there is to read: _start,
 * three system calls, a number printer. (musl's start-up in a set-ID
 * program, which checks fds 0-2 with poll(2), is credtests' musl_setuid.)
 */
#define SYS_write 1
#define SYS_exit 60
#define SYS_getresuid 118
#define SYS_getresgid 120
#define AT_NULL 0
#define AT_SECURE 23

static long syscall3(long nr, long a, long b, long c)
{
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr), "D"(a), "S"(b), "d"(c)
			 : "rcx", "r11", "memory");
	return ret;
}

/* Append decimal @v at @p; returns the end. */
static char *put_num(char *p, unsigned long v)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		*p++ = tmp[--n];
	return p;
}

static char *put_str(char *p, const char *s)
{
	while (*s)
		*p++ = *s++;
	return p;
}

/* "R/E/S" of three ids. */
static char *put_ids(char *p, const unsigned int id[3])
{
	for (int i = 0; i < 3; i++) {
		if (i)
			*p++ = '/';
		p = put_num(p, id[i]);
	}
	return p;
}

/* The value of auxiliary vector entry @key above envp's NULL, or 0. */
static unsigned long getauxval_from(char **envp, unsigned long key)
{
	unsigned long *aux;

	while (*envp)
		envp++;
	for (aux = (unsigned long *)(envp + 1); aux[0] != AT_NULL; aux += 2)
		if (aux[0] == key)
			return aux[1];
	return 0;
}

/* Called from _start with the initial stack pointer (argc at it). */
__attribute__((used)) static void start_c(long *sp)
{
	char **envp = (char **)(sp + 1 + sp[0] + 1);
	unsigned int uid[3], gid[3];
	char buf[128], *p = buf;

	syscall3(SYS_getresuid, (long)&uid[0], (long)&uid[1], (long)&uid[2]);
	syscall3(SYS_getresgid, (long)&gid[0], (long)&gid[1], (long)&gid[2]);
	p = put_ids(put_str(p, "uid="), uid);
	p = put_ids(put_str(p, " gid="), gid);
	p = put_num(put_str(p, " secure="), getauxval_from(envp, AT_SECURE));
	*p++ = '\n';
	syscall3(SYS_write, 1, (long)buf, p - buf);
	syscall3(SYS_exit, 0, 0, 0);
}

__asm__(".globl _start\n"
	"_start:\n"
	"	mov %rsp, %rdi\n"
	"	and $-16, %rsp\n"
	"	call start_c\n"
	"	hlt\n");
