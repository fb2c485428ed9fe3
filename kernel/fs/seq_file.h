/*
 * Linux's seq_file, the part a module's /proc file uses (single_open()):
 * the module's show(m, v) prints the whole file with seq_printf(); the
 * text is rendered at the first read (in a buffer that grows until it
 * fits, kernel/fs/seq_buf.h) and served from there, so small reads see
 * one snapshot. struct seq_file starts with the kernel's struct seq_buf,
 * so seq_printf() and friends are the kernel's own (<linux/seq_file.h>
 * passes &m->buf).
 */
#ifndef KERNEL_FS_SEQ_FILE_H
#define KERNEL_FS_SEQ_FILE_H

#include "kernel/fs/seq_buf.h"
#include "kernel/fs/vfs.h"

/* What show() gets as @v: the whole file is one record. */
#define SEQ_START_TOKEN ((void *)1)

struct seq_file {
	struct seq_buf buf;		/* the text: first, see above */
	bool rendered;
	int (*show)(struct seq_file *m, void *v);
	void *private;			/* single_open()'s @data */
};

/* Open @file as a seq_file whose text is @show(m, SEQ_START_TOKEN), with
 * m->private = @data: file->private_data is the seq_file. 0 or -ENOMEM. */
int single_open(struct file *file, int (*show)(struct seq_file *, void *),
		void *data);
/* Copy the text from *@ppos on to the user buffer @buf: bytes, 0 at the
 * end, or -errno (a show() error, -EFAULT). Renders it at the first call. */
long seq_read(struct file *file, char __user *buf, size_t size, loff_t *ppos);
/* SEEK_SET and SEEK_CUR within the text; the new position or -EINVAL. */
loff_t seq_lseek(struct file *file, loff_t offset, int whence);
/* Free what single_open() made. 0. */
int single_release(struct inode *inode, struct file *file);

#endif
