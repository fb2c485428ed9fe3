/*
 * <linux/module.h> for a Taskbase module: the module ABI of
 * kernel/module/module.h (struct module, EXPORT_SYMBOL, MODULE_INFO),
 * module_init/module_exit and __init/__exit (linux/init.h), module_param
 * (linux/moduleparam.h), and the MODULE_* tags that land in .modinfo for
 * the loader and modinfo(8).
 */
#ifndef _LINUX_MODULE_H
#define _LINUX_MODULE_H

#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/stat.h>
#include <linux/init.h>
#include <linux/export.h>
#include <linux/moduleparam.h>
/* What Linux's module.h brings in on the way: time, locks, current. */
#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/spinlock.h>
#include <linux/atomic.h>
#include <linux/smp.h>
#include <asm/current.h>
#include <linux/sched.h>
#include "kernel/module/module.h"

/* GPL-compatible licenses may use EXPORT_SYMBOL_GPL symbols. */
#define MODULE_LICENSE(_license) MODULE_INFO(license, _license)
#define MODULE_AUTHOR(_author) MODULE_INFO(author, _author)
#define MODULE_DESCRIPTION(_description) MODULE_INFO(description, _description)
#define MODULE_VERSION(_version) MODULE_INFO(version, _version)
#define MODULE_ALIAS(_alias) MODULE_INFO(alias, _alias)
#define MODULE_SOFTDEP(_softdep) MODULE_INFO(softdep, _softdep)
#define MODULE_FIRMWARE(_firmware) MODULE_INFO(firmware, _firmware)
#define MODULE_IMPORT_NS(ns) MODULE_INFO(import_ns, #ns)
/* Taskbase has no device tables: nothing to record. */
#define MODULE_DEVICE_TABLE(type, name)

#endif
