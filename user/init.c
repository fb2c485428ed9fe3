/*
 * init: the first user process (pid 1), the kernel's default init=.
 *
 * Makes sure fds 0, 1 and 2 are the console, becomes the leader of
 * session 1 (as Linux's init), prints a welcome line, then runs root's
 * login shell, again and again, as getty and login would: when the shell
 * exits, init says so and starts a new one. No password is asked (like
 * agetty --autologin root).
 *
 * The shell is BusyBox's ash, /bin/sh, exec'd with argv[0] "-sh", the
 * "login shell" mark that makes ash read /etc/profile (PS1, PATH, the
 * motd). It runs in a session of its own whose controlling terminal is
 * the console (setsid + TIOCSCTTY): ash can run jobs only on a terminal
 * its session controls, and says "can't access tty; job control turned
 * off" otherwise (what init=/bin/sh gives, on Linux too).
 *
 * Meanwhile init reaps every orphan: a process whose parent died is
 * re-parented to pid 1, and its zombie stays in the task list until pid 1
 * collects it with wait4(-1).
 *
 * System calls: fcntl(F_GETFD), open, dup2, setsid, uname, write, fork,
 * ioctl(TIOCSCTTY), execve, wait4, nanosleep.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ulib.h"

#define SHELL "/bin/sh"

/* The environment root's login shell starts with (login(1) sets these). */
static char *const shell_env[] = {
	"PATH=/bin", "HOME=/", "TERM=vt100", "SHELL=" SHELL,
	"USER=root", "LOGNAME=root", NULL
};

static void welcome(void)
{
	struct utsname u;

	if (uname(&u) == 0)
		printf("init: %s %s (%s) is up, starting %s\n",
		       u.sysname, u.release, u.machine, SHELL);
	else
		printf("init: starting %s\n", SHELL);
	fflush(stdout);
}

/*
 * Start root's login shell in a new session whose controlling terminal is
 * the console, so the shell can hand the terminal to its foreground jobs.
 * Returns the shell's pid, or -1.
 */
static pid_t start_shell(void)
{
	char *const argv[] = { "-sh", NULL };
	pid_t pid = fork();

	if (pid != 0)
		return pid;
	setsid();
	if (ioctl(0, TIOCSCTTY, 0) < 0)
		ulib_err("init", "no controlling terminal: %s", strerror(errno));
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
	setsid();		/* session 1, with no controlling terminal */
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
