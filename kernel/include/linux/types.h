/*
 * Linux's basic kernel types, for modules: Taskbase's fixed-width types
 * (lib/types.h) under Linux's other names.
 */
#ifndef _LINUX_TYPES_H
#define _LINUX_TYPES_H

#include "lib/types.h"
#include "kernel/mm/page_alloc.h"	/* gfp_t */
#include <linux/compiler.h>

/* Linux's bool is a type, not stdbool.h's macro: module_param(x, bool, ..)
 * pastes the word "bool" into param_ops_bool. */
#undef bool
typedef _Bool bool;

typedef u8 __u8;
typedef u16 __u16;
typedef u32 __u32;
typedef u64 __u64;
typedef s8 __s8;
typedef s16 __s16;
typedef s32 __s32;
typedef s64 __s64;
typedef long ssize_t;
typedef long long loff_t;
typedef int pid_t;
typedef unsigned int uid_t;
typedef unsigned int gid_t;
typedef unsigned int umode_t;	/* as kernel/fs/vfs.h */
typedef unsigned long uintptr_t;
typedef long intptr_t;
typedef unsigned char u_char;
typedef unsigned short u_short;
typedef unsigned int u_int;
typedef unsigned long u_long;
typedef unsigned char unchar;
typedef unsigned short ushort;
typedef unsigned int uint;
typedef unsigned long ulong;
typedef u64 phys_addr_t;
typedef u64 dma_addr_t;
typedef long long time64_t;
typedef long __kernel_long_t;
typedef unsigned long __kernel_ulong_t;

#endif
