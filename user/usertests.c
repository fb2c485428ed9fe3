/*
 * usertests: test the kernel's system calls from user space (like xv6's).
 *
 *   usertests [NAME]...     run every test, or only the ones named
 *
 * Prints TAP: "1..N", then "ok N - name" or "not ok N - name: reason" for
 * each test, then "# usertests: P passed, F failed". Exit status 1 if a
 * test failed.
 *
 * Every test runs in its own forked child with an alarm() (the runner is
 * user/lib/tap.c tap_run()), so a test that crashes, hangs or leaves
 * state behind cannot disturb the others. A test is a function returning
 * 0, or -1 after filling in the reason with tap_fail() or CHECK().
 *
 * System calls exercised: getpid, getppid, gettid, fork, clone (threads),
 * exit, exit_group, wait4, execve, pipe, pipe2, read, write, close, dup,
 * dup2, fcntl, open, lseek, pread64, pwrite64, unlink, getdents64, mmap,
 * munmap, mremap, mprotect, brk, rt_sigaction, rt_sigprocmask,
 * rt_sigpending, rt_sigreturn, kill, tkill (raise), setitimer (alarm),
 * nanosleep, clock_gettime, gettimeofday and time (through the vDSO too),
 * uname, prlimit64, sched_yield, futex, pause; init_module, finit_module
 * and delete_module (their errors: no module is loaded); the ids:
 * getuid..getegid, setuid, setgid, setreuid, setresuid, setresgid,
 * getresuid, setfsuid, getgroups, setgroups, chmod, fchmod, chown, fchown,
 * fchownat, access, faccessat, and the refusals an ordinary user (uid
 * 1000, a forked child that drops root) meets; and what Linux programs
 * and LTP need (docs/syscalls.md): /proc/sys/kernel, sethostname, statfs,
 * fstatfs, waitid, getpriority, setpriority, the sched_* policy calls,
 * sched_rr_get_interval, the sender in siginfo, rt_sigqueueinfo,
 * rt_tgsigqueueinfo, rt_sigtimedwait, utimensat, futimesat, utimes, utime,
 * mknod, mknodat, times, fcntl F_[GS]ETOWN(_EX), link, linkat, eventfd,
 * eventfd2, memfd_create.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <grp.h>
#include <sched.h>
#include <sys/auxv.h>
#include <sys/fsuid.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/sysmacros.h>
#include <sys/times.h>
#include <sys/statvfs.h>
#include <sys/sysinfo.h>
#include <sys/vfs.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>

#include "procfs.h"
#include "tap.h"
#include "ulib.h"
#include "../arch/x86_64/bare_syscall.h"

/* From <linux/futex.h>, which musl-gcc does not see. */
#define FUTEX_WAIT_PRIVATE (0 | 128)
#define FUTEX_WAKE_PRIVATE (1 | 128)
#define FUTEX_CMP_REQUEUE_PRIVATE (4 | 128)

#define TEST_TIMEOUT 20		/* seconds one test may take */

static const char *self_path = "/bin/usertests";

/* Fork a child that runs fn and exits with its return value; return the
 * child's wait status (or -1 if fork or wait4 failed). */
static int run_in_child(int (*fn)(void))
{
	int status;
	pid_t pid = fork();

	if (pid == 0)
		_exit(fn());
	if (pid < 0 || wait4(pid, &status, 0, NULL) != pid)
		return -1;
	return status;
}

/* ---- processes ---------------------------------------------------------- */

static pid_t parent_pid;

static int child_checks_ppid(void)
{
	return getppid() == parent_pid && getpid() != parent_pid && gettid() == getpid() ? 0 : 1;
}

static void *thread_ids(void *arg)
{
	pid_t *ids = arg;

	ids[0] = gettid();
	ids[1] = getpid();
	return NULL;
}

static int test_getpid(void)
{
	pid_t ids[2] = { 0, 0 };
	pthread_t t;
	int status;

	parent_pid = getpid();
	CHECK(parent_pid > 0);
	CHECK(gettid() == getpid());
	CHECK(getppid() > 0 && getppid() != getpid());
	status = run_in_child(child_checks_ppid);
	CHECK(status == 0);
	CHECK(pthread_create(&t, NULL, thread_ids, ids) == 0);
	CHECK(pthread_join(t, NULL) == 0);
	if (ids[1] != getpid() || ids[0] == getpid() || ids[0] <= 0)
		return tap_fail("thread: tid %d tgid %d, process %d", ids[0], ids[1], getpid());
	return 0;
}

static int test_fork_wait(void)
{
	struct rusage ru;
	int status;
	pid_t pid = fork();

	if (pid == 0)
		_exit(42);
	CHECK(pid > 0);
	CHECK(wait4(pid, &status, 0, &ru) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 42);
	CHECK(wait4(-1, &status, WNOHANG, NULL) < 0 && errno == ECHILD);
	return 0;
}

/* Isolation: after fork, each process has its own memory. A write by
 * the child is not seen by the parent at the same address, and the
 * other way round. */
