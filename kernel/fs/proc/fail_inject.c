/*
 * /proc/failslab/ and /proc/fail_page_alloc/ (CONFIG_FAULT_INJECTION):
 * the attributes of kernel/mm/fault_inject.c as Linux's debugfs has them in
 * /sys/kernel/debug/failslab/, one number per file: probability,
 * interval, times, space, verbose, task-filter (0 or 1; Linux says N or
 * Y). And /proc/<pid>/make-it-fail, the per-task switch task-filter
 * looks at (0 or 1). Root may write them ("echo 5 >
 * /proc/failslab/probability"); reading shows the value now (times
 * counts down as failures are injected).
 */
#ifdef CONFIG_FAULT_INJECTION

#include "kernel/fs/proc/internal.h"
#include "kernel/fs/uio.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/fault-inject.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

enum { FA_PROBABILITY, FA_INTERVAL, FA_TIMES, FA_SPACE, FA_VERBOSE,
       FA_TASK_FILTER };

static int fail_show(struct seq_buf *m, void *pi);
static int fail_store(void *pi, const char *buf, size_t len);

#define FA_FILE(n) { .name = n, .mode = S_IFREG | 0644, .show = fail_show, \
		     .store = fail_store }

/* Sorted as ls shows them; the FA_* index is found by name. */
static const struct proc_entry fail_entries[] = {
	FA_FILE("interval"), FA_FILE("probability"), FA_FILE("space"),
	FA_FILE("task-filter"), FA_FILE("times"), FA_FILE("verbose"),
};
static const u8 fail_field[] = {
	FA_INTERVAL, FA_PROBABILITY, FA_SPACE, FA_TASK_FILTER, FA_TIMES,
	FA_VERBOSE,
};

/* The block of inode numbers past /proc/sys's (proc_sysctl.c). */
#define FAIL_INO(attr, i) (PROC_FAIL_INO_BASE + (attr) * 16 + (i))

static struct fault_attr *const fail_attrs[] = { &failslab, &fail_page_alloc };

/* A file's attribute (its proc_inode's fd) and field. */
static struct fault_attr *file_attr(const struct proc_inode *pi, int *field)
{
	*field = fail_field[pi->entry - fail_entries];
	return fail_attrs[pi->fd];
}

static s64 field_get(const struct fault_attr *a, int field)
{
	switch (field) {
	case FA_PROBABILITY: return a->probability;
	case FA_INTERVAL: return a->interval;
	case FA_TIMES: return a->times;
	case FA_SPACE: return a->space;
	case FA_TASK_FILTER: return a->task_filter;
	default: return a->verbose;
	}
}

static int field_set(struct fault_attr *a, int field, s64 v)
{
	if (v < (field == FA_TIMES ? -1 : 0) ||
	    (field == FA_PROBABILITY && v > 100) ||
	    (field == FA_TASK_FILTER && v > 1) ||
	    (field != FA_TIMES && field != FA_SPACE && v > 0xffffffffll))
		return -EINVAL;
	switch (field) {
	case FA_PROBABILITY: WRITE_ONCE(a->probability, (u32)v); break;
	case FA_INTERVAL: WRITE_ONCE(a->interval, (u32)v); break;
	case FA_TIMES: WRITE_ONCE(a->times, v); break;
	case FA_SPACE: WRITE_ONCE(a->space, v); break;
	case FA_TASK_FILTER: WRITE_ONCE(a->task_filter, v); break;
	default: WRITE_ONCE(a->verbose, (u32)v); break;
	}
	return 0;
}

static int fail_show(struct seq_buf *m, void *pi)
{
	int field;
	const struct fault_attr *a = file_attr(pi, &field);

	seq_printf(m, "%lld\n", (long long)field_get(a, field));
	return 0;
}

/* One write sets the value: "echo 5 > probability". */
static int fail_store(void *pi, const char *buf, size_t len)
{
	int field;
	struct fault_attr *a = file_attr(pi, &field);
	s64 v;

	if (kstrtoll(buf, 0, &v))
		return -EINVAL;
	return field_set(a, field, v);
}

/* Which attribute a directory stands for: by its name. */
static int dir_attr(const struct inode *dir)
{
	return strcmp(PROC_I(dir)->entry->name, "failslab") ? 1 : 0;
}

static struct inode *fail_lookup(struct inode *dir, const char *name, size_t len)
{
	int attr = dir_attr(dir);

	return proc_lookup_table(fail_entries, ARRAY_SIZE(fail_entries), name,
				 len, &(struct proc_inode){ .fd = attr },
				 FAIL_INO(attr, 1));
}

static int fail_readdir(struct inode *dir, struct dir_context *ctx)
{
	proc_readdir_table(ctx, fail_entries, ARRAY_SIZE(fail_entries),
			   FAIL_INO(dir_attr(dir), 1));
	return 0;
}

const struct inode_operations proc_fail_dir_iops = {
	.lookup = fail_lookup,
	.readdir = fail_readdir,
};

/* ---- /proc/<pid>/make-it-fail ---- */

int proc_make_it_fail_show(struct seq_buf *m, void *pi)
{
	seq_printf(m, "%u\n", ((struct proc_inode *)pi)->task->make_it_fail);
	return 0;
}

/* "0" or "1". */
int proc_make_it_fail_store(void *pi, const char *buf, size_t len)
{
	if (len != 1 || (buf[0] != '0' && buf[0] != '1'))
		return -EINVAL;
	WRITE_ONCE(((struct proc_inode *)pi)->task->make_it_fail, buf[0] == '1');
	return 0;
}

/* ---- /proc/<pid>/task/<tid>/fail-nth ---- */

/* Its read and write allocate nothing, as Linux's: a seq_buf file's
 * buffers (rendered at open, kmalloc'ed at each write) would count
 * toward the very N they set or show. */
static long fail_nth_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	struct task_struct *t = PROC_I(f->f_inode)->task;
	char num[16];
	size_t len = (size_t)scnprintf(num, sizeof(num), "%u\n",
				       READ_ONCE(t->fail_nth));

	return simple_read_from_buffer(to, pos, num, len);
}

/* N: the thread's N-th allocation from now fails (0: none). */
static long fail_nth_write(struct file *f, struct iov_iter *from, loff_t *pos)
{
	size_t count = from->count, len = count;
	unsigned int n;
	char num[16];

	if (count >= sizeof(num))
		return -EINVAL;
	if (copy_from_iter(num, count, from) != count)
		return -EFAULT;
	if (len && num[len - 1] == '\n')
		len--;
	num[len] = '\0';
	if (kstrtouint(num, 0, &n))
		return -EINVAL;
	WRITE_ONCE(PROC_I(f->f_inode)->task->fail_nth, n);
	*pos += count;
	return count;
}

const struct file_operations proc_fail_nth_fops = {
	.read = fail_nth_read,
	.write = fail_nth_write,
	.llseek = generic_file_llseek,
};

#endif
