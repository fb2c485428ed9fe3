/*
 * chown: set the owner (and group) of files.
 *
 *   chown USER[:GROUP] FILE...     names (/etc/passwd, /etc/group) or numbers
 *
 * Only root gives a file away (EPERM otherwise). System calls: chown.
 */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <string.h>
#include <unistd.h>

#include "ulib.h"

/* A user (@group 0) or group name or number; -1 if unknown. */
static long lookup_id(const char *s, int group)
{
	struct passwd *pw;
	struct group *gr;
	long n;

	if (ulib_parse_long(s, &n) == 0)
		return n;
	if (group)
		return (gr = getgrnam(s)) ? (long)gr->gr_gid : -1;
	return (pw = getpwnam(s)) ? (long)pw->pw_uid : -1;
}

int main(int argc, char **argv)
{
	char *colon;
	long uid, gid = -1;
	int ret = 0;

	if (argc < 3) {
		ulib_err("chown", "usage: chown USER[:GROUP] FILE...");
		return 2;
	}
	colon = strchr(argv[1], ':');
	if (colon) {
		*colon = '\0';
		gid = lookup_id(colon + 1, 1);
	}
	uid = lookup_id(argv[1], 0);
	if (uid < 0 || (colon && gid < 0)) {
		ulib_err("chown", "invalid user: %s", argv[1]);
		return 2;
	}
	for (int i = 2; i < argc; i++)
		if (chown(argv[i], (uid_t)uid, (gid_t)gid) < 0) {
			ulib_err("chown", "%s: %s", argv[i], strerror(errno));
			ret = 1;
		}
	return ret;
}
