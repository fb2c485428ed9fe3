/*
 * Loadable modules: the system calls (init_module, finit_module,
 * delete_module with Linux's numbers, arguments and errno values), the
 * list of loaded modules, the symbol search that links a module against
 * the kernel's and other modules' exports, the "used by" links that keep
 * a module in while another uses it, and /proc/modules. load.c does the
 * loading itself.
 *
 * Locking: module_mutex (a mutex) serialises loads and unloads;
 * it is dropped while a module's init or exit runs, which may sleep or
 * oops. The list itself changes under module_list_lock too, so backtraces
 * and /proc readers can walk it without sleeping.
 */
#include "kernel/cred.h"
#include "kernel/module/internal.h"
#include "kernel/fs/seq_buf.h"
#include "kernel/fs/vfs.h"
#include "kernel/locking/spinlock.h"
#include "kernel/mm/slab.h"
#include "kernel/panic.h"
#include "kernel/printk/printk.h"
#include "kernel/uaccess.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"

#define MODULE_MAX_FILE (64ull << 20)	/* larger: -EFBIG, as kernel_read_file */
#define MODULE_MAX_ARGS 4096

extern const struct kernel_symbol __start___ksymtab[], __stop___ksymtab[];
extern const struct kernel_symbol __start___ksymtab_gpl[], __stop___ksymtab_gpl[];

DEFINE_MUTEX(module_mutex);
DEFINE_SPINLOCK(module_list_lock);
LIST_HEAD(modules);

struct module *find_module(const char *name)
{
	struct module *mod;

	list_for_each_entry(mod, &modules, list)
		if (!strcmp(mod->name, name))
			return mod;
	return NULL;
}

static const struct kernel_symbol *search(const struct kernel_symbol *start,
					  unsigned int n, const char *name)
{
	for (unsigned int i = 0; i < n; i++)
		if (!strcmp(start[i].name, name))
			return &start[i];
	return NULL;
}

const struct kernel_symbol *find_symbol(const char *name, bool gplok,
					struct module **owner)
{
	const struct kernel_symbol *sym;
	struct module *mod;

	*owner = NULL;
	sym = search(__start___ksymtab, __stop___ksymtab - __start___ksymtab, name);
	if (!sym && gplok)
		sym = search(__start___ksymtab_gpl,
			     __stop___ksymtab_gpl - __start___ksymtab_gpl, name);
	if (sym)
		return sym;
	list_for_each_entry(mod, &modules, list) {
		struct mod_priv *p = mod_priv(mod);

		if (mod->state == MODULE_STATE_UNFORMED)
			continue;
		sym = search(p->ksyms, p->num_ksyms, name);
		if (!sym && gplok)
			sym = search(p->gpl_syms, p->num_gpl_syms, name);
		if (sym) {
			*owner = mod;
			return sym;
		}
	}
	return NULL;
}

int ref_module(struct module *a, struct module *b)
{
	struct module_use *use;

	/* b's init may still fail (and b go), or b is on its way out. */
	if (b->state == MODULE_STATE_COMING) {
		pr_warn("%s: gave up waiting for init of module %s.\n", a->name, b->name);
		return -EBUSY;
	}
	if (b->state == MODULE_STATE_GOING)
		return -ENOENT;
	list_for_each_entry(use, &mod_priv(b)->source_list, source_list)
		if (use->source == a)
			return 0;
	use = kmalloc(sizeof(*use), GFP_KERNEL);
	if (!use)
		return -ENOMEM;
	use->source = a;
	use->target = b;
	list_add_tail(&use->source_list, &mod_priv(b)->source_list);
	list_add_tail(&use->target_list, &mod_priv(a)->target_list);
	__atomic_add_fetch(&mod_priv(b)->refcnt, 1, __ATOMIC_SEQ_CST);
	return 0;
}

void module_unload_free(struct module *mod)
{
	struct module_use *use, *tmp;

	list_for_each_entry_safe(use, tmp, &mod_priv(mod)->target_list, target_list) {
		list_del(&use->source_list);
		list_del(&use->target_list);
		__atomic_sub_fetch(&mod_priv(use->target)->refcnt, 1, __ATOMIC_SEQ_CST);
		kfree(use);
	}
}

void module_list_add(struct module *mod)
{
	unsigned long flags = spin_lock_irqsave(&module_list_lock);

	list_add_tail(&mod->list, &modules);
	spin_unlock_irqrestore(&module_list_lock, flags);
}

