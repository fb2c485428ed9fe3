/*
 * /sys/module: a directory per loaded module (Linux's
 * kernel/module/sysfs.c and kernel/params.c), with
 *
 *   initstate            live, coming or going
 *   refcnt               the reference count /proc/modules shows
 *   coresize, initsize   the two regions' sizes in bytes
 *   taint                the taint letters the module brought (O, P)
 *   parameters/<name>    one file per module_param() whose perm is not 0,
 *                        of mode perm: reading calls the parameter's get(),
 *                        writing its set(), the parser insmod's arguments
 *                        go through (a bad value: its error, EINVAL)
 *
 * Every file and directory finds its module again by its key
 * ("module/<name>/..."), under module_mutex; get() and set() run with the
 * module pinned (param_pin()) and one at a time (param_lock, Linux's
 * kernel_param_lock). After rmmod the names are gone and a file still
 * open answers ENOENT.
 */
#include "kernel/module/internal.h"
#include "kernel/fs/sysfs/sysfs.h"
#include "kernel/mm/slab.h"
#include "kernel/panic.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

#define PARAM_BUF 4096			/* what a get() may write */
#define MAX_LISTED 64			/* names one readdir call gathers */

/* The module called @name, not being formed or gone. module_mutex held. */
static struct module *sysfs_module(const char *name, size_t len)
{
	char buf[MODULE_NAME_LEN];
	struct module *mod;

	if (len >= MODULE_NAME_LEN)
		return NULL;
	memcpy(buf, name, len);
	buf[len] = '\0';
	mod = find_module(buf);
	if (!mod || mod->state == MODULE_STATE_UNFORMED)
		return NULL;
	return mod;
}

/* @mod's parameter called @name (len bytes) shown in sysfs, or NULL. */
static const struct kernel_param *sysfs_param(const struct module *mod,
					      const char *name, size_t len)
{
	const struct mod_priv *p = mod_priv(mod);

	for (unsigned int i = 0; i < p->num_kp; i++) {
		const struct kernel_param *kp = &p->kp[i];

		if (kp->perm && strlen(kp->name) == len &&
		    !memcmp(kp->name, name, len))
			return kp;
	}
	return NULL;
}

static bool has_sysfs_params(const struct module *mod)
{
	const struct mod_priv *p = mod_priv(mod);

	for (unsigned int i = 0; i < p->num_kp; i++)
		if (p->kp[i].perm)
			return true;
	return false;
}

#define KEY_PREFIX "module/"
#define KEY_PREFIX_LEN 7
#define KEY_MAX (KEY_PREFIX_LEN + 2 * MODULE_NAME_LEN + 16)

/* The module a key "module/<name>[/...]" is about, or NULL; module_mutex
 * held. */
static struct module *key_module(const char *key)
{
	const char *name = key + KEY_PREFIX_LEN, *slash;

	if (strncmp(key, KEY_PREFIX, KEY_PREFIX_LEN))
		return NULL;
	slash = strchr(name, '/');
	return sysfs_module(name, slash ? (size_t)(slash - name) : strlen(name));
}

/* The last name of a key. */
static const char *key_last(const char *key)
{
	return strrchr(key, '/') + 1;
}

/* The parameter a key "module/<name>/parameters/<param>" is about, with
 * its module in *@modp; NULL if either is gone. module_mutex held. */
static const struct kernel_param *lookup_key(const char *key,
					     struct module **modp)
{
	const char *param = key_last(key);

	*modp = key_module(key);
	return *modp ? sysfs_param(*modp, param, strlen(param)) : NULL;
}

/* @dir_key + "/" + @name into @key (KEY_MAX bytes): false if too long. */
static bool make_key(char *key, const char *dir_key, const char *name,
		     size_t len)
{
	return snprintf(key, KEY_MAX, "%s/%.*s", dir_key, (int)len, name) <
	       KEY_MAX;
}

/* ---- parameters/<name> ---- */

/* Serialises get() and set() through sysfs (Linux's kernel_param_lock). */
static DEFINE_MUTEX(param_lock);

/*
 * The parameter @key names, its module kept while get() or set() runs,
 * without holding module_mutex over a live module's code (an oops there
 * kills the task, and a module_mutex left locked would stop every later
 * insmod and lsmod): a live module is pinned with a reference (rmmod
 * answers EWOULDBLOCK meanwhile); a coming one, whose init still runs,
 * by keeping module_mutex, without which its load can neither fail nor
 * finish. NULL, with nothing held, when it is gone. param_unpin() after.
 */
static const struct kernel_param *param_pin(const char *key,
					    struct module **modp, bool *locked)
{
	const struct kernel_param *kp;

