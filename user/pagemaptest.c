/*
 * pagemaptest: /proc/<pid>/pagemap, smaps and smaps_rollup against a
 * mapping whose pages the test itself touched (kernel/fs/proc/task_mmu.c).
 *
 *   pagemaptest [TEST...]     TAP output (user/lib/tap.c)
 *
 * 16 private anonymous pages, 10 of them written: pagemap says present
 * (bit 63) and exclusive (bit 56) for those, 0 for the 6 others, no file
 * bit (61), and no frame number for a reader without CAP_SYS_ADMIN;
 * after fork the written pages are shared copy-on-write: no longer
 * exclusive, smaps counts them Shared_Dirty and Pss halves. A MAP_SHARED
 * anonymous page has the file bit. Reads must be whole 8-byte entries.
 *
 * System calls: mmap, mlock, open, pread, fork, pipe, wait4, setuid,
 * prctl(PR_SET_DUMPABLE).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"

#define PAGES 16
#define TOUCHED 10
#define PAGE 4096
#define PM_PRESENT (1ull << 63)
#define PM_SWAP (1ull << 62)
#define PM_FILE (1ull << 61)
#define PM_EXCLUSIVE (1ull << 56)
#define PM_PFN ((1ull << 55) - 1)

/* At an address of its own, so no neighbour merges with it. */
#define MAP_AT ((void *)0x200000000ul)

static char *map_touched(int flags)
{
	char *m = mmap(MAP_AT, PAGES * PAGE, PROT_READ | PROT_WRITE,
		       flags | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);

	if (m == MAP_FAILED)
		return NULL;
	for (int i = 0; i < TOUCHED; i++)
		m[i * PAGE] = 1;
	return m;
}

/* Page @addr's pagemap entry, or ~0 on error. */
static uint64_t pagemap_of(const void *addr)
{
	int fd = open("/proc/self/pagemap", O_RDONLY);
	uint64_t e = ~0ull;

	if (fd < 0)
		return e;
	if (pread(fd, &e, 8, (off_t)((uintptr_t)addr / PAGE * 8)) != 8)
		e = ~0ull;
	close(fd);
	return e;
}

/* The value (kB) of @field in the smaps block of the VMA at @addr; -1 if
 * there is none. */
static long smaps_field(const char *file, const void *addr, const char *field)
{
	FILE *f = fopen(file, "r");
	char line[256];
	int in = 0;
	long v = -1;
	size_t n = strlen(field);

	if (!f)
		return -1;
	while (v < 0 && fgets(line, sizeof(line), f)) {
		unsigned long lo, hi;

		if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2)	/* a maps line */
			in = lo == (uintptr_t)addr;
		else if (in && !strncmp(line, field, n) && line[n] == ':')
			v = strtol(line + n + 1, NULL, 10);
	}
	fclose(f);
	return v;
}

static int test_pagemap_bits(void)
{
	char *m = map_touched(MAP_PRIVATE);

	CHECK(m);
	for (int i = 0; i < PAGES; i++) {
		uint64_t e = pagemap_of(m + i * PAGE);

		if (i < TOUCHED)
			EXPECT((e & (PM_PRESENT | PM_EXCLUSIVE | PM_FILE | PM_SWAP)) ==
			       (PM_PRESENT | PM_EXCLUSIVE));
		else
			EXPECT(e == 0);
	}
	CHECK(pagemap_of(m + PAGES * PAGE) != ~0ull);	/* past it: 0 or not */
	return 0;
}

static int test_pagemap_pfn_is_root_only(void)
{
	char *m = map_touched(MAP_PRIVATE);

	CHECK(m);
	CHECK(getuid() != 0 || (pagemap_of(m) & PM_PFN) != 0);
	CHECK(setuid(1000) == 0);
	/* setuid made us undumpable: /proc/self would be root's. */
	CHECK(prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) == 0);
	CHECK((pagemap_of(m) & (PM_PRESENT | PM_PFN)) == PM_PRESENT);
	return 0;
}

