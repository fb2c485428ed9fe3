/*
 * Path lookup ("namei"): from a string such as "../etc//motd" to a dentry,
 * one component at a time, as Linux's link_path_walk():
 *
 *   - an absolute path starts at current's root, a relative one at the
 *     start directory (the cwd, or an openat() dirfd);
 *   - repeated slashes are one; "." stays; ".." goes to the parent dentry
 *     (and stays at the root); a trailing slash demands a directory;
 *   - each step asks the directory's i_op->lookup() for the inode and
 *     crosses onto a file system mounted there;
 *   - a symlink is followed when it is not the last component, or when
 *     the caller asks (LOOKUP_FOLLOW): its target is walked from the
 *     symlink's directory (or the root), nested at most MAXSYMLINKS deep
 *     and at most 40 in all (ELOOP); a magic link (/proc/<pid>/fd/N)
 *     jumps to the dentry it stands for (i_op->get_magic()).
 *
 * openat2's RESOLVE_* flags (LOOKUP_NO_* and LOOKUP_BENEATH/IN_ROOT
 * below) narrow the walk: no symlinks or no magic links (ELOOP), no
 * mount crossed (EXDEV), nothing above the start directory (EXDEV for
 * BENEATH; IN_ROOT makes it the root, so "/" and ".." stop there).
 *
 * Errors: ENOENT (missing, or an empty path), ENOTDIR (a component that
 * is not a directory), ENAMETOOLONG (a component over NAME_MAX bytes, a
 * path of PATH_MAX or more).
 *
 * Also here: open() with O_CREAT or O_TMPFILE, and unlink/rmdir, which
 * walk to the parent directory and act on the last name (mkdir and
 * rename: link.c).
 */
#include "kernel/cred.h"
#include "kernel/fs/notify/fsnotify.h"
#include "kernel/fs/vfs.h"
#include "kernel/mm/slab.h"
#include "kernel/security/security.h"
#include "lib/bug.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

#define MAX_LINKS_TOTAL 40

struct nameidata {
	struct dentry *root;	/* where "/" and ".." at the top lead */
	struct dentry *base;	/* LOOKUP_BENEATH: the start, not to leave */
	unsigned int flags;	/* LOOKUP_* of the whole walk */
	int depth;		/* symlinks being followed, nested */
	int total_links;	/* symlinks followed in this walk */
};

static struct dentry *walk(struct nameidata *nd, struct dentry *cur,
			   const char *p, const char *end, unsigned int flags);

struct dentry *lookup_one(struct dentry *dir, const char *name, size_t len)
{
	struct inode *d = dir->d_inode, *inode, *mounted;
	struct dentry *child;
	int err;

	if (!S_ISDIR(d->i_mode) || !d->i_op || !d->i_op->lookup)
		return ERR_PTR(-ENOTDIR);
	err = inode_permission(d, MAY_EXEC);
	if (err)
		return ERR_PTR(err);
	if (len > NAME_MAX)
		return ERR_PTR(-ENAMETOOLONG);
	inode = d->i_op->lookup(d, name, len);
	if (IS_ERR(inode))
		return (struct dentry *)inode;
	if (inode->i_flags & S_MOUNTPOINT) {
		mounted = lookup_mount(inode);
		if (mounted) {
			iput(inode);
			inode = mounted;
		}
	}
	child = d_alloc(dir, name, len, inode);
	if (!child) {
		iput(inode);
		return ERR_PTR(-ENOMEM);
	}
	return child;
}

/* Magic link @inode: the dentry it stands for (ELOOP for
 * RESOLVE_NO_MAGICLINKS; EXDEV when scoped: it may lead anywhere), or
 * NULL for an ordinary symlink. */
static struct dentry *follow_magic(struct nameidata *nd, struct inode *inode)
{
	struct dentry *res;

	if (!inode->i_op || !inode->i_op->get_magic)
		return NULL;
	res = inode->i_op->get_magic(inode);
	if (!res || IS_ERR(res) ||
	    !(nd->flags & (LOOKUP_NO_MAGICLINKS | LOOKUP_SCOPED)))
		return res;
	dput(res);
	return ERR_PTR(nd->flags & LOOKUP_NO_MAGICLINKS ? -ELOOP : -EXDEV);
}

