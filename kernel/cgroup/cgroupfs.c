/*
 * The cgroup2 file system (Linux's kernel/cgroup/cgroup.c with kernfs
 * under it): one super block, one directory inode per cgroup, kept as
 * long as the cgroup is in the tree, and the files of each directory,
 * made afresh at every lookup as /proc's are (Linux's cgroup_base_files
 * and the pids controller's):
 *
 *   cgroup.procs, cgroup.threads      the pids in it; write one to move it
 *   cgroup.controllers                what it may give its children
 *   cgroup.subtree_control            what it gives them: "+pids -pids"
 *   cgroup.events                     "populated 0|1" (not on the root)
 *   cgroup.type                       "domain" (not on the root)
 *   cgroup.max.descendants, .depth    limits on mkdir below it
 *   cgroup.stat                       nr_descendants, nr_dying_descendants
 *   pids.max, pids.current, pids.events   when the parent enables pids
 *
 * A file's owner is its directory's: chown the directory of a cgroup
 * and its files follow (Linux chowns each file; delegation is chown -R).
 */
#include "kernel/cgroup/internal.h"
#include "kernel/cred.h"
#include "kernel/fs/mount.h"
#include "kernel/fs/seq_buf.h"
#include "kernel/mm/slab.h"
#include "kernel/printk/printk.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"

struct super_block *cgroup_sb;

#define CFT_NOT_ON_ROOT 0x1	/* the root has no such file */
#define CFT_PIDS 0x2		/* only where the parent enables pids */

/* One kind of file in a cgroup directory (Linux's struct cftype). Both
 * functions run with cgroup_mutex held; write gets the stripped text. */
struct cftype {
	const char *name;
	umode_t mode;
	unsigned int flags;
	int (*show)(struct seq_buf *m, struct cgroup *cg);
	int (*write)(struct cgroup *cg, const char *buf);
};

/* What a file inode's i_private points to. */
struct cgroup_file {
	struct cgroup *cg;		/* referenced */
	const struct cftype *cft;
};

/* ---- the core files ---- */

static const char *const controller_names[] = { "pids" };

/* The names of the controllers in @mask, space-separated, a newline. */
static void show_controllers(struct seq_buf *m, unsigned int mask)
{
	const char *sep = "";

	for (size_t i = 0; i < ARRAY_SIZE(controller_names); i++) {
		if (mask & (1u << i)) {
			seq_printf(m, "%s%s", sep, controller_names[i]);
			sep = " ";
		}
	}
	seq_putc(m, '\n');
}

static int procs_show(struct seq_buf *m, struct cgroup *cg)
{
	cgroup_show_tasks(m, cg, true);
	return 0;
}

static int threads_show(struct seq_buf *m, struct cgroup *cg)
{
	cgroup_show_tasks(m, cg, false);
	return 0;
}

static int procs_write(struct cgroup *cg, const char *buf)
{
	return cgroup_procs_write(cg, buf, true);
}

static int threads_write(struct cgroup *cg, const char *buf)
{
	return cgroup_procs_write(cg, buf, false);
}

static int controllers_show(struct seq_buf *m, struct cgroup *cg)
{
	show_controllers(m, cgroup_control(cg));
	return 0;
}

static int subtree_show(struct seq_buf *m, struct cgroup *cg)
{
	show_controllers(m, cg->subtree_control);
	return 0;
}

/* One word of cgroup.subtree_control: its controller bit, or -EINVAL
 * (no '+'/'-', or a name no controller has). */
static int controller_bit(const char *tok, size_t len)
{
	for (size_t i = 0; i < ARRAY_SIZE(controller_names); i++) {
		const char *n = controller_names[i];

		if (len == strlen(n) + 1 && !memcmp(tok + 1, n, len - 1) &&
		    (tok[0] == '+' || tok[0] == '-'))
			return 1 << i;
	}
	return -EINVAL;
}

/* Linux's cgroup_subtree_control_write(): parse every word first, then
 * enable only what cgroup.controllers offers (ENOENT) and disable only
 * what no child still enables below (EBUSY). Only threaded controllers
 * exist here, which may be enabled beside processes. */
