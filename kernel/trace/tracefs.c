/*
 * tracefs (Linux's fs/tracefs/ with kernel/trace/'s files in it): the
 * tree kernel/trace/trace.h lists, mounted at boot on /sys/kernel/tracing
 * (as systemd does on Linux) and mountable again as type "tracefs".
 *
 * As in /proc and /sys nothing is cached: a lookup makes a fresh inode
 * that carries what it stands for (a tracefs_node: the kind of entry,
 * and for events/ the group and event names), and every open looks the
 * event up again by name, so a file of a removed event answers ENODEV.
 * The inode number is a hash of the node, the same at every lookup.
 */
#include "kernel/trace/trace.h"
#include "kernel/fs/mount.h"
#include "kernel/fs/vfs.h"
#include "kernel/mm/slab.h"
#include "kernel/printk/printk.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"

#define TRACEFS_NAME 32

enum tracefs_kind {
	TF_ROOT, TF_EVENTS, TF_GROUP, TF_EVENT,		/* directories */
	TF_EVENT_ENABLE, TF_EVENT_TRIGGER,		/* files of events/ */
	TF_FILE,					/* the root's files */
};

/* One file of the root directory. */
struct tracefs_file {
	const char *name;
	umode_t mode;
	int (*show)(struct seq_buf *m, void *unused);
	int (*store)(void *unused, const char *buf, size_t len);
	int (*truncate)(void);		/* open(O_TRUNC) */
	const struct file_operations *fops;	/* NULL: seq_file_fops */
};

/* What an inode stands for (its i_private). */
struct tracefs_node {
	enum tracefs_kind kind;
	const struct tracefs_file *file;	/* TF_FILE */
	char group[TRACEFS_NAME];	/* TF_GROUP and below; "" for events/enable */
	char event[TRACEFS_NAME];	/* TF_EVENT and its enable; "" above */
};

static struct super_block *tracefs_sb;

static int trace_truncate(void)
{
	trace_clear();
	return 0;
}

static int trace_store(void *unused, const char *buf, size_t len)
{
	return 0;	/* "echo > trace": the O_TRUNC did it */
}

static const struct tracefs_file root_files[] = {
	{ .name = "buffer_size_kb", .mode = 0440, .show = buffer_size_show },
	{ .name = "kprobe_events", .mode = 0640, .show = kprobe_events_show,
	  .store = kprobe_events_store, .truncate = kprobe_events_clear },
	{ .name = "kprobe_profile", .mode = 0440, .show = kprobe_profile_show },
	{ .name = "trace", .mode = 0640, .show = trace_show,
	  .store = trace_store, .truncate = trace_truncate },
	{ .name = "trace_pipe", .mode = 0440, .fops = &trace_pipe_fops },
	{ .name = "tracing_on", .mode = 0640, .show = tracing_on_show,
	  .store = tracing_on_store },
};

/* ---- files ---- */

/* events/.../enable: "0", "1" or "X"; -ENODEV once the event has gone. */
static int enable_show(struct seq_buf *m, void *data)
{
	struct tracefs_node *n = data;
	int c = trace_kprobe_enabled(n->group[0] ? n->group : NULL,
				     n->event[0] ? n->event : NULL);

	if (c < 0)
		return -ENODEV;
	seq_printf(m, "%c\n", c);
	return 0;
}

static int enable_store(void *data, const char *buf, size_t len)
{
	struct tracefs_node *n = data;
	int err;

	if (len != 1 || (buf[0] != '0' && buf[0] != '1'))
		return -EINVAL;
	err = trace_kprobe_enable(n->group[0] ? n->group : NULL,
				  n->event[0] ? n->event : NULL, buf[0] == '1');
	return err == -ENOENT ? -ENODEV : err;
}

/* events/GROUP/EVENT/trigger; -ENODEV once the event has gone. */
static int trigger_show(struct seq_buf *m, void *data)
{
	struct tracefs_node *n = data;

	return trace_kprobe_trigger_show(m, n->group, n->event) ? -ENODEV : 0;
}

static int trigger_store(void *data, const char *buf, size_t len)
{
	struct tracefs_node *n = data;
	int err = trace_kprobe_trigger_store(n->group, n->event, buf);

	return err == -ENOENT ? -ENODEV : err;
}

