/*
 * /proc/sys/net/ipv4/conf/ (Linux's devinet_sysctl_register()): a
 * directory per interface, all, default and lo, each with the same
 * files, the per-interface IPv4 settings of the reader's network
 * namespace (kernel/net/devinet.c). A file's place in conf_files is its
 * setting's index; its directory passes which set it is to its
 * proc_inode (the fd field, as fail_inject.c does). Writing needs
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

static int conf_show(struct seq_buf *m, void *pi);
static int conf_store(void *pi, const char *buf, size_t len);

#define CONF(n) { .name = n, .mode = S_IFREG | 0644, .show = conf_show, \
		  .store = conf_store }

/* The files, by Linux's IPV4_DEVCONF_* - 1 (uapi/linux/ip.h). */
static const struct proc_entry conf_files[] = {
	CONF("forwarding"),
	{ .name = "mc_forwarding", .mode = S_IFREG | 0444, .show = conf_show },
	CONF("proxy_arp"), CONF("accept_redirects"), CONF("secure_redirects"),
	CONF("send_redirects"), CONF("shared_media"), CONF("rp_filter"),
	CONF("accept_source_route"), CONF("bootp_relay"),
	CONF("log_martians"), CONF("tag"), CONF("arp_filter"),
	CONF("medium_id"), CONF("disable_xfrm"), CONF("disable_policy"),
	CONF("force_igmp_version"), CONF("arp_announce"), CONF("arp_ignore"),
	CONF("promote_secondaries"), CONF("arp_accept"), CONF("arp_notify"),
	CONF("accept_local"), CONF("src_valid_mark"),
	CONF("proxy_arp_pvlan"), CONF("route_localnet"),
	CONF("igmpv2_unsolicited_report_interval"),
	CONF("igmpv3_unsolicited_report_interval"),
	CONF("ignore_routes_with_linkdown"),
	CONF("drop_unicast_in_l2_multicast"), CONF("drop_gratuitous_arp"),
	CONF("bc_forwarding"), CONF("arp_evict_nocarrier"),
};
_Static_assert(ARRAY_SIZE(conf_files) == IPV4_DEVCONF_MAX, "a file per setting");

/* The show and store functions get the file's proc_inode. */
static int conf_which(void *pi)
{
	return ((struct proc_inode *)pi)->fd;
}

static int conf_index(void *pi)
{
	return (int)(((struct proc_inode *)pi)->entry - conf_files);
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

/* all, default, lo: by DEVCONF_* */
static const struct inode_operations conf_iops;
static const struct proc_entry conf_dirs[] = {
	{ .name = "all", .mode = S_IFDIR | 0555, .iops = &conf_iops },
	{ .name = "default", .mode = S_IFDIR | 0555, .iops = &conf_iops },
	{ .name = "lo", .mode = S_IFDIR | 0555, .iops = &conf_iops },
};
_Static_assert(ARRAY_SIZE(conf_dirs) == DEVCONF_NR, "a directory per set");

/* Which set the directory @dir stands for. */
static int dir_which(const struct inode *dir)
{
	return (int)(PROC_I(dir)->entry - conf_dirs);
}

static struct inode *conf_lookup(struct inode *dir, const char *n, size_t len)
{
	int which = dir_which(dir);

	return proc_lookup_table(conf_files, ARRAY_SIZE(conf_files), n, len,
				 &(struct proc_inode){ .fd = which },
				 CONF_FILE_INO0(which));
}

static int conf_readdir(struct inode *dir, struct dir_context *ctx)
{
	proc_readdir_table(ctx, conf_files, ARRAY_SIZE(conf_files),
			   CONF_FILE_INO0(dir_which(dir)));
	return 0;
}

static const struct inode_operations conf_iops = {
	.lookup = conf_lookup,
	.readdir = conf_readdir,
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