static int subtree_write(struct cgroup *cg, const char *buf)
{
	unsigned int enable = 0, disable = 0;
	struct cgroup *child;

	while (*buf) {
		size_t len = 0;
		int bit;

		while (buf[len] && buf[len] != ' ')
			len++;
		bit = len ? controller_bit(buf, len) : 0;

		if (bit < 0)
			return bit;
		if (len && buf[0] == '+') {
			enable |= bit;
			disable &= ~bit;
		} else if (len) {
			disable |= bit;
			enable &= ~bit;
		}
		buf += len + (buf[len] == ' ');
	}
	if (enable & ~cgroup_control(cg))
		return -ENOENT;
	list_for_each_entry(child, &cg->children, sibling)
		if (child->subtree_control & disable & cg->subtree_control)
			return -EBUSY;
	cg->subtree_control = (cg->subtree_control | enable) & ~disable;
	list_for_each_entry(child, &cg->children, sibling)
		if (disable & CGRP_PIDS)
			child->pids_max = PIDS_NO_LIMIT;	/* its state goes */
	return 0;
}

static int events_show(struct seq_buf *m, struct cgroup *cg)
{
	seq_printf(m, "populated %d\nfrozen 0\n", cg->nr_populated ? 1 : 0);
	return 0;
}

static int type_show(struct seq_buf *m, struct cgroup *cg)
{
	seq_puts(m, "domain\n");
	return 0;
}

/* Linux accepts only "threaded"; threaded cgroups are not built here. */
static int type_write(struct cgroup *cg, const char *buf)
{
	return strcmp(buf, "threaded") ? -EINVAL : -EOPNOTSUPP;
}

static void show_max(struct seq_buf *m, int v)
{
	if (v == CGRP_MAX_VALUE)
		seq_puts(m, "max\n");
	else
		seq_printf(m, "%d\n", v);
}

/* "max" or a number >= 0 into *@v: 0 or -EINVAL / -ERANGE. */
static int parse_max(const char *buf, int *v)
{
	int n, err;

	if (!strcmp(buf, "max")) {
		*v = CGRP_MAX_VALUE;
		return 0;
	}
	err = kstrtoint(buf, 0, &n);
	if (err)
		return err;
	if (n < 0)
		return -EINVAL;
	*v = n;
	return 0;
}

static int max_desc_show(struct seq_buf *m, struct cgroup *cg)
{
	show_max(m, cg->max_descendants);
	return 0;
}

static int max_desc_write(struct cgroup *cg, const char *buf)
{
	return parse_max(buf, &cg->max_descendants);
}

static int max_depth_show(struct seq_buf *m, struct cgroup *cg)
{
	show_max(m, cg->max_depth);
	return 0;
}

static int max_depth_write(struct cgroup *cg, const char *buf)
{
	return parse_max(buf, &cg->max_depth);
}

static int stat_show(struct seq_buf *m, struct cgroup *cg)
{
	seq_printf(m, "nr_descendants %d\nnr_dying_descendants %d\n",
		   cg->nr_descendants, atomic_read(&cg->nr_dying_descendants));
	return 0;
}

/* In Linux's order (cgroup_base_files, then the controllers'). */
static const struct cftype cgroup_files[] = {
	{ "cgroup.type", 0644, CFT_NOT_ON_ROOT, type_show, type_write },
	{ "cgroup.procs", 0644, 0, procs_show, procs_write },
	{ "cgroup.threads", 0644, 0, threads_show, threads_write },
	{ "cgroup.controllers", 0444, 0, controllers_show, NULL },
	{ "cgroup.subtree_control", 0644, 0, subtree_show, subtree_write },
	{ "cgroup.events", 0444, CFT_NOT_ON_ROOT, events_show, NULL },
	{ "cgroup.max.descendants", 0644, 0, max_desc_show, max_desc_write },
	{ "cgroup.max.depth", 0644, 0, max_depth_show, max_depth_write },
	{ "cgroup.stat", 0444, 0, stat_show, NULL },
	{ "pids.current", 0444, CFT_PIDS, pids_current_show, NULL },
	{ "pids.events", 0444, CFT_PIDS, pids_events_show, NULL },
	{ "pids.max", 0644, CFT_PIDS, pids_max_show, pids_max_write },
};

