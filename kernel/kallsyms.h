/*
 * kallsyms: the kernel's own symbol table, as in Linux. It maps a code
 * address to "function+offset/size" for oops reports, stack traces,
 * /proc/<pid>/stack and /proc/kallsyms, and a name back to its address.
 *
 * The table is generated at build time: scripts/kallsyms.py turns the text
 * symbols of the first link pass into the section .kallsyms of the second
 * (kernel/kallsyms_empty.S stands in during the first pass). Host tests
 * define the five arrays themselves.
 */
#ifndef KERNEL_KALLSYMS_H
#define KERNEL_KALLSYMS_H

#include "lib/types.h"

/* Room for any "name+0x.../0x... [module]" line sprint_symbol() makes. */
#define KSYM_SYMBOL_LEN 128
/* The longest symbol name kept for a module's symbol. */
#define KSYM_NAME_LEN 64

/*
 * The generated table: kallsyms_num symbols sorted by address; symbol i
 * covers [addresses[i], addresses[i] + sizes[i]) and is named by the
 * NUL-terminated string at kallsyms_names + kallsyms_offsets[i].
 */
extern const u64 kallsyms_num;
extern const u64 kallsyms_addresses[];
extern const u32 kallsyms_sizes[];
extern const u32 kallsyms_offsets[];
extern const char kallsyms_names[];

/*
 * The name of the symbol containing @addr, or NULL when no symbol covers
 * it. Stores the symbol's size and @addr's offset in it (either may be NULL).
 */
const char *kallsyms_lookup(u64 addr, u64 *symsize, u64 *offset);

/* The address of the symbol called @name (the first, if several), or 0. */
u64 kallsyms_lookup_name(const char *name);

/*
 * Write "name+0xoff/0xsize" for @addr into @buf[size] ("... [module]" for
 * a loaded module's symbol), or "0x<addr>" when no symbol covers it. Returns the length written (scnprintf()).
 */
int sprint_symbol(char *buf, size_t size, u64 addr);

/* sprint_symbol() without "+off/size": "name" or "name [module]". */
int sprint_symbol_no_offset(char *buf, size_t size, u64 addr);

/*
 * Like sprint_symbol() for a return address from a stack walk: looks up
 * @addr - 1 (a call at a function's very end returns past it) but prints
 * @addr's own offset, as Linux's sprint_backtrace() does.
 */
int sprint_backtrace(char *buf, size_t size, u64 addr);

/*
 * Call @fn for every symbol in address order until it returns non-zero;
 * returns that value, or 0 when all symbols were visited.
 */
int kallsyms_iterate(int (*fn)(void *data, const char *name, u64 addr,
			       u32 size),
		     void *data);

#endif
