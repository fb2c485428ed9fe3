/*
 * Host tests for lib/elf_module.c (the module loader's ELF checks, the
 * section layout, the .modinfo reader) and arch/x86_64/module.c (the
 * relocations). A small relocatable object is built in memory with the
 * sections a .ko has (.text, .init.text, .rodata, .data, .bss, .modinfo,
 * .gnu.linkonce.this_module, a symbol table and RELA sections); each test
 * corrupts one thing and expects -ENOEXEC and the reason. A fuzz loop
 * then mutates bytes and relocates every object the checks accept: the
 * checks must make that safe. Images are exact-size heap copies so that
 * valgrind or ASan see any read past the end.
 */
#include "tests/host/htest.h"
#include "asm/module.h"
#include "lib/elf_module.h"
#include "lib/errno.h"
#include <string.h>

#define MODSIZE 0x68
#define MAX_OBJ 0x2000

enum { S_NULL, S_TEXT, S_INIT, S_RODATA, S_DATA, S_BSS, S_MODINFO, S_MOD,
       S_SYMTAB, S_STRTAB, S_SHSTRTAB, S_RELA_TEXT, S_RELA_DATA, NSEC };

static const char modinfo[] = "license=GPL\0vermagic=6.1.0-taskbase\0"
	"parm=a:first\0parm=b:second\0lic=no";

struct obj {
	union {
		unsigned char buf[MAX_OBJ];
		Elf64_Ehdr eh;
	};
	size_t len;
	Elf64_Shdr *sh;
};

static size_t put(struct obj *o, const void *data, size_t n)
{
	size_t off = (o->len + 7) & ~7ul;

	memcpy(o->buf + off, data, n);
	o->len = off + n;
	return off;
}

static void section(struct obj *o, int i, u32 name, u32 type, u64 flags,
		    u64 off, u64 size, u32 link, u32 info, u64 align, u64 entsize)
{
	o->sh[i] = (Elf64_Shdr){ name, type, flags, 0, off, size, link, info,
				 align, entsize };
}

