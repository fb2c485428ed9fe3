/*
 * Per-process file state: the descriptor table (struct files_struct) and
 * the root, cwd and umask (struct fs_struct), each shared by the tasks
 * created with CLONE_FILES / CLONE_FS and copied by fork().
 *
 *   files->fd[0] -> struct file (console)     open_fds:    0b0111
 *   files->fd[1] -> same struct file (dup)    cloexec_fds: 0b0000
 *   files->fd[2] -> same struct file (dup)
 *
 * A descriptor is reserved first (get_unused_fd_flags() sets its open_fds
 * bit) and filled later (fd_install()), so open() can do the slow work in
 * between without holding the lock, as Linux does. The lowest free number
 * is always the one handed out, as POSIX requires.
 *
 * The table starts inside files_struct (NR_OPEN_DEFAULT slots, no
 * allocation for most processes) and grows by doubling into one
 * allocation holding the pointers and both maps (expand_files()), up to
 * RLIMIT_NOFILE; fork copies only as many slots as the parent uses.
 */
#include "kernel/fork.h"
#include "kernel/signal.h"
#include "kernel/syscalls.h"
#include "kernel/mm/slab.h"
#include "kernel/fs/locks.h"
#include "kernel/fs/vfs.h"
#include "lib/atomic.h"
#include "lib/bug.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"

static inline bool test_fd(const u64 *map, unsigned int fd)
{
	return map[fd / 64] & (1ull << (fd % 64));
}

static inline void assign_fd(u64 *map, unsigned int fd, bool on)
{
	if (on)
		map[fd / 64] |= 1ull << (fd % 64);
	else
		map[fd / 64] &= ~(1ull << (fd % 64));
}

/* ---- the table and its growth ---- */

/* The smallest table size (NR_OPEN_DEFAULT doubled) with @nr slots. */
static unsigned int table_size(unsigned int nr)
{
	unsigned int n = NR_OPEN_DEFAULT;

	while (n < nr)
		n *= 2;
	return n;
}

/* A zeroed table of @n slots in one allocation: pointers, then maps. */
static void *fdtable_alloc(unsigned int n)
{
	return kzalloc(n * sizeof(struct file *) + 2 * (n / 8), GFP_KERNEL);
}

/* file_lock held (or @files private): move @files into @mem, a table of
 * @n slots, at least as many as it has. Returns the old table to free
 * (NULL when it was the one inside the structure). */
static void *fdtable_install(struct files_struct *files, void *mem,
			     unsigned int n)
{
	struct file **fd = mem;
	u64 *open = (u64 *)(fd + n), *cloexec = open + n / 64;
	unsigned int old = files->max_fds;
	void *prev = files->fd == files->fd_init ? NULL : files->fd;

	memcpy(fd, files->fd, old * sizeof(*fd));
	memcpy(open, files->open_fds, old / 8);
	memcpy(cloexec, files->cloexec_fds, old / 8);
	files->fd = fd;
	files->open_fds = open;
	files->cloexec_fds = cloexec;
	files->max_fds = n;
	return prev;
}

/* Room for descriptor @fd: file_lock held, and dropped while allocating
 * (as Linux's expand_files()), so the caller looks again. 0 or -ENOMEM. */
static int expand_files(struct files_struct *files, unsigned int fd)
{
	unsigned int n = table_size(fd + 1);
	void *mem;

	while (fd >= files->max_fds) {
		spin_unlock(&files->file_lock);
		mem = fdtable_alloc(n);
		spin_lock(&files->file_lock);
		if (!mem)
			return -ENOMEM;
		kfree(n > files->max_fds ? fdtable_install(files, mem, n) : mem);
	}
	return 0;
}

/* The first descriptor at or after @from that is neither in use nor
 * reserved; max_fds (or @from) when the table is full. */
static unsigned int find_free_fd(const struct files_struct *files,
				 unsigned int from)
{
	unsigned int fd = from;

	while (fd < files->max_fds) {
		u64 used = files->open_fds[fd / 64] | ((1ull << (fd % 64)) - 1);

		if (used != ~0ull)
			return fd / 64 * 64 + (unsigned int)__builtin_ctzll(~used);
		fd = (fd / 64 + 1) * 64;
	}
	return fd;
}

/* One past the highest descriptor in use or reserved in @files. */
static unsigned int fds_in_use(const struct files_struct *files)
{
	for (unsigned int w = files->max_fds / 64; w > 0; w--)
		if (files->open_fds[w - 1])
			return (w - 1) * 64 + 64 -
			       (unsigned int)__builtin_clzll(files->open_fds[w - 1]);
	return 0;
}

