/*
 * What the rest of the kernel asks of the module loader (kernel/module/):
 * the system calls, /proc/modules, and symbol lookups in loaded modules
 * for backtraces, /proc/kallsyms and the oops handler.
 */
#ifndef KERNEL_MODULE_LOADER_H
#define KERNEL_MODULE_LOADER_H

#include "lib/types.h"

#ifndef __user
#define __user
#endif

struct seq_buf;

/* Load the @len-byte .ko at @umod with parameters @uargs; init_module(2). */
long sys_init_module(const void __user *umod, unsigned long len,
		     const char __user *uargs);
/* The same from the file open at @fd (MODULE_INIT_* @flags); finit_module(2). */
long sys_finit_module(int fd, const char __user *uargs, int flags);
/* Run @name's exit and unload it, unless in use; delete_module(2). */
long sys_delete_module(const char __user *name, unsigned int flags);

/* The kernel's own insmod and rmmod (the "demo" boot option): load the
 * .ko file at @path, no parameters, as finit_module(2) does; remove the
 * module @name as delete_module(2) does. 0 or -errno. */
long load_module_path(const char *path);
long delete_module(const char *name);

/* /proc/modules in Linux's format: "name size refcnt users, state addr". */
int modules_show(struct seq_buf *m, void *unused);

/*
 * The module symbol containing @addr: its name into @name[namelen], its
 * module's into @modname[MODULE_NAME_LEN], its size and @addr's offset in
 * it. False if @addr is in no loaded module's symbol. Safe in an oops
 * (takes a spinlock only, copies the names while holding it).
 */
bool module_address_lookup(u64 addr, u64 *symsize, u64 *offset, char *name,
			   size_t namelen, char *modname);

/* True if @addr is in the text of a loaded module (live or coming). */
bool is_module_text_address(u64 addr);

/* /proc/kallsyms: "addr type name\t[mod]" for every module symbol. */
void module_kallsyms_show(struct seq_buf *m);

#endif