/* The valid object every test starts from. */
static void build(struct obj *o)
{
	static const char shstr[] = "\0.text\0.init.text\0.rodata\0.data\0.bss\0"
		".modinfo\0.gnu.linkonce.this_module\0.symtab\0.strtab\0"
		".shstrtab\0.rela.text\0.rela.data";
	static const char str[] = "\0local_fn\0global_data\0printk\0init_fn";
	unsigned char text[32] = { 0 }, data[16] = { 0 }, mod[MODSIZE] = { 0 };
	const Elf64_Sym syms[] = {
		{ 0 },
		{ 1, (STB_LOCAL << 4) | STT_FUNC, 0, S_TEXT, 0, 16 },
		{ 10, (STB_GLOBAL << 4) | STT_OBJECT, 0, S_DATA, 0, 8 },
		{ 22, (STB_GLOBAL << 4) | STT_NOTYPE, 0, SHN_UNDEF, 0, 0 },
		{ 29, (STB_GLOBAL << 4) | STT_FUNC, 0, S_INIT, 0, 8 },
	};
	const Elf64_Rela rtext[] = {
		{ 4, ((u64)3 << 32) | R_X86_64_PC32, -4 },
		{ 12, ((u64)2 << 32) | R_X86_64_32S, 0 },
		{ 20, ((u64)1 << 32) | R_X86_64_PLT32, -4 },
	};
	const Elf64_Rela rdata[] = { { 0, ((u64)1 << 32) | R_X86_64_64, 0 } };
	u64 o_text, o_init, o_ro, o_data, o_mi, o_mod, o_sym, o_str, o_shstr,
	    o_rt, o_rd;

	memset(o, 0, sizeof(*o));
	o->len = sizeof(Elf64_Ehdr);
	o_text = put(o, text, sizeof(text));
	o_init = put(o, text, 8);
	o_ro = put(o, "ro", 3);
	o_data = put(o, data, sizeof(data));
	o_mi = put(o, modinfo, sizeof(modinfo) - 1);	/* last one unterminated */
	o_mod = put(o, mod, sizeof(mod));
	o_sym = put(o, syms, sizeof(syms));
	o_str = put(o, str, sizeof(str));
	o_shstr = put(o, shstr, sizeof(shstr));
	o_rt = put(o, rtext, sizeof(rtext));
	o_rd = put(o, rdata, sizeof(rdata));
	o->len = (o->len + 7) & ~7ul;
	memcpy(o->eh.e_ident, ELFMAG, SELFMAG);
	o->eh.e_ident[EI_CLASS] = ELFCLASS64;
	o->eh.e_ident[EI_DATA] = ELFDATA2LSB;
	o->eh.e_ident[EI_VERSION] = EV_CURRENT;
	o->eh.e_type = ET_REL;
	o->eh.e_machine = EM_X86_64;
	o->eh.e_version = EV_CURRENT;
	o->eh.e_ehsize = sizeof(Elf64_Ehdr);
	o->eh.e_shentsize = sizeof(Elf64_Shdr);
	o->eh.e_shnum = NSEC;
	o->eh.e_shstrndx = S_SHSTRTAB;
	o->eh.e_shoff = o->len;
	o->sh = (Elf64_Shdr *)(o->buf + o->len);
	o->len += NSEC * sizeof(Elf64_Shdr);
	section(o, S_TEXT, 1, SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, o_text, 32, 0, 0, 16, 0);
	section(o, S_INIT, 7, SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, o_init, 8, 0, 0, 16, 0);
	section(o, S_RODATA, 18, SHT_PROGBITS, SHF_ALLOC, o_ro, 3, 0, 0, 1, 0);
	section(o, S_DATA, 26, SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, o_data, 16, 0, 0, 8, 0);
	section(o, S_BSS, 32, SHT_NOBITS, SHF_ALLOC | SHF_WRITE, o_data, 100, 0, 0, 32, 0);
	section(o, S_MODINFO, 37, SHT_PROGBITS, SHF_ALLOC, o_mi, sizeof(modinfo) - 1, 0, 0, 1, 0);
	section(o, S_MOD, 46, SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, o_mod, MODSIZE, 0, 0, 32, 0);
	section(o, S_SYMTAB, 72, SHT_SYMTAB, 0, o_sym, sizeof(syms), S_STRTAB, 3, 8,
		sizeof(Elf64_Sym));
	section(o, S_STRTAB, 80, SHT_STRTAB, 0, o_str, sizeof(str), 0, 0, 1, 0);
	section(o, S_SHSTRTAB, 88, SHT_STRTAB, 0, o_shstr, sizeof(shstr), 0, 0, 1, 0);
	section(o, S_RELA_TEXT, 98, SHT_RELA, 0, o_rt, sizeof(rtext), S_SYMTAB, S_TEXT, 8,
		sizeof(Elf64_Rela));
	section(o, S_RELA_DATA, 109, SHT_RELA, 0, o_rd, sizeof(rdata), S_SYMTAB, S_DATA, 8,
		sizeof(Elf64_Rela));
}

/* Check an exact-size copy of @o (its first @len bytes). */
static int check(const struct obj *o, size_t len, struct elf_module_info *info)
{
	void *copy = malloc(len ? len : 1);
	int err;

	memcpy(copy, o->buf, len);
	err = elf_module_check(info, copy, len, MODSIZE);
	free(copy);
	return err;
}

static void expect_refused(struct obj *o, const char *why, const char *what)
{
	struct elf_module_info info;
	int err = check(o, o->len, &info);

	CHECK(err == -ENOEXEC && strstr(info.err, why), "%s: refused (%s)", what,
	      err ? info.err : "accepted");
}

