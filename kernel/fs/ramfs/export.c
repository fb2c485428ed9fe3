/*
 * File handles of tmpfs (Linux's mm/shmem.c shmem_export_ops): a handle
 * is three words, the inode's generation and its 64-bit number split in
 * two, of type FILEID_INO32_GEN. Numbers are never given twice in an
 * instance (new_inode() counts up), and the random generation makes a
 * handle of another instance's inode with the same number fail too.
 *
 * To find an inode by number there is one table of the live ramfs
 * inodes of every instance, hashed by super block and i_ino (Linux's
 * inode_hashtable; inode->i_hash under ino_hash_lock): ramfs_new_inode()
 * puts each inode in, ramfs_evict() takes it out.
 *
 * A ramfs inode does not know its names, and a Taskbase dentry is the
 * path from "/", so fh_to_dentry searches the mount's tree for the inode
 * (depth first, ramfs_lock held, no recursion) and builds the dentries
 * of the path it found. An inode with no name left under the mount's
 * root (unlinked while open, or covered by another mount) is stale.
 */
#include "kernel/fs/exportfs.h"
#include "kernel/fs/ramfs/internal.h"
#include "kernel/locking/lockdep.h"
#include "kernel/mm/slab.h"
#include "kernel/random.h"
#include "lib/bug.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"

#define FH_WORDS 3		/* generation, ino low, ino high */
#define CONNECT_DEPTH 64	/* deepest path fh_to_dentry looks */
#define INO_HASH_SIZE 256	/* buckets of ino_hash */

/* Every live ramfs inode by (super block, i_ino), as Linux's
 * inode_hashtable; set up at the first use, under ino_hash_lock. */
static struct list_head ino_hash[INO_HASH_SIZE];
static bool ino_hash_ready;
static DEFINE_SPINLOCK(ino_hash_lock);

/* ino_hash_lock held: the bucket of inode @ino of @sb. */
static struct list_head *ino_bucket(struct super_block *sb, u64 ino)
{
	lockdep_assert_held(&ino_hash_lock);
	if (!ino_hash_ready) {
		for (int i = 0; i < INO_HASH_SIZE; i++)
			INIT_LIST_HEAD(&ino_hash[i]);
		ino_hash_ready = true;
	}
	return &ino_hash[(ino ^ ((uintptr_t)sb >> 6)) % INO_HASH_SIZE];
}

void ramfs_hash_inode(struct inode *inode)
{
	BUG_ON(!RI(inode) || inode->i_sb->evict_inode != ramfs_evict);
	RI(inode)->i_generation = (u32)get_random_u64();
	spin_lock(&ino_hash_lock);
	list_add(&inode->i_hash, ino_bucket(inode->i_sb, inode->i_ino));
	spin_unlock(&ino_hash_lock);
}

void ramfs_unhash_inode(struct inode *inode)
{
	BUG_ON(refcount_read(&inode->i_count));
	spin_lock(&ino_hash_lock);
	list_del_init(&inode->i_hash);
	spin_unlock(&ino_hash_lock);
}

/* The live inode @ino of @sb if its generation is @gen, referenced; or
 * NULL. One whose last reference is going (iput() before ramfs_evict()
 * took it out) is gone already. */
static struct inode *ramfs_ilookup(struct super_block *sb, u64 ino, u32 gen)
{
	struct inode *inode, *found = NULL;

	spin_lock(&ino_hash_lock);
	list_for_each_entry(inode, ino_bucket(sb, ino), i_hash) {
		if (inode->i_sb != sb || inode->i_ino != ino ||
		    RI(inode)->i_generation != gen)
			continue;
		if (refcount_inc_not_zero(&inode->i_count))
			found = inode;
		break;
	}
	spin_unlock(&ino_hash_lock);
	return found;
}

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

/* ramfs_lock held: search the tree under @dir for @target, depth first
 * without recursion; the path's depth (its last level), or -1. */
static int connect_search(struct connect_walk *w, struct inode *dir,
			  struct inode *target)
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
		if (inode == target)
			return depth;
		if (!S_ISDIR(inode->i_mode) || (inode->i_flags & S_MOUNTPOINT) ||
		    depth + 1 == CONNECT_DEPTH)
			continue;
		depth++;
		w->head[depth] = w->pos[depth] = &RI(inode)->children;
	}
	return -1;
}

/* @target's dentry under @root, built along the path the search found:
 * referenced, or NULL (no name under @root). */
static struct dentry *ramfs_connect(struct dentry *root, struct inode *target)
{
	struct connect_walk *w = kmalloc(sizeof(*w), GFP_KERNEL);
	struct dentry *d = dget(root), *child;
	int depth;

	if (!w) {
		dput(d);
		return ERR_PTR(-ENOMEM);
	}
	spin_lock(&ramfs_lock);
	depth = connect_search(w, root->d_inode, target);
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
	struct super_block *sb = root->d_inode->i_sb;
	struct inode *inode;
	struct dentry *d;

	BUG_ON(sb->evict_inode != ramfs_evict);
	if (fh_len < FH_WORDS || fh_type != FILEID_INO32_GEN)
		return NULL;
	inode = ramfs_ilookup(sb, fh[1] | (u64)fh[2] << 32, fh[0]);
	if (!inode)
		return NULL;
	d = inode == root->d_inode ? dget(root) : ramfs_connect(root, inode);
	iput(inode);
	return d;
}

const struct export_operations ramfs_export_ops = {
	.encode_fh = ramfs_encode_fh,
	.fh_to_dentry = ramfs_fh_to_dentry,
};
