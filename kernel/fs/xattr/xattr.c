/*
 * Extended attributes (Linux's fs/xattr.c): name=value pairs kept beside
 * a file's data, each name in a namespace given by its prefix:
 *
 *   user.*      the file's users: get with read permission, set and
 *               remove with write permission; regular files and
 *               directories only (others: EPERM, and nothing to get)
 *   trusted.*   root's (CAP_SYS_ADMIN): others cannot see or set them
 *   security.*  security modules': anyone reads, CAP_SYS_ADMIN writes
 *               (with no module loaded, as Linux's commoncap decides)
 *
 * Twelve system calls, four operations in three forms: setxattr,
 * getxattr, listxattr and removexattr by path (symlinks followed), the
 * l* forms by path without following the last symlink, the f* forms by
 * open descriptor. listxattr's answer is the names, each ended by a NUL.
 * A zero size asks how big a buffer must be; a smaller one is ERANGE.
 *
 * Only ramfs and tmpfs keep attributes (simple_xattrs: a list per
 * inode, as Linux's tmpfs), freed with the inode; every other file
 * system answers EOPNOTSUPP (listxattr: nothing). Each attribute's bytes
 * are charged to its instance's budget (ramfs_xattrs()), so a user runs
 * out of it (ENOSPC), not the kernel out of memory, as Linux 6.6's tmpfs
 * charges its inode space. One spinlock guards every list and budget.
 */
#include "kernel/cred.h"
#include "kernel/fs/notify/fsnotify.h"
#include "kernel/fs/notify/fsnotify_backend.h"
#include "kernel/fs/syscalls.h"
#include "kernel/fs/vfs.h"
#include "kernel/fs/xattr.h"
#include "kernel/mm/slab.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"

/* One attribute: the name (NUL-ended), then the value, in one block. */
struct simple_xattr {
	struct list_head list;		/* in simple_xattrs.head */
	size_t size;			/* of the value */
	size_t name_len;
	char name[];			/* name_len + 1 bytes, then the value */
};

static DEFINE_SPINLOCK(xattr_lock);	/* every list, every budget */

/* The namespaces, by prefix. */
enum xattr_ns { XATTR_NS_OTHER, XATTR_NS_USER, XATTR_NS_TRUSTED,
		XATTR_NS_SECURITY, XATTR_NS_SYSTEM };

static const char *const xattr_prefix[] = {
	[XATTR_NS_USER] = "user.",
	[XATTR_NS_TRUSTED] = "trusted.",
	[XATTR_NS_SECURITY] = "security.",
	[XATTR_NS_SYSTEM] = "system.",
};

static enum xattr_ns xattr_ns_of(const char *name)
{
	for (int ns = XATTR_NS_USER; ns <= XATTR_NS_SYSTEM; ns++)
		if (!strncmp(name, xattr_prefix[ns], strlen(xattr_prefix[ns])))
			return (enum xattr_ns)ns;
	return XATTR_NS_OTHER;
}

static char *xattr_value(struct simple_xattr *x)
{
	return x->name + x->name_len + 1;
}

/* What an attribute costs its instance (Linux's simple_xattr_space()). */
static size_t xattr_space(size_t name_len, size_t size)
{
	return sizeof(struct simple_xattr) + name_len + 1 + size;
}

void simple_xattrs_init(struct simple_xattrs *xs)
{
	INIT_LIST_HEAD(&xs->head);
}

void simple_xattrs_free(struct simple_xattrs *xs, size_t *space)
{
	struct simple_xattr *x, *tmp;

	list_for_each_entry_safe(x, tmp, &xs->head, list) {
		spin_lock(&xattr_lock);
		*space += xattr_space(x->name_len, x->size);
		spin_unlock(&xattr_lock);
		list_del(&x->list);
		kfree(x);
	}
}

/* xattr_lock held: @name's attribute in @xs, or NULL. */
static struct simple_xattr *simple_xattr_find(struct simple_xattrs *xs,
					      const char *name)
{
	struct simple_xattr *x;

	list_for_each_entry(x, &xs->head, list)
		if (!strcmp(x->name, name))
			return x;
	return NULL;
}

/* xattr_lock held: may @new take @old's place (either may be NULL) under
 * @flags and the budget *@space? 0 or -EEXIST, -ENODATA, -ENOSPC. */
static int simple_xattr_may(struct simple_xattr *old, struct simple_xattr *new,
			    int flags, size_t space)
{
	if (old && (flags & XATTR_CREATE))
		return -EEXIST;
	if (!old && (flags & XATTR_REPLACE))
		return -ENODATA;
	if (old)
		space += xattr_space(old->name_len, old->size);
	if (new && xattr_space(new->name_len, new->size) > space)
		return -ENOSPC;
	return 0;
}

