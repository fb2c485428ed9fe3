/*
 * /proc/sysvipc: the System V IPC objects in Linux's format, one file per
 * kind (Linux's ipc/util.c sysvipc_proc): msg, the message queues
 * (kernel/ipc/msgctl.c msg_proc_show()), sem, the semaphore arrays
 * (kernel/ipc/semctl.c sem_proc_show()), and shm, the shared memory
 * segments (kernel/ipc/shmctl.c shm_proc_show()).
 */
#include "kernel/fs/proc/internal.h"
#include "kernel/ipc/msg.h"
#include "kernel/ipc/sem.h"
#include "kernel/ipc/shm.h"

static const struct proc_entry sysvipc_entries[] = {
	{ .name = "msg", .mode = S_IFREG | 0444, .show = msg_proc_show },
	{ .name = "sem", .mode = S_IFREG | 0444, .show = sem_proc_show },
	{ .name = "shm", .mode = S_IFREG | 0444, .show = shm_proc_show },
};

/* Inode numbers: a block of their own (internal.h). */
#define SYSVIPC_INO(i) (PROC_SYSVIPC_INO_BASE + (i))

static struct inode *sysvipc_lookup(struct inode *dir, const char *name,
				    size_t len)
{
	return proc_lookup_table(sysvipc_entries, ARRAY_SIZE(sysvipc_entries),
				 name, len, &(struct proc_inode){ .fd = -1 },
				 SYSVIPC_INO(1));
}

static int sysvipc_readdir(struct inode *dir, struct dir_context *ctx)
{
	proc_readdir_table(ctx, sysvipc_entries, ARRAY_SIZE(sysvipc_entries),
			   SYSVIPC_INO(1));
	return 0;
}

const struct inode_operations proc_sysvipc_dir_iops = {
	.lookup = sysvipc_lookup,
	.readdir = sysvipc_readdir,
};