	mutex_lock(&module_mutex);
	kp = lookup_key(key, modp);
	*locked = kp && (*modp)->state == MODULE_STATE_COMING;
	if (kp && !*locked &&
	    ((*modp)->state != MODULE_STATE_LIVE || !try_module_get(*modp)))
		kp = NULL;
	if (!*locked)
		mutex_unlock(&module_mutex);
	if (kp)
		mutex_lock(&param_lock);
	return kp;
}

static void param_unpin(struct module *mod, bool locked)
{
	mutex_unlock(&param_lock);
	if (locked)
		mutex_unlock(&module_mutex);
	else
		module_put(mod);
}

static int param_show(struct seq_buf *m, void *key)
{
	struct module *mod;
	const struct kernel_param *kp;
	char *buf = kmalloc(PARAM_BUF, GFP_KERNEL);
	bool locked;
	int n;

	if (!buf)
		return -ENOMEM;
	kp = param_pin(key, &mod, &locked);
	if (!kp) {
		kfree(buf);
		return -ENOENT;
	}
	n = kp->ops->get ? kp->ops->get(buf, kp) : -EPERM;
	param_unpin(mod, locked);
	if (n >= 0)
		seq_write(m, buf, MIN(n, PARAM_BUF - 1));
	kfree(buf);
	return n < 0 ? n : 0;
}

static int param_store(const char *key, const char *buf, size_t len)
{
	struct module *mod;
	const struct kernel_param *kp;
	bool locked;
	int err;

	kp = param_pin(key, &mod, &locked);
	if (!kp)
		return -ENOENT;
	err = kp->ops->set ? kp->ops->set(buf, kp) : -EPERM;
	param_unpin(mod, locked);
	return err;
}

static const struct sysfs_ops param_ops = {
	.show = param_show,
	.store = param_store,
};

static struct inode *params_lookup(struct inode *dir, const char *name,
				   size_t len)
{
	const char *dir_key = sysfs_key(dir);
	struct inode *inode = ERR_PTR(-ENOENT);
	const struct kernel_param *kp;
	char key[KEY_MAX];
	struct module *mod;

	mutex_lock(&module_mutex);
	mod = key_module(dir_key);
	kp = mod ? sysfs_param(mod, name, len) : NULL;
	if (kp && make_key(key, dir_key, name, len))
		inode = sysfs_new_file(kp->perm, &param_ops, key);
	mutex_unlock(&module_mutex);
	return inode;
}

/* Emit @n names from @names (NUL-separated), entries of the directory
 * @dir of type @dtype. */
static void emit_names(struct dir_context *ctx, struct inode *dir,
		       const char *names, int n, unsigned int dtype)
{
	for (int i = 0; i < n; i++, names += strlen(names) + 1) {
		size_t len = strlen(names);

		if (!dir_emit(ctx, names, len, sysfs_ino(sysfs_key(dir), names, len),
			      dtype))
			return;
	}
}

static int params_readdir(struct inode *dir, struct dir_context *ctx)
{
	char *names = kmalloc(PARAM_BUF, GFP_KERNEL);
	size_t off = 0;
	int n = 0;
	struct module *mod;

	if (!names)
		return -ENOMEM;
	mutex_lock(&module_mutex);
	mod = key_module(sysfs_key(dir));
	for (unsigned int i = 0, seen = 0; mod && i < mod_priv(mod)->num_kp; i++) {
		const struct kernel_param *kp = &mod_priv(mod)->kp[i];
		size_t len = strlen(kp->name) + 1;

		if (!kp->perm || seen++ < ctx->pos - 2)
			continue;
		if (off + len > PARAM_BUF)
			break;
		memcpy(names + off, kp->name, len);
		off += len;
		n++;
	}
	mutex_unlock(&module_mutex);
	emit_names(ctx, dir, names, n, DT_REG);
	kfree(names);
	return 0;
}

static const struct inode_operations params_iops = {
	.lookup = params_lookup,
	.readdir = params_readdir,
};

/* ---- /sys/module/<name>/ ---- */

static const char *const initstate_names[] = {
	[MODULE_STATE_LIVE] = "live",
	[MODULE_STATE_COMING] = "coming",
	[MODULE_STATE_GOING] = "going",
	[MODULE_STATE_UNFORMED] = "unformed",
};

