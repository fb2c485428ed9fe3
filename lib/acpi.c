/*
 * ACPI table parsing (see lib/acpi.h). acpi_parse() walks RSDP -> RSDT or
 * XSDT -> each table, lists every table for the boot log, then reads the
 * FADT (PM1 control ports, reset register, the DSDT and its \_S5_ package)
 * and the MADT (CPUs, IOAPICs, overrides). Nothing is read except through
 * the caller's map callback, and only after the length that bounds it was
 * checked; each problem is noted in info->errors and parsing goes on with
 * whatever is still sound. acpi_find_rsdp() is the legacy BIOS search.
 */
#include "lib/acpi.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

_Static_assert(sizeof(struct acpi_table_rsdp) == 36, "RSDP layout");
_Static_assert(sizeof(struct acpi_table_header) == 36, "header layout");
_Static_assert(sizeof(struct acpi_generic_address) == 12, "GAS layout");
_Static_assert(offsetof(struct acpi_table_fadt, pm1a_control_block) == 64,
	       "FADT layout");
_Static_assert(offsetof(struct acpi_table_fadt, reset_register) == 116,
	       "FADT layout");
_Static_assert(offsetof(struct acpi_table_fadt, Xdsdt) == 140, "FADT layout");
_Static_assert(sizeof(struct acpi_table_fadt) == 276, "FADT layout");
_Static_assert(sizeof(struct acpi_table_madt) == 44, "MADT layout");
_Static_assert(sizeof(struct acpi_madt_local_x2apic) == 16, "x2APIC layout");

#define HDR_LEN sizeof(struct acpi_table_header)
#define RSDP_MAX_LEN 4096	/* the 2.0 RSDP is 36 bytes; allow a little */

/* The state of one parse: where results go, how memory is reached. */
struct acpi_parser {
	struct acpi_info *info;
	acpi_map_fn map;
	void *ctx;
	int err;		/* the first problem's errno, 0 if none */
};

/* True when field @f of struct acpi_table_fadt lies within @len bytes. */
#define FADT_HAS(len, f)                                                \
	(offsetof(struct acpi_table_fadt, f) +                          \
	 sizeof(((struct acpi_table_fadt *)0)->f) <= (len))

/* --- small helpers -------------------------------------------------------- */

static const void *acpi_map(struct acpi_parser *p, u64 phys, u64 len)
{
	if (len == 0 || phys + len < phys)
		return NULL;
	return p->map(phys, len, p->ctx);
}

static u8 acpi_checksum(const void *buf, u64 len)
{
	const u8 *b = buf;
	u8 sum = 0;

	while (len--)
		sum += *b++;
	return sum;
}

/* A little-endian integer of @n bytes: no alignment assumed. */
static u64 get_le(const u8 *b, unsigned int n)
{
	u64 v = 0;

	while (n--)
		v = (v << 8) | b[n];
	return v;
}

/*
 * Copy a fixed-size, space-padded firmware id into a C string. It ends at a
 * NUL, as Linux prints it; other unprintable bytes become '?' so a garbled
 * table cannot put control characters on the console.
 */
static void copy_id(char *dst, const char *src, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n && src[i]; i++)
		dst[i] = (src[i] >= 0x20 && src[i] < 0x7f) ? src[i] : '?';
	dst[i] = '\0';
}

/* A table signature is shown whole, even when it holds NULs. */
static void copy_sig(char dst[5], const char *src)
{
	unsigned int i;

	for (i = 0; i < 4; i++)
		dst[i] = (src[i] >= 0x20 && src[i] < 0x7f) ? src[i] : '?';
	dst[4] = '\0';
}

/* Note a problem: keep its message if there is room, and the first errno. */
__printf(3, 4) static void acpi_problem(struct acpi_parser *p, int err,
					const char *fmt, ...)
{
	struct acpi_info *info = p->info;
	va_list ap;

	if (info->nr_errors < ACPI_MAX_ERRORS) {
		va_start(ap, fmt);
		vscnprintf(info->errors[info->nr_errors], ACPI_ERROR_LEN, fmt,
			   ap);
		va_end(ap);
	}
	info->nr_errors++;
	if (!p->err)
		p->err = err;
}

/* --- tables --------------------------------------------------------------- */

