/*
 * ACPI table parsing (see lib/acpi.h). acpi_parse() walks RSDP -> RSDT or
 * XSDT -> each table, lists every table for the boot log, then reads the
 * FADT (PM1 control ports, reset register, the DSDT, whose \_S5_ package
 * lib/acpi_aml.c finds) and the MADT (CPUs, IOAPICs, overrides:
 * lib/acpi_madt.c). Nothing is read except through the caller's map
 * callback, and only after the length that bounds it was checked; each
 * problem is noted in info->errors and parsing goes on with whatever is
 * still sound. acpi_find_rsdp() is the legacy BIOS search.
 */
#include "lib/acpi_internal.h"
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

#define RSDP_MAX_LEN 4096	/* the 2.0 RSDP is 36 bytes; allow a little */


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
u64 get_le(const u8 *b, unsigned int n)
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
void acpi_problem(struct acpi_parser *p, int err, const char *fmt, ...)
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
const struct acpi_table_header *
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