/* Set @name to @value (@size bytes), or with a NULL @value remove it;
 * a replaced attribute keeps its place in the list. 0 or -errno. */
static int simple_xattr_set(struct simple_xattrs *xs, size_t *space,
			    const char *name, const void *value, size_t size,
			    int flags)
{
	size_t len = strlen(name);
	struct simple_xattr *new = NULL, *old;
	int err;

	if (value) {
		new = kmalloc(sizeof(*new) + len + 1 + size, GFP_KERNEL);
		if (!new)
			return -ENOMEM;
		new->size = size;
		new->name_len = len;
		memcpy(new->name, name, len + 1);
		memcpy(xattr_value(new), value, size);
	}
	spin_lock(&xattr_lock);
	old = simple_xattr_find(xs, name);
	err = simple_xattr_may(old, new, flags, *space);
	if (!err && old) {
		*space += xattr_space(old->name_len, old->size);
		if (new)
			list_add(&new->list, &old->list);
		list_del(&old->list);
	} else if (!err) {
		list_add(&new->list, &xs->head);
	}
	if (!err && new)
		*space -= xattr_space(new->name_len, new->size);
	spin_unlock(&xattr_lock);
	kfree(err ? new : old);
	return err;
}

/* @name's value into @buf (@size bytes; 0: just its size): its size,
 * or -ENODATA, -ERANGE. */
static long simple_xattr_get(struct simple_xattrs *xs, const char *name,
			     void *buf, size_t size)
{
	struct simple_xattr *x;
	long ret = -ENODATA;

	spin_lock(&xattr_lock);
	x = simple_xattr_find(xs, name);
	if (x && size && size < x->size)
		ret = -ERANGE;
	else if (x)
		ret = (long)x->size;
	if (x && size && ret >= 0)
		memcpy(buf, xattr_value(x), x->size);
	spin_unlock(&xattr_lock);
	return ret;
}

/* The names, each with its NUL, into @buf (@size bytes; 0: just the
 * total), trusted.* only for CAP_SYS_ADMIN: the total, or -ERANGE. */
static long simple_xattr_list(struct simple_xattrs *xs, char *buf, size_t size)
{
	bool trusted = capable(CAP_SYS_ADMIN);
	struct simple_xattr *x;
	size_t total = 0;
	long ret = 0;

	spin_lock(&xattr_lock);
	list_for_each_entry(x, &xs->head, list) {
		if (!trusted && xattr_ns_of(x->name) == XATTR_NS_TRUSTED)
			continue;
		if (size && total + x->name_len + 1 > size) {
			ret = -ERANGE;
			break;
		}
		if (size)
			memcpy(buf + total, x->name, x->name_len + 1);
		total += x->name_len + 1;
	}
	spin_unlock(&xattr_lock);
	return ret ? ret : (long)total;
}

/* ---- the VFS side: who may, and which store ---- */

/*
 * May current get (MAY_READ) or change (MAY_WRITE) @name of @inode
 * (Linux's xattr_permission())? 0 or -errno; a namespace closed to the
 * caller answers a get with ENODATA, as if the name were not there.
 */
static int xattr_permission(struct inode *inode, const char *name, int mask)
{
	int closed = (mask & MAY_WRITE) ? -EPERM : -ENODATA;

	switch (xattr_ns_of(name)) {
	case XATTR_NS_SECURITY:
	case XATTR_NS_SYSTEM:
		return 0;
	case XATTR_NS_TRUSTED:
		return capable(CAP_SYS_ADMIN) ? 0 : closed;
	case XATTR_NS_USER:
		if (!S_ISREG(inode->i_mode) && !S_ISDIR(inode->i_mode))
			return closed;
		if (S_ISDIR(inode->i_mode) && (inode->i_mode & S_ISVTX) &&
		    (mask & MAY_WRITE) && !inode_owner_or_capable(inode))
			return -EPERM;	/* a sticky directory: its owner's */
		break;
	default:
		break;
	}
	return inode_permission(inode, mask);
}

/* The store that keeps @name for @inode: NULL with *@err set when no
 * namespace handler takes it (EOPNOTSUPP; a bare prefix: EINVAL). */
static struct simple_xattrs *xattr_store(struct inode *inode, const char *name,
					 size_t **space, int *err)
{
	enum xattr_ns ns = xattr_ns_of(name);
	struct simple_xattrs *xs = ramfs_xattrs(inode, space);

	*err = -EOPNOTSUPP;
	if (!xs || ns == XATTR_NS_OTHER || ns == XATTR_NS_SYSTEM)
		return NULL;
	if (!name[strlen(xattr_prefix[ns])]) {
		*err = -EINVAL;
		return NULL;
	}
	return xs;
}