/*
 * Map the table at @phys whole and check its length and checksum. Returns 0
 * and the table in *@table, or a negative errno; *@hdr gets the header
 * whenever it could be mapped, so even a bad table can be logged.
 */
static int acpi_table_get(struct acpi_parser *p, u64 phys,
			  const struct acpi_table_header **hdr,
			  const struct acpi_table_header **table)
{
	const struct acpi_table_header *h, *t;

	*hdr = *table = NULL;
	h = phys ? acpi_map(p, phys, HDR_LEN) : NULL;
	if (!h)
		return -EFAULT;
	*hdr = h;
	if (h->length < HDR_LEN || h->length > ACPI_MAX_TABLE_LEN)
		return -EINVAL;
	t = acpi_map(p, phys, h->length);
	if (!t)
		return -EFAULT;
	/* Firmware may change under us; trust only the whole mapping now. */
	if (t->length != h->length)
		return -EINVAL;
	*hdr = t;
	if (acpi_checksum(t, t->length) != 0)
		return -EBADMSG;
	*table = t;
	return 0;
}

/* Remember a table for the boot log. */
static void acpi_record(struct acpi_parser *p, u64 phys,
			const struct acpi_table_header *h, bool ok)
{
	struct acpi_info *info = p->info;
	struct acpi_table_desc *d;

	info->tables_found++;
	if (info->nr_tables >= ACPI_MAX_TABLES)
		return;
	d = &info->tables[info->nr_tables++];
	d->phys = phys;
	d->length = h->length;
	d->revision = h->revision;
	d->valid = ok;
	copy_sig(d->signature, h->signature);
	copy_id(d->oem_id, h->oem_id, sizeof(h->oem_id));
	copy_id(d->oem_table_id, h->oem_table_id, sizeof(h->oem_table_id));
	d->oem_revision = h->oem_revision;
	copy_id(d->asl_compiler_id, h->asl_compiler_id, 4);
	d->asl_compiler_revision = h->asl_compiler_revision;
}

static const char *table_error(int err)
{
	switch (err) {
	case -EFAULT:
		return "not mappable";
	case -EBADMSG:
		return "bad checksum";
	default:
		return "bad length";
	}
}

/*
 * Map, check and log the table at @phys that @what pointed to; when @sig is
 * given it must match. Returns the table, or NULL after noting the problem.
 */
static const struct acpi_table_header *
acpi_table_check(struct acpi_parser *p, u64 phys, const char *sig,
		 const char *what)
{
	const struct acpi_table_header *hdr, *t;
	char s[5];
	int err;

	err = acpi_table_get(p, phys, &hdr, &t);
	if (hdr)
		acpi_record(p, phys, hdr, err == 0);
	if (err && !hdr) {
		acpi_problem(p, err, "%s -> 0x%llx: not mappable", what,
			     (unsigned long long)phys);
		return NULL;
	}
	if (err) {
		copy_sig(s, hdr->signature);
		acpi_problem(p, err, "%s at 0x%llx (%s): %s", s,
			     (unsigned long long)phys, what, table_error(err));
		return NULL;
	}
	if (sig && memcmp(t->signature, sig, 4) != 0) {
		copy_sig(s, t->signature);
		acpi_problem(p, -EINVAL, "%s at 0x%llx is \"%s\", not %s",
			     what, (unsigned long long)phys, s, sig);
		return NULL;
	}
	return t;
}

/* --- RSDP and root table -------------------------------------------------- */

/* True when @r (20 bytes mapped) has the signature and the 1.0 checksum. */
static bool rsdp_v1_ok(const struct acpi_table_rsdp *r)
{
	return memcmp(r->signature, ACPI_SIG_RSDP, 8) == 0 &&
	       acpi_checksum(r, ACPI_RSDP_V1_SIZE) == 0;
}

