/*
 * elf_module_check() and friends (see elf_module.h). A .ko comes from any
 * file a user names, so nothing in it is believed until checked: the
 * section header table and every section's bytes must lie inside the
 * file, every index (section name, link, info, symbol's section, symbol
 * name) must be in range, every string table must end in a NUL, and the
 * sizes must be sane. After that the loader can index without checking.
 */
#include "lib/elf_module.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

#define LAYOUT_PAGE 4096ull

static __printf(2, 3) int refuse(struct elf_module_info *info,
				 const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(info->err, sizeof(info->err), fmt, ap);
	va_end(ap);
	return -ENOEXEC;
}

static bool fits(u64 off, u64 len, u64 size)
{
	return off <= size && len <= size - off;
}

static int check_header(struct elf_module_info *info, size_t size)
{
	const Elf64_Ehdr *h = info->hdr;

	if (size < sizeof(*h))
		return refuse(info, "Invalid ELF header len %zu", size);
	if (memcmp(h->e_ident, ELFMAG, SELFMAG))
		return refuse(info, "Invalid ELF header magic: != \\177ELF");
	if (h->e_ident[EI_CLASS] != ELFCLASS64 || h->e_ident[EI_DATA] != ELFDATA2LSB)
		return refuse(info, "Invalid ELF header: not ELF64 little-endian");
	if (h->e_type != ET_REL)
		return refuse(info, "Invalid ELF header type: %u != %u",
			      h->e_type, ET_REL);
	if (h->e_machine != EM_X86_64)
		return refuse(info, "Invalid ELF header architecture: %u != %u",
			      h->e_machine, EM_X86_64);
	if (h->e_shentsize != sizeof(Elf64_Shdr) || h->e_shnum == 0 ||
	    h->e_shnum >= SHN_LORESERVE)
		return refuse(info, "Invalid ELF section header size");
	if (!fits(h->e_shoff, (u64)h->e_shnum * sizeof(Elf64_Shdr), size) ||
	    h->e_shoff % 8)
		return refuse(info, "Invalid ELF section header overflow");
	if (h->e_shstrndx == SHN_UNDEF || h->e_shstrndx >= h->e_shnum)
		return refuse(info, "Invalid ELF section name index: %u >= e_shnum (%u)",
			      h->e_shstrndx, h->e_shnum);
	return 0;
}

/* Section @i's bytes lie in the file, its size and alignment are sane. */
static int check_section(struct elf_module_info *info, unsigned int i,
			 size_t size)
{
	const Elf64_Shdr *s = &info->sechdrs[i];

	if (s->sh_type == SHT_NULL)
		return 0;
	if (s->sh_size > MODULE_MAX_SECTION)
		return refuse(info, "Invalid ELF section %u: size %llu is absurd",
			      i, (unsigned long long)s->sh_size);
	if (s->sh_type != SHT_NOBITS && !fits(s->sh_offset, s->sh_size, size))
		return refuse(info, "Invalid ELF section %u: offset/size beyond the file", i);
	if (s->sh_addralign & (s->sh_addralign - 1) || s->sh_addralign > LAYOUT_PAGE)
		return refuse(info, "Invalid ELF section %u alignment %llu", i,
			      (unsigned long long)s->sh_addralign);
	if (s->sh_link >= info->shnum)
		return refuse(info, "Invalid ELF section %u link %u", i, s->sh_link);
	return 0;
}

static bool strtab_ok(const struct elf_module_info *info, unsigned int i)
{
	const Elf64_Shdr *s = &info->sechdrs[i];
	const char *p = (const char *)info->hdr + s->sh_offset;

	return s->sh_type == SHT_STRTAB && s->sh_size > 0 && p[s->sh_size - 1] == '\0';
}

