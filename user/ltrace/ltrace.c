/*
 * ltrace: trace the library calls of a static program, in ltrace's style.
 *
 *   ltrace [-cfiS] [-e EXPR] [-n N] [-s N] [-o FILE] CMD [ARGS...]
 *   ltrace [-cfiS] [-e EXPR] [-n N] [-s N] [-o FILE] -p PID
 *
 *   $ ltrace -e printf+qsort+strcmp -n 2 ltrace_demo
 *   printf("len %d\n", 8)                            = 6
 *   qsort(0x7fffffffed10, 3, 8, 0x401320 <unfinished ...>
 *     strcmp("fig", "pear")                          = -10
 *     strcmp("pear", "apple")                        = 15
 *   <... qsort resumed> )                            = <void>
 *   +++ exited (status 0) +++
 *
 * Linux's ltrace hooks a program's calls into shared libraries through
 * its PLT. Taskbase's programs are static: libc is inside them and there
 * is no PLT, so this ltrace puts an int3 breakpoint at the entry of each
 * traced function from the program's symbol table (breakpoint.c), and
 * one at the return address a call will return to. The trace goes to
 * standard error (or FILE), as ltrace's does.
 *
 *   -e EXPR  which functions (filter.c); the default is libc's public API
 *   -c       count calls and time per function, print a table at the end
 *   -f       follow forked children (threads are always followed)
 *   -S       system calls too: SYS_write(1, "hi\n", 3) = 3
 *   -n N     indent nested calls by N spaces a level
 *   -i       the address each call returns to
 *   -s N     show strings up to N characters (32)
 *   -p PID   attach to a running process; Ctrl-C detaches, every
 *            breakpoint taken out, and it runs on as before
 *
 * ltrace exits with CMD's exit status (128 + the signal that killed it).
 * In a program of several threads, the others are stopped while one is
 * stepped over a breakpoint (events.c), so none runs through it unseen.
 *
 * Linux interfaces: fork, pipe, execv, ptrace (SEIZE, INTERRUPT, CONT,
 * SYSCALL, SINGLESTEP, PEEKTEXT, POKETEXT, PEEKDATA, GETREGS, SETREGS,
 * GETFPREGS, GETEVENTMSG, GET_SYSCALL_INFO, LISTEN, DETACH), waitpid
 * (__WALL), process_vm_readv, /proc/PID/exe, /proc/PID/task.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ltrace.h"
#include "ulib.h"

#define TRACE_OPTIONS (PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEEXEC | \
		       PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE)

static volatile int interrupted;

static void on_interrupt(int sig)
{
	(void)sig;
	interrupted = 1;
}

/* Fail early, before any child, if @path is nothing ltrace can trace. */
static void check_program(const char *path)
{
	struct symtab st;
	char err[512];

	if (elf_read_functions(path, &st, err, sizeof(err)) < 0) {
		fprintf(stderr, "ltrace: %s\n", err);
		exit(1);
	}
	symtab_free(&st);
}

/*
 * Fork a child that waits on a pipe until ltrace has seized it, then
 * execs CMD; the exec's event stop is where the breakpoints go in.
 * EXITKILL: if ltrace dies, so does CMD (its text is full of int3s).
 */
