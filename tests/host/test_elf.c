/*
 * Host tests for lib/elf.c: ELF images built in memory (header, program
 * headers, a few bytes of "code"), the valid shapes musl's static and
 * static-pie binaries have, one test per reason to refuse a file, and a
 * fuzz loop that checks every accepted mutant against elf_info's promises.
 * Images are handed over as exact-size heap copies so that valgrind (or
 * ASan) sees any read past the end.
 *
 * Optional arguments: real executables to parse as well (never run).
 */
#include "tests/host/htest.h"
#include "lib/elf.h"
#include "lib/errno.h"
#include <string.h>

#define LIMIT 0x00007ffffffff000ull
#define MAX_IMG 0x4000

struct img {
	union {
		unsigned char buf[MAX_IMG];
		Elf64_Ehdr eh;
	};
	size_t len;
};

static Elf64_Phdr *phdr(struct img *m, int i)
{
	return (Elf64_Phdr *)(m->buf + sizeof(Elf64_Ehdr) + i * sizeof(Elf64_Phdr));
}

/* A header for @type with no program headers yet; they go at offset 64. */
static void img_init(struct img *m, u16 type, u64 entry)
{
	memset(m, 0, sizeof(*m));
	memcpy(m->eh.e_ident, ELFMAG, SELFMAG);
	m->eh.e_ident[EI_CLASS] = ELFCLASS64;
	m->eh.e_ident[EI_DATA] = ELFDATA2LSB;
	m->eh.e_ident[EI_VERSION] = EV_CURRENT;
	m->eh.e_type = type;
	m->eh.e_machine = EM_X86_64;
	m->eh.e_version = EV_CURRENT;
	m->eh.e_entry = entry;
	m->eh.e_phoff = sizeof(Elf64_Ehdr);
	m->eh.e_ehsize = sizeof(Elf64_Ehdr);
	m->eh.e_phentsize = sizeof(Elf64_Phdr);
	m->len = 0x400;
}

/* Append a program header; the file grows to cover its bytes. */
static Elf64_Phdr *img_ph(struct img *m, u32 type, u32 flags, u64 off,
			  u64 vaddr, u64 filesz, u64 memsz, u64 align)
{
	Elf64_Phdr *p = phdr(m, m->eh.e_phnum++);

	*p = (Elf64_Phdr){ type, flags, off, vaddr, vaddr, filesz, memsz, align };
	if (off + filesz > m->len && off + filesz <= MAX_IMG)
		m->len = off + filesz;
	return p;
}

/*
 * What musl-gcc -static produces, in small: PT_PHDR, the headers in an R
 * segment, code RX, data+bss RW, TLS in the data, a non-executable stack.
 * @base is 0x400000 for ET_EXEC, 0 for static-pie.
 */
static void img_static(struct img *m, u16 type, u64 base)
{
	img_init(m, type, base + 0x1010);
	img_ph(m, PT_PHDR, PF_R, 64, base + 64, 6 * 56, 6 * 56, 8);
	img_ph(m, PT_LOAD, PF_R, 0, base, 0x200, 0x200, 0x1000);
	img_ph(m, PT_LOAD, PF_R | PF_X, 0x1000, base + 0x1000, 0x100, 0x100, 0x1000);
	img_ph(m, PT_LOAD, PF_R | PF_W, 0x2000, base + 0x2000, 0x80, 0x3000, 0x1000);
	img_ph(m, PT_TLS, PF_R, 0x2000, base + 0x2000, 0x10, 0x40, 8);
	img_ph(m, PT_GNU_STACK, PF_R | PF_W, 0, 0, 0, 0, 16);
	memcpy(m->buf + 0x1010, "\x31\xed\x48\x89\xe7", 5);	/* _start */
}

/* Parse an exact-size heap copy of @m (or of its first @len bytes). */
static int parse_len(struct elf_info *info, const struct img *m, size_t len,
		     u64 limit)
{
	unsigned char *copy = malloc(len ? len : 1);
	int ret;

	memcpy(copy, m->buf, len);
	ret = elf_parse(info, copy, len, limit);
	free(copy);
	return ret;
}

static int parse(struct elf_info *info, const struct img *m)
{
	return parse_len(info, m, m->len, LIMIT);
}

