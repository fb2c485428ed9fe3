/*
 * File handles of tmpfs (Linux's mm/shmem.c shmem_export_ops): a handle
 * is three words, the inode's generation and its 64-bit number split in
 * two, of type FILEID_INO32_GEN. Numbers are never given twice in an
 * instance (new_inode() counts up), and the random generation makes a
 * handle of another instance's inode with the same number fail too.
 *
 * A ramfs inode does not know its names, and a Taskbase dentry is the
 * path from "/", so fh_to_dentry searches the mount's tree for the
 * inode of that number and generation (depth first, ramfs_lock held,
 * no recursion) and builds the dentries of the path it found: the
 * search is the lookup by number too, so no table of inodes by number
 * is kept. An inode with no name left under the mount's root (unlinked
 * while open, or covered by another mount) is stale.
 */
#include "kernel/fs/exportfs.h"
#include "kernel/fs/ramfs/internal.h"
#include "kernel/locking/lockdep.h"
#include "kernel/mm/slab.h"
#include "lib/bug.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"

#define FH_WORDS 3		/* generation, ino low, ino high */
#define CONNECT_DEPTH 64	/* deepest path fh_to_dentry looks */

static int ramfs_encode_fh(struct inode *inode, u32 *fh, int *max_len)
{
	BUG_ON(inode->i_sb->evict_inode != ramfs_evict);
	if (*max_len < FH_WORDS) {
		*max_len = FH_WORDS;
		return FILEID_INVALID;
	}
	fh[0] = RI(inode)->i_generation;
	fh[1] = (u32)inode->i_ino;
	fh[2] = (u32)(inode->i_ino >> 32);
	*max_len = FH_WORDS;
	return FILEID_INO32_GEN;
}

/* The search's state: the entry taken at each level of the path. */
struct connect_walk {
	struct list_head *pos[CONNECT_DEPTH];	/* a dirent's node, or the
						 * children list at its start */
	struct list_head *head[CONNECT_DEPTH];	/* that level's list */
	struct inode *inode[CONNECT_DEPTH];	/* referenced once found */
	char *name[CONNECT_DEPTH];		/* into names */
	u32 len[CONNECT_DEPTH];
	char names[PATH_MAX];
};

/* ramfs_lock held: the path @w->pos[0..depth] was found: copy its names
 * and take a reference on each inode on it. False (nothing taken): the
 * names are longer than PATH_MAX. */
static bool connect_copy(struct connect_walk *w, int depth)
{
	struct ramfs_dirent *de;
	size_t total = 0;
	char *p = w->names;

	for (int i = 0; i <= depth; i++)
		total += list_entry(w->pos[i], struct ramfs_dirent, node)->len;
	if (total > sizeof(w->names))
		return false;
	for (int i = 0; i <= depth; i++) {
		de = list_entry(w->pos[i], struct ramfs_dirent, node);
		w->inode[i] = igrab(de->inode);
		w->name[i] = p;
		w->len[i] = de->len;
		memcpy(p, de->name, de->len);
		p += de->len;
	}
	return true;
}

/* Is @inode the one numbered @ino with generation @gen? */
static bool ino_gen_is(struct inode *inode, u64 ino, u32 gen)
{
	return inode->i_ino == ino && RI(inode)->i_generation == gen;
}

/* ramfs_lock held: search the tree under @dir for inode @ino of
 * generation @gen, depth first without recursion; the path's depth (its
 * last level), or -1. */
static int connect_search(struct connect_walk *w, struct inode *dir,
			  u64 ino, u32 gen)
{
	int depth = 0;

	lockdep_assert_held(&ramfs_lock);
	w->head[0] = w->pos[0] = &RI(dir)->children;
	while (depth >= 0) {
		struct ramfs_dirent *de;
		struct inode *inode;

		w->pos[depth] = w->pos[depth]->next;
		if (w->pos[depth] == w->head[depth]) {
			depth--;			/* this list is done */
			continue;
		}
		de = list_entry(w->pos[depth], struct ramfs_dirent, node);
		inode = de->inode;
		if (ino_gen_is(inode, ino, gen))
			return depth;
		if (!S_ISDIR(inode->i_mode) || (inode->i_flags & S_MOUNTPOINT) ||
		    depth + 1 == CONNECT_DEPTH)
			continue;
		depth++;
		w->head[depth] = w->pos[depth] = &RI(inode)->children;
	}
	return -1;
}

/* The dentry of inode @ino of generation @gen under @root, built along
 * the path the search found: referenced, or NULL (no name under @root). */
static struct dentry *ramfs_connect(struct dentry *root, u64 ino, u32 gen)
{
	struct connect_walk *w = kmalloc(sizeof(*w), GFP_KERNEL);
	struct dentry *d = dget(root), *child;
	int depth;

	if (!w) {
		dput(d);
		return ERR_PTR(-ENOMEM);
	}
	spin_lock(&ramfs_lock);
	depth = connect_search(w, root->d_inode, ino, gen);
	if (depth >= 0 && !connect_copy(w, depth))
		depth = -1;
	spin_unlock(&ramfs_lock);
	for (int i = 0; i <= depth; i++) {
		child = d ? d_alloc(d, w->name[i], w->len[i], w->inode[i]) : NULL;
		if (!child)
			iput(w->inode[i]);
		if (d)
			dput(d);		/* the child holds its parent */
		d = child;
	}
	kfree(w);
	if (depth < 0) {
		dput(d);
		return NULL;
	}
	return d ? d : ERR_PTR(-ENOMEM);
}

static struct dentry *ramfs_fh_to_dentry(struct dentry *root, const u32 *fh,
					 int fh_len, int fh_type)
{
	u64 ino;

	BUG_ON(root->d_inode->i_sb->evict_inode != ramfs_evict);
	if (fh_len < FH_WORDS || fh_type != FILEID_INO32_GEN)
		return NULL;
	ino = fh[1] | (u64)fh[2] << 32;
	if (ino_gen_is(root->d_inode, ino, fh[0]))
		return dget(root);
	return ramfs_connect(root, ino, fh[0]);
}

const struct export_operations ramfs_export_ops = {
	.encode_fh = ramfs_encode_fh,
	.fh_to_dentry = ramfs_fh_to_dentry,
};
