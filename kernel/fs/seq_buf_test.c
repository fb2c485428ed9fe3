/*
 * Self-tests for seq_buf files and for a pseudo file system built and
 * mounted the way /proc is: inodes made up at lookup, readdir that emits
 * names, files whose text a show() function renders at open.
 */
#include "kernel/fs/syscalls.h"
#include "kernel/ktest.h"
#include "kernel/fs/seq_buf.h"
#include "kernel/mm/slab.h"
#include "kernel/fs/vfs.h"
#include "kernel/fs/vfs_test.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

/* A show() whose text does not fit in the first buffer. */
static int big_show(struct seq_buf *m, void *data)
{
	for (int i = 0; i < (int)(long)data; i++)
		seq_printf(m, "line %05d\n", i);
	return 0;
}

KTEST(vfs_seq_buf_grows)
{
	struct seq_buf m;
	char line[12];

	KT_EXPECT(t, seq_buf_render(&m, big_show, (void *)1000L) == 0);
	KT_EXPECT(t, m.len == 11000 && m.size >= 11000);
	KT_EXPECT(t, !memcmp(m.buf + 11 * 999, "line 00999\n", 11));
	seq_buf_free(&m);
	KT_EXPECT(t, seq_buf_render(&m, big_show, (void *)0L) == 0 &&
		  m.len == 0);
	seq_buf_free(&m);
	snprintf(line, sizeof(line), "x");
	KT_EXPECT(t, line[0] == 'x');
}

/* An empty seq_buf over @buf[size]. */
static struct seq_buf kt_seq(char *buf, size_t size)
{
	return (struct seq_buf){ .buf = buf, .size = size };
}

/* The seq_put_*() shortcuts print what the seq_printf() they replace does. */
KTEST(vfs_seq_put_numbers)
{
	static const unsigned long long vals[] = {
		0, 1, 9, 10, 15, 16, 99999999, 100000000, 0xffffc9000002c000ull,
		~0ull,
	};
	static const unsigned int widths[] = { 0, 1, 2, 8, 16, 20, SEQ_NUM_WIDTH };
	char buf[64], want[64];

	for (size_t i = 0; i < ARRAY_SIZE(vals); i++) {
		for (size_t j = 0; j < ARRAY_SIZE(widths); j++) {
			unsigned long long v = vals[i];
			int w = widths[j];
			struct seq_buf m = kt_seq(buf, sizeof(buf));

			seq_put_decimal_ull_width(&m, "Vm:\t", v, w);
			snprintf(want, sizeof(want), "Vm:\t%*llu", w, v);
			KT_EXPECTF(t, m.len == strlen(want) &&
				   !memcmp(buf, want, m.len), "%%*llu %d %llu",
				   w, v);
			m = kt_seq(buf, sizeof(buf));
			seq_put_hex_ll(&m, "", v, w);
			snprintf(want, sizeof(want), "%0*llx", w, v);
			KT_EXPECTF(t, m.len == strlen(want) &&
				   !memcmp(buf, want, m.len), "%%0*llx %d %llx",
				   w, v);
		}
	}
}

/* Text that fills the buffer exactly fits; one character more overflows,
 * and nothing is added after an overflow. */
KTEST(vfs_seq_put_overflow)
{
	char buf[8];
	struct seq_buf m = kt_seq(buf, sizeof(buf));

	seq_puts(&m, "1234567");
	seq_putc(&m, '8');
	KT_EXPECT(t, m.len == 8 && !m.overflow && !memcmp(buf, "12345678", 8));
	seq_puts(&m, "");
	KT_EXPECT(t, m.len == 8 && !m.overflow);
	seq_putc(&m, '9');
	KT_EXPECT(t, m.len == 8 && m.overflow);
	m = kt_seq(buf, sizeof(buf));
	seq_puts(&m, "123456789");
	KT_EXPECT(t, m.len == 0 && m.overflow);
	seq_putc(&m, 'x');
	KT_EXPECT(t, m.len == 0 && m.overflow);
	m = kt_seq(buf, sizeof(buf));
	seq_put_decimal_ull_width(&m, "a:", 123456, 0);
	KT_EXPECT(t, m.len == 8 && !m.overflow && !memcmp(buf, "a:123456", 8));
	m = kt_seq(buf, sizeof(buf));
	seq_put_hex_ll(&m, "a:", 0x1234567, 0);
	KT_EXPECT(t, m.overflow);
	m = kt_seq(buf, sizeof(buf));
	seq_put_decimal_ull_width(&m, "", 1, 9);
	KT_EXPECT(t, m.len == 0 && m.overflow);
}

/* ---- a pseudo file system, built the way /proc will be ---- */

/* A store() that keeps the text and answers what @data says. */
static char stored[16];

static int store_copy(void *data, const char *buf, size_t len)
{
	if (len >= sizeof(stored))
		return -ENOSPC;
	memcpy(stored, buf, len + 1);
	return *(int *)data;
}