/* Walk the target of symlink @link (in directory @dir); @link is dropped. */
static struct dentry *follow_link(struct nameidata *nd, struct dentry *dir,
				  struct dentry *link)
{
	struct inode *inode = link->d_inode;
	struct dentry *res;
	const char *target;
	size_t len = 0;

	if (nd->depth >= MAXSYMLINKS || nd->total_links >= MAX_LINKS_TOTAL ||
	    (nd->flags & LOOKUP_NO_SYMLINKS)) {
		dput(link);
		return ERR_PTR(-ELOOP);
	}
	res = follow_magic(nd, inode);
	if (res) {
		dput(link);
		return res;
	}
	target = inode->i_op && inode->i_op->get_link ?
		 inode->i_op->get_link(inode, &len) : NULL;
	if (!target || len == 0 || (target[0] == '/' &&
				    (nd->flags & LOOKUP_BENEATH))) {
		dput(link);
		return ERR_PTR(target && len ? -EXDEV : -ENOENT);
	}
	nd->depth++;
	nd->total_links++;
	res = walk(nd, dget(target[0] == '/' ? nd->root : dir), target,
		   target + len, LOOKUP_FOLLOW);
	nd->depth--;
	dput(link);
	return res;
}

/* One component of a walk: "." / ".." / a name, symlinks followed. */
static struct dentry *walk_one(struct nameidata *nd, struct dentry *dir,
			       const char *name, size_t len, bool follow)
{
	bool dots = (len == 1 && name[0] == '.') ||
		    (len == 2 && name[0] == '.' && name[1] == '.');
	struct dentry *child;
	/* Names are checked by lookup_one(); "." and ".." need search
	 * permission too. */
	int err = dots && S_ISDIR(dir->d_inode->i_mode) ?
		  inode_permission(dir->d_inode, MAY_EXEC) : 0;

	if (err)
		return ERR_PTR(err);
	if (len == 1 && name[0] == '.')
		return dget(dir);
	if (len == 2 && name[0] == '.' && name[1] == '.') {
		if (dir == nd->base)
			return ERR_PTR(-EXDEV);	/* RESOLVE_BENEATH */
		return dget(dir == nd->root ? dir : dir->d_parent);
	}
	child = lookup_one(dir, name, len);
	if (!IS_ERR(child) && follow && S_ISLNK(child->d_inode->i_mode))
		return follow_link(nd, dir, child);
	return child;
}

static const char *skip_slashes(const char *p, const char *end)
{
	while (p < end && *p == '/')
		p++;
	return p;
}

/*
 * Walk [@p, @end) from @cur (whose reference is consumed): a referenced
 * dentry or an ERR_PTR.
 */
static struct dentry *walk(struct nameidata *nd, struct dentry *cur,
			   const char *p, const char *end, unsigned int flags)
{
	for (;;) {
		const char *name = skip_slashes(p, end), *rest;
		struct dentry *next;
		bool last, trailing;
		size_t len;

		if (name == end)
			return cur;
		for (p = name; p < end && *p != '/'; p++)
			;
		len = (size_t)(p - name);
		rest = skip_slashes(p, end);
		last = rest == end;
		trailing = last && p != end;
		if (len > NAME_MAX)
			next = ERR_PTR(-ENAMETOOLONG);
		else if (!S_ISDIR(cur->d_inode->i_mode))
			next = ERR_PTR(-ENOTDIR);
		else
			next = walk_one(nd, cur, name, len, !last || trailing ||
					(flags & LOOKUP_FOLLOW));
		if (!IS_ERR(next) && (nd->flags & LOOKUP_NO_XDEV) &&
		    next->d_inode->i_sb != cur->d_inode->i_sb) {
			dput(next);
			next = ERR_PTR(-EXDEV);	/* RESOLVE_NO_XDEV */
		}
		dput(cur);
		if (IS_ERR(next))
			return next;
		cur = next;
		if (last && (trailing || (flags & LOOKUP_DIRECTORY)) &&
		    !S_ISDIR(cur->d_inode->i_mode)) {
			dput(cur);
			return ERR_PTR(-ENOTDIR);
		}
	}
}

/* Check @path's length; the start dentry for it, referenced. With
 * LOOKUP_IN_ROOT the start is the root too, with LOOKUP_BENEATH the
 * base (an absolute path leaves it: EXDEV). */
