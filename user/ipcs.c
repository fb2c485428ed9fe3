/*
 * ipcs: the System V IPC objects, as util-linux's ipcs prints them, read
 * from /proc/sysvipc/{msg,shm,sem} (Linux's format, kernel/ipc/msgctl.c
 * msg_proc_show(), shmctl.c shm_proc_show(), semctl.c sem_proc_show()).
 * Debian's BusyBox is built without ipcs and ipcrm, so Taskbase has
 * these two (ipcrm.c).
 *
 *   ipcs [-q] [-m] [-s]    message queues, shared memory segments,
 *                          semaphore arrays (all three without options):
 *                          key, id, owner, mode, and each kind's sizes
 */
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ulib.h"

#define SHM_DEST 01000
#define SHM_LOCKED 02000
#define MAX_FIELDS 8

/* The owner's name for @uid, or the number. */
static const char *owner(unsigned long uid, char *buf, size_t n)
{
	struct passwd *pw = getpwuid((uid_t)uid);

	if (pw)
		snprintf(buf, n, "%s", pw->pw_name);
	else
		snprintf(buf, n, "%lu", uid);
	return buf;
}

/* A message queue line: key msqid perms cbytes qnum lspid lrpid uid. */
static void print_msg(const unsigned long *f, char *name, size_t n)
{
	printf("0x%08x %-10ld %-10s %-10lo %-12lu %-12lu\n", (unsigned int)f[0],
	       (long)f[1], owner(f[7], name, n), f[2], f[3], f[4]);
}

/* A segment line: key shmid perms size cpid lpid nattch uid. */
static void print_shm(const unsigned long *f, char *name, size_t n)
{
	printf("0x%08x %-10ld %-10s %-10lo %-10lu %-10lu %-6s %-6s\n",
	       (unsigned int)f[0], (long)f[1], owner(f[7], name, n), f[2] & 0777,
	       f[3], f[6], f[2] & SHM_DEST ? "dest" : "",
	       f[2] & SHM_LOCKED ? "locked" : "");
}

/* A semaphore array line: key semid perms nsems uid. */
static void print_sem(const unsigned long *f, char *name, size_t n)
{
	printf("0x%08x %-10ld %-10s %-10lo %-10lu\n", (unsigned int)f[0],
	       (long)f[1], owner(f[4], name, n), f[2], f[3]);
}

struct kind {
	const char *opt, *file, *title, *header;
	int nfields;		/* the leading fields the printer reads */
	void (*print)(const unsigned long *f, char *name, size_t n);
};

static const struct kind kinds[] = {
	{ "-q", "/proc/sysvipc/msg", "Message Queues",
	  "key        msqid      owner      perms      used-bytes   messages    ",
	  8, print_msg },
	{ "-m", "/proc/sysvipc/shm", "Shared Memory Segments",
	  "key        shmid      owner      perms      bytes      nattch     status      ",
	  8, print_shm },
	{ "-s", "/proc/sysvipc/sem", "Semaphore Arrays",
	  "key        semid      owner      perms      nsems     ", 5, print_sem },
};

/* One kind's section: title, header, a line per object. */
static int show(const struct kind *k)
{
	FILE *f = fopen(k->file, "r");
	unsigned long v[MAX_FIELDS];
	char line[512], name[32];

	if (!f) {
		ulib_err("ipcs", "%s: cannot open", k->file);
		return 1;
	}
	printf("\n------ %s --------\n%s\n", k->title, k->header);
	if (fgets(line, sizeof(line), f))	/* the header */
		while (fgets(line, sizeof(line), f)) {
			long key, id;
			char *p = line, *end;
			int n = 0;

			/* key and id are signed; the rest unsigned (perms octal). */
			if (sscanf(p, "%ld %ld", &key, &id) != 2)
				continue;
			v[n++] = (unsigned long)key;
			v[n++] = (unsigned long)id;
			strtol(p, &end, 10);
			strtol(end, &p, 10);
			for (; n < k->nfields; n++, p = end)
				v[n] = strtoul(p, &end, n == 2 ? 8 : 10);
			k->print(v, name, sizeof(name));
		}
	fclose(f);
	printf("\n");
	return 0;
}

int main(int argc, char **argv)
{
	int failed = 0, shown = 0;

	for (int i = 1; i < argc; i++) {
		int j = 0;

		while (j < 3 && strcmp(argv[i], kinds[j].opt))
			j++;
		if (j == 3) {
			ulib_err("ipcs", "usage: ipcs [-q] [-m] [-s]");
			return 1;
		}
		failed |= show(&kinds[j]);
		shown = 1;
	}
	for (int j = 0; !shown && j < 3; j++)
		failed |= show(&kinds[j]);
	return failed;
}