static int test_fork_private_memory(void)
{
	static volatile int shared_looking = 1;
	int fds[2], status, seen = -1;
	pid_t pid;

	CHECK(pipe(fds) == 0);
	pid = fork();
	if (pid == 0) {
		shared_looking = 2;		/* only ours */
		(void)read(fds[0], &seen, sizeof(seen)); /* parent wrote 3 */
		seen = shared_looking;		/* still 2 */
		_exit(seen == 2 ? 0 : 1);
	}
	CHECK(pid > 0);
	shared_looking = 3;
	CHECK(write(fds[1], &seen, sizeof(seen)) == sizeof(seen));
	CHECK(wait4(pid, &status, 0, NULL) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK(shared_looking == 3);		/* the child's 2 is not here */
	close(fds[0]);
	close(fds[1]);
	return 0;
}

/* ---- copy-on-write fork ----------------------------------------------- */

#define COW_PAGES 1024			/* 4 MiB */
#define COW_BYTES (COW_PAGES * 4096L)

/* The "NAME:   N kB" line @name of the /proc file @path, in kB, or -1. */
static long proc_kb(const char *path, const char *name)
{
	char value[64];

	if (procfs_status_field(path, name, value, sizeof(value)))
		return -1;
	return strtol(value, NULL, 10);
}

/* MemFree from /proc/meminfo in kB, or -1. */
static long memfree_kb(void)
{
	return proc_kb("/proc/meminfo", "MemFree");
}

/* @pages pages, each written (so present) with 'P'; NULL on failure. */
static char *touched_buffer(long pages)
{
	char *b = mmap(NULL, pages * 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (b == MAP_FAILED)
		return NULL;
	memset(b, 'P', pages * 4096);
	return b;
}

/* Does every byte of [b, b + len) equal c? */
static int all_are(const char *b, long len, char c)
{
	for (long i = 0; i < len; i++)
		if (b[i] != c)
			return 0;
	return 1;
}

/* The child of test_cow_both_write: write its own value, then check it
 * sees it (and not the parent's) once the parent has written too. */
static int cow_both_child(char *b, int go_parent, int go_child)
{
	char c;

	b[100] = 'c';
	if (write(go_parent, "x", 1) != 1 || read(go_child, &c, 1) != 1)
		return 2;
	if (b[100] != 'c' || b[0] != 'P' ||
	    !all_are(b + 4096, COW_BYTES - 4096, 'P'))
		return 3;
	return 0;
}

/* After fork both sides write the same shared page; each keeps its own
 * value, and the bytes neither wrote are intact in both. */
static int test_cow_both_write(void)
{
	int to_parent[2], to_child[2], status;
	char *b = touched_buffer(COW_PAGES), c;
	long before = memfree_kb();
	pid_t pid;

	CHECK(b != NULL && before > 0);
	CHECK(pipe(to_parent) == 0 && pipe(to_child) == 0);
	pid = fork();
	if (pid == 0)
		_exit(cow_both_child(b, to_parent[1], to_child[0]));
	CHECK(pid > 0);
	CHECK(read(to_parent[0], &c, 1) == 1);	/* the child wrote 'c' */
	CHECK(before - memfree_kb() < 1024);	/* the rest is shared */
	CHECK(b[100] == 'P');
	b[100] = 'p';
	CHECK(write(to_child[1], "x", 1) == 1);
	CHECK(wait4(pid, &status, 0, NULL) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK(b[100] == 'p' && b[0] == 'P');
	CHECK(all_are(b + 4096, COW_BYTES - 4096, 'P'));
	return munmap(b, COW_BYTES) == 0 ? 0 : tap_fail("munmap");
}

/* The child of test_cow_memfree: little memory is used by the fork
 * itself, the buffer's size once the child has written all of it. */
static int cow_memfree_child(char *b, long before)
{
	long shared = memfree_kb(), copied;

	if (shared < 0 || before - shared >= 1024)
		return 2;		/* the fork copied the buffer */
	memset(b, 'c', COW_BYTES);
	copied = memfree_kb();
	if (shared - copied < COW_BYTES / 1024 * 7 / 8)
		return 3;		/* the writes did not copy */
	return all_are(b, COW_BYTES, 'c') ? 0 : 4;
}

/* fork shares pages copy-on-write: a 4 MiB touched buffer costs the
 * fork well under 1 MiB, and about 4 MiB once the child writes it all. */
static int test_cow_memfree(void)
{
	char *b = touched_buffer(COW_PAGES);
	long before = memfree_kb();
	int status;
	pid_t pid;

	CHECK(b != NULL && before > 0);
	pid = fork();
	if (pid == 0)
		_exit(cow_memfree_child(b, before));
	CHECK(pid > 0);
	CHECK(wait4(pid, &status, 0, NULL) == pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return tap_fail("child status %#x (2: fork copied, 3: write did "
			    "not copy)", status);
	CHECK(all_are(b, COW_BYTES, 'P'));
	return munmap(b, COW_BYTES) == 0 ? 0 : tap_fail("munmap");
}

/* The child of test_cow_kernel_write: read() (the kernel's
 * copy_to_user) into a page it shares with its parent. */
static int cow_read_child(char *b, long before, int in)
{
	if (before - memfree_kb() >= 1024)
		return 2;
	if (read(in, b + 10, 5) != 5 || memcmp(b + 10, "hello", 5))
		return 3;
	return b[9] == 'P' && b[15] == 'P' ? 0 : 4;
}

/* A system call writing into a copy-on-write page copies it: the child
 * gets the data, the parent's page is untouched; and the other way. */
static int test_cow_kernel_write(void)
{
	char *b = touched_buffer(COW_PAGES);
	long before = memfree_kb();
	int fds[2], status;
	pid_t pid;

	CHECK(b != NULL && pipe(fds) == 0);
	CHECK(write(fds[1], "hello", 5) == 5);
	pid = fork();
	if (pid == 0)
		_exit(cow_read_child(b, before, fds[0]));
	CHECK(pid > 0);
	CHECK(wait4(pid, &status, 0, NULL) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK(all_are(b, 4096, 'P'));
	CHECK(write(fds[1], "world", 5) == 5);
	pid = fork();			/* now the parent is the writer */
	if (pid == 0)
		_exit(sleep(1) == 0 && all_are(b, COW_BYTES, 'P') ? 0 : 1);
	CHECK(pid > 0);
	CHECK(read(fds[0], b + 4096, 5) == 5 && !memcmp(b + 4096, "world", 5));
	CHECK(wait4(pid, &status, 0, NULL) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	close(fds[0]);
	close(fds[1]);
	return munmap(b, COW_BYTES) == 0 ? 0 : tap_fail("munmap");
}

/* Writing a child's copy-on-write page through /proc/<pid>/mem changes
 * the child only. */
static int test_cow_proc_mem(void)
{
	char *b = touched_buffer(COW_PAGES), path[64], c;
	long before = memfree_kb();
	int fds[2], status, fd;
	pid_t pid;

	CHECK(b != NULL && before > 0 && pipe(fds) == 0);
	pid = fork();
	if (pid == 0) {
		if (read(fds[0], &c, 1) != 1)
			_exit(2);
		_exit(!memcmp(b + 8, "child", 5) && b[13] == 'P' ? 0 : 3);
	}
	CHECK(pid > 0);
	CHECK(before - memfree_kb() < 1024);	/* shared, not copied */
	snprintf(path, sizeof(path), "/proc/%d/mem", pid);
	fd = open(path, O_RDWR);
	CHECK(fd >= 0);
	CHECK(pwrite(fd, "child", 5, (off_t)(uintptr_t)(b + 8)) == 5);
	close(fd);
	CHECK(all_are(b, 4096, 'P'));
	CHECK(write(fds[1], "x", 1) == 1);
	CHECK(wait4(pid, &status, 0, NULL) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK(all_are(b, 4096, 'P'));
	close(fds[0]);
	close(fds[1]);
	return munmap(b, COW_BYTES) == 0 ? 0 : tap_fail("munmap");
}

/* Run path with argv {path, arg, NULL}; returns the wait status or -1. */
static int spawn(const char *path, const char *arg)
{
	char *const argv[] = { (char *)path, (char *)arg, NULL };
	char *const envp[] = { "PATH=/bin", NULL };
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		execve(path, argv, envp);
		_exit(errno == ENOENT ? 127 : 126);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

static int test_exec(void)
{
	int st;

	st = spawn("/bin/true", NULL);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	st = spawn("/bin/false", NULL);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 1);
	st = spawn("/no/such/program", NULL);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 127);
	return 0;
}

/* A function of ours whose first byte the text tests look at. */
static __attribute__((noinline)) int text_probe(void)
{
	return 42;
}

/* Helper mode --text-byte: exit with the first byte of text_probe. */
static int text_byte(void)
{
	return *(volatile unsigned char *)text_probe;
}

/* KiB of the kernel's own pages every process maps: [vvar] and [vdso]
 * (counted as file pages, as on Linux). */
static long vdso_kb(void)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[256];
	unsigned long lo, hi;
	long kb = 0;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if ((strstr(line, "[vdso]") || strstr(line, "[vvar]")) &&
		    sscanf(line, "%lx-%lx", &lo, &hi) == 2)
			kb += (long)((hi - lo) / 1024);
	fclose(f);
	return kb;
}

/* Helper mode --rss-file: exit 0 if RssFile counts pages of our program
 * file (more than the vDSO's), else 1. */
static int rss_file_above_zero(void)
{
	return proc_kb("/proc/self/status", "RssFile") > vdso_kb() ? 0 : 1;
}

/* Where in our file the byte at @addr of a PT_LOAD segment lies, or -1. */
static long file_offset_of(const void *addr)
{
	const Elf64_Phdr *ph = (const Elf64_Phdr *)getauxval(AT_PHDR);
	unsigned long n = getauxval(AT_PHNUM), a = (unsigned long)addr;

	for (unsigned long i = 0; ph && i < n; i++)
		if (ph[i].p_type == PT_LOAD && a >= ph[i].p_vaddr &&
		    a - ph[i].p_vaddr < ph[i].p_filesz)
			return (long)(a - ph[i].p_vaddr + ph[i].p_offset);
	return -1;
}

/* The child of test_text_write_private: shares the text, and waits. */
static int text_sharer(unsigned char old, int in)
{
	char c;

	if (read(in, &c, 1) != 1)
		return 2;
	return text_byte() == old ? 0 : 1;
}

/*
 * exec maps our text from the file's own pages, shared with every
 * process running this program (RssFile); a write to it after mprotect
 * gets a private copy: a process that shares our text, the file and a
 * new exec of it still see the old byte.
 */
static int test_text_write_private(void)
{
	volatile unsigned char *p = (volatile unsigned char *)text_probe;
	void *page = (void *)((uintptr_t)p & ~4095ul);
	unsigned char old = *p, in_file = 0;
	long off = file_offset_of((const void *)p);
	long file_kb = proc_kb("/proc/self/status", "RssFile");
	int fds[2], status, fd;
	pid_t pid;

	CHECK(off >= 0 && file_kb > 0);
	CHECK(pipe(fds) == 0);
	pid = fork();
	if (pid == 0)
		_exit(text_sharer(old, fds[0]));
	CHECK(pid > 0);
	CHECK(mprotect(page, 4096, PROT_READ | PROT_WRITE | PROT_EXEC) == 0);
	*p = old ^ 0xff;
	CHECK(*p == (unsigned char)(old ^ 0xff));
	/* That page is ours alone now: anonymous, no longer the file's. */
	CHECK(proc_kb("/proc/self/status", "RssFile") == file_kb - 4);
	CHECK(write(fds[1], "x", 1) == 1);
	CHECK(wait4(pid, &status, 0, NULL) == pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return tap_fail("the process sharing our text saw the write "
			    "(status %#x)", status);
	fd = open(self_path, O_RDONLY);
	CHECK(fd >= 0 && pread(fd, &in_file, 1, off) == 1);
	close(fd);
	CHECK(in_file == old);
	status = spawn(self_path, "--text-byte");
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == old);
	status = spawn(self_path, "--rss-file");
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	close(fds[0]);
	close(fds[1]);
	return 0;
}

/* A program copied into tmpfs (not page-backed: exec copies it) runs,
 * with no file pages but the vDSO's. */
static int test_exec_tmpfs_copy(void)
{
	char true_copy[64], self_copy[64];
	int st;

	snprintf(true_copy, sizeof(true_copy), "/tmp/true.%d", getpid());
	snprintf(self_copy, sizeof(self_copy), "/tmp/usertests.%d", getpid());
	CHECK(ulib_copy_file("/bin/true", true_copy, 0755) == 0);
	CHECK(ulib_copy_file(self_path, self_copy, 0755) == 0);
	st = spawn(true_copy, NULL);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	st = spawn(self_copy, "--text-byte");
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == text_byte());
	st = spawn(self_copy, "--rss-file");
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 1);	/* only the vDSO's */
	CHECK(unlink(true_copy) == 0 && unlink(self_copy) == 0);
	return 0;
}

/*
 * A "#!" script in tmpfs: exec reads it in a copy (a snapshot of a file
 * that may change), then runs its interpreter; the script's copy is given
 * back each time. 64 runs of a 256 KiB script would keep 16 MiB if not.
 */
#define BIG_SCRIPT (256 * 1024)

static int test_exec_tmpfs_script_no_leak(void)
{
	static char body[BIG_SCRIPT];
	char path[64];
	struct sysinfo before, after;
	int fd, st;

	snprintf(path, sizeof(path), "/tmp/script.%d", getpid());
	memset(body, '#', sizeof(body));
	memcpy(body, "#!/bin/true\n", 12);
	for (size_t i = 80; i < sizeof(body); i += 80)
		body[i] = '\n';
	fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0755);
	CHECK(fd >= 0 && write(fd, body, sizeof(body)) == (ssize_t)sizeof(body));
	CHECK(close(fd) == 0);
	st = spawn(path, NULL);		/* warm the caches once */
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK(sysinfo(&before) == 0);
	for (int i = 0; i < 64; i++) {
		st = spawn(path, NULL);
		CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	}
	CHECK(sysinfo(&after) == 0);
	CHECK(unlink(path) == 0);
	if (after.freeram * after.mem_unit + 4 * BIG_SCRIPT <
	    before.freeram * before.mem_unit)
		return tap_fail("free memory %lu -> %lu bytes over 64 runs",
				before.freeram * before.mem_unit,
				after.freeram * after.mem_unit);
	return 0;
}

/* ---- files and pipes ----------------------------------------------------- */

#define PIPE_BYTES (64 * 1024)

static int test_pipe(void)
{
	static unsigned char buf[PIPE_BYTES];
	int fds[2], status;
	size_t got = 0, i;
	ssize_t n;
	pid_t pid;

	CHECK(pipe(fds) == 0);
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		for (i = 0; i < PIPE_BYTES; i++)
			buf[i] = (unsigned char)(i * 7 + 3);
		for (i = 0; i < PIPE_BYTES; i += (size_t)n)
			if ((n = write(fds[1], buf + i, PIPE_BYTES - i)) <= 0)
				_exit(1);
		_exit(0);
	}
	CHECK(pid > 0);
	close(fds[1]);
	memset(buf, 0, sizeof(buf));
	while (got < PIPE_BYTES && (n = read(fds[0], buf + got, PIPE_BYTES - got)) > 0)
		got += (size_t)n;
	CHECK(got == PIPE_BYTES);
	CHECK(read(fds[0], buf, 1) == 0);	/* EOF: the writer exited */
	for (i = 0; i < PIPE_BYTES; i++)
		if (buf[i] != (unsigned char)(i * 7 + 3))
			return tap_fail("byte %zu is %u", i, buf[i]);
	CHECK(waitpid(pid, &status, 0) == pid && status == 0);
	return 0;
}

/* Exec this program with "--fd-closed N"; true if fd N was closed there. */
static int fd_closed_after_exec(int fd)
{
	char num[16];
	char *const argv[] = { (char *)self_path, "--fd-closed", num, NULL };
	char *const envp[] = { NULL };
	int status;
	pid_t pid;

	snprintf(num, sizeof(num), "%d", fd);
	pid = fork();
	if (pid == 0) {
		execve(self_path, argv, envp);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static int test_dup_cloexec(void)
{
	int fds[2], fd;
	char c = 0;

	CHECK(pipe(fds) == 0);
	CHECK(dup2(fds[1], 20) == 20);
	CHECK(write(20, "x", 1) == 1);
	CHECK(read(fds[0], &c, 1) == 1 && c == 'x');
	CHECK(close(20) == 0);
	CHECK(write(20, "x", 1) < 0 && errno == EBADF);
	CHECK(fcntl(fds[1], F_GETFD) == 0);
	CHECK(fcntl(fds[1], F_SETFD, FD_CLOEXEC) == 0);
	CHECK(fcntl(fds[1], F_GETFD) == FD_CLOEXEC);
	fd = dup(fds[1]);
	CHECK(fd >= 0 && fcntl(fd, F_GETFD) == 0);	/* dup clears it */
	CHECK(fd_closed_after_exec(fds[1]) == 1);
	CHECK(fd_closed_after_exec(fd) == 0);
	fd = fcntl(fds[0], F_DUPFD_CLOEXEC, 30);
	CHECK(fd >= 30 && fcntl(fd, F_GETFD) == FD_CLOEXEC);
	return 0;
}

static int test_rw_errors(void)
{
	char *volatile null_buf = NULL;
	char buf[8];
	int fds[2], bad[2];

	CHECK(write(-1, "x", 1) < 0 && errno == EBADF);
	CHECK(read(999, buf, 1) < 0 && errno == EBADF);
	CHECK(pipe(fds) == 0);
	CHECK(read(fds[1], buf, 1) < 0 && errno == EBADF);	/* write end */
	CHECK(write(fds[0], "x", 1) < 0 && errno == EBADF);	/* read end */
	CHECK(write(fds[1], "abc", 3) == 3);
	CHECK(read(fds[0], null_buf, 3) < 0 && errno == EFAULT);
	CHECK(write(fds[1], null_buf, 3) < 0 && errno == EFAULT);
	CHECK(pipe2(bad, 0x7fff0000) < 0 && errno == EINVAL);
	CHECK(lseek(fds[0], 0, SEEK_SET) < 0 && errno == ESPIPE);
	CHECK(fcntl(fds[0], 12345) < 0 && errno == EINVAL);
	return 0;
}

/* The module system calls refuse what is not a module, with Linux's errno. */
static int test_module_errors(void)
{
	static const char junk[128] = "not an ELF file";
	char *volatile null_buf = NULL;
	int fd = open("/etc/motd", O_RDONLY), dir = open("/", O_RDONLY);
	int wfd = open("/dev/null", O_WRONLY);

	CHECK(fd >= 0 && dir >= 0 && wfd >= 0);
	CHECK(syscall(SYS_init_module, null_buf, 4096, "") < 0 && errno == EFAULT);
	CHECK(syscall(SYS_init_module, junk, sizeof(junk), "") < 0 && errno == ENOEXEC);
	CHECK(syscall(SYS_init_module, junk, 10, "") < 0 && errno == ENOEXEC);
	CHECK(syscall(SYS_init_module, junk, sizeof(junk), null_buf) < 0 &&
	      errno == ENOEXEC);
	CHECK(syscall(SYS_finit_module, -1, "", 0) < 0 && errno == EBADF);
	CHECK(syscall(SYS_finit_module, wfd, "", 0) < 0 && errno == EBADF);
	CHECK(syscall(SYS_finit_module, dir, "", 0) < 0 && errno == EINVAL);
	CHECK(syscall(SYS_finit_module, fd, "", 0x100) < 0 && errno == EINVAL);
	CHECK(syscall(SYS_finit_module, fd, "", 0) < 0 && errno == ENOEXEC);
	CHECK(syscall(SYS_finit_module, fd, null_buf, 0) < 0 && errno == ENOEXEC);
	CHECK(syscall(SYS_delete_module, "no_such_module", O_NONBLOCK) < 0 &&
	      errno == ENOENT);
	CHECK(syscall(SYS_delete_module, null_buf, 0) < 0 && errno == EFAULT);
	close(fd);
	close(dir);
	close(wfd);
	return 0;
}

static int test_open_missing(void)
{
	CHECK(open("/no/such/file", O_RDONLY) < 0 && errno == ENOENT);
	CHECK(open("/bin/no-such-program", O_RDONLY) < 0 && errno == ENOENT);
	CHECK(open("/no/such/file", O_WRONLY | O_CREAT, 0644) < 0 && errno == ENOENT);
	return 0;
}

static int test_getdents(void)
{
	DIR *d = opendir("/bin");
	struct dirent *e;
	int found_sh = 0, n = 0;

	CHECK(d != NULL);
	while ((e = readdir(d)) != NULL) {
		n++;
		found_sh |= strcmp(e->d_name, "sh") == 0;
	}
	closedir(d);
	if (!found_sh)
		return tap_fail("\"sh\" not among the %d entries of /bin", n);
	CHECK(opendir("/no/such/dir") == NULL && errno == ENOENT);
	return 0;
}

/* ---- threads ------------------------------------------------------------- */

#define NTHREADS 8
#define INCREMENTS 5000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int go, finished;
static long counter;

/* Wait for "go", add INCREMENTS to counter under the lock, report done. */
static void *counting_thread(void *arg)
{
	int i;

	(void)arg;
	pthread_mutex_lock(&lock);
	while (!go)
		pthread_cond_wait(&cond, &lock);
	pthread_mutex_unlock(&lock);
	for (i = 0; i < INCREMENTS; i++) {
		pthread_mutex_lock(&lock);
		counter++;
		pthread_mutex_unlock(&lock);
	}
	pthread_mutex_lock(&lock);
	finished++;
	pthread_cond_broadcast(&cond);
	pthread_mutex_unlock(&lock);
	return NULL;
}

static int test_mutex_cond(void)
{
	pthread_t t[NTHREADS];
	int i;

	for (i = 0; i < NTHREADS; i++)
		CHECK(pthread_create(&t[i], NULL, counting_thread, NULL) == 0);
	pthread_mutex_lock(&lock);
	go = 1;
	pthread_cond_broadcast(&cond);
	while (finished < NTHREADS)
		pthread_cond_wait(&cond, &lock);
	pthread_mutex_unlock(&lock);
	for (i = 0; i < NTHREADS; i++)
		CHECK(pthread_join(t[i], NULL) == 0);
	if (counter != (long)NTHREADS * INCREMENTS)
		return tap_fail("counter is %ld, expected %ld", counter, (long)NTHREADS * INCREMENTS);
	return 0;
}

#define BARRIER_THREADS 4
#define ROUNDS 100

static pthread_barrier_t barrier;
static int arrived[ROUNDS];

/* Each round: count in, wait at the barrier, check that all came in. */
static void *barrier_thread(void *arg)
{
	int r;

	for (r = 0; r < ROUNDS; r++) {
		__atomic_add_fetch(&arrived[r], 1, __ATOMIC_SEQ_CST);
		pthread_barrier_wait(&barrier);
		if (__atomic_load_n(&arrived[r], __ATOMIC_SEQ_CST) != BARRIER_THREADS)
			*(int *)arg = r + 1;
	}
	return NULL;
}

static int test_futex_barrier(void)
{
	pthread_t t[BARRIER_THREADS];
	int bad_round = 0, word = 5, i;

	CHECK(syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 6, NULL) < 0 && errno == EAGAIN);
	CHECK(syscall(SYS_futex, &word, FUTEX_WAKE_PRIVATE, 1) == 0);
	CHECK(pthread_barrier_init(&barrier, NULL, BARRIER_THREADS) == 0);
	for (i = 0; i < BARRIER_THREADS; i++)
		CHECK(pthread_create(&t[i], NULL, barrier_thread, &bad_round) == 0);
	for (i = 0; i < BARRIER_THREADS; i++)
		CHECK(pthread_join(t[i], NULL) == 0);
	if (bad_round)
		return tap_fail("a thread passed the barrier early in round %d", bad_round - 1);
	return 0;
}

/* A word on a page never touched: the kernel reads it under a lock with
 * faults off, so it must fault the page in and look again, not fail. */
static int test_futex_untouched_page(void)
{
	int *fresh = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	CHECK(fresh != MAP_FAILED);
	CHECK(syscall(SYS_futex, fresh, FUTEX_WAIT_PRIVATE, 1, NULL) < 0 && errno == EAGAIN);
	CHECK(munmap(fresh, 4096) == 0);
	return 0;
}

/* ---- memory -------------------------------------------------------------- */

#define NBLOCKS 16

/* Small sizes come from brk, big ones (musl: >= 128 KiB) from mmap. */
static int test_malloc(void)
{
	static char *blocks[NBLOCKS], *many[1000];
	static size_t sizes[NBLOCKS];
	size_t size;
	int n = 0, k;

	for (size = 1; size <= (8u << 20) && n < NBLOCKS; size = size * 3 + 1, n++) {
		blocks[n] = malloc(size);
		CHECK(blocks[n] != NULL);
		memset(blocks[n], n + 1, size);
		sizes[n] = size;
	}
	for (k = 0; k < 1000; k++) {
		many[k] = malloc((size_t)(k % 97) * 16 + 1);
		CHECK(many[k] != NULL);
		many[k][0] = (char)k;
	}
	for (k = 0; k < n; k++) {
		if (blocks[k][0] != k + 1 || blocks[k][sizes[k] - 1] != k + 1)
			return tap_fail("block %d (%zu bytes) was overwritten", k, sizes[k]);
		free(blocks[k]);
	}
	for (k = 0; k < 1000; k++) {
		if (many[k][0] != (char)k)
			return tap_fail("small block %d was overwritten", k);
		free(many[k]);
	}
	blocks[0] = malloc(100);
	CHECK(blocks[0] != NULL);
	blocks[0] = realloc(blocks[0], 1 << 20);
	CHECK(blocks[0] != NULL);
	blocks[0][(1 << 20) - 1] = 1;
	free(blocks[0]);
	return 0;
}

static int touch_after_munmap(void)
{
	char *volatile p = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	munmap(p, 4096);
	p[0] = 1;
	return 0;
}

static int write_read_only(void)
{
	char *volatile p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	p[0] = 1;
	return 0;
}

static unsigned char *none_page;

static int read_prot_none(void)
{
	return *(volatile unsigned char *)none_page;
}

/* mprotect(PROT_NONE) takes away a page that was already touched. */
static int test_prot_none(void)
{
	int st;

	none_page = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(none_page != MAP_FAILED);
	none_page[0] = 42;
	CHECK(mprotect(none_page, 4096, PROT_NONE) == 0);
	st = run_in_child(read_prot_none);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV);
	CHECK(mprotect(none_page, 4096, PROT_READ) == 0);
	CHECK(none_page[0] == 42);
	CHECK(munmap(none_page, 4096) == 0);
	return 0;
}

static int test_mmap(void)
{
	size_t len = 16 * 4096, i;
	unsigned char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int st;

	CHECK(p != MAP_FAILED);
	CHECK(((uintptr_t)p & 4095) == 0);
	for (i = 0; i < len; i++)
		if (p[i] != 0)
			return tap_fail("fresh anonymous memory not zero at %zu", i);
	for (i = 0; i < len; i += 4096)
		p[i] = (unsigned char)i;
	CHECK(mprotect(p, len, PROT_READ) == 0);
	CHECK(p[4096] == (unsigned char)4096);
	CHECK(munmap(p, len) == 0);
	st = run_in_child(write_read_only);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV);
	st = run_in_child(touch_after_munmap);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV);
	CHECK(mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED);
	return 0;
}