static int check_names(struct elf_module_info *info)
{
	unsigned int shstr = info->hdr->e_shstrndx;

	if (!strtab_ok(info, shstr))
		return refuse(info, "ELF Spec violation: section name table isn't null terminated");
	info->secstrings = (const char *)info->hdr + info->sechdrs[shstr].sh_offset;
	for (unsigned int i = 0; i < info->shnum; i++)
		if (info->sechdrs[i].sh_name >= info->sechdrs[shstr].sh_size)
			return refuse(info, "Invalid ELF section name in module (section %u)", i);
	return 0;
}

static int check_symtab(struct elf_module_info *info)
{
	const Elf64_Shdr *s;

	for (unsigned int i = 1; i < info->shnum; i++) {
		if (info->sechdrs[i].sh_type != SHT_SYMTAB)
			continue;
		if (info->symindex)
			return refuse(info, "Module has more than one symbol table");
		info->symindex = i;
	}
	if (!info->symindex)
		return refuse(info, "Module has no symbols (stripped?)");
	s = &info->sechdrs[info->symindex];
	if (s->sh_entsize != sizeof(Elf64_Sym) || s->sh_size % sizeof(Elf64_Sym) ||
	    s->sh_offset % 8)
		return refuse(info, "Invalid ELF symbol table entry size");
	info->strindex = s->sh_link;
	if (!strtab_ok(info, info->strindex))
		return refuse(info, "Invalid ELF symbol string table (section %u)",
			      info->strindex);
	info->syms = (Elf64_Sym *)((char *)info->hdr + s->sh_offset);
	info->nsyms = (unsigned int)(s->sh_size / sizeof(Elf64_Sym));
	info->strtab = (const char *)info->hdr + info->sechdrs[info->strindex].sh_offset;
	return 0;
}

static int check_symbols(struct elf_module_info *info)
{
	u64 strsize = info->sechdrs[info->strindex].sh_size;

	for (unsigned int i = 1; i < info->nsyms; i++) {
		const Elf64_Sym *sym = &info->syms[i];
		u16 shndx = sym->st_shndx;

		if (sym->st_name >= strsize)
			return refuse(info, "Invalid ELF symbol %u name", i);
		if (shndx >= info->shnum && shndx != SHN_ABS && shndx != SHN_COMMON)
			return refuse(info, "Invalid ELF symbol %u: section index %u out of range",
				      i, shndx);
	}
	return 0;
}

static int check_relocations(struct elf_module_info *info)
{
	for (unsigned int i = 1; i < info->shnum; i++) {
		const Elf64_Shdr *s = &info->sechdrs[i];
		const Elf64_Rela *r = (const Elf64_Rela *)((char *)info->hdr + s->sh_offset);

		if (s->sh_type == SHT_REL)
			return refuse(info, "REL relocation unsupported (section %u)", i);
		if (s->sh_type != SHT_RELA)
			continue;
		if (s->sh_entsize != sizeof(*r) || s->sh_size % sizeof(*r) ||
		    s->sh_offset % 8 || s->sh_link != info->symindex ||
		    s->sh_info == 0 || s->sh_info >= info->shnum)
			return refuse(info, "Invalid ELF relocation section %u", i);
		for (u64 k = 0; k < s->sh_size / sizeof(*r); k++)
			if (ELF64_R_SYM(r[k].r_info) >= info->nsyms)
				return refuse(info, "Invalid ELF relocation %llu in section %u: symbol out of range",
					      (unsigned long long)k, i);
	}
	return 0;
}

