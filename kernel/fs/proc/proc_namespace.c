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
 * library looks for its read-only and nodev mounts in them. All
 * processes share one table, so the file is the same in every pid.
 */
#include "kernel/fs/mount.h"
#include "kernel/fs/proc/internal.h"
#include "kernel/mm/slab.h"
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
