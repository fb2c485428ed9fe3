/*
 * The grab bag every module includes: printk, the string and formatting
 * functions, min/max, ARRAY_SIZE, container_of, BUG_ON/WARN_ON, errno and
 * ERR_PTR. Each maps onto Taskbase's own (lib/, kernel/printk/).
 */
#ifndef _LINUX_KERNEL_H
#define _LINUX_KERNEL_H

#include <linux/types.h>
#include <linux/stddef.h>
#include <linux/compiler.h>
#include <linux/printk.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/err.h>
#include <linux/bug.h>
#include <linux/limits.h>
#include <linux/kstrtox.h>
#include "lib/vsprintf.h"

#define min(x, y) ({ __typeof__(x) __a = (x); __typeof__(y) __b = (y); __a < __b ? __a : __b; })
#define max(x, y) ({ __typeof__(x) __a = (x); __typeof__(y) __b = (y); __a > __b ? __a : __b; })
#define min_t(type, x, y) ({ type __a = (x); type __b = (y); __a < __b ? __a : __b; })
#define max_t(type, x, y) ({ type __a = (x); type __b = (y); __a > __b ? __a : __b; })
#define clamp(val, lo, hi) min(max(val, lo), hi)
#define clamp_t(type, val, lo, hi) min_t(type, max_t(type, val, lo), hi)
#define swap(a, b) do { __typeof__(a) __t = (a); (a) = (b); (b) = __t; } while (0)
#define abs(x) ({ __typeof__(x) __x = (x); __x < 0 ? -__x : __x; })

#define DIV_ROUND_UP(n, d) (((n) + (d) - 1) / (d))
#define roundup(x, y) ((((x) + ((y) - 1)) / (y)) * (y))
#define rounddown(x, y) ((x) - ((x) % (y)))
#define ALIGN(x, a) ALIGN_UP(x, a)
#define PTR_ALIGN(p, a) ((__typeof__(p))ALIGN((unsigned long)(p), (a)))
#define upper_32_bits(n) ((u32)(((n) >> 16) >> 16))
#define lower_32_bits(n) ((u32)((n) & 0xffffffff))
#define BITS_PER_LONG 64
#define BIT(nr) (1UL << (nr))
#define BIT_ULL(nr) (1ULL << (nr))
#define GENMASK(h, l) (((~0UL) << (l)) & (~0UL >> (BITS_PER_LONG - 1 - (h))))

/* sprintf: unbounded, as Linux's; prefer snprintf/scnprintf. */
#define sprintf(buf, fmt, ...) snprintf(buf, ~0ul >> 1, fmt, ##__VA_ARGS__)
#define vsprintf(buf, fmt, ap) vsnprintf(buf, ~0ul >> 1, fmt, ap)

/* might_sleep(): the kernel's check (kernel/sched/sched.h), in modules too. */
#include "kernel/sched/sched.h"
#define might_sleep_if(cond) do { if (cond) might_sleep(); } while (0)
#define cond_resched() ({ 0; })

#endif
