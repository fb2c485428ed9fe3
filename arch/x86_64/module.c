/*
 * x86_64 module relocations (Linux keeps apply_relocate_add() here too):
 * patch a loaded module's code and data with the final addresses of the
 * symbols they use. The module area lies within 2 GiB of the kernel, so
 * the -mcmodel=kernel forms (sign-extended 32-bit absolute, 32-bit
 * PC-relative) reach every symbol; a value that does not fit its field is
 * refused, never truncated. Pure logic on ELF structures, so the host
 * tests (tests/host/test_elf_module.c) run it too.
 */
#include "asm/module.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

/* How many bytes relocation @type writes; 0 for one not supported. */
static unsigned int reloc_width(u32 type)
{
	switch (type) {
	case R_X86_64_64:
	case R_X86_64_PC64:
		return 8;
	case R_X86_64_32:
	case R_X86_64_32S:
	case R_X86_64_PC32:
	case R_X86_64_PLT32:
		return 4;
	default:
		return 0;
	}
}

/* The value to store for @type at @loc, or false if it does not fit. */
static bool reloc_value(u32 type, u64 val, u64 loc, u64 *out)
{
	switch (type) {
	case R_X86_64_32:
		*out = val;
		return val == (u32)val;
	case R_X86_64_32S:
		*out = val;
		return (s64)val == (s32)val;
	case R_X86_64_PC32:
	case R_X86_64_PLT32:
		*out = val - loc;
		return (s64)*out == (s32)*out;
	case R_X86_64_PC64:
		*out = val - loc;
		return true;
	default:	/* R_X86_64_64 */
		*out = val;
		return true;
	}
}

/* The field at @loc must still be zero: otherwise it was relocated twice
 * or the object is not what the compiler made. */
static bool field_is_zero(const void *loc, unsigned int width)
{
	static const u8 zero[8];

	return !memcmp(loc, zero, width);
}

static int apply_one(const Elf64_Shdr *target, const Elf64_Sym *syms,
		     const Elf64_Rela *r, char *err, size_t errlen)
{
	u32 type = ELF64_R_TYPE(r->r_info);
	unsigned int width = reloc_width(type);
	u64 val = syms[ELF64_R_SYM(r->r_info)].st_value + (u64)r->r_addend;
	u64 loc, out;

	if (type == R_X86_64_NONE)
		return 0;
	if (!width) {
		scnprintf(err, errlen, "Unknown rela relocation: %u", type);
		return -ENOEXEC;
	}
	if (r->r_offset > target->sh_size || width > target->sh_size - r->r_offset) {
		scnprintf(err, errlen, "relocation type %u at offset %llx is outside its section",
			  type, (unsigned long long)r->r_offset);
		return -ENOEXEC;
	}
	loc = target->sh_addr + r->r_offset;
	if (!field_is_zero((void *)loc, width)) {
		scnprintf(err, errlen, "Invalid relocation target, existing value is nonzero for type %u, loc %llx, val %llx",
			  type, (unsigned long long)loc, (unsigned long long)val);
		return -ENOEXEC;
	}
	if (!reloc_value(type, val, loc, &out)) {
		scnprintf(err, errlen, "overflow in relocation type %u val %llx",
			  type, (unsigned long long)val);
		return -ENOEXEC;
	}
	memcpy((void *)loc, &out, width);
	return 0;
}

int apply_relocate_add(Elf64_Shdr *sechdrs, const Elf64_Sym *syms,
		       unsigned int relsec, char *err, size_t errlen)
{
	const Elf64_Shdr *rel = &sechdrs[relsec];
	const Elf64_Shdr *target = &sechdrs[rel->sh_info];
	const Elf64_Rela *r = (const Elf64_Rela *)rel->sh_addr;
	int ret = 0;

	if (target->sh_type == SHT_NOBITS && rel->sh_size) {
		scnprintf(err, errlen, "relocations into a section without bytes (%u)",
			  rel->sh_info);
		return -ENOEXEC;
	}
	for (u64 i = 0; !ret && i < rel->sh_size / sizeof(*r); i++)
		ret = apply_one(target, syms, &r[i], err, errlen);
	return ret;
}