/* ---- signals ------------------------------------------------------------- */

static volatile sig_atomic_t got_usr1;

static void on_usr1(int sig)
{
	got_usr1 = sig;
}

static int test_signal_handler(void)
{
	struct sigaction sa = { .sa_handler = on_usr1 };
	sigset_t set, pending;

	CHECK(sigaction(SIGUSR1, &sa, NULL) == 0);
	CHECK(raise(SIGUSR1) == 0);
	if (got_usr1 != SIGUSR1)
		return tap_fail("handler did not run (got_usr1 = %d)", (int)got_usr1);
	got_usr1 = 0;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	CHECK(sigprocmask(SIG_BLOCK, &set, NULL) == 0);
	CHECK(kill(getpid(), SIGUSR1) == 0);
	CHECK(got_usr1 == 0);
	CHECK(sigpending(&pending) == 0 && sigismember(&pending, SIGUSR1));
	CHECK(sigprocmask(SIG_UNBLOCK, &set, NULL) == 0);
	CHECK(got_usr1 == SIGUSR1);
	return 0;
}

static int test_kill_child(void)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		for (;;)
			pause();
	}
	CHECK(pid > 0);
	CHECK(kill(pid, SIGKILL) == 0);
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	CHECK(kill(pid, 0) < 0 && errno == ESRCH);
	return 0;
}

static int dereference_null(void)
{
	int *volatile p = NULL;

	return *p;
}

static int test_segv_child(void)
{
	int st = run_in_child(dereference_null);

	CHECK(st != -1);
	if (!WIFSIGNALED(st) || WTERMSIG(st) != SIGSEGV)
		return tap_fail("wait status %#x, expected death by SIGSEGV", st);
	return 0;
}

/* ---- time, identity, limits, scheduling ----------------------------------- */

static long long ns_of(const struct timespec *t)
{
	return t->tv_sec * 1000000000LL + t->tv_nsec;
}

static int test_clock(void)
{
	struct timespec t0, t1, nap = { 0, 50 * 1000 * 1000 }, now;
	long long prev = 0;
	int i;

	CHECK(clock_gettime(CLOCK_MONOTONIC, &t0) == 0);
	CHECK(nanosleep(&nap, NULL) == 0);
	CHECK(clock_gettime(CLOCK_MONOTONIC, &t1) == 0);
	if (ns_of(&t1) - ns_of(&t0) < 50 * 1000 * 1000)
		return tap_fail("slept only %lld ns of 50 ms", ns_of(&t1) - ns_of(&t0));
	for (i = 0; i < 1000; i++) {
		CHECK(clock_gettime(CLOCK_MONOTONIC, &now) == 0);
		if (ns_of(&now) < prev)
			return tap_fail("CLOCK_MONOTONIC went backwards");
		prev = ns_of(&now);
	}
	CHECK(clock_gettime(CLOCK_REALTIME, &now) == 0 && now.tv_sec > 0);
	return 0;
}

static int test_uname(void)
{
	struct utsname u;

	CHECK(uname(&u) == 0);
	if (strcmp(u.sysname, "Taskbase") != 0)
		return tap_fail("sysname is \"%s\"", u.sysname);
	if (strcmp(u.machine, "x86_64") != 0)
		return tap_fail("machine is \"%s\"", u.machine);
	/* The Linux release whose interfaces Taskbase follows: version
	 * checks in programs and test suites compare against it. */
	if (strncmp(u.release, "6.1.", 4) != 0 || !strstr(u.release, "taskbase"))
		return tap_fail("release is \"%s\"", u.release);
	return 0;
}

static int test_rlimit_stack(void)
{
	struct rlimit rl, half;

	CHECK(getrlimit(RLIMIT_STACK, &rl) == 0);
	if (rl.rlim_cur != 8 << 20)
		return tap_fail("RLIMIT_STACK soft limit is %llu, expected 8 MiB",
			    (unsigned long long)rl.rlim_cur);
	half = rl;
	half.rlim_cur = 4 << 20;
	CHECK(setrlimit(RLIMIT_STACK, &half) == 0);
	CHECK(getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur == 4 << 20);
	return 0;
}

static int test_sched_yield(void)
{
	int i;

	for (i = 0; i < 1000; i++)
		CHECK(sched_yield() == 0);
	return 0;
}

static volatile int yielder_stop;

static void *yield_until_stopped(void *arg)
{
	(void)arg;
	while (!yielder_stop)
		sched_yield();
	return NULL;
}

/* getrusage(): switches are counted, per thread and per process. */
static int test_getrusage(void)
{
	struct rusage self, thread0, thread1;
	pthread_t t;
	cpu_set_t cpu0;

	CPU_ZERO(&cpu0);
	CPU_SET(0, &cpu0);
	CHECK(sched_setaffinity(0, sizeof(cpu0), &cpu0) == 0);
	CHECK(getrusage(RUSAGE_THREAD, &thread0) == 0);
	yielder_stop = 0;
	CHECK(pthread_create(&t, NULL, yield_until_stopped, NULL) == 0);
	for (int i = 0; i < 100; i++)	/* both on CPU 0: each one switches */
		sched_yield();
	CHECK(getrusage(RUSAGE_THREAD, &thread1) == 0);
	CHECK(getrusage(RUSAGE_SELF, &self) == 0);
	yielder_stop = 1;
	CHECK(pthread_join(t, NULL) == 0);
	CHECK(thread1.ru_nvcsw + thread1.ru_nivcsw >=
	      thread0.ru_nvcsw + thread0.ru_nivcsw + 50);
	CHECK(self.ru_nvcsw + self.ru_nivcsw >=
	      thread1.ru_nvcsw + thread1.ru_nivcsw + 50);	/* + the peer's */
	CHECK(getrusage(RUSAGE_CHILDREN, &self) == 0);
	errno = 0;
	CHECK(getrusage(5, &self) == -1 && errno == EINVAL);
	CHECK(syscall(SYS_getrusage, RUSAGE_SELF, (void *)8) == -1 &&
	      errno == EFAULT);
	return 0;
}

static volatile int *shot_page;
static volatile int reader_started;

/* Pinned to CPU 1: read the page forever, keeping its TLB entry warm. */
static void *read_forever(void *arg)
{
	cpu_set_t cpu1;

	(void)arg;
	CPU_ZERO(&cpu1);
	CPU_SET(1, &cpu1);
	sched_setaffinity(0, sizeof(cpu1), &cpu1);
	for (;;) {
		(void)*shot_page;
		reader_started = 1;
	}
	return NULL;
}

static int munmap_under_reader(void)
{
	pthread_t t;
	cpu_set_t cpu0;

	CPU_ZERO(&cpu0);
	CPU_SET(0, &cpu0);
	sched_setaffinity(0, sizeof(cpu0), &cpu0);
	shot_page = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (shot_page == MAP_FAILED)
		return 2;
	*shot_page = 1;
	if (pthread_create(&t, NULL, read_forever, NULL))
		return 3;
	while (!reader_started)
		sched_yield();
	munmap((void *)shot_page, 4096);	/* CPU 1 must lose it now */
	sleep(5);
	return 4;		/* still alive: CPU 1 read an unmapped page */
}

/* munmap() reaches the TLB of another CPU running a thread of the same
 * process: the reader there faults (SIGSEGV kills the process). */
