/*
 * The mqueue file system (Linux's ipc/mqueue.c, its file system half):
 * one instance per IPC namespace (struct mq_fs_info), a directory whose
 * files are that namespace's POSIX message queues, so that
 * `mount -t mqueue none /dev/mqueue` lists them, `cat` shows a queue's
 * state ("QSIZE:... NOTIFY:... SIGNO:... NOTIFY_PID:...") and rm removes
 * one, as mq_unlink does. mq_open (mq_syscalls.c) finds and makes queues
 * here too, whether or not the file system is mounted anywhere.
 *
 * A queue is an inode whose i_private is its struct mqueue_inode_info.
 * The directory holds one reference while the name exists, every open
 * descriptor another (through its dentry), so a queue unlinked while open
 * lives until its last close; evicting it gives back what it was charged.
 *
 * Limits, as Linux's /proc/sys/fs/mqueue: at most queues_max queues
 * (ENOSPC, unless CAP_SYS_RESOURCE), each at most msg_max messages of
 * msgsize_max bytes (EINVAL, ditto; the hard limits bind root too), and
 * per user RLIMIT_MSGQUEUE bytes of queue capacity (EMFILE).
 *
 * Locking: mq_lock guards the directories, the namespaces' queue counts
 * and the per-user byte counts; a queue's own lock (info->lock) its
 * messages and its notification. mq_lock is never taken inside
 * info->lock.
 */
#include "kernel/ipc/ipc_namespace.h"
#include "kernel/ipc/mqueue_internal.h"
#include "kernel/fs/notify/fsnotify.h"
#include "kernel/fs/seq_buf.h"
#include "kernel/locking/mutex.h"
#include "kernel/mm/slab.h"
#include "kernel/ns/pid_namespace.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "kernel/tasklist.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

static DEFINE_SPINLOCK(mq_lock);

/* One instance of the file system, one per IPC namespace: its
 * sb->s_fs_info. It outlives its namespace while a mount of it or an
 * open queue holds its root. */
struct mq_fs_info {
	struct ipc_namespace *ns;	/* NULL once the namespace is gone */
	struct list_head dir;		/* every named queue */
	struct dentry *root;		/* the namespace's reference on the
					 * root (Linux's mq_mnt) */
	int inodes;			/* the root and each queue's inode
					 * (mq_lock): the last one's eviction
					 * frees the instance, so no inode
					 * outlives its super block */
};

static struct mq_fs_info *mq_info(struct super_block *sb)
{
	return sb->s_fs_info;
}

/* Bytes of queue capacity a user's queues hold (RLIMIT_MSGQUEUE): per
 * user, whatever the namespace, as Linux's user_struct. */
struct mq_user {
	struct list_head list;
	kuid_t uid;
	u64 bytes;
};
static LIST_HEAD(mq_users);

/* Where @ns keeps limit @which. */
static unsigned int *mq_limit_ptr(struct ipc_namespace *ns, enum mq_limit which)
{
	switch (which) {
	case MQ_MSG_MAX:
		return &ns->mq_msg_max;
	case MQ_MSGSIZE_MAX:
		return &ns->mq_msgsize_max;
	case MQ_QUEUES_MAX:
		return &ns->mq_queues_max;
	case MQ_MSG_DEFAULT:
		return &ns->mq_msg_default;
	default:
		return &ns->mq_msgsize_default;
	}
}

static u64 ns_limit(struct ipc_namespace *ns, enum mq_limit which)
{
	return READ_ONCE(*mq_limit_ptr(ns, which));
}

u64 mq_limit_get(enum mq_limit which)
{
	return ns_limit(current_ipc_ns(), which);
}

int mq_limit_set(enum mq_limit which, u64 val)
{
	static const u64 lo[] = { MIN_MSGMAX, MIN_MSGSIZEMAX, 0, MIN_MSGMAX,
				  MIN_MSGSIZEMAX };
	static const u64 hi[] = { HARD_MSGMAX, HARD_MSGSIZEMAX, 0x7fffffff,
				  HARD_MSGMAX, HARD_MSGSIZEMAX };

	if (val < lo[which] || val > hi[which])
		return -EINVAL;
	WRITE_ONCE(*mq_limit_ptr(current_ipc_ns(), which), (unsigned int)val);
	return 0;
}

/* @uid's counter, made if @make. mq_lock held. */
static struct mq_user *mq_user_find(kuid_t uid, bool make)
{
	struct mq_user *u;

