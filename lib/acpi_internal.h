/*
 * What the parts of the ACPI parser share (lib/acpi.c reads the RSDP, the
 * root table and the FADT; lib/acpi_aml.c finds \_S5_ in the DSDT;
 * lib/acpi_madt.c reads the MADT): the state of one parse and the helpers
 * that note problems and find tables. Not for use outside lib/acpi*.c.
 */
#ifndef LIB_ACPI_INTERNAL_H
#define LIB_ACPI_INTERNAL_H

#include "lib/acpi.h"

#define HDR_LEN sizeof(struct acpi_table_header)

/* The state of one parse: where results go, how memory is reached. */
struct acpi_parser {
	struct acpi_info *info;
	acpi_map_fn map;
	void *ctx;
	int err;		/* the first problem's errno, 0 if none */
};

/* A little-endian integer of @n (<= 8) bytes at @b, any alignment. */
u64 get_le(const u8 *b, unsigned int n);

/* Note a problem in p->info->errors (while there is room) and keep the
 * first errno in p->err. Parsing goes on after it. */
__printf(3, 4) void acpi_problem(struct acpi_parser *p, int err,
				 const char *fmt, ...);

/* The first sound table with signature @sig that @root (an XSDT when
 * @xsdt) lists, mapped whole and checksummed, or NULL. */
const struct acpi_table_header *
acpi_get_table(struct acpi_parser *p, const struct acpi_table_header *root,
	       bool xsdt, const char *sig);

/* Find the \_S5_ package in @dsdt and fill info->slp_typ{a,b}, s5_valid. */
void acpi_parse_dsdt(struct acpi_parser *p,
		     const struct acpi_table_header *dsdt);

/* Read the CPUs, IOAPICs, overrides and NMIs of the MADT that @root lists. */
void acpi_parse_madt(struct acpi_parser *p,
		     const struct acpi_table_header *root);

#endif