static int test_munmap_other_cpu(void)
{
	int status;

	if (sysconf(_SC_NPROCESSORS_ONLN) < 2)
		return 0;	/* nothing to shoot down */
	status = run_in_child(munmap_under_reader);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV);
	return 0;
}


static long bare_call(long nr)
{
	long ret;

	__asm__ volatile("syscall" : "=a"(ret) : "a"(nr) : "rcx", "r11", "memory");
	return ret;
}

static int bare_on_then_exit(void)
{
	return syscall(__NR_tb_bare_syscall, 1) == 0 ? 0 : 1;	/* no off */
}

/* tb_bare_syscall: only pinned callers; the stub turns the magic number
 * round untouched; off, or the owner's exit, restores the real entry. */
static int test_bare_syscall(void)
{
	cpu_set_t all, cpu0;

	CHECK(sched_getaffinity(0, sizeof(all), &all) == 0);
	if (CPU_COUNT(&all) > 1) {
		errno = 0;
		CHECK(syscall(__NR_tb_bare_syscall, 1) == -1 && errno == EINVAL);
	}
	CPU_ZERO(&cpu0);
	CPU_SET(0, &cpu0);
	CHECK(sched_setaffinity(0, sizeof(cpu0), &cpu0) == 0);
	CHECK(bare_call(TB_BARE_SYSCALL_MAGIC) == -ENOSYS);
	CHECK(syscall(__NR_tb_bare_syscall, 1) == 0);
	CHECK(bare_call(TB_BARE_SYSCALL_MAGIC) == TB_BARE_SYSCALL_MAGIC);
	CHECK(getpid() > 0);			/* other numbers: real entry */
	CHECK(syscall(__NR_tb_bare_syscall, 0) == 0);
	CHECK(bare_call(TB_BARE_SYSCALL_MAGIC) == -ENOSYS);
	errno = 0;
	CHECK(syscall(__NR_tb_bare_syscall, 0) == -1 && errno == EINVAL);
	CHECK(run_in_child(bare_on_then_exit) == 0);	/* pinned to CPU 0 too */
	CHECK(bare_call(TB_BARE_SYSCALL_MAGIC) == -ENOSYS);
	return 0;
}

/* ---- the vDSO ------------------------------------------------------------ */

static long long sys_clock_ns(clockid_t clk)
{
	struct timespec t;

	if (syscall(SYS_clock_gettime, clk, &t) != 0)
		return -1;
	return ns_of(&t);
}

/* Each clock read through the vDSO lies between two system-call reads. */
static int vdso_clock_agrees(clockid_t clk)
{
	struct timespec t;
	long long before = sys_clock_ns(clk), v, after;

	CHECK(clock_gettime(clk, &t) == 0);
	v = ns_of(&t);
	after = sys_clock_ns(clk);
	if (before < 0 || v < before || v > after)
		return tap_fail("clock %d: syscall %lld, vDSO %lld, syscall %lld",
			    (int)clk, before, v, after);
	return 0;
}

static unsigned char *vdso_base(void)
{
	return (unsigned char *)getauxval(AT_SYSINFO_EHDR);
}

static int child_unmaps_vdso(void)
{
	unsigned char *v = vdso_base();

	/* [vvar] is the page below; unmap both: they are only shared. */
	return munmap(v - 4096, 2 * 4096) == 0 ? 0 : 1;
}

static int child_writes_vdso(void)
{
	unsigned char *v = vdso_base();

	if (mprotect(v, 4096, PROT_READ | PROT_WRITE | PROT_EXEC) != 0)
		return 1;
	v[1] = 'X';			/* a private copy: nobody else sees it */
	return v[1] == 'X' ? 0 : 2;
}

/* clock_gettime, gettimeofday and time run in the vDSO ([vdso], found via
 * AT_SYSINFO_EHDR) and agree with the system calls; other clocks and bad
 * ids still reach the kernel; the pages are shared, never freed or
 * written through by a child's munmap or write. */
static int test_vdso(void)
{
	unsigned char *v = vdso_base();
	struct timeval tv;
	struct timespec t;
	time_t now;

	CHECK(v != NULL && memcmp(v, "\177ELF", 4) == 0);
	if (vdso_clock_agrees(CLOCK_MONOTONIC) || vdso_clock_agrees(CLOCK_REALTIME) ||
	    vdso_clock_agrees(CLOCK_BOOTTIME))
		return -1;
	CHECK(gettimeofday(&tv, NULL) == 0);
	now = time(NULL);
	CHECK(now >= tv.tv_sec && now <= tv.tv_sec + 1);
	CHECK(now <= syscall(SYS_time, NULL));
	CHECK(clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t) == 0);
	errno = 0;
	CHECK(clock_gettime(99, &t) == -1 && errno == EINVAL);
	CHECK(run_in_child(child_unmaps_vdso) == 0);
	CHECK(run_in_child(child_writes_vdso) == 0);
	CHECK(memcmp(v, "\177ELF", 4) == 0);
	return vdso_clock_agrees(CLOCK_MONOTONIC);
}

/* ---- credentials (issue 16) --------------------------------------------- */

#define STUDENT 1000
#define SECRET "/tmp/ut_cred_secret"

/* In a child: become the ordinary user (groups, gid, then uid, as su). */
static int become_student(void)
{
	return tap_become(STUDENT, 0);
}

/* Are current's real, effective and saved uids @r, @e and @s? */
static int resuid_is(uid_t r, uid_t e, uid_t s)
{
	uid_t a, b, c;

	return getresuid(&a, &b, &c) == 0 && a == r && b == e && c == s;
}

/* Root's ids, and the calls that check their arguments before the ids. */
static int test_cred_root_ids(void)
{
	gid_t list[4];

	CHECK(getuid() == 0 && geteuid() == 0 && getgid() == 0 && getegid() == 0);
	CHECK(resuid_is(0, 0, 0));
	CHECK(getgroups(0, NULL) == 0);
	CHECK(setuid((uid_t)-1) < 0 && errno == EINVAL);
	CHECK(setgroups(-1, list) < 0 && errno == EINVAL);
	CHECK(setgroups(65537, list) < 0 && errno == EINVAL);
	list[0] = 7;
	list[1] = 3;
	CHECK(setgroups(2, list) == 0 && getgroups(0, NULL) == 2);
	CHECK(getgroups(1, list) < 0 && errno == EINVAL);
	CHECK(getgroups(4, list) == 2 && list[0] == 3 && list[1] == 7);
	return 0;
}

/* From root through a saved root uid to an ordinary user, and the
 * moves POSIX refuses that user. */
static int test_cred_setuid_rules(void)
{
	gid_t g = 0;

	CHECK(setresuid(STUDENT, STUDENT, 0) == 0 && resuid_is(STUDENT, STUDENT, 0));
	CHECK(setreuid((uid_t)-1, 0) == 0 && resuid_is(STUDENT, 0, 0));
	CHECK(seteuid(STUDENT) == 0 && resuid_is(STUDENT, STUDENT, 0));
	CHECK(setuid(0) == 0 && geteuid() == 0);	/* to the saved id */
	CHECK(setreuid(STUDENT, STUDENT) == 0 && resuid_is(STUDENT, STUDENT, STUDENT));
	CHECK(setuid(0) < 0 && errno == EPERM);
	CHECK(setreuid(0, (uid_t)-1) < 0 && errno == EPERM);
	CHECK(setreuid((uid_t)-1, 0) < 0 && errno == EPERM);
	CHECK(setresuid((uid_t)-1, 0, (uid_t)-1) < 0 && errno == EPERM);
	CHECK(setgid(0) == 0);		/* gids are still root's */
	CHECK(setgroups(1, &g) < 0 && errno == EPERM);
	CHECK(setresgid(STUDENT, STUDENT, STUDENT) < 0 && errno == EPERM);
	CHECK(setuid(STUDENT) == 0 && resuid_is(STUDENT, STUDENT, STUDENT));
	CHECK(setfsuid(0) == STUDENT && setfsuid((uid_t)-1) == STUDENT);
	return resuid_is(STUDENT, STUDENT, STUDENT) ? 0 : tap_fail("ids moved");
}

static int child_checks_student_ids(void)
{
	return resuid_is(STUDENT, STUDENT, STUDENT) && getgid() == STUDENT ? 0 : 1;
}

/* A child shares, then keeps, its parent's ids. */
static int test_cred_fork_inherits(void)
{
	if (become_student())
		return -1;
	CHECK(run_in_child(child_checks_student_ids) == 0);
	return 0;
}

/* Root's 0600 file, for the ordinary-user checks below. */
static int make_secret(void)
{
	int fd;

	unlink(SECRET);
	fd = open(SECRET, O_CREAT | O_WRONLY, 0600);
	CHECK(fd >= 0 && write(fd, "s", 1) == 1 && close(fd) == 0);
	return 0;
}

static int student_refused_files(void)
{
	struct stat st;
	int fd;

	if (become_student())
		return -1;
	CHECK(open(SECRET, O_RDONLY) < 0 && errno == EACCES);
	CHECK(open(SECRET, O_WRONLY) < 0 && errno == EACCES);
	CHECK(access(SECRET, R_OK) < 0 && errno == EACCES);
	CHECK(access(SECRET, F_OK) == 0);
	CHECK(chmod(SECRET, 0644) < 0 && errno == EPERM);
	CHECK(chown(SECRET, STUDENT, STUDENT) < 0 && errno == EPERM);
	CHECK(unlink(SECRET) < 0 && errno == EPERM);	/* /tmp is sticky */
	CHECK(open("/tmp/ut_cred_dir/x", O_CREAT | O_WRONLY, 0644) < 0 &&
	      errno == EACCES);
	CHECK(stat("/tmp/ut_cred_dir/.", &st) < 0 && errno == EACCES);
	CHECK(chdir("/tmp/ut_cred_dir") < 0 && errno == EACCES);
	CHECK(open("/etc/motd", O_RDONLY) >= 0);
	unlink("/tmp/ut_cred_mine");
	umask(022);
	fd = open("/tmp/ut_cred_mine", O_CREAT | O_WRONLY, 0666);
	CHECK(fd >= 0 && fstat(fd, &st) == 0);
	CHECK(st.st_uid == STUDENT && st.st_gid == STUDENT && (st.st_mode & 07777) == 0644);
	CHECK(fchown(fd, STUDENT, STUDENT) == 0);	/* to itself: allowed */
	CHECK(fchown(fd, 0, (gid_t)-1) < 0 && errno == EPERM);
	CHECK(fchown(fd, (uid_t)-1, 0) < 0 && errno == EPERM);
	CHECK(fchmod(fd, 04755) == 0 && fstat(fd, &st) == 0 && (st.st_mode & 07777) == 04755);
	/* New names in a directory the user may search but not write. */
	CHECK(link("/tmp/ut_cred_mine", "/tmp/ut_cred_ro/l") < 0 && errno == EACCES);
	CHECK(symlink("/etc/motd", "/tmp/ut_cred_ro/l") < 0 && errno == EACCES);
	CHECK(mknod("/tmp/ut_cred_ro/l", S_IFIFO | 0644, 0) < 0 && errno == EACCES);
	CHECK(close(fd) == 0 && unlink("/tmp/ut_cred_mine") == 0);
	return 0;
}

/* Owners, modes and the checks on them, as root and as the user. */
static int test_cred_files(void)
{
	struct stat st;
	int fd;

	if (make_secret())
		return -1;
	rmdir("/tmp/ut_cred_dir");
	CHECK(mkdir("/tmp/ut_cred_dir", 0700) == 0);
	rmdir("/tmp/ut_cred_ro");
	CHECK(mkdir("/tmp/ut_cred_ro", 0755) == 0);	/* searchable, not writable */
	CHECK(stat(SECRET, &st) == 0 && st.st_uid == 0 && (st.st_mode & 0777) == 0600);
	CHECK(chmod(SECRET, 0000) == 0);
	fd = open(SECRET, O_RDWR);		/* root reads and writes 0000 */
	CHECK(fd >= 0 && close(fd) == 0);
	CHECK(chmod(SECRET, 04700) == 0 && chown(SECRET, 0, 0) == 0);
	CHECK(stat(SECRET, &st) == 0 && (st.st_mode & 07777) == 0700);	/* lost S_ISUID */
	CHECK(chmod(SECRET, 0600) == 0);
	CHECK(execve(SECRET, (char *[]){ SECRET, NULL }, NULL) < 0 && errno == EACCES);
	CHECK(chown("/no/such", 0, 0) < 0 && errno == ENOENT);
	CHECK(fchownat(AT_FDCWD, SECRET, 0, 0, 0x4) < 0 && errno == EINVAL);
	CHECK(run_in_child(student_refused_files) == 0);
	CHECK(unlink(SECRET) == 0 && rmdir("/tmp/ut_cred_dir") == 0);
	CHECK(rmdir("/tmp/ut_cred_ro") == 0);
	return 0;
}

static int student_signals(void)
{
	pid_t own;
	int status;

	if (become_student())
		return -1;
	CHECK(kill(parent_pid, 0) < 0 && errno == EPERM);
	CHECK(kill(1, SIGKILL) < 0 && errno == EPERM);
	CHECK(kill(parent_pid, SIGCONT) == 0);		/* same session */
	own = fork();
	if (own == 0) {
		pause();
		_exit(0);
	}
	CHECK(own > 0 && kill(own, SIGKILL) == 0);
	CHECK(waitpid(own, &status, 0) == own && WIFSIGNALED(status));
	return 0;
}

