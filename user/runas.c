/*
 * runas: run a command as another user (root only), a small su.
 *
 *   runas USER [cmd [args...]]      default command: /bin/sh
 *
 * USER is a name from /etc/passwd or a number. The order matters and is
 * su's: supplementary groups first (setgroups), then the gid, then the
 * uid last, because once the uid is not 0 the others can no longer be
 * changed. The environment's USER, LOGNAME and HOME follow.
 *
 * System calls: setgroups, setgid, setuid, execve.
 */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ulib.h"

int main(int argc, char **argv)
{
	char *shell[] = { "/bin/sh", NULL };
	struct passwd *pw;
	long n;
	uid_t uid;
	gid_t gid;

	if (argc < 2) {
		ulib_err("runas", "usage: runas USER [cmd [args...]]");
		return 2;
	}
	pw = getpwnam(argv[1]);
	if (!pw && ulib_parse_long(argv[1], &n) < 0) {
		ulib_err("runas", "unknown user %s", argv[1]);
		return 1;
	}
	uid = pw ? pw->pw_uid : (uid_t)n;
	gid = pw ? pw->pw_gid : (gid_t)n;
	if (setgroups(1, &gid) < 0 || setgid(gid) < 0 || setuid(uid) < 0) {
		ulib_err("runas", "%s: %s", argv[1], strerror(errno));
		return 1;
	}
	if (pw) {
		setenv("USER", pw->pw_name, 1);
		setenv("LOGNAME", pw->pw_name, 1);
		setenv("HOME", pw->pw_dir, 1);
	}
	char **cmd = argc > 2 ? argv + 2 : shell;

	execvp(cmd[0], cmd);
	ulib_err("runas", "%s: %s", cmd[0], strerror(errno));
	return 127;
}
