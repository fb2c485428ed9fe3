/*
 * The DSDT's \_S5_ object: the SLP_TYP values that put the machine into
 * soft-off (S5), which power-off writes to the PM1 control ports.
 * The AML is scanned for the name, not run: enough for a package of
 * constants, which is what QEMU and most firmware provide. Every read is
 * bounded by the table's length (see lib/acpi_internal.h).
 */
#include "lib/acpi_internal.h"
#include "lib/errno.h"
#include "lib/string.h"

/* AML opcodes the \_S5_ package uses (ACPI spec, "AML Specification"). */
#define AML_ZERO_OP 0x00
#define AML_ONE_OP 0x01
#define AML_NAME_OP 0x08
#define AML_BYTE_PREFIX 0x0a
#define AML_WORD_PREFIX 0x0b
#define AML_DWORD_PREFIX 0x0c
#define AML_QWORD_PREFIX 0x0e
#define AML_PACKAGE_OP 0x12
#define AML_ROOT_CHAR 0x5c
#define AML_ONES_OP 0xff

/*
 * Decode the PkgLength at aml[*pos]: 1 byte (6 bits), or a lead byte whose
 * top two bits count 1-3 more bytes (its low 4 bits come first). Returns
 * the end of the package, bounded by @end, and moves *pos past the field.
 */
static bool aml_pkg_length(const u8 *aml, u32 end, u32 *pos, u32 *pkg_end)
{
	u32 start = *pos, lead, extra, len, i;

	if (start >= end)
		return false;
	lead = aml[start];
	extra = lead >> 6;
	if (end - start < 1 + extra)
		return false;
	len = extra ? lead & 0x0f : lead & 0x3f;
	for (i = 0; i < extra; i++)
		len |= (u32)aml[start + 1 + i] << (4 + 8 * i);
	if (len < 1 + extra || len > end - start)
		return false;
	*pos = start + 1 + extra;
	*pkg_end = start + len;
	return true;
}

/* Decode one integer data object at aml[*pos], within @end. */
static bool aml_integer(const u8 *aml, u32 end, u32 *pos, u64 *val)
{
	static const u8 size[] = {
		[AML_BYTE_PREFIX] = 1, [AML_WORD_PREFIX] = 2,
		[AML_DWORD_PREFIX] = 4, [AML_QWORD_PREFIX] = 8,
	};
	u8 op;

	if (*pos >= end)
		return false;
	op = aml[(*pos)++];
	if (op == AML_ZERO_OP || op == AML_ONE_OP || op == AML_ONES_OP) {
		*val = op == AML_ONES_OP ? ~0ull : op;
		return true;
	}
	if (op >= sizeof(size) || !size[op] || end - *pos < size[op])
		return false;
	*val = get_le(aml + *pos, size[op]);
	*pos += size[op];
	return true;
}

/*
 * Parse "Package (n) { SLP_TYPa, SLP_TYPb, ... }" at aml[pos]. A package
 * of one integer holds both values, a in its low byte and b in the next,
 * as ACPICA reads it.
 */
static bool aml_parse_s5(const u8 *aml, u32 end, u32 pos, u8 *a, u8 *b)
{
	u64 va, vb;
	u32 n;

	if (pos >= end || aml[pos++] != AML_PACKAGE_OP ||
	    !aml_pkg_length(aml, end, &pos, &end) || pos >= end)
		return false;
	n = aml[pos++];
	if (n == 0 || !aml_integer(aml, end, &pos, &va))
		return false;
	if (n == 1)
		vb = va >> 8;
	else if (!aml_integer(aml, end, &pos, &vb))
		return false;
	*a = (u8)va;
	*b = (u8)vb;
	return true;
}

/* True when the name at aml[i] is the object of a NameOp: Name(\_S5_, ...). */
static bool aml_is_name_decl(const u8 *aml, u32 i)
{
	if (i >= 1 && aml[i - 1] == AML_NAME_OP)
		return true;
	return i >= 2 && aml[i - 1] == AML_ROOT_CHAR &&
	       aml[i - 2] == AML_NAME_OP;
}

/*
 * Find the \_S5_ object by scanning the AML for its name, as small kernels
 * do instead of running an interpreter: good enough for a package of
 * constants, which is what QEMU and most firmware provide.
 */
void acpi_parse_dsdt(struct acpi_parser *p,
		     const struct acpi_table_header *dsdt)
{
	const u8 *aml = (const u8 *)(dsdt + 1);
	u32 len = dsdt->length - HDR_LEN, i;
	struct acpi_info *info = p->info;

	for (i = 0; i + 4 <= len; i++) {
		if (aml[i] != '_' || memcmp(aml + i, "_S5_", 4) != 0 ||
		    !aml_is_name_decl(aml, i))
			continue;
		if (aml_parse_s5(aml, len, i + 4, &info->slp_typa,
				 &info->slp_typb)) {
			info->s5_valid = true;
			return;
		}
	}
	acpi_problem(p, -ENOENT, "DSDT: no usable \\_S5_ object");
}
