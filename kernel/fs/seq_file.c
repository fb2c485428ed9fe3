/*
 * seq_file for modules (see seq_file.h): single_open(), seq_read(),
 * seq_lseek(), single_release(), and the exports of the printing
 * functions, which are kernel/fs/seq_buf.c's own.
 */
#include "kernel/fs/seq_file.h"
#include "kernel/mm/slab.h"
#include "kernel/module/module.h"
#include "kernel/uaccess.h"
#include "lib/errno.h"

int single_open(struct file *file, int (*show)(struct seq_file *, void *),
		void *data)
{
	struct seq_file *m = kzalloc(sizeof(*m), GFP_KERNEL);

	if (!m)
		return -ENOMEM;
	m->show = show;
	m->private = data;
	file->private_data = m;
	return 0;
}
EXPORT_SYMBOL(single_open);

/* seq_buf_render()'s view of the module's show(). */
static int render_show(struct seq_buf *sb, void *data)
{
	struct seq_file *m = data;

	return m->show(m, SEQ_START_TOKEN);
}

long seq_read(struct file *file, char __user *buf, size_t size, loff_t *ppos)
{
	struct seq_file *m = file->private_data;
	size_t n;

	if (!m->rendered) {
		int err = seq_buf_render(&m->buf, render_show, m);

		if (err)
			return err;
		m->rendered = true;
	}
	if (*ppos < 0 || (u64)*ppos >= m->buf.len)
		return 0;
	n = MIN(m->buf.len - (size_t)*ppos, size);
	if (copy_to_user(buf, m->buf.buf + *ppos, n))
		return -EFAULT;
	*ppos += n;
	return n;
}
EXPORT_SYMBOL(seq_read);

loff_t seq_lseek(struct file *file, loff_t offset, int whence)
{
	loff_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? file->f_pos : -1;

	if (base < 0 || base + offset < 0)
		return -EINVAL;
	file->f_pos = base + offset;
	return file->f_pos;
}
EXPORT_SYMBOL(seq_lseek);

int single_release(struct inode *inode, struct file *file)
{
	struct seq_file *m = file->private_data;

	if (m) {
		seq_buf_free(&m->buf);
		kfree(m);
	}
	return 0;
}
EXPORT_SYMBOL(single_release);

EXPORT_SYMBOL(seq_printf);
EXPORT_SYMBOL(seq_vprintf);
EXPORT_SYMBOL(seq_puts);
EXPORT_SYMBOL(seq_putc);
EXPORT_SYMBOL(seq_write);