static int check_sections(struct elf_module_info *info, size_t size, u64 modsize)
{
	int err;

	for (unsigned int i = 0; i < info->shnum; i++) {
		err = check_section(info, i, size);
		if (err)
			return err;
	}
	err = check_names(info);
	if (err)
		return err;
	info->modindex = elf_find_section(info, ".gnu.linkonce.this_module");
	if (!info->modindex || !(info->sechdrs[info->modindex].sh_flags & SHF_ALLOC))
		return refuse(info, "No module found in object");
	if (info->sechdrs[info->modindex].sh_size != modsize ||
	    info->sechdrs[info->modindex].sh_type != SHT_PROGBITS)
		return refuse(info, ".gnu.linkonce.this_module section size must match the kernel's built struct module size at run time");
	/* The loader links the struct into its list: writable, aligned data. */
	if ((info->sechdrs[info->modindex].sh_flags & (SHF_WRITE | SHF_EXECINSTR)) != SHF_WRITE ||
	    info->sechdrs[info->modindex].sh_addralign < 8)
		return refuse(info, ".gnu.linkonce.this_module is not writable, aligned data");
	info->infoindex = elf_find_section(info, ".modinfo");
	if (info->infoindex && info->sechdrs[info->infoindex].sh_type == SHT_NOBITS)
		return refuse(info, "Invalid .modinfo section");
	return 0;
}

int elf_module_check(struct elf_module_info *info, void *file, size_t size,
		     u64 modsize)
{
	int err;

	memset(info, 0, sizeof(*info));
	info->hdr = file;
	err = check_header(info, size);
	if (err)
		return err;
	info->shnum = info->hdr->e_shnum;
	info->sechdrs = (Elf64_Shdr *)((char *)file + info->hdr->e_shoff);
	err = check_sections(info, size, modsize);
	if (!err)
		err = check_symtab(info);
	if (!err)
		err = check_symbols(info);
	if (!err)
		err = check_relocations(info);
	return err;
}

unsigned int elf_find_section(const struct elf_module_info *info,
			      const char *name)
{
	for (unsigned int i = 1; i < info->shnum; i++)
		if (!strcmp(info->secstrings + info->sechdrs[i].sh_name, name))
			return i;
	return 0;
}

/* Which of the three parts a section belongs to: 0 text, 1 ro, 2 rw. */
static int section_kind(const Elf64_Shdr *s)
{
	if (s->sh_flags & SHF_EXECINSTR)
		return 0;
	return s->sh_flags & SHF_WRITE ? 2 : 1;
}

static u64 align_up(u64 x, u64 a)
{
	return a > 1 ? (x + a - 1) & ~(a - 1) : x;
}

/* Lay out the sections of region @init (0 core, 1 init); returns its size. */
static u64 layout_region(struct elf_module_info *info, bool init, u64 *text,
			 u64 *ro)
{
	u64 off = 0;

	for (int kind = 0; kind < 3; kind++) {
		for (unsigned int i = 1; i < info->shnum; i++) {
			Elf64_Shdr *s = &info->sechdrs[i];
			const char *name = info->secstrings + s->sh_name;

			if (!(s->sh_flags & SHF_ALLOC) || i == info->infoindex ||
			    !strncmp(name, ".init", 5) != init || section_kind(s) != kind)
				continue;
			off = align_up(off, s->sh_addralign);
			s->sh_entsize = off | (init ? INIT_OFFSET_MASK : 0);
			off += s->sh_size;
		}
		off = align_up(off, LAYOUT_PAGE);
		if (kind == 0)
			*text = off;
		else if (kind == 1)
			*ro = off;
	}
	return off;
}

void elf_module_layout(struct elf_module_info *info)
{
	for (unsigned int i = 0; i < info->shnum; i++)
		info->sechdrs[i].sh_entsize = ~0ull;
	info->core_size = layout_region(info, false, &info->core_text_size,
					&info->core_ro_size);
	info->init_size = layout_region(info, true, &info->init_text_size,
					&info->init_ro_size);
}

const char *modinfo_next(const char *modinfo, size_t size, const char *tag,
			 const char *prev)
{
	const char *p = prev ? prev + strlen(prev) + 1 : modinfo;
	const char *end = modinfo + size;
	size_t taglen = strlen(tag);

	while (p < end) {
		const char *nul = memchr(p, '\0', end - p);

		if (!nul)
			return NULL;
		if ((size_t)(nul - p) > taglen && !strncmp(p, tag, taglen) &&
		    p[taglen] == '=')
			return p + taglen + 1;
		p = nul + 1;
	}
	return NULL;
}