static void test_valid(void)
{
	struct obj o;
	struct elf_module_info info;
	void *copy;

	build(&o);
	copy = malloc(o.len);
	memcpy(copy, o.buf, o.len);
	CHECK(elf_module_check(&info, copy, o.len, MODSIZE) == 0,
	      "the crafted object is accepted (%s)", info.err);
	CHECK(info.shnum == NSEC && info.symindex == S_SYMTAB &&
	      info.strindex == S_STRTAB && info.modindex == S_MOD &&
	      info.infoindex == S_MODINFO && info.nsyms == 5,
	      "indexes of symtab, strtab, this_module, modinfo; 5 symbols");
	CHECK(!strcmp(info.strtab + info.syms[3].st_name, "printk"), "symbol names");
	CHECK(elf_find_section(&info, ".data") == S_DATA &&
	      elf_find_section(&info, ".nope") == 0, "elf_find_section");

	elf_module_layout(&info);
	CHECK(info.core_text_size == 4096 && info.core_ro_size == 8192 &&
	      info.core_size == 12288, "core: text, rodata, data each on pages (%llu %llu %llu)",
	      (unsigned long long)info.core_text_size,
	      (unsigned long long)info.core_ro_size, (unsigned long long)info.core_size);
	CHECK(info.init_text_size == 4096 && info.init_size == 4096,
	      "init: its text only");
	CHECK(info.sechdrs[S_TEXT].sh_entsize == 0, ".text at core offset 0");
	CHECK(info.sechdrs[S_INIT].sh_entsize == INIT_OFFSET_MASK, ".init.text in init");
	CHECK(info.sechdrs[S_RODATA].sh_entsize == 4096, ".rodata starts the ro part");
	CHECK(info.sechdrs[S_DATA].sh_entsize == 8192 &&
	      info.sechdrs[S_BSS].sh_entsize == 8192 + 32 &&
	      info.sechdrs[S_MOD].sh_entsize == 8192 + 32 + 100 + 28,
	      "data, bss and this_module in the rw part, aligned");
	CHECK(info.sechdrs[S_MODINFO].sh_entsize == ~0ull &&
	      info.sechdrs[S_SYMTAB].sh_entsize == ~0ull,
	      ".modinfo and unallocated sections are not placed");
	free(copy);
}

static void test_modinfo(void)
{
	size_t n = sizeof(modinfo) - 1;
	const char *p;

	CHECK(!strcmp(modinfo_next(modinfo, n, "license", NULL), "GPL"), "license");
	CHECK(!strcmp(modinfo_next(modinfo, n, "vermagic", NULL), "6.1.0-taskbase"),
	      "vermagic");
	p = modinfo_next(modinfo, n, "parm", NULL);
	CHECK(p && !strcmp(p, "a:first"), "first parm");
	p = modinfo_next(modinfo, n, "parm", p);
	CHECK(p && !strcmp(p, "b:second"), "next parm");
	CHECK(!modinfo_next(modinfo, n, "parm", p), "no third parm");
	CHECK(!modinfo_next(modinfo, n, "lic", NULL), "an unterminated last string is ignored");
	CHECK(!modinfo_next(modinfo, n, "licens", NULL), "a prefix of a tag is not the tag");
	CHECK(!modinfo_next(modinfo, n, "author", NULL), "a missing tag");
	CHECK(!modinfo_next(modinfo, 0, "license", NULL), "an empty section");
}

typedef void (*corrupt_fn)(struct obj *o);

#define CORRUPTION(name, body) static void name(struct obj *o) { body; }
CORRUPTION(c_magic, o->eh.e_ident[1] = 'X')
CORRUPTION(c_class, o->eh.e_ident[EI_CLASS] = ELFCLASS32)
CORRUPTION(c_exec, o->eh.e_type = ET_EXEC)
CORRUPTION(c_machine, o->eh.e_machine = EM_386)
CORRUPTION(c_shentsize, o->eh.e_shentsize = 40)
CORRUPTION(c_shnum, o->eh.e_shnum = 200)
CORRUPTION(c_shoff, o->eh.e_shoff = ~0ull - 8)
CORRUPTION(c_shoff_align, o->eh.e_shoff += 4)
CORRUPTION(c_shstrndx, o->eh.e_shstrndx = NSEC)
CORRUPTION(c_sec_off, o->sh[S_TEXT].sh_offset = o->len - 8)
CORRUPTION(c_sec_wrap, o->sh[S_DATA].sh_offset = ~0ull - 4)
CORRUPTION(c_absurd, o->sh[S_BSS].sh_size = 1ull << 40)
CORRUPTION(c_align, o->sh[S_DATA].sh_addralign = 3)
CORRUPTION(c_link, o->sh[S_TEXT].sh_link = NSEC + 3)
CORRUPTION(c_shstr_nul, o->buf[o->sh[S_SHSTRTAB].sh_offset + o->sh[S_SHSTRTAB].sh_size - 1] = 'x')
CORRUPTION(c_name, o->sh[S_DATA].sh_name = 5000)
CORRUPTION(c_nosym, o->sh[S_SYMTAB].sh_type = SHT_PROGBITS)
CORRUPTION(c_twosym, o->sh[S_RODATA].sh_type = SHT_SYMTAB)
CORRUPTION(c_symentsize, o->sh[S_SYMTAB].sh_entsize = 16)
CORRUPTION(c_strtab, o->sh[S_SYMTAB].sh_link = S_DATA)
CORRUPTION(c_sym_shndx, ((Elf64_Sym *)(o->buf + o->sh[S_SYMTAB].sh_offset))[2].st_shndx = 0xfff0)
CORRUPTION(c_sym_shndx2, ((Elf64_Sym *)(o->buf + o->sh[S_SYMTAB].sh_offset))[2].st_shndx = NSEC)
CORRUPTION(c_sym_name, ((Elf64_Sym *)(o->buf + o->sh[S_SYMTAB].sh_offset))[1].st_name = 999)
CORRUPTION(c_rela_info, o->sh[S_RELA_TEXT].sh_info = NSEC + 1)
CORRUPTION(c_rela_link, o->sh[S_RELA_TEXT].sh_link = S_STRTAB)
CORRUPTION(c_rela_entsize, o->sh[S_RELA_TEXT].sh_entsize = 16)
CORRUPTION(c_rela_sym, ((Elf64_Rela *)(o->buf + o->sh[S_RELA_TEXT].sh_offset))[1].r_info = ((u64)77 << 32) | 2)
CORRUPTION(c_rel, o->sh[S_RELA_DATA].sh_type = SHT_REL)
CORRUPTION(c_nomod, o->sh[S_MOD].sh_name = 26)
CORRUPTION(c_modsize, o->sh[S_MOD].sh_size = MODSIZE - 8)
CORRUPTION(c_mod_ro, o->sh[S_MOD].sh_flags = SHF_ALLOC)
CORRUPTION(c_mod_align, o->sh[S_MOD].sh_addralign = 4)
CORRUPTION(c_modinfo_nobits, o->sh[S_MODINFO].sh_type = SHT_NOBITS)

