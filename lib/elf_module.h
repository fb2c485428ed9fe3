/*
 * ELF64 relocatable objects (.ko files) for the module loader: the checks
 * load_module() runs before it trusts any offset, index or size in the
 * file, the layout of the allocated sections into the module's two
 * regions (core: kept while loaded; init: freed after init), and the
 * .modinfo reader modinfo(8) and the loader share. Pure logic, host-tested
 * (tests/host/test_elf_module.c); the relocations themselves are the
 * architecture's (arch/x86_64/module.c).
 */
#ifndef LIB_ELF_MODULE_H
#define LIB_ELF_MODULE_H

#include "lib/elf.h"

#define MODULE_MAX_SECTION 0x4000000ull	/* 64 MiB: larger is absurd */

/*
 * Offsets a section gets in its region are kept in its sh_entsize, as
 * Linux keeps them; this bit says the region is the init one.
 */
#define INIT_OFFSET_MASK (1ull << 63)

/* What elf_module_check() found; indexes are valid section numbers. */
struct elf_module_info {
	Elf64_Ehdr *hdr;
	Elf64_Shdr *sechdrs;		/* inside the image, 8-byte aligned */
	const char *secstrings;		/* section names */
	unsigned int shnum;
	unsigned int symindex, strindex;	/* .symtab, its string table */
	unsigned int modindex;		/* .gnu.linkonce.this_module */
	unsigned int infoindex;		/* .modinfo, 0 if none */
	Elf64_Sym *syms;
	unsigned int nsyms;
	const char *strtab;
	/* filled by elf_module_layout(): page-rounded region sizes, and the
	 * ends of the text and read-only parts inside each */
	u64 core_size, core_text_size, core_ro_size;
	u64 init_size, init_text_size, init_ro_size;
	char err[96];			/* why the file was refused */
};

/*
 * Check the @size-byte relocatable at @file (8-byte aligned, writable:
 * the loader later rewrites section addresses and symbol values in it)
 * and fill @info. @modsize is sizeof(struct module), the size the
 * .gnu.linkonce.this_module section must have. Returns 0 or -ENOEXEC with
 * info->err saying why (Linux's wording where Linux has one).
 */
int elf_module_check(struct elf_module_info *info, void *file, size_t size,
		     u64 modsize);

/*
 * Give each allocated section (but .modinfo) its offset in the core or
 * the init region, by kind: text, then read-only data, then writable
 * data, each part starting on a page so it can get its own rights.
 * Sections named .init* go to the init region. Offsets go to sh_entsize
 * (INIT_OFFSET_MASK marks init), sizes to @info; sections not placed get
 * sh_entsize ~0.
 */
void elf_module_layout(struct elf_module_info *info);

/* The section named @name, or 0. */
unsigned int elf_find_section(const struct elf_module_info *info,
			      const char *name);

/*
 * The value of the next "@tag=value" string in the @size bytes of
 * .modinfo at @modinfo after @prev (NULL: from the start), or NULL.
 * Strings are NUL-separated; an unterminated last one is ignored.
 */
const char *modinfo_next(const char *modinfo, size_t size, const char *tag,
			 const char *prev);

#endif
