/*
 * ipcs: the System V IPC objects, as util-linux's ipcs -m prints them,
 * read from /proc/sysvipc/shm (Linux's format, kernel/ipc/shmctl.c
 * shm_proc_show()). Debian's BusyBox is built without ipcs and ipcrm, so
 * Taskbase has these two (ipcrm.c); only shared memory exists here.
 *
 *   ipcs [-m]      the shared memory segments: key, id, owner, mode,
 *                  size, attaches, and "dest" once removed while attached
 */
#include <pwd.h>
#include <stdio.h>
#include <string.h>

#include "ulib.h"

#define SHM_DEST 01000
#define SHM_LOCKED 02000

/* One line of /proc/sysvipc/shm as util-linux prints it. */
static void print_segment(const char *line)
{
	long key, id, size, cpid, lpid, nattch;
	unsigned int mode, uid;
	struct passwd *pw;
	char owner[16];

	if (sscanf(line, "%ld %ld %o %ld %ld %ld %ld %u", &key, &id, &mode, &size,
		   &cpid, &lpid, &nattch, &uid) != 8)
		return;
	pw = getpwuid(uid);
	if (pw)
		snprintf(owner, sizeof(owner), "%s", pw->pw_name);
	else
		snprintf(owner, sizeof(owner), "%u", uid);
	printf("0x%08x %-10ld %-10s %-10o %-10ld %-10ld %-6s %-6s\n", (unsigned int)key,
	       id, owner, mode & 0777, size, nattch, mode & SHM_DEST ? "dest" : "",
	       mode & SHM_LOCKED ? "locked" : "");
}

int main(int argc, char **argv)
{
	FILE *f;
	char line[512];

	if (argc > 2 || (argc == 2 && strcmp(argv[1], "-m"))) {
		ulib_err("ipcs", "usage: ipcs [-m] (shared memory only)");
		return 1;
	}
	f = fopen("/proc/sysvipc/shm", "r");
	if (!f) {
		ulib_err("ipcs", "/proc/sysvipc/shm: cannot open");
		return 1;
	}
	printf("\n------ Shared Memory Segments --------\n");
	printf("%-10s %-10s %-10s %-10s %-10s %-10s %-12s\n", "key", "shmid", "owner",
	       "perms", "bytes", "nattch", "status");
	if (fgets(line, sizeof(line), f))	/* the header */
		while (fgets(line, sizeof(line), f))
			print_segment(line);
	fclose(f);
	printf("\n");
	return 0;
}
