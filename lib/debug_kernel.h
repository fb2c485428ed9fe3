/*
 * What a DEBUG_KERNEL=1 build carries (scripts/debug.mk): the names of its
 * bug-finding tools, which the boot log prints after the banner. In the
 * default build DEBUG_KERNEL_TOOLS is NULL and the line compiles away.
 */
#ifndef LIB_DEBUG_KERNEL_H
#define LIB_DEBUG_KERNEL_H

#ifdef CONFIG_DEBUG_KERNEL
#define DEBUG_KERNEL_TOOLS CONFIG_DEBUG_TOOLS
#else
#define DEBUG_KERNEL_TOOLS ((const char *)0)
#endif

#endif