static struct dentry *walk_start(struct nameidata *nd, struct dentry *start,
				 const char *path, unsigned int flags)
{
	size_t len = strnlen(path, PATH_MAX);
	struct dentry *cur;

	if (len == 0)
		return ERR_PTR(-ENOENT);
	if (len >= PATH_MAX)
		return ERR_PTR(-ENAMETOOLONG);
	if (path[0] == '/' && (flags & LOOKUP_BENEATH))
		return ERR_PTR(-EXDEV);
	nd->flags = flags;
	nd->depth = nd->total_links = 0;
	cur = start ? dget(start) : current_pwd();
	nd->root = flags & LOOKUP_IN_ROOT ? dget(cur) : current_root();
	nd->base = flags & LOOKUP_BENEATH ? cur : NULL;
	if (!nd->root || !cur) {
		dput(cur);
		dput(nd->root);
		return ERR_PTR(-ENOENT);	/* before vfs_init() */
	}
	if (path[0] != '/')
		return cur;
	dput(cur);
	return dget(nd->root);
}

/* walk_start() and walk() over [@path, @end); @end NULL: all of it. */
static struct dentry *path_walk(struct dentry *start, const char *path,
				const char *end, unsigned int flags)
{
	struct nameidata nd = { 0 };
	struct dentry *cur = walk_start(&nd, start, path, flags), *res;

	if (IS_ERR(cur))
		return cur;
	if (nd.base)
		dget(nd.base);	/* the walk drops cur: keep it comparable */
	res = walk(&nd, cur, path, end ? end : path + strlen(path), flags);
	dput(nd.base);
	dput(nd.root);
	return res;
}

struct dentry *path_lookupat(struct dentry *start, const char *path,
			     unsigned int flags)
{
	return path_walk(start, path, NULL, flags);
}

struct dentry *path_lookup(const char *path, unsigned int flags)
{
	return path_lookupat(NULL, path, flags);
}

/* path_parentat() with openat2's LOOKUP_NO_* / scoping @flags. */
static struct dentry *parentat(struct dentry *start, const char *path,
			       const char **last, size_t *len,
			       unsigned int flags)
{
	struct dentry *res;
	const char *e, *s;

	for (e = path + strlen(path); e > path && e[-1] == '/'; e--)
		;
	for (s = e; s > path && s[-1] != '/'; s--)
		;
	res = path_walk(start, path, s,
			flags | LOOKUP_FOLLOW | LOOKUP_DIRECTORY);
	if (IS_ERR(res))
		return res;
	*last = s;
	*len = (size_t)(e - s);
	if ((*len == 1 && s[0] == '.') ||
	    (*len == 2 && s[0] == '.' && s[1] == '.'))
		*len = 0;		/* no name to create or remove */
	else if (*len > NAME_MAX) {
		dput(res);
		return ERR_PTR(-ENAMETOOLONG);
	}
	return res;
}

struct dentry *path_parentat(struct dentry *start, const char *path,
			     const char **last, size_t *len)
{
	return parentat(start, path, last, len, 0);
}

/* ---- permission ---- */

int inode_permission(struct inode *inode, int mask)
{
	struct perm_asker who = {
		.uid = current->cred->fsuid.val,
		.in_group = in_group_p(KGIDT_INIT(inode->i_gid)),
		.dac_override = capable(CAP_DAC_OVERRIDE),
		.dac_read_search = capable(CAP_DAC_READ_SEARCH),
	};

	return mode_permission(inode->i_mode, inode->i_uid, &who, mask);
}

/* open(2) of an existing file: the access its flags ask for. */
static int may_open(struct inode *inode, int flags)
{
	int acc = MAY_OPEN;

	if (flags & O_PATH)
		return 0;	/* a handle on the name, no access */
	if ((flags & O_ACCMODE) != O_WRONLY)
		acc |= MAY_READ;
	if ((flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC))
		acc |= MAY_WRITE;
	if (S_ISDIR(inode->i_mode) && (acc & MAY_WRITE))
		return -EISDIR;
	return inode_permission(inode, acc);
}

/* ---- changing the tree ---- */

int dir_may_change(struct inode *dir, void *op)
{
	if (dir->i_sb->s_flags & SB_RDONLY)
		return -EROFS;
	if (!op)
		return -EPERM;
	return inode_permission(dir, MAY_WRITE | MAY_EXEC);
}

