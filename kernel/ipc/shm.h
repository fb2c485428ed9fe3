/*
 * System V shared memory (Linux's ipc/shm.c): a segment is a memory
 * object (kernel/mm/filemap.h), the same kind MAP_SHARED anonymous
 * memory maps, kept alive by a table entry until IPC_RMID and its last
 * detach. What the rest of the kernel asks of it: /proc/sysvipc/shm and
 * the /proc/sys/kernel limits shmmax, shmall, shmmni and shm_rmid_forced,
 * each of the caller's IPC namespace (ipc_namespace.h).
 */
#ifndef KERNEL_IPC_SHM_H
#define KERNEL_IPC_SHM_H

#include "lib/types.h"

struct seq_buf;

/* The limits /proc/sys/kernel shows (Linux's names), of the caller's
 * IPC namespace. */
enum shm_limit { SHM_CTLMAX, SHM_CTLALL, SHM_CTLMNI, SHM_RMID_FORCED };

/* A limit's value. */
u64 shm_limit_get(enum shm_limit which);
/* Set a limit (root, through /proc/sys/kernel): 0, or -EINVAL for a
 * value out of range. */
int shm_limit_set(enum shm_limit which, u64 val);
/* /proc/sysvipc/shm: a header line, then one line per segment, Linux's
 * columns. */
int shm_proc_show(struct seq_buf *m, void *unused);

#endif
