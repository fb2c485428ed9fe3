/*
 * pgrep: find processes by name, as procps's pgrep.
 *
 *   pgrep [-l | -a] [-f] [-x] [-n | -o] [-c] [-d DELIM] PATTERN
 *
 * PATTERN is an extended regular expression matched against each
 * process's name (comm), or its whole command line with -f; -x: the whole
 * name must match. Prints the PIDs, one a line (-d: separated by DELIM);
 * -l adds the name, -a the command line; -n/-o: only the newest/oldest;
 * -c: only the count. pgrep never lists itself. Exit status 0 if
 * something matched, 1 if not, 2 for a bad pattern or option.
 *
 * Linux interfaces: /proc (readdir), /proc/<pid>/stat (name, start time),
 * /proc/<pid>/cmdline.
 */
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "procfs.h"
#include "ulib.h"

static int opt_list, opt_all, opt_full, opt_exact, opt_newest, opt_oldest, opt_count;
static const char *delim = "\n";

static void usage(void)
{
	ulib_err("pgrep", "usage: pgrep [-l | -a] [-f] [-x] [-n | -o] [-c] [-d DELIM] PATTERN");
	exit(2);
}

/* Does the process's text (name or command line) match? */
static int matches(const regex_t *re, const char *text)
{
	regmatch_t m;

	if (regexec(re, text, 1, &m, 0) != 0)
		return 0;
	return !opt_exact || (m.rm_so == 0 && text[m.rm_eo] == '\0');
}

int main(int argc, char **argv)
{
	static char cmdline[4096];
	struct procfs_stat st, best = { 0 };
	regex_t re;
	int opt, *pids, n, found = 0, self = getpid();

	while ((opt = getopt(argc, argv, "lafxnocd:")) != -1) {
		switch (opt) {
		case 'l': opt_list = 1; break;
		case 'a': opt_all = 1; break;
		case 'f': opt_full = 1; break;
		case 'x': opt_exact = 1; break;
		case 'n': opt_newest = 1; break;
		case 'o': opt_oldest = 1; break;
		case 'c': opt_count = 1; break;
		case 'd': delim = optarg; break;
		default: usage();
		}
	}
	if (optind != argc - 1 || (opt_newest && opt_oldest))
		usage();
	if (regcomp(&re, argv[optind], REG_EXTENDED) != 0) {
		ulib_err("pgrep", "invalid pattern '%s'", argv[optind]);
		return 2;
	}
	n = procfs_list("/proc", &pids);
	for (int i = 0; i < n; i++) {
		char path[64];

		snprintf(path, sizeof(path), "/proc/%d/stat", pids[i]);
		if (pids[i] == self || procfs_stat(path, &st) < 0)
			continue;
		procfs_cmdline(pids[i], cmdline, sizeof(cmdline));
		if (!matches(&re, opt_full && cmdline[0] ? cmdline : st.comm))
			continue;
		if (opt_newest || opt_oldest) {
			if (!found || (opt_newest ? st.starttime >= best.starttime :
				       st.starttime < best.starttime))
				best = st;
			found++;
			continue;
		}
		if (!opt_count) {
			printf("%s%d", found ? delim : "", pids[i]);
			if (opt_list || opt_all)
				printf(" %s", opt_all && cmdline[0] ? cmdline : st.comm);
		}
		found++;
	}
	if (opt_count)
		printf("%d\n", (opt_newest || opt_oldest) && found ? 1 : found);
	else if ((opt_newest || opt_oldest) && found)
		printf("%d%s%s\n", best.pid, opt_list ? " " : "", opt_list ? best.comm : "");
	else if (found)
		putchar('\n');
	return found ? 0 : 1;
}