/* The 2.0 part: returns the XSDT address, or 0 when it cannot be trusted. */
static u64 acpi_rsdp_v2(struct acpi_parser *p, u64 phys)
{
	const struct acpi_table_rsdp *r = acpi_map(p, phys, sizeof(*r));

	if (!r) {
		acpi_problem(p, -EFAULT, "RSDP v2 at 0x%llx: not mappable",
			     (unsigned long long)phys);
		return 0;
	}
	if (r->length < sizeof(*r) || r->length > RSDP_MAX_LEN ||
	    !(r = acpi_map(p, phys, r->length)) ||
	    acpi_checksum(r, r->length) != 0) {
		acpi_problem(p, -EINVAL,
			     "RSDP v2: bad length or checksum, using the RSDT");
		return 0;
	}
	p->info->rsdp_length = r->length;
	return r->xsdt_physical_address;
}

/*
 * Validate the RSDP at @phys and fill in its fields. Returns the RSDT and,
 * for a sound 2.0+ RSDP, the XSDT address (else 0); false if unusable.
 */
static bool acpi_parse_rsdp(struct acpi_parser *p, u64 phys, u64 *rsdt,
			    u64 *xsdt)
{
	struct acpi_info *info = p->info;
	const struct acpi_table_rsdp *r;

	r = phys ? acpi_map(p, phys, ACPI_RSDP_V1_SIZE) : NULL;
	if (!r) {
		acpi_problem(p, phys ? -EFAULT : -ENOENT, "no RSDP");
		return false;
	}
	if (!rsdp_v1_ok(r)) {
		acpi_problem(p, -EINVAL,
			     "RSDP at 0x%llx: bad signature or checksum",
			     (unsigned long long)phys);
		return false;
	}
	info->rsdp_phys = phys;
	info->revision = r->revision;
	info->rsdp_length = ACPI_RSDP_V1_SIZE;
	copy_id(info->oem_id, r->oem_id, sizeof(r->oem_id));
	*rsdt = r->rsdt_physical_address;
	*xsdt = r->revision >= 2 ? acpi_rsdp_v2(p, phys) : 0;
	return true;
}

/* The root table: the XSDT when there is a sound one, else the RSDT. */
static const struct acpi_table_header *acpi_pick_root(struct acpi_parser *p,
						      u64 rsdt, u64 xsdt)
{
	const struct acpi_table_header *root = NULL;

	if (xsdt)
		root = acpi_table_check(p, xsdt, ACPI_SIG_XSDT, "XSDT");
	if (root) {
		p->info->root_is_xsdt = true;
		p->info->root_phys = xsdt;
		return root;
	}
	root = acpi_table_check(p, rsdt, ACPI_SIG_RSDT, "RSDT");
	if (root)
		p->info->root_phys = rsdt;
	return root;
}

/* The number of entries in a root table, and the address of entry @i. */
static u32 root_entries(const struct acpi_table_header *root, bool xsdt)
{
	return (root->length - HDR_LEN) / (xsdt ? 8 : 4);
}

static u64 root_entry(const struct acpi_table_header *root, bool xsdt, u32 i)
{
	unsigned int size = xsdt ? 8 : 4;

	return get_le((const u8 *)(root + 1) + (u64)i * size, size);
}

/* Log every table the root lists, noting the unsound ones. */
static void acpi_list_tables(struct acpi_parser *p,
			     const struct acpi_table_header *root)
{
	bool xsdt = p->info->root_is_xsdt;
	u32 i, n = root_entries(root, xsdt);
	char what[24];

	for (i = 0; i < n; i++) {
		snprintf(what, sizeof(what), "%s entry %u",
			 xsdt ? "XSDT" : "RSDT", i);
		acpi_table_check(p, root_entry(root, xsdt, i), NULL, what);
	}
}

/* The first sound table with signature @sig that @root lists, or NULL. */
static const struct acpi_table_header *
acpi_get_table(struct acpi_parser *p, const struct acpi_table_header *root,
	       bool xsdt, const char *sig)
{
	const struct acpi_table_header *hdr, *t;
	u32 i, n = root_entries(root, xsdt);

	for (i = 0; i < n; i++) {
		if (acpi_table_get(p, root_entry(root, xsdt, i), &hdr, &t))
			continue;
		if (memcmp(t->signature, sig, 4) == 0)
			return t;
	}
	return NULL;
}