/* open(O_CREAT) of a name that does not exist yet in @parent. */
static struct file *create_open(struct dentry *parent, const char *name,
				size_t len, int flags, umode_t mode)
{
	struct inode *dir = parent->d_inode, *inode;
	struct dentry *d;
	struct file *f;
	int err = dir_may_change(dir, dir->i_op->create);

	if (!err)
		err = security_path_mknod(parent, S_IFREG | mode, 0);
	if (err)
		return ERR_PTR(err);
	inode = dir->i_op->create(dir, name, len,
				  S_IFREG | (mode & ~current_umask() & 07777));
	if (IS_ERR(inode))
		return (struct file *)inode;
	fsnotify_create(dir, name, len);
	d = d_alloc(parent, name, len, inode);
	if (!d) {
		iput(inode);
		return ERR_PTR(-ENOMEM);
	}
	f = dentry_open(d, flags & ~O_TRUNC);
	dput(d);
	return f;
}

/* O_CREAT: create the last component if it is missing. */
static struct file *open_create(struct dentry *start, const char *path,
				int flags, umode_t mode, unsigned int lookup)
{
	const char *name;
	size_t len;
	struct dentry *parent = parentat(start, path, &name, &len, lookup), *d;
	struct file *f;

	if (IS_ERR(parent))
		return (struct file *)parent;
	if (len == 0 || path[strlen(path) - 1] == '/') {
		dput(parent);
		return ERR_PTR(-EISDIR);
	}
	d = lookup_one(parent, name, len);
	if (PTR_ERR(d) == -ENOENT) {
		f = create_open(parent, name, len, flags, mode);
		dput(parent);
		return f;
	}
	dput(parent);
	if (IS_ERR(d))
		return (struct file *)d;
	dput(d);
	if (flags & O_EXCL)
		return ERR_PTR(-EEXIST);
	return NULL;		/* it exists: open it the ordinary way */
}

/*
 * O_TMPFILE: a regular file with no name (i_nlink 0) in the directory
 * @path names, gone with its last close unless linkat() names it first
 * (S_LINKABLE; O_EXCL forbids that). Its dentry "#<ino>" is on no list.
 */
static struct file *open_tmpfile(struct dentry *start, const char *path,
				 int flags, umode_t mode, unsigned int lookup)
{
	struct dentry *dir = path_walk(start, path, NULL, lookup |
				       LOOKUP_FOLLOW | LOOKUP_DIRECTORY), *d;
	const struct inode_operations *iop;
	struct inode *inode;
	char name[24];
	struct file *f;
	int err;

	if (IS_ERR(dir))
		return (struct file *)dir;
	iop = dir->d_inode->i_op;
	err = iop && iop->tmpfile ? dir_may_change(dir->d_inode, iop->tmpfile) :
	      -EOPNOTSUPP;
	inode = err ? ERR_PTR(err) : iop->tmpfile(dir->d_inode, S_IFREG |
				(mode & ~current_umask() & 07777));
	if (IS_ERR(inode)) {
		dput(dir);
		return (struct file *)inode;
	}
	if (!(flags & O_EXCL))
		inode->i_flags |= S_LINKABLE;
	d = d_alloc(dir, name, scnprintf(name, sizeof(name), "#%lu",
				    (unsigned long)inode->i_ino), inode);
	dput(dir);
	if (!d) {
		iput(inode);
		return ERR_PTR(-ENOMEM);
	}
	f = dentry_open(d, flags & ~(O_DIRECTORY | O_TRUNC));
	dput(d);
	return f;
}

struct file *do_filp_open(struct dentry *start, const char *path, int flags,
			  umode_t mode)
{
	return path_openat(start, path, flags, mode, 0);
}

struct file *path_openat(struct dentry *start, const char *path, int flags,
			 umode_t mode, unsigned int lookup)
{
	unsigned int lflags = lookup;
	struct dentry *d;
	struct file *f;

	if (flags & __O_TMPFILE)
		return open_tmpfile(start, path, flags, mode, lookup);
	if (flags & O_CREAT) {
		f = open_create(start, path, flags, mode, lookup);
		if (f)
			return f;
	}
	if (!(flags & O_NOFOLLOW))
		lflags |= LOOKUP_FOLLOW;
	if (flags & O_DIRECTORY)
		lflags |= LOOKUP_DIRECTORY;
	d = path_lookupat(start, path, lflags);
	if (IS_ERR(d))
		return (struct file *)d;
	f = do_open(d, flags);
	dput(d);
	return f;
}