static void test_static_exec(void)
{
	static struct img m;
	static struct elf_info in;
	int ret;

	img_static(&m, ET_EXEC, 0x400000);
	ret = parse(&in, &m);
	CHECK(ret == 0 && in.err[0] == 0, "static ET_EXEC accepted (%d %s)", ret, in.err);
	CHECK(in.type == ET_EXEC && in.load_bias == 0 && in.entry == 0x401010,
	      "static: entry 0x%lx, no bias", in.entry);
	CHECK(in.nr_load == 3 && in.load[0].vaddr == 0x400000 &&
	      in.load[1].flags == (PF_R | PF_X) && in.load[1].offset == 0x1000 &&
	      in.load[2].filesz == 0x80 && in.load[2].memsz == 0x3000 &&
	      in.load[2].flags == (PF_R | PF_W) && in.load[2].align == 0x1000,
	      "static: three PT_LOADs, RW one with bss");
	CHECK(in.phdr_vaddr == 0x400040 && in.phnum == 6 && in.phentsize == 56 &&
	      in.phoff == 64, "static: AT_PHDR 0x%lx, AT_PHNUM, AT_PHENT", in.phdr_vaddr);
	CHECK(in.has_tls && in.tls_vaddr == 0x402000 && in.tls_filesz == 0x10 &&
	      in.tls_memsz == 0x40 && in.tls_align == 8, "static: PT_TLS template");
	CHECK(!in.exec_stack, "static: PT_GNU_STACK RW, stack not executable");
	CHECK(in.lowest == 0x400000 && in.highest == 0x405000 &&
	      in.brk_start == 0x405000, "static: span 0x%lx-0x%lx, brk 0x%lx",
	      in.lowest, in.highest, in.brk_start);
}

static void test_static_pie(void)
{
	static struct img m;
	static struct elf_info in;
	int ret;

	img_static(&m, ET_DYN, 0);
	img_ph(&m, PT_DYNAMIC, PF_R | PF_W, 0x2040, 0x2040, 0x20, 0x20, 8);
	phdr(&m, 0)->p_filesz = phdr(&m, 0)->p_memsz = 7 * 56;
	ret = parse(&in, &m);
	CHECK(ret == 0, "static-pie (ET_DYN, no PT_INTERP) accepted (%s)", in.err);
	CHECK(in.type == ET_DYN && in.load_bias == ELF_ET_DYN_BASE &&
	      in.entry == ELF_ET_DYN_BASE + 0x1010 &&
	      in.load[0].vaddr == ELF_ET_DYN_BASE &&
	      in.phdr_vaddr == ELF_ET_DYN_BASE + 64 &&
	      in.tls_vaddr == ELF_ET_DYN_BASE + 0x2000 &&
	      in.brk_start == ELF_ET_DYN_BASE + 0x5000,
	      "static-pie: every address carries the bias 0x%llx", ELF_ET_DYN_BASE);
	m.eh.e_entry = ~0ull - 0x100;
	CHECK(parse(&in, &m) == -ENOEXEC && strstr(in.err, "entry"),
	      "static-pie: entry + bias overflowing: %s", in.err);
	img_static(&m, ET_DYN, 0);
	phdr(&m, 3)->p_vaddr = ~0ull - 0xfff;
	CHECK(parse(&in, &m) == -ENOEXEC && strstr(in.err, "outside user space"),
	      "static-pie: vaddr + bias overflowing: %s", in.err);
}

