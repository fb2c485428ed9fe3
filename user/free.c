/*
 * free: the amount of free and used memory, in procps's layout.
 *
 *   free [-b | -k | -m | -g | -h] [-t]
 *
 *                 total        used        free      shared  buff/cache   available
 *   Mem:         253520       11432      240000           0        2088      241000
 *   Swap:             0           0           0
 *
 * Sizes are in KiB (-k, the default), bytes (-b), MiB (-m), GiB (-g), or
 * human-readable with units (-h: "247Mi"); -t adds a Total line. As in
 * procps, used = total - free - buffers - cache, and buff/cache = Buffers +
 * Cached + SReclaimable. Taskbase has no swap.
 *
 * Linux interfaces: /proc/meminfo (MemTotal, MemFree, MemAvailable,
 * Buffers, Cached, SReclaimable, Shmem, SwapTotal, SwapFree).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "procfs.h"
#include "ulib.h"

static char meminfo[8192];
static int unit = 'k';

/* The kB value of one /proc/meminfo field; 0 if it is missing. */
static unsigned long long field(const char *name)
{
	size_t len = strlen(name);

	for (const char *line = meminfo; line && *line; line = strchr(line, '\n')) {
		if (*line == '\n')
			line++;
		if (strncmp(line, name, len) == 0 && line[len] == ':')
			return strtoull(line + len + 1, NULL, 10);
	}
	return 0;
}

/* kib in the chosen unit, as one right-aligned 12-character column. */
static void print_size(unsigned long long kib)
{
	static const char units[] = "KMGTP";
	char buf[32];

	switch (unit) {
	case 'b': printf(" %11llu", kib * 1024); return;
	case 'k': printf(" %11llu", kib); return;
	case 'm': printf(" %11llu", kib / 1024); return;
	case 'g': printf(" %11llu", kib / (1024 * 1024)); return;
	}
	/* -h: the shortest of 9.9Xi or 999Xi that fits, as procps does. */
	if (kib == 0) {
		printf(" %11s", "0B");
		return;
	}
	double v = (double)kib;
	for (int i = 0; units[i]; i++, v /= 1024) {
		if (v < 9.95) {
			snprintf(buf, sizeof(buf), "%.1f%ci", v, units[i]);
			break;
		}
		if (v < 1023.5) {
			snprintf(buf, sizeof(buf), "%.0f%ci", v, units[i]);
			break;
		}
	}
	printf(" %11s", buf);
}

static void print_row(const char *label, unsigned long long a,
		      unsigned long long b, unsigned long long c)
{
	printf("%-7s", label);
	print_size(a);
	print_size(b);
	print_size(c);
}

int main(int argc, char **argv)
{
	unsigned long long total, mfree, cache, used, avail, stotal, sfree;
	int opt_total = 0;

	for (int i = 1; i < argc; i++) {
		if (strlen(argv[i]) == 2 && argv[i][0] == '-' && strchr("bkmgh", argv[i][1]))
			unit = argv[i][1];
		else if (strcmp(argv[i], "-t") == 0)
			opt_total = 1;
		else {
			ulib_err("free", "usage: free [-b | -k | -m | -g | -h] [-t]");
			return 1;
		}
	}
	if (procfs_read("/proc/meminfo", meminfo, sizeof(meminfo)) <= 0) {
		ulib_err("free", "cannot read /proc/meminfo");
		return 1;
	}
	total = field("MemTotal");
	mfree = field("MemFree");
	cache = field("Buffers") + field("Cached") + field("SReclaimable");
	used = total > mfree + cache ? total - mfree - cache : total - mfree;
	avail = strstr(meminfo, "MemAvailable:") ? field("MemAvailable") : mfree;
	stotal = field("SwapTotal");
	sfree = field("SwapFree");

	printf("%-7s %11s %11s %11s %11s %11s %11s\n", "", "total", "used",
	       "free", "shared", "buff/cache", "available");
	print_row("Mem:", total, used, mfree);
	print_size(field("Shmem"));
	print_size(cache);
	print_size(avail);
	putchar('\n');
	print_row("Swap:", stotal, stotal - sfree, sfree);
	putchar('\n');
	if (opt_total) {
		print_row("Total:", total + stotal, used + stotal - sfree, mfree + sfree);
		putchar('\n');
	}
	return 0;
}
