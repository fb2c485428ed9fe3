/*
 * /proc/net (Linux's fs/proc/proc_net.c, one network namespace): the
 * text files the socket families put there at boot with
 * proc_net_create(), such as /proc/net/unix (kernel/net/af_unix_addr.c),
 * which `netstat -x` reads. procfs keeps the table and knows nothing of
 * sockets: a family hands in the function that renders its file.
 */
#include "kernel/fs/proc/internal.h"
#include "kernel/fs/proc/proc_fs.h"
#include "lib/errno.h"

#define PROC_NET_MAX 16		/* files: the families' tables, dev */
/* Inode numbers of /proc/net's files: a block of their own. */
#define PROC_NET_INO(i) (PROC_NET_INO_BASE + (i))

static struct proc_entry net_entries[PROC_NET_MAX];
static unsigned int nr_net_entries;

int proc_net_create(const char *name,
		    int (*show)(struct seq_buf *m, void *data))
{
	if (nr_net_entries == PROC_NET_MAX)
		return -ENOSPC;
	net_entries[nr_net_entries++] = (struct proc_entry){
		.name = name, .mode = S_IFREG | 0444, .show = show };
	return 0;
}

static struct inode *net_lookup(struct inode *dir, const char *name, size_t len)
{
	return proc_lookup_table(net_entries, nr_net_entries, name, len,
				 &(struct proc_inode){ .fd = -1 },
				 PROC_NET_INO(0));
}

static int net_readdir(struct inode *dir, struct dir_context *ctx)
{
	proc_readdir_table(ctx, net_entries, nr_net_entries, PROC_NET_INO(0));
	return 0;
}

const struct inode_operations proc_net_dir_iops = {
	.lookup = net_lookup,
	.readdir = net_readdir,
};
