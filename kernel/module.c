/*
 * Built-in modules (see module.h). insmod calls init_module(2) with the
 * module's NAME where Linux passes the module file's contents; Taskbase
 * looks the name up among its built-in modules instead of linking code.
 */
#include "kernel/module.h"
#include "asm/processor.h"
#include "kernel/task.h"
#include "kernel/demo.h"
#include "kernel/printk/printk.h"
#include "kernel/signal.h"
#include "kernel/locking/spinlock.h"
#include "kernel/stack_layout.h"
#include "kernel/tasklist.h"
#include "kernel/uaccess.h"
#include "lib/errno.h"
#include "lib/string.h"

#define MODULE_NAME_LEN 56

static int current_affairs_init(void)
{
	current_affairs();
	return 0;
}

static int thrd_showall_init(void)
{
	thrd_showall();
	return 0;
}

/* Name, TGID, PID, RUID, EUID of every process. */
static int prcs_showall_init(void)
{
	struct task_struct *p;
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	int n = 0;

	printk("prcs_showall: %-16s %6s %6s %5s %5s\n", "Name", "TGID", "PID",
	       "RUID", "EUID");
	for_each_process(p) {
		printk("prcs_showall: %-16s %6d %6d %5d %5d\n", p->comm, p->tgid,
		       p->pid, 0, 0);
		n++;
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	printk("prcs_showall: %d processes\n", n);
	return 0;
}

static int layout_show(struct seq_buf *m, void *rsp)
{
	stack_layout_render(m, current, (u64)rsp);
	return 0;
}

/* The calling thread's own kernel stack block, drawn (line by line:
 * printk takes one line of at most 512 bytes at a time). */
static int stack_layout_init(void)
{
	struct seq_buf m;
	int err = seq_buf_render(&m, layout_show, __builtin_frame_address(0));
	const char *line = m.buf, *end;

	if (err)
		return err;
	for (; line < m.buf + m.len; line = end + 1) {
		end = memchr(line, '\n', m.buf + m.len - line);
		if (!end)
			end = m.buf + m.len;
		printk("stack_layout: %.*s\n", (int)(end - line), line);
	}
	seq_buf_free(&m);
	return 0;
}

static void say_goodbye(void)
{
	printk("%s: module exit, in %s (pid %d)\n", "demo", current->comm,
	       current->pid);
}

static struct kmodule modules[] = {
	{ "current_affairs", "current, in_task() and the context we run in",
	  current_affairs_init, say_goodbye, false },
	{ "thrd_showall", "every thread, walked with do_each_thread()",
	  thrd_showall_init, say_goodbye, false },
	{ "prcs_showall", "every process: name, TGID, PID, RUID, EUID",
	  prcs_showall_init, say_goodbye, false },
	{ "stack_layout", "the calling thread's kernel stack block, drawn",
	  stack_layout_init, say_goodbye, false },
};
static DEFINE_SPINLOCK(module_lock);

static struct kmodule *find_module(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(modules); i++)
		if (!strcmp(modules[i].name, name))
			return &modules[i];
	return NULL;
}

/* Mark @mod loaded (or not); false if it already was. */
static bool set_loaded(struct kmodule *mod, bool loaded)
{
	unsigned long flags = spin_lock_irqsave(&module_lock);
	bool changed = mod->loaded != loaded;

	mod->loaded = loaded;
	spin_unlock_irqrestore(&module_lock, flags);
	return changed;
}

long sys_init_module(const void __user *image, unsigned long len,
		     const char __user *params)
{
	char name[MODULE_NAME_LEN];
	struct kmodule *mod;
	long n, err;

	if (len >= sizeof(name))
		return -ENOENT;
	n = strncpy_from_user(name, image, (long)len + 1);
	if (n < 0)
		return n;
	name[MIN((unsigned long)n, len)] = '\0';
	mod = find_module(name);
	if (!mod) {
		pr_info("insmod: no built-in module \"%s\"\n", name);
		return -ENOENT;
	}
	if (!set_loaded(mod, true))
		return -EEXIST;
	pr_info("%s: module init, in %s (pid %d, process context)\n", mod->name,
		current->comm, current->pid);
	err = mod->init();
	if (err)
		set_loaded(mod, false);
	return err;
}

long sys_delete_module(const char __user *uname, unsigned int flags)
{
	char name[MODULE_NAME_LEN];
	struct kmodule *mod;
	long n = strncpy_from_user(name, uname, sizeof(name));

	if (n < 0)
		return n;
	if (n >= (long)sizeof(name))
		return -ENOENT;
	mod = find_module(name);
	if (!mod)
		return -ENOENT;
	if (!set_loaded(mod, false))
		return -ENOENT;		/* Linux: not loaded */
	mod->exit();
	return 0;
}

int modules_show(struct seq_buf *m, void *unused)
{
	for (size_t i = 0; i < ARRAY_SIZE(modules); i++)
		if (modules[i].loaded)
			seq_printf(m, "%s 4096 0 - Live 0x%016lx\n", modules[i].name,
				   (unsigned long)modules[i].init);
	return 0;
}