static int test_pagemap_shared_and_bad_reads(void)
{
	char *m = map_touched(MAP_SHARED);
	uint64_t e[2];
	int fd;

	CHECK(m);
	CHECK((pagemap_of(m) & (PM_PRESENT | PM_FILE)) == (PM_PRESENT | PM_FILE));
	fd = open("/proc/self/pagemap", O_RDONLY);
	CHECK(fd >= 0);
	errno = 0;
	CHECK(pread(fd, e, 4, 0) == -1 && errno == EINVAL);
	CHECK(pread(fd, e, 8, 4) == -1 && errno == EINVAL);
	CHECK(pread(fd, e, 16, 0) == 16 && e[0] == 0 && e[1] == 0);
	CHECK(pread(fd, e, 8, (off_t)1 << 40) == 0);	/* past user space */
	close(fd);
	return 0;
}

static int test_smaps_counts(void)
{
	char *m = map_touched(MAP_PRIVATE);
	const char *f = "/proc/self/smaps";

	CHECK(m);
	EXPECT(smaps_field(f, m, "Size") == PAGES * 4);
	EXPECT(smaps_field(f, m, "KernelPageSize") == 4);
	EXPECT(smaps_field(f, m, "MMUPageSize") == 4);
	EXPECT(smaps_field(f, m, "Rss") == TOUCHED * 4);
	EXPECT(smaps_field(f, m, "Pss") == TOUCHED * 4);
	EXPECT(smaps_field(f, m, "Private_Dirty") == TOUCHED * 4);
	EXPECT(smaps_field(f, m, "Shared_Dirty") == 0);
	EXPECT(smaps_field(f, m, "Anonymous") == TOUCHED * 4);
	EXPECT(smaps_field(f, m, "Swap") == 0);
	EXPECT(smaps_field(f, m, "Locked") == 0);
	CHECK(mlock(m, PAGES * PAGE) == 0);
	EXPECT(smaps_field(f, m, "Locked") == PAGES * 4);	/* all in now */
	return 0;
}

/* After fork, parent and child share the written pages copy-on-write. */
static int test_smaps_after_fork(void)
{
	char *m = map_touched(MAP_PRIVATE);
	int p[2], status;
	char c;
	pid_t pid;

	CHECK(m && pipe(p) == 0);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		read(p[0], &c, 1);	/* until the parent has looked */
		_exit(0);
	}
	EXPECT(smaps_field("/proc/self/smaps", m, "Shared_Dirty") == TOUCHED * 4);
	EXPECT(smaps_field("/proc/self/smaps", m, "Private_Dirty") == 0);
	EXPECT(smaps_field("/proc/self/smaps", m, "Pss") == TOUCHED * 2);
	EXPECT((pagemap_of(m) & (PM_PRESENT | PM_EXCLUSIVE)) == PM_PRESENT);
	m[0] = 2;			/* our own copy again */
	EXPECT((pagemap_of(m) & (PM_PRESENT | PM_EXCLUSIVE)) ==
	       (PM_PRESENT | PM_EXCLUSIVE));
	write(p[1], "x", 1);
	CHECK(waitpid(pid, &status, 0) == pid);
	return 0;
}

static int test_smaps_rollup_adds_up(void)
{
	char *m = map_touched(MAP_PRIVATE);
	FILE *f = fopen("/proc/self/smaps_rollup", "r");
	char line[256];
	long rss = -1, anon = -1;

	CHECK(m && f);
	CHECK(fgets(line, sizeof(line), f) && strstr(line, "[rollup]"));
	while (fgets(line, sizeof(line), f)) {
		sscanf(line, "Rss: %ld kB", &rss);
		sscanf(line, "Anonymous: %ld kB", &anon);
	}
	fclose(f);
	CHECK(rss >= TOUCHED * 4 && anon >= TOUCHED * 4 && rss >= anon);
	return 0;
}

static const struct tap_test tests[] = {
	{ "pagemap_bits", test_pagemap_bits },
	{ "pagemap_pfn_is_root_only", test_pagemap_pfn_is_root_only },
	{ "pagemap_shared_and_bad_reads", test_pagemap_shared_and_bad_reads },
	{ "smaps_counts", test_smaps_counts },
	{ "smaps_after_fork", test_smaps_after_fork },
	{ "smaps_rollup_adds_up", test_smaps_rollup_adds_up },
};

int main(int argc, char **argv)
{
	return tap_run("pagemaptest", tests, sizeof(tests) / sizeof(tests[0]),
		       30, argc, argv);
}
