/*
 * /proc/<pid>/mounts and /proc/<pid>/mountinfo (Linux's
 * fs/proc_namespace.c), in Linux's formats, one line per mount of the
 * table kernel/fs/namespace.c keeps; /proc/mounts is a symlink to
 * self/mounts, and /etc/mtab one to /proc/self/mounts, as on Debian.
 *
 *   mounts:     tmpfs /tmp tmpfs rw,relatime 0 0
 *   mountinfo:  22 20 0:3 / /tmp rw,relatime - tmpfs tmpfs rw
 *               id parent dev root mount-point options - type source
 *               super-block-options
 *
 * BusyBox's mount (no arguments) and df read them (getmntent()); LTP's
 * library looks for its read-only and nodev mounts in them. They show the
 * reader's mount namespace. poll() on an open one says EPOLLPRI and
 * EPOLLERR once the namespace's mounts changed since the open or the last
 * such poll (Linux's mounts_poll(): how a program learns of a mount
 * without reading the table again and again).
 */
#include "kernel/fs/mount.h"
#include "kernel/fs/proc/internal.h"
#include "kernel/mm/slab.h"
#include "kernel/ns/mnt_namespace.h"
#include "lib/string.h"

/* Write @s as Linux does: space, tab, newline and backslash as \ooo. */
static void seq_mangle(struct seq_buf *m, const char *s)
{
	for (; *s; s++) {
		if (strchr(" \t\n\\", *s))
			seq_printf(m, "\\%03o", (unsigned char)*s);
		else
			seq_putc(m, *s);
	}
}

/* The mount point of @mnt, mangled. */
static void show_mountpoint(struct seq_buf *m, struct mount *mnt)
{
	char *buf = kmalloc(PATH_MAX, GFP_KERNEL);

	if (buf && mnt->mnt_mountpoint &&
	    d_path(mnt->mnt_mountpoint, buf, PATH_MAX) >= 0)
		seq_mangle(m, buf);
	else
		seq_putc(m, '/');
	kfree(buf);
}

/* "rw" or "ro", then the options that are the mount's (Linux keeps
 * nosuid, nodev, noexec per mount; Taskbase in the super block). */
static void show_mnt_opts(struct seq_buf *m, struct mount *mnt)
{
	unsigned int sbf = mnt->mnt.mnt_sb->s_flags;
	int f = mnt->mnt.mnt_flags;

	seq_puts(m, sbf & SB_RDONLY ? "ro" : "rw");
	if (sbf & SB_NOSUID)
		seq_puts(m, ",nosuid");
	if (sbf & SB_NODEV)
		seq_puts(m, ",nodev");
	if (sbf & SB_NOEXEC)
		seq_puts(m, ",noexec");
	if (f & MNT_NOATIME)
		seq_puts(m, ",noatime");
	if (f & MNT_NODIRATIME)
		seq_puts(m, ",nodiratime");
	if (f & MNT_RELATIME)
		seq_puts(m, ",relatime");
}

static int show_vfsmnt(struct mount *mnt, void *arg)
{
	struct seq_buf *m = arg;

	seq_mangle(m, mnt->mnt_devname);
	seq_putc(m, ' ');
	show_mountpoint(m, mnt);
	seq_printf(m, " %s ", mnt->mnt.mnt_sb->s_type);
	show_mnt_opts(m, mnt);
	seq_puts(m, mnt->mnt_options);
	seq_puts(m, " 0 0\n");
	return 0;
}

static int show_mountinfo(struct mount *mnt, void *arg)
{
	struct super_block *sb = mnt->mnt.mnt_sb;
	struct seq_buf *m = arg;

	seq_printf(m, "%d %d %u:%u / ", mnt->mnt_id, mnt->mnt_parent->mnt_id,
		   MAJOR(sb->s_dev), MINOR(sb->s_dev));
	show_mountpoint(m, mnt);
	seq_putc(m, ' ');
	show_mnt_opts(m, mnt);
	if (mnt->mnt_group_id)		/* the optional fields (pnode.c) */
		seq_printf(m, " shared:%d", mnt->mnt_group_id);
	if (mnt->mnt_master_id)
		seq_printf(m, " master:%d", mnt->mnt_master_id);
	if (mnt->mnt_unbindable)
		seq_puts(m, " unbindable");
	seq_printf(m, " - %s ", sb->s_type);
	seq_mangle(m, mnt->mnt_devname);
	seq_puts(m, sb->s_flags & SB_RDONLY ? " ro" : " rw");
	seq_puts(m, mnt->mnt_options);
	seq_putc(m, '\n');
	return 0;
}

int proc_mounts_show(struct seq_buf *m, void *pi)
{
	return iterate_mounts(show_vfsmnt, m);
}

int proc_mountinfo_show(struct seq_buf *m, void *pi)
{
	return iterate_mounts(show_mountinfo, m);
}

/* The open records the namespace's mount event it saw (f_version). */
static int mounts_open(struct inode *inode, struct file *f)
{
	f->f_version = __atomic_load_n(&current_mnt_ns()->event,
				       __ATOMIC_ACQUIRE);
	return seq_file_open(f, proc_mounts_show, inode->i_private);
}

static int mountinfo_open(struct inode *inode, struct file *f)
{
	f->f_version = __atomic_load_n(&current_mnt_ns()->event,
				       __ATOMIC_ACQUIRE);
	return seq_file_open(f, proc_mountinfo_show, inode->i_private);
}

/* Readable always; EPOLLPRI | EPOLLERR once per change of the mounts. */
static __poll_t mounts_poll(struct file *f, struct poll_table *pt)
{
	struct mnt_namespace *ns = current_mnt_ns();
	u64 event = __atomic_load_n(&ns->event, __ATOMIC_ACQUIRE);
	__poll_t res = EPOLLIN | EPOLLRDNORM;

	poll_wait(f, &ns->poll, pt);
	if (f->f_version != event) {
		f->f_version = event;
		res |= EPOLLERR | EPOLLPRI;
	}
	return res;
}

const struct file_operations proc_mounts_fops = {
	.open = mounts_open,
	.read = seq_file_read,
	.llseek = seq_file_llseek,
	.poll = mounts_poll,
	.release = seq_file_release,
};

const struct file_operations proc_mountinfo_fops = {
	.open = mountinfo_open,
	.read = seq_file_read,
	.llseek = seq_file_llseek,
	.poll = mounts_poll,
	.release = seq_file_release,
};