	list_for_each_entry(u, &mq_users, list)
		if (uid_eq(u->uid, uid))
			return u;
	u = make ? kzalloc(sizeof(*u), GFP_KERNEL) : NULL;
	if (u) {
		u->uid = uid;
		list_add(&u->list, &mq_users);
	}
	return u;
}

/* Charge @bytes to @uid unless that passes @limit: 0 or -EMFILE
 * (-ENOMEM). mq_lock held. */
static int mq_charge(kuid_t uid, u64 bytes, u64 limit)
{
	struct mq_user *u = mq_user_find(uid, true);

	if (!u)
		return -ENOMEM;
	if (u->bytes + bytes < u->bytes || u->bytes + bytes > limit) {
		if (!u->bytes) {
			list_del(&u->list);
			kfree(u);
		}
		return -EMFILE;
	}
	u->bytes += bytes;
	return 0;
}

static void mq_uncharge(kuid_t uid, u64 bytes)
{
	struct mq_user *u = mq_user_find(uid, false);

	if (u && (u->bytes -= bytes) == 0) {
		list_del(&u->list);
		kfree(u);
	}
}

void mq_changed(struct mqueue_inode_info *info)
{
	info->gen++;
	wake_up(&info->wait);
}

/* Linux's mq_attr_ok() in namespace @ns: 0 or -EINVAL, -EOVERFLOW. */
static int mq_attr_ok(struct ipc_namespace *ns, const struct mq_attr *attr)
{
	u64 tree;

	if (attr->mq_maxmsg <= 0 || attr->mq_msgsize <= 0)
		return -EINVAL;
	if (capable(CAP_SYS_RESOURCE)) {
		if (attr->mq_maxmsg > HARD_MSGMAX || attr->mq_msgsize > HARD_MSGSIZEMAX)
			return -EINVAL;
	} else if ((u64)attr->mq_maxmsg > ns_limit(ns, MQ_MSG_MAX) ||
		   (u64)attr->mq_msgsize > ns_limit(ns, MQ_MSGSIZE_MAX)) {
		return -EINVAL;
	}
	tree = (u64)attr->mq_maxmsg * MQ_MSG_OVERHEAD +
	       MIN((u64)attr->mq_maxmsg, (u64)MQ_PRIO_MAX) * MQ_NODE_OVERHEAD;
	return (u64)attr->mq_maxmsg * (u64)attr->mq_msgsize + tree < tree ? -EOVERFLOW : 0;
}

/* What a queue of @attr charges: its capacity and bookkeeping. */
static u64 mq_bytes(const struct mq_attr *attr)
{
	u64 n = (u64)attr->mq_maxmsg;

	return n * (u64)attr->mq_msgsize + n * MQ_MSG_OVERHEAD +
	       MIN(n, (u64)MQ_PRIO_MAX) * MQ_NODE_OVERHEAD;
}

/* The queue @name in @fs's directory, or NULL. mq_lock held. */
static struct mqueue_inode_info *mq_find(struct mq_fs_info *fs, const char *name,
					 size_t len)
{
	struct mqueue_inode_info *info;

	list_for_each_entry(info, &fs->dir, entry)
		if (info->len == len && !memcmp(info->name, name, len))
			return info;
	return NULL;
}

/* A queue's bookkeeping for @attr in @ns: charged, counted; or an
 * ERR_PTR. mq_lock held. */
static struct mqueue_inode_info *mq_info_new(struct ipc_namespace *ns,
					     const struct mq_attr *attr)
{
	struct mqueue_inode_info *info;
	u64 rlim = current->signal->rlim[RLIMIT_MSGQUEUE].rlim_cur;
	int err;

	if (ns->mq_queues_count >= ns_limit(ns, MQ_QUEUES_MAX) &&
	    !capable(CAP_SYS_RESOURCE))
		return ERR_PTR(-ENOSPC);
	info = kzalloc(sizeof(*info), GFP_KERNEL);
	if (!info)
		return ERR_PTR(-ENOMEM);
	info->user = current->cred->uid;
	info->charged = mq_bytes(attr);
	err = mq_charge(info->user, info->charged, rlim);
	if (err) {
		kfree(info);
		return ERR_PTR(err);
	}
	ns->mq_queues_count++;
	spin_lock_init(&info->lock, "mqueue");
	INIT_LIST_HEAD(&info->messages);
	init_waitqueue_head(&info->wait);
	info->attr = (struct mq_attr){ .mq_maxmsg = attr->mq_maxmsg,
				       .mq_msgsize = attr->mq_msgsize };
	return info;
}

