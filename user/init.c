/*
 * init: the first user process (pid 1).
 *
 * Makes sure fds 0, 1 and 2 are the console, prints a welcome line and
 * /etc/motd, then runs the shell /bin/sh, again and again: when the shell
 * exits, init says so and starts a new one. Meanwhile init reaps every
 * orphan: a process whose parent died is re-parented to pid 1, and its
 * zombie stays in the task list until pid 1 collects it with wait4(-1).
 *
 * System calls: fcntl(F_GETFD), open, dup2, uname, read, write, writev,
 * fork, setsid, ioctl(TIOCSCTTY), execve, wait4, nanosleep.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ulib.h"

#define SHELL "/bin/sh"

/* The environment every shell starts with. */
static char *const shell_env[] = {
	"PATH=/bin", "HOME=/", "TERM=vt100", "SHELL=" SHELL, NULL
};

/* Copy /etc/motd to the console, if there is one. */
static void print_motd(void)
{
	char buf[512];
	ssize_t n;
	int fd = open("/etc/motd", O_RDONLY);

	if (fd < 0)
		return;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		write(1, buf, (size_t)n);
	close(fd);
}

static void welcome(void)
{
	struct utsname u;

	if (uname(&u) == 0)
		printf("init: %s %s (%s) is up, starting %s\n",
		       u.sysname, u.release, u.machine, SHELL);
	else
		printf("init: starting %s\n", SHELL);
	fflush(stdout);
	print_motd();
}

/*
 * Start the shell in a new session whose controlling terminal is the
 * console, so the shell can hand the terminal to its foreground jobs.
 * Returns the shell's pid, or -1.
 */
static pid_t start_shell(void)
{
	char *const argv[] = { SHELL, NULL };
	pid_t pid = fork();

	if (pid != 0)
		return pid;
	setsid();
	ioctl(0, TIOCSCTTY, 0);
	execve(SHELL, argv, shell_env);
	ulib_err("init", "cannot run %s: %s", SHELL, strerror(errno));
	_exit(127);
}

/* Tell how the shell ended (exit status or signal). */
static void report_exit(int status)
{
	if (WIFSIGNALED(status))
		printf("init: %s was killed by signal %d (%s), restarting it\n",
		       SHELL, WTERMSIG(status), ulib_sig_desc(WTERMSIG(status)));
	else
		printf("init: %s exited with status %d, restarting it\n",
		       SHELL, WEXITSTATUS(status));
	fflush(stdout);
}

/* Wait one second, so a shell that dies at once is not respawned in a tight loop. */
static void pause_a_second(void)
{
	struct timespec ts = { 1, 0 };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

int main(void)
{
	pid_t shell;

	ulib_open_console();
	welcome();
	for (;;) {
		int status;
		pid_t pid;

		shell = start_shell();
		if (shell < 0) {
			ulib_err("init", "fork: %s", strerror(errno));
			pause_a_second();
			continue;
		}
		/* Reap everything; only the shell's end restarts the loop. */
		do {
			pid = wait4(-1, &status, 0, NULL);
		} while (pid != shell && !(pid < 0 && errno == ECHILD));
		if (pid == shell)
			report_exit(status);
		pause_a_second();
	}
}