static const struct {
	corrupt_fn fn;
	const char *why, *what;
} corruptions[] = {
	{ c_magic, "Invalid ELF header magic", "not ELF" },
	{ c_class, "not ELF64", "ELFCLASS32" },
	{ c_exec, "Invalid ELF header type: 2 != 1", "an executable" },
	{ c_machine, "architecture: 3 != 62", "i386" },
	{ c_shentsize, "section header size", "e_shentsize 40" },
	{ c_shnum, "section header overflow", "too many sections for the file" },
	{ c_shoff, "section header overflow", "e_shoff wraps" },
	{ c_shoff_align, "section header overflow", "misaligned section headers" },
	{ c_shstrndx, "section name index", "e_shstrndx out of range" },
	{ c_sec_off, "beyond the file", "a section past the end" },
	{ c_sec_wrap, "beyond the file", "a section offset that wraps" },
	{ c_absurd, "is absurd", "a 1 TiB .bss" },
	{ c_align, "alignment 3", "alignment not a power of two" },
	{ c_link, "link", "sh_link out of range" },
	{ c_shstr_nul, "isn't null terminated", "unterminated section names" },
	{ c_name, "section name", "sh_name out of range" },
	{ c_nosym, "no symbols", "no symbol table" },
	{ c_twosym, "more than one symbol table", "two symbol tables" },
	{ c_symentsize, "symbol table entry size", "symbol entry size 16" },
	{ c_strtab, "symbol string table", "symbols' strings not a string table" },
	{ c_sym_shndx, "section index 65520 out of range", "symbol in section 0xfff0" },
	{ c_sym_shndx2, "out of range", "symbol in section shnum" },
	{ c_sym_name, "symbol 1 name", "symbol name out of range" },
	{ c_rela_info, "relocation section", "relocations for a missing section" },
	{ c_rela_link, "relocation section", "relocations with another symbol table" },
	{ c_rela_entsize, "relocation section", "RELA entry size 16" },
	{ c_rela_sym, "symbol out of range", "relocation naming symbol 77" },
	{ c_rel, "REL relocation unsupported", "SHT_REL" },
	{ c_nomod, "No module found in object", "no .gnu.linkonce.this_module" },
	{ c_modsize, "struct module size", "a struct module of another size" },
	{ c_mod_ro, "not writable", "a read-only struct module" },
	{ c_mod_align, "aligned", "a struct module aligned to 4" },
	{ c_modinfo_nobits, "Invalid .modinfo", ".modinfo without bytes" },
};

