/*
 * Self-tests for the descriptor table (fdtable.c), the /dev devices
 * (char_dev.c) and kernel_read_file() with the file pages exec maps, below
 * the system calls. Helpers and the per-test files/fs setup are in
 * vfs_test.c.
 */
#include "kernel/fs/syscalls.h"
#include "kernel/ktest.h"
#include "kernel/mm/filemap.h"
#include "kernel/mm/page_alloc.h"
#include "kernel/fs/seq_buf.h"
#include "kernel/mm/slab.h"
#include "kernel/fs/vfs.h"
#include "kernel/fs/vfs_test.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"

KTEST(vfs_fd_table)
{
	struct vfs_test_env env;
	struct files_struct *copy;
	struct file *f, *g;
	int fd0, fd1, fd2;

	vfs_test_enter(&env);
	f = filp_open("/etc/motd", O_RDONLY, 0);
	KT_EXPECT(t, !IS_ERR(f));
	if (IS_ERR(f))
		goto out;
	fd0 = get_unused_fd_flags(0);
	fd1 = get_unused_fd_flags(O_CLOEXEC);
	KT_EXPECT(t, fd0 == 0 && fd1 == 1);
	fd_install(fd0, get_file(f));
	fd_install(fd1, get_file(f));
	KT_EXPECT(t, get_close_on_exec(0) == 0 &&
		  get_close_on_exec(1) == FD_CLOEXEC);
	KT_EXPECT(t, replace_fd(10, f, 0) == 10);	/* dup2 */
	KT_EXPECT(t, refcount_read(&f->f_count) == 4);
	KT_EXPECT(t, alloc_fd(5, 0) == 5);		/* F_DUPFD 5 */
	fd_install(5, get_file(f));
	fd2 = get_unused_fd_flags(0);
	KT_EXPECT(t, fd2 == 2);
	put_unused_fd(fd2);
	KT_EXPECT(t, replace_fd(NR_OPEN_MAX, f, 0) == -EBADF);
	g = fget(10);
	KT_EXPECT(t, g == f);
	if (g)
		fput(g);
	KT_EXPECT(t, fget(2) == NULL && fget(NR_OPEN_MAX + 5) == NULL);
	/* fork: the copy shares the files; exec closes the cloexec ones. */
	copy = dup_files(current->files);
	KT_EXPECT(t, !IS_ERR(copy) && refcount_read(&f->f_count) == 9);
	close_on_exec(current->files);
	KT_EXPECT(t, fget(1) == NULL && refcount_read(&f->f_count) == 8);
	KT_EXPECT(t, set_close_on_exec(0, true) == 0 &&
		  get_close_on_exec(0) == FD_CLOEXEC);
	KT_EXPECT(t, set_close_on_exec(3, true) == -EBADF);
	KT_EXPECT(t, close_fd(10) == 0 && close_fd(10) == -EBADF);
	KT_EXPECT(t, close_fd(NR_OPEN_MAX) == -EBADF);
	put_files(copy);
	KT_EXPECT(t, refcount_read(&f->f_count) == 3);			/* fds 0, 5, and ours */
	fput(f);
out:
	vfs_test_leave(&env);
}

KTEST(vfs_fd_table_full)
{
	struct vfs_test_env env;
	struct file *f;
	int fd = 0, n = 0;

	vfs_test_enter(&env);
	f = filp_open("/dev/null", O_RDWR, 0);
	KT_EXPECT(t, !IS_ERR(f));
	if (IS_ERR(f))
		goto out;
	while ((fd = get_unused_fd_flags(0)) >= 0) {
		fd_install(fd, get_file(f));
		n++;
	}
	KT_EXPECT(t, fd == -EMFILE && n == (int)fd_limit());
	KT_EXPECT(t, alloc_fd(3, 0) == -EMFILE);
	KT_EXPECT(t, close_fd(7) == 0 && get_unused_fd_flags(0) == 7);
	put_unused_fd(7);
	fput(f);
out:
	vfs_test_leave(&env);			/* closes them all */
}

