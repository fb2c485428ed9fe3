/*
 * Built-in modules: the course demos packaged the way Linux packages a
 * loadable module, with an init and an exit function. `insmod NAME` asks
 * the kernel to run NAME's init in insmod's own process context (so
 * current is insmod, exactly as with a real module); `rmmod NAME` runs
 * its exit; /proc/modules lists them. No foreign .ko files are loaded.
 */
#ifndef KERNEL_MODULE_H
#define KERNEL_MODULE_H

#include "kernel/fs/seq_buf.h"

struct kmodule {
	const char *name;
	const char *description;
	int (*init)(void);
	void (*exit)(void);
	bool loaded;
};

/* /proc/modules in Linux's format: name size refcount deps state addr. */
int modules_show(struct seq_buf *m, void *unused);

long sys_init_module(const void *image, unsigned long len, const char *params);
long sys_delete_module(const char *name, unsigned int flags);

#endif