static void test_refusals(void)
{
	struct obj o;
	struct elf_module_info info;

	for (size_t i = 0; i < sizeof(corruptions) / sizeof(corruptions[0]); i++) {
		build(&o);
		corruptions[i].fn(&o);
		expect_refused(&o, corruptions[i].why, corruptions[i].what);
	}
	build(&o);
	CHECK(check(&o, 63, &info) == -ENOEXEC && strstr(info.err, "header len 63"),
	      "63 bytes: %s", info.err);
	CHECK(check(&o, 0, &info) == -ENOEXEC, "an empty file");
	for (size_t len = 64; len < o.len; len += 7)
		if (check(&o, len, &info) != -ENOEXEC)
			CHECK(0, "truncated to %zu bytes: accepted", len);
	CHECK(1, "every truncation refused");
}

/* ---- relocations ---- */

struct reloc_case {
	u32 type;
	u64 value;		/* symbol value; with pc, relative to loc */
	bool pc;
	s64 addend;
	int result;
	const char *why;
	u64 expect;		/* what the field holds after, for successes */
};

static int relocate_one(struct reloc_case c, char *err, u64 *field)
{
	static unsigned char target[32];
	Elf64_Shdr sh[3] = { { 0 } };
	Elf64_Sym syms[2] = { { 0 } };
	Elf64_Rela r = { 8, ((u64)1 << 32) | c.type, c.addend };
	u64 loc = (u64)(target + 8);
	int ret;

	memset(target, 0, sizeof(target));
	sh[1] = (Elf64_Shdr){ .sh_type = SHT_PROGBITS, .sh_addr = (u64)target,
			      .sh_size = sizeof(target) };
	sh[2] = (Elf64_Shdr){ .sh_type = SHT_RELA, .sh_addr = (u64)&r,
			      .sh_size = sizeof(r), .sh_info = 1 };
	syms[1].st_value = c.pc ? loc + c.value : c.value;
	ret = apply_relocate_add(sh, syms, 2, err, 96);
	memcpy(field, target + 8, 8);
	return ret;
}

static void test_relocations(void)
{
	const struct reloc_case cases[] = {
		{ R_X86_64_64, 0xffffffffc0001234ull, false, 8, 0, NULL, 0xffffffffc000123cull },
		{ R_X86_64_32S, 0xffffffff80001000ull, false, 0, 0, NULL, 0x80001000ull },
		{ R_X86_64_32S, 0x80000000ull, false, 0, -ENOEXEC, "overflow in relocation type 11", 0 },
		{ R_X86_64_32, 0x7fff1000ull, false, 0, 0, NULL, 0x7fff1000ull },
		{ R_X86_64_32, 0xffffffff80000000ull, false, 0, -ENOEXEC, "overflow in relocation type 10", 0 },
		{ R_X86_64_PC32, 0x1000, true, -4, 0, NULL, 0xffc },
		{ R_X86_64_PLT32, (u64)-0x7ff00000ll, true, -4, 0, NULL, 0x800ffffc },
		{ R_X86_64_PC32, 0x100000000ull, true, 0, -ENOEXEC, "overflow in relocation type 2 val", 0 },
		{ R_X86_64_PC64, 0x123456789ull, true, 0, 0, NULL, 0x123456789ull },
		{ R_X86_64_NONE, 5, false, 0, 0, NULL, 0 },
		{ R_X86_64_GOTPCREL, 5, false, 0, -ENOEXEC, "Unknown rela relocation: 9", 0 },
		{ 99, 5, false, 0, -ENOEXEC, "Unknown rela relocation: 99", 0 },
	};
	char err[96];
	u64 field, mask;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct reloc_case *c = &cases[i];
		int ret;

		err[0] = '\0';
		ret = relocate_one(*c, err, &field);
		mask = c->type == R_X86_64_64 || c->type == R_X86_64_PC64 ? ~0ull : 0xffffffffull;
		CHECK(ret == c->result && (c->why ? strstr(err, c->why) != NULL :
					   (field & mask) == c->expect),
		      "relocation type %u, value %llx: %s (field %llx)", c->type,
		      (unsigned long long)c->value, ret ? err : "applied",
		      (unsigned long long)field);
	}
}