KTEST(vfs_dev_nodes)
{
	struct vfs_test_env env;
	char buf[16] = "xxxxxxxxxxxxxxx";
	struct file *f;
	char *log;
	long n;

	vfs_test_enter(&env);
	f = filp_open("/dev/zero", O_RDWR, 0);
	KT_EXPECT(t, !IS_ERR(f));
	if (!IS_ERR(f)) {
		KT_EXPECT(t, kernel_read(f, buf, 8) == 8 &&
			  !memcmp(buf, "\0\0\0\0\0\0\0\0", 8));
		KT_EXPECT(t, kernel_write(f, "abc", 3) == 3);
		KT_EXPECT(t, vfs_llseek(f, 10, SEEK_SET) == 0);
		fput(f);
	}
	f = filp_open("/dev/null", O_RDWR, 0);
	KT_EXPECT(t, !IS_ERR(f));
	if (!IS_ERR(f)) {
		KT_EXPECT(t, kernel_read(f, buf, 8) == 0);
		KT_EXPECT(t, kernel_write(f, "abc", 3) == 3);
		fput(f);
	}
	f = filp_open("/dev/kmsg", O_RDONLY, 0);
	KT_EXPECT(t, !IS_ERR(f));
	if (!IS_ERR(f)) {
		log = kmalloc(PAGE_SIZE, GFP_KERNEL);
		n = kernel_read(f, log, PAGE_SIZE - 1);
		KT_EXPECT(t, n > 0);
		log[n > 0 ? n : 0] = '\0';
		KT_EXPECT(t, strstr(log, "Taskbase") != NULL);
		kfree(log);
		fput(f);
	}
	KT_EXPECT(t, kt_open_err("/dev/tty",
		  O_RDWR) == -ENXIO);	/* no ctty */
	KT_EXPECT(t, kt_open_err("/dev/console", O_RDWR) == 0);
	vfs_test_leave(&env);
}

/* kernel_read_file()'s errno for @path (0: found, and let go again). */
static int kt_read_file_err(const char *path)
{
	struct inode *inode;
	const void *data;
	u64 size;
	int err = kernel_read_file(path, &data, &size, &inode);

	if (!err)
		kernel_read_file_put(inode, data);
	return err;
}

/*
 * A root file system file is page-backed: page N holds bytes N * PAGE_SIZE
 * on, zeroes past the end, and is the page its data lies in; none past
 * the end.
 */
static void kt_file_pages(struct ktest *t, struct inode *inode,
			  const void *data, u64 size)
{
	u64 last = (size - 1) >> PAGE_SHIFT, tail = size - (last << PAGE_SHIFT);
	struct page *first = ramfs_file_page(inode, 0);
	struct page *end = ramfs_file_page(inode, last);
	const char *p;

	KT_EXPECT(t, first && page_address(first) == data);
	KT_EXPECT(t, end && end == first + last && page_count(end) >= 1);
	KT_EXPECT(t, ramfs_file_page(inode, last + 1) == NULL);
	if (!end)
		return;
	p = page_address(end);
	KT_EXPECT(t, !memcmp(p, (const char *)data + (last << PAGE_SHIFT),
			     tail));
	while (tail < PAGE_SIZE && !p[tail])
		tail++;
	KT_EXPECTF(t, tail == PAGE_SIZE, "byte %lu past the end is not 0",
		   (unsigned long)tail);
}

/*
 * mmap's object of a root file (ramfs_file_mapping()) holds the file's
 * own pages, read-only, and they are not Shmem: dropping the object
 * leaves /proc/meminfo's count as it was (it used to go down).
 */
static void kt_file_mapping(struct ktest *t, struct inode *inode)
{
	u64 shmem = nr_shmem_pages();
	bool may_write = true;
	struct address_space *m = ramfs_file_mapping(inode, &may_write);
	struct page *page;

	KT_EXPECT(t, !IS_ERR(m) && !may_write);
	if (IS_ERR(m))
		return;
	page = filemap_get_page(m, 0, false);
	KT_EXPECT(t, page && page == ramfs_file_page(inode, 0));
	if (page)
		filemap_put_page(page);
	mapping_put(m);
	KT_EXPECTF(t, nr_shmem_pages() == shmem, "Shmem %lu pages, was %lu",
		   (unsigned long)nr_shmem_pages(), (unsigned long)shmem);
}

