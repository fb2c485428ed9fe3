/*
 * /sys/kernel: the kernel's own tunables as sysfs files (Linux's
 * kernel/ksysfs.c and the kobjects mm/hugetlb.c adds). Taskbase has the
 * mount point of tracefs, /sys/kernel/tracing (kernel/trace/tracefs.c),
 * and one branch of files, the huge page pool of kernel/mm/hugetlb.c:
 *
 *   /sys/kernel/mm/hugepages/hugepages-2048kB/
 *       nr_hugepages        the pool's size; writable, as
 *                           /proc/sys/vm/nr_hugepages
 *       free_hugepages      not in use
 *       resv_hugepages      promised to mappings, not faulted in yet
 *       surplus_hugepages   above nr_hugepages (never, here)
 *
 * Programs look for the hugepages-<size>kB directory to learn which
 * huge page sizes exist (LTP's tst_hugepage, memfd_create's MFD_HUGE_*).
 * The tree is a fixed table: each entry names its directory's key.
 */
#include "kernel/fs/sysfs/sysfs.h"
#include "kernel/mm/hugetlb.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

#define HUGEPAGES_DIR "kernel/mm/hugepages/hugepages-2048kB"

struct sysfs_node {
	const char *dir;		/* the key of its directory */
	const char *name;
	umode_t perm;
	const struct sysfs_ops *ops;	/* NULL: a directory */
};

/* The pool count a file of HUGEPAGES_DIR shows, by its name. */
static int hugepages_show(struct seq_buf *m, void *key)
{
	const char *name = strrchr(key, '/') + 1;
	struct hugetlb_counts c;
	u64 v;

	hugetlb_counts(&c);
	v = !strcmp(name, "nr_hugepages") ? c.total :
	    !strcmp(name, "free_hugepages") ? c.free :
	    !strcmp(name, "resv_hugepages") ? c.resv : c.surplus;
	seq_printf(m, "%lu\n", (unsigned long)v);
	return 0;
}

static int nr_hugepages_store(const char *key, const char *buf, size_t len)
{
	u64 n;

	if (kstrtoull(buf, 10, &n))
		return -EINVAL;
	hugetlb_set_pool(n);
	return 0;
}

static const struct sysfs_ops hugepages_ro = { .show = hugepages_show };
static const struct sysfs_ops hugepages_rw = {
	.show = hugepages_show, .store = nr_hugepages_store,
};

static const struct sysfs_node nodes[] = {
	{ "kernel", "mm", 0, NULL },
	{ "kernel/mm", "hugepages", 0, NULL },
	{ "kernel/mm/hugepages", "hugepages-2048kB", 0, NULL },
	{ HUGEPAGES_DIR, "free_hugepages", 0444, &hugepages_ro },
	{ HUGEPAGES_DIR, "nr_hugepages", 0644, &hugepages_rw },
	{ HUGEPAGES_DIR, "resv_hugepages", 0444, &hugepages_ro },
	{ HUGEPAGES_DIR, "surplus_hugepages", 0444, &hugepages_ro },
};

/* /sys/kernel/tracing, where the boot mounts tracefs (kernel/trace/):
 * made once and kept (S_STABLE), as a mount point must be. */
static struct inode *tracing_mountpoint;

int sysfs_kernel_init(void)
{
	return sysfs_new_mountpoint("kernel/tracing", &tracing_mountpoint);
}

static struct inode *kernel_sysfs_lookup(struct inode *dir, const char *name,
					 size_t len)
{
	const char *dkey = sysfs_key(dir);
	char key[96];

	if (!strcmp(dkey, "kernel") && len == 7 && !memcmp(name, "tracing", 7) &&
	    tracing_mountpoint)
		return igrab(tracing_mountpoint);

	for (size_t i = 0; i < ARRAY_SIZE(nodes); i++) {
		const struct sysfs_node *n = &nodes[i];

		if (strcmp(n->dir, dkey) || strlen(n->name) != len ||
		    memcmp(n->name, name, len))
			continue;
		snprintf(key, sizeof(key), "%s/%s", dkey, n->name);
		return n->ops ? sysfs_new_file(n->perm, n->ops, key)
			      : sysfs_new_dir(&kernel_sysfs_iops, key);
	}
	return ERR_PTR(-ENOENT);
}

static int kernel_sysfs_readdir(struct inode *dir, struct dir_context *ctx)
{
	const char *dkey = sysfs_key(dir);
	u64 seen = 0;

	for (size_t i = 0; i < ARRAY_SIZE(nodes); i++) {
		const struct sysfs_node *n = &nodes[i];
		size_t len = strlen(n->name);

		if (strcmp(n->dir, dkey) || seen++ < ctx->pos - 2)
			continue;
		if (!dir_emit(ctx, n->name, len, sysfs_ino(dkey, n->name, len),
			      n->ops ? DT_REG : DT_DIR))
			return 0;
	}
	if (!strcmp(dkey, "kernel") && tracing_mountpoint && seen++ >= ctx->pos - 2)
		dir_emit(ctx, "tracing", 7, tracing_mountpoint->i_ino, DT_DIR);
	return 0;
}

const struct inode_operations kernel_sysfs_iops = {
	.lookup = kernel_sysfs_lookup,
	.readdir = kernel_sysfs_readdir,
};