/* setxattr below the system call (@value NULL: removexattr). */
static long vfs_setxattr(struct inode *inode, const char *name,
			 const void *value, size_t size, int flags)
{
	struct simple_xattrs *xs;
	size_t *space;
	int err;

	if (inode->i_sb->s_flags & SB_RDONLY)
		return -EROFS;
	err = xattr_permission(inode, name, MAY_WRITE);
	if (err)
		return err;
	if (xattr_ns_of(name) == XATTR_NS_SECURITY && !capable(CAP_SYS_ADMIN))
		return -EPERM;
	xs = xattr_store(inode, name, &space, &err);
	if (!xs)
		return err;
	err = simple_xattr_set(xs, space, name, value, size, flags);
	if (!err) {
		inode->i_ctime = current_time();
		fsnotify_change(inode, FS_ATTRIB);
	}
	return err;
}

static long vfs_getxattr(struct inode *inode, const char *name, void *buf,
			 size_t size)
{
	struct simple_xattrs *xs;
	size_t *space;
	int err = xattr_permission(inode, name, MAY_READ);

	if (err)
		return err;
	xs = xattr_store(inode, name, &space, &err);
	return xs ? simple_xattr_get(xs, name, buf, size) : err;
}

static long vfs_listxattr(struct inode *inode, char *buf, size_t size)
{
	size_t *space;
	struct simple_xattrs *xs = ramfs_xattrs(inode, &space);

	return xs ? simple_xattr_list(xs, buf, size) : 0;
}

/* ---- the system calls ---- */

/* What a call passes on to its operation, whatever names the inode. */
struct xattr_args {
	const char __user *name;
	void __user *value;		/* the value, or listxattr's buffer */
	size_t size;
	int flags;
};

typedef long (*xattr_op_t)(struct inode *inode, const struct xattr_args *a);

/* A user attribute name into @kname (XATTR_NAME_MAX + 1 bytes): 0, or
 * -ERANGE (empty, or longer than XATTR_NAME_MAX), -EFAULT. */
static long import_xattr_name(char *kname, const char __user *name)
{
	long n = strncpy_from_user(kname, name, XATTR_NAME_MAX + 1);

	if (n == 0 || n == XATTR_NAME_MAX + 1)
		return -ERANGE;
	return n < 0 ? n : 0;
}

static long do_setxattr(struct inode *inode, const struct xattr_args *a)
{
	char kname[XATTR_NAME_MAX + 1];
	void *kvalue;
	long ret;

	if (a->flags & ~(XATTR_CREATE | XATTR_REPLACE))
		return -EINVAL;
	ret = import_xattr_name(kname, a->name);
	if (ret)
		return ret;
	if (a->size > XATTR_SIZE_MAX)
		return -E2BIG;
	kvalue = kmalloc(a->size ? a->size : 1, GFP_KERNEL);
	if (!kvalue)
		return -ENOMEM;
	if (copy_from_user(kvalue, a->value, a->size))
		ret = -EFAULT;
	else
		ret = vfs_setxattr(inode, kname, kvalue, a->size, a->flags);
	kfree(kvalue);
	return ret;
}

/* A buffer of @size bytes, at most @max, for an answer (NULL when
 * @size is 0: only the size is asked for); false: no memory. */
static bool answer_buf(void **buf, size_t *size, size_t max)
{
	if (*size > max)
		*size = max;
	*buf = *size ? kmalloc(*size, GFP_KERNEL) : NULL;
	return !*size || *buf;
}

/* Copy @ret bytes of the answer out; a buffer at the limit that was
 * still too small is E2BIG, as in Linux. */
static long answer_out(const struct xattr_args *a, void *buf, size_t size,
		       size_t max, long ret)
{
	if (ret > 0 && size && copy_to_user(a->value, buf, (size_t)ret))
		ret = -EFAULT;
	else if (ret == -ERANGE && size >= max)
		ret = -E2BIG;
	kfree(buf);
	return ret;
}

static long do_getxattr(struct inode *inode, const struct xattr_args *a)
{
	char kname[XATTR_NAME_MAX + 1];
	size_t size = a->size;
	void *buf;
	long ret = import_xattr_name(kname, a->name);

	if (ret)
		return ret;
	if (!answer_buf(&buf, &size, XATTR_SIZE_MAX))
		return -ENOMEM;
	ret = vfs_getxattr(inode, kname, buf, size);
	return answer_out(a, buf, size, XATTR_SIZE_MAX, ret);
}

