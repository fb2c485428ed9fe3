/*
 * Boot information parsing: multiboot2 (GRUB) and PVH (QEMU -kernel) into
 * struct boot_info, and memory-map clean-up. Every structure the loader
 * handed over is read through the caller's map callback, and every
 * length is checked against what was mapped: a garbled tag or table ends
 * in a warning, never in a read outside it.
 */
#include "lib/bootinfo.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

#define MB2_TAG_END 0
#define MB2_TAG_CMDLINE 1
#define MB2_TAG_LOADER 2
#define MB2_TAG_MODULE 3
#define MB2_TAG_BASIC_MEMINFO 4
#define MB2_TAG_MMAP 6
#define MB2_TAG_ACPI_OLD 14
#define MB2_TAG_ACPI_NEW 15
#define MB2_INFO_MAX (1u << 20)	/* a larger "total_size" is garbage */

struct mb2_tag {
	u32 type, size;
};

struct mb2_mmap_entry {
	u64 addr, len;
	u32 type, reserved;
};

struct hvm_start_info {
	u32 magic, version, flags, nr_modules;
	u64 modlist_paddr, cmdline_paddr, rsdp_paddr;
	u64 memmap_paddr;	/* version >= 1 */
	u32 memmap_entries, reserved;
};

struct hvm_modlist_entry {
	u64 paddr, size, cmdline_paddr, reserved;
};

struct hvm_memmap_table_entry {
	u64 addr, size;
	u32 type, reserved;
};

static __printf(2, 3) void warn(struct boot_info *bi, const char *fmt, ...)
{
	va_list ap;

	if (bi->nr_warnings++ == 0) {
		va_start(ap, fmt);
		vsnprintf(bi->warning, sizeof(bi->warning), fmt, ap);
		va_end(ap);
	}
}