/* cgroup_mutex held: does @cg's directory show file @cft? */
static bool cft_visible(const struct cftype *cft, const struct cgroup *cg)
{
	if ((cft->flags & CFT_NOT_ON_ROOT) && !cg->parent)
		return false;
	return !(cft->flags & CFT_PIDS) || pids_enabled(cg);
}

/* ---- file inodes ---- */

static int cgroup_file_show(struct seq_buf *m, void *data)
{
	struct cgroup_file *cf = data;
	int ret;

	mutex_lock(&cgroup_mutex);
	ret = cf->cft->show(m, cf->cg);
	mutex_unlock(&cgroup_mutex);
	return ret;
}

/* One write() of a cgroup file: the text without surrounding blanks,
 * to the file's write(); -ENODEV once the cgroup is removed. */
static int cgroup_file_store(void *data, const char *buf, size_t len)
{
	struct cgroup_file *cf = data;
	int ret;

	while (len && (buf[len - 1] == ' ' || buf[len - 1] == '\n' ||
		       buf[len - 1] == '\t'))
		((char *)buf)[--len] = '\0';
	while (*buf == ' ' || *buf == '\n' || *buf == '\t')
		buf++;
	mutex_lock(&cgroup_mutex);
	ret = cf->cg->dead ? -ENODEV : cf->cft->write(cf->cg, buf);
	mutex_unlock(&cgroup_mutex);
	return ret;
}

/* open(O_TRUNC), as in "echo 1 > cgroup.procs", changes nothing. */
static int cgroup_file_truncate(struct inode *inode, u64 size)
{
	return 0;
}

static const struct inode_operations cgroup_file_iops = {
	.truncate = cgroup_file_truncate,
};

/* A new inode for file @cft of @cg, referenced, or ERR_PTR(-ENOMEM). */
static struct inode *cgroup_new_file(struct cgroup *cg, const struct cftype *cft)
{
	struct cgroup_file *cf = kmalloc(sizeof(*cf), GFP_KERNEL);
	struct inode *inode = cf ? new_inode(cgroup_sb, S_IFREG | cft->mode) : NULL;

	if (!inode) {
		kfree(cf);
		return ERR_PTR(-ENOMEM);
	}
	cf->cg = cgroup_get(cg);
	cf->cft = cft;
	inode->i_private = cf;
	inode->i_ino = (1ull << 40) | (cg->id << 5) | (u64)(cft - cgroup_files);
	inode->i_uid = cg->inode->i_uid;
	inode->i_gid = cg->inode->i_gid;
	inode->i_op = &cgroup_file_iops;
	inode->i_fop = &seq_file_fops;
	inode->i_show = cgroup_file_show;
	inode->i_store = cft->write ? cgroup_file_store : NULL;
	return inode;
}

int cgroup_may_write(struct cgroup *cg)
{
	struct inode *inode = cgroup_new_file(cg, &cgroup_files[1]);
	int err;

	if (IS_ERR(inode))
		return (int)PTR_ERR(inode);
	err = inode_permission(inode, MAY_WRITE);
	iput(inode);
	return err;
}

/* ---- directories ---- */

static struct cgroup *child_named(struct cgroup *cg, const char *name, size_t len)
{
	struct cgroup *child;

	list_for_each_entry(child, &cg->children, sibling)
		if (strlen(child->name) == len && !memcmp(child->name, name, len))
			return child;
	return NULL;
}

static struct inode *cgroup_lookup(struct inode *dir, const char *name, size_t len)
{
	struct cgroup *cg = dir->i_private, *child;
	struct inode *inode = ERR_PTR(-ENOENT);

	mutex_lock(&cgroup_mutex);
	child = cg->dead ? NULL : child_named(cg, name, len);
	if (child)
		inode = igrab(child->inode);
	for (size_t i = 0; !child && !cg->dead && i < ARRAY_SIZE(cgroup_files); i++) {
		const struct cftype *cft = &cgroup_files[i];

		if (strlen(cft->name) == len && !memcmp(cft->name, name, len) &&
		    cft_visible(cft, cg)) {
			inode = cgroup_new_file(cg, cft);
			break;
		}
	}
	mutex_unlock(&cgroup_mutex);
	return inode;
}