/* A queue's inode in @sb for @info, named @name in @fs's directory,
 * which holds a reference; or NULL. mq_lock held. */
static struct inode *mq_new_inode(struct super_block *sb, struct mqueue_inode_info *info,
				  const char *name, size_t len, umode_t mode)
{
	struct inode *inode = new_inode(sb, S_IFREG | (mode & 0777));

	if (!inode)
		return NULL;
	info->inode = inode;
	info->len = len;
	memcpy(info->name, name, len);
	inode->i_private = info;
	inode->i_fop = &mqueue_file_operations;
	list_add_tail(&info->entry, &mq_info(sb)->dir);
	mq_info(sb)->inodes++;
	return igrab(inode);			/* the directory's */
}

/* The attributes of a queue made without any: @ns's defaults. */
static struct mq_attr mq_default_attr(struct ipc_namespace *ns)
{
	return (struct mq_attr){
		.mq_maxmsg = (long)MIN(ns_limit(ns, MQ_MSG_MAX), ns_limit(ns, MQ_MSG_DEFAULT)),
		.mq_msgsize = (long)MIN(ns_limit(ns, MQ_MSGSIZE_MAX),
					ns_limit(ns, MQ_MSGSIZE_DEFAULT)),
	};
}

/* The bookkeeping of a new queue @name in @fs: ERR_PTR(-EACCES) once
 * its namespace is gone (through a mount of it), else as mq_create().
 * mq_lock held. */
static struct mqueue_inode_info *mq_info_make(struct mq_fs_info *fs, const char *name,
					      size_t len, const struct mq_attr *attr)
{
	struct ipc_namespace *ns = fs->ns;
	struct mq_attr def;
	int err;

	if (!ns)
		return ERR_PTR(-EACCES);
	def = mq_default_attr(ns);
	err = attr ? mq_attr_ok(ns, attr) : 0;
	if (err)
		return ERR_PTR(err);
	if (mq_find(fs, name, len))
		return ERR_PTR(-EEXIST);
	return mq_info_new(ns, attr ? attr : &def);
}

struct inode *mq_create(struct super_block *sb, const char *name, size_t len,
			umode_t mode, const struct mq_attr *attr)
{
	struct mq_fs_info *fs = mq_info(sb);
	struct mqueue_inode_info *info;
	struct inode *inode = NULL;

	spin_lock(&mq_lock);
	info = mq_info_make(fs, name, len, attr);
	if (!IS_ERR(info))
		inode = mq_new_inode(sb, info, name, len, mode);
	if (!IS_ERR(info) && !inode) {
		fs->ns->mq_queues_count--;
		mq_uncharge(info->user, info->charged);
		kfree(info);
		info = ERR_PTR(-ENOMEM);
	}
	spin_unlock(&mq_lock);
	return IS_ERR(info) ? (struct inode *)info : inode;
}

struct inode *mq_lookup(struct super_block *sb, const char *name, size_t len)
{
	struct mqueue_inode_info *info;
	struct inode *inode = NULL;

	spin_lock(&mq_lock);
	info = mq_find(mq_info(sb), name, len);
	if (info)
		inode = igrab(info->inode);
	spin_unlock(&mq_lock);
	return inode;
}

int mq_remove(struct inode *inode)
{
	struct mqueue_inode_info *info = inode->i_private;
	bool named;

	spin_lock(&mq_lock);
	named = !list_empty(&info->entry);
	if (named)
		list_del_init(&info->entry);
	inode->i_nlink = 0;
	spin_unlock(&mq_lock);
	if (named)
		iput(inode);			/* the directory's */
	return named ? 0 : -ENOENT;
}

/* One inode of @sb fewer: the last frees the instance. */
static void mq_put_sb(struct super_block *sb)
{
	struct mq_fs_info *fs = mq_info(sb);
	bool last;

	spin_lock(&mq_lock);
	last = --fs->inodes == 0;
	spin_unlock(&mq_lock);
	if (last) {
		/* fanotify's marks of the super block (FAN_MARK_MOUNT,
		 * _FILESYSTEM) name it: they go first, as at a tmpfs's end. */
		fsnotify_sb_delete(sb);
		kfree(fs);
		kfree(sb);
	}
}

