/*
 * kstack: the kernel stack of every thread of a process.
 *
 *   kstack PID
 *
 * For each thread: its state, then its kernel stack as
 * /proc/<pid>/task/<tid>/stack gives it (Linux's "[<0>] function+0xoff/
 * 0xsize" lines, innermost call first: a sleeping thread shows its way
 * into the scheduler), then the picture of its kernel stack block from
 * /proc/<pid>/task/<tid>/stack_layout (a Taskbase file: where the
 * task_struct, STACK_END_MAGIC, the deepest use so far, the stack pointer
 * and the saved user registers are).
 *
 * Linux interfaces: /proc/<pid>/task (readdir), /proc/<pid>/task/<tid>/
 * stat and stack; Taskbase's /proc/<pid>/task/<tid>/stack_layout.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "procfs.h"
#include "ulib.h"

static char text[65536];

/* Print file path, each line indented; returns 0 or -1. */
static int print_file(const char *path, const char *indent)
{
	char *line, *save = NULL;

	if (procfs_read(path, text, sizeof(text)) < 0) {
		printf("%s(%s: %s)\n", indent, path, strerror(errno));
		return -1;
	}
	if (text[0] == '\0')
		printf("%s(empty)\n", indent);
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		printf("%s%s\n", indent, line);
	return 0;
}

static void show_thread(long pid, int tid)
{
	char path[96];
	struct procfs_stat st;

	snprintf(path, sizeof(path), "/proc/%ld/task/%d/stat", pid, tid);
	if (procfs_stat(path, &st) < 0)
		return;		/* it exited meanwhile */
	printf("Thread %d (%s), state %c, CPU %d:\n", tid, st.comm, st.state,
	       st.processor);
	snprintf(path, sizeof(path), "/proc/%ld/task/%d/stack", pid, tid);
	print_file(path, "  ");
	snprintf(path, sizeof(path), "/proc/%ld/task/%d/stack_layout", pid, tid);
	print_file(path, "  ");
	putchar('\n');
}

int main(int argc, char **argv)
{
	char path[64];
	long pid;
	int *tids, n;

	if (argc != 2) {
		ulib_err("kstack", "usage: kstack PID");
		return 1;
	}
	if (ulib_parse_long(argv[1], &pid) < 0 || pid < 0) {
		ulib_err("kstack", "'%s' is not a process ID (usage: kstack PID)", argv[1]);
		return 1;
	}
	snprintf(path, sizeof(path), "/proc/%ld/task", pid);
	n = procfs_list(path, &tids);
	if (n < 0 && errno == ENOENT) {
		ulib_err("kstack", "no process with PID %ld", pid);
		return 1;
	}
	if (n <= 0) {
		ulib_err("kstack", "cannot read %s: %s", path, strerror(errno));
		return 1;
	}
	for (int i = 0; i < n; i++)
		show_thread(pid, tids[i]);
	free(tids);
	return 0;
}
