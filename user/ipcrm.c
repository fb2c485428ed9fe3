/*
 * ipcrm: remove System V shared memory segments by id or key, as
 * util-linux's ipcrm does (shmctl(IPC_RMID); see ipcs.c for why Taskbase
 * has its own). A segment still attached goes at its last detach.
 *
 *   ipcrm -m ID ...     remove the segments with these ids
 *   ipcrm -M KEY ...    remove the segments with these keys (0x... too)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#include "ulib.h"

/* Remove one segment named by its id (@by_key 0) or key; 0 or 1. */
static int remove_one(const char *arg, int by_key)
{
	char *end;
	long v = strtol(arg, &end, 0);
	int id = (int)v;

	if (!*arg || *end) {
		ulib_err("ipcrm", "invalid %s: %s", by_key ? "key" : "id", arg);
		return 1;
	}
	if (by_key) {
		id = v ? shmget((key_t)v, 0, 0) : -1;
		if (id < 0) {
			ulib_err("ipcrm", "invalid key (%s)", arg);
			return 1;
		}
	}
	if (shmctl(id, IPC_RMID, NULL) == 0)
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

	if (argc < 3 || (strcmp(argv[1], "-m") && strcmp(argv[1], "-M"))) {
		ulib_err("ipcrm", "usage: ipcrm -m ID... | -M KEY...");
		return 1;
	}
	for (int i = 2; i < argc; i++)
		failed |= remove_one(argv[i], argv[1][1] == 'M');
	return failed;
}
