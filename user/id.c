/*
 * id: print the real and effective user and group ids of the process,
 * with names from /etc/passwd and /etc/group, as coreutils' id does.
 *
 *   id            uid=1000(student) gid=1000(student) groups=1000(student)
 *   id -u | -g    just the effective uid | gid (-r: the real one)
 *
 * An effective id that differs from the real one is shown as euid=/egid=
 * (a set-user-ID program). System calls: getuid, geteuid, getgid,
 * getegid, getgroups, open/read (/etc/passwd, /etc/group), write.
 */
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "ulib.h"

static void put_user(const char *key, uid_t uid)
{
	struct passwd *pw = getpwuid(uid);

	printf(pw ? "%s=%u(%s)" : "%s=%u", key, (unsigned)uid,
	       pw ? pw->pw_name : "");
}

static void put_group(const char *key, gid_t gid)
{
	struct group *gr = getgrgid(gid);

	printf(gr ? "%s=%u(%s)" : "%s=%u", key, (unsigned)gid,
	       gr ? gr->gr_name : "");
}

/* "groups=" and the supplementary groups (the gid when there are none). */
static void put_groups(void)
{
	gid_t list[64];
	int n = getgroups(64, list);

	if (n <= 0) {
		list[0] = getegid();
		n = 1;
	}
	for (int i = 0; i < n; i++) {
		struct group *gr = getgrgid(list[i]);

		printf(gr ? "%s%u(%s)" : "%s%u", i ? "," : " groups=",
		       (unsigned)list[i], gr ? gr->gr_name : "");
	}
}

int main(int argc, char **argv)
{
	int real = argc > 2 && !strcmp(argv[2], "-r");

	if (argc > 1 && !strcmp(argv[1], "-u")) {
		printf("%u\n", (unsigned)(real ? getuid() : geteuid()));
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "-g")) {
		printf("%u\n", (unsigned)(real ? getgid() : getegid()));
		return 0;
	}
	if (argc > 1) {
		ulib_err("id", "usage: id [-u|-g [-r]]");
		return 1;
	}
	put_user("uid", getuid());
	put_group(" gid", getgid());
	if (geteuid() != getuid())
		put_user(" euid", geteuid());
	if (getegid() != getgid())
		put_group(" egid", getegid());
	put_groups();
	printf("\n");
	return 0;
}