/* The root's last reference is gone (its namespace, every mount and open
 * queue let go of it): the queues lose their names (Linux's
 * kill_litter_super()); the instance goes with its last inode, the root's
 * or that of a queue still open (mq_put_sb()). */
static void mq_kill_sb(struct super_block *sb)
{
	struct mq_fs_info *fs = mq_info(sb);
	struct mqueue_inode_info *info, *n;
	LIST_HEAD(names);

	BUG_ON(fs->ns);
	spin_lock(&mq_lock);
	list_splice_init(&fs->dir, &names);
	spin_unlock(&mq_lock);
	list_for_each_entry_safe(info, n, &names, entry) {
		list_del_init(&info->entry);
		info->inode->i_nlink = 0;
		iput(info->inode);	/* the directory's; an open one stays */
	}
	mq_put_sb(sb);			/* the root's */
}

/* The last reference is gone: the messages and the charge go (and the
 * instance, with its last inode). */
static void mq_evict_inode(struct inode *inode)
{
	struct mqueue_inode_info *info = inode->i_private;
	struct ipc_namespace *ns;
	struct mq_msg *m, *n;

	if (!info) {
		mq_kill_sb(inode->i_sb);
		return;
	}
	mq_notify_drop(info, true);
	list_for_each_entry_safe(m, n, &info->messages, list)
		kfree(m);
	spin_lock(&mq_lock);
	ns = mq_info(inode->i_sb)->ns;
	if (ns)				/* Linux counts in a live one only */
		ns->mq_queues_count--;
	mq_uncharge(info->user, info->charged);
	spin_unlock(&mq_lock);
	kfree(info);
	mq_put_sb(inode->i_sb);		/* iput() is done with it */
}

static struct inode *mq_dir_lookup(struct inode *dir, const char *name, size_t len)
{
	struct inode *inode = mq_lookup(dir->i_sb, name, len);

	return inode ? inode : ERR_PTR(-ENOENT);
}

/* The name and inode number of queue number @n of @fs's directory into
 * @name, *@len and *@ino: false past the last. */
static bool mq_dir_entry(struct mq_fs_info *fs, u64 n, char *name, size_t *len,
			 u64 *ino)
{
	struct mqueue_inode_info *info;
	bool found = false;

	spin_lock(&mq_lock);
	list_for_each_entry(info, &fs->dir, entry) {
		if (n--)
			continue;
		memcpy(name, info->name, info->len);
		*len = info->len;
		*ino = info->inode->i_ino;
		found = true;
		break;
	}
	spin_unlock(&mq_lock);
	return found;
}

/* One entry at a time, each copied out of the directory under mq_lock
 * and given to the caller (a copy to user space, which may fault and
 * sleep) without it. */
static int mq_dir_readdir(struct inode *dir, struct dir_context *ctx)
{
	char name[NAME_MAX + 1];
	size_t len;
	u64 ino;

	while (mq_dir_entry(mq_info(dir->i_sb), ctx->pos - 2, name, &len, &ino))
		if (!dir_emit(ctx, name, len, ino, DT_REG))
			break;
	return 0;
}

/* open(2) with O_CREAT in a mounted mqueue file system: a queue with
 * the default attributes, as Linux's mqueue_create(). */
static struct inode *mq_dir_create(struct inode *dir, const char *name, size_t len,
				   umode_t mode)
{
	return mq_create(dir->i_sb, name, len, mode, NULL);
}

static int mq_dir_unlink(struct inode *dir, const char *name, size_t len)
{
	struct inode *inode = mq_lookup(dir->i_sb, name, len);
	int err = inode ? mq_remove(inode) : -ENOENT;

	iput(inode);
	return err;
}

static const struct inode_operations mqueue_dir_iops = {
	.lookup = mq_dir_lookup,
	.readdir = mq_dir_readdir,
	.create = mq_dir_create,
	.unlink = mq_dir_unlink,
};

/* A new instance for @ns: its root, held by @ns through fs->root (Linux's
 * mq_init_ns()); NULL without memory. */
static struct super_block *mq_fill_super(struct ipc_namespace *ns)
{
	struct super_block *sb = alloc_super("mqueue", 0);
	struct mq_fs_info *fs = kzalloc(sizeof(*fs), GFP_KERNEL);
	struct inode *root = sb && fs ? new_inode(sb, S_IFDIR | S_ISVTX | 0777) : NULL;

