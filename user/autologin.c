/*
 * autologin: give the console a session and a controlling terminal, then
 * become root's login shell. The kernel runs it as pid 1 (init=, the
 * default), so the login shell is pid 1 itself, as in the first boots of
 * Unix, and no password is asked (like agetty --autologin root).
 *
 *   autologin [SHELL]          default: root's shell from /etc/passwd
 *
 * A shell can run jobs only on a terminal that its session controls:
 * BusyBox's ash asks tcgetpgrp() on its terminal and, without one, says
 * "can't access tty; job control turned off" (what init=/bin/sh gives on
 * Linux too). So: setsid() makes a new session (pid 1 starts in session
 * 0, like every task the kernel forks), TIOCSCTTY makes the console its
 * controlling terminal, and the shell is exec'd with argv[0] "-sh", the
 * "login shell" mark that makes ash read /etc/profile (PS1, PATH).
 *
 * System calls: setsid, ioctl(TIOCSCTTY), chdir, execve.
 */
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "ulib.h"

#define FALLBACK_SHELL "/bin/sh"

/* The login name of a shell path: "-" and the last component. */
static void login_name(char *buf, size_t size, const char *shell)
{
	const char *slash = strrchr(shell, '/');

	snprintf(buf, size, "-%s", slash ? slash + 1 : shell);
}

int main(int argc, char **argv)
{
	struct passwd *pw = getpwuid(0);
	const char *shell = argc > 1 ? argv[1] :
			    pw && pw->pw_shell[0] ? pw->pw_shell : FALLBACK_SHELL;
	const char *home = pw && chdir(pw->pw_dir) == 0 ? pw->pw_dir : "/";
	char name[64];

	setsid();			/* fails harmlessly if already a leader */
	if (ioctl(0, TIOCSCTTY, 0) < 0)
		ulib_err("autologin", "no controlling terminal: %s",
			 strerror(errno));
	login_name(name, sizeof(name), shell);
	setenv("HOME", home, 1);
	setenv("SHELL", shell, 1);
	setenv("USER", pw ? pw->pw_name : "root", 1);
	setenv("LOGNAME", pw ? pw->pw_name : "root", 1);
	if (!getenv("TERM"))
		setenv("TERM", "vt100", 1);
	if (!getenv("PATH"))
		setenv("PATH", "/bin", 1);
	execl(shell, name, (char *)NULL);
	ulib_err("autologin", "cannot run %s: %s", shell, strerror(errno));
	execl(FALLBACK_SHELL, "-sh", (char *)NULL);
	return 127;
}
