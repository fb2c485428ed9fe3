/*
 * kill: send a signal to processes.
 *
 *   kill [-SIGNAL | -s SIGNAL] PID...   SIGNAL: number, KILL or SIGKILL;
 *                                       default TERM; PID -N: process group N
 *   kill -l [NUMBER]                    list signal names, or name NUMBER
 *
 * System calls: kill, ioctl(TIOCGWINSZ) + writev (stdio), exit_group.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

#include "ulib.h"

/* Print the signal table in bash's "kill -l" layout, five a line. */
static void list_signals(void)
{
	int sig, col = 0;

	for (sig = 1; sig < 32; sig++) {
		const char *name = ulib_sig_name(sig);

		if (name == NULL)
			continue;
		if (col > 0)
			putchar(col % 5 ? '\t' : '\n');
		printf("%2d) SIG%s", sig, name);
		col++;
	}
	putchar('\n');
}

/* kill -l [N]: the table, or the name of signal N (or of 128+N). */
static int do_list(int argc, char **argv)
{
	long n;
	const char *name;

	if (argc < 3) {
		list_signals();
		return 0;
	}
	if (ulib_parse_long(argv[2], &n) < 0) {
		ulib_err("kill", "%s: invalid signal number", argv[2]);
		return 1;
	}
	name = ulib_sig_name(n > 128 ? (int)(n - 128) : (int)n);
	if (name == NULL) {
		ulib_err("kill", "%s: invalid signal number", argv[2]);
		return 1;
	}
	printf("%s\n", name);
	return 0;
}

/* Send sig to every PID in argv[first..]; returns the exit status. */
static int send_all(int sig, int first, int argc, char **argv)
{
	int status = 0, i;

	if (first >= argc) {
		ulib_err("kill", "usage: kill [-SIGNAL | -s SIGNAL] PID... | kill -l");
		return 2;
	}
	for (i = first; i < argc; i++) {
		long pid;

		if (ulib_parse_long(argv[i], &pid) < 0) {
			ulib_err("kill", "%s: arguments must be process ids", argv[i]);
			status = 1;
		} else if (kill((pid_t)pid, sig) < 0) {
			ulib_err("kill", "(%ld) - %s", pid, strerror(errno));
			status = 1;
		}
	}
	return status;
}

int main(int argc, char **argv)
{
	int sig = SIGTERM, first = 1;

	if (argc > 1 && strcmp(argv[1], "-l") == 0)
		return do_list(argc, argv);
	if (argc > 2 && strcmp(argv[1], "-s") == 0) {
		sig = ulib_sig_from_name(argv[2]);
		first = 3;
	} else if (argc > 1 && strcmp(argv[1], "--") == 0) {
		first = 2;
	} else if (argc > 1 && argv[1][0] == '-' && argv[1][1] != '\0') {
		sig = ulib_sig_from_name(argv[1] + 1);
		first = 2;
	}
	if (sig < 0) {
		ulib_err("kill", "%s: invalid signal specification", argv[first - 1]);
		return 1;
	}
	if (first < argc && strcmp(argv[first], "--") == 0)
		first++;
	return send_all(sig, first, argc, argv);
}