void module_list_del(struct module *mod)
{
	unsigned long flags = spin_lock_irqsave(&module_list_lock);

	list_del(&mod->list);
	spin_unlock_irqrestore(&module_list_lock, flags);
}

/* Take a reference on @mod so it cannot be unloaded; false if going. */
bool try_module_get(struct module *mod)
{
	if (!mod)
		return true;
	if (READ_ONCE(mod->state) == MODULE_STATE_GOING)
		return false;
	__atomic_add_fetch(&mod_priv(mod)->refcnt, 1, __ATOMIC_SEQ_CST);
	return true;
}
EXPORT_SYMBOL(try_module_get);

/* Drop a reference try_module_get() took. */
void module_put(struct module *mod)
{
	if (mod)
		__atomic_sub_fetch(&mod_priv(mod)->refcnt, 1, __ATOMIC_SEQ_CST);
}
EXPORT_SYMBOL(module_put);

/* ---- the system calls ---- */

/* A buffer in the module area for a @len-byte image; -errno as a pointer. */
static void *image_alloc(u64 len)
{
	void *buf;

	if (len > MODULE_MAX_FILE)
		return ERR_PTR(-EFBIG);
	buf = module_alloc(MAX(len, 1ull));	/* too short: the check says so */
	return buf ? buf : ERR_PTR(-ENOMEM);
}

/* Free a buffer from image_alloc(@len): the size it was given, a page
 * for an empty image too. */
static void image_free(void *image, u64 len)
{
	module_memfree(image, MAX(len, 1ull));
}

/* The parameter string from user space (NULL pointer: none). */
static char *copy_args(const char __user *uargs)
{
	char *args = kmalloc(MODULE_MAX_ARGS, GFP_KERNEL);
	long n;

	if (!args)
		return ERR_PTR(-ENOMEM);
	args[0] = '\0';
	n = uargs ? strncpy_from_user(args, uargs, MODULE_MAX_ARGS) : 0;
	if (n >= MODULE_MAX_ARGS)
		n = -E2BIG;
	if (n < 0) {
		kfree(args);
		return ERR_PTR(n);
	}
	return args;
}

static long load_image(void *image, u64 len, const char __user *uargs,
		       int flags)
{
	char *args = copy_args(uargs);
	long err;

	if (IS_ERR(args))
		return PTR_ERR(args);
	err = load_module(image, len, args, flags);
	kfree(args);
	return err;
}

long sys_init_module(const void __user *umod, unsigned long len,
		     const char __user *uargs)
{
	void *image;
	long err;

	if (!capable(CAP_SYS_MODULE))
		return -EPERM;
	image = image_alloc(len);
	if (IS_ERR(image))
		return PTR_ERR(image);
	err = copy_from_user(image, umod, len) ? -EFAULT : load_image(image, len, uargs, 0);
	image_free(image, len);
	return err;
}

/* @len bytes of @f from its start (whatever its file position) to @buf. */
static long read_from_start(struct file *f, void *buf, u64 len)
{
	struct iovec iov = { buf, len };
	struct iov_iter it;
	loff_t pos = 0;

	iov_iter_init(&it, false, &iov, 1, len);
	return vfs_read(f, &it, &pos);
}

/* Read all of @f (a regular file) into a new image buffer. */
static void *read_module_file(struct file *f, u64 *len)
{
	void *image;
	long n;

	if (!(f->f_mode & FMODE_READ))
		return ERR_PTR(-EBADF);
	if (!f->f_inode || !S_ISREG(f->f_inode->i_mode))
		return ERR_PTR(-EINVAL);
	*len = f->f_inode->i_size;
	image = image_alloc(*len);
	if (IS_ERR(image))
		return image;
	n = read_from_start(f, image, *len);
	if (n == (long)*len)
		return image;
	image_free(image, *len);
	return ERR_PTR(n < 0 ? n : -EIO);
}

/* Load the module in @f, whose reference this drops: finit_module(2)'s
 * work after the fd, and the kernel's own insmod's. */
static long load_file(struct file *f, const char __user *uargs, int flags)
{
	void *image;
	u64 len = 0;
	long err;

	image = read_module_file(f, &len);
	fput(f);
	if (IS_ERR(image))
		return PTR_ERR(image);
	err = load_image(image, len, uargs, flags);
	image_free(image, len);
	return err;
}