static void test_valid_variants(void)
{
	static struct img m;
	static struct elf_info in;
	unsigned char *odd;

	img_static(&m, ET_EXEC, 0x400000);
	phdr(&m, 5)->p_flags = PF_R | PF_W | PF_X;
	CHECK(parse(&in, &m) == 0 && in.exec_stack, "PT_GNU_STACK with PF_X: exec_stack");
	phdr(&m, 5)->p_type = PT_NOTE;
	phdr(&m, 0)->p_type = 0x12345678;
	CHECK(parse(&in, &m) == 0 && !in.exec_stack && in.phdr_vaddr == 0x400040,
	      "no PT_GNU_STACK, no PT_PHDR: stack not executable, AT_PHDR found anyway");
	/* Headers in no segment: AT_PHDR unknown. */
	phdr(&m, 1)->p_memsz = 0;
	phdr(&m, 1)->p_filesz = 0;
	CHECK(parse(&in, &m) == 0 && in.nr_load == 2 && in.phdr_vaddr == 0 &&
	      in.lowest == 0x401000, "empty PT_LOAD skipped; unmapped headers: AT_PHDR 0");
	/* ld's layout: data shares the code's last file page, not its virtual page. */
	img_init(&m, ET_EXEC, 0x401000);
	img_ph(&m, PT_LOAD, PF_R | PF_X, 0, 0x400000, 0x1123, 0x1123, 0x1000);
	img_ph(&m, PT_LOAD, PF_R | PF_W, 0x1123, 0x402123, 0x10, 0x100, 0x1000);
	CHECK(parse(&in, &m) == 0 && in.phdr_vaddr == 0x400040 && in.highest == 0x403000,
	      "segments sharing a file page on different virtual pages (%s)", in.err);
	/* A segment ending exactly at the limit. */
	img_init(&m, ET_EXEC, LIMIT - 0x1000);
	img_ph(&m, PT_LOAD, PF_R | PF_X, 0, LIMIT - 0x1000, 0x200, 0x1000, 0x1000);
	CHECK(parse(&in, &m) == 0 && in.highest == LIMIT, "segment ending at user_limit");
	/* An image at an odd address: headers are copied, never cast in place. */
	img_static(&m, ET_EXEC, 0x400000);
	odd = malloc(m.len + 1);
	memcpy(odd + 1, m.buf, m.len);
	CHECK(elf_parse(&in, odd + 1, m.len, LIMIT) == 0, "unaligned image accepted");
	free(odd);
}

/* Every way to refuse a file, one image each. */
struct refusal {
	const char *what;
	void (*mutate)(struct img *m);
	int err;
	const char *msg;	/* expected in info.err */
};

static void r_magic(struct img *m) { m->eh.e_ident[1] = 'e'; }
static void r_class32(struct img *m) { m->eh.e_ident[EI_CLASS] = ELFCLASS32; }
static void r_bigendian(struct img *m) { m->eh.e_ident[EI_DATA] = ELFDATA2MSB; }
static void r_version(struct img *m) { m->eh.e_version = 0; }
static void r_i386(struct img *m) { m->eh.e_machine = EM_386; }
static void r_rel(struct img *m) { m->eh.e_type = ET_REL; }
static void r_core(struct img *m) { m->eh.e_type = ET_CORE; }
static void r_none(struct img *m) { m->eh.e_type = ET_NONE; }
static void r_ehsize(struct img *m) { m->eh.e_ehsize = 52; }
static void r_phentsize(struct img *m) { m->eh.e_phentsize = 32; }
static void r_phnum0(struct img *m) { m->eh.e_phnum = 0; }
static void r_phnum_huge(struct img *m) { m->eh.e_phnum = 0xffff; }
static void r_phoff_end(struct img *m) { m->eh.e_phoff = m->len - 100; }
static void r_phoff_wrap(struct img *m) { m->eh.e_phoff = ~0ull - 8; }
static void r_overlap(struct img *m) { phdr(m, 2)->p_memsz = 0x1800; }
static void r_unsorted(struct img *m) { phdr(m, 1)->p_vaddr = 0x500000; }
static void r_share_page(struct img *m) { phdr(m, 2)->p_memsz = 0x1001; }
static void r_kernel_vaddr(struct img *m) { phdr(m, 3)->p_vaddr = 0xffffffff80002000ull; }
static void r_noncanon(struct img *m) { phdr(m, 3)->p_vaddr = 0x0000800000002000ull; }
static void r_vaddr_wrap(struct img *m) { phdr(m, 3)->p_memsz = ~0ull - 0x1000; }
static void r_past_limit(struct img *m)
{
	phdr(m, 3)->p_vaddr = LIMIT - 0x1000;
	phdr(m, 3)->p_memsz = 0x1001;
}
static void r_low(struct img *m) { phdr(m, 1)->p_vaddr = 0; }
static void r_entry_kernel(struct img *m) { m->eh.e_entry = 0xffffffff81000000ull; }
static void r_entry_data(struct img *m) { m->eh.e_entry = 0x402010; }
static void r_entry_bss(struct img *m)
{
	phdr(m, 2)->p_memsz = 0x800;
	m->eh.e_entry = 0x401400;
}
static void r_entry_zero(struct img *m) { m->eh.e_entry = 0; }
static void r_entry_gap(struct img *m) { m->eh.e_entry = 0x404fff + 0x1000; }
static void r_filesz(struct img *m) { phdr(m, 2)->p_filesz = 0x200; }
static void r_past_eof(struct img *m) { phdr(m, 3)->p_filesz = 0x1000; }
static void r_offset_wrap(struct img *m) { phdr(m, 3)->p_offset = ~0ull - 0xfff; }
static void r_congruent(struct img *m) { phdr(m, 3)->p_offset = 0x1ff0; }
static void r_no_load(struct img *m)
{
	for (int i = 1; i <= 3; i++)
		phdr(m, i)->p_type = PT_NOTE;
}
static void r_interp(struct img *m) { phdr(m, 0)->p_type = PT_INTERP; }
static void r_two_tls(struct img *m) { phdr(m, 5)->p_type = PT_TLS; }
static void r_tls_filesz(struct img *m) { phdr(m, 4)->p_filesz = 0x100; }
static void r_tls_align(struct img *m) { phdr(m, 4)->p_align = 24; }
static void r_tls_outside(struct img *m) { phdr(m, 4)->p_vaddr = 0x406000; }
static void r_tls_eof(struct img *m) { phdr(m, 4)->p_offset = 0x100000; }
static void r_pt_phdr(struct img *m) { phdr(m, 0)->p_vaddr = 0x400080; }
static void r_too_many(struct img *m)
{
	img_init(m, ET_EXEC, 0x400000);
	for (int i = 0; i <= ELF_MAX_LOAD; i++)
		img_ph(m, PT_LOAD, PF_R | PF_X, 0, 0x400000 + i * 0x1000, 0x100, 0x100, 0x1000);
}