static int root_file_show(struct seq_buf *m, void *data)
{
	return ((struct tracefs_node *)data)->file->show(m, NULL);
}

static int root_file_store(void *data, const char *buf, size_t len)
{
	return ((struct tracefs_node *)data)->file->store(NULL, buf, len);
}

static int tracefs_truncate(struct inode *inode, u64 size)
{
	struct tracefs_node *n = inode->i_private;

	if (n->kind == TF_FILE && n->file->truncate)
		return n->file->truncate();
	return 0;		/* "echo 1 > enable" */
}

static const struct inode_operations tracefs_file_iops = {
	.truncate = tracefs_truncate,
};

/* ---- inodes ---- */

static const struct inode_operations tracefs_dir_iops;

static u64 node_ino(const struct tracefs_node *n)
{
	u64 h = 14695981039346656037ull;	/* FNV-1a */
	const char *parts[] = { n->file ? n->file->name : "", n->group, n->event };

	h = (h ^ (u64)n->kind) * 1099511628211ull;
	for (size_t i = 0; i < ARRAY_SIZE(parts); i++)
		for (const char *c = parts[i]; ; c++) {
			h = (h ^ (u8)*c) * 1099511628211ull;
			if (!*c)
				break;
		}
	return (h & ((1ull << 48) - 1)) | 2;	/* never 1, the root's */
}

/* A new inode for @tmpl (copied), referenced, or ERR_PTR(-ENOMEM). */
static struct inode *tracefs_new_inode(const struct tracefs_node *tmpl)
{
	struct tracefs_node *n = kmalloc(sizeof(*n), GFP_KERNEL);
	bool dir = tmpl->kind <= TF_EVENT;
	umode_t mode = dir ? S_IFDIR | 0750 :
		       S_IFREG | (tmpl->file ? tmpl->file->mode : 0640);
	struct inode *inode = n ? new_inode(tracefs_sb, mode) : NULL;

	if (!inode) {
		kfree(n);
		return ERR_PTR(-ENOMEM);
	}
	*n = *tmpl;
	inode->i_private = n;
	inode->i_ino = node_ino(n);
	inode->i_op = dir ? &tracefs_dir_iops : &tracefs_file_iops;
	inode->i_fop = dir ? &dir_fops :
		       (n->file && n->file->fops) ? n->file->fops : &seq_file_fops;
	if (dir) {
		inode->i_nlink = 2;
	} else if (n->kind == TF_EVENT_ENABLE) {
		inode->i_show = enable_show;
		inode->i_store = enable_store;
	} else if (n->kind == TF_EVENT_TRIGGER) {
		inode->i_show = trigger_show;
		inode->i_store = trigger_store;
	} else if (n->file->show) {
		inode->i_show = root_file_show;
		inode->i_store = n->file->store ? root_file_store : NULL;
	}
	return inode;
}

static void tracefs_evict_inode(struct inode *inode)
{
	kfree(inode->i_private);
}

/* Does @group (and @event, if set) exist? */
static int name_is(const char *name, void *arg)
{
	return !strcmp(name, arg);
}

static bool node_exists(const struct tracefs_node *n)
{
	if (n->kind == TF_GROUP)
		return trace_kprobe_for_each_group(name_is, (void *)n->group);
	if (n->kind == TF_EVENT)
		return trace_kprobe_enabled(n->group, n->event) >= 0;
	return true;
}

static struct inode *tracefs_lookup(struct inode *dir, const char *name, size_t len)
{
	const struct tracefs_node *d = dir->i_private;
	struct tracefs_node n = { .kind = TF_EVENT_ENABLE };

