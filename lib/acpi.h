/*
 * ACPI table parsing: from the RSDP through the RSDT or XSDT to the FADT
 * (power-off and reset registers), the DSDT's \_S5_ sleep values and the
 * MADT (CPUs, IOAPICs, ISA interrupt overrides), collected into one
 * struct acpi_info. Pure logic, host-tested: every byte is read through a
 * map callback that bounds it, and every length is checked before it is
 * trusted, so a garbled table gives an error message, never a wild read.
 * The table layouts follow the ACPI specification; the names follow Linux
 * (include/acpi/actbl*.h).
 */
#ifndef LIB_ACPI_H
#define LIB_ACPI_H

#include "lib/types.h"

#define ACPI_SIG_RSDP "RSD PTR "
#define ACPI_SIG_RSDT "RSDT"
#define ACPI_SIG_XSDT "XSDT"
#define ACPI_SIG_FADT "FACP"
#define ACPI_SIG_DSDT "DSDT"
#define ACPI_SIG_MADT "APIC"

/* Sanity bound on any table's length: real DSDTs stay well below it. */
#define ACPI_MAX_TABLE_LEN (1u << 20)

#define ACPI_MAX_CPUS 64
#define ACPI_MAX_IOAPICS 8
#define ACPI_MAX_LAPIC_NMIS 8
#define ACPI_MAX_TABLES 24	/* remembered for the boot log */
#define ACPI_MAX_ERRORS 8	/* problem messages kept */
#define ACPI_ERROR_LEN 80

/* --- the tables, as the specification lays them out ---------------------- */

/* Root System Description Pointer: from the loader or the BIOS areas. */
struct acpi_table_rsdp {
	char signature[8];		/* "RSD PTR " */
	u8 checksum;			/* of the first 20 bytes */
	char oem_id[6];
	u8 revision;			/* 0: ACPI 1.0 (20 bytes); 2: 2.0+ */
	u32 rsdt_physical_address;
	u32 length;			/* 2.0+: of the whole structure */
	u64 xsdt_physical_address;
	u8 extended_checksum;		/* of all @length bytes */
	u8 reserved[3];
} __packed;

#define ACPI_RSDP_V1_SIZE 20

/* The header every system description table starts with. */
struct acpi_table_header {
	char signature[4];
	u32 length;			/* of the whole table, with header */
	u8 revision;
	u8 checksum;			/* all @length bytes sum to 0 */
	char oem_id[6];
	char oem_table_id[8];
	u32 oem_revision;
	char asl_compiler_id[4];
	u32 asl_compiler_revision;
} __packed;

/* Generic Address Structure: where a register lives. */
struct acpi_generic_address {
	u8 space_id;			/* ACPI_ADR_SPACE_* */
	u8 bit_width;
	u8 bit_offset;
	u8 access_width;
	u64 address;
} __packed;

#define ACPI_ADR_SPACE_SYSTEM_MEMORY 0
#define ACPI_ADR_SPACE_SYSTEM_IO 1
#define ACPI_ADR_SPACE_PCI_CONFIG 2

/* Fixed ACPI Description Table ("FACP"); older tables stop early. */
struct acpi_table_fadt {
	struct acpi_table_header header;
	u32 facs;
	u32 dsdt;
	u8 model;
	u8 preferred_profile;
	u16 sci_interrupt;
	u32 smi_command;
	u8 acpi_enable;
	u8 acpi_disable;
	u8 s4_bios_request;
	u8 pstate_control;
	u32 pm1a_event_block;
	u32 pm1b_event_block;
	u32 pm1a_control_block;
	u32 pm1b_control_block;
	u32 pm2_control_block;
	u32 pm_timer_block;
	u32 gpe0_block;
	u32 gpe1_block;
	u8 pm1_event_length;
	u8 pm1_control_length;
	u8 pm2_control_length;
	u8 pm_timer_length;
	u8 gpe0_block_length;
	u8 gpe1_block_length;
	u8 gpe1_base;
	u8 cst_control;
	u16 c2_latency;
	u16 c3_latency;
	u16 flush_size;
	u16 flush_stride;
	u8 duty_offset;
	u8 duty_width;
	u8 day_alarm;
	u8 month_alarm;
	u8 century;
	u16 boot_flags;
	u8 reserved;
	u32 flags;				/* ACPI_FADT_* */
	/* ACPI 2.0 and later from here on. */
	struct acpi_generic_address reset_register;
	u8 reset_value;
	u16 arm_boot_flags;
	u8 minor_revision;
	u64 Xfacs;
	u64 Xdsdt;
	struct acpi_generic_address xpm1a_event_block;
	struct acpi_generic_address xpm1b_event_block;
	struct acpi_generic_address xpm1a_control_block;
	struct acpi_generic_address xpm1b_control_block;
	struct acpi_generic_address xpm2_control_block;
	struct acpi_generic_address xpm_timer_block;
	struct acpi_generic_address xgpe0_block;
	struct acpi_generic_address xgpe1_block;
	struct acpi_generic_address sleep_control;
	struct acpi_generic_address sleep_status;
	u64 hypervisor_id;
} __packed;

