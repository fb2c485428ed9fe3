/*
 * kallsyms: look symbols up in the table scripts/kallsyms.py generated
 * (see kernel/kallsyms.h). Addresses are sorted, so a lookup by address is
 * a binary search; a lookup by name is a plain scan, which is fine for the
 * few callers (tests, gdb-style commands) that need it. Addresses in a
 * loadable module are handed to the module loader's own tables
 * (kernel/module/kallsyms.c) and printed with the module's name.
 *
 * Several symbols may start at one address (an alias, a label on a
 * function); the generator puts the largest first, and that is the one an
 * address lookup reports.
 */
#include "kernel/kallsyms.h"
#include "kernel/module/loader.h"
#include "kernel/module/module.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

static const char *sym_name(u64 i)
{
	return kallsyms_names + kallsyms_offsets[i];
}

/* Index of the last symbol starting at or below @addr, or -1 if none. */
static s64 last_at_or_below(u64 addr)
{
	u64 lo = 0, hi = kallsyms_num;

	while (lo < hi) {
		u64 mid = lo + (hi - lo) / 2;

		if (kallsyms_addresses[mid] <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (s64)lo - 1;
}

/* Index of the symbol covering @addr, or -1 if none does. */
static s64 kallsyms_find(u64 addr)
{
	s64 i = last_at_or_below(addr);

	if (i < 0)
		return -1;
	/* Step back to the first (largest) symbol starting at that address. */
	while (i > 0 && kallsyms_addresses[i - 1] == kallsyms_addresses[i])
		i--;
	if (addr - kallsyms_addresses[i] >= kallsyms_sizes[i])
		return -1;
	return i;
}

const char *kallsyms_lookup(u64 addr, u64 *symsize, u64 *offset)
{
	s64 i = kallsyms_find(addr);

	if (i < 0)
		return NULL;
	if (symsize)
		*symsize = kallsyms_sizes[i];
	if (offset)
		*offset = addr - kallsyms_addresses[i];
	return sym_name(i);
}

u64 kallsyms_lookup_name(const char *name)
{
	for (u64 i = 0; i < kallsyms_num; i++)
		if (strcmp(sym_name(i), name) == 0)
			return kallsyms_addresses[i];
	return 0;
}

/* A loaded module's symbol as "name+off/size [module]" ("name [module]"
 * without @offset), or 0 if none. */
static int format_module_symbol(char *buf, size_t size, u64 addr, u64 bias,
				bool with_offset)
{
	char name[KSYM_NAME_LEN], modname[MODULE_NAME_LEN];
	u64 symsize, offset;

	if (!module_address_lookup(addr - bias, &symsize, &offset, name,
				   sizeof(name), modname))
		return 0;
	if (!with_offset)
		return scnprintf(buf, size, "%s [%s]", name, modname);
	return scnprintf(buf, size, "%s+0x%llx/0x%llx [%s]", name,
			 (unsigned long long)(offset + bias),
			 (unsigned long long)symsize, modname);
}

/* Format @addr, looked up as @addr - @bias, as "name+off/size" (or "name"
 * without @with_offset), with " [module]" after a module's symbol. */
static int format_symbol(char *buf, size_t size, u64 addr, u64 bias,
			 bool with_offset)
{
	u64 symsize, offset;
	const char *name = kallsyms_lookup(addr - bias, &symsize, &offset);
	int len;

	if (!name) {
		len = format_module_symbol(buf, size, addr, bias, with_offset);
		return len ? len : scnprintf(buf, size, "0x%llx", (unsigned long long)addr);
	}
	if (!with_offset)
		return scnprintf(buf, size, "%s", name);
	return scnprintf(buf, size, "%s+0x%llx/0x%llx", name,
			 (unsigned long long)(offset + bias),
			 (unsigned long long)symsize);
}

int sprint_symbol(char *buf, size_t size, u64 addr)
{
	return format_symbol(buf, size, addr, 0, true);
}

int sprint_symbol_no_offset(char *buf, size_t size, u64 addr)
{
	return format_symbol(buf, size, addr, 0, false);
}

int sprint_backtrace(char *buf, size_t size, u64 addr)
{
	return format_symbol(buf, size, addr, 1, true);
}

int kallsyms_iterate(int (*fn)(void *data, const char *name, u64 addr,
			       u32 size),
		     void *data)
{
	for (u64 i = 0; i < kallsyms_num; i++) {
		int ret = fn(data, sym_name(i), kallsyms_addresses[i],
			     kallsyms_sizes[i]);

		if (ret)
			return ret;
	}
	return 0;
}