/* kill(2) needs matching ids, or root. */
static int test_cred_kill(void)
{
	parent_pid = getpid();
	CHECK(run_in_child(student_signals) == 0);
	return 0;
}

static int student_not_root(void)
{
	struct rlimit r;
	cpu_set_t set;
	int fd = open("/etc/motd", O_RDONLY);

	if (become_student())
		return -1;
	CHECK(fd >= 0);
	CHECK(syscall(SYS_init_module, "x", 1, "") < 0 && errno == EPERM);
	CHECK(syscall(SYS_finit_module, fd, "", 0) < 0 && errno == EPERM);
	CHECK(syscall(SYS_delete_module, "x", 0) < 0 && errno == EPERM);
	/* A bad magic number: were the check missing, EINVAL, no power-off. */
	CHECK(syscall(SYS_reboot, 0, 0, 0, NULL) < 0 && errno == EPERM);
	CHECK(prlimit(parent_pid, RLIMIT_NOFILE, NULL, &r) < 0 && errno == EPERM);
	CHECK(getrlimit(RLIMIT_NOFILE, &r) == 0);
	r.rlim_max = r.rlim_cur;
	CHECK(setrlimit(RLIMIT_NOFILE, &r) == 0);	/* lowering is allowed */
	r.rlim_max++;
	CHECK(setrlimit(RLIMIT_NOFILE, &r) < 0 && errno == EPERM);
	CPU_ZERO(&set);
	CPU_SET(0, &set);
	CHECK(sched_setaffinity(parent_pid, sizeof(set), &set) < 0 && errno == EPERM);
	CHECK(sched_setaffinity(0, sizeof(set), &set) == 0);
	return 0;
}

/* What only root may: modules, reboot, others' limits and CPUs. */
static int test_cred_root_only(void)
{
	parent_pid = getpid();
	CHECK(run_in_child(student_not_root) == 0);
	return 0;
}

/* A static ELF program of a few instructions, no C library: exit with
 * the low byte of geteuid() (credtests' musl_setuid runs a set-ID musl
 * program, whose start-up polls fds 0-2). */
static int write_euid_program(const char *path, mode_t mode)
{
	static const unsigned char text[] = {
		0xb8, 107, 0, 0, 0,	/* mov $SYS_geteuid, %eax */
		0x0f, 0x05,		/* syscall */
		0x89, 0xc7,		/* mov %eax, %edi */
		0xb8, 60, 0, 0, 0,	/* mov $SYS_exit, %eax */
		0x0f, 0x05,		/* syscall */
	};
	struct {
		Elf64_Ehdr eh;
		Elf64_Phdr ph;
		unsigned char text[sizeof(text)];
	} img = {
		.eh = {
			.e_ident = { ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3,
				     ELFCLASS64, ELFDATA2LSB, EV_CURRENT },
			.e_type = ET_EXEC, .e_machine = EM_X86_64,
			.e_version = EV_CURRENT,
			.e_entry = 0x400000 + offsetof(__typeof__(img), text),
			.e_phoff = sizeof(Elf64_Ehdr),
			.e_ehsize = sizeof(Elf64_Ehdr),
			.e_phentsize = sizeof(Elf64_Phdr), .e_phnum = 1,
		},
		.ph = {
			.p_type = PT_LOAD, .p_flags = PF_R | PF_X,
			.p_vaddr = 0x400000, .p_paddr = 0x400000,
			.p_filesz = sizeof(img), .p_memsz = sizeof(img),
			.p_align = 0x1000,
		},
	};
	int fd;

	memcpy(img.text, text, sizeof(text));
	unlink(path);
	fd = open(path, O_CREAT | O_WRONLY, 0700);
	CHECK(fd >= 0 && write(fd, &img, sizeof(img)) == (ssize_t)sizeof(img));
	CHECK(fchmod(fd, mode) == 0 && close(fd) == 0);
	return 0;
}

static int student_execs_euid(void)
{
	if (become_student())
		return -1;
	execve("/tmp/ut_euid", (char *[]){ "ut_euid", NULL }, NULL);
	return 99;
}

/* exec of a set-user-ID file runs with its owner as effective uid; the
 * same file without the bit runs with the caller's. */
static int test_cred_setuid_exec(void)
{
	int st;

	if (write_euid_program("/tmp/ut_euid", 04755))
		return -1;
	st = run_in_child(student_execs_euid);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		return tap_fail("set-user-ID root: status %#x, want exit 0", st);
	CHECK(chmod("/tmp/ut_euid", 0755) == 0);
	st = run_in_child(student_execs_euid);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != (STUDENT & 0xff))
		return tap_fail("plain: status %#x, want exit %d", st, STUDENT & 0xff);
	CHECK(chmod("/tmp/ut_euid", 0644) == 0);
	CHECK(execve("/tmp/ut_euid", (char *[]){ "ut_euid", NULL }, NULL) < 0 &&
	      errno == EACCES);	/* no x bit: even root may not */
	CHECK(unlink("/tmp/ut_euid") == 0);
	return 0;
}

static int student_asks_access(void)
{
	CHECK(setresuid(STUDENT, 0, 0) == 0);	/* as a set-user-ID program */
	CHECK(access(SECRET, R_OK) < 0 && errno == EACCES);
	CHECK(faccessat(AT_FDCWD, SECRET, R_OK, AT_EACCESS) == 0);
	return 0;
}

/* access(2) asks for the real user, faccessat(AT_EACCESS) for the
 * effective one (a set-user-ID program's question). */
static int test_cred_access_real_ids(void)
{
	if (make_secret())
		return -1;
	CHECK(run_in_child(student_asks_access) == 0);
	CHECK(unlink(SECRET) == 0);
	return 0;
}

static int student_reads_proc(void)
{
	char line[64];

	CHECK(setresgid(STUDENT, STUDENT, STUDENT) == 0);
	CHECK(setresuid(STUDENT, 1001, 1002) == 0);
	CHECK(procfs_status_field("/proc/self/status", "Uid", line, sizeof(line)) == 0);
	if (strcmp(line, "1000\t1001\t1002\t1001"))
		return tap_fail("Uid: %s", line);
	CHECK(open("/proc/1/environ", O_RDONLY) < 0 && errno == EACCES);
	CHECK(open("/proc/1/mem", O_RDONLY) < 0 && errno == EACCES);
	CHECK(open("/proc/1/status", O_RDONLY) >= 0);
	return 0;
}

/* /proc/<pid>/status shows the four uids; others' private files refuse. */
static int test_cred_proc(void)
{
	CHECK(run_in_child(student_reads_proc) == 0);
	return 0;
}

static int student_dumpable(void)
{
	struct stat st;
	char path[64];
	pid_t pid;
	int status;

	if (become_student())
		return -1;
	/* Dropped root without exec: its /proc files stay root's. */
	CHECK(stat("/proc/self/status", &st) == 0 && st.st_uid == 0);
	pid = fork();
	if (pid == 0) {
		execl("/bin/sleep", "sleep", "2", (char *)NULL);
		_exit(127);
	}
	CHECK(pid > 0);
	snprintf(path, sizeof(path), "/proc/%d/environ", pid);
	for (int i = 0; i < 100 && (stat(path, &st) != 0 || st.st_uid == 0); i++)
		usleep(10000);		/* until the exec is done */
	CHECK(stat(path, &st) == 0 && st.st_uid == STUDENT);
	int fd = open(path, O_RDONLY);	/* its own user's: readable */

	CHECK(fd >= 0 && close(fd) == 0);
	CHECK(kill(pid, SIGKILL) == 0 && waitpid(pid, &status, 0) == pid);
	return 0;
}

/* A process that changed its ids is not dumpable: /proc shows its files
 * as root's until it execs. */
static int test_cred_dumpable(void)
{
	CHECK(run_in_child(student_dumpable) == 0);
	return 0;
}

/* ---- Linux's interfaces that LTP and glibc programs need (issue 17) ----- */

#define BAD_PTR ((void *)16)	/* never mapped: the first page is kept empty */

/* /proc/sys/kernel: the values agree with uname(2) and the pid allocator;
 * hostname is writable there and through sethostname(2). */
static int test_proc_sys_kernel(void)
{
	char buf[128], old[128];
	struct utsname u;
	long pid_max;
	DIR *d;
	int n = 0;

	CHECK(uname(&u) == 0);
	CHECK(procfs_read("/proc/sys/kernel/ostype", buf, sizeof(buf)) > 0);
	CHECK(!strcmp(strtok(buf, "\n"), u.sysname));
	CHECK(procfs_read("/proc/sys/kernel/osrelease", buf, sizeof(buf)) > 0);
	CHECK(!strcmp(strtok(buf, "\n"), u.release));
	CHECK(procfs_read("/proc/sys/kernel/pid_max", buf, sizeof(buf)) > 0);
	CHECK(ulib_parse_long(strtok(buf, "\n"), &pid_max) == 0 && pid_max >= 301);
	CHECK(getpid() < pid_max);
	CHECK(procfs_read("/proc/sys/kernel/threads-max", buf, sizeof(buf)) > 0 &&
	      atol(buf) >= 20);
	CHECK(procfs_read("/proc/sys/kernel/tainted", buf, sizeof(buf)) > 0 &&
	      buf[0] >= '0' && buf[0] <= '9');
	CHECK(open("/proc/sys/kernel/pid_max", O_WRONLY) < 0 && errno == EACCES);
	CHECK(open("/proc/sys/kernel/nonesuch", O_RDONLY) < 0 && errno == ENOENT);
	CHECK((d = opendir("/proc/sys/kernel")) != NULL);
	for (struct dirent *e; (e = readdir(d));)
		n += e->d_name[0] != '.';
	closedir(d);
	CHECK(n == 35);	/* ..., msgmax, msgmnb, msgmni, sem, shmall, shmmax, shmmni,
			 * core_pattern, core_uses_pid, dmesg_restrict, printk,
			 * random/, domainname, version, keys/, msg_next_id,
			 * sem_next_id, shm_next_id, ns_last_pid, shm_rmid_forced,
			 * sched_rt_{period,runtime}_us,
			 * sched_deadline_period_{max,min}_us,
			 * perf_event_{paranoid,max_sample_rate},
			 * unprivileged_bpf_disabled */
	/* hostname: through /proc, then sethostname(2); put back after. */
	CHECK(procfs_read("/proc/sys/kernel/hostname", old, sizeof(old)) > 0);
	CHECK(!strcmp(strtok(old, "\n"), u.nodename));
	CHECK(procfs_write("/proc/sys/kernel/hostname", "utest\n") == 0);
	CHECK(uname(&u) == 0 && !strcmp(u.nodename, "utest"));
	CHECK(sethostname("abc", 2) == 0);
	CHECK(procfs_read("/proc/sys/kernel/hostname", buf, sizeof(buf)) > 0 &&
	      !strcmp(buf, "ab\n"));
	memset(buf, 'x', 65);
	CHECK(sethostname(buf, 65) < 0 && errno == EINVAL);
	CHECK(sethostname(buf, -1) < 0 && errno == EINVAL);
	CHECK(sethostname(BAD_PTR, 4) < 0 && errno == EFAULT);
	CHECK(sethostname(old, strlen(old)) == 0);
	return 0;
}

/* statfs(2), fstatfs(2): each file system's magic, Linux's layout. */
static int test_statfs(void)
{
	struct statfs st, fst;
	int fd;

	CHECK(statfs("/tmp", &st) == 0);
	CHECK(st.f_type == 0x01021994 && st.f_bsize == 4096 && st.f_namelen == 255);
	CHECK(st.f_blocks > 0 && st.f_bfree > 0 && st.f_bfree <= st.f_blocks);
	CHECK(!(st.f_flags & ST_RDONLY));
	CHECK(statfs("/proc/self", &st) == 0 && st.f_type == 0x9fa0);
	CHECK(statfs("/", &st) == 0 && st.f_type == (long)0x858458f6);
	CHECK(st.f_flags & ST_RDONLY);
	CHECK((fd = open("/proc/uptime", O_RDONLY)) >= 0);
	CHECK(fstatfs(fd, &fst) == 0 && fst.f_type == 0x9fa0);
	close(fd);
	CHECK(statfs("/nonesuch", &st) < 0 && errno == ENOENT);
	CHECK(statfs("/proc/uptime/x", &st) < 0 && errno == ENOTDIR);
	/* Raw calls: musl copies through a buffer of its own. */
	CHECK(syscall(SYS_statfs, BAD_PTR, &st) < 0 && errno == EFAULT);
	CHECK(syscall(SYS_statfs, "/tmp", BAD_PTR) < 0 && errno == EFAULT);
	CHECK(syscall(SYS_fstatfs, 0, BAD_PTR) < 0 && errno == EFAULT);
	CHECK(fstatfs(-1, &st) < 0 && errno == EBADF);
	CHECK(fstatfs(999, &st) < 0 && errno == EBADF);
	return 0;
}

static int exit_seven(void)
{
	_exit(7);
}

/* A child running @fn; exits with what it returns. */
static pid_t fork_run(int (*fn)(void))
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(fn());
	return pid;
}

static int wait_forever(void)
{
	for (;;)
		pause();
	return 0;
}