KTEST(vfs_kernel_read_file)
{
	struct vfs_test_env env;
	struct inode *inode;
	struct file *f;
	const void *data;
	u64 size;

	vfs_test_enter(&env);
	KT_EXPECT(t, kt_read_file_err("/no/such") == -ENOENT);
	KT_EXPECT(t, kt_read_file_err("/etc") == -EACCES);
	KT_EXPECT(t, kt_read_file_err("/dev/null") == -EACCES);
	KT_EXPECT(t, kt_read_file_err("/etc/motd/") == -ENOTDIR);
	/* 0644: nobody may execute it. */
	KT_EXPECT(t, kt_read_file_err("/etc/motd") == -EACCES);
	f = do_filp_open(NULL, "/tmp/ktx", O_CREAT | O_WRONLY, 0755);
	KT_EXPECT(t, !IS_ERR(f));
	if (!IS_ERR(f)) {
		KT_EXPECT(t, kernel_write(f, "#!x", 3) == 3);
		fput(f);
		KT_EXPECT(t, kernel_read_file("/tmp/ktx", &data, &size,
					      &inode) == 0);
		KT_EXPECT(t, size == 3 && !memcmp(data, "#!x", 3));
		KT_EXPECT(t, !ramfs_file_page(inode, 0));	/* tmpfs */
		vfs_unlink(NULL, "/tmp/ktx", false);
		KT_EXPECT(t, inode->i_nlink == 0);	/* still ours */
		kernel_read_file_put(inode, data);
	}
	if (kt_lookup_err("/bin/sh", 0) == 0) {
		KT_EXPECT(t, kernel_read_file("/bin/sh", &data, &size,
					      &inode) == 0);
		KT_EXPECT(t, size > 64 && !memcmp(data, "\177ELF", 4));
		kt_file_pages(t, inode, data, size);
		kt_file_mapping(t, inode);
		kernel_read_file_put(inode, data);
	}
	vfs_test_leave(&env);
}

/*
 * What exec reads of a tmpfs file stays as it was while a writer grows
 * the file (issue 19): the file's old storage must not be freed and
 * reused under it. Growing it from 300 bytes to 8 KiB used to move it
 * to a bigger block and free the old one, which the next allocations of
 * its size took over.
 */
KTEST(exec_data_survives_a_growing_writer)
{
	static char buf[8192];
	struct vfs_test_env env;
	struct inode *inode;
	const void *data;
	void *reuse[8];
	struct file *f;
	u64 size;
	int bad = 0;

	vfs_test_enter(&env);
	f = do_filp_open(NULL, "/tmp/ktgrow", O_CREAT | O_WRONLY, 0755);
	KT_EXPECT(t, !IS_ERR(f));
	if (IS_ERR(f)) {
		vfs_test_leave(&env);
		return;
	}
	memset(buf, 'A', sizeof(buf));
	KT_EXPECT(t, kernel_write(f, buf, 300) == 300);
	KT_EXPECT(t, kernel_read_file("/tmp/ktgrow", &data, &size, &inode) == 0);
	memset(buf, 'B', sizeof(buf));
	KT_EXPECT(t, kernel_write(f, buf, sizeof(buf)) == sizeof(buf));
	for (int i = 0; i < 8; i++) {
		reuse[i] = kmalloc(300, GFP_KERNEL);
		if (reuse[i])
			memset(reuse[i], 0xee, 300);
	}
	for (int i = 0; i < 300; i++)
		bad += ((const char *)data)[i] != 'A';
	KT_EXPECTF(t, size == 300 && !bad, "%d of the 300 bytes changed", bad);
	for (int i = 0; i < 8; i++)
		kfree(reuse[i]);
	fput(f);
	vfs_unlink(NULL, "/tmp/ktgrow", false);
	kernel_read_file_put(inode, data);
	vfs_test_leave(&env);
}
