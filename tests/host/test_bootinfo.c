/*
 * Host tests for lib/bootinfo.c: multiboot2 and PVH parsing, including
 * garbled input, and memory-map sanitizing (holes, overlaps, reserved).
 */
#include "tests/host/htest.h"
#include "lib/bootinfo.h"
#include "lib/errno.h"
#include <string.h>

/* A fake physical memory: 64 KiB at "physical" 0x10000. */
#define PHYS_BASE 0x10000u
static unsigned char phys[0x10000] __attribute__((aligned(8)));

static const void *map(u64 p, u64 len, void *ctx)
{
	if (p < PHYS_BASE || len > sizeof(phys) || p - PHYS_BASE > sizeof(phys) - len)
		return NULL;
	return phys + (p - PHYS_BASE);
}

/* Builder for a multiboot2 info structure at phys + 0. */
static u32 mb_off;

static void mb_begin(void)
{
	memset(phys, 0, sizeof(phys));
	mb_off = 8;
}

static void *mb_tag(u32 type, u32 size)
{
	u32 *t = (u32 *)(phys + mb_off);

	t[0] = type;
	t[1] = size;
	mb_off += (size + 7) & ~7u;
	return t;
}

static void mb_end(void)
{
	mb_tag(0, 8);
	((u32 *)phys)[0] = mb_off;
}

static void mb_mmap(const u64 (*e)[3], int n)
{
	u32 *t = mb_tag(6, 16 + 24 * n);

	t[2] = 24;
	t[3] = 0;
	for (int i = 0; i < n; i++) {
		u64 *q = (u64 *)((char *)t + 16 + 24 * i);

		q[0] = e[i][0];
		q[1] = e[i][1];
		((u32 *)&q[2])[0] = (u32)e[i][2];
	}
}

static void test_multiboot2_ok(void)
{
	static struct boot_info bi;
	const u64 map_entries[][3] = { { 0, 0x9fc00, 1 }, { 0x100000, 0x7f00000, 1 },
				       { 0xfffc0000, 0x40000, 2 } };
	char *s;

	mb_begin();
	s = mb_tag(1, 8 + 16);
	strcpy(s + 8, "ktest quiet");
	s = mb_tag(2, 8 + 12);
	strcpy(s + 8, "GRUB 2.06");
	mb_mmap(map_entries, 3);
	u32 *m = mb_tag(3, 16 + 10);
	m[2] = 0x200000;
	m[3] = 0x280000;
	strcpy((char *)&m[4], "initramfs");
	mb_tag(14, 8 + 20);
	mb_end();
	CHECK(bootinfo_parse(&bi, MULTIBOOT2_BOOTLOADER_MAGIC, PHYS_BASE, map, NULL) == 0,
	      "multiboot2: parses");
	CHECK(bi.protocol == BOOT_MULTIBOOT2, "multiboot2: protocol");
	CHECK(!strcmp(bi.cmdline, "ktest quiet"), "multiboot2: cmdline '%s'", bi.cmdline);
	CHECK(!strcmp(bi.loader, "GRUB 2.06"), "multiboot2: loader name");
	CHECK(bi.nr_mem == 3 && bi.mem[1].addr == 0x100000 && bi.mem[2].type == 2,
	      "multiboot2: memory map entries");
	CHECK(bi.nr_mod == 1 && bi.mod[0].start == 0x200000 &&
	      bi.mod[0].end == 0x280000 && !strcmp(bi.mod[0].name, "initramfs"),
	      "multiboot2: module");
	CHECK(bi.rsdp_phys != 0, "multiboot2: RSDP copy located");
	CHECK(bi.nr_warnings == 0, "multiboot2: no warnings (%s)", bi.warning);
}

