/*
 * What the boot loader told us, whichever loader it was: GRUB's multiboot2
 * information or QEMU's PVH start_info, reduced to one struct boot_info
 * (command line, memory map, modules, ACPI RSDP). Pure logic: every read
 * goes through a map callback that bounds it, so a garbled structure gives
 * an error message instead of a wild read. Host-tested.
 */
#ifndef LIB_BOOTINFO_H
#define LIB_BOOTINFO_H

#include "lib/types.h"

#define MULTIBOOT2_BOOTLOADER_MAGIC 0x36d76289u
#define XEN_HVM_START_MAGIC_VALUE 0x336ec578u

#define BOOT_MAX_MEM 128
#define BOOT_MAX_MODULES 8
#define BOOT_CMDLINE_LEN 512

/* E820 memory types, as Linux names them. */
#define E820_TYPE_RAM 1
#define E820_TYPE_RESERVED 2
#define E820_TYPE_ACPI 3
#define E820_TYPE_NVS 4
#define E820_TYPE_UNUSABLE 5

enum boot_protocol { BOOT_UNKNOWN, BOOT_MULTIBOOT2, BOOT_PVH };

struct boot_mem_region {
	u64 addr, size;
	u32 type;
};

struct boot_module {
	u64 start, end;		/* physical, end exclusive */
	char name[64];
};

struct boot_info {
	enum boot_protocol protocol;
	char cmdline[BOOT_CMDLINE_LEN];
	char loader[64];
	struct boot_mem_region mem[BOOT_MAX_MEM];
	u32 nr_mem;
	struct boot_module mod[BOOT_MAX_MODULES];
	u32 nr_mod;
	u64 rsdp_phys;		/* 0: none given */
	u64 info_phys, info_size;	/* the loader's structure itself */
	u64 mem_lower_kb, mem_upper_kb;	/* multiboot basic info, 0 if none */
	char warning[160];	/* the first problem found, "" if none */
	u32 nr_warnings;
};

/* Return a pointer to [phys, phys + len), or NULL when not accessible. */
typedef const void *(*boot_map_fn)(u64 phys, u64 len, void *ctx);

/*
 * Fill @bi from the loader's structure at @info_phys; @magic is EAX at
 * entry (the multiboot2 magic, or 0 for a PVH entry). Returns 0, or a
 * negative errno when nothing usable was found (bi->warning says why).
 */
int bootinfo_parse(struct boot_info *bi, u32 magic, u64 info_phys,
		   boot_map_fn map, void *ctx);

/*
 * Sort the memory map, drop empty entries and resolve overlaps (where a
 * usable region overlaps any other type, the other type wins), merging
 * neighbours of the same type. Linux's e820__update_table() in spirit.
 */
void bootinfo_sanitize_memmap(struct boot_info *bi);

/* Linux's name for a memory type ("usable", "reserved", "ACPI data"...). */
const char *e820_type_name(u32 type);

#endif
