/*
 * seq_buf: render a pseudo file's whole text at open, serve reads from it
 * (see seq_buf.h). The text lives in one kmalloc'ed buffer per open file.
 */
#include "kernel/fs/seq_buf.h"
#include "kernel/mm/slab.h"
#include "lib/bug.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

#define SEQ_BUF_START PAGE_SIZE

/* Append formatted text to @m; when it does not fit, nothing is added
 * and m->overflow is set (the caller retries with a bigger buffer). */
void seq_vprintf(struct seq_buf *m, const char *fmt, va_list ap)
{
	size_t room = m->size - m->len;
	int n;

	if (m->overflow)
		return;
	n = vsnprintf(m->buf + m->len, room, fmt, ap);
	if (n < 0 || (size_t)n >= room) {
		m->overflow = true;
		return;
	}
	m->len += n;
}

/* seq_vprintf() with the arguments inline. */
void seq_printf(struct seq_buf *m, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	seq_vprintf(m, fmt, ap);
	va_end(ap);
}

/* Append @len raw bytes to @m, or set m->overflow. */
void seq_write(struct seq_buf *m, const void *data, size_t len)
{
	if (m->overflow || len > m->size - m->len) {
		m->overflow = true;
		return;
	}
	memcpy(m->buf + m->len, data, len);
	m->len += len;
}

/*
 * Copy while looking for the terminator: one pass, not strlen() and then
 * memcpy(). The strings are short (a /proc/<pid>/status puts about
 * seventy). What is copied before an overflow is past m->len: not text.
 */
void seq_puts(struct seq_buf *m, const char *s)
{
	char *d = m->buf + m->len, *end = m->buf + m->size;

	if (m->overflow)
		return;
	while (*s && d < end)
		*d++ = *s++;
	if (*s)
		m->overflow = true;
	else
		m->len = d - m->buf;
}

/* Append one character to @m, or set m->overflow. */
void seq_putc(struct seq_buf *m, char c)
{
	if (m->overflow || m->len == m->size)
		m->overflow = true;
	else
		m->buf[m->len++] = c;
}

/*
 * Put @delimiter, then the digits of @num in @base, padded on the left
 * with @pad to @width characters.
 */
static void put_number(struct seq_buf *m, const char *delimiter,
		       unsigned long long num, unsigned int base,
		       unsigned int width, char pad)
{
	char buf[SEQ_NUM_WIDTH], *end = buf + SEQ_NUM_WIDTH, *p = end;

	BUG_ON(width > SEQ_NUM_WIDTH);
	do {
		*--p = "0123456789abcdef"[num % base];
		num /= base;
	} while (num);
	while (p > end - width)
		*--p = pad;
	seq_puts(m, delimiter);
	seq_write(m, p, end - p);
}

void seq_put_bitmap_list(struct seq_buf *m, u64 mask)
{
	const char *sep = "";

	for (int bit = 0; bit < 64; bit++) {
		int last = bit;

		if (!(mask & (1ull << bit)))
			continue;
		while (last + 1 < 64 && (mask & (1ull << (last + 1))))
			last++;
		if (last == bit)
			seq_printf(m, "%s%d", sep, bit);
		else
			seq_printf(m, "%s%d-%d", sep, bit, last);
		sep = ",";
		bit = last;
	}
}

void seq_put_decimal_ull_width(struct seq_buf *m, const char *delimiter,
			       unsigned long long num, unsigned int width)
{
	put_number(m, delimiter, num, 10, width, ' ');
}

void seq_put_hex_ll(struct seq_buf *m, const char *delimiter,
		    unsigned long long num, unsigned int width)
{
	put_number(m, delimiter, num, 16, width, '0');
}

