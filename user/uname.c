/*
 * uname: print what the kernel says it is.
 *
 *   uname [-a] [-s] [-n] [-r] [-v] [-m]     no option: -s
 *
 * -s kernel name ("Taskbase"), -n node name, -r release, -v version,
 * -m machine ("x86_64"); -a all of them, in that order.
 *
 * System calls: uname, ioctl(TIOCGWINSZ) + writev (stdio), exit_group.
 */
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

#include "ulib.h"

/* Option letters in output order; -a selects them all. */
static const char letters[] = "snrvm";

/* The field of u that option letter c prints. */
static const char *field(const struct utsname *u, char c)
{
	switch (c) {
	case 's': return u->sysname;
	case 'n': return u->nodename;
	case 'r': return u->release;
	case 'v': return u->version;
	default:  return u->machine;
	}
}

/* Mark in want[] the fields argv asks for. Returns 0, or -1 on a bad option. */
static int parse_options(int argc, char **argv, int *want)
{
	int i, j;

	for (i = 1; i < argc; i++) {
		const char *p = argv[i];

		if (p[0] != '-' || p[1] == '\0')
			return -1;
		for (p++; *p; p++) {
			const char *l = strchr(letters, *p);

			if (*p == 'a')
				for (j = 0; letters[j]; j++)
					want[j] = 1;
			else if (l != NULL)
				want[l - letters] = 1;
			else
				return -1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct utsname u;
	int want[sizeof(letters)] = { 0 }, i;
	const char *sep = "";

	if (parse_options(argc, argv, want) < 0) {
		ulib_err("uname", "usage: uname [-asnrvm]");
		return 1;
	}
	if (argc < 2)
		want[0] = 1;
	if (uname(&u) < 0) {
		ulib_err("uname", "cannot get system name");
		return 1;
	}
	for (i = 0; letters[i]; i++) {
		if (!want[i])
			continue;
		printf("%s%s", sep, field(&u, letters[i]));
		sep = " ";
	}
	putchar('\n');
	return 0;
}