long sys_finit_module(int fd, const char __user *uargs, int flags)
{
	struct file *f;

	if (!capable(CAP_SYS_MODULE))
		return -EPERM;
	if (flags & ~(MODULE_INIT_IGNORE_MODVERSIONS | MODULE_INIT_IGNORE_VERMAGIC |
		      MODULE_INIT_COMPRESSED_FILE))
		return -EINVAL;
	if (flags & MODULE_INIT_COMPRESSED_FILE)
		return -EOPNOTSUPP;	/* no in-kernel decompression */
	f = fget((unsigned int)fd);
	if (!f)
		return -EBADF;
	return load_file(f, uargs, flags);
}

long load_module_path(const char *path)
{
	struct file *f = filp_open(path, O_RDONLY, 0);

	if (IS_ERR(f))
		return PTR_ERR(f);
	return load_file(f, NULL, 0);
}

/* Whether @mod may go now: Linux's checks, in Linux's order. */
static long may_unload(struct module *mod)
{
	if (!list_empty(&mod_priv(mod)->source_list))
		return -EWOULDBLOCK;	/* other modules use it */
	if (mod->state != MODULE_STATE_LIVE)
		return -EBUSY;		/* still loading, or already going */
	if (mod->init && !mod->exit)
		return -EBUSY;		/* no exit: it cannot be removed */
	if (READ_ONCE(mod_priv(mod)->refcnt))
		return -EWOULDBLOCK;
	return 0;
}

long sys_delete_module(const char __user *uname, unsigned int flags)
{
	char name[MODULE_NAME_LEN];
	long err;

	if (!capable(CAP_SYS_MODULE))
		return -EPERM;
	err = strncpy_from_user(name, uname, MODULE_NAME_LEN - 1);
	if (err < 0)
		return -EFAULT;
	name[MODULE_NAME_LEN - 1] = '\0';
	return delete_module(name);
}

long delete_module(const char *name)
{
	struct module *mod;
	long err;

	if (mutex_lock_interruptible(&module_mutex))
		return -EINTR;
	mod = find_module(name);
	err = mod ? may_unload(mod) : -ENOENT;
	if (err) {
		mutex_unlock(&module_mutex);
		return err;
	}
	WRITE_ONCE(mod->state, MODULE_STATE_GOING);
	mutex_unlock(&module_mutex);
	if (mod->exit)
		mod->exit();
	mutex_lock(&module_mutex);
	module_list_del(mod);
	module_unload_free(mod);
	free_module(mod);
	mutex_unlock(&module_mutex);
	return 0;
}

/* ---- /proc/modules ---- */

static const char *state_name(enum module_state state)
{
	return state == MODULE_STATE_LIVE ? "Live" :
	       state == MODULE_STATE_COMING ? "Loading" : "Unloading";
}

/* " (PO+)": the taints a module brought, and + coming / - going. */
static void show_flags(struct seq_buf *m, const struct module *mod)
{
	unsigned long t = mod_priv(mod)->taints;

	if (!t && mod->state == MODULE_STATE_LIVE)
		return;
	seq_puts(m, " (");
	if (t & (1ul << TAINT_PROPRIETARY_MODULE))
		seq_putc(m, 'P');
	if (t & (1ul << TAINT_FORCED_MODULE))
		seq_putc(m, 'F');
	if (t & (1ul << TAINT_OOT_MODULE))
		seq_putc(m, 'O');
	if (mod->state == MODULE_STATE_GOING)
		seq_putc(m, '-');
	if (mod->state == MODULE_STATE_COMING)
		seq_putc(m, '+');
	seq_putc(m, ')');
}

static void show_module(struct seq_buf *m, const struct module *mod)
{
	const struct mod_priv *p = mod_priv(mod);
	const struct module_use *use;
	bool users = false;

	seq_printf(m, "%s %llu %d ", mod->name,
		   (unsigned long long)(p->core_size + p->init_size),
		   READ_ONCE(p->refcnt));
	list_for_each_entry(use, &p->source_list, source_list) {
		seq_printf(m, "%s,", use->source->name);
		users = true;
	}
	if (mod->init && !mod->exit) {
		seq_puts(m, "[permanent],");
		users = true;
	}
	if (!users)
		seq_putc(m, '-');
	seq_printf(m, " %s 0x%016llx", state_name(mod->state),
		   (unsigned long long)p->core);
	show_flags(m, mod);
	seq_putc(m, '\n');
}

int modules_show(struct seq_buf *m, void *unused)
{
	struct module *mod;

	mutex_lock(&module_mutex);
	list_for_each_entry(mod, &modules, list)
		if (mod->state != MODULE_STATE_UNFORMED)
			show_module(m, mod);
	mutex_unlock(&module_mutex);
	return 0;
}