int seq_buf_render(struct seq_buf *m, int (*show)(struct seq_buf *, void *),
		   void *data)
{
	size_t size;

	BUG_ON(!show);
	for (size = SEQ_BUF_START; size <= SEQ_BUF_MAX; size *= 2) {
		int ret;

		m->buf = kmalloc(size, GFP_KERNEL);
		if (!m->buf)
			return -ENOMEM;
		m->size = size;
		m->len = 0;
		m->overflow = false;
		ret = show(m, data);
		if (ret < 0 || !m->overflow) {
			if (ret < 0)
				seq_buf_free(m);
			return ret < 0 ? ret : 0;
		}
		seq_buf_free(m);
	}
	return -ENOMEM;
}

/* Free @m's buffer; @m itself belongs to the caller. */
void seq_buf_free(struct seq_buf *m)
{
	kfree(m->buf);
	m->buf = NULL;
	m->size = m->len = 0;
}

int seq_file_open(struct file *f, int (*show)(struct seq_buf *, void *),
		  void *data)
{
	struct seq_buf *m = kzalloc(sizeof(*m), GFP_KERNEL);
	int ret;

	if (!m)
		return -ENOMEM;
	ret = seq_buf_render(m, show, data);
	if (ret < 0) {
		kfree(m);
		return ret;
	}
	f->private_data = m;
	return 0;
}

/* The read of a seq_buf file: copy the text rendered at open from
 * *@pos on; bytes copied, 0 at the end. */
long seq_file_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	struct seq_buf *m = f->private_data;

	return simple_read_from_buffer(to, pos, m->buf, m->len);
}

/* The release of a seq_buf file: free the text and the seq_buf. */
int seq_file_release(struct inode *inode, struct file *f)
{
	struct seq_buf *m = f->private_data;

	if (m) {
		seq_buf_free(m);
		kfree(m);
	}
	return 0;
}

long seq_file_store(struct iov_iter *from, loff_t *pos,
		    int (*store)(void *data, const char *buf, size_t len),
		    void *data)
{
	size_t count = from->count, len;
	char *buf;
	int err;

	if (count > SEQ_STORE_MAX)
		return -EINVAL;
	buf = kmalloc(count + 1, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	len = copy_from_iter(buf, count, from);
	if (len != count) {
		kfree(buf);
		return -EFAULT;
	}
	if (len && buf[len - 1] == '\n')
		len--;
	buf[len] = '\0';
	err = store(data, buf, len);
	kfree(buf);
	if (err)
		return err;
	*pos += count;
	return count;
}

/* The mode's bits decide for root as well: a file without a write bit
 * takes no store, one without a read bit shows nothing (Linux's kernfs
 * and /proc/sys say the same). */
static int seq_inode_open(struct inode *inode, struct file *f)
{
	if ((f->f_mode & FMODE_WRITE) &&
	    (!inode->i_store || !(inode->i_mode & 0222)))
		return -EACCES;
	if ((f->f_mode & FMODE_READ) && !(inode->i_mode & 0444))
		return -EACCES;
	if (!(f->f_mode & FMODE_READ))
		return 0;
	return seq_file_open(f, inode->i_show, inode->i_private);
}

static long seq_inode_write(struct file *f, struct iov_iter *from, loff_t *pos)
{
	return seq_file_store(from, pos, f->f_inode->i_store,
			      f->f_inode->i_private);
}

/* SEEK_END is relative to the rendered text (i_size of a pseudo file is 0). */
loff_t seq_file_llseek(struct file *f, loff_t offset, int whence)
{
	struct seq_buf *m = f->private_data;
	loff_t base;

	if (!m)
		return -ESPIPE;		/* opened for writing only */
	base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? f->f_pos :
	       (loff_t)m->len;
	/* An offset near LLONG_MAX must not overflow (UBSAN; Linux's
	 * wrapped sum is negative, EINVAL too). */
	if (whence < SEEK_SET || whence > SEEK_END ||
	    __builtin_add_overflow(base, offset, &base) || base < 0)
		return -EINVAL;
	f->f_pos = base;
	return f->f_pos;
}

const struct file_operations seq_file_fops = {
	.open = seq_inode_open,
	.read = seq_file_read,
	.write = seq_inode_write,
	.llseek = seq_file_llseek,
	.release = seq_file_release,
};
