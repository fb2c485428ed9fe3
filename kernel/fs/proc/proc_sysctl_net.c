/*
 * /proc/sys/net/ipv4/conf/ (Linux's devinet_sysctl_register()): a
 * directory per interface, all, default and lo, each with the same
 * files, the per-interface IPv4 settings of the reader's network
 * namespace (kernel/net/devinet.c). A directory passes which set it is
 * to its files' proc_inode (the fd field, unused here). Writing needs
 * CAP_NET_ADMIN over the namespace.
 */
#include "kernel/capability.h"
#include "kernel/fs/proc/internal.h"
#include "kernel/net/net_namespace.h"
#include "kernel/ns/user_namespace.h"
#include "lib/errno.h"
#include "lib/string.h"

#define CONF_INO(i) (PROC_DEVCONF_INO_BASE + (i))
#define CONF_FILE_INO0(which) CONF_INO(0x10 + (which) * 0x40)

/* The show and store functions get the file's proc_inode. */
static int conf_which(void *pi)
{
	return ((struct proc_inode *)pi)->fd;
}

static int conf_index(void *pi)
{
	return (int)(long)((struct proc_inode *)pi)->entry->data;
}

static int conf_show(struct seq_buf *m, void *pi)
{
	seq_printf(m, "%d\n", devinet_conf_get(current_net(),
					       conf_which(pi), conf_index(pi)));
	return 0;
}

static int conf_store(void *pi, const char *buf, size_t len)
{
	struct net *net = current_net();
	int v;

	if (!ns_capable(net->ns.user_ns, CAP_NET_ADMIN))
		return -EPERM;
	if (kstrtoint(buf, 10, &v))
		return -EINVAL;
	devinet_conf_set(net, conf_which(pi), conf_index(pi), v);
	return 0;
}

#define CONF(i) { .mode = S_IFREG | 0644, .show = conf_show, \
		  .store = conf_store, .data = (void *)(long)(i) }

/* Names filled in from ipv4_devconf_names[] (conf_names_init()). */
static struct proc_entry conf_files[IPV4_DEVCONF_MAX] = {
	CONF(0), CONF(1), CONF(2), CONF(3), CONF(4), CONF(5), CONF(6),
	CONF(7), CONF(8), CONF(9), CONF(10), CONF(11), CONF(12), CONF(13),
	CONF(14), CONF(15), CONF(16), CONF(17), CONF(18), CONF(19),
	CONF(20), CONF(21), CONF(22), CONF(23), CONF(24), CONF(25),
	CONF(26), CONF(27), CONF(28), CONF(29), CONF(30), CONF(31), CONF(32),
};

static void conf_names_init(void)
{
	if (conf_files[0].name)
		return;
	for (int i = 0; i < IPV4_DEVCONF_MAX; i++)
		conf_files[i].name = ipv4_devconf_names[i];
	conf_files[1].mode = S_IFREG | 0444;	/* mc_forwarding: read-only */
}

static struct inode *conf_lookup(int which, const char *n, size_t len)
{
	conf_names_init();
	return proc_lookup_table(conf_files, IPV4_DEVCONF_MAX, n, len,
				 &(struct proc_inode){ .fd = which },
				 CONF_FILE_INO0(which));
}

static int conf_readdir(int which, struct dir_context *ctx)
{
	conf_names_init();
	proc_readdir_table(ctx, conf_files, IPV4_DEVCONF_MAX, CONF_FILE_INO0(which));
	return 0;
}

#define CONF_DIR(name, which) \
	static struct inode *name##_lookup(struct inode *dir, const char *n, size_t len) \
	{ return conf_lookup(which, n, len); } \
	static int name##_readdir(struct inode *dir, struct dir_context *ctx) \
	{ return conf_readdir(which, ctx); } \
	static const struct inode_operations name##_iops = { \
		.lookup = name##_lookup, .readdir = name##_readdir }

CONF_DIR(conf_all, DEVCONF_ALL);
CONF_DIR(conf_dflt, DEVCONF_DFLT);
CONF_DIR(conf_lo, DEVCONF_LO);

static const struct proc_entry conf_dirs[] = {
	{ .name = "all", .mode = S_IFDIR | 0555, .iops = &conf_all_iops },
	{ .name = "default", .mode = S_IFDIR | 0555, .iops = &conf_dflt_iops },
	{ .name = "lo", .mode = S_IFDIR | 0555, .iops = &conf_lo_iops },
};

static struct inode *conf_dir_lookup(struct inode *dir, const char *n, size_t len)
{
	return proc_lookup_table(conf_dirs, ARRAY_SIZE(conf_dirs), n, len,
				 &(struct proc_inode){ .fd = -1 }, CONF_INO(1));
}

static int conf_dir_readdir(struct inode *dir, struct dir_context *ctx)
{
	proc_readdir_table(ctx, conf_dirs, ARRAY_SIZE(conf_dirs), CONF_INO(1));
	return 0;
}

const struct inode_operations ipv4_conf_dir_iops = {
	.lookup = conf_dir_lookup,
	.readdir = conf_dir_readdir,
};
