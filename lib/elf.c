/*
 * elf_parse(): the checks execve() runs before it maps a program. The file
 * comes from user space's choice of path, so every field is hostile until
 * checked: each offset and size is compared against the file's size and
 * each address range against user space with subtractions that cannot
 * wrap, and headers are copied out with memcpy() because nothing promises
 * the image is aligned. The first problem found is the one reported.
 */
#include "lib/elf.h"
#include "lib/bug.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

static __printf(3, 4) int refuse(struct elf_info *info, int err,
				 const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(info->err, sizeof(info->err), fmt, ap);
	va_end(ap);
	return err;
}

/* [start, start + len) lies inside [0, limit), without wrapping. */
static bool range_fits(u64 start, u64 len, u64 limit)
{
	return start <= limit && len <= limit - start;
}

/* [a, a + alen) inside [b, b + blen); both known not to wrap. */
static bool range_inside(u64 a, u64 alen, u64 b, u64 blen)
{
	return a >= b && a - b <= blen && alen <= blen - (a - b);
}

static bool is_pow2_or_zero(u64 x)
{
	return (x & (x - 1)) == 0;
}

static int check_ident(struct elf_info *info, const Elf64_Ehdr *eh)
{
	if (memcmp(eh->e_ident, ELFMAG, SELFMAG))
		return refuse(info, -ENOEXEC, "not an ELF file (bad magic)");
	if (eh->e_ident[EI_CLASS] != ELFCLASS64)
		return refuse(info, -ENOEXEC, "not ELF64 (class %u): only 64-bit "
			      "x86_64 programs run", eh->e_ident[EI_CLASS]);
	if (eh->e_ident[EI_DATA] != ELFDATA2LSB)
		return refuse(info, -ENOEXEC, "not little-endian (data %u)",
			      eh->e_ident[EI_DATA]);
	if (eh->e_ident[EI_VERSION] != EV_CURRENT || eh->e_version != EV_CURRENT)
		return refuse(info, -ENOEXEC, "unknown ELF version");
	return 0;
}

static int check_type(struct elf_info *info, const Elf64_Ehdr *eh)
{
	switch (eh->e_type) {
	case ET_EXEC:
	case ET_DYN:
		break;
	case ET_REL:
		return refuse(info, -ENOEXEC, "ET_REL: an object file (.o), "
			      "not an executable: link it first");
	case ET_CORE:
		return refuse(info, -ENOEXEC, "ET_CORE: a core dump, not an "
			      "executable");
	default:
		return refuse(info, -ENOEXEC, "e_type %u is not an executable",
			      eh->e_type);
	}
	if (eh->e_machine != EM_X86_64)
		return refuse(info, -ENOEXEC, "e_machine %u: not an x86_64 "
			      "program", eh->e_machine);
	return 0;
}

/* Header sizes and where the program header table sits in the file. */
static int check_layout(struct elf_info *info, const Elf64_Ehdr *eh,
			size_t size)
{
	u64 table = (u64)eh->e_phnum * eh->e_phentsize;

	if (eh->e_ehsize != sizeof(Elf64_Ehdr))
		return refuse(info, -ENOEXEC, "e_ehsize %u, expected %zu",
			      eh->e_ehsize, sizeof(Elf64_Ehdr));
	if (eh->e_phentsize != sizeof(Elf64_Phdr))
		return refuse(info, -ENOEXEC, "e_phentsize %u, expected %zu",
			      eh->e_phentsize, sizeof(Elf64_Phdr));
	if (eh->e_phnum == 0)
		return refuse(info, -ENOEXEC, "no program headers");
	if (table > ELF_MAX_PHDRS_SIZE)
		return refuse(info, -ENOEXEC, "too many program headers (%u)",
			      eh->e_phnum);
	if (!range_fits(eh->e_phoff, table, size))
		return refuse(info, -ENOEXEC, "program headers at 0x%lx run "
			      "past the end of the file (%zu bytes)",
			      eh->e_phoff, size);
	return 0;
}

/* Add the load bias to @vaddr; false when the result leaves user space. */
static bool bias_addr(const struct elf_info *info, u64 vaddr, u64 limit,
		      u64 *out)
{
	if (!range_fits(info->load_bias, vaddr, limit))
		return false;
	*out = info->load_bias + vaddr;
	return true;
}

