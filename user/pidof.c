/*
 * pidof: the PIDs of the processes running the named programs.
 *
 *   pidof [-s] NAME...
 *
 * A process matches when its name (comm) or the last part of its argv[0]
 * is NAME. The PIDs are printed on one line, newest first; -s: only one.
 * Exit status 0 if some process matched, 1 if none did.
 *
 * Linux interfaces: /proc (readdir), /proc/<pid>/stat (the name),
 * /proc/<pid>/cmdline (argv[0]).
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "procfs.h"
#include "ulib.h"

/* Does process pid (named comm) run program name? */
static int runs(int pid, const char *comm, const char *name)
{
	char path[64], argv0[512];
	const char *base;

	if (strcmp(comm, name) == 0)
		return 1;
	snprintf(path, sizeof(path), "/proc/%d/cmdline", pid);
	if (procfs_read(path, argv0, sizeof(argv0)) <= 0)
		return 0;
	base = strrchr(argv0, '/');
	return strcmp(base ? base + 1 : argv0, name) == 0;
}

int main(int argc, char **argv)
{
	struct procfs_stat st;
	int *pids, n, first = 1, single = 0, self = getpid(), i = 1;

	if (argc > 1 && strcmp(argv[1], "-s") == 0) {
		single = 1;
		i++;
	}
	if (i >= argc || argv[i][0] == '-') {
		ulib_err("pidof", "usage: pidof [-s] NAME...");
		return 1;
	}
	n = procfs_list("/proc", &pids);
	for (int k = n - 1; k >= 0 && !(single && !first); k--) {
		char path[64];

		snprintf(path, sizeof(path), "/proc/%d/stat", pids[k]);
		if (pids[k] == self || procfs_stat(path, &st) < 0)
			continue;
		for (int a = i; a < argc; a++)
			if (runs(pids[k], st.comm, argv[a])) {
				printf("%s%d", first ? "" : " ", pids[k]);
				first = 0;
				break;
			}
	}
	if (!first)
		putchar('\n');
	return first ? 1 : 0;
}