static long do_listxattr(struct inode *inode, const struct xattr_args *a)
{
	size_t size = a->size;
	void *buf;

	if (!answer_buf(&buf, &size, XATTR_LIST_MAX))
		return -ENOMEM;
	return answer_out(a, buf, size, XATTR_LIST_MAX,
			  vfs_listxattr(inode, buf, size));
}

static long do_removexattr(struct inode *inode, const struct xattr_args *a)
{
	char kname[XATTR_NAME_MAX + 1];
	long ret = import_xattr_name(kname, a->name);

	return ret ? ret : vfs_setxattr(inode, kname, NULL, 0, XATTR_REPLACE);
}

/* @op on the file at @path (@lookup: LOOKUP_FOLLOW, or 0 for the l*
 * calls, which act on a symlink itself). */
static long path_xattr(const char __user *path, unsigned int lookup,
		       xattr_op_t op, const struct xattr_args *a)
{
	struct dentry *d = user_path_at(AT_FDCWD, path, lookup);
	long ret;

	if (IS_ERR(d))
		return PTR_ERR(d);
	ret = op(d->d_inode, a);
	dput(d);
	return ret;
}

/* @op on open file @fd: EBADF for an O_PATH descriptor too. */
static long fd_xattr(int fd, xattr_op_t op, const struct xattr_args *a)
{
	struct file *f = fget((unsigned int)fd);
	long ret;

	if (!f)
		return -EBADF;
	ret = op(f->f_inode, a);
	fput(f);
	return ret;
}

/* setxattr(2): set @name of the file at @path to @size bytes of @value
 * (XATTR_CREATE, XATTR_REPLACE in @flags). */
long sys_setxattr(const char __user *path, const char __user *name,
		  const void __user *value, size_t size, int flags)
{
	return path_xattr(path, LOOKUP_FOLLOW, do_setxattr, &(struct xattr_args)
			  { name, (void __user *)value, size, flags });
}

long sys_lsetxattr(const char __user *path, const char __user *name,
		   const void __user *value, size_t size, int flags)
{
	return path_xattr(path, 0, do_setxattr, &(struct xattr_args)
			  { name, (void __user *)value, size, flags });
}

long sys_fsetxattr(int fd, const char __user *name, const void __user *value,
		   size_t size, int flags)
{
	return fd_xattr(fd, do_setxattr, &(struct xattr_args)
			{ name, (void __user *)value, size, flags });
}

/* getxattr(2): @name's value into @value (@size 0: its size); the
 * value's size, or -errno. */
long sys_getxattr(const char __user *path, const char __user *name,
		  void __user *value, size_t size)
{
	return path_xattr(path, LOOKUP_FOLLOW, do_getxattr,
			  &(struct xattr_args){ name, value, size, 0 });
}

long sys_lgetxattr(const char __user *path, const char __user *name,
		   void __user *value, size_t size)
{
	return path_xattr(path, 0, do_getxattr,
			  &(struct xattr_args){ name, value, size, 0 });
}

long sys_fgetxattr(int fd, const char __user *name, void __user *value,
		   size_t size)
{
	return fd_xattr(fd, do_getxattr,
			&(struct xattr_args){ name, value, size, 0 });
}

/* listxattr(2): the names, NUL after each, into @list (@size 0: the
 * bytes needed); their bytes, or -errno. */
long sys_listxattr(const char __user *path, char __user *list, size_t size)
{
	return path_xattr(path, LOOKUP_FOLLOW, do_listxattr,
			  &(struct xattr_args){ NULL, list, size, 0 });
}

long sys_llistxattr(const char __user *path, char __user *list, size_t size)
{
	return path_xattr(path, 0, do_listxattr,
			  &(struct xattr_args){ NULL, list, size, 0 });
}

long sys_flistxattr(int fd, char __user *list, size_t size)
{
	return fd_xattr(fd, do_listxattr,
			&(struct xattr_args){ NULL, list, size, 0 });
}

/* removexattr(2): remove @name (ENODATA: there is none). */
long sys_removexattr(const char __user *path, const char __user *name)
{
	return path_xattr(path, LOOKUP_FOLLOW, do_removexattr,
			  &(struct xattr_args){ name, NULL, 0, 0 });
}

long sys_lremovexattr(const char __user *path, const char __user *name)
{
	return path_xattr(path, 0, do_removexattr,
			  &(struct xattr_args){ name, NULL, 0, 0 });
}

long sys_fremovexattr(int fd, const char __user *name)
{
	return fd_xattr(fd, do_removexattr,
			&(struct xattr_args){ name, NULL, 0, 0 });
}
