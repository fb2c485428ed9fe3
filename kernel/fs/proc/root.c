/*
 * The root of /proc: the system-wide files, one directory per process
 * (named by its tgid; any thread id can be looked up, as on Linux, but
 * only processes are listed), and the symlinks self and thread-self.
 * proc_root_init() mounts it all at boot.
 */
#include "kernel/ns/pid_namespace.h"
#include "kernel/fs/proc/internal.h"
#include "kernel/keys/keys.h"
#include "kernel/fork.h"
#include "kernel/pid.h"
#include "kernel/printk/printk.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

static long proc_self_link(struct inode *inode, char *buf, size_t size)
{
	return scnprintf(buf, size, "%d", task_tgid_vnr(current));
}

static long proc_thread_self_link(struct inode *inode, char *buf, size_t size)
{
	return scnprintf(buf, size, "%d/task/%d", task_tgid_vnr(current),
			 task_pid_vnr(current));
}

#define REG(n, fn) { .name = n, .mode = S_IFREG | 0444, .show = fn }

static long proc_mounts_link(struct inode *inode, char *buf, size_t size)
{
	return scnprintf(buf, size, "self/mounts");
}

static const struct proc_entry root_entries[] = {
	{ .name = "self", .mode = S_IFLNK | 0777, .link = proc_self_link },
	{ .name = "thread-self", .mode = S_IFLNK | 0777,
	  .link = proc_thread_self_link },
	REG("buddyinfo", proc_buddyinfo_show),
	REG("cgroups", proc_cgroups_show),
	REG("cmdline", proc_cmdline_show),
	REG("config.gz", proc_config_gz_show),
	REG("cpuinfo", proc_cpuinfo_show),
#ifdef CONFIG_FAULT_INJECTION
	{ .name = "fail_page_alloc", .mode = S_IFDIR | 0555,
	  .iops = &proc_fail_dir_iops },
	{ .name = "failslab", .mode = S_IFDIR | 0555, .iops = &proc_fail_dir_iops },
#endif
	REG("filesystems", proc_filesystems_show),
	REG("interrupts", proc_interrupts_show),
	REG("irqstacks", proc_irqstacks_show),
	{ .name = "kallsyms", .mode = S_IFREG | 0400,
	  .show = proc_kallsyms_show },
	REG("key-users", proc_key_users_show),
	REG("keys", proc_keys_show),
#ifdef CONFIG_DEBUG_KMEMLEAK
	{ .name = "kmemleak", .mode = S_IFREG | 0644, .show = proc_kmemleak_show,
	  .store = proc_kmemleak_store },
#endif
	REG("loadavg", proc_loadavg_show),
#ifdef CONFIG_LOCKDEP
	REG("lockdep", proc_lockdep_show),
	REG("lockdep_stats", proc_lockdep_stats_show),
#endif
	REG("meminfo", proc_meminfo_show),
	REG("modules", proc_modules_show),
	{ .name = "mounts", .mode = S_IFLNK | 0777, .link = proc_mounts_link },
	{ .name = "net", .mode = S_IFDIR | 0555, .iops = &proc_net_dir_iops },
#ifdef CONFIG_DEBUG_KMEMLEAK
	{ .name = "slab", .mode = S_IFDIR | 0500, .iops = &proc_slab_dir_iops },
#endif
	{ .name = "slabinfo", .mode = S_IFREG | 0400, .show = proc_slabinfo_show },
	REG("stat", proc_sys_stat_show),
	{ .name = "sys", .mode = S_IFDIR | 0555, .iops = &proc_sys_dir_iops },
	{ .name = "sysrq-trigger", .mode = S_IFREG | 0200,
	  .fops = &proc_sysrq_trigger_fops },
	{ .name = "sysvipc", .mode = S_IFDIR | 0555, .iops = &proc_sysvipc_dir_iops },
	REG("uptime", proc_uptime_show),
	REG("version", proc_version_show),
};

#define NR_ROOT_ENTRIES ARRAY_SIZE(root_entries)
#define ROOT_FIRST_PID_POS (2 + NR_ROOT_ENTRIES)
#define ROOT_ENTRY_INO(i) (PROC_ROOT_INO + 1 + (i))
#define ROOT_PDE_POS (ROOT_FIRST_PID_POS + PID_MAX_DEFAULT)

static struct inode *proc_root_lookup(struct inode *dir, const char *name,
				      size_t len)
{
	const struct proc_entry *e = proc_find_entry(root_entries,
						     NR_ROOT_ENTRIES, name, len);
	struct task_struct *p;
	struct inode *inode;

	if (e)
		return proc_make_inode(e, &(struct proc_inode){ .fd = -1 },
				       ROOT_ENTRY_INO(e - root_entries));
	inode = proc_pde_lookup(name, len);
	if (inode)
		return inode;
	p = proc_get_task(proc_name_to_int(name, len));
	if (!p)
		return ERR_PTR(-ENOENT);
	inode = proc_pid_dir_inode(p, false);
	put_task_struct(p);
	return inode;
}

static int proc_root_readdir(struct inode *dir, struct dir_context *ctx)
{
	if (!proc_readdir_table(ctx, root_entries, NR_ROOT_ENTRIES,
				ROOT_ENTRY_INO(0)))
		return 0;
	proc_readdir_pids(NULL, ctx, ROOT_FIRST_PID_POS, 0);
	/* Then the modules' files, once no pid is left to list. */
	if (ctx->pos < ROOT_PDE_POS) {
		struct proc_pid_slot next;

		if (proc_collect_pids(NULL, (pid_t)(ctx->pos - ROOT_FIRST_PID_POS),
				      &next, 1))
			return 0;	/* the reader is full: pids resume */
		ctx->pos = ROOT_PDE_POS;
	}
	return proc_pde_readdir(ctx, ROOT_PDE_POS);
}

static const struct inode_operations proc_root_iops = {
	.lookup = proc_root_lookup,
	.readdir = proc_root_readdir,
};

static const struct proc_entry proc_root_entry = {
	.name = "/", .mode = S_IFDIR | 0555, .iops = &proc_root_iops,
};

int proc_root_init(void)
{
	static int started;
	struct super_block *sb;
	struct inode *root;
	int err;

	if (__atomic_exchange_n(&started, 1, __ATOMIC_ACQ_REL))
		return 0;
	sb = proc_alloc_super();
	if (!sb)
		return -ENOMEM;
	root = proc_make_inode(&proc_root_entry, &(struct proc_inode){ .fd = -1 },
			       PROC_ROOT_INO);
	if (IS_ERR(root))
		return (int)PTR_ERR(root);
	sb->s_root = root;
	err = vfs_mount("/proc", sb);
	if (err)
		pr_err("proc: cannot mount on /proc (error %d)\n", err);
	return err;
}