#define ACPI_FADT_RESET_REGISTER (1u << 10)	/* reset_register is valid */
#define ACPI_FADT_HW_REDUCED (1u << 20)		/* no PM1 blocks at all */

/* The PM1 control register bits a power-off writes. */
#define ACPI_SLP_TYP_SHIFT 10
#define ACPI_SLP_TYP_MASK (7u << ACPI_SLP_TYP_SHIFT)
#define ACPI_SLP_EN (1u << 13)

/* Multiple APIC Description Table ("APIC"): a header, then entries. */
struct acpi_table_madt {
	struct acpi_table_header header;
	u32 address;			/* local APIC, unless overridden */
	u32 flags;			/* ACPI_MADT_PCAT_COMPAT */
} __packed;

#define ACPI_MADT_PCAT_COMPAT 1		/* legacy 8259 PICs present */

enum acpi_madt_type {
	ACPI_MADT_TYPE_LOCAL_APIC = 0,
	ACPI_MADT_TYPE_IO_APIC = 1,
	ACPI_MADT_TYPE_INTERRUPT_OVERRIDE = 2,
	ACPI_MADT_TYPE_NMI_SOURCE = 3,
	ACPI_MADT_TYPE_LOCAL_APIC_NMI = 4,
	ACPI_MADT_TYPE_LOCAL_APIC_OVERRIDE = 5,
	ACPI_MADT_TYPE_LOCAL_X2APIC = 9,
	ACPI_MADT_TYPE_LOCAL_X2APIC_NMI = 10,
};

struct acpi_subtable_header {
	u8 type;
	u8 length;			/* of the entry, with these 2 bytes */
} __packed;

struct acpi_madt_local_apic {
	struct acpi_subtable_header header;
	u8 processor_id;		/* ACPI processor UID */
	u8 id;				/* local APIC ID */
	u32 lapic_flags;		/* ACPI_MADT_ENABLED, _ONLINE_CAPABLE */
} __packed;

#define ACPI_MADT_ENABLED 1		/* usable now */
#define ACPI_MADT_ONLINE_CAPABLE 2	/* may be hot-added later */

struct acpi_madt_io_apic {
	struct acpi_subtable_header header;
	u8 id;
	u8 reserved;
	u32 address;
	u32 global_irq_base;		/* first GSI of its input pins */
} __packed;

struct acpi_madt_interrupt_override {
	struct acpi_subtable_header header;
	u8 bus;				/* 0: ISA */
	u8 source_irq;
	u32 global_irq;
	u16 inti_flags;			/* ACPI_MADT_POLARITY_*, _TRIGGER_* */
} __packed;

/* MPS INTI flags of overrides and NMI entries; 0 means "as the bus says". */
#define ACPI_MADT_POLARITY_MASK 3
#define ACPI_MADT_POLARITY_CONFORMS 0
#define ACPI_MADT_POLARITY_ACTIVE_HIGH 1
#define ACPI_MADT_POLARITY_ACTIVE_LOW 3
#define ACPI_MADT_TRIGGER_MASK (3 << 2)
#define ACPI_MADT_TRIGGER_CONFORMS (0 << 2)
#define ACPI_MADT_TRIGGER_EDGE (1 << 2)
#define ACPI_MADT_TRIGGER_LEVEL (3 << 2)

struct acpi_madt_local_apic_nmi {
	struct acpi_subtable_header header;
	u8 processor_id;		/* 0xff: every processor */
	u16 inti_flags;
	u8 lint;			/* LINT0 or LINT1 */
} __packed;

struct acpi_madt_local_apic_override {
	struct acpi_subtable_header header;
	u16 reserved;
	u64 address;			/* 64-bit local APIC address */
} __packed;

struct acpi_madt_local_x2apic {
	struct acpi_subtable_header header;
	u16 reserved;
	u32 local_apic_id;
	u32 lapic_flags;
	u32 uid;
} __packed;

/* --- what the parser hands the kernel ------------------------------------- */

/* One table seen, for the boot log ("ACPI: FACP 0x... 0000F4 (v01 ...)"). */
struct acpi_table_desc {
	u64 phys;
	u32 length;
	u8 revision;
	bool valid;			/* length and checksum sound */
	char signature[5];		/* unprintable bytes shown as '?' */
	char oem_id[7];
	char oem_table_id[9];
	u32 oem_revision;
	char asl_compiler_id[5];
	u32 asl_compiler_revision;
};

