/*
 * EXPORT_SYMBOL / EXPORT_SYMBOL_GPL (kernel/module/module.h has them) and
 * THIS_MODULE: the module's own struct module, __this_module, which the
 * build's foo.mod.c defines.
 */
#ifndef _LINUX_EXPORT_H
#define _LINUX_EXPORT_H

#include "kernel/module/module.h"

#define EXPORT_SYMBOL_NS(sym, ns) EXPORT_SYMBOL(sym)
#define EXPORT_SYMBOL_NS_GPL(sym, ns) EXPORT_SYMBOL_GPL(sym)

extern struct module __this_module;
#define THIS_MODULE (&__this_module)

#endif