static void test_multiboot2_garbled(void)
{
	static struct boot_info bi;
	char *s;

	/* A tag whose size runs past the end: parsing stops, keeps the rest. */
	mb_begin();
	s = mb_tag(1, 8 + 8);
	strcpy(s + 8, "init=/x");
	u32 *bad = mb_tag(6, 24);
	mb_end();
	bad[1] = 0x7fffffff;
	CHECK(bootinfo_parse(&bi, MULTIBOOT2_BOOTLOADER_MAGIC, PHYS_BASE, map, NULL) == 0,
	      "garbled tag: still parses");
	CHECK(!strcmp(bi.cmdline, "init=/x"), "garbled tag: earlier tags kept");
	CHECK(bi.nr_warnings > 0 && strstr(bi.warning, "bad size"),
	      "garbled tag: warning '%s'", bi.warning);

	/* A tag of size 0 (would loop forever if trusted). */
	mb_begin();
	mb_tag(1, 8);
	u32 *zero = mb_tag(9, 8);
	mb_end();
	zero[1] = 0;
	CHECK(bootinfo_parse(&bi, MULTIBOOT2_BOOTLOADER_MAGIC, PHYS_BASE, map, NULL) == 0 &&
	      bi.nr_warnings > 0, "zero-size tag: warning, no hang");

	/* A total_size that is absurd. */
	mb_begin();
	((u32 *)phys)[0] = 0xffffffff;
	CHECK(bootinfo_parse(&bi, MULTIBOOT2_BOOTLOADER_MAGIC, PHYS_BASE, map, NULL) == -EINVAL,
	      "huge total_size: -EINVAL");

	/* Info pointer outside memory. */
	CHECK(bootinfo_parse(&bi, MULTIBOOT2_BOOTLOADER_MAGIC, 0x10, map, NULL) == -EINVAL,
	      "unmapped info: -EINVAL");

	/* Unterminated command line: cut at the tag's end. */
	mb_begin();
	s = mb_tag(1, 8 + 8);
	memcpy(s + 8, "ABCDEFGH", 8);
	mb_end();
	bootinfo_parse(&bi, MULTIBOOT2_BOOTLOADER_MAGIC, PHYS_BASE, map, NULL);
	CHECK(!strcmp(bi.cmdline, "ABCDEFGH"), "unterminated cmdline bounded");

	/* A memory map tag with a too-small entry size. */
	mb_begin();
	u32 *mm = mb_tag(6, 40);
	mm[2] = 4;
	mb_end();
	bootinfo_parse(&bi, MULTIBOOT2_BOOTLOADER_MAGIC, PHYS_BASE, map, NULL);
	CHECK(bi.nr_mem == 0 && strstr(bi.warning, "malformed"), "bad mmap entry size");

	/* No end tag. */
	mb_begin();
	mb_tag(1, 16);
	((u32 *)phys)[0] = mb_off;
	bootinfo_parse(&bi, MULTIBOOT2_BOOTLOADER_MAGIC, PHYS_BASE, map, NULL);
	CHECK(strstr(bi.warning, "no end tag") != NULL, "missing end tag reported");
}

struct pvh {
	u32 magic, version, flags, nr_modules;
	u64 modlist, cmdline, rsdp, memmap;
	u32 memmap_entries, reserved;
};

