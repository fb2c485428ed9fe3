/*
 * /proc/<pid>/fdinfo/<fd> (Linux's fs/proc/fd.c): what a descriptor's
 * open file is, as text: its offset, its flags (octal, O_CLOEXEC from
 * the descriptor) and its inode number, then the lines the file's own
 * ->show_fdinfo() adds (an inotify descriptor's watches:
 * kernel/fs/notify/inotify_user.c inotify_show_fdinfo()). fdinfo/ lists
 * the same descriptors as fd/ (base.c), with the same helpers:
 * fget_task(), proc_readdir_fds().
 */
#include "kernel/fs/proc/internal.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/vsprintf.h"

/* The open file at @fd of @p, referenced, or NULL; *@cloexec: whether
 * its descriptor has FD_CLOEXEC. */
static struct file *task_fget(struct task_struct *p, int fd, bool *cloexec)
{
	struct files_struct *files = proc_get_files(p);
	struct file *f = NULL;

	if (!files)
		return NULL;
	spin_lock(&files->file_lock);
	if (fd >= 0 && (unsigned int)fd < files->max_fds && files->fd[fd]) {
		f = get_file(files->fd[fd]);
		*cloexec = fd_is_cloexec(files, (unsigned int)fd);
	}
	spin_unlock(&files->file_lock);
	put_files(files);
	return f;
}

struct file *fget_task(struct task_struct *p, int fd)
{
	bool cloexec;

	return task_fget(p, fd, &cloexec);
}

int proc_readdir_fds(struct inode *dir, struct dir_context *ctx,
		     unsigned int kind, unsigned char type)
{
	struct proc_inode *d = PROC_I(dir);
	struct files_struct *files = proc_get_files(d->task);
	char name[12];

	if (!files)
		return 0;
	for (u64 fd = ctx->pos - 2;; fd++) {
		bool end, open;

		spin_lock(&files->file_lock);
		end = fd >= files->max_fds;
		open = !end && files->fd[fd] != NULL;
		spin_unlock(&files->file_lock);
		if (end)
			break;
		if (!open)
			continue;
		ctx->pos = 2 + fd;
		if (!dir_emit(ctx, name, scnprintf(name, sizeof(name), "%d",
			      (int)fd), proc_task_ino(d->task, kind, fd), type))
			break;
	}
	put_files(files);
	return 0;
}

static int proc_fdinfo_show(struct seq_buf *m, void *data)
{
	struct proc_inode *pi = data;
	bool cloexec = false;
	struct file *f = task_fget(pi->task, pi->fd, &cloexec);

	if (!f)
		return -ENOENT;
	seq_printf(m, "pos:\t%lld\nflags:\t0%o\nino:\t%lu\n",
		   (long long)f->f_pos, f->f_flags | (cloexec ? O_CLOEXEC : 0),
		   (unsigned long)f->f_inode->i_ino);
	if (f->f_op && f->f_op->show_fdinfo)
		f->f_op->show_fdinfo(m, f);
	fput(f);
	return 0;
}

static const struct proc_entry proc_fdinfo_entry = {
	.name = "fdinfo", .mode = S_IFREG | 0444, .show = proc_fdinfo_show,
};

static struct inode *proc_fdinfo_lookup(struct inode *dir, const char *name,
					size_t len)
{
	struct proc_inode *d = PROC_I(dir);
	int fd = proc_name_to_int(name, len);
	struct file *f;

	if (fd < 0 || fd >= NR_OPEN_MAX || !proc_task_alive(d->task))
		return ERR_PTR(-ENOENT);
	f = fget_task(d->task, fd);
	if (!f)
		return ERR_PTR(-ENOENT);
	fput(f);
	return proc_make_inode(&proc_fdinfo_entry, &(struct proc_inode){
		.task = d->task, .thread = d->thread, .fd = fd },
		proc_task_ino(d->task, PROC_INO_FDINFO, fd));
}

static int proc_fdinfo_readdir(struct inode *dir, struct dir_context *ctx)
{
	return proc_readdir_fds(dir, ctx, PROC_INO_FDINFO, DT_REG);
}

const struct inode_operations proc_fdinfo_iops = {
	.lookup = proc_fdinfo_lookup,
	.readdir = proc_fdinfo_readdir,
};