/* Does @si say SIGCHLD from @pid with @code and @status? */
static int chld_info(const siginfo_t *si, pid_t pid, int code, int status)
{
	if (si->si_signo != SIGCHLD || si->si_pid != pid || si->si_code != code ||
	    si->si_status != status || si->si_uid != getuid())
		return tap_fail("siginfo: signo %d pid %d (want %d) code %d (want %d) "
			    "status %d (want %d)", si->si_signo, si->si_pid, pid,
			    si->si_code, code, si->si_status, status);
	return 0;
}

/* waitid(2): P_PID, P_PGID, P_ALL; exit, kill, stop and continue in the
 * siginfo; WNOWAIT leaves the child; WNOHANG; its errors. */
static int test_waitid(void)
{
	siginfo_t si;
	pid_t pid = fork_run(exit_seven);

	CHECK(pid > 0);
	CHECK(waitid(P_PID, pid, &si, WEXITED | WNOWAIT) == 0);
	if (chld_info(&si, pid, CLD_EXITED, 7))
		return -1;
	CHECK(waitid(P_PGID, 0, &si, WEXITED) == 0);	/* still there */
	if (chld_info(&si, pid, CLD_EXITED, 7))
		return -1;
	CHECK(waitid(P_PID, pid, &si, WEXITED) < 0 && errno == ECHILD);

	CHECK((pid = fork_run(wait_forever)) > 0);
	memset(&si, 0xff, sizeof(si));
	CHECK(waitid(P_ALL, 0, &si, WEXITED | WNOHANG) == 0 && si.si_pid == 0);
	CHECK(kill(pid, SIGSTOP) == 0);
	CHECK(waitid(P_PID, pid, &si, WSTOPPED) == 0);
	if (chld_info(&si, pid, CLD_STOPPED, SIGSTOP))
		return -1;
	CHECK(kill(pid, SIGCONT) == 0);
	CHECK(waitid(P_PID, pid, &si, WCONTINUED) == 0);
	if (chld_info(&si, pid, CLD_CONTINUED, SIGCONT))
		return -1;
	CHECK(kill(pid, SIGKILL) == 0);
	CHECK(waitid(P_ALL, 0, &si, WEXITED) == 0);
	if (chld_info(&si, pid, CLD_KILLED, SIGKILL))
		return -1;

	CHECK((pid = fork_run(exit_seven)) > 0);
	CHECK(waitid(P_PID, pid, &si, 0) < 0 && errno == EINVAL);
	CHECK(waitid(P_PID, pid, &si, WEXITED | 0x100) < 0 && errno == EINVAL);
	CHECK(waitid(7, pid, &si, WEXITED) < 0 && errno == EINVAL);
	CHECK(waitid(P_PID, -1, &si, WEXITED) < 0 && errno == EINVAL);
	CHECK(waitid(P_PID, getpid(), &si, WEXITED) < 0 && errno == ECHILD);
	CHECK(waitid(P_PID, pid, BAD_PTR, WEXITED) < 0 && errno == EFAULT);
	CHECK(waitid(P_ALL, 0, &si, WEXITED) < 0 && errno == ECHILD);
	return 0;
}

/* getpriority/setpriority: nice in /proc/<pid>/stat, inherited by fork;
 * Linux's raw return value 20 - nice; the errors. */
static int test_priority(void)
{
	struct procfs_stat st;
	pid_t pid;
	int status;

	CHECK(getpriority(PRIO_PROCESS, 0) == 0);
	CHECK(syscall(SYS_getpriority, PRIO_PROCESS, 0) == 20);
	CHECK(setpriority(PRIO_PROCESS, 0, 5) == 0);
	CHECK(getpriority(PRIO_PROCESS, getpid()) == 5);
	CHECK(syscall(SYS_getpriority, PRIO_PROCESS, 0) == 15);
	CHECK(procfs_stat("/proc/self/stat", &st) == 0);
	CHECK(st.nice == 5 && st.priority == 25);
	CHECK(getpriority(PRIO_PGRP, 0) <= 5 && getpriority(PRIO_USER, 0) <= 5);
	pid = fork();
	if (pid == 0)
		_exit(getpriority(PRIO_PROCESS, 0) == 5 ? 0 : 1);
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid && status == 0);
	CHECK(setpriority(PRIO_PROCESS, 0, 100) == 0 && getpriority(PRIO_PROCESS, 0) == 19);
	CHECK(setpriority(PRIO_PROCESS, 0, -100) == 0 && getpriority(PRIO_PROCESS, 0) == -20);
	CHECK(procfs_stat("/proc/self/stat", &st) == 0 && st.nice == -20);
	CHECK(syscall(SYS_getpriority, 3, 0) < 0 && errno == EINVAL);
	CHECK(setpriority(3, 0, 0) < 0 && errno == EINVAL);
	CHECK(syscall(SYS_getpriority, PRIO_PROCESS, pid) < 0 && errno == ESRCH);
	CHECK(setpriority(PRIO_PROCESS, pid, 1) < 0 && errno == ESRCH);
	CHECK(syscall(SYS_getpriority, PRIO_PROCESS, -1) < 0 && errno == ESRCH);
	return 0;
}

/* The sched_* policy calls, raw (musl's wrappers answer ENOSYS). */
static int test_sched_policy(void)
{
	struct sched_param sp = { .sched_priority = 10 };
	struct timespec fast, slow;
	pid_t gone = fork();

	if (gone == 0)
		_exit(0);
	CHECK(gone > 0 && waitpid(gone, NULL, 0) == gone);
	CHECK(sched_get_priority_max(SCHED_FIFO) == 99);
	CHECK(sched_get_priority_min(SCHED_RR) == 1);
	CHECK(sched_get_priority_max(SCHED_OTHER) == 0);
	CHECK(sched_get_priority_min(SCHED_OTHER) == 0);
	CHECK(sched_get_priority_max(7) < 0 && errno == EINVAL);
	CHECK(sched_get_priority_min(-1) < 0 && errno == EINVAL);
	CHECK(syscall(SYS_sched_getscheduler, 0) == SCHED_OTHER);
	CHECK(syscall(SYS_sched_setscheduler, 0, SCHED_FIFO, &sp) == 0);
	CHECK(syscall(SYS_sched_getscheduler, getpid()) == SCHED_FIFO);
	sp.sched_priority = 0;
	CHECK(syscall(SYS_sched_getparam, 0, &sp) == 0 && sp.sched_priority == 10);
	sp.sched_priority = 20;
	CHECK(syscall(SYS_sched_setparam, 0, &sp) == 0);
	CHECK(syscall(SYS_sched_getparam, 0, &sp) == 0 && sp.sched_priority == 20);
	CHECK(syscall(SYS_sched_setscheduler, 0, SCHED_OTHER, &sp) < 0 && errno == EINVAL);
	CHECK(syscall(SYS_sched_setscheduler, 0, 77, &sp) < 0 && errno == EINVAL);
	CHECK(syscall(SYS_sched_setscheduler, 0, SCHED_OTHER, NULL) < 0 && errno == EINVAL);
	CHECK(syscall(SYS_sched_setscheduler, 0, SCHED_OTHER, BAD_PTR) < 0 && errno == EFAULT);
	CHECK(syscall(SYS_sched_setscheduler, -1, SCHED_OTHER, &sp) < 0 && errno == EINVAL);
	CHECK(syscall(SYS_sched_setscheduler, gone, SCHED_OTHER, &sp) < 0 && errno == ESRCH);
	CHECK(syscall(SYS_sched_getscheduler, -1) < 0 && errno == EINVAL);
	CHECK(syscall(SYS_sched_getscheduler, gone) < 0 && errno == ESRCH);
	CHECK(syscall(SYS_sched_getparam, 0, NULL) < 0 && errno == EINVAL);
	CHECK(syscall(SYS_sched_getparam, 0, BAD_PTR) < 0 && errno == EFAULT);
	CHECK(syscall(SYS_sched_getparam, gone, &sp) < 0 && errno == ESRCH);
	sp.sched_priority = 0;
	CHECK(syscall(SYS_sched_setscheduler, 0, SCHED_OTHER, &sp) == 0);
	/* nice sets the time slice: longer at -20 than at 19. */
	CHECK(setpriority(PRIO_PROCESS, 0, -20) == 0);
	CHECK(sched_rr_get_interval(0, &fast) == 0);
	CHECK(setpriority(PRIO_PROCESS, 0, 19) == 0);
	CHECK(sched_rr_get_interval(0, &slow) == 0);
	CHECK(slow.tv_nsec > 0 && fast.tv_nsec > slow.tv_nsec);
	CHECK(sched_rr_get_interval(gone, &slow) < 0 && errno == ESRCH);
	CHECK(sched_rr_get_interval(0, BAD_PTR) < 0 && errno == EFAULT);
	return 0;
}

static volatile siginfo_t last_info;
static volatile int infos;

static void on_info(int sig, siginfo_t *si, void *uc)
{
	(void)sig; (void)uc;
	last_info = *si;
	infos++;
}

/* Deliver @sig to ourselves by @send and check the handler's siginfo. */
static int got_info(int code, pid_t pid, int value)
{
	if (infos != 1 || last_info.si_code != code || last_info.si_pid != pid ||
	    last_info.si_uid != getuid() ||
	    (code == SI_QUEUE && last_info.si_value.sival_int != value))
		return tap_fail("siginfo: %d delivered, code %d (want %d) pid %d "
			    "(want %d) value %d", infos, last_info.si_code, code,
			    last_info.si_pid, pid, last_info.si_value.sival_int);
	infos = 0;
	return 0;
}

/* kill, tkill and sigqueue say who sent the signal (LTP's kill10 waits
 * for the sender's pid); rt_sigqueueinfo's rule and errors. */
static int test_siginfo_sender(void)
{
	struct sigaction sa = { .sa_sigaction = on_info,
				.sa_flags = SA_SIGINFO | SA_RESTART };
	siginfo_t si = { .si_code = SI_QUEUE };
	pid_t pid;
	int status;

	CHECK(sigaction(SIGUSR1, &sa, NULL) == 0);
	CHECK(kill(getpid(), SIGUSR1) == 0);
	if (got_info(SI_USER, getpid(), 0))
		return -1;
	CHECK(raise(SIGUSR1) == 0);
	if (got_info(SI_TKILL, getpid(), 0))
		return -1;
	CHECK(sigqueue(getpid(), SIGUSR1, (union sigval){ .sival_int = 42 }) == 0);
	if (got_info(SI_QUEUE, getpid(), 42))
		return -1;
	pid = fork();
	if (pid == 0)
		_exit(kill(getppid(), SIGUSR1) == 0 ? 0 : 1);
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid && status == 0);
	if (got_info(SI_USER, pid, 0))
		return -1;
	/* Only a process itself may send kill()'s codes with rt_sigqueueinfo. */
	CHECK((pid = fork()) >= 0);
	if (pid == 0)
		for (;;)
			pause();
	si.si_signo = SIGUSR1;
	si.si_pid = getpid();
	si.si_uid = getuid();
	CHECK(syscall(SYS_rt_sigqueueinfo, pid, SIGCONT, &si) == 0);
	si.si_code = SI_USER;
	CHECK(syscall(SYS_rt_sigqueueinfo, pid, SIGCONT, &si) < 0 && errno == EPERM);
	si.si_code = SI_TKILL;
	CHECK(syscall(SYS_rt_tgsigqueueinfo, pid, pid, SIGCONT, &si) < 0 &&
	      errno == EPERM);
	CHECK(kill(pid, SIGKILL) == 0 && waitpid(pid, NULL, 0) == pid);
	CHECK(syscall(SYS_rt_sigqueueinfo, pid, SIGUSR1, &si) < 0 && errno == EPERM);
	si.si_code = SI_QUEUE;
	CHECK(syscall(SYS_rt_sigqueueinfo, pid, SIGUSR1, &si) < 0 && errno == ESRCH);
	CHECK(syscall(SYS_rt_sigqueueinfo, getpid(), 65, &si) < 0 && errno == EINVAL);
	CHECK(syscall(SYS_rt_sigqueueinfo, getpid(), SIGUSR1, BAD_PTR) < 0 &&
	      errno == EFAULT);
	CHECK(syscall(SYS_rt_tgsigqueueinfo, getpid(), 0, SIGUSR1, &si) < 0 &&
	      errno == EINVAL);
	CHECK(syscall(SYS_rt_tgsigqueueinfo, getpid(), gettid(), 0, &si) == 0);
	CHECK(syscall(SYS_rt_tgsigqueueinfo, getpid(), gettid(), SIGUSR1, &si) == 0);
	return got_info(SI_QUEUE, getpid(), si.si_value.sival_int);
}

/* rt_sigtimedwait: takes a blocked signal with its siginfo, no handler
 * runs; times out with EAGAIN; wakes when a signal is sent; errors. */