struct file *do_open(struct dentry *d, int flags)
{
	struct file *f;
	/* O_CREAT of an existing directory (or a symlink to one): EISDIR. */
	int err = (flags & O_CREAT) && S_ISDIR(d->d_inode->i_mode) ? -EISDIR :
		  may_open(d->d_inode, flags);

	if (err)
		return ERR_PTR(err);
	f = dentry_open(d, flags);
	if (!IS_ERR(f) && (flags & O_TRUNC) && (f->f_mode & FMODE_WRITE) &&
	    S_ISREG(f->f_inode->i_mode)) {
		err = vfs_truncate(f->f_inode, 0);
		if (err) {
			fput(f);
			return ERR_PTR(err);
		}
	}
	return f;
}

/* Open kernel path @path (relative to current's cwd) with open(2)'s
 * @flags and @mode; a file or an ERR_PTR. */
struct file *filp_open(const char *path, int flags, umode_t mode)
{
	return do_filp_open(NULL, path, flags, mode);
}

int check_sticky(struct inode *dir, struct inode *inode)
{
	if (!(dir->i_mode & S_ISVTX) || inode_owner_or_capable(inode) ||
	    current->cred->fsuid.val == dir->i_uid)
		return 0;
	return -EPERM;
}

/* Why unlink/rmdir may not remove @victim (a dentry in @parent). */
static int may_delete(struct dentry *victim, bool isdir, bool trailing)
{
	struct inode *inode = victim->d_inode;

	if (isdir && !S_ISDIR(inode->i_mode))
		return -ENOTDIR;
	if (!isdir && S_ISDIR(inode->i_mode))
		return -EISDIR;
	if (!isdir && trailing)
		return -ENOTDIR;
	if (inode->i_flags & S_MOUNTPOINT || inode == inode->i_sb->s_root)
		return -EBUSY;
	return 0;
}

/* A path ending in "/", "." or "..": what unlink/rmdir say about it. */
static int delete_no_name(const char *path, bool isdir)
{
	size_t n = strlen(path);

	if (!isdir)
		return -EISDIR;
	while (n > 1 && path[n - 1] == '/')
		n--;
	if (n >= 2 && path[n - 1] == '.' && path[n - 2] == '.' &&
	    (n == 2 || path[n - 3] == '/'))
		return -ENOTEMPTY;
	if (path[n - 1] == '.')
		return -EINVAL;
	return -EBUSY;		/* "/" */
}

/* Remove name @path (relative to @start); @isdir: only an empty
 * directory, else only a non-directory. 0 or -errno. */
int vfs_unlink(struct dentry *start, const char *path, bool isdir)
{
	const char *name;
	size_t len;
	struct dentry *parent = path_parentat(start, path, &name, &len), *d;
	struct inode *dir;
	int err;

	if (IS_ERR(parent))
		return (int)PTR_ERR(parent);
	dir = parent->d_inode;
	d = len ? lookup_one(parent, name, len) : NULL;
	if (!len) {
		err = delete_no_name(path, isdir);
	} else if (IS_ERR(d)) {
		err = (int)PTR_ERR(d);
	} else {
		err = may_delete(d, isdir, path[strlen(path) - 1] == '/');
		void *op = isdir ? (void *)dir->i_op->rmdir :
				   (void *)dir->i_op->unlink;

		if (!err)
			err = dir_may_change(dir, op);
		if (!err)
			err = check_sticky(dir, d->d_inode);
		if (!err)
			err = isdir ? security_path_rmdir(parent, d) :
				      security_path_unlink(parent, d);
		if (!err)
			err = isdir ? dir->i_op->rmdir(dir, name, len) :
				      dir->i_op->unlink(dir, name, len);
		if (!err && !isdir)
			fsnotify_link_count(d->d_inode);
		dput(d);	/* the last reference: IN_DELETE_SELF */
		if (!err)
			fsnotify_delete(dir, name, len, isdir);
	}
	dput(parent);
	return err;
}
