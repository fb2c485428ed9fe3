/*
 * Loadable modules: what a .ko file carries and the loader reads. The
 * kernel and every module are compiled against this one header (the
 * vermagic string ties a module to the kernel it was built for), so the
 * structures below are the module ABI. A .ko is an ELF64 relocatable
 * object (`ld -r` of the module's objects and the generated foo.mod.o)
 * with these sections, named as Linux names them:
 *
 *   .gnu.linkonce.this_module  struct module __this_module: name, init,
 *                              exit (foo.mod.c, written by the build)
 *   .modinfo                   "key=value\0" strings: license, author,
 *                              description, version, parm, parmtype,
 *                              vermagic, name, depends
 *   __ksymtab, __ksymtab_gpl   struct kernel_symbol: EXPORT_SYMBOL(_GPL)
 *   __param                    struct kernel_param: module_param()
 *   .init.text, .init.data,    __init code and data, freed once init
 *   .init.rodata               has returned
 *   .exit.text                 __exit code
 *
 * The kernel's own exports are the same kernel_symbol entries, gathered by
 * the linker between __start___ksymtab and __stop___ksymtab: a module can
 * link only against what the kernel chose to export, as on Linux.
 */
#ifndef KERNEL_MODULE_MODULE_H
#define KERNEL_MODULE_MODULE_H

#include "lib/list.h"
#include "lib/types.h"

#define MODULE_NAME_LEN 56

/* Where a module is in its life (Linux's values, shown in /proc/modules). */
enum module_state {
	MODULE_STATE_LIVE,
	MODULE_STATE_COMING,
	MODULE_STATE_GOING,
	MODULE_STATE_UNFORMED,
};

/* One exported symbol: its address and its name. */
struct kernel_symbol {
	unsigned long value;
	const char *name;
};

/*
 * A module. The .ko carries a filled-in template (name, init, exit) in
 * .gnu.linkonce.this_module; the loader keeps using that copy, in the
 * module's own data, as the live structure, so THIS_MODULE in the
 * module's code and the kernel's pointer are the same object. The fields
 * after exit are the loader's; a module never initialises them.
 */
struct module {
	enum module_state state;
	struct list_head list;		/* on the list of loaded modules */
	char name[MODULE_NAME_LEN];
	int (*init)(void);
	void (*exit)(void);
	void *loader;			/* the loader's private state */
};

/* The text a module is built against; a .ko with another is refused. The
 * debug kernel's locks and allocations are larger (lockdep, KASAN), so its
 * modules say "debug" and the two kinds never mix. */
#ifdef CONFIG_DEBUG_KERNEL
#define VERMAGIC_DEBUG " debug"
#else
#define VERMAGIC_DEBUG ""
#endif
#define VERMAGIC_STRING "6.1.0-taskbase SMP mod_unload x86_64 THREAD_PAGES=" \
	__VERMAGIC_STR(THREAD_PAGES) VERMAGIC_DEBUG
#define __VERMAGIC_STR2(x) #x
#define __VERMAGIC_STR(x) __VERMAGIC_STR2(x)

/* ---- exporting symbols --------------------------------------------- */

#define __EXPORT_SYMBOL(sym, sec)					\
	static const char __kstrtab_##sym[] = #sym;			\
	__attribute__((used, section(sec), aligned(8)))			\
	static const struct kernel_symbol __ksymtab_##sym = {		\
		(unsigned long)&sym, __kstrtab_##sym }

/* Make sym available to modules (any license). */
#define EXPORT_SYMBOL(sym) __EXPORT_SYMBOL(sym, "__ksymtab")
/* Make sym available to modules whose license is GPL-compatible only. */
#define EXPORT_SYMBOL_GPL(sym) __EXPORT_SYMBOL(sym, "__ksymtab_gpl")

/* ---- .modinfo ------------------------------------------------------ */

#define __MODINFO_CAT2(a, b) a##b
#define __MODINFO_CAT(a, b) __MODINFO_CAT2(a, b)
/* One "tag=info" string in .modinfo. */
#define MODULE_INFO(tag, info)						\
	static const char __MODINFO_CAT(__modinfo_, __COUNTER__)[]	\
	__attribute__((used, section(".modinfo"), aligned(1))) = #tag "=" info

/* ---- parameters (module_param) ------------------------------------- */

struct kernel_param;

/* How a parameter type is parsed (set) and shown (get: into a page). */
struct kernel_param_ops {
	unsigned int flags;
	int (*set)(const char *val, const struct kernel_param *kp);
	int (*get)(char *buffer, const struct kernel_param *kp);
	void (*free)(void *arg);
};

/* module_param_array: up to max elements of elemsize bytes at elem. */
struct kparam_array {
	unsigned int max;
	unsigned int elemsize;
	unsigned int *num;
	const struct kernel_param_ops *ops;
	void *elem;
};

/* module_param_string: a char array of maxlen bytes. */
struct kparam_string {
	unsigned int maxlen;
	char *string;
};

/* One module parameter, in the __param section. */
struct kernel_param {
	const char *name;
	struct module *mod;
	const struct kernel_param_ops *ops;
	u16 perm;
	s8 level;
	u8 flags;
	union {
		void *arg;
		const struct kparam_string *str;
		const struct kparam_array *arr;
	};
};

#endif
