/*
 * Character devices: a device node (S_IFCHR inode) names a driver by its
 * device number, MKDEV(major, minor), with Linux's numbers; opening it
 * looks the number up here and installs that driver's file_operations
 * (def_chr_fops does the switch, as Linux's chrdev_open()).
 *
 *   1,3 /dev/null     reads end at once, writes vanish
 *   1,5 /dev/zero     reads give zeroes, writes vanish
 *   1,11 /dev/kmsg    read: the kernel log (as it was at open); write: printk
 *   10,126 /dev/userfaultfd  USERFAULTFD_IOC_NEW: a userfaultfd
 *   5,0 /dev/tty      the caller's controlling terminal
 *   5,1 /dev/console  the console terminal
 */
#include "kernel/printk/printk.h"
#include "kernel/fs/anon_inodes.h"
#include "kernel/fs/seq_buf.h"
#include "kernel/tty/tty.h"
#include "kernel/fs/vfs.h"
#include "kernel/random.h"
#include "lib/errno.h"


static long null_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	return 0;
}

static long null_write(struct file *f, struct iov_iter *from, loff_t *pos)
{
	size_t n = from->count;

	from->count = 0;
	return (long)n;
}

/* lseek on /dev/null and /dev/zero succeeds and stays at 0, as Linux. */
static loff_t null_llseek(struct file *f, loff_t offset, int whence)
{
	f->f_pos = 0;
	return 0;
}

static long zero_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	size_t n = to->count, done = iov_iter_zero(n, to);

	return done ? (long)done : -EFAULT;
}

static const struct file_operations null_fops = {
	.read = null_read,
	.write = null_write,
	.llseek = null_llseek,
};

static const struct file_operations zero_fops = {
	.read = zero_read,
	.write = null_write,
	.llseek = null_llseek,
};

bool file_is_dev_zero(const struct file *f)
{
	return f->f_op == &zero_fops;
}

/* /dev/random and /dev/urandom: get_random_u64()'s bytes (kernel/char/
 * random.c, as getrandom(2)); writes are taken and ignored, as Linux
 * mixes them in. Never blocks. */
static long random_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	size_t done = 0;

	while (to->count) {
		u64 r = get_random_u64();
		size_t n = MIN(to->count, sizeof(r)), c = copy_to_iter(&r, n, to);

		done += c;
		if (c < n)
			return done ? (long)done : -EFAULT;
	}
	return (long)done;
}

/* The RND* ioctls are kernel/char/random.c's. */
static long random_fops_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	return random_ioctl(cmd, arg);
}

static const struct file_operations random_fops = {
	.read = random_read,
	.ioctl = random_fops_ioctl,
	.write = null_write,
	.llseek = null_llseek,
};

/* The whole log ring as text: "<level>[seconds] message" lines. */
static int kmsg_show(struct seq_buf *m, void *unused)
{
	m->len = log_read(m->buf, m->size, 0);
	m->overflow = m->len == m->size;	/* try a larger buffer */
	return 0;
}

static int kmsg_open(struct inode *inode, struct file *f)
{
	if (!(f->f_mode & FMODE_READ))
		return 0;
	return seq_file_open(f, kmsg_show, NULL);
}

/* Each write is logged; a leading "<n>" sets its level, as in Linux. */
static long kmsg_write(struct file *f, struct iov_iter *from, loff_t *pos)
{
	size_t total = from->count;
	char buf[256];

	while (from->count) {
		size_t want = MIN(sizeof(buf) - 1, from->count);
		size_t n = copy_from_iter(buf, want, from);

		if (!n)
			return -EFAULT;
		buf[n] = '\0';
		printk("%s", buf);
	}
	return (long)total;
}

static const struct file_operations kmsg_fops = {
	.open = kmsg_open,
	.read = seq_file_read,
	.write = kmsg_write,
	.llseek = seq_file_llseek,
	.release = seq_file_release,
};

static const struct {
	u32 dev;
	const struct file_operations *fops;
} chrdevs[] = {
	{ MKDEV(1, 3), &null_fops },
	{ MKDEV(1, 5), &zero_fops },
	{ MKDEV(1, 8), &random_fops },
	{ MKDEV(1, 9), &random_fops },
	{ MKDEV(1, 11), &kmsg_fops },
	{ MKDEV(10, 126), &userfaultfd_dev_fops },
	{ MKDEV(5, 0), &tty_fops },
	{ MKDEV(5, 1), &tty_fops },
};

const struct file_operations *chrdev_fops(u32 dev)
{
	for (size_t i = 0; i < ARRAY_SIZE(chrdevs); i++)
		if (chrdevs[i].dev == dev)
			return chrdevs[i].fops;
	return NULL;
}

static int chrdev_open(struct inode *inode, struct file *f)
{
	const struct file_operations *fops = chrdev_fops(inode->i_rdev);

	if (!fops)
		return -ENXIO;
	f->f_op = fops;
	return fops->open ? fops->open(inode, f) : 0;
}

const struct file_operations def_chr_fops = {
	.open = chrdev_open,
};