/* ---- files_struct ---- */

struct files_struct *files_alloc(void)
{
	struct files_struct *files = kzalloc(sizeof(*files), GFP_KERNEL);

	if (!files)
		return NULL;
	refcount_set(&files->count, 1);
	spin_lock_init(&files->file_lock, "files_struct");
	files->max_fds = NR_OPEN_DEFAULT;
	files->fd = files->fd_init;
	files->open_fds = files->open_fds_init;
	files->cloexec_fds = files->cloexec_fds_init;
	return files;
}

/* Free @files, whose descriptors are all closed. */
static void files_free(struct files_struct *files)
{
	if (files->fd != files->fd_init)
		kfree(files->fd);
	kfree(files);
}

/* Grow the private @files to @n slots: 0 or -ENOMEM. */
static int files_grow(struct files_struct *files, unsigned int n)
{
	void *mem = fdtable_alloc(n);

	if (!mem)
		return -ENOMEM;
	kfree(fdtable_install(files, mem, n));
	return 0;
}

unsigned int sysctl_nr_open = NR_OPEN_MAX;

struct files_struct *dup_files(struct files_struct *old)
{
	struct files_struct *files = files_alloc();
	unsigned int n;

	BUG_ON(!old);
	if (!files)
		return ERR_PTR(-ENOMEM);
	spin_lock(&old->file_lock);
	while ((n = fds_in_use(old)) > files->max_fds) {
		spin_unlock(&old->file_lock);
		/* Linux's dup_fd(): the copy may not pass nr_open (in words). */
		int err = ALIGN_UP(n, 64) > ALIGN_UP(READ_ONCE(sysctl_nr_open), 64) ?
			  -EMFILE : files_grow(files, table_size(n));

		if (err) {
			files_free(files);
			return ERR_PTR(err);
		}
		spin_lock(&old->file_lock);
	}
	for (unsigned int fd = 0; fd < n; fd++) {
		struct file *f = old->fd[fd];

		if (!f)
			continue;	/* free, or reserved by an open() */
		files->fd[fd] = get_file(f);
		assign_fd(files->open_fds, fd, true);
		assign_fd(files->cloexec_fds, fd,
			  fd_is_cloexec(old, fd));
	}
	spin_unlock(&old->file_lock);
	return files;
}

void get_files(struct files_struct *files)
{
	refcount_inc(&files->count);
}

/* Take the file at @fd out of @files: file_lock held, or (put_files())
 * the last reference is gone and nobody else can see the table. */
static struct file *pick_fd(struct files_struct *files, unsigned int fd)
{
	struct file *f = files->fd[fd];

	files->fd[fd] = NULL;
	assign_fd(files->open_fds, fd, false);
	assign_fd(files->cloexec_fds, fd, false);
	return f;
}

/* A descriptor of @f in @files is gone: the file hears of it (->flush),
 * the POSIX record locks of @files on its inode go too (POSIX: any close
 * drops them), then the descriptor's reference. */
static void filp_close(struct file *f, struct files_struct *files)
{
	if (f->f_op && f->f_op->flush)
		f->f_op->flush(f);
	locks_remove_posix(f, files);
	fput(f);
}

/* Drop a reference to @files; the last one closes every file in it. */
void put_files(struct files_struct *files)
{
	if (!refcount_dec_and_test(&files->count))
		return;
	for (unsigned int fd = 0; fd < files->max_fds; fd++)
		if (files->fd[fd])
			filp_close(pick_fd(files, fd), files);
	files_free(files);
}

void close_on_exec(struct files_struct *files)
{
	for (unsigned int fd = 0; fd < READ_ONCE(files->max_fds); fd++) {
		struct file *f = NULL;

		spin_lock(&files->file_lock);
		if (files->fd[fd] && fd_is_cloexec(files, fd))
			f = pick_fd(files, fd);
		spin_unlock(&files->file_lock);
		if (f)
			filp_close(f, files);
	}
}

/* ---- descriptors of current ---- */

static struct files_struct *cur_files(void)
{
	struct files_struct *files = current->files;

	BUG_ON(!files);
	return files;
}

unsigned int fd_limit(void)
{
	struct signal_struct *sig = current->signal;

	/* A kernel thread without limits of its own: init's. */
	if (!sig)
		return INR_OPEN_CUR;
	if (sig->rlim[RLIMIT_NOFILE].rlim_cur < NR_OPEN_MAX)
		return (unsigned int)sig->rlim[RLIMIT_NOFILE].rlim_cur;
	return NR_OPEN_MAX;
}

