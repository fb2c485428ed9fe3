/*
 * ls: list directory contents.
 *
 *   ls [-l] [-a] [-1] [FILE]...      no FILE: the current directory
 *
 * -l: long format (mode string, links, owner, group (names from
 * /etc/passwd and /etc/group), size, time, name);
 * -a: include names starting with '.'; -1: one name a line (also the
 * default when standard output is not a terminal). Names are sorted.
 *
 * System calls: open + fcntl(F_SETFD) + getdents64 (opendir/readdir), stat,
 * lstat, readlink (for "-> target" in -l), open/read of /etc/passwd and
 * /etc/group (owner names), ioctl(TIOCGWINSZ) (isatty),
 * brk/mmap (malloc), open /etc/localtime (localtime), clock_gettime
 * (time), writev, exit_group.
 */
#include <dirent.h>
#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include "ulib.h"

#define SCREEN_WIDTH 80

static int opt_long, opt_all, opt_one;
static int status;

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "drwxr-xr-x" for st_mode m, as ls -l prints it. */
static void mode_string(mode_t m, char *s)
{
	static const char rwx[] = "rwxrwxrwx";
	int i;

	s[0] = S_ISDIR(m) ? 'd' : S_ISLNK(m) ? 'l' : S_ISCHR(m) ? 'c' :
	       S_ISBLK(m) ? 'b' : S_ISFIFO(m) ? 'p' : S_ISSOCK(m) ? 's' : '-';
	for (i = 0; i < 9; i++)
		s[i + 1] = (m & (0400 >> i)) ? rwx[i] : '-';
	if (m & S_ISUID)
		s[3] = (m & S_IXUSR) ? 's' : 'S';
	if (m & S_ISGID)
		s[6] = (m & S_IXGRP) ? 's' : 'S';
	if (m & S_ISVTX)
		s[9] = (m & S_IXOTH) ? 't' : 'T';
	s[10] = '\0';
}

/* "Jan  5 13:07", or "Jan  5  1970" when older than six months. */
static void time_string(time_t t, char *s, size_t len)
{
	time_t now = time(NULL);
	struct tm *tm = localtime(&t);

	if (tm == NULL) {
		snprintf(s, len, "%12lld", (long long)t);
		return;
	}
	if (now - t > 182L * 24 * 3600 || t > now + 3600)
		strftime(s, len, "%b %e  %Y", tm);
	else
		strftime(s, len, "%b %e %H:%M", tm);
}

/* @id's name from /etc/passwd (@user) or /etc/group, else the number;
 * the last answer of each kind is kept (a directory's files mostly share
 * one owner, and every lookup reads the whole file). */
static const char *id_name(unsigned id, bool user)
{
	static char name[2][32];
	static long last[2] = { -1, -1 };
	struct passwd *pw;
	struct group *gr;

	if (last[user] == (long)id)
		return name[user];
	last[user] = id;
	pw = user ? getpwuid(id) : NULL;
	gr = user ? NULL : getgrgid(id);
	if (pw || gr)
		snprintf(name[user], sizeof(name[user]), "%s", pw ? pw->pw_name : gr->gr_name);
	else
		snprintf(name[user], sizeof(name[user]), "%u", id);
	return name[user];
}

/* One ls -l line for path, shown as name. */
static void print_long(const char *path, const char *name, const struct stat *st)
{
	char mode[11], when[32], target[PATH_MAX];
	ssize_t n;

	mode_string(st->st_mode, mode);
	time_string(st->st_mtime, when, sizeof(when));
	printf("%s %lu %s ", mode, (unsigned long)st->st_nlink,
	       id_name((unsigned)st->st_uid, true));
	printf("%s ", id_name((unsigned)st->st_gid, false));
	if (S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode))
		printf("%u, %u ", major(st->st_rdev), minor(st->st_rdev));
	else
		printf("%lld ", (long long)st->st_size);
	printf("%s %s", when, name);
	if (S_ISLNK(st->st_mode) && (n = readlink(path, target, sizeof(target) - 1)) >= 0) {
		target[n] = '\0';
		printf(" -> %s", target);
	}
	putchar('\n');
}