static const struct refusal refusals[] = {
	{ "bad magic", r_magic, -ENOEXEC, "magic" },
	{ "ELFCLASS32", r_class32, -ENOEXEC, "ELF64" },
	{ "big-endian", r_bigendian, -ENOEXEC, "little-endian" },
	{ "e_version 0", r_version, -ENOEXEC, "version" },
	{ "EM_386", r_i386, -ENOEXEC, "x86_64" },
	{ "ET_REL", r_rel, -ENOEXEC, "object file" },
	{ "ET_CORE", r_core, -ENOEXEC, "core dump" },
	{ "ET_NONE", r_none, -ENOEXEC, "not an executable" },
	{ "e_ehsize 52", r_ehsize, -ENOEXEC, "e_ehsize" },
	{ "e_phentsize 32", r_phentsize, -ENOEXEC, "e_phentsize" },
	{ "e_phnum 0", r_phnum0, -ENOEXEC, "no program headers" },
	{ "e_phnum 0xffff", r_phnum_huge, -ENOEXEC, "too many program headers" },
	{ "e_phoff near the end", r_phoff_end, -ENOEXEC, "past the end" },
	{ "e_phoff wrapping", r_phoff_wrap, -ENOEXEC, "past the end" },
	{ "overlapping PT_LOADs", r_overlap, -ENOEXEC, "overlaps" },
	{ "unsorted PT_LOADs", r_unsorted, -ENOEXEC, "overlaps or is below" },
	{ "PT_LOADs sharing a page", r_share_page, -ENOEXEC, "overlaps" },
	{ "vaddr in the kernel half", r_kernel_vaddr, -ENOEXEC, "outside user space" },
	{ "vaddr in the non-canonical hole", r_noncanon, -ENOEXEC, "outside user space" },
	{ "vaddr + memsz wrapping", r_vaddr_wrap, -ENOEXEC, "outside user space" },
	{ "segment one byte past user_limit", r_past_limit, -ENOEXEC, "outside user space" },
	{ "segment at address 0", r_low, -ENOEXEC, "below" },
	{ "entry in kernel space", r_entry_kernel, -ENOEXEC, "outside user space" },
	{ "entry in a data segment", r_entry_data, -ENOEXEC, "executable segment" },
	{ "entry in bss of the code segment", r_entry_bss, -ENOEXEC, "executable segment" },
	{ "entry 0", r_entry_zero, -ENOEXEC, "executable segment" },
	{ "entry in no segment", r_entry_gap, -ENOEXEC, "executable segment" },
	{ "p_filesz > p_memsz", r_filesz, -ENOEXEC, "p_filesz" },
	{ "file range past EOF", r_past_eof, -ENOEXEC, "past the end of the file" },
	{ "p_offset + p_filesz wrapping", r_offset_wrap, -ENOEXEC, "past the end of the file" },
	{ "p_offset, p_vaddr not congruent", r_congruent, -ENOEXEC, "modulo the page size" },
	{ "no PT_LOAD", r_no_load, -ENOEXEC, "no PT_LOAD" },
	{ "PT_INTERP", r_interp, -EINVAL, "dynamically linked" },
	{ "two PT_TLS", r_two_tls, -ENOEXEC, "more than one PT_TLS" },
	{ "PT_TLS filesz > memsz", r_tls_filesz, -ENOEXEC, "PT_TLS" },
	{ "PT_TLS align 24", r_tls_align, -ENOEXEC, "PT_TLS" },
	{ "PT_TLS image in no segment", r_tls_outside, -ENOEXEC, "PT_TLS" },
	{ "PT_TLS image past EOF", r_tls_eof, -ENOEXEC, "PT_TLS" },
	{ "PT_PHDR disagreeing", r_pt_phdr, -ENOEXEC, "PT_PHDR" },
	{ "17 PT_LOADs", r_too_many, -ENOEXEC, "more than 16" },
};

