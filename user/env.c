/*
 * env: print the environment, or run a command in a changed one.
 *
 *   env                                  print NAME=VALUE lines
 *   env [-i] [NAME=VALUE]... [CMD [ARG]...]
 *                                        -i: start from an empty environment
 *
 * The environment is the envp array execve(2) received: the kernel copied
 * it onto the new process's stack, above argv.
 *
 * System calls: ioctl(TIOCGWINSZ) + writev (stdio); for CMD, execve (musl's execvp tries each PATH
 * directory in turn).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ulib.h"

extern char **environ;

int main(int argc, char **argv)
{
	int i = 1;
	char **e;

	if (i < argc && strcmp(argv[i], "-i") == 0) {
		clearenv();
		i++;
	}
	for (; i < argc && strchr(argv[i], '=') != NULL; i++) {
		if (putenv(argv[i]) != 0) {
			ulib_err("env", "cannot set '%s'", argv[i]);
			return 125;
		}
	}
	if (i < argc) {
		execvp(argv[i], argv + i);
		ulib_err("env", "'%s': %s", argv[i], strerror(errno));
		return errno == ENOENT ? 127 : 126;
	}
	for (e = environ; e && *e; e++)
		printf("%s\n", *e);
	return 0;
}