/* Print names in columns across the screen, down first, as ls does. */
static void print_columns(char **names, int n)
{
	int width = 1, cols, rows, r, c, i;

	for (i = 0; i < n; i++)
		if ((int)strlen(names[i]) + 2 > width)
			width = (int)strlen(names[i]) + 2;
	cols = SCREEN_WIDTH / width;
	if (cols < 1)
		cols = 1;
	rows = (n + cols - 1) / cols;
	for (r = 0; r < rows; r++) {
		for (c = 0; c < cols && (i = c * rows + r) < n; c++) {
			if (c + 1 < cols && i + rows < n)
				printf("%-*s", width, names[i]);
			else
				printf("%s", names[i]);
		}
		putchar('\n');
	}
}

/* Print the names of entries living in dir ("" for the command line). */
static void print_names(const char *dir, char **names, int n)
{
	char path[PATH_MAX];
	struct stat st;
	int i;

	if (!opt_long) {
		if (opt_one)
			for (i = 0; i < n; i++)
				printf("%s\n", names[i]);
		else
			print_columns(names, n);
		return;
	}
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s%s%s", dir, *dir ? "/" : "", names[i]);
		if (lstat(path, &st) < 0) {
			ulib_err("ls", "cannot access '%s': %s", path, strerror(errno));
			status = 1;
			continue;
		}
		print_long(path, names[i], &st);
	}
}

/* ls -l's "total N": the 1 KiB blocks the entries occupy. */
static void print_total(const char *dir, char **names, int n)
{
	char path[PATH_MAX];
	struct stat st;
	long long blocks = 0;
	int i;

	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (lstat(path, &st) == 0)
			blocks += st.st_blocks;
	}
	printf("total %lld\n", blocks / 2);
}

/* Read, sort and print the directory dir. */
static void list_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	int n = 0, cap = 0, i;

	if (d == NULL) {
		ulib_err("ls", "cannot open directory '%s': %s", dir, strerror(errno));
		status = 2;
		return;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' && !opt_all)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			names = realloc(names, (size_t)cap * sizeof(*names));
			if (names == NULL) {
				ulib_err("ls", "out of memory");
				exit(2);
			}
		}
		names[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, (size_t)n, sizeof(*names), compare_names);
	if (opt_long)
		print_total(dir, names, n);
	print_names(dir, names, n);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* Parse the option letters; returns the index of the first file, or -1. */
static int parse_options(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		const char *p;

		for (p = argv[i] + 1; *p; p++) {
			if (*p == 'l')
				opt_long = 1;
			else if (*p == 'a')
				opt_all = 1;
			else if (*p == '1')
				opt_one = 1;
			else
				return -1;
		}
	}
	return i;
}

int main(int argc, char **argv)
{
	char **files = malloc((size_t)argc * sizeof(*files));
	struct stat st;
	int first, nfiles = 0, shown, i;

	first = parse_options(argc, argv);
	if (first < 0 || files == NULL) {
		ulib_err("ls", "usage: ls [-la1] [FILE]...");
		return 2;
	}
	if (!isatty(1))
		opt_one = 1;
	if (first == argc) {
		list_dir(".");
		return status;
	}
	/* Files first, as one group; then each directory. */
	for (i = first; i < argc; i++) {
		if (stat(argv[i], &st) < 0 && lstat(argv[i], &st) < 0) {
			ulib_err("ls", "cannot access '%s': %s", argv[i], strerror(errno));
			status = 2;
		} else if (!S_ISDIR(st.st_mode)) {
			files[nfiles++] = argv[i];
		}
	}
	qsort(files, (size_t)nfiles, sizeof(*files), compare_names);
	print_names("", files, nfiles);
	shown = nfiles;
	for (i = first; i < argc; i++) {
		if (stat(argv[i], &st) < 0 || !S_ISDIR(st.st_mode))
			continue;
		if (argc - first > 1)
			printf("%s%s:\n", shown++ ? "\n" : "", argv[i]);
		list_dir(argv[i]);
	}
	free(files);
	return status;
}