	if (len >= TRACEFS_NAME)
		return ERR_PTR(-ENOENT);
	strscpy(n.group, d->group, sizeof(n.group));
	strscpy(n.event, d->event, sizeof(n.event));
	if (len == 6 && !memcmp(name, "enable", 6) && d->kind != TF_ROOT)
		return tracefs_new_inode(&n);
	if (len == 7 && !memcmp(name, "trigger", 7) && d->kind == TF_EVENT) {
		n.kind = TF_EVENT_TRIGGER;
		return tracefs_new_inode(&n);
	}
	if (d->kind == TF_ROOT) {
		for (size_t i = 0; i < ARRAY_SIZE(root_files); i++)
			if (strlen(root_files[i].name) == len &&
			    !memcmp(root_files[i].name, name, len)) {
				n.kind = TF_FILE;
				n.file = &root_files[i];
				return tracefs_new_inode(&n);
			}
		if (len == 6 && !memcmp(name, "events", 6)) {
			n.kind = TF_EVENTS;
			return tracefs_new_inode(&n);
		}
		return ERR_PTR(-ENOENT);
	}
	if (d->kind == TF_EVENT)
		return ERR_PTR(-ENOENT);
	n.kind = d->kind == TF_EVENTS ? TF_GROUP : TF_EVENT;
	memcpy(n.kind == TF_GROUP ? n.group : n.event, name, len);
	(n.kind == TF_GROUP ? n.group : n.event)[len] = '\0';
	return node_exists(&n) ? tracefs_new_inode(&n) : ERR_PTR(-ENOENT);
}

struct tracefs_readdir {
	struct dir_context *ctx;
	struct tracefs_node n;
	u64 seen;
};

/* Emit one entry past those already read: nonzero to stop. */
static int emit(struct tracefs_readdir *r, const char *name, unsigned int type)
{
	if (r->seen++ < r->ctx->pos - 2)
		return 0;
	if (r->n.kind == TF_GROUP)
		strscpy(r->n.group, name, sizeof(r->n.group));
	else if (r->n.kind == TF_EVENT)
		strscpy(r->n.event, name, sizeof(r->n.event));
	return !dir_emit(r->ctx, name, strlen(name), node_ino(&r->n), type);
}

static int emit_dir(const char *name, void *arg)
{
	return emit(arg, name, DT_DIR);
}

static int tracefs_readdir(struct inode *dir, struct dir_context *ctx)
{
	const struct tracefs_node *d = dir->i_private;
	struct tracefs_readdir r = { .ctx = ctx, .n = *d };

	if (d->kind == TF_ROOT) {
		r.n.kind = TF_FILE;
		for (size_t i = 0; i < ARRAY_SIZE(root_files); i++) {
			r.n.file = &root_files[i];
			if (emit(&r, root_files[i].name, DT_REG))
				return 0;
		}
		r.n.file = NULL;
		r.n.kind = TF_EVENTS;
		emit(&r, "events", DT_DIR);
		return 0;
	}
	r.n.kind = TF_EVENT_ENABLE;
	if (emit(&r, "enable", DT_REG))
		return 0;
	if (d->kind == TF_EVENT) {
		r.n.kind = TF_EVENT_TRIGGER;
		emit(&r, "trigger", DT_REG);
		return 0;
	}
	r.n.kind = d->kind == TF_EVENTS ? TF_GROUP : TF_EVENT;
	if (d->kind == TF_EVENTS)
		trace_kprobe_for_each_group(emit_dir, &r);
	else
		trace_kprobe_for_each_event(d->group, emit_dir, &r);
	return 0;
}

static const struct inode_operations tracefs_dir_iops = {
	.lookup = tracefs_lookup,
	.readdir = tracefs_readdir,
};

/* ---- the super block ---- */

struct super_block *tracefs_get_tree(const char *type, unsigned int sb_flags,
				     char *data, char *shown, size_t size)
{
	return tracefs_sb ? tracefs_sb : ERR_PTR(-ENODEV);
}

int tracefs_init(void)
{
	struct tracefs_node root = { .kind = TF_ROOT };
	struct inode *inode;
	int err;

	tracefs_sb = alloc_super("tracefs", 0);
	if (!tracefs_sb)
		return -ENOMEM;
	tracefs_sb->evict_inode = tracefs_evict_inode;
	inode = tracefs_new_inode(&root);
	if (IS_ERR(inode))
		return (int)PTR_ERR(inode);
	inode->i_mode = S_IFDIR | 0700;		/* root's only, as on Linux */
	inode->i_ino = 1;
	tracefs_sb->s_root = inode;
	err = vfs_mount("/sys/kernel/tracing", tracefs_sb);
	if (err)
		pr_err("tracefs: cannot mount on /sys/kernel/tracing (error %d)\n",
		       err);
	return err;
}