/* Relocations that point outside their section, or at a used field. */
static void test_relocation_targets(void)
{
	unsigned char target[16] = { 0 };
	Elf64_Shdr sh[3] = { { 0 } };
	Elf64_Sym syms[2] = { { 0 } };
	Elf64_Rela r = { 12, ((u64)1 << 32) | R_X86_64_64, 0 };
	char err[96];

	sh[1] = (Elf64_Shdr){ .sh_type = SHT_PROGBITS, .sh_addr = (u64)target,
			      .sh_size = sizeof(target) };
	sh[2] = (Elf64_Shdr){ .sh_type = SHT_RELA, .sh_addr = (u64)&r,
			      .sh_size = sizeof(r), .sh_info = 1 };
	CHECK(apply_relocate_add(sh, syms, 2, err, sizeof(err)) == -ENOEXEC &&
	      strstr(err, "outside its section"), "8 bytes at offset 12 of 16: %s", err);
	r.r_offset = ~0ull - 2;
	CHECK(apply_relocate_add(sh, syms, 2, err, sizeof(err)) == -ENOEXEC &&
	      strstr(err, "outside its section"), "an offset that wraps: %s", err);
	r.r_offset = 8;
	target[9] = 1;
	CHECK(apply_relocate_add(sh, syms, 2, err, sizeof(err)) == -ENOEXEC &&
	      strstr(err, "existing value is nonzero"), "a field relocated twice: %s", err);
	sh[1].sh_type = SHT_NOBITS;
	CHECK(apply_relocate_add(sh, syms, 2, err, sizeof(err)) == -ENOEXEC &&
	      strstr(err, "without bytes"), "relocations into .bss: %s", err);
}

/*
 * The loader's steps on an accepted image (kernel/module/load.c): lay
 * out, copy the placed sections into a core and an init buffer, resolve
 * symbols, relocate the placed sections. Images whose regions would be
 * large are skipped (the kernel's allocation would fail instead).
 */
static void load_like_the_kernel(struct elf_module_info *info)
{
	unsigned char *core, *init;
	char err[96];

	elf_module_layout(info);
	if (info->core_size + info->init_size > (1u << 20))
		return;
	core = calloc(1, info->core_size + 1);
	init = calloc(1, info->init_size + 1);
	for (unsigned int i = 0; i < info->shnum; i++) {
		Elf64_Shdr *s = &info->sechdrs[i];
		u64 off = s->sh_entsize & ~INIT_OFFSET_MASK;

		s->sh_addr = (u64)info->hdr + s->sh_offset;
		if (i == 0 || s->sh_entsize == ~0ull)
			continue;
		s->sh_addr = (u64)(s->sh_entsize & INIT_OFFSET_MASK ? init : core) + off;
		if (s->sh_type != SHT_NOBITS)
			memcpy((void *)s->sh_addr, (char *)info->hdr + s->sh_offset, s->sh_size);
	}
	for (unsigned int i = 1; i < info->nsyms; i++)
		info->syms[i].st_value = 0xffffffffc0000000ull + (i << 4);
	for (unsigned int i = 1; i < info->shnum; i++)
		if (info->sechdrs[i].sh_type == SHT_RELA &&
		    info->sechdrs[info->sechdrs[i].sh_info].sh_entsize != ~0ull)
			apply_relocate_add(info->sechdrs, info->syms, i, err, sizeof(err));
	free(core);
	free(init);
}

static void test_fuzz(int rounds)
{
	struct obj o;
	struct elf_module_info info;
	unsigned int seed = 1, accepted = 0;

	for (int n = 0; n < rounds; n++) {
		unsigned char *copy;

		build(&o);
		for (int k = 0; k < 1 + (int)(seed % 4); k++) {
			seed = seed * 1103515245 + 12345;
			o.buf[(seed >> 8) % o.len] ^= (unsigned char)(1u << ((seed >> 3) % 8));
		}
		copy = malloc(o.len);
		memcpy(copy, o.buf, o.len);
		if (elf_module_check(&info, copy, o.len, MODSIZE) == 0) {
			accepted++;
			if (info.symindex >= info.shnum || info.modindex >= info.shnum ||
			    info.strindex >= info.shnum || info.infoindex >= info.shnum)
				CHECK(0, "fuzz %d: an index out of range was accepted", n);
			load_like_the_kernel(&info);
		}
		free(copy);
	}
	CHECK(accepted > 0 && accepted < (unsigned int)rounds,
	      "fuzz: %u of %d mutants accepted and relocated in bounds", accepted, rounds);
}

int main(void)
{
	test_valid();
	test_modinfo();
	test_refusals();
	test_relocations();
	test_relocation_targets();
	test_fuzz(20000);
	return htest_done();
}