/* The files first, then the children, in the order they were made. */
static int cgroup_readdir(struct inode *dir, struct dir_context *ctx)
{
	struct cgroup *cg = dir->i_private, *child;
	u64 seen = 0;

	mutex_lock(&cgroup_mutex);
	for (size_t i = 0; !cg->dead && i < ARRAY_SIZE(cgroup_files); i++) {
		const struct cftype *cft = &cgroup_files[i];

		if (!cft_visible(cft, cg) || seen++ < ctx->pos - 2)
			continue;
		if (!dir_emit(ctx, cft->name, strlen(cft->name),
			      (1ull << 40) | (cg->id << 5) | i, DT_REG))
			goto out;
	}
	list_for_each_entry(child, &cg->children, sibling) {
		if (seen++ < ctx->pos - 2)
			continue;
		if (!dir_emit(ctx, child->name, strlen(child->name), child->id,
			      DT_DIR))
			break;
	}
out:
	mutex_unlock(&cgroup_mutex);
	return 0;
}

static int cgroup_mkdir(struct inode *dir, const char *name, size_t len,
			umode_t mode)
{
	int err;

	mutex_lock(&cgroup_mutex);
	err = cgroup_mkdir_locked(dir->i_private, name, len, mode);
	mutex_unlock(&cgroup_mutex);
	return err;
}

static int cgroup_rmdir(struct inode *dir, const char *name, size_t len)
{
	struct cgroup *cg = dir->i_private, *child;
	int err;

	mutex_lock(&cgroup_mutex);
	child = child_named(cg, name, len);
	err = child ? cgroup_rmdir_locked(child) : -ENOTDIR;
	mutex_unlock(&cgroup_mutex);
	return err;
}

static const struct inode_operations cgroup_dir_iops = {
	.lookup = cgroup_lookup,
	.readdir = cgroup_readdir,
	.mkdir = cgroup_mkdir,
	.rmdir = cgroup_rmdir,
};

struct inode *cgroup_new_dir_inode(struct cgroup *cg, umode_t mode)
{
	struct inode *inode = new_inode(cgroup_sb, S_IFDIR | (mode & 07777));

	if (!inode)
		return NULL;
	inode->i_private = cgroup_get(cg);
	inode->i_op = &cgroup_dir_iops;
	inode->i_fop = &dir_fops;
	inode->i_nlink = 2;
	return inode;
}

/* The last reference to a cgroup2 inode: its cgroup loses one. */
static void cgroup_evict_inode(struct inode *inode)
{
	struct cgroup_file *cf = inode->i_private;

	if (S_ISDIR(inode->i_mode)) {
		cgroup_put(inode->i_private);
		return;
	}
	cgroup_put(cf->cg);
	kfree(cf);
}

struct cgroup *cgroup_of_file(struct file *f)
{
	struct inode *inode = f->f_inode;

	if (!inode || inode->i_sb != cgroup_sb || !S_ISDIR(inode->i_mode))
		return NULL;
	return inode->i_private;
}

/* ---- the super block ---- */

struct super_block *cgroup_get_tree(const char *type, unsigned int sb_flags,
				    char *data, char *shown, size_t size)
{
	if (data && *data)
		return ERR_PTR(-EINVAL);	/* no mount option is known */
	return cgroup_sb ? cgroup_sb : ERR_PTR(-ENODEV);
}

int cgroup_init(void)
{
	struct inode *root;
	int err;

	cgroup_sb = alloc_super("cgroup2", 0);
	if (!cgroup_sb)
		return -ENOMEM;
	cgroup_sb->evict_inode = cgroup_evict_inode;
	root = cgroup_new_dir_inode(&cgrp_root, 0755);
	if (!root)
		return -ENOMEM;
	root->i_uid = root->i_gid = 0;
	cgrp_root.inode = root;
	cgrp_root.id = root->i_ino;
	cgroup_sb->s_root = root;
	err = vfs_mount("/sys/fs/cgroup", cgroup_sb);
	if (err)
		pr_err("cgroup: cannot mount cgroup2 on /sys/fs/cgroup (error %d)\n",
		       err);
	return err;
}
