/*
 * head: print the first lines of files (or standard input).
 *
 *   head [-n N | -N] [FILE]...     N lines (default 10); with several
 *                                  files, each gets a "==> FILE <==" header
 *
 * System calls: open, read, ioctl(TIOCGWINSZ) + writev (stdio), close,
 * lseek (musl gives back unread stdin at exit), exit_group. head stops
 * reading as soon as it has N lines, so `yes | head` ends `yes` by SIGPIPE.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ulib.h"

/* Copy the first n lines of f to stdout. */
static void head_file(FILE *f, long n)
{
	int c;

	while (n > 0 && (c = getc(f)) != EOF) {
		putchar(c);
		if (c == '\n')
			n--;
	}
}

/* Parse -n N / -N; returns the index of the first file, or -1. */
static int parse_options(int argc, char **argv, long *n)
{
	int i = 1;

	if (i < argc && strcmp(argv[i], "-n") == 0 && i + 1 < argc) {
		if (ulib_parse_long(argv[i + 1], n) < 0 || *n < 0)
			return -1;
		i += 2;
	} else if (i < argc && strncmp(argv[i], "-n", 2) == 0) {
		if (ulib_parse_long(argv[i] + 2, n) < 0 || *n < 0)
			return -1;
		i++;
	} else if (i < argc && argv[i][0] == '-' && argv[i][1] != '\0') {
		if (ulib_parse_long(argv[i] + 1, n) < 0 || *n < 0)
			return -1;
		i++;
	}
	return i;
}

int main(int argc, char **argv)
{
	long n = 10;
	int status = 0, first, i;

	first = parse_options(argc, argv, &n);
	if (first < 0) {
		ulib_err("head", "usage: head [-n N] [FILE]...");
		return 1;
	}
	if (first == argc)
		head_file(stdin, n);
	for (i = first; i < argc; i++) {
		FILE *f = strcmp(argv[i], "-") ? fopen(argv[i], "r") : stdin;

		if (f == NULL) {
			ulib_err("head", "cannot open '%s' for reading: %s",
				 argv[i], strerror(errno));
			status = 1;
			continue;
		}
		if (argc - first > 1)
			printf("%s==> %s <==\n", i > first ? "\n" : "", argv[i]);
		head_file(f, n);
		if (f != stdin)
			fclose(f);
	}
	return fflush(stdout) ? 1 : status;
}