static void test_refusals(void)
{
	static struct img m;
	static struct elf_info in;

	for (size_t i = 0; i < ARRAY_SIZE(refusals); i++) {
		const struct refusal *r = &refusals[i];
		int ret;

		img_static(&m, ET_EXEC, 0x400000);
		r->mutate(&m);
		ret = parse(&in, &m);
		CHECK(ret == r->err && strstr(in.err, r->msg), "refused: %s (%d: %s)",
		      r->what, ret, in.err);
	}
}

static void test_limits(void)
{
	static struct img m;
	static struct elf_info in;

	img_static(&m, ET_EXEC, 0x400000);
	CHECK(parse_len(&in, &m, 63, LIMIT) == -ENOEXEC && strstr(in.err, "too short"),
	      "63 bytes: too short (%s)", in.err);
	CHECK(elf_parse(&in, NULL, 0, LIMIT) == -ENOEXEC, "NULL file: refused");
	CHECK(parse_len(&in, &m, m.len, 0x402000) == -ENOEXEC &&
	      strstr(in.err, "outside user space"), "smaller user_limit honoured");
	CHECK(PANICS(elf_parse(&in, m.buf, m.len, 0x1234)),
	      "user_limit not page-aligned: BUG");
	img_static(&m, ET_DYN, 0);
	CHECK(parse_len(&in, &m, m.len, 0x10000000) == -ENOEXEC,
	      "static-pie with user_limit below the bias: refused");
}

/* What elf_info promises about an accepted file, checked field by field. */
static bool info_sane(const struct elf_info *in, size_t size, u64 limit)
{
	const struct elf_load_seg *exec = NULL;

	if (in->nr_load < 1 || in->nr_load > ELF_MAX_LOAD || in->err[0])
		return false;
	for (int i = 0; i < in->nr_load; i++) {
		const struct elf_load_seg *s = &in->load[i];

		if (s->filesz > s->memsz || s->offset > size ||
		    s->filesz > size - s->offset || s->vaddr < ELF_MIN_VADDR ||
		    s->vaddr > limit || s->memsz > limit - s->vaddr ||
		    (s->vaddr - s->offset) % ELF_PAGE_SIZE)
			return false;
		if (i && ALIGN_UP(in->load[i - 1].vaddr + in->load[i - 1].memsz,
				  ELF_PAGE_SIZE) > ALIGN_DOWN(s->vaddr, ELF_PAGE_SIZE))
			return false;
		if ((s->flags & PF_X) && in->entry >= s->vaddr &&
		    in->entry - s->vaddr < s->filesz)
			exec = s;
	}
	return exec && in->lowest == ALIGN_DOWN(in->load[0].vaddr, ELF_PAGE_SIZE) &&
	       in->highest <= limit && in->brk_start == in->highest &&
	       in->highest >= in->load[in->nr_load - 1].vaddr +
			      in->load[in->nr_load - 1].memsz;
}

static u64 rng_state = 0x9e3779b97f4a7c15ull;

