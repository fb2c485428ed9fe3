/*
 * grep: print the lines that contain a fixed string.
 *
 *   grep [-v] [-c] [-i] [-n] [-F] STRING [FILE]...
 *
 * -v: lines that do NOT contain it; -c: only count them; -i: ignore case;
 * -n: prefix line numbers; -F: accepted (strings are always fixed). With
 * several files, each line is prefixed by "FILE:". Exit status 0 if a line
 * was selected, 1 if none, 2 on error, as GNU grep.
 *
 * System calls: open, read, ioctl(TIOCGWINSZ) + writev (stdio), close,
 * brk/mmap (getline), lseek (stdin at exit), exit_group.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ulib.h"

struct grep_opts {
	int invert, count, icase, number, show_name;
	const char *pattern;
};

/* 1 if line contains o->pattern (ignoring case with -i). */
static int matches(const struct grep_opts *o, const char *line)
{
	size_t n = strlen(o->pattern);

	if (!o->icase)
		return strstr(line, o->pattern) != NULL;
	for (; *line; line++)
		if (strncasecmp(line, o->pattern, n) == 0)
			return 1;
	return n == 0;
}

/* Search one file; returns the number of selected lines. */
static long grep_file(const struct grep_opts *o, FILE *f, const char *name)
{
	char *line = NULL;
	size_t cap = 0;
	long lineno = 0, selected = 0;

	while (getline(&line, &cap, f) > 0) {
		lineno++;
		if (matches(o, line) == o->invert)
			continue;
		selected++;
		if (o->count)
			continue;
		if (o->show_name)
			printf("%s:", name);
		if (o->number)
			printf("%ld:", lineno);
		fputs(line, stdout);
		if (line[strlen(line) - 1] != '\n')
			putchar('\n');
	}
	free(line);
	if (o->count)
		printf("%s%s%ld\n", o->show_name ? name : "",
		       o->show_name ? ":" : "", selected);
	return selected;
}

/* Parse the option letters; returns the index of STRING, or -1. */
static int parse_options(int argc, char **argv, struct grep_opts *o)
{
	int i;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		const char *p;

		if (strcmp(argv[i], "--") == 0)
			return i + 1;
		for (p = argv[i] + 1; *p; p++) {
			if (*p == 'v')
				o->invert = 1;
			else if (*p == 'c')
				o->count = 1;
			else if (*p == 'i')
				o->icase = 1;
			else if (*p == 'n')
				o->number = 1;
			else if (*p != 'F')
				return -1;
		}
	}
	return i;
}

int main(int argc, char **argv)
{
	struct grep_opts o = { 0 };
	long selected = 0;
	int error = 0, i;

	i = parse_options(argc, argv, &o);
	if (i < 0 || i >= argc) {
		ulib_err("grep", "usage: grep [-vcinF] STRING [FILE]...");
		return 2;
	}
	o.pattern = argv[i++];
	o.show_name = argc - i > 1;
	if (i == argc)
		selected += grep_file(&o, stdin, "(standard input)");
	for (; i < argc; i++) {
		FILE *f = strcmp(argv[i], "-") ? fopen(argv[i], "r") : stdin;

		if (f == NULL) {
			ulib_err("grep", "%s: %s", argv[i], strerror(errno));
			error = 1;
			continue;
		}
		selected += grep_file(&o, f, argv[i]);
		if (f != stdin)
			fclose(f);
	}
	fflush(stdout);
	return error ? 2 : selected ? 0 : 1;
}