/* Is the new segment @s above the last one, without sharing a page? */
static bool above_last(const struct elf_info *info,
		       const struct elf_load_seg *s)
{
	const struct elf_load_seg *last;

	if (info->nr_load == 0)
		return true;
	last = &info->load[info->nr_load - 1];
	return ALIGN_UP(last->vaddr + last->memsz, ELF_PAGE_SIZE) <=
	       ALIGN_DOWN(s->vaddr, ELF_PAGE_SIZE);
}

static int add_load(struct elf_info *info, const Elf64_Phdr *ph, int i,
		    size_t size, u64 limit)
{
	struct elf_load_seg s = { .memsz = ph->p_memsz, .offset = ph->p_offset,
				  .filesz = ph->p_filesz,
				  .flags = ph->p_flags & (PF_R | PF_W | PF_X),
				  .align = ph->p_align };

	if (ph->p_filesz > ph->p_memsz)
		return refuse(info, -ENOEXEC, "phdr %d: p_filesz 0x%lx > "
			      "p_memsz 0x%lx", i, ph->p_filesz, ph->p_memsz);
	if (!range_fits(ph->p_offset, ph->p_filesz, size))
		return refuse(info, -ENOEXEC, "phdr %d: file range 0x%lx+0x%lx "
			      "runs past the end of the file", i, ph->p_offset,
			      ph->p_filesz);
	if (ph->p_memsz == 0)
		return 0;	/* maps nothing */
	if (!bias_addr(info, ph->p_vaddr, limit, &s.vaddr) ||
	    !range_fits(s.vaddr, s.memsz, limit))
		return refuse(info, -ENOEXEC, "phdr %d: 0x%lx+0x%lx is outside "
			      "user space", i, ph->p_vaddr, ph->p_memsz);
	if (s.vaddr < ELF_MIN_VADDR)
		return refuse(info, -ENOEXEC, "phdr %d: 0x%lx is below the "
			      "lowest mappable address 0x%llx", i, s.vaddr,
			      ELF_MIN_VADDR);
	if ((s.vaddr - s.offset) % ELF_PAGE_SIZE)
		return refuse(info, -ENOEXEC, "phdr %d: p_offset and p_vaddr "
			      "differ modulo the page size", i);
	if (!above_last(info, &s))
		return refuse(info, -ENOEXEC, "phdr %d: PT_LOAD overlaps or is "
			      "below the previous one", i);
	if (info->nr_load == ELF_MAX_LOAD)
		return refuse(info, -ENOEXEC, "more than %d PT_LOAD segments",
			      ELF_MAX_LOAD);
	info->load[info->nr_load++] = s;
	return 0;
}

static int set_tls(struct elf_info *info, const Elf64_Phdr *ph, size_t size,
		   u64 limit)
{
	if (info->has_tls)
		return refuse(info, -ENOEXEC, "more than one PT_TLS");
	if (ph->p_filesz > ph->p_memsz || ph->p_memsz > limit ||
	    !is_pow2_or_zero(ph->p_align) ||
	    !range_fits(ph->p_offset, ph->p_filesz, size) ||
	    !bias_addr(info, ph->p_vaddr, limit, &info->tls_vaddr))
		return refuse(info, -ENOEXEC, "malformed PT_TLS");
	info->has_tls = true;
	info->tls_memsz = ph->p_memsz;
	info->tls_filesz = ph->p_filesz;
	info->tls_align = ph->p_align;
	return 0;
}

/* One program header; the ones not handled here do not matter to exec. */
static int scan_phdr(struct elf_info *info, const Elf64_Phdr *ph, int i,
		     size_t size, u64 limit, u64 *pt_phdr)
{
	switch (ph->p_type) {
	case PT_LOAD:
		return add_load(info, ph, i, size, limit);
	case PT_TLS:
		return set_tls(info, ph, size, limit);
	case PT_GNU_STACK:
		info->exec_stack = ph->p_flags & PF_X;
		return 0;
	case PT_PHDR:
		if (!bias_addr(info, ph->p_vaddr, limit, pt_phdr))
			return refuse(info, -ENOEXEC, "PT_PHDR outside user space");
		return 0;
	case PT_INTERP:
		return refuse(info, -EINVAL, "dynamically linked (PT_INTERP): "
			      "only static programs run; use -static");
	default:
		return 0;
	}
}

