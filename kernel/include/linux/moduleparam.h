/*
 * Module parameters, Linux's way. module_param(name, type, perm) puts a
 * struct kernel_param (kernel/module/module.h) into the module's __param
 * section, naming the variable and the kernel's parser for its type
 * (param_ops_int, ...: defined and exported by the loader), and writes
 * "parmtype=name:type" into .modinfo; MODULE_PARM_DESC() writes
 * "parm=name:description", both as modinfo(8) shows them. insmod's
 * "name=value" arguments are parsed by the loader before init runs; perm
 * is the mode of /sys/module/<module>/parameters/<name> (0: no file).
 */
#ifndef _LINUX_MODULEPARAM_H
#define _LINUX_MODULEPARAM_H

#include <linux/types.h>
#include <linux/init.h>
#include <linux/stat.h>
#include <linux/export.h>

/* A module's parameters have no prefix ("foo.x" is for built-in code). */
#define MODULE_PARAM_PREFIX ""

#define MAX_PARAM_PREFIX_LEN (64 - sizeof(unsigned long))

#define __MODULE_PARM_TYPE(name, _type) MODULE_INFO(parmtype, #name ":" _type)

/* One line of description for parameter @_parm (modinfo shows it). */
#define MODULE_PARM_DESC(_parm, desc) MODULE_INFO(parm, #_parm ":" desc)

/* The parsers, one per type, and the array and string ones. */
extern const struct kernel_param_ops param_ops_byte;
extern const struct kernel_param_ops param_ops_short;
extern const struct kernel_param_ops param_ops_ushort;
extern const struct kernel_param_ops param_ops_int;
extern const struct kernel_param_ops param_ops_uint;
extern const struct kernel_param_ops param_ops_long;
extern const struct kernel_param_ops param_ops_ulong;
extern const struct kernel_param_ops param_ops_ullong;
extern const struct kernel_param_ops param_ops_hexint;
extern const struct kernel_param_ops param_ops_charp;
extern const struct kernel_param_ops param_ops_bool;
extern const struct kernel_param_ops param_ops_invbool;
extern const struct kernel_param_ops param_array_ops;
extern const struct kernel_param_ops param_ops_string;

/* The variable must have the parameter type's C type. */
#define __param_check(name, p, type) \
	static inline type __always_unused *__check_##name(void) { return (p); }
#define param_check_byte(name, p) __param_check(name, p, unsigned char)
#define param_check_short(name, p) __param_check(name, p, short)
#define param_check_ushort(name, p) __param_check(name, p, unsigned short)
#define param_check_int(name, p) __param_check(name, p, int)
#define param_check_uint(name, p) __param_check(name, p, unsigned int)
#define param_check_long(name, p) __param_check(name, p, long)
#define param_check_ulong(name, p) __param_check(name, p, unsigned long)
#define param_check_ullong(name, p) __param_check(name, p, unsigned long long)
#define param_check_hexint(name, p) __param_check(name, p, unsigned int)
#define param_check_charp(name, p) __param_check(name, p, char *)
#define param_check_bool(name, p) __param_check(name, p, bool)
#define param_check_invbool(name, p) __param_check(name, p, bool)

/* The __param entry itself; @...: the union member (arg, str or arr). */
#define __module_param_call(prefix, name_, ops_, perm_, level_, flags_, ...) \
	static const char __param_str_##name_[] = prefix #name_;	\
	static const struct kernel_param __param_##name_		\
	__attribute__((used, section("__param"), aligned(sizeof(void *)))) = { \
		.name = __param_str_##name_, .mod = THIS_MODULE,	\
		.ops = (ops_), .perm = (perm_), .level = (level_),	\
		.flags = (flags_), __VA_ARGS__ }

/* A parameter with a parser of the module's own. */
#define module_param_cb(name, ops, arg_, perm) \
	__module_param_call(MODULE_PARAM_PREFIX, name, ops, perm, -1, 0, .arg = (arg_))

/* Parameter @name sets variable @value, of type @type. */
#define module_param_named(name, value, type, perm)			\
	param_check_##type(name, &(value));				\
	module_param_cb(name, &param_ops_##type, &(value), perm);	\
	__MODULE_PARM_TYPE(name, #type)

/* Parameter @name sets the variable @name, of type @type. */
#define module_param(name, type, perm) module_param_named(name, name, type, perm)

/* A comma-separated list into @array; *@nump (if not NULL) gets the count. */
#define module_param_array_named(name, array, type, nump, perm)	\
	param_check_##type(name, &(array)[0]);				\
	static const struct kparam_array __param_arr_##name = {	\
		.max = ARRAY_SIZE(array), .num = (nump),		\
		.ops = &param_ops_##type,				\
		.elemsize = sizeof(array[0]), .elem = (array) };	\
	__module_param_call(MODULE_PARAM_PREFIX, name, &param_array_ops, \
			    perm, -1, 0, .arr = &__param_arr_##name);	\
	__MODULE_PARM_TYPE(name, "array of " #type)

#define module_param_array(name, type, nump, perm) \
	module_param_array_named(name, name, type, nump, perm)

/* A string copied into the char array @string of @len bytes. */
#define module_param_string(name, string_, len, perm)			\
	static const struct kparam_string __param_string_##name = {	\
		.maxlen = (len), .string = (string_) };			\
	__module_param_call(MODULE_PARAM_PREFIX, name, &param_ops_string, \
			    perm, -1, 0, .str = &__param_string_##name); \
	__MODULE_PARM_TYPE(name, "string")

#endif