/* --- DSDT: \_S5_ ---------------------------------------------------------- */

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
static void acpi_parse_dsdt(struct acpi_parser *p,
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

/* --- FADT ----------------------------------------------------------------- */

/*
 * A PM1 control port: the X_ GAS when present, nonzero and in I/O space
 * (a port fits 16 bits), else the 1.0 32-bit block address.
 */
static u32 fadt_port(const struct acpi_generic_address *x, bool has_x,
		     u32 legacy)
{
	if (has_x && x->address && x->space_id == ACPI_ADR_SPACE_SYSTEM_IO &&
	    x->address <= 0xffff)
		return (u32)x->address;
	return legacy;
}

static void fadt_reset_reg(struct acpi_info *info,
			   const struct acpi_table_fadt *f, u32 len)
{
	const struct acpi_generic_address *r = &f->reset_register;

	if (!FADT_HAS(len, reset_value) ||
	    !(f->flags & ACPI_FADT_RESET_REGISTER) || !r->address ||
	    r->space_id > ACPI_ADR_SPACE_PCI_CONFIG)
		return;
	info->reset.valid = true;
	info->reset.space_id = r->space_id;
	info->reset.bit_width = r->bit_width;
	info->reset.address = r->address;
	info->reset.value = f->reset_value;
}

/* The DSDT: X_DSDT when nonzero, the 32-bit pointer if that one fails. */
static void fadt_dsdt(struct acpi_parser *p, const struct acpi_table_fadt *f,
		      u32 len)
{
	const struct acpi_table_header *dsdt = NULL;
	u64 x = FADT_HAS(len, Xdsdt) ? f->Xdsdt : 0;
	u64 legacy = FADT_HAS(len, dsdt) ? f->dsdt : 0;
	u64 phys = x;

	if (x)
		dsdt = acpi_table_check(p, x, ACPI_SIG_DSDT, "FADT X_DSDT");
	if (!dsdt && legacy && legacy != x) {
		phys = legacy;
		dsdt = acpi_table_check(p, legacy, ACPI_SIG_DSDT, "FADT DSDT");
	}
	if (!dsdt) {
		if (!x && !legacy)
			acpi_problem(p, -ENOENT, "FADT: no DSDT");
		return;
	}
	p->info->dsdt_phys = phys;
	acpi_parse_dsdt(p, dsdt);
}

static void acpi_parse_fadt(struct acpi_parser *p,
			    const struct acpi_table_header *root)
{
	const struct acpi_table_fadt *f;
	struct acpi_info *info = p->info;
	u32 len;

	f = (const void *)acpi_get_table(p, root, info->root_is_xsdt,
					    ACPI_SIG_FADT);
	if (!f) {
		acpi_problem(p, -ENOENT, "no valid FADT (FACP)");
		return;
	}
	len = f->header.length;
	info->fadt_valid = true;
	if (FADT_HAS(len, sci_interrupt))
		info->sci_irq = f->sci_interrupt;
	if (FADT_HAS(len, pm1b_control_block)) {
		info->pm1a_cnt = fadt_port(&f->xpm1a_control_block,
					   FADT_HAS(len, xpm1a_control_block),
					   f->pm1a_control_block);
		info->pm1b_cnt = fadt_port(&f->xpm1b_control_block,
					   FADT_HAS(len, xpm1b_control_block),
					   f->pm1b_control_block);
	}
	if (!info->pm1a_cnt && FADT_HAS(len, flags) &&
	    (f->flags & ACPI_FADT_HW_REDUCED))
		acpi_problem(p, -ENODEV, "FADT: hardware-reduced ACPI, no PM1");
	else if (!info->pm1a_cnt)
		acpi_problem(p, -ENODEV, "FADT: no PM1a control block");
	fadt_reset_reg(info, f, len);
	fadt_dsdt(p, f, len);
}

/* --- MADT ----------------------------------------------------------------- */

static void madt_add_cpu(struct acpi_info *info, u32 apic_id, u32 uid,
			 u32 flags)
{
	u32 i;

	if (!(flags & ACPI_MADT_ENABLED)) {
		info->nr_cpus_disabled++;
		return;
	}
	/* Firmware may list a CPU both as local APIC and as x2APIC. */
	for (i = 0; i < info->nr_cpus; i++)
		if (info->cpu_apic_id[i] == apic_id)
			return;
	if (info->nr_cpus >= ACPI_MAX_CPUS) {
		info->nr_cpus_dropped++;
		return;
	}
	info->cpu_apic_id[info->nr_cpus] = apic_id;
	info->cpu_uid[info->nr_cpus++] = uid;
}

static void madt_add_ioapic(struct acpi_parser *p,
			    const struct acpi_madt_io_apic *e)
{
	struct acpi_info *info = p->info;
	struct acpi_ioapic *io;

	if (info->nr_ioapics >= ACPI_MAX_IOAPICS) {
		acpi_problem(p, -ENOSPC, "MADT: more than %d IOAPICs",
			     ACPI_MAX_IOAPICS);
		return;
	}
	io = &info->ioapic[info->nr_ioapics++];
	io->id = e->id;
	io->phys = e->address;
	io->gsi_base = e->global_irq_base;
}

static void madt_add_override(struct acpi_info *info,
			      const struct acpi_madt_interrupt_override *e)
{
	struct acpi_isa_override *o;

	/* Only ISA (bus 0) overrides exist in practice. */
	if (e->bus != 0 || e->source_irq >= 16)
		return;
	o = &info->isa_override[e->source_irq];
	o->present = true;
	o->gsi = e->global_irq;
	o->flags = e->inti_flags;
}

static void madt_add_nmi(struct acpi_info *info, u32 uid, u16 flags, u8 lint)
{
	struct acpi_lapic_nmi *n;

	if (info->nr_lapic_nmis >= ACPI_MAX_LAPIC_NMIS)
		return;
	n = &info->lapic_nmi[info->nr_lapic_nmis++];
	n->processor_uid = uid;
	n->flags = flags;
	n->lint = lint;
}

/* The smallest valid length of each entry type we read; 0: not read. */
static const u8 madt_entry_size[] = {
	[ACPI_MADT_TYPE_LOCAL_APIC] = sizeof(struct acpi_madt_local_apic),
	[ACPI_MADT_TYPE_IO_APIC] = sizeof(struct acpi_madt_io_apic),
	[ACPI_MADT_TYPE_INTERRUPT_OVERRIDE] =
		sizeof(struct acpi_madt_interrupt_override),
	[ACPI_MADT_TYPE_LOCAL_APIC_NMI] =
		sizeof(struct acpi_madt_local_apic_nmi),
	[ACPI_MADT_TYPE_LOCAL_APIC_OVERRIDE] =
		sizeof(struct acpi_madt_local_apic_override),
	[ACPI_MADT_TYPE_LOCAL_X2APIC] = sizeof(struct acpi_madt_local_x2apic),
};

/* One MADT entry whose length was checked to cover its structure. */
static void madt_entry(struct acpi_parser *p,
		       const struct acpi_subtable_header *e)
{
	struct acpi_info *info = p->info;
	const struct acpi_madt_local_apic *la = (const void *)e;
	const struct acpi_madt_local_x2apic *x2 = (const void *)e;
	const struct acpi_madt_local_apic_nmi *nmi = (const void *)e;
	const struct acpi_madt_local_apic_override *ov = (const void *)e;

	switch (e->type) {
	case ACPI_MADT_TYPE_LOCAL_APIC:
		if (la->id != 0xff)	/* 0xff: broadcast, never a CPU */
			madt_add_cpu(info, la->id, la->processor_id,
				     la->lapic_flags);
		break;
	case ACPI_MADT_TYPE_LOCAL_X2APIC:
		if (x2->local_apic_id != 0xffffffff)
			madt_add_cpu(info, x2->local_apic_id, x2->uid,
				     x2->lapic_flags);
		break;
	case ACPI_MADT_TYPE_IO_APIC:
		madt_add_ioapic(p, (const void *)e);
		break;
	case ACPI_MADT_TYPE_INTERRUPT_OVERRIDE:
		madt_add_override(info, (const void *)e);
		break;
	case ACPI_MADT_TYPE_LOCAL_APIC_NMI:
		madt_add_nmi(info, nmi->processor_id, nmi->inti_flags,
			     nmi->lint);
		break;
	case ACPI_MADT_TYPE_LOCAL_APIC_OVERRIDE:
		if (ov->address)
			info->lapic_phys = ov->address;
		break;
	}
}

static void acpi_parse_madt(struct acpi_parser *p,
			    const struct acpi_table_header *root)
{
	const struct acpi_table_madt *m;
	const struct acpi_subtable_header *e;
	struct acpi_info *info = p->info;
	u32 off, len;

	m = (const void *)acpi_get_table(p, root, info->root_is_xsdt,
					    ACPI_SIG_MADT);
	if (!m || m->header.length < sizeof(*m)) {
		acpi_problem(p, -ENOENT, "no valid MADT (APIC)");
		return;
	}
	info->madt_valid = true;
	info->lapic_phys = m->address;
	info->pcat_compat = m->flags & ACPI_MADT_PCAT_COMPAT;
	len = m->header.length;
	for (off = sizeof(*m); off + 2 <= len; off += e->length) {
		e = (const void *)((const u8 *)m + off);
		if (e->length < 2 || e->length > len - off) {
			acpi_problem(p, -EINVAL,
				     "MADT: entry at offset %u: bad length %u",
				     off, e->length);
			return;
		}
		if (e->type >= sizeof(madt_entry_size) ||
		    !madt_entry_size[e->type])
			continue;
		if (e->length < madt_entry_size[e->type]) {
			acpi_problem(p, -EINVAL,
				     "MADT: type %u entry too short (%u)",
				     e->type, e->length);
			continue;
		}
		madt_entry(p, e);
	}
	if (info->nr_cpus_dropped)
		acpi_problem(p, -ENOSPC,
			     "MADT: %u CPUs beyond the %d supported",
			     info->nr_cpus_dropped, ACPI_MAX_CPUS);
}

/* --- the API -------------------------------------------------------------- */

int acpi_parse(struct acpi_info *info, u64 rsdp_phys, acpi_map_fn map,
	       void *ctx)
{
	struct acpi_parser p = { .info = info, .map = map, .ctx = ctx };
	const struct acpi_table_header *root;
	u64 rsdt, xsdt;

	memset(info, 0, sizeof(*info));
	if (!acpi_parse_rsdp(&p, rsdp_phys, &rsdt, &xsdt))
		return p.err;
	root = acpi_pick_root(&p, rsdt, xsdt);
	if (!root)
		return p.err;
	info->valid = true;
	acpi_list_tables(&p, root);
	acpi_parse_fadt(&p, root);
	acpi_parse_madt(&p, root);
	return p.err;
}

const struct acpi_table_header *acpi_find_table(const struct acpi_info *info,
						const char *sig,
						acpi_map_fn map, void *ctx)
{
	struct acpi_parser p = { .map = map, .ctx = ctx };
	const struct acpi_table_header *hdr, *t;
	u64 phys = info->root_phys;

	if (!info->valid)
		return NULL;
	if (memcmp(sig, ACPI_SIG_DSDT, 4) == 0)
		phys = info->dsdt_phys;
	if (acpi_table_get(&p, phys, &hdr, &t) != 0)
		return NULL;
	if (memcmp(sig, ACPI_SIG_DSDT, 4) == 0)
		return memcmp(t->signature, sig, 4) == 0 ? t : NULL;
	return acpi_get_table(&p, t, info->root_is_xsdt, sig);
}

/* Scan [start, start + len) on 16-byte boundaries for a valid RSDP. */
static u64 rsdp_scan(struct acpi_parser *p, u64 start, u64 len)
{
	const u8 *area = acpi_map(p, start, len);
	const struct acpi_table_rsdp *r;
	u64 off;

	if (!area)
		return 0;
	for (off = 0; off + ACPI_RSDP_V1_SIZE <= len; off += 16) {
		r = (const void *)(area + off);
		if (rsdp_v1_ok(r))
			return start + off;
	}
	return 0;
}

u64 acpi_find_rsdp(acpi_map_fn map, void *ctx)
{
	struct acpi_parser p = { .map = map, .ctx = ctx };
	const u8 *bda = acpi_map(&p, 0x40e, 2);
	u64 ebda = bda ? get_le(bda, 2) << 4 : 0;
	u64 found = 0;

	/* The EBDA lives below the 640 KiB hole; anything else is junk. */
	if (ebda >= 0x400 && ebda < 0xa0000)
		found = rsdp_scan(&p, ebda, 1024);
	if (!found)
		found = rsdp_scan(&p, 0xe0000, 0x20000);
	return found;
}
