/*
 * A module's own /proc files, written as for Linux 6.1:
 *   /proc/tb_procfile  seq_file (single_open): a line with a counter
 *   /proc/tb_procraw   proc_read/proc_write of its own: a number, 0644
 *   /proc/tb_procoops  reading it oopses in the module (a NULL pointer):
 *                      the reader dies, the kernel goes on
 */
#include <linux/init.h>
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/uaccess.h>
#include <linux/string.h>

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("a module's /proc files");

static int opens;
static long value = 7;

static int procfile_show(struct seq_file *m, void *v)
{
	seq_printf(m, "hello from %s, open #%d\n", (char *)m->private, opens);
	seq_puts(m, "second line\n");
	return 0;
}

static int procfile_open(struct inode *inode, struct file *file)
{
	opens++;
	return single_open(file, procfile_show, pde_data(inode));
}

static const struct proc_ops procfile_ops = {
	.proc_open = procfile_open,
	.proc_read = seq_read,
	.proc_lseek = seq_lseek,
	.proc_release = single_release,
};

static ssize_t raw_read(struct file *file, char __user *buf, size_t count,
			loff_t *ppos)
{
	char text[32];
	int len = scnprintf(text, sizeof(text), "%ld\n", value);

	if (*ppos >= len)
		return 0;
	if (count > (size_t)(len - *ppos))
		count = len - *ppos;
	if (copy_to_user(buf, text + *ppos, count))
		return -EFAULT;
	*ppos += count;
	return count;
}

static ssize_t raw_write(struct file *file, const char __user *buf,
			 size_t count, loff_t *ppos)
{
	char text[32];
	long v;

	if (count >= sizeof(text))
		return -EINVAL;
	if (copy_from_user(text, buf, count))
		return -EFAULT;
	text[count] = '\0';
	/* musl's stdio writes "42" and "\n" apart (writev), and a file
	 * without write_iter gets one proc_write per piece, on Linux too. */
	if (!strcmp(text, "\n"))
		return count;
	if (kstrtol(text, 0, &v))
		return -EINVAL;
	value = v;
	return count;
}

static const struct proc_ops raw_ops = {
	.proc_read = raw_read,
	.proc_write = raw_write,
};

static int oops_show(struct seq_file *m, void *v)
{
	int *volatile nowhere = NULL;

	seq_printf(m, "%d\n", *nowhere);
	return 0;
}

static int oops_open(struct inode *inode, struct file *file)
{
	return single_open(file, oops_show, NULL);
}

static const struct proc_ops oops_ops = {
	.proc_open = oops_open,
	.proc_read = seq_read,
	.proc_release = single_release,
};

static char owner[] = "procfile";

static int __init procfile_init(void)
{
	if (!proc_create_data("tb_procfile", 0444, NULL, &procfile_ops, owner))
		return -ENOMEM;
	if (!proc_create("tb_procraw", 0644, NULL, &raw_ops))
		goto no_raw;
	if (!proc_create("tb_procoops", 0444, NULL, &oops_ops))
		goto no_oops;
	pr_info("procfile: /proc/tb_procfile, tb_procraw, tb_procoops\n");
	return 0;
no_oops:
	remove_proc_entry("tb_procraw", NULL);
no_raw:
	remove_proc_entry("tb_procfile", NULL);
	return -ENOMEM;
}

static void __exit procfile_exit(void)
{
	remove_proc_entry("tb_procoops", NULL);
	remove_proc_entry("tb_procraw", NULL);
	remove_proc_entry("tb_procfile", NULL);
	pr_info("procfile: removed, value %ld\n", value);
}

module_init(procfile_init);
module_exit(procfile_exit);