static int run_command(char **argv)
{
	const char *path = ulib_find_program(argv[0]);
	int go[2], status;
	pid_t child;
	char c = 'x';

	if (path == NULL)	/* open() says why */
		path = argv[0];
	check_program(path);
	if (pipe(go) < 0 || (child = fork()) < 0) {
		ulib_err("ltrace", "fork: %s", strerror(errno));
		return 1;
	}
	if (child == 0) {
		close(go[1]);
		while (read(go[0], &c, 1) < 0 && errno == EINTR)
			;
		close(go[0]);
		execv(path, argv);
		fprintf(stderr, "Can't execute `%s': %s\n", path, strerror(errno));
		_exit(1);
	}
	close(go[0]);
	if (ptrace(PTRACE_SEIZE, child, 0, TRACE_OPTIONS | PTRACE_O_EXITKILL) < 0) {
		ulib_err("ltrace", "PTRACE_SEIZE %d: %s", child, strerror(errno));
		kill(child, SIGKILL);
		return 1;
	}
	trace_start_child(child);
	if (write(go[1], &c, 1) != 1)
		ulib_err("ltrace", "cannot start %s", argv[0]);
	close(go[1]);
	/* As ltrace does: Ctrl-C is for the traced program. */
	signal(SIGINT, SIG_IGN);
	status = trace_loop(&interrupted);
	return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

/* Seize thread @tid and wait for its first stop. */
static int seize_thread(pid_t tid)
{
	int status;

	if (ptrace(PTRACE_SEIZE, tid, 0, TRACE_OPTIONS) < 0 ||
	    ptrace(PTRACE_INTERRUPT, tid, 0, 0) < 0)
		return -1;
	while (waitpid(tid, &status, __WALL) < 0)
		if (errno != EINTR)
			return -1;
	return WIFSTOPPED(status) ? 0 : -1;
}

/* Seize every thread of @pid; the leader first. */
static int seize_all(pid_t pid)
{
	char path[64];
	struct dirent *d;
	DIR *dir;

	snprintf(path, sizeof(path), "/proc/%d/task", pid);
	if ((dir = opendir(path)) == NULL) {
		errno = ESRCH;
		return -1;
	}
	if (seize_thread(pid) < 0) {
		closedir(dir);
		return -1;
	}
	if (trace_new_process(pid, NULL) < 0) {	/* no symbols: let it go */
		closedir(dir);
		ptrace(PTRACE_DETACH, pid, 0, 0);
		exit(1);
	}
	while ((d = readdir(dir)) != NULL) {
		pid_t tid = atoi(d->d_name);

		if (tid > 0 && tid != pid && seize_thread(tid) == 0)
			trace_new_thread(tid, pid);
	}
	closedir(dir);
	return 0;
}

static int attach(long pid)
{
	struct sigaction sa = { .sa_handler = on_interrupt };

	if (pid == getpid()) {
		ulib_err("ltrace", "Cannot attach to pid %ld: it is ltrace itself", pid);
		return 1;
	}
	if (seize_all((pid_t)pid) < 0) {
		fprintf(stderr, "Cannot attach to pid %ld: %s\n", pid, strerror(errno));
		return 1;
	}
	/* No SA_RESTART: Ctrl-C must interrupt the blocking waitpid(). */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	trace_resume_all();
	trace_loop(&interrupted);
	return 0;
}

static void usage(void)
{
	fprintf(stderr,
		"Usage: ltrace [-cfiS] [-e EXPR] [-n N] [-s N] [-o FILE] CMD [ARGS...]\n"
		"       ltrace [-cfiS] [-e EXPR] [-n N] [-s N] [-o FILE] -p PID\n");
	exit(1);
}

static long number_arg(const char *s, long max)
{
	long v;

	if (ulib_parse_long(s, &v) < 0 || v < 0 || v > max)
		usage();
	return v;
}

int main(int argc, char **argv)
{
	long pid = 0;
	int o;

	opt.out = stderr;
	opt.strlen_max = 32;
	while ((o = getopt(argc, argv, "+ce:fin:o:p:s:Sh")) != -1) {
		switch (o) {
		case 'c': opt.count = 1; break;
		case 'e':
			if (filter_add(optarg) < 0)
				usage();
			break;
		case 'f': opt.follow = 1; break;
		case 'i': opt.show_ip = 1; break;
		case 'n': opt.indent = number_arg(optarg, 100); break;
		case 'o':
			opt.out = fopen(optarg, "we");
			if (opt.out == NULL) {
				fprintf(stderr, "ltrace: can't open %s for writing: %s\n",
					optarg, strerror(errno));
				return 1;
			}
			opt.to_file = 1;
			break;
		case 'p':
			if (ulib_parse_long(optarg, &pid) < 0 || pid <= 0) {
				fprintf(stderr, "ltrace: invalid pid '%s'\n", optarg);
				return 1;
			}
			opt.attach = 1;
			break;
		case 's': opt.strlen_max = number_arg(optarg, 4096); break;
		case 'S': opt.syscalls = 1; break;
		default: usage();
		}
	}
	if ((pid != 0) == (optind < argc))
		usage();
	return pid ? attach(pid) : run_command(argv + optind);
}