/* One of the files with the module itself as their value. */
static void show_attr(struct seq_buf *m, const struct module *mod,
		      const char *attr)
{
	const struct mod_priv *p = mod_priv(mod);

	if (!strcmp(attr, "initstate"))
		seq_printf(m, "%s\n", initstate_names[mod->state]);
	else if (!strcmp(attr, "refcnt"))
		seq_printf(m, "%d\n", READ_ONCE(p->refcnt));
	else if (!strcmp(attr, "coresize"))
		seq_printf(m, "%llu\n", (unsigned long long)p->core_size);
	else if (!strcmp(attr, "initsize"))
		seq_printf(m, "%llu\n", (unsigned long long)p->init_size);
	else if (!strcmp(attr, "taint"))
		seq_printf(m, "%s%s\n",
			   p->taints & (1ul << TAINT_PROPRIETARY_MODULE) ? "P" : "",
			   p->taints & (1ul << TAINT_OOT_MODULE) ? "O" : "");
}

static int attr_show(struct seq_buf *m, void *key)
{
	struct module *mod;

	mutex_lock(&module_mutex);
	mod = key_module(key);
	if (mod)
		show_attr(m, mod, key_last(key));
	mutex_unlock(&module_mutex);
	return mod ? 0 : -ENOENT;
}

static const struct sysfs_ops attr_ops = { .show = attr_show };

/* The names in a module's directory, sorted as ls shows them. */
static const char *const module_files[] = {
	"coresize", "initsize", "initstate", "parameters", "refcnt", "taint",
};

static struct inode *module_dir_lookup(struct inode *dir, const char *name,
				       size_t len)
{
	const char *dir_key = sysfs_key(dir);
	char key[KEY_MAX];
	struct module *mod;
	bool params;

	mutex_lock(&module_mutex);
	mod = key_module(dir_key);
	params = mod && has_sysfs_params(mod);
	mutex_unlock(&module_mutex);
	if (!mod || !make_key(key, dir_key, name, len))
		return ERR_PTR(-ENOENT);
	if (len == 10 && !memcmp(name, "parameters", 10))
		return params ? sysfs_new_dir(&params_iops, key) : ERR_PTR(-ENOENT);
	for (size_t i = 0; i < ARRAY_SIZE(module_files); i++)
		if (strlen(module_files[i]) == len &&
		    !memcmp(module_files[i], name, len))
			return sysfs_new_file(0444, &attr_ops, key);
	return ERR_PTR(-ENOENT);
}

static int module_dir_readdir(struct inode *dir, struct dir_context *ctx)
{
	struct module *mod;
	bool params;

	mutex_lock(&module_mutex);
	mod = key_module(sysfs_key(dir));
	params = mod && has_sysfs_params(mod);
	mutex_unlock(&module_mutex);
	while (mod && ctx->pos - 2 < ARRAY_SIZE(module_files)) {
		const char *n = module_files[ctx->pos - 2];
		bool is_params = !strcmp(n, "parameters");

		if (is_params && !params) {
			ctx->pos++;
			continue;
		}
		if (!dir_emit(ctx, n, strlen(n), sysfs_ino(sysfs_key(dir), n, strlen(n)),
			      is_params ? DT_DIR : DT_REG))
			break;
	}
	return 0;
}

static const struct inode_operations module_dir_iops = {
	.lookup = module_dir_lookup,
	.readdir = module_dir_readdir,
};

/* ---- /sys/module ---- */

static struct inode *modules_lookup(struct inode *dir, const char *name,
				    size_t len)
{
	char key[KEY_MAX];
	struct module *mod;

	mutex_lock(&module_mutex);
	mod = sysfs_module(name, len);
	if (mod)
		make_key(key, sysfs_key(dir), mod->name, strlen(mod->name));
	mutex_unlock(&module_mutex);
	return mod ? sysfs_new_dir(&module_dir_iops, key) : ERR_PTR(-ENOENT);
}

static int modules_readdir(struct inode *dir, struct dir_context *ctx)
{
	char *names = kmalloc(MAX_LISTED * MODULE_NAME_LEN, GFP_KERNEL);
	size_t off = 0;
	u64 seen = 0;
	int n = 0;
	struct module *mod;

	if (!names)
		return -ENOMEM;
	mutex_lock(&module_mutex);
	list_for_each_entry(mod, &modules, list) {
		if (mod->state == MODULE_STATE_UNFORMED || seen++ < ctx->pos - 2)
			continue;
		if (n == MAX_LISTED)
			break;
		off += strscpy(names + off, mod->name, MODULE_NAME_LEN) + 1;
		n++;
	}
	mutex_unlock(&module_mutex);
	emit_names(ctx, dir, names, n, DT_DIR);
	kfree(names);
	return 0;
}

const struct inode_operations module_sysfs_iops = {
	.lookup = modules_lookup,
	.readdir = modules_readdir,
};
