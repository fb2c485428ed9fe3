/*
 * The loader's own view of a module (Linux keeps the same split between
 * <linux/module.h> and kernel/module/internal.h): where its two regions
 * are, its symbols for kallsyms, its exports and parameters, who uses it.
 * Reached from struct module's loader pointer; a module's code never sees
 * it.
 */
#ifndef KERNEL_MODULE_INTERNAL_H
#define KERNEL_MODULE_INTERNAL_H

#include "kernel/fs/vfs.h"
#include "kernel/locking/mutex.h"
#include "kernel/locking/spinlock.h"
#include "kernel/module/loader.h"
#include "kernel/module/module.h"
#include "lib/elf_module.h"

/* One symbol of a module for kallsyms: [addr, addr + size), nm's letter. */
struct mod_kallsym {
	u64 addr;
	u32 size;
	u32 name;		/* offset in mod_priv.strtab */
	char type;
};

/* Where one placed section of a module is (for gdb's add-symbol-file). */
struct mod_section {
	u64 addr;
	char name[40];
};

/* A "used by" link: @source uses an export of @target. */
struct module_use {
	struct list_head source_list;	/* on target's priv->source_list */
	struct list_head target_list;	/* on source's priv->target_list */
	struct module *source, *target;
};

struct mod_priv {
	void *core, *init;		/* the two regions (init NULL once freed) */
	u64 core_size, core_text_size, core_ro_size;
	u64 init_size, init_text_size, init_ro_size;
	struct mod_section *sections;	/* every placed section: gdb reads
					   them (scripts/gdb, tb-symbols) */
	unsigned int nsections;
	struct mod_kallsym *syms;	/* sorted by address */
	unsigned int nsyms;
	char *strtab;
	const struct kernel_symbol *ksyms, *gpl_syms;	/* its exports */
	unsigned int num_ksyms, num_gpl_syms;
	const struct kernel_param *kp;	/* its __param section */
	unsigned int num_kp;
	bool gpl_compatible;
	unsigned long taints;		/* TAINT_* bits it brought */
	int refcnt;			/* try_module_get() and users */
	struct list_head source_list;	/* modules using this one */
	struct list_head target_list;	/* modules this one uses */
};

static inline struct mod_priv *mod_priv(const struct module *mod)
{
	return mod->loader;
}

/* ---- alloc.c: the module area ---- */

/* @size bytes (page-rounded) of zeroed pages in the module area, mapped
 * read-write and no-execute; NULL when out of memory or room. */
void *module_alloc(u64 size);
/* Unmap and free what module_alloc(@size) returned (NULL: nothing). */
void module_memfree(void *p, u64 size);
/* Give the pages of [p, p + size) the rights @prot (PAGE_KERNEL_*). */
void module_set_prot(void *p, u64 size, u64 prot);

/* ---- main.c: the list and the links ---- */

/* Serialises loads and unloads (not held while a module's code runs). */
extern struct mutex module_mutex;
/* The loaded modules, in load order; changed under both locks. */
extern struct list_head modules;
extern spinlock_t module_list_lock;

/* The loaded module called @name, or NULL. Caller holds module_mutex. */
struct module *find_module(const char *name);
/* Find an export of the kernel or a loaded module. */
const struct kernel_symbol *find_symbol(const char *name, bool gplok,
					struct module **owner);
/* Record that @a uses @b (once). 0, -EBUSY while b's init runs (Linux
 * would wait for it), -ENOENT if b is going, or -ENOMEM. */
int ref_module(struct module *a, struct module *b);
/* Put @mod on the module list (takes the list lock). */
void module_list_add(struct module *mod);
/* Take @mod off the module list (takes the list lock). */
void module_list_del(struct module *mod);
/* Undo ref_module() for every module @mod uses. */
void module_unload_free(struct module *mod);
/* Take a reference on @mod so it cannot be unloaded; false if going. */
bool try_module_get(struct module *mod);
/* Drop a reference try_module_get() took. */
void module_put(struct module *mod);

/* ---- load.c ---- */

/* finit_module(2) flags */
#define MODULE_INIT_IGNORE_MODVERSIONS 1
#define MODULE_INIT_IGNORE_VERMAGIC 2
#define MODULE_INIT_COMPRESSED_FILE 4

/* The whole load of the .ko @image: check, place, link, parse @args (which
 * it modifies), run init. 0 or -errno, as init_module(2). */
int load_module(void *image, size_t len, char *args, int flags);
/* Free a module's memory and state (it is off the list). */
void free_module(struct module *mod);

/* ---- params.c ---- */

/* Apply "name=value ..." @args to @mod's parameters (Linux's parse_args
 * rules); 0 or the setter's error. @args is modified. */
int module_parse_args(struct module *mod, char *args);
/* Release what parameters hold (charp copies). */
void module_destroy_params(struct module *mod);

/* ---- kallsyms.c ---- */

/* Keep @mod's function and object symbols (from @info, final values). */
int module_add_kallsyms(struct module *mod, const struct elf_module_info *info);
/* Forget the symbols in the init region, which is about to be freed. */
void module_drop_init_kallsyms(struct module *mod);

#endif
