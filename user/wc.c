/*
 * wc: count lines, words and bytes.
 *
 *   wc [-l] [-w] [-c] [FILE]...     no option: all three, in that order;
 *                                   several files: a "total" line too
 *
 * The column width follows GNU wc: a single count of a single input is
 * printed bare ("3"), otherwise columns are as wide as the largest regular
 * file's size needs (7 when an input is a pipe or terminal).
 *
 * System calls: stat, open, read, ioctl(TIOCGWINSZ) + writev (stdio),
 * close, exit_group.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ulib.h"

struct counts {
	long lines, words, bytes;
};

static int show_l, show_w, show_c;

/* Count fd's contents into c. Returns 0, or -1 on a read error. */
static int count_fd(int fd, struct counts *c)
{
	static char buf[64 * 1024];
	int in_word = 0;
	ssize_t n, i;

	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		c->bytes += n;
		for (i = 0; i < n; i++) {
			unsigned char ch = (unsigned char)buf[i];

			c->lines += ch == '\n';
			if (isspace(ch)) {
				in_word = 0;
			} else if (!in_word) {
				in_word = 1;
				c->words++;
			}
		}
	}
	return 0;
}

static void print_counts(const struct counts *c, int width, const char *name)
{
	const char *sep = "";

	if (show_l) {
		printf("%*ld", width, c->lines);
		sep = " ";
	}
	if (show_w) {
		printf("%s%*ld", sep, width, c->words);
		sep = " ";
	}
	if (show_c)
		printf("%s%*ld", sep, width, c->bytes);
	if (name)
		printf(" %s", name);
	putchar('\n');
}

/* GNU's column width for these inputs (see the header comment). */
static int column_width(int nfiles, char **files)
{
	long total = 0;
	int width = 1, i;

	if (show_l + show_w + show_c == 1 && nfiles <= 1)
		return 1;
	if (nfiles == 0)
		return 7;
	for (i = 0; i < nfiles; i++) {
		struct stat st;

		if (stat(files[i], &st) < 0 || !S_ISREG(st.st_mode))
			return 7;
		total += st.st_size;
	}
	for (; total >= 10; total /= 10)
		width++;
	return width;
}

/* Parse the option letters; returns the index of the first file, or -1. */
static int parse_options(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		const char *p;

		for (p = argv[i] + 1; *p; p++) {
			if (*p == 'l')
				show_l = 1;
			else if (*p == 'w')
				show_w = 1;
			else if (*p == 'c')
				show_c = 1;
			else
				return -1;
		}
	}
	if (!show_l && !show_w && !show_c)
		show_l = show_w = show_c = 1;
	return i;
}

int main(int argc, char **argv)
{
	struct counts total = { 0 };
	int status = 0, first, width, i;

	first = parse_options(argc, argv);
	if (first < 0) {
		ulib_err("wc", "usage: wc [-lwc] [FILE]...");
		return 1;
	}
	width = column_width(argc - first, argv + first);
	if (first == argc) {
		if (count_fd(0, &total) < 0) {
			ulib_err("wc", "read error: %s", strerror(errno));
			status = 1;
		}
		print_counts(&total, width, NULL);
		return status;
	}
	for (i = first; i < argc; i++) {
		struct counts c = { 0 };
		int fd = open(argv[i], O_RDONLY);

		if (fd < 0 || count_fd(fd, &c) < 0) {
			ulib_err("wc", "%s: %s", argv[i], strerror(errno));
			status = 1;
		} else {
			print_counts(&c, width, argv[i]);
		}
		if (fd >= 0)
			close(fd);
		total.lines += c.lines;
		total.words += c.words;
		total.bytes += c.bytes;
	}
	if (argc - first > 1)
		print_counts(&total, width, "total");
	return status;
}