struct file *fget_raw(unsigned int fd)
{
	struct files_struct *files = current->files;
	struct file *f = NULL;

	if (!files)
		return NULL;
	spin_lock(&files->file_lock);
	if (fd < files->max_fds && files->fd[fd])
		f = get_file(files->fd[fd]);
	spin_unlock(&files->file_lock);
	return f;
}

struct file *fget(unsigned int fd)
{
	struct file *f = fget_raw(fd);

	if (f && (f->f_flags & O_PATH)) {
		fput(f);	/* O_PATH names a file; it does no I/O */
		return NULL;
	}
	return f;
}

int alloc_fd(unsigned int from, unsigned int flags)
{
	struct files_struct *files = cur_files();
	unsigned int limit = fd_limit(), fd;
	int err = 0;

	if (from >= limit)
		return from == 0 ? -EMFILE : -EINVAL;
	spin_lock(&files->file_lock);
	while (!err && (fd = find_free_fd(files, from)) < limit &&
	       fd >= files->max_fds)
		err = expand_files(files, fd);	/* then look again */
	if (!err && fd < limit) {
		assign_fd(files->open_fds, fd, true);
		assign_fd(files->cloexec_fds, fd, flags & O_CLOEXEC);
	}
	spin_unlock(&files->file_lock);
	if (err)
		return err;
	return fd < limit ? (int)fd : -EMFILE;
}

int get_unused_fd_flags(unsigned int flags)
{
	return alloc_fd(0, flags);
}

/* Give back descriptor @fd of current, reserved but never installed. */
void put_unused_fd(unsigned int fd)
{
	struct files_struct *files = cur_files();

	spin_lock(&files->file_lock);
	BUG_ON(files->fd[fd]);
	pick_fd(files, fd);
	spin_unlock(&files->file_lock);
}

void fd_install(unsigned int fd, struct file *f)
{
	struct files_struct *files = cur_files();

	BUG_ON(!f);
	spin_lock(&files->file_lock);
	BUG_ON(fd >= files->max_fds || files->fd[fd] ||
	       !test_fd(files->open_fds, fd));
	files->fd[fd] = f;
	spin_unlock(&files->file_lock);
}

int close_fd(unsigned int fd)
{
	struct files_struct *files = cur_files();
	struct file *f = NULL;

	spin_lock(&files->file_lock);
	if (fd < files->max_fds && files->fd[fd])
		f = pick_fd(files, fd);
	spin_unlock(&files->file_lock);
	if (!f)
		return -EBADF;
	filp_close(f, files);
	return 0;
}

#define CLOSE_RANGE_UNSHARE 0x2	/* close_range(2)'s flags */
#define CLOSE_RANGE_CLOEXEC 0x4

long sys_close_range(unsigned int fd, unsigned int max_fd, unsigned int flags)
{
	long err;

	if ((flags & ~(CLOSE_RANGE_UNSHARE | CLOSE_RANGE_CLOEXEC)) || fd > max_fd)
		return -EINVAL;
	if (flags & CLOSE_RANGE_UNSHARE) {	/* a table of our own first */
		err = sys_unshare(CLONE_FILES);
		if (err)
			return err;
	}
	/* Descriptors that are not open are skipped, as Linux; the table's
	 * size is read again each time (another thread may grow it). */
	for (unsigned int i = fd; i <= max_fd && i < READ_ONCE(cur_files()->max_fds); i++) {
		if (flags & CLOSE_RANGE_CLOEXEC)
			set_close_on_exec(i, true);
		else
			close_fd(i);
	}
	return 0;
}

int replace_fd(unsigned int newfd, struct file *f, unsigned int flags)
{
	struct files_struct *files = cur_files();
	struct file *old;
	int err;

	if (newfd >= fd_limit())
		return -EBADF;
	spin_lock(&files->file_lock);
	err = expand_files(files, newfd);
	if (err) {
		spin_unlock(&files->file_lock);
		return err;
	}
	old = files->fd[newfd];
	if (!old && test_fd(files->open_fds, newfd)) {
		spin_unlock(&files->file_lock);
		return -EBUSY;		/* reserved by an open() under way */
	}
	files->fd[newfd] = get_file(f);
	assign_fd(files->open_fds, newfd, true);
	assign_fd(files->cloexec_fds, newfd, flags & O_CLOEXEC);
	spin_unlock(&files->file_lock);
	if (old)
		filp_close(old, files);
	return (int)newfd;
}