static void test_pvh(void)
{
	static struct boot_info bi;
	struct pvh *si = (struct pvh *)phys;
	u64 *mod = (u64 *)(phys + 0x100);
	u64 *mm = (u64 *)(phys + 0x200);

	memset(phys, 0, sizeof(phys));
	si->magic = XEN_HVM_START_MAGIC_VALUE;
	si->version = 1;
	si->cmdline = PHYS_BASE + 0x400;
	strcpy((char *)phys + 0x400, "ktest=a,b");
	si->nr_modules = 1;
	si->modlist = PHYS_BASE + 0x100;
	mod[0] = 0x300000;
	mod[1] = 0x1000;
	si->memmap = PHYS_BASE + 0x200;
	si->memmap_entries = 2;
	mm[0] = 0;
	mm[1] = 0x9fc00;
	((u32 *)&mm[2])[0] = 1;
	mm[3] = 0x100000;
	mm[4] = 0x1000000;
	((u32 *)&mm[5])[0] = 1;
	si->rsdp = 0xf5a50;
	CHECK(bootinfo_parse(&bi, 0, PHYS_BASE, map, NULL) == 0, "pvh: parses");
	CHECK(bi.protocol == BOOT_PVH && !strcmp(bi.cmdline, "ktest=a,b"), "pvh: cmdline");
	CHECK(bi.nr_mod == 1 && bi.mod[0].end == 0x301000, "pvh: module");
	CHECK(bi.nr_mem == 2 && bi.mem[1].size == 0x1000000, "pvh: memory map");
	CHECK(bi.rsdp_phys == 0xf5a50, "pvh: rsdp");

	si->memmap_entries = 100000;	/* runs off the mapped memory */
	bootinfo_parse(&bi, 0, PHYS_BASE, map, NULL);
	CHECK(bi.nr_warnings > 0, "pvh: memmap past the end warns (%s)", bi.warning);

	si->magic = 0x12345678;
	CHECK(bootinfo_parse(&bi, 0, PHYS_BASE, map, NULL) == -EINVAL,
	      "neither multiboot2 nor PVH: -EINVAL");
}

static void set_map(struct boot_info *bi, const u64 (*e)[3], int n)
{
	memset(bi, 0, sizeof(*bi));
	for (int i = 0; i < n; i++)
		bi->mem[i] = (struct boot_mem_region){ e[i][0], e[i][1], (u32)e[i][2] };
	bi->nr_mem = n;
}

static void test_sanitize(void)
{
	static struct boot_info bi;
	/* Unsorted, overlapping RAM, a reserved hole punched in the middle,
	 * an empty entry and a duplicate. */
	const u64 e[][3] = { { 0x100000, 0x400000, 1 }, { 0, 0x9fc00, 1 },
			     { 0x200000, 0x1000, 2 }, { 0x300000, 0x300000, 1 },
			     { 0x50000, 0, 1 }, { 0, 0x9fc00, 1 } };

	set_map(&bi, e, 6);
	bootinfo_sanitize_memmap(&bi);
	CHECK(bi.nr_mem == 4, "sanitize: 4 regions (got %u)", bi.nr_mem);
	CHECK(bi.mem[0].addr == 0 && bi.mem[0].size == 0x9fc00 && bi.mem[0].type == 1,
	      "sanitize: low memory");
	CHECK(bi.mem[1].addr == 0x100000 && bi.mem[1].size == 0x100000 &&
	      bi.mem[1].type == 1, "sanitize: RAM before the hole");
	CHECK(bi.mem[2].addr == 0x200000 && bi.mem[2].size == 0x1000 &&
	      bi.mem[2].type == 2, "sanitize: reserved wins over RAM");
	CHECK(bi.mem[3].addr == 0x201000 && bi.mem[3].addr + bi.mem[3].size == 0x600000,
	      "sanitize: overlapping RAM merged");

	/* An entry that wraps around the address space is clamped. */
	const u64 w[][3] = { { 0xfffffffffffff000ull, 0x2000, 1 } };
	set_map(&bi, w, 1);
	bootinfo_sanitize_memmap(&bi);
	CHECK(bi.nr_mem == 1 && bi.mem[0].addr + bi.mem[0].size == 0xffffffffffffffffull,
	      "sanitize: wrapping entry clamped");

	/* Unknown type 0 counts as reserved. */
	const u64 z[][3] = { { 0x1000, 0x1000, 1 }, { 0x1000, 0x1000, 0 } };
	set_map(&bi, z, 2);
	bootinfo_sanitize_memmap(&bi);
	CHECK(bi.nr_mem == 1 && bi.mem[0].type == 2, "sanitize: type 0 is reserved");
	CHECK(!strcmp(e820_type_name(1), "usable") && !strcmp(e820_type_name(3), "ACPI data"),
	      "e820 type names");
}

int main(void)
{
	test_multiboot2_ok();
	test_multiboot2_garbled();
	test_pvh();
	test_sanitize();
	return htest_done();
}