	if (root) {
		root->i_uid = root->i_gid = 0;
		root->i_op = &mqueue_dir_iops;
		root->i_fop = &dir_fops;
		fs->ns = ns;
		fs->inodes = 1;		/* the root's */
		INIT_LIST_HEAD(&fs->dir);
		sb->s_fs_info = fs;
		sb->evict_inode = mq_evict_inode;
		sb->s_root = root;
		/* The dentry keeps the root's one reference, for the
		 * namespace; more would make every umount EBUSY. */
		fs->root = d_alloc(NULL, "", 0, root);
		if (fs->root)
			return sb;
		fs->ns = NULL;
		iput(root);		/* and with it fs and sb */
		return NULL;
	}
	kfree(fs);
	kfree(sb);
	return NULL;
}

struct super_block *mq_get_sb(void)
{
	static DEFINE_MUTEX(mq_sb_mutex);
	struct ipc_namespace *ns = current_ipc_ns();
	struct super_block *sb = READ_ONCE(ns->mq_sb);

	if (sb)
		return sb;
	mutex_lock(&mq_sb_mutex);
	if (!ns->mq_sb)
		WRITE_ONCE(ns->mq_sb, mq_fill_super(ns));
	sb = ns->mq_sb;
	mutex_unlock(&mq_sb_mutex);
	return sb;
}

int mqueue_init(void)
{
	BUG_ON(current_ipc_ns() != &init_ipc_ns);
	return mq_get_sb() ? 0 : -ENOMEM;
}

struct dentry *mq_root_dentry(void)
{
	struct super_block *sb = mq_get_sb();

	return sb ? dget(mq_info(sb)->root) : NULL;
}

/* The end of @ns: its instance lets go of the namespace, which makes
 * no more queues in it (EACCES), and of its root, the namespace's
 * reference (Linux's mq_put_mnt()): without a mount of it and an open
 * queue that was the last, and the queues go with the instance
 * (mq_kill_sb()); else they stay until then. Process context. */
void mq_exit_ns(struct ipc_namespace *ns)
{
	struct mq_fs_info *fs = ns->mq_sb ? mq_info(ns->mq_sb) : NULL;

	if (!fs)
		return;
	spin_lock(&mq_lock);
	fs->ns = NULL;
	spin_unlock(&mq_lock);
	dput(fs->root);
}

/* read(2) of a queue: its state in Linux's line. */
static long mqueue_read_file(struct file *f, struct iov_iter *to, loff_t *pos)
{
	struct mqueue_inode_info *info = f->f_inode->i_private;
	unsigned long flags;
	char buf[80];
	pid_t owner;
	int n;

	spin_lock(&info->lock);
	owner = info->notify_owner;
	n = snprintf(buf, sizeof(buf), "QSIZE:%-10llu NOTIFY:%-5d SIGNO:%-5d ",
		     (unsigned long long)info->qsize,
		     owner ? info->notify.sigev_notify : 0,
		     owner && info->notify.sigev_notify == SIGEV_SIGNAL
			     ? info->notify.sigev_signo : 0);
	spin_unlock(&info->lock);
	flags = spin_lock_irqsave(&tasklist_lock);	/* the reader's number */
	owner = global_pid_vnr(owner);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	n += snprintf(buf + n, sizeof(buf) - (size_t)n, "NOTIFY_PID:%-6d\n", owner);
	return simple_read_from_buffer(to, pos, buf, (size_t)n);
}

/* Every close: a notification the closer's process registered goes,
 * whichever of its descriptors it came through (Linux's
 * mqueue_flush_file()). */
static int mqueue_flush_file(struct file *f)
{
	mq_notify_drop(f->f_inode->i_private, false);
	return 0;
}

static __poll_t mqueue_poll_file(struct file *f, struct poll_table *pt)
{
	struct mqueue_inode_info *info = f->f_inode->i_private;
	__poll_t mask = 0;

	poll_wait(f, &info->wait, pt);
	spin_lock(&info->lock);
	if (info->attr.mq_curmsgs)
		mask |= EPOLLIN | EPOLLRDNORM;
	if (info->attr.mq_curmsgs < info->attr.mq_maxmsg)
		mask |= EPOLLOUT | EPOLLWRNORM;
	spin_unlock(&info->lock);
	return mask;
}

const struct file_operations mqueue_file_operations = {
	.read = mqueue_read_file,
	.flush = mqueue_flush_file,
	.poll = mqueue_poll_file,
};