static int test_sigtimedwait(void)
{
	struct sigaction sa = { .sa_sigaction = on_info, .sa_flags = SA_SIGINFO };
	struct timespec zero = { 0, 0 }, short_ts = { 0, 50000000 }, bad = { 0, -1 };
	sigset_t set;
	siginfo_t si;
	long t0;
	pid_t pid;

	CHECK(sigaction(SIGUSR1, &sa, NULL) == 0);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	CHECK(sigprocmask(SIG_BLOCK, &set, NULL) == 0);
	CHECK(sigqueue(getpid(), SIGUSR1, (union sigval){ .sival_int = 7 }) == 0);
	CHECK(sigtimedwait(&set, &si, &zero) == SIGUSR1);
	CHECK(si.si_code == SI_QUEUE && si.si_pid == getpid() &&
	      si.si_value.sival_int == 7 && infos == 0);
	CHECK(sigtimedwait(&set, &si, &zero) < 0 && errno == EAGAIN);
	t0 = ulib_now_ms();
	CHECK(sigtimedwait(&set, &si, &short_ts) < 0 && errno == EAGAIN);
	/* It timed out rather than hung. No lower bound: under a loaded
	 * host QEMU's timer ticks can come in bursts, so jiffies may pass
	 * 50 ms in less wall time. */
	CHECK(ulib_now_ms() - t0 < 5000);
	pid = fork();
	if (pid == 0) {
		ulib_sleep_ms(30);
		_exit(kill(getppid(), SIGUSR1));
	}
	CHECK(pid > 0);
	CHECK(sigwaitinfo(&set, &si) == SIGUSR1);
	CHECK(si.si_code == SI_USER && si.si_pid == pid && infos == 0);
	CHECK(waitpid(pid, NULL, 0) == pid);
	CHECK(sigtimedwait(&set, &si, &bad) < 0 && errno == EINVAL);
	CHECK(syscall(SYS_rt_sigtimedwait, &set, &si, &zero, 4) < 0 && errno == EINVAL);
	CHECK(syscall(SYS_rt_sigtimedwait, BAD_PTR, &si, &zero, 8) < 0 &&
	      errno == EFAULT);
	CHECK(syscall(SYS_rt_sigtimedwait, &set, &si, BAD_PTR, 8) < 0 &&
	      errno == EFAULT);
	CHECK(raise(SIGUSR1) == 0);
	CHECK(syscall(SYS_rt_sigtimedwait, &set, BAD_PTR, &zero, 8) < 0 &&
	      errno == EFAULT);
	return 0;
}

/* utimensat and its older forms: given times, UTIME_NOW, UTIME_OMIT,
 * NULL (now), the link itself, the fd (futimens); ctime always moves. */
static int test_utimensat(void)
{
	const char *f = "/tmp/ut.file", *l = "/tmp/ut.link";
	struct timespec set[2] = { { 1000, 5 }, { 2000, 7 } };
	struct timespec omit[2] = { { 0, UTIME_OMIT }, { 3000, 0 } };
	struct timespec bad[2] = { { 0, 1000000000 }, { 0, 0 } };
	struct timeval tv[2] = { { 4000, 2 }, { 5000, 3 } };
	struct utimbuf ub = { 6000, 7000 };
	struct stat st, lst;
	time_t now = time(NULL);
	int fd;

	unlink(f);
	unlink(l);
	CHECK((fd = open(f, O_CREAT | O_WRONLY, 0644)) >= 0);
	CHECK(symlink(f, l) == 0);
	CHECK(utimensat(AT_FDCWD, f, set, 0) == 0 && stat(f, &st) == 0);
	CHECK(st.st_atim.tv_sec == 1000 && st.st_atim.tv_nsec == 5);
	CHECK(st.st_mtim.tv_sec == 2000 && st.st_mtim.tv_nsec == 7);
	CHECK(st.st_ctim.tv_sec >= now);
	CHECK(utimensat(AT_FDCWD, f, omit, 0) == 0 && stat(f, &st) == 0);
	CHECK(st.st_atim.tv_sec == 1000 && st.st_mtim.tv_sec == 3000);
	CHECK(utimensat(AT_FDCWD, f, NULL, 0) == 0 && stat(f, &st) == 0);
	CHECK(st.st_atim.tv_sec >= now && st.st_mtim.tv_sec >= now);
	CHECK(futimens(fd, set) == 0 && fstat(fd, &st) == 0);
	CHECK(st.st_mtim.tv_sec == 2000);
	/* AT_SYMLINK_NOFOLLOW: the link's own times, not the file's. */
	CHECK(utimensat(AT_FDCWD, l, omit, AT_SYMLINK_NOFOLLOW) == 0);
	CHECK(lstat(l, &lst) == 0 && stat(f, &st) == 0);
	CHECK(lst.st_mtim.tv_sec == 3000 && st.st_mtim.tv_sec == 2000);
	CHECK(utimes(f, tv) == 0 && stat(f, &st) == 0);
	CHECK(st.st_atim.tv_sec == 4000 && st.st_atim.tv_nsec == 2000);
	CHECK(utime(f, &ub) == 0 && stat(f, &st) == 0);
	CHECK(st.st_atim.tv_sec == 6000 && st.st_mtim.tv_sec == 7000);
	CHECK(utimensat(AT_FDCWD, f, bad, 0) < 0 && errno == EINVAL);
	CHECK(utimensat(AT_FDCWD, f, set, 0x4) < 0 && errno == EINVAL);
	CHECK(syscall(SYS_utimensat, AT_FDCWD, f, BAD_PTR, 0) < 0 && errno == EFAULT);
	CHECK(utimensat(AT_FDCWD, BAD_PTR, set, 0) < 0 && errno == EFAULT);
	CHECK(utimensat(AT_FDCWD, "/tmp/ut.none", set, 0) < 0 && errno == ENOENT);
	CHECK(utimensat(999, "x", set, 0) < 0 && errno == EBADF);
	CHECK(syscall(SYS_utimensat, 999, NULL, set, 0) < 0 && errno == EBADF);
	CHECK(utimensat(AT_FDCWD, "/bin/sh", set, 0) < 0 && errno == EROFS);
	tv[0].tv_usec = 1000000;
	CHECK(utimes(f, tv) < 0 && errno == EINVAL);
	close(fd);
	unlink(l);
	unlink(f);
	return 0;
}

/* mknod/mknodat: regular files, FIFOs and devices; the types it refuses. */
static int test_mknod(void)
{
	struct stat st;
	int fd;

	unlink("/tmp/mk.reg");
	unlink("/tmp/mk.fifo");
	unlink("/tmp/mk.chr");
	CHECK(mknod("/tmp/mk.reg", S_IFREG | 0640, 0) == 0);
	CHECK(stat("/tmp/mk.reg", &st) == 0 && S_ISREG(st.st_mode));
	CHECK((st.st_mode & 0777) == (0640 & ~umask(umask(0))));
	CHECK((fd = open("/tmp/mk.reg", O_RDWR)) >= 0 && write(fd, "x", 1) == 1);
	close(fd);
	CHECK(mknodat(AT_FDCWD, "/tmp/mk.fifo", S_IFIFO | 0600, 0) == 0);
	CHECK(stat("/tmp/mk.fifo", &st) == 0 && S_ISFIFO(st.st_mode));
	CHECK(mknod("/tmp/mk.chr", S_IFCHR | 0600, makedev(1, 3)) == 0);
	CHECK(stat("/tmp/mk.chr", &st) == 0 && S_ISCHR(st.st_mode));
	CHECK(major(st.st_rdev) == 1 && minor(st.st_rdev) == 3);
	CHECK((fd = open("/tmp/mk.chr", O_WRONLY)) >= 0);	/* /dev/null */
	CHECK(write(fd, "gone", 4) == 4);
	close(fd);
	CHECK(mknod("/tmp/mk.reg", S_IFREG | 0600, 0) < 0 && errno == EEXIST);
	CHECK(mknod("/tmp/mk.dir", S_IFDIR | 0700, 0) < 0 && errno == EPERM);
	CHECK(mknod("/tmp/mk.bad", 0170000 | 0600, 0) < 0 && errno == EINVAL);
	CHECK(mknod("/tmp/none/x", S_IFREG | 0600, 0) < 0 && errno == ENOENT);
	CHECK(mknod("/bin/mk", S_IFREG | 0600, 0) < 0 && errno == EROFS);
	CHECK(mknod(BAD_PTR, S_IFREG | 0600, 0) < 0 && errno == EFAULT);
	CHECK(mknodat(999, "x", S_IFREG | 0600, 0) < 0 && errno == EBADF);
	unlink("/tmp/mk.reg");
	unlink("/tmp/mk.fifo");
	unlink("/tmp/mk.chr");
	return 0;
}

/* times(2): the process's CPU time in clock ticks; ticks since boot. */
static int test_times(void)
{
	struct tms t;
	clock_t start = times(&t);
	volatile unsigned long spin = 0;

	CHECK(start != (clock_t)-1);
	while (times(&t) - start < 20)		/* 200 ms of CPU */
		spin++;
	CHECK(t.tms_utime + t.tms_stime >= 10);
	CHECK(t.tms_cutime == 0 && times(NULL) >= start + 20);
	CHECK(syscall(SYS_times, BAD_PTR) < 0 && errno == EFAULT);
	return 0;
}

/* fcntl F_SETOWN/F_GETOWN and their _EX forms (LTP's fcntl31). */
static int test_fcntl_owner(void)
{
	struct f_owner_ex ex = { F_OWNER_TID, 0 }, got;
	int fds[2];

	CHECK(pipe(fds) == 0);
	CHECK(fcntl(fds[0], F_GETOWN) == 0);
	CHECK(fcntl(fds[0], F_GETOWN_EX, &got) == 0 && got.pid == 0);
	CHECK(fcntl(fds[0], F_SETOWN, getpid()) == 0);
	CHECK(fcntl(fds[0], F_GETOWN) == getpid());
	CHECK(fcntl(fds[0], F_GETOWN_EX, &got) == 0);
	CHECK(got.type == F_OWNER_PID && got.pid == getpid());
	CHECK(fcntl(fds[0], F_SETOWN, -getpgrp()) == 0);
	CHECK(fcntl(fds[0], F_GETOWN) == -getpgrp());
	CHECK(fcntl(fds[0], F_GETOWN_EX, &got) == 0);
	CHECK(got.type == F_OWNER_PGRP && got.pid == getpgrp());
	ex.pid = gettid();
	CHECK(fcntl(fds[0], F_SETOWN_EX, &ex) == 0);
	CHECK(fcntl(fds[0], F_GETOWN_EX, &got) == 0);
	CHECK(got.type == F_OWNER_TID && got.pid == gettid());
	CHECK(fcntl(fds[0], F_GETOWN) == gettid());
	ex.type = 7;
	CHECK(fcntl(fds[0], F_SETOWN_EX, &ex) < 0 && errno == EINVAL);
	ex.type = F_OWNER_PID;
	ex.pid = 99999;
	CHECK(fcntl(fds[0], F_SETOWN_EX, &ex) < 0 && errno == ESRCH);
	CHECK(fcntl(fds[0], F_SETOWN, 99999) < 0 && errno == ESRCH);
	CHECK(fcntl(fds[0], F_SETOWN_EX, BAD_PTR) < 0 && errno == EFAULT);
	CHECK(fcntl(fds[0], F_GETOWN_EX, BAD_PTR) < 0 && errno == EFAULT);
	CHECK(fcntl(999, F_GETOWN_EX, &got) < 0 && errno == EBADF);
	close(fds[0]);
	close(fds[1]);
	return 0;
}

/* link/linkat: two names, one inode; the data outlives one name. */
static int test_link(void)
{
	const char *a = "/tmp/ln.a", *b = "/tmp/ln.b", *s = "/tmp/ln.s", *c = "/tmp/ln.c";
	struct stat sa, sb;
	char buf[8] = { 0 };
	int fd;

	unlink(a); unlink(b); unlink(s); unlink(c);
	CHECK((fd = open(a, O_CREAT | O_RDWR, 0600)) >= 0);
	CHECK(link(a, b) == 0);
	CHECK(stat(a, &sa) == 0 && stat(b, &sb) == 0);
	CHECK(sa.st_ino == sb.st_ino && sa.st_nlink == 2);
	CHECK(write(fd, "shared", 6) == 6);
	close(fd);
	CHECK(unlink(a) == 0);
	CHECK((fd = open(b, O_RDONLY)) >= 0 && read(fd, buf, 6) == 6);
	close(fd);
	CHECK(!strcmp(buf, "shared") && stat(b, &sb) == 0 && sb.st_nlink == 1);
	/* linkat: the symlink itself, or (AT_SYMLINK_FOLLOW) its target. */
	CHECK(symlink(b, s) == 0);
	CHECK(linkat(AT_FDCWD, s, AT_FDCWD, c, 0) == 0);
	CHECK(lstat(c, &sa) == 0 && S_ISLNK(sa.st_mode) && unlink(c) == 0);
	CHECK(linkat(AT_FDCWD, s, AT_FDCWD, c, AT_SYMLINK_FOLLOW) == 0);
	CHECK(lstat(c, &sa) == 0 && S_ISREG(sa.st_mode) && sa.st_ino == sb.st_ino);
	CHECK(link(b, c) < 0 && errno == EEXIST);
	CHECK(link(a, "/tmp/ln.x") < 0 && errno == ENOENT);
	CHECK(link("/tmp", "/tmp/ln.d") < 0 && errno == EPERM);
	CHECK(link("/proc/uptime", "/tmp/ln.p") < 0 && errno == EXDEV);
	CHECK(link("/bin/sh", "/bin/sh2") < 0 && errno == EROFS);
	CHECK(linkat(AT_FDCWD, b, AT_FDCWD, "/tmp/ln.y", 0x1) < 0 && errno == EINVAL);
	CHECK(link(BAD_PTR, "/tmp/ln.z") < 0 && errno == EFAULT);
	CHECK(link(b, BAD_PTR) < 0 && errno == EFAULT);
	CHECK(linkat(999, "x", AT_FDCWD, "/tmp/ln.z", 0) < 0 && errno == EBADF);
	/* AT_EMPTY_PATH: the open file itself, for root only; not once it
	 * has no name left. */
	CHECK((fd = open(b, O_RDONLY)) >= 0);
	CHECK(linkat(fd, "", AT_FDCWD, "/tmp/ln.e", AT_EMPTY_PATH) == 0);
	CHECK(stat("/tmp/ln.e", &sa) == 0 && sa.st_ino == sb.st_ino);
	CHECK(unlink("/tmp/ln.e") == 0 && seteuid(STUDENT) == 0);
	CHECK(linkat(fd, "", AT_FDCWD, "/tmp/ln.e", AT_EMPTY_PATH) < 0 && errno == ENOENT);
	CHECK(seteuid(0) == 0 && unlink(b) == 0 && unlink(c) == 0);
	CHECK(linkat(fd, "", AT_FDCWD, "/tmp/ln.e", AT_EMPTY_PATH) < 0 && errno == ENOENT);
	close(fd);
	unlink(s);
	return 0;
}

