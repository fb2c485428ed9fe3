/*
 * The architecture's part of module loading: applying a .ko's relocations
 * once its sections have their final addresses (arch/x86_64/module.c; the loader includes it as asm/module.h).
 */
#ifndef ASM_X86_64_MODULE_H
#define ASM_X86_64_MODULE_H

#include "lib/elf.h"

/*
 * Apply the RELA section @relsec to its target section. Every section's
 * sh_addr is where its bytes are (and run: the loader writes them in
 * place), the RELA section's own sh_addr where its entries are; @syms'
 * st_value are final addresses. 0, or -ENOEXEC with @err[errlen] saying
 * why (an unknown type, an offset outside the section, an overflow).
 */
int apply_relocate_add(Elf64_Shdr *sechdrs, const Elf64_Sym *syms,
		       unsigned int relsec, char *err, size_t errlen);

#endif
