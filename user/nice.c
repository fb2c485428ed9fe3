/*
 * nice: run a program with a changed scheduling priority, or print the
 * current one. (Debian's BusyBox is built without its nice applet.)
 *
 *   nice                      print this process's nice value (-20..19)
 *   nice [-n N] CMD [ARG]...  run CMD with nice value current + N
 *                             (default N: 10); -N alone works too
 *
 * The nice value is the priority the scheduler weighs a task by (higher:
 * a smaller share of the CPU); ps -o ni and /proc/PID/stat (field 19)
 * show it. Lowering it (N < 0) needs root (CAP_SYS_NICE); a user asking
 * for it gets a warning and runs at the old value, as coreutils' nice.
 * The value is clamped to -20..19 by the kernel.
 *
 * System calls: getpriority, setpriority (glibc's and musl's nice(3) are
 * built on them), execve.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "ulib.h"

static int usage(void)
{
	ulib_err("nice", "usage: nice [-n N] [COMMAND [ARG]...]");
	return 125;
}

int main(int argc, char **argv)
{
	long adj = 10;
	int i = 1, cur;

	if (i < argc && !strcmp(argv[i], "-n")) {
		if (i + 1 >= argc || ulib_parse_long(argv[i + 1], &adj) < 0)
			return usage();
		i += 2;
	} else if (i < argc && argv[i][0] == '-' && argv[i][1]) {
		if (ulib_parse_long(argv[i] + 1, &adj) < 0)
			return usage();
		i++;
	}
	errno = 0;
	cur = getpriority(PRIO_PROCESS, 0);
	if (cur == -1 && errno) {
		ulib_err("nice", "getpriority: %s", strerror(errno));
		return 125;
	}
	if (i >= argc) {
		if (argc > 1)
			return usage();
		printf("%d\n", cur);
		return 0;
	}
	if (setpriority(PRIO_PROCESS, 0, (int)(cur + adj)) < 0)
		ulib_err("nice", "cannot set niceness: %s", strerror(errno));
	execvp(argv[i], argv + i);
	ulib_err("nice", "%s: %s", argv[i], strerror(errno));
	return errno == ENOENT ? 127 : 126;
}