static u64 rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* Overwrite a random header byte or 8-byte field with a nasty value. */
static void mutate(struct img *m, size_t hdr_bytes)
{
	static const u64 nasty[] = { 0, 1, 0x1000, 0x10000, 0x400000, 0x401010,
				     0x7ffffffff000ull, 0x800000000000ull,
				     0xffffffff80000000ull, ~0ull, ~0ull - 0xfff,
				     0x8000000000000000ull, 56, 64, 0xffff };
	size_t pos = rng() % 10 ? rng() % hdr_bytes : rng() % m->len;

	if (rng() % 2) {
		m->buf[pos] = (u8)rng();
	} else {
		u64 v = nasty[rng() % ARRAY_SIZE(nasty)];

		pos &= ~(size_t)7;
		if (pos + 8 <= m->len)
			memcpy(m->buf + pos, &v, 8);
	}
}

static void test_fuzz(u16 type, u64 base, int iterations)
{
	static struct img orig, m;
	static struct elf_info in;
	int accepted = 0, refused = 0, bad = 0;

	img_static(&orig, type, base);
	for (int i = 0; i < iterations; i++) {
		size_t len;
		int ret, muts = 1 + rng() % 4;

		m = orig;
		while (muts--)
			mutate(&m, 64 + 6 * 56);
		len = rng() % 8 ? m.len : rng() % (m.len + 1);
		ret = parse_len(&in, &m, len, LIMIT);
		if (ret == 0)
			accepted++, bad += !info_sane(&in, len, LIMIT);
		else
			refused++, bad += (ret != -ENOEXEC && ret != -EINVAL) || !in.err[0];
	}
	CHECK(bad == 0, "fuzz %s: %d mutants, %d accepted (all sane), %d refused "
	      "with a reason (%d bad)", type == ET_EXEC ? "ET_EXEC" : "ET_DYN",
	      iterations, accepted, refused, bad);
}

static void test_truncate_everywhere(void)
{
	static struct img m;
	static struct elf_info in;
	int bad = 0;

	img_static(&m, ET_EXEC, 0x400000);
	for (size_t len = 0; len < m.len; len++)
		bad += parse_len(&in, &m, len, LIMIT) != -ENOEXEC;
	CHECK(bad == 0 && parse_len(&in, &m, m.len, LIMIT) == 0,
	      "truncated at each of %zu lengths: refused (%d bad)", m.len, bad);
}

/* A real executable from the command line: parsed, never run. */
static void test_file(const char *path)
{
	static unsigned char buf[64 << 20];
	static struct elf_info in;
	FILE *f = fopen(path, "rb");
	size_t len;
	int ret;

	if (!f) {
		CHECK(0, "cannot open %s", path);
		return;
	}
	len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	unsigned char *copy = malloc(len);
	memcpy(copy, buf, len);
	ret = elf_parse(&in, copy, len, LIMIT);
	free(copy);
	CHECK(ret == 0 && info_sane(&in, len, LIMIT), "%s: %d %s", path, ret, in.err);
	printf("# type %u bias 0x%lx entry 0x%lx phdr 0x%lx phnum %u tls %d "
	       "0x%lx/0x%lx/0x%lx align %lu execstack %d span 0x%lx-0x%lx\n",
	       in.type, in.load_bias, in.entry, in.phdr_vaddr, in.phnum, in.has_tls,
	       in.tls_vaddr, in.tls_filesz, in.tls_memsz, in.tls_align,
	       in.exec_stack, in.lowest, in.highest);
	for (int i = 0; i < in.nr_load; i++)
		printf("#   load 0x%lx+0x%lx file 0x%lx+0x%lx %c%c%c\n", in.load[i].vaddr,
		       in.load[i].memsz, in.load[i].offset, in.load[i].filesz,
		       in.load[i].flags & PF_R ? 'r' : '-', in.load[i].flags & PF_W ? 'w' : '-',
		       in.load[i].flags & PF_X ? 'x' : '-');
}

int main(int argc, char **argv)
{
	test_static_exec();
	test_static_pie();
	test_valid_variants();
	test_refusals();
	test_limits();
	test_truncate_everywhere();
	test_fuzz(ET_EXEC, 0x400000, 20000);
	test_fuzz(ET_DYN, 0, 10000);
	for (int i = 1; i < argc; i++)
		test_file(argv[i]);
	return htest_done();
}