/* FD_CLOEXEC or 0 for current's @fd, or -EBADF. */
int get_close_on_exec(unsigned int fd)
{
	struct files_struct *files = cur_files();
	int ret = -EBADF;

	spin_lock(&files->file_lock);
	if (fd < files->max_fds && files->fd[fd])
		ret = fd_is_cloexec(files, fd) ? FD_CLOEXEC : 0;
	spin_unlock(&files->file_lock);
	return ret;
}

/* Set or clear current's close-on-exec flag of @fd; 0 or -EBADF. */
int set_close_on_exec(unsigned int fd, bool on)
{
	struct files_struct *files = cur_files();
	int ret = -EBADF;

	spin_lock(&files->file_lock);
	if (fd < files->max_fds && files->fd[fd]) {
		assign_fd(files->cloexec_fds, fd, on);
		ret = 0;
	}
	spin_unlock(&files->file_lock);
	return ret;
}

/* ---- fs_struct ---- */

/* A new fs_struct with root and cwd at "/" and umask 022; NULL if out
 * of memory. */
struct fs_struct *fs_alloc_root(void)
{
	struct fs_struct *fs = kzalloc(sizeof(*fs), GFP_KERNEL);

	if (!fs)
		return NULL;
	refcount_set(&fs->users, 1);
	spin_lock_init(&fs->lock, "fs_struct");
	/* Before vfs_init() both stay NULL and mean "/" (see fs_get()). */
	fs->root = vfs_root();
	fs->pwd = vfs_root();
	fs->umask = 022;
	return fs;
}

/* A copy of @old (root, cwd, umask) for a child without CLONE_FS. */
struct fs_struct *copy_fs(struct fs_struct *old)
{
	struct fs_struct *fs = kzalloc(sizeof(*fs), GFP_KERNEL);

	if (!fs)
		return NULL;
	refcount_set(&fs->users, 1);
	spin_lock_init(&fs->lock, "fs_struct");
	spin_lock(&old->lock);
	fs->root = old->root ? dget(old->root) : NULL;
	fs->pwd = old->pwd ? dget(old->pwd) : NULL;
	fs->umask = old->umask;
	spin_unlock(&old->lock);
	return fs;
}

/* Take a reference to @fs (a thread sharing it with CLONE_FS). */
void get_fs(struct fs_struct *fs)
{
	refcount_inc(&fs->users);
}

/* Drop a reference to @fs; the last one drops its root and cwd. */
void put_fs(struct fs_struct *fs)
{
	if (!refcount_dec_and_test(&fs->users))
		return;
	if (fs->root)
		dput(fs->root);
	if (fs->pwd)
		dput(fs->pwd);
	kfree(fs);
}

/* Point *@slot (fs->pwd or fs->root) at @d, under fs->lock. */
static void set_fs_dentry(struct fs_struct *fs, struct dentry **slot,
			  struct dentry *d)
{
	struct dentry *old;

	spin_lock(&fs->lock);
	old = *slot;
	*slot = dget(d);
	spin_unlock(&fs->lock);
	if (old)
		dput(old);
}

void set_fs_pwd(struct fs_struct *fs, struct dentry *d)
{
	set_fs_dentry(fs, &fs->pwd, d);
}

void set_fs_root(struct fs_struct *fs, struct dentry *d)
{
	set_fs_dentry(fs, &fs->root, d);
}

/*
 * current's root (@root) or cwd, referenced. An fs_struct made before
 * vfs_init() gets "/" for both on first use.
 */
static struct dentry *fs_get(bool root)
{
	struct fs_struct *fs = current->fs;
	struct dentry *d, *top = vfs_root();

	if (!fs || !top)
		return top;
	spin_lock(&fs->lock);
	if (!fs->root)
		fs->root = dget(top);
	if (!fs->pwd)
		fs->pwd = dget(top);
	d = dget(root ? fs->root : fs->pwd);
	spin_unlock(&fs->lock);
	dput(top);
	return d;
}

struct dentry *current_root(void)
{
	return fs_get(true);
}

/* current's working directory, with a reference the caller must dput(). */
struct dentry *current_pwd(void)
{
	return fs_get(false);
}

/* current's file-creation mask (022 for a task without an fs_struct). */
int current_umask(void)
{
	return current->fs ? READ_ONCE(current->fs->umask) : 022;
}

int set_current_umask(int mask)
{
	struct fs_struct *fs = current->fs;

	if (!fs)
		return 022;
	return xchg(&fs->umask, mask & 0777);
}