/* Copy a NUL-terminated string of at most @max bytes from @src. */
static void copy_string(char *dst, size_t size, const char *src, size_t max)
{
	size_t n = strnlen(src, max);

	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* Copy the string at physical @phys, mapping it page by page. */
static void copy_phys_string(char *dst, size_t size, u64 phys,
			     boot_map_fn map, void *ctx)
{
	size_t n = 0;

	while (n + 1 < size) {
		const char *c = map(phys + n, 1, ctx);

		if (!c || *c == '\0')
			break;
		dst[n++] = *c;
	}
	dst[n] = '\0';
}

static void add_region(struct boot_info *bi, u64 addr, u64 size, u32 type)
{
	if (bi->nr_mem == BOOT_MAX_MEM) {
		warn(bi, "memory map has more than %d entries", BOOT_MAX_MEM);
		return;
	}
	bi->mem[bi->nr_mem++] = (struct boot_mem_region){ addr, size, type };
}

static void add_module(struct boot_info *bi, u64 start, u64 end,
		       const char *name, size_t name_max)
{
	struct boot_module *m;

	if (end < start) {
		warn(bi, "module ends before it starts (0x%lx-0x%lx)",
		     (unsigned long)start, (unsigned long)end);
		return;
	}
	if (bi->nr_mod == BOOT_MAX_MODULES) {
		warn(bi, "more than %d modules", BOOT_MAX_MODULES);
		return;
	}
	m = &bi->mod[bi->nr_mod++];
	m->start = start;
	m->end = end;
	copy_string(m->name, sizeof(m->name), name, name_max);
}

static void mb2_mmap(struct boot_info *bi, const u8 *tag, u32 size)
{
	u32 entry_size = *(const u32 *)(tag + 8);

	if (size < 16 || entry_size < sizeof(struct mb2_mmap_entry)) {
		warn(bi, "multiboot2 memory map tag is malformed");
		return;
	}
	for (u32 off = 16; off + entry_size <= size; off += entry_size) {
		const struct mb2_mmap_entry *e = (const void *)(tag + off);

		add_region(bi, e->addr, e->len, e->type);
	}
}

/* One multiboot2 tag; @tag has been checked to hold @size bytes. */
static void mb2_tag(struct boot_info *bi, u64 phys, const u8 *tag, u32 type,
		    u32 size)
{
	const u32 *w = (const u32 *)tag;

	switch (type) {
	case MB2_TAG_CMDLINE:
		copy_string(bi->cmdline, sizeof(bi->cmdline),
			    (const char *)tag + 8, size - 8);
		break;
	case MB2_TAG_LOADER:
		copy_string(bi->loader, sizeof(bi->loader),
			    (const char *)tag + 8, size - 8);
		break;
	case MB2_TAG_MODULE:
		if (size >= 16)
			add_module(bi, w[2], w[3], (const char *)tag + 16,
				   size - 16);
		break;
	case MB2_TAG_BASIC_MEMINFO:
		if (size >= 16) {
			bi->mem_lower_kb = w[2];
			bi->mem_upper_kb = w[3];
		}
		break;
	case MB2_TAG_MMAP:
		mb2_mmap(bi, tag, size);
		break;
	case MB2_TAG_ACPI_OLD:
	case MB2_TAG_ACPI_NEW:
		/* The tag holds a copy of the RSDP; ACPI 2.0's wins. */
		if (size > 8 && (!bi->rsdp_phys || type == MB2_TAG_ACPI_NEW))
			bi->rsdp_phys = phys + 8;
		break;
	}
}

static int parse_multiboot2(struct boot_info *bi, u64 info_phys,
			    boot_map_fn map, void *ctx)
{
	const u32 *hdr = map(info_phys, 8, ctx);
	const u8 *info;
	u32 total, off = 8;

	if (!hdr)
		return warn(bi, "multiboot2 info at 0x%lx is not mapped",
			    (unsigned long)info_phys), -EINVAL;
	total = hdr[0];
	if (total < 16 || total > MB2_INFO_MAX || !(info = map(info_phys, total, ctx)))
		return warn(bi, "multiboot2 info size %u is invalid", total),
		       -EINVAL;
	bi->info_size = total;
	while (off + 8 <= total) {
		const struct mb2_tag *t = (const void *)(info + off);

		if (t->type == MB2_TAG_END)
			return 0;
		if (t->size < 8 || t->size > total - off) {
			warn(bi, "multiboot2 tag %u at offset %u has bad size %u",
			     t->type, off, t->size);
			return 0;	/* keep what was parsed so far */
		}
		mb2_tag(bi, info_phys + off, info + off, t->type, t->size);
		off += ALIGN_UP(t->size, 8);
	}
	warn(bi, "multiboot2 info has no end tag");
	return 0;
}

static void pvh_modules(struct boot_info *bi, const struct hvm_start_info *si,
			boot_map_fn map, void *ctx)
{
	for (u32 i = 0; i < si->nr_modules && i < BOOT_MAX_MODULES; i++) {
		const struct hvm_modlist_entry *m =
			map(si->modlist_paddr + i * sizeof(*m), sizeof(*m), ctx);
		char name[64] = "";

		if (!m) {
			warn(bi, "PVH module list is not mapped");
			return;
		}
		if (m->cmdline_paddr)
			copy_phys_string(name, sizeof(name), m->cmdline_paddr,
					 map, ctx);
		add_module(bi, m->paddr, m->paddr + m->size, name, sizeof(name));
	}
}

static void pvh_memmap(struct boot_info *bi, const struct hvm_start_info *si,
		       boot_map_fn map, void *ctx)
{
	const struct hvm_memmap_table_entry *e;

	if (si->version < 1 || !si->memmap_paddr || !si->memmap_entries) {
		warn(bi, "PVH start info has no memory map");
		return;
	}
	for (u32 i = 0; i < si->memmap_entries; i++) {
		e = map(si->memmap_paddr + i * sizeof(*e), sizeof(*e), ctx);
		if (!e) {
			warn(bi, "PVH memory map entry %u is not mapped", i);
			return;
		}
		add_region(bi, e->addr, e->size, e->type);
	}
}

static int parse_pvh(struct boot_info *bi, u64 info_phys, boot_map_fn map,
		     void *ctx)
{
	const struct hvm_start_info *si = map(info_phys, sizeof(*si), ctx);

	if (!si || si->magic != XEN_HVM_START_MAGIC_VALUE)
		return warn(bi, "no multiboot2 magic and no PVH start info"),
		       -EINVAL;
	bi->info_size = sizeof(*si);
	if (si->cmdline_paddr)
		copy_phys_string(bi->cmdline, sizeof(bi->cmdline),
				 si->cmdline_paddr, map, ctx);
	bi->rsdp_phys = si->rsdp_paddr;
	pvh_modules(bi, si, map, ctx);
	pvh_memmap(bi, si, map, ctx);
	strlcpy(bi->loader, "PVH (qemu -kernel)", sizeof(bi->loader));
	return 0;
}

int bootinfo_parse(struct boot_info *bi, u32 magic, u64 info_phys,
		   boot_map_fn map, void *ctx)
{
	memset(bi, 0, sizeof(*bi));
	bi->info_phys = info_phys;
	if (magic == MULTIBOOT2_BOOTLOADER_MAGIC) {
		bi->protocol = BOOT_MULTIBOOT2;
		return parse_multiboot2(bi, info_phys, map, ctx);
	}
	bi->protocol = BOOT_PVH;
	return parse_pvh(bi, info_phys, map, ctx);
}

/* A region without a type is treated as reserved. */
static u32 effective_type(u32 type)
{
	return type ? type : E820_TYPE_RESERVED;
}

/* Sorted, de-duplicated start and end points of every non-empty region. */
static u32 collect_bounds(const struct boot_info *bi, u64 *pts)
{
	u32 n = 0;

	for (u32 i = 0; i < bi->nr_mem; i++) {
		const struct boot_mem_region *r = &bi->mem[i];
		u64 end = r->addr + r->size < r->addr ? ~0ull : r->addr + r->size;
		u64 p[2] = { r->addr, end };

		if (!r->size)
			continue;
		for (int k = 0; k < 2; k++) {
			u32 j = n++;

			while (j > 0 && pts[j - 1] > p[k]) {
				pts[j] = pts[j - 1];
				j--;
			}
			pts[j] = p[k];
		}
	}
	/* Drop duplicates. */
	u32 m = 0;
	for (u32 i = 0; i < n; i++)
		if (m == 0 || pts[m - 1] != pts[i])
			pts[m++] = pts[i];
	return m;
}

/* The winning type of everything that covers [lo, hi), 0 for a hole. */
static u32 type_at(const struct boot_info *bi, u64 lo, u64 hi)
{
	u32 best = 0;

	for (u32 i = 0; i < bi->nr_mem; i++) {
		const struct boot_mem_region *r = &bi->mem[i];
		u64 end = r->addr + r->size < r->addr ? ~0ull : r->addr + r->size;
		u32 t = effective_type(r->type);

		if (r->size && r->addr <= lo && end >= hi &&
		    (best == 0 || best == E820_TYPE_RAM ||
		     (t != E820_TYPE_RAM && t > best)))
			best = t;
	}
	return best;
}

void bootinfo_sanitize_memmap(struct boot_info *bi)
{
	u64 pts[2 * BOOT_MAX_MEM];
	struct boot_mem_region out[BOOT_MAX_MEM];
	u32 n = collect_bounds(bi, pts), nout = 0;

	for (u32 i = 0; i + 1 < n; i++) {
		u32 t = type_at(bi, pts[i], pts[i + 1]);
		struct boot_mem_region *last = nout ? &out[nout - 1] : NULL;

		if (!t)
			continue;
		if (last && last->type == t && last->addr + last->size == pts[i]) {
			last->size += pts[i + 1] - pts[i];
			continue;
		}
		if (nout == BOOT_MAX_MEM) {
			warn(bi, "memory map too fragmented; rest dropped");
			break;
		}
		out[nout++] = (struct boot_mem_region){ pts[i],
							pts[i + 1] - pts[i], t };
	}
	memcpy(bi->mem, out, nout * sizeof(out[0]));
	bi->nr_mem = nout;
}

const char *e820_type_name(u32 type)
{
	switch (type) {
	case E820_TYPE_RAM: return "usable";
	case E820_TYPE_RESERVED: return "reserved";
	case E820_TYPE_ACPI: return "ACPI data";
	case E820_TYPE_NVS: return "ACPI NVS";
	case E820_TYPE_UNUSABLE: return "unusable";
	default: return "type unknown";
	}
}