struct acpi_ioapic {
	u8 id;
	u32 phys;
	u32 gsi_base;
};

struct acpi_isa_override {
	bool present;
	u32 gsi;
	u16 flags;			/* ACPI_MADT_POLARITY_*, _TRIGGER_* */
};

struct acpi_lapic_nmi {
	u32 processor_uid;		/* 0xff (x2APIC: 0xffffffff): all */
	u16 flags;
	u8 lint;
};

struct acpi_reset_reg {
	bool valid;			/* FADT says supported, and usable */
	u8 space_id;			/* ACPI_ADR_SPACE_* */
	u8 bit_width;
	u64 address;
	u8 value;
};

struct acpi_info {
	bool valid;			/* RSDP and a root table were usable */
	u8 revision;			/* RSDP: 0 is ACPI 1.0, 2 is 2.0+ */
	char oem_id[7];
	u64 rsdp_phys;
	u32 rsdp_length;		/* 20, or the 2.0+ length field */
	u64 root_phys;			/* the RSDT or XSDT in use */
	bool root_is_xsdt;

	/* FADT */
	bool fadt_valid;
	u32 pm1a_cnt, pm1b_cnt;		/* I/O ports, 0 if none */
	u16 sci_irq;
	struct acpi_reset_reg reset;
	u64 dsdt_phys;

	/* DSDT: \_S5_ (soft off) */
	bool s5_valid;
	u8 slp_typa, slp_typb;

	/* MADT */
	bool madt_valid;
	u64 lapic_phys;
	bool pcat_compat;
	u32 nr_cpus;			/* enabled CPUs, <= ACPI_MAX_CPUS */
	u32 cpu_apic_id[ACPI_MAX_CPUS];	/* in MADT order; duplicates dropped */
	u32 cpu_uid[ACPI_MAX_CPUS];	/* ACPI processor UID of each */
	u32 nr_cpus_disabled;		/* listed but not enabled (hotplug) */
	u32 nr_cpus_dropped;		/* enabled but beyond ACPI_MAX_CPUS */
	u32 nr_ioapics;
	struct acpi_ioapic ioapic[ACPI_MAX_IOAPICS];
	struct acpi_isa_override isa_override[16];	/* by ISA IRQ */
	u32 nr_lapic_nmis;
	struct acpi_lapic_nmi lapic_nmi[ACPI_MAX_LAPIC_NMIS];

	/* Every table seen (tables_found), the first ACPI_MAX_TABLES kept. */
	unsigned tables_found;
	unsigned nr_tables;
	struct acpi_table_desc tables[ACPI_MAX_TABLES];

	/* Every problem (nr_errors); errors[0] is the first, "" if none. */
	unsigned nr_errors;
	char errors[ACPI_MAX_ERRORS][ACPI_ERROR_LEN];
};

/* Return a pointer to [phys, phys + len), or NULL when not accessible. */
typedef const void *(*acpi_map_fn)(u64 phys, u64 len, void *ctx);

/*
 * Parse everything reachable from the RSDP at @rsdp_phys into @info. Returns
 * 0, or the negative errno of the first problem (info->errors[0] says what);
 * whatever parsed cleanly is kept, and info->valid says the root was usable.
 */
int acpi_parse(struct acpi_info *info, u64 rsdp_phys, acpi_map_fn map,
	       void *ctx);

/*
 * The legacy BIOS search for the RSDP: the first KiB of the EBDA, then
 * 0xE0000-0xFFFFF, on 16-byte boundaries. Returns its address, or 0.
 */
u64 acpi_find_rsdp(acpi_map_fn map, void *ctx);

/*
 * The first table with signature @sig ("HPET", ..., or "DSDT") whose length
 * and checksum are sound, mapped whole through @map; NULL if none.
 * @info must come from a successful acpi_parse().
 */
const struct acpi_table_header *acpi_find_table(const struct acpi_info *info,
						const char *sig,
						acpi_map_fn map, void *ctx);

/* The GSI that ISA IRQ @irq arrives on; *@flags gets its INTI flags. */
static inline u32 acpi_isa_irq_to_gsi(const struct acpi_info *info,
				      unsigned int irq, u16 *flags)
{
	if (irq < 16 && info->isa_override[irq].present) {
		*flags = info->isa_override[irq].flags;
		return info->isa_override[irq].gsi;
	}
	*flags = 0;
	return irq;	/* identity-mapped, ISA defaults: edge, active high */
}

#endif