/* The segment whose file bytes hold [off, off + len), or NULL. */
static const struct elf_load_seg *seg_with_file(const struct elf_info *info,
						u64 off, u64 len)
{
	for (int i = 0; i < info->nr_load; i++) {
		const struct elf_load_seg *s = &info->load[i];

		if (range_inside(off, len, s->offset, s->filesz))
			return s;
	}
	return NULL;
}

/* The segment whose memory holds [va, va + len), or NULL. */
static const struct elf_load_seg *seg_with_addr(const struct elf_info *info,
						u64 va, u64 len)
{
	for (int i = 0; i < info->nr_load; i++) {
		const struct elf_load_seg *s = &info->load[i];

		if (range_inside(va, len, s->vaddr, s->memsz))
			return s;
	}
	return NULL;
}

/* AT_PHDR: where a PT_LOAD maps the table (as Linux finds it). */
static int locate_phdrs(struct elf_info *info, u64 pt_phdr)
{
	u64 len = (u64)info->phnum * info->phentsize;
	const struct elf_load_seg *s = seg_with_file(info, info->phoff, len);

	if (s)
		info->phdr_vaddr = s->vaddr + (info->phoff - s->offset);
	if (pt_phdr && pt_phdr != info->phdr_vaddr)
		return refuse(info, -ENOEXEC, "PT_PHDR 0x%lx is not where the "
			      "program headers are mapped", pt_phdr);
	return 0;
}

/* Entry and TLS image must lie in memory the segments provide. */
static int check_targets(struct elf_info *info, u64 e_entry, u64 limit)
{
	const struct elf_load_seg *s;

	if (!bias_addr(info, e_entry, limit, &info->entry))
		return refuse(info, -ENOEXEC, "entry point 0x%lx is outside "
			      "user space", e_entry);
	s = seg_with_addr(info, info->entry, 1);
	if (!s || !(s->flags & PF_X) || info->entry - s->vaddr >= s->filesz)
		return refuse(info, -ENOEXEC, "entry point 0x%lx is not in an "
			      "executable segment", info->entry);
	if (info->has_tls && info->tls_filesz &&
	    !seg_with_addr(info, info->tls_vaddr, info->tls_filesz))
		return refuse(info, -ENOEXEC, "PT_TLS image is not inside a "
			      "PT_LOAD segment");
	return 0;
}

static int scan_phdrs(struct elf_info *info, const u8 *file, size_t size,
		      u64 limit)
{
	u64 pt_phdr = 0;
	int err;

	for (int i = 0; i < info->phnum; i++) {
		Elf64_Phdr ph;

		memcpy(&ph, file + info->phoff + (u64)i * sizeof(ph), sizeof(ph));
		if ((err = scan_phdr(info, &ph, i, size, limit, &pt_phdr)))
			return err;
	}
	if (info->nr_load == 0)
		return refuse(info, -ENOEXEC, "no PT_LOAD segment");
	return locate_phdrs(info, pt_phdr);
}

int elf_parse(struct elf_info *info, const void *file, size_t size,
	      u64 user_limit)
{
	Elf64_Ehdr eh;
	int err;

	BUG_ON(!IS_ALIGNED(user_limit, ELF_PAGE_SIZE));
	memset(info, 0, sizeof(*info));
	if (!file || size < sizeof(eh))
		return refuse(info, -ENOEXEC, "%zu bytes: too short for an ELF "
			      "header", file ? size : 0);
	memcpy(&eh, file, sizeof(eh));
	if ((err = check_ident(info, &eh)) || (err = check_type(info, &eh)) ||
	    (err = check_layout(info, &eh, size)))
		return err;
	info->type = eh.e_type;
	info->load_bias = eh.e_type == ET_DYN ? ELF_ET_DYN_BASE : 0;
	info->phoff = eh.e_phoff;
	info->phnum = eh.e_phnum;
	info->phentsize = eh.e_phentsize;
	if ((err = scan_phdrs(info, file, size, user_limit)) ||
	    (err = check_targets(info, eh.e_entry, user_limit)))
		return err;
	info->lowest = ALIGN_DOWN(info->load[0].vaddr, ELF_PAGE_SIZE);
	info->highest = ALIGN_UP(info->load[info->nr_load - 1].vaddr +
				 info->load[info->nr_load - 1].memsz,
				 ELF_PAGE_SIZE);
	info->brk_start = info->highest;
	return 0;
}
