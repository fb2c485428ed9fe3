/*
 * Landlock's file system checks (Linux's security/landlock/fs.c), called
 * through kernel/security/security.c by the VFS before it acts.
 *
 * The question is always "may current do @access at dentry @d?". The
 * answer walks up the dentry chain, @d, its parent, ..., the root (a
 * dentry here is the path the walk took, so the chain crosses mount
 * points the way Linux's follow_up() does and ignores chroot), and
 * collects for every layer of the domain what that layer's rules grant
 * there:
 *
 *   /            layer 1: rule READ_FILE|READ_DIR
 *   /srv         layer 2: rule READ_FILE
 *   /srv/a.txt   READ_FILE asked: layer 1 grants (from /), layer 2
 *                grants (from /srv): allowed. WRITE_FILE asked: a
 *                layer that handles it grants it nowhere: EACCES.
 *
 * Moving a file to another directory (link, rename) asks REFER of both
 * directories, and the file must gain no right by the move; a refusal
 * for that reason is EXDEV (which mv answers by copying), one for a
 * missing make or remove right EACCES.
 */
#include "kernel/cred.h"
#include "kernel/fs/vfs.h"
#include "kernel/security/landlock/landlock.h"
#include "lib/errno.h"
#include "lib/string.h"

#define MAX_LAYERS LANDLOCK_MAX_NUM_LAYERS

/* What each layer (index num_layers - 1) grants, once the walk is done. */
struct layer_grants {
	access_mask_t granted[MAX_LAYERS];
};

/* Files of the kernel's own mounts (anonymous inodes, pipes, sockets)
 * are reached through no path: never restricted (Linux's
 * is_nouser_or_private()). */
static bool is_private(const struct dentry *d)
{
	return !d || (d->d_inode->i_sb->s_flags & SB_KERNMOUNT);
}

/* Add to @g what @dom's layers grant on @inode itself. */
static void grants_on(const struct landlock_ruleset *dom,
		      const struct inode *inode, struct layer_grants *g)
{
	const struct landlock_ruleset *layer;

	for (layer = dom; layer; layer = layer->parent) {
		const struct landlock_rule *rule =
			landlock_find_rule(layer, inode);

		if (rule)
			g->granted[layer->num_layers - 1] |= rule->access;
	}
}

/* What @dom's layers grant at @d: rules on @d and all its ancestors. */
static void collect_grants(const struct landlock_ruleset *dom,
			   const struct dentry *d, struct layer_grants *g)
{
	memset(g, 0, sizeof(*g));
	for (;; d = d->d_parent) {
		grants_on(dom, d->d_inode, g);
		if (d->d_parent == d)
			break;		/* the root is its own parent */
	}
}

/* The rights of @request that some layer handles and @g does not grant. */
static access_mask_t denied(const struct landlock_ruleset *dom,
			    const struct layer_grants *g,
			    access_mask_t request)
{
	const struct landlock_ruleset *layer;
	access_mask_t missing = 0;

	for (layer = dom; layer; layer = layer->parent) {
		access_mask_t handled = layer->handled |
					LANDLOCK_ACCESS_INITIALLY_DENIED;

		missing |= request & handled & ~g->granted[layer->num_layers - 1];
	}
	return missing;
}

/* May current have @access at @d? 0 or -EACCES. */
static int check_access_path(struct dentry *d, access_mask_t access)
{
	const struct landlock_ruleset *dom = landlock_get_current_domain();
	struct layer_grants g;

	if (!dom || !access || is_private(d))
		return 0;
	collect_grants(dom, d, &g);
	return denied(dom, &g, access) ? -EACCES : 0;
}

/* The right that making a file of @mode needs (Linux's get_mode_access()). */
static access_mask_t get_mode_access(unsigned int mode)
{
	switch (mode & S_IFMT) {
	case S_IFLNK:
		return LANDLOCK_ACCESS_FS_MAKE_SYM;
	case S_IFDIR:
		return LANDLOCK_ACCESS_FS_MAKE_DIR;
	case S_IFCHR:
		return LANDLOCK_ACCESS_FS_MAKE_CHAR;
	case S_IFBLK:
		return LANDLOCK_ACCESS_FS_MAKE_BLOCK;
	case S_IFIFO:
		return LANDLOCK_ACCESS_FS_MAKE_FIFO;
	case S_IFSOCK:
		return LANDLOCK_ACCESS_FS_MAKE_SOCK;
	default:
		return LANDLOCK_ACCESS_FS_MAKE_REG;
	}
}

/* The right removing @d needs (none: no such file). */
static access_mask_t maybe_remove(const struct dentry *d)
{
	if (!d)
		return 0;
	return S_ISDIR(d->d_inode->i_mode) ? LANDLOCK_ACCESS_FS_REMOVE_DIR :
					     LANDLOCK_ACCESS_FS_REMOVE_FILE;
}