static int efd;

static void *eventfd_poster(void *arg)
{
	uint64_t one = 1;

	(void)arg;
	ulib_sleep_ms(30);
	return write(efd, &one, 8) == 8 ? NULL : (void *)1;
}

/* eventfd2: the counter; EFD_SEMAPHORE; EFD_NONBLOCK; a read that waits
 * for another thread's write; the errors. */
static int test_eventfd(void)
{
	uint64_t v = 5, big = ~0ull - 1;
	pthread_t t;
	int fd;

	CHECK((fd = eventfd(3, 0)) >= 0);
	CHECK(write(fd, &v, 8) == 8 && read(fd, &v, 8) == 8 && v == 8);
	CHECK((fcntl(fd, F_GETFD) & FD_CLOEXEC) == 0);
	close(fd);
	CHECK((fd = eventfd(2, EFD_SEMAPHORE | EFD_NONBLOCK | EFD_CLOEXEC)) >= 0);
	CHECK(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	CHECK(read(fd, &v, 8) == 8 && v == 1 && read(fd, &v, 8) == 8 && v == 1);
	CHECK(read(fd, &v, 8) < 0 && errno == EAGAIN);
	CHECK(write(fd, &big, 8) == 8);
	v = 1;
	CHECK(write(fd, &v, 8) < 0 && errno == EAGAIN);	/* would overflow */
	v = ~0ull;
	CHECK(write(fd, &v, 8) < 0 && errno == EINVAL);
	CHECK(read(fd, &v, 4) < 0 && errno == EINVAL);
	CHECK(write(fd, &v, 4) < 0 && errno == EINVAL);
	CHECK(read(fd, BAD_PTR, 8) < 0 && errno == EFAULT);
	close(fd);
	CHECK((efd = eventfd(0, 0)) >= 0);
	CHECK(pthread_create(&t, NULL, eventfd_poster, NULL) == 0);
	CHECK(read(efd, &v, 8) == 8 && v == 1);
	CHECK(pthread_join(t, NULL) == 0);
	close(efd);
	CHECK(syscall(SYS_eventfd2, 0, 0x4) < 0 && errno == EINVAL);
	return 0;
}

/* memfd_create: an anonymous file that reads, writes, truncates. */
static int test_memfd(void)
{
	char buf[8] = { 0 }, name[300];
	struct stat st;
	int fd;

	CHECK((fd = memfd_create("usertests", MFD_CLOEXEC)) >= 0);
	CHECK(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	CHECK(write(fd, "memory", 6) == 6 && lseek(fd, 0, SEEK_SET) == 0);
	CHECK(read(fd, buf, 6) == 6 && !strcmp(buf, "memory"));
	CHECK(ftruncate(fd, 8192) == 0 && fstat(fd, &st) == 0);
	CHECK(S_ISREG(st.st_mode) && st.st_size == 8192);
	CHECK(pread(fd, buf, 2, 8190) == 2 && buf[0] == 0 && buf[1] == 0);
	close(fd);
	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	CHECK(memfd_create(name, 0) < 0 && errno == EINVAL);
	name[249] = '\0';
	CHECK((fd = memfd_create(name, 0)) >= 0 && close(fd) == 0);
	/* An unknown flag (MFD_HUGETLB, 0x4, is known: user/uffdtests.c). */
	CHECK(memfd_create("x", 0x20) < 0 && errno == EINVAL);
	CHECK(memfd_create(BAD_PTR, 0) < 0 && errno == EFAULT);
	return 0;
}

/* Two futex words 256 bytes apart share a kernel hash bucket. */
static _Alignas(512) int futex_words[128];
static volatile int requeue_waiting;

static void *wait_on_word0(void *arg)
{
	(void)arg;
	requeue_waiting = 1;
	while (futex_words[0] == 0)
		syscall(SYS_futex, &futex_words[0], FUTEX_WAIT_PRIVATE, 0, NULL);
	return NULL;
}

/* FUTEX_CMP_REQUEUE from a word to another in the same hash bucket: the
 * waiter must then be found by a wake of the second word (musl's
 * condition variables requeue onto the mutex this way). */
static int test_futex_requeue(void)
{
	pthread_t t;
	long woke = 0;

	CHECK(pthread_create(&t, NULL, wait_on_word0, NULL) == 0);
	while (!requeue_waiting)
		sched_yield();
	for (int i = 0; i < 100 && !woke; i++) {
		ulib_sleep_ms(10);	/* until it sleeps in the kernel */
		woke = syscall(SYS_futex, &futex_words[0], FUTEX_CMP_REQUEUE_PRIVATE,
			       0, (void *)1, &futex_words[64], 0);
	}
	CHECK(woke == 1);
	futex_words[0] = 1;
	CHECK(syscall(SYS_futex, &futex_words[64], FUTEX_WAKE_PRIVATE, 1) == 1);
	CHECK(pthread_join(t, NULL) == 0);
	return 0;
}

/* SIGCHLD's siginfo says which child and how: CLD_EXITED and the code,
 * CLD_STOPPED and the signal (what waitid reports too). */
static int test_sigchld_info(void)
{
	struct sigaction sa = { .sa_sigaction = on_info,
				.sa_flags = SA_SIGINFO | SA_RESTART };
	sigset_t chld, old;
	siginfo_t si;
	pid_t pid;

	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	CHECK(sigaction(SIGCHLD, &sa, NULL) == 0);
	CHECK(sigprocmask(SIG_BLOCK, &chld, &old) == 0);
	CHECK((pid = fork_run(exit_seven)) > 0);
	CHECK(sigwaitinfo(&chld, &si) == SIGCHLD);
	CHECK(si.si_pid == pid && si.si_code == CLD_EXITED && si.si_status == 7);
	CHECK(waitpid(pid, NULL, 0) == pid);
	CHECK((pid = fork_run(wait_forever)) > 0);
	CHECK(kill(pid, SIGSTOP) == 0);
	CHECK(sigwaitinfo(&chld, &si) == SIGCHLD);
	CHECK(si.si_pid == pid && si.si_code == CLD_STOPPED && si.si_status == SIGSTOP);
	CHECK(sigprocmask(SIG_SETMASK, &old, NULL) == 0);
	CHECK(kill(pid, SIGKILL) == 0 && waitpid(pid, NULL, 0) == pid);
	while (!infos)		/* the handler runs for the kill */
		ulib_sleep_ms(1);
	CHECK(last_info.si_pid == pid && last_info.si_code == CLD_KILLED &&
	      last_info.si_status == SIGKILL);
	return 0;
}

/* ---- the runner itself (user/lib/tap.c) --------------------------------- */

static int selftest_exits(void)
{
	_exit(3);		/* no reason given */
}

/* Returns 0 leaving a child that holds the runner's pipe open. */
static int selftest_leaves_child(void)
{
	return fork_run(wait_forever) > 0 ? 0 : -1;
}

static int selftest_passes(void)
{
	return 0;
}

static const struct tap_test selftests[] = {
	{ "exits", selftest_exits },
	{ "hangs", wait_forever },
	{ "leaves_child", selftest_leaves_child },
	{ "passes", selftest_passes },
};

/* tap_run() reports an exit without a reason and a timeout as failures,
 * and is not held up by what a test left behind ("usertests
 * --tap-selftest" runs the four tests above with a 2 s limit; a slow
 * debug kernel still forks well within it). */
static int test_tap_runner(void)
{
	static char out[1024];
	int fds[2], status;
	ssize_t n, len = 0;
	pid_t pid;

	CHECK(pipe(fds) == 0 && (pid = fork()) >= 0);
	if (pid == 0) {
		dup2(fds[1], 1);
		execl(self_path, self_path, "--tap-selftest", (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	while ((n = read(fds[0], out + len, sizeof(out) - 1 - (size_t)len)) > 0)
		len += n;
	out[len] = '\0';
	close(fds[0]);
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 1);
	CHECK(strncmp(out, "1..4\n", 5) == 0);
	CHECK(strstr(out, "\nnot ok 1 - exits: exit status 3\n"));
	CHECK(strstr(out, "\nnot ok 2 - hangs: timed out after 2 s\n"));
	CHECK(strstr(out, "\nok 3 - leaves_child\n"));
	CHECK(strstr(out, "\nok 4 - passes\n"));
	CHECK(strstr(out, "\n# selftest: 2 passed, 2 failed\n"));
	return 0;
}

/* ---- the tests ----------------------------------------------------------- */

static const struct tap_test tests[] = {
	{ "getpid", test_getpid },
	{ "fork_wait", test_fork_wait },
	{ "fork_private_memory", test_fork_private_memory },
	{ "cow_both_write", test_cow_both_write },
	{ "cow_memfree", test_cow_memfree },
	{ "cow_kernel_write", test_cow_kernel_write },
	{ "cow_proc_mem", test_cow_proc_mem },
	{ "exec", test_exec },
	{ "text_write_private", test_text_write_private },
	{ "exec_tmpfs_copy", test_exec_tmpfs_copy },
	{ "exec_tmpfs_script_no_leak", test_exec_tmpfs_script_no_leak },
	{ "pipe", test_pipe },
	{ "dup_cloexec", test_dup_cloexec },
	{ "rw_errors", test_rw_errors },
	{ "open_missing", test_open_missing },
	{ "module_errors", test_module_errors },
	{ "getdents", test_getdents },
	{ "mutex_cond", test_mutex_cond },
	{ "futex_barrier", test_futex_barrier },
	{ "futex_untouched_page", test_futex_untouched_page },
	{ "malloc", test_malloc },
	{ "mmap", test_mmap },
	{ "prot_none", test_prot_none },
	{ "signal_handler", test_signal_handler },
	{ "kill_child", test_kill_child },
	{ "segv_child", test_segv_child },
	{ "clock", test_clock },
	{ "uname", test_uname },
	{ "rlimit_stack", test_rlimit_stack },
	{ "sched_yield", test_sched_yield },
	{ "getrusage", test_getrusage },
	{ "bare_syscall", test_bare_syscall },
	{ "munmap_other_cpu", test_munmap_other_cpu },
	{ "vdso", test_vdso },
	{ "cred_root_ids", test_cred_root_ids },
	{ "cred_setuid_rules", test_cred_setuid_rules },
	{ "cred_fork_inherits", test_cred_fork_inherits },
	{ "cred_files", test_cred_files },
	{ "cred_kill", test_cred_kill },
	{ "cred_root_only", test_cred_root_only },
	{ "cred_setuid_exec", test_cred_setuid_exec },
	{ "cred_access_real_ids", test_cred_access_real_ids },
	{ "cred_proc", test_cred_proc },
	{ "cred_dumpable", test_cred_dumpable },
	{ "proc_sys_kernel", test_proc_sys_kernel },
	{ "statfs", test_statfs },
	{ "waitid", test_waitid },
	{ "priority", test_priority },
	{ "sched_policy", test_sched_policy },
	{ "siginfo_sender", test_siginfo_sender },
	{ "sigtimedwait", test_sigtimedwait },
	{ "utimensat", test_utimensat },
	{ "mknod", test_mknod },
	{ "times", test_times },
	{ "fcntl_owner", test_fcntl_owner },
	{ "link", test_link },
	{ "eventfd", test_eventfd },
	{ "memfd", test_memfd },
	{ "futex_requeue", test_futex_requeue },
	{ "sigchld_info", test_sigchld_info },
	{ "tap_runner", test_tap_runner },
};

#define NTESTS (int)(sizeof(tests) / sizeof(tests[0]))

int main(int argc, char **argv)
{
	/* Helper mode for test_dup_cloexec, run through execve. */
	if (argc == 3 && strcmp(argv[1], "--fd-closed") == 0)
		return fcntl(atoi(argv[2]), F_GETFD) < 0 && errno == EBADF ? 0 : 1;
	if (argc == 2 && strcmp(argv[1], "--text-byte") == 0)
		return text_byte();
	if (argc == 2 && strcmp(argv[1], "--rss-file") == 0)
		return rss_file_above_zero();
	if (argc == 2 && strcmp(argv[1], "--tap-selftest") == 0)
		return tap_run("selftest", selftests, 4, 2, 1, argv);
	if (strchr(argv[0], '/'))
		self_path = argv[0];
	return tap_run("usertests", tests, NTESTS, TEST_TIMEOUT, argc, argv);
}
