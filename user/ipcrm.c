/*
 * ipcrm: remove System V IPC objects by id or key, as util-linux's ipcrm
 * does (IPC_RMID; see ipcs.c for why Taskbase has its own). A segment
 * still attached goes at its last detach; a queue or semaphore array at
 * once, its sleepers woken with EIDRM.
 *
 *   ipcrm -m ID | -M KEY    a shared memory segment
 *   ipcrm -q ID | -Q KEY    a message queue
 *   ipcrm -s ID | -S KEY    a semaphore array
 *
 * (several may follow each other; a key may be written 0x...).
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>

#include "ulib.h"

/* The id of the object of kind @kind ('m', 'q', 's') with key @key. */
static int id_of_key(int kind, key_t key)
{
	if (kind == 'm')
		return shmget(key, 0, 0);
	return kind == 'q' ? msgget(key, 0) : semget(key, 0, 0);
}

static int remove_id(int kind, int id)
{
	if (kind == 'm')
		return shmctl(id, IPC_RMID, NULL);
	return kind == 'q' ? msgctl(id, IPC_RMID, NULL) : semctl(id, 0, IPC_RMID);
}

/* Remove one object: @opt is -m, -M, -q, -Q, -s or -S. 0 or 1. */
static int remove_one(const char *opt, const char *arg)
{
	int kind = tolower((unsigned char)opt[1]), by_key = isupper((unsigned char)opt[1]);
	char *end;
	long v = strtol(arg, &end, 0);
	int id = (int)v;

	if (!*arg || *end) {
		ulib_err("ipcrm", "invalid %s: %s", by_key ? "key" : "id", arg);
		return 1;
	}
	if (by_key && (!v || (id = id_of_key(kind, (key_t)v)) < 0)) {
		ulib_err("ipcrm", "invalid key (%s)", arg);
		return 1;
	}
	if (remove_id(kind, id) == 0)
		return 0;
	if (errno == EPERM || errno == EACCES)
		ulib_err("ipcrm", "permission denied for id (%s)", arg);
	else
		ulib_err("ipcrm", "invalid id (%s)", arg);
	return 1;
}

int main(int argc, char **argv)
{
	int failed = 0;

	if (argc < 3 || argc % 2 == 0) {
		ulib_err("ipcrm", "usage: ipcrm {-m|-q|-s} ID | {-M|-Q|-S} KEY ...");
		return 1;
	}
	for (int i = 1; i + 1 < argc; i += 2) {
		if (strlen(argv[i]) != 2 || argv[i][0] != '-' ||
		    !strchr("mMqQsS", argv[i][1])) {
			ulib_err("ipcrm", "unknown option: %s", argv[i]);
			return 1;
		}
		failed |= remove_one(argv[i], argv[i + 1]);
	}
	return failed;
}
