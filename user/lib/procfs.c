/*
 * user/lib/procfs.c: reading /proc files (see procfs.h). Every /proc file
 * is generated when it is read, so each is read whole, in one go, into a
 * buffer, as procps does.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "procfs.h"

int procfs_write(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), err;
	size_t len = strlen(text);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, text, len);
	err = n < 0 ? errno : EIO;
	close(fd);
	if (n == (ssize_t)len)
		return 0;
	errno = err;
	return -1;
}

long procfs_slab_objects(const char *cache)
{
	static char buf[8192];
	long sum = 0, n;
	char name[32];
	const char *l;

	if (procfs_read("/proc/slabinfo", buf, sizeof(buf)) <= 0)
		return -1;
	for (l = strchr(buf, '\n'); l && l[1]; l = strchr(l + 1, '\n')) {
		if (l[1] == '#' || sscanf(l + 1, "%31s %ld", name, &n) != 2)
			continue;
		if (!cache)
			sum += n;
		else if (!strcmp(name, cache))
			return n;
	}
	return cache ? -1 : sum;
}

int procfs_net_has(const char *name, const char *text)
{
	char path[64], line[512];
	int found = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/net/%s", name);
	f = fopen(path, "r");
	if (!f)
		return 0;
	while (!found && fgets(line, sizeof(line), f))
		found = strstr(line, text) != NULL;
	fclose(f);
	return found;
}

long procfs_read(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t len = 0;
	ssize_t n;

	if (fd < 0)
		return -1;
	while (len + 1 < size && (n = read(fd, buf + len, size - 1 - len)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			close(fd);
			return -1;
		}
		len += (size_t)n;
	}
	buf[len] = '\0';
	close(fd);
	return (long)len;
}

static int compare_ints(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/* The number spelled by all of name, or -1. */
static int numeric_name(const char *name)
{
	long v = 0;

	if (*name == '\0')
		return -1;
	for (; *name; name++) {
		if (*name < '0' || *name > '9' || v > 100000000)
			return -1;
		v = v * 10 + (*name - '0');
	}
	return (int)v;
}

int procfs_list(const char *dir, int **out)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int *ids = NULL, n = 0, cap = 0;

	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL) {
		int id = numeric_name(e->d_name);

		if (id < 0)
			continue;
		if (n == cap) {
			int *bigger = realloc(ids, (size_t)(cap = cap ? 2 * cap : 64) * sizeof(int));

			if (bigger == NULL)
				break;
			ids = bigger;
		}
		ids[n++] = id;
	}
	closedir(d);
	if (n > 0)
		qsort(ids, (size_t)n, sizeof(int), compare_ints);
	*out = ids;
	return n;
}

/*
 * The fields after "pid (comm) ": comm may hold spaces and ')', so the
 * fields start after the last ')' on the line, as procps parses them.
 */
static int parse_stat_fields(const char *p, struct procfs_stat *st)
{
	unsigned long skip;
	long lskip;
	int n;

	n = sscanf(p, " %c %d %d %d %d %d %u %lu %lu %lu %lu %lu %lu %ld %ld %ld %ld %ld %ld %llu %lu %ld %lu %lu %lu %lu",
		   &st->state, &st->ppid, &st->pgrp, &st->session, &st->tty_nr,
		   &st->tpgid, &st->flags, &st->minflt, &skip, &st->majflt,
		   &skip, &st->utime, &st->stime, &lskip, &lskip,
		   &st->priority, &st->nice, &st->num_threads, &lskip,
		   &st->starttime, &st->vsize, &st->rss, &skip, &skip, &skip,
		   &st->startstack);
	return n < 24 ? -1 : 0;
}

/* Field number k (1-based, k > 2) of a stat line whose fields start at p
 * (field 3), or NULL. */
static const char *stat_field(const char *p, int k)
{
	for (int i = 3; i < k && p; i++) {
		p = strchr(p, ' ');
		if (p)
			while (*p == ' ')
				p++;
	}
	return p;
}

int procfs_stat(const char *path, struct procfs_stat *st)
{
	char buf[1024];
	const char *open_paren, *close_paren, *f;
	size_t len;

	if (procfs_read(path, buf, sizeof(buf)) < 0)
		return -1;
	memset(st, 0, sizeof(*st));
	open_paren = strchr(buf, '(');
	close_paren = strrchr(buf, ')');
	if (!open_paren || !close_paren || close_paren < open_paren) {
		errno = EINVAL;
		return -1;
	}
	st->pid = atoi(buf);
	len = (size_t)(close_paren - open_paren - 1);
	if (len >= sizeof(st->comm))
		len = sizeof(st->comm) - 1;
	memcpy(st->comm, open_paren + 1, len);
	st->comm[len] = '\0';
	if (parse_stat_fields(close_paren + 1, st) < 0) {
		errno = EINVAL;
		return -1;
	}
	f = stat_field(close_paren + 2, 39);
	st->processor = f ? atoi(f) : 0;
	return 0;
}

void procfs_tty_name(int tty_nr, char *buf, size_t size)
{
	unsigned int major = ((unsigned int)tty_nr >> 8) & 0xfff;
	unsigned int minor = ((unsigned int)tty_nr & 0xff) |
			     (((unsigned int)tty_nr >> 12) & 0xfff00);

	if (tty_nr == 0)
		snprintf(buf, size, "?");
	else if (major == 4 && minor < 64)
		snprintf(buf, size, "tty%u", minor);
	else if (major == 4)
		snprintf(buf, size, "ttyS%u", minor - 64);
	else if (major == 5 && minor == 0)
		snprintf(buf, size, "tty");
	else if (major == 5 && minor == 1)
		snprintf(buf, size, "console");
	else if (major >= 136 && major <= 143)
		snprintf(buf, size, "pts/%u", (major - 136) * 256 + minor);
	else
		snprintf(buf, size, "%u:%u", major, minor);
}

int procfs_status_field(const char *path, const char *name, char *buf,
			size_t size)
{
	char text[4096], *line, *end;
	size_t nlen = strlen(name);

	if (procfs_read(path, text, sizeof(text)) < 0)
		return -1;
	for (line = text; *line; line = end + 1) {
		end = strchr(line, '\n');
		if (end == NULL)
			end = line + strlen(line);
		if (strncmp(line, name, nlen) == 0 && line[nlen] == ':') {
			const char *v = line + nlen + 1;

			while (*v == ' ' || *v == '\t')
				v++;
			snprintf(buf, size, "%.*s", (int)(end - v), v);
			return 0;
		}
		if (*end == '\0')
			break;
	}
	errno = ENOENT;
	return -1;
}

double procfs_uptime(void)
{
	char buf[128];

	if (procfs_read("/proc/uptime", buf, sizeof(buf)) <= 0)
		return -1;
	return strtod(buf, NULL);
}

int procfs_pid_exists(long pid)
{
	char path[64];

	if (pid <= 0)
		return 0;
	snprintf(path, sizeof(path), "/proc/%ld", pid);
	return access(path, F_OK) == 0;
}

void procfs_cmdline(int pid, char *buf, size_t size)
{
	char path[64];
	long n;

	snprintf(path, sizeof(path), "/proc/%d/cmdline", pid);
	n = procfs_read(path, buf, size);
	if (n < 0)
		n = 0;
	while (n > 0 && buf[n - 1] == '\0')
		n--;
	buf[n] = '\0';
	for (long i = 0; i < n; i++)
		if (buf[i] == '\0' || buf[i] == '\n')
			buf[i] = ' ';
}