/* One write() is one value: NUL-terminated, one newline taken off. */
KTEST(vfs_seq_file_store)
{
	char text[] = "42\n\n";
	struct iovec iov = { text, 3 };
	struct iov_iter it;
	loff_t pos = 0;
	int answer = 0;

	iov_iter_init(&it, false, &iov, 1, 3);
	KT_EXPECT(t, seq_file_store(&it, &pos, store_copy, &answer) == 3);
	KT_EXPECT(t, pos == 3 && !strcmp(stored, "42"));
	iov.iov_len = 4;
	iov_iter_init(&it, false, &iov, 1, 4);
	KT_EXPECT(t, seq_file_store(&it, &pos, store_copy, &answer) == 4);
	KT_EXPECT(t, pos == 7 && !strcmp(stored, "42\n"));
	answer = -EPERM;
	iov_iter_init(&it, false, &iov, 1, 4);
	KT_EXPECT(t, seq_file_store(&it, &pos, store_copy, &answer) == -EPERM);
	KT_EXPECT(t, pos == 7);
	iov.iov_len = SEQ_STORE_MAX + 1;
	iov_iter_init(&it, false, &iov, 1, SEQ_STORE_MAX + 1);
	KT_EXPECT(t, seq_file_store(&it, &pos, store_copy, &answer) == -EINVAL);
}

static struct super_block *pseudo_sb;

static int pseudo_show(struct seq_buf *m, void *data)
{
	seq_printf(m, "Name:\t%s\nPid:\t%d\n", (const char *)data, 42);
	return 0;
}

static struct inode *pseudo_file(const char *name)
{
	struct inode *inode = new_inode(pseudo_sb, S_IFREG | 0444);

	if (!inode)
		return ERR_PTR(-ENOMEM);
	inode->i_fop = &seq_file_fops;
	inode->i_show = pseudo_show;
	inode->i_private = (void *)name;
	return inode;
}

static struct inode *pseudo_lookup(struct inode *dir, const char *name,
				   size_t len)
{
	if (len == 6 && !memcmp(name, "status", 6))
		return pseudo_file("status");
	if (len == 4 && !memcmp(name, "comm", 4))
		return pseudo_file("comm");
	return ERR_PTR(-ENOENT);
}

static int pseudo_readdir(struct inode *dir, struct dir_context *ctx)
{
	static const char *const names[] = { "status", "comm" };

	for (u64 i = ctx->pos - 2; i < ARRAY_SIZE(names); i++)
		if (!dir_emit(ctx, names[i], strlen(names[i]), 100 + i, DT_REG))
			break;
	return 0;
}

static const struct inode_operations pseudo_dir_iops = {
	.lookup = pseudo_lookup,
	.readdir = pseudo_readdir,
};

KTEST(vfs_pseudo_fs_mount)
{
	struct vfs_test_env env;
	struct kt_names *l = kzalloc(sizeof(*l), GFP_KERNEL);
	char buf[64];
	struct dentry *d;
	struct file *f;

	vfs_test_enter(&env);
	if (!pseudo_sb) {
		pseudo_sb = alloc_super("ktestfs", SB_RDONLY);
		pseudo_sb->s_root = new_inode(pseudo_sb, S_IFDIR | 0555);
		pseudo_sb->s_root->i_op = &pseudo_dir_iops;
		pseudo_sb->s_root->i_fop = &dir_fops;
		vfs_mkdir(NULL, "/tmp/ktmnt", 0755);
		KT_EXPECT(t, vfs_mount("/tmp/ktmnt", pseudo_sb) == 0);
	}
	KT_EXPECT(t, vfs_mount("/tmp/ktmnt", pseudo_sb) == -EBUSY);
	KT_EXPECT(t, kt_read_file("/tmp/ktmnt/status", buf,
		  sizeof(buf)) == 21);
	KT_EXPECT(t, !strcmp(buf, "Name:\tstatus\nPid:\t42\n"));
	KT_EXPECT(t, kt_open_err("/tmp/ktmnt/status",
		  O_WRONLY) == -EROFS);
	KT_EXPECT(t, kt_open_err("/tmp/ktmnt/nothing",
		  O_RDONLY) == -ENOENT);
	KT_EXPECT(t, kt_open_err("/tmp/ktmnt/new",
		  O_CREAT | O_WRONLY) == -EROFS);
	KT_EXPECT(t, kt_lookup_ino("/tmp/ktmnt/..") == kt_lookup_ino("/tmp"));
	d = path_lookup("/tmp/ktmnt/comm", 0);
	KT_EXPECT(t, !IS_ERR(d));
	if (!IS_ERR(d)) {
		KT_EXPECT(t, d_path(d, buf, sizeof(buf)) > 0 &&
			  !strcmp(buf, "/tmp/ktmnt/comm"));
		KT_EXPECT(t, d->d_inode->i_sb == pseudo_sb);
		dput(d);
	}
	f = filp_open("/tmp/ktmnt", O_RDONLY | O_DIRECTORY, 0);
	KT_EXPECT(t, !IS_ERR(f));
	if (!IS_ERR(f)) {
		l->ctx.actor = kt_collect;
		vfs_readdir(f, &l->ctx);
		KT_EXPECT(t, l->n == 4 && kt_listed(l, "..") &&
			  kt_listed(l, "comm"));
		fput(f);
	}
	kfree(l);
	vfs_test_leave(&env);
}
