/*
 * The least a test module needs, written against kernel/module/module.h
 * alone (the loader's tests must not depend on the Linux API headers):
 * module_init/module_exit as Linux spells them (aliases init_module and
 * cleanup_module), __init/__exit sections, MODULE_LICENSE, module_param
 * for a few types, module_param_array, module_param_cb, and printk.
 */
#ifndef TBMOD_H
#define TBMOD_H

#include "kernel/module/module.h"

int printk(const char *fmt, ...);

extern struct module __this_module;

#define __init __attribute__((section(".init.text")))
#define __initdata __attribute__((section(".init.data")))
#define __exit __attribute__((section(".exit.text")))

#define module_init(fn) int init_module(void) __attribute__((alias(#fn)))
#define module_exit(fn) void cleanup_module(void) __attribute__((alias(#fn)))

#define MODULE_LICENSE(l) MODULE_INFO(license, l)
#define MODULE_PARM_DESC(p, d) MODULE_INFO(parm, #p ":" d)

extern const struct kernel_param_ops param_ops_int, param_ops_charp,
	param_ops_bool, param_ops_ulong, param_ops_ushort, param_array_ops;

#define __module_param(pname, ops_, argp, perm_)			\
	static const char __param_str_##pname[] = #pname;		\
	__attribute__((used, section("__param"), aligned(8)))		\
	static const struct kernel_param __param_##pname = {		\
		.name = __param_str_##pname, .mod = &__this_module,	\
		.ops = &(ops_), .perm = (perm_), .level = -1, .arg = (argp) }

#define module_param(pname, type, perm)					\
	__module_param(pname, param_ops_##type, &(pname), perm);	\
	MODULE_INFO(parmtype, #pname ":" #type)

/* A parameter with set/get functions of the module's own. */
#define module_param_cb(pname, ops, argp, perm)				\
	__module_param(pname, *(ops), argp, perm)
int param_set_int(const char *val, const struct kernel_param *kp);
int param_get_int(char *buf, const struct kernel_param *kp);

#define module_param_array(pname, type, nump, perm)			\
	static const struct kparam_array __param_arr_##pname = {	\
		.max = sizeof(pname) / sizeof(pname[0]), .num = (nump),	\
		.ops = &param_ops_##type, .elemsize = sizeof(pname[0]),	\
		.elem = (pname) };					\
	__module_param(pname, param_array_ops, (void *)&__param_arr_##pname, \
		       perm);						\
	MODULE_INFO(parmtype, #pname ":array of " #type)

#endif