/*
 * Would @child, moved beneath @to, gain a right some layer denies it
 * where it is (beneath @from)? Only the rights that apply to a file
 * count for a file. Rules above the common ancestor weigh the same on
 * both sides, so walking both chains to the root is fair.
 */
static bool gains_access(const struct landlock_ruleset *dom,
			 const struct dentry *child,
			 const struct layer_grants *from,
			 const struct layer_grants *to)
{
	access_mask_t scope = S_ISDIR(child->d_inode->i_mode) ?
			      LANDLOCK_MASK_ACCESS_FS : LANDLOCK_ACCESS_FILE;
	const struct landlock_ruleset *layer;
	struct layer_grants own = *from;

	grants_on(dom, child->d_inode, &own);	/* the child's own rules */
	for (layer = dom; layer; layer = layer->parent) {
		unsigned int i = layer->num_layers - 1;

		if (to->granted[i] & layer->handled & scope & ~own.granted[i])
			return true;
	}
	return false;
}

/*
 * Linux's current_check_refer_path(): @old (in @old_dir) gets a name in
 * @new_dir, replacing or (@exchange) swapping with @new when not NULL;
 * @removable: a rename, which takes the old name away.
 */
static int check_refer(struct dentry *old_dir, struct dentry *old,
		       struct dentry *new_dir, struct dentry *new,
		       bool removable, bool exchange)
{
	const struct landlock_ruleset *dom = landlock_get_current_domain();
	access_mask_t req_src = 0, req_dst, missing;
	struct layer_grants src, dst;
	bool gains;

	if (!dom || is_private(old))
		return 0;
	req_dst = get_mode_access(old->d_inode->i_mode);
	if (exchange)
		req_src = get_mode_access(new->d_inode->i_mode);
	if (removable) {
		req_src |= maybe_remove(old);
		req_dst |= maybe_remove(new);
	}
	if (old_dir->d_inode == new_dir->d_inode)	/* no reparenting */
		return check_access_path(new_dir, req_src | req_dst);
	req_src |= LANDLOCK_ACCESS_FS_REFER;
	req_dst |= LANDLOCK_ACCESS_FS_REFER;
	collect_grants(dom, old_dir, &src);
	collect_grants(dom, new_dir, &dst);
	missing = denied(dom, &src, req_src) | denied(dom, &dst, req_dst);
	gains = gains_access(dom, old, &src, &dst) ||
		(exchange && gains_access(dom, new, &dst, &src));
	if (missing & ~LANDLOCK_ACCESS_FS_REFER)
		return -EACCES;		/* EACCES comes before EXDEV */
	return missing || gains ? -EXDEV : 0;
}

/* ---- the hooks ---- */

/* open(2): read, write, readdir (Linux's get_file_access()); O_PATH
 * asks for nothing. */
int landlock_file_open(struct file *file)
{
	access_mask_t access = 0;

	if (file->f_mode & FMODE_READ)
		access = S_ISDIR(file->f_inode->i_mode) ?
			 LANDLOCK_ACCESS_FS_READ_DIR :
			 LANDLOCK_ACCESS_FS_READ_FILE;
	if (file->f_mode & FMODE_WRITE)
		access |= LANDLOCK_ACCESS_FS_WRITE_FILE;
	return check_access_path(file->f_dentry, access);
}

/* execve(2): Linux opens the program with FMODE_READ and __FMODE_EXEC,
 * so it needs both rights. */
int landlock_file_open_exec(struct dentry *d)
{
	return check_access_path(d, LANDLOCK_ACCESS_FS_EXECUTE |
				 LANDLOCK_ACCESS_FS_READ_FILE);
}

/* A new name of type @mode in @dir: mknod, mkdir, symlink, O_CREAT. */
int landlock_path_mknod(struct dentry *dir, unsigned int mode)
{
	return check_access_path(dir, get_mode_access(mode));
}

/* unlink(2) or rmdir(2) of @victim in @dir. */
int landlock_path_remove(struct dentry *dir, struct dentry *victim)
{
	return check_access_path(dir, maybe_remove(victim));
}

/* link(2): a new name in @new_dir for @old. */
int landlock_path_link(struct dentry *old, struct dentry *new_dir)
{
	return check_refer(old->d_parent, old, new_dir, NULL, false, false);
}

/* rename(2): @old from @old_dir to @new_dir (over @new, or swapped). */
int landlock_path_rename(struct dentry *old_dir, struct dentry *old,
			 struct dentry *new_dir, struct dentry *new,
			 bool exchange)
{
	return check_refer(old_dir, old, new_dir, new, true, exchange);
}
