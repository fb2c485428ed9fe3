/*
 * Host tests for lib/acpi.c. A 2 MiB buffer stands for physical memory; the
 * tests build QEMU-like tables in it (RSDP v0 and v2, RSDT, XSDT, FADT,
 * DSDT, MADT) and check what acpi_parse() reads from them: PM1 ports, reset
 * register, \_S5_ in every integer and PkgLength encoding, CPUs, IOAPICs,
 * overrides. Then come corrupt tables of every kind and a seeded random
 * corruption run. The map callback hands out an exact-size heap copy of
 * each range it allows, so under valgrind any read past what the parser
 * asked for is an error: run it with `valgrind -q --error-exitcode=1`.
 */
#include "tests/host/htest.h"
#include "lib/acpi.h"
#include "lib/errno.h"
#include "lib/string.h"

#define MEM_SIZE 0x200000

/* Where the standard layout puts things. */
#define RSDP_PHYS 0xf5a50
#define RSDT_PHYS 0x10000
#define XSDT_PHYS 0x11000
#define FADT_PHYS 0x12000
#define DSDT_PHYS 0x13000
#define MADT_PHYS 0x14000
#define FADT2_PHYS 0x15000
#define DSDT2_PHYS 0x16000
#define SPARE_PHYS 0x20000	/* 64 KiB and up: free for big tables */

static u8 mem[MEM_SIZE];

/* --- the map callback ----------------------------------------------------- */

static void **maps;
static unsigned int nr_maps, max_maps;
static u64 map_calls, map_max_len;
static int map_ctx_magic;

static void track(void *copy)
{
	if (nr_maps == max_maps) {
		max_maps = max_maps ? 2 * max_maps : 256;
		maps = realloc(maps, max_maps * sizeof(*maps));
		if (!maps) {
			printf("Bail out! out of memory\n");
			exit(2);
		}
	}
	maps[nr_maps++] = copy;
}

/* A fresh copy of exactly [phys, phys + len): reading past it is caught. */
static const void *test_map(u64 phys, u64 len, void *ctx)
{
	void *copy;

	map_calls++;
	if (ctx != &map_ctx_magic) {
		printf("# map called with a wrong ctx\n");
		return NULL;
	}
	if (phys >= MEM_SIZE || len > MEM_SIZE - phys)
		return NULL;
	if (len > map_max_len)
		map_max_len = len;
	copy = malloc(len);
	if (!copy) {
		printf("Bail out! out of memory\n");
		exit(2);
	}
	memcpy(copy, mem + phys, len);
	track(copy);
	return copy;
}

static void unmap_all(void)
{
	while (nr_maps)
		free(maps[--nr_maps]);
}

static void dump_errors(const struct acpi_info *info)
{
	unsigned int i;

	for (i = 0; i < info->nr_errors && i < ACPI_MAX_ERRORS; i++)
		printf("#   error: %s\n", info->errors[i]);
}

static int parse(struct acpi_info *info, u64 rsdp)
{
	int ret = acpi_parse(info, rsdp, test_map, &map_ctx_magic);

	unmap_all();
	return ret;
}

/* --- table builders ------------------------------------------------------- */

static void put_le(u64 phys, u64 v, unsigned int n)
{
	while (n--) {
		mem[phys++] = (u8)v;
		v >>= 8;
	}
}

static u8 sum(const u8 *b, u64 len)
{
	u8 s = 0;

	while (len--)
		s += *b++;
	return s;
}

static struct acpi_table_header *hdr_at(u64 phys)
{
	return (struct acpi_table_header *)(mem + phys);
}

static void fix_sum(u64 phys)
{
	struct acpi_table_header *h = hdr_at(phys);

	h->checksum = 0;
	h->checksum = (u8)-sum(mem + phys, h->length);
}

static void make_header(u64 phys, const char *sig, u32 len, u8 rev)
{
	struct acpi_table_header *h = hdr_at(phys);

	memset(h, 0, sizeof(*h));
	memcpy(h->signature, sig, 4);
	h->length = len;
	h->revision = rev;
	memcpy(h->oem_id, "BOCHS ", 6);
	memcpy(h->oem_table_id, "BXPC    ", 8);
	h->oem_revision = 1;
	memcpy(h->asl_compiler_id, "BXPC", 4);
	h->asl_compiler_revision = 1;
}

static void make_rsdp(u64 phys, u8 rev, u32 rsdt, u64 xsdt)
{
	struct acpi_table_rsdp *r = (void *)(mem + phys);

	memset(r, 0, sizeof(*r));
	memcpy(r->signature, ACPI_SIG_RSDP, 8);
	memcpy(r->oem_id, "BOCHS ", 6);
	r->revision = rev;
	r->rsdt_physical_address = rsdt;
	r->checksum = (u8)-sum(mem + phys, ACPI_RSDP_V1_SIZE);
	if (rev < 2)
		return;
	r->length = sizeof(*r);
	r->xsdt_physical_address = xsdt;
	r->extended_checksum = (u8)-sum(mem + phys, sizeof(*r));
}

static void make_root(u64 phys, bool xsdt, const u64 *entries, u32 n)
{
	unsigned int size = xsdt ? 8 : 4;
	u32 i;

	make_header(phys, xsdt ? "XSDT" : "RSDT", 36 + n * size, 1);
	for (i = 0; i < n; i++)
		put_le(phys + 36 + i * size, entries[i], size);
	fix_sum(phys);
}

static struct acpi_table_fadt *fadt_at(u64 phys)
{
	return (struct acpi_table_fadt *)(mem + phys);
}

/* A QEMU-like FADT of @len bytes (116: ACPI 1.0, 244: 2.0+ with X_ fields). */
static void make_fadt(u64 phys, u32 len, u32 dsdt, u64 xdsdt)
{
	struct acpi_table_fadt *f = fadt_at(phys);

	memset(f, 0, sizeof(*f));
	make_header(phys, "FACP", len, len >= 244 ? 3 : 1);
	f->dsdt = dsdt;
	f->sci_interrupt = 9;
	f->smi_command = 0xb2;
	f->pm1a_event_block = 0x600;
	f->pm1a_control_block = 0x604;
	f->pm_timer_block = 0x608;
	f->pm1_control_length = 2;
	if (len >= 244) {
		f->flags = ACPI_FADT_RESET_REGISTER;
		f->reset_register.space_id = ACPI_ADR_SPACE_SYSTEM_IO;
		f->reset_register.bit_width = 8;
		f->reset_register.address = 0xcf9;
		f->reset_value = 6;
		f->Xdsdt = xdsdt;
		f->xpm1a_control_block.space_id = ACPI_ADR_SPACE_SYSTEM_IO;
		f->xpm1a_control_block.bit_width = 16;
		f->xpm1a_control_block.address = 0x604;
	}
	fix_sum(phys);
}

/* Append integer @v encoded with opcode @op; returns the bytes written. */
static u32 aml_int(u8 *o, u8 op, u64 v)
{
	unsigned int n = op == 0x0a ? 1 : op == 0x0b ? 2 : op == 0x0c ? 4 :
			 op == 0x0e ? 8 : 0;
	unsigned int i;

	o[0] = op;
	for (i = 0; i < n; i++)
		o[1 + i] = (u8)(v >> (8 * i));
	return 1 + n;
}

/* Encode PkgLength @len in @nbytes bytes (1-4); returns @nbytes. */
static u32 aml_pkglen(u8 *o, u32 len, unsigned int nbytes)
{
	unsigned int i;

	if (nbytes == 1) {
		o[0] = (u8)len;
		return 1;
	}
	o[0] = (u8)(((nbytes - 1) << 6) | (len & 0x0f));
	for (i = 1; i < nbytes; i++)
		o[i] = (u8)(len >> (4 + 8 * (i - 1)));
	return nbytes;
}

struct s5_spec {
	bool root;		/* Name(\_S5_ ...) rather than Name(_S5_ ...) */
	u8 op_a, op_b;		/* integer encodings */
	u64 a, b;
	unsigned int nelem;	/* NumElements: 1, 2 or 4 */
	unsigned int nbytes;	/* PkgLength size */
	u32 pad;		/* extra ZeroOp elements, to grow the package */
};

/*
 * Write AML with a decoy "_S5_" reference first, then the real
 * Name(_S5_, Package) and some trailing opcodes. Returns the length; the
 * offset just past the package goes to *@pkg_end.
 */
static u32 aml_s5(u8 *o, const struct s5_spec *s, u32 *pkg_end)
{
	u8 body[8192];
	u32 n = 0, b = 0, len, i;

	/* Store(_S5_, Local0): the name, but not a NameOp declaration. */
	memcpy(o + n, "\x70_S5_\x60", 6);
	n += 6;
	o[n++] = 0x08;
	if (s->root)
		o[n++] = '\\';
	memcpy(o + n, "_S5_", 4);
	n += 4;
	o[n++] = 0x12;
	body[b++] = (u8)s->nelem;
	b += aml_int(body + b, s->op_a, s->a);
	if (s->nelem > 1)
		b += aml_int(body + b, s->op_b, s->b);
	for (i = 0; i < s->pad; i++)
		body[b++] = 0x00;
	len = s->nbytes + b;
	n += aml_pkglen(o + n, len, s->nbytes);
	memcpy(o + n, body, b);
	n += b;
	*pkg_end = n;
	memcpy(o + n, "\xa3\xa3\x5b\x80", 4);	/* trailing NoOps and junk */
	return n + 4;
}

static void make_dsdt(u64 phys, const u8 *aml, u32 n)
{
	make_header(phys, "DSDT", 36 + n, 1);
	memcpy(mem + phys + 36, aml, n);
	fix_sum(phys);
}

/* A DSDT holding Name(\_S5_, Package(4) {a, b, 0, 0}) as QEMU writes it. */
static void make_dsdt_s5(u64 phys, u8 a, u8 b)
{
	struct s5_spec s = { true, 0x0a, 0x0a, a, b, 4, 1, 2 };
	u8 aml[256];
	u32 end;

	make_dsdt(phys, aml, aml_s5(aml, &s, &end));
}

/* MADT construction: entries are appended, madt_end() seals the table. */
struct madt {
	u64 phys;
	u32 len;
};

static void madt_begin(struct madt *m, u64 phys, u32 lapic)
{
	struct acpi_table_madt *t = (void *)(mem + phys);

	m->phys = phys;
	m->len = sizeof(*t);
	make_header(phys, "APIC", m->len, 1);
	t->address = lapic;
	t->flags = ACPI_MADT_PCAT_COMPAT;
}

static u64 madt_add(struct madt *m, u8 type, u8 len)
{
	u64 e = m->phys + m->len;

	memset(mem + e, 0, len >= 2 ? len : 2);
	mem[e] = type;
	mem[e + 1] = len;
	m->len += len;
	return e;
}

static void madt_lapic(struct madt *m, u8 uid, u8 id, u32 flags)
{
	u64 e = madt_add(m, 0, 8);

	mem[e + 2] = uid;
	mem[e + 3] = id;
	put_le(e + 4, flags, 4);
}

static void madt_x2apic(struct madt *m, u32 id, u32 uid, u32 flags)
{
	u64 e = madt_add(m, 9, 16);

	put_le(e + 4, id, 4);
	put_le(e + 8, flags, 4);
	put_le(e + 12, uid, 4);
}

static void madt_ioapic(struct madt *m, u8 id, u32 addr, u32 gsi)
{
	u64 e = madt_add(m, 1, 12);

	mem[e + 2] = id;
	put_le(e + 4, addr, 4);
	put_le(e + 8, gsi, 4);
}

static void madt_iso(struct madt *m, u8 bus, u8 irq, u32 gsi, u16 flags)
{
	u64 e = madt_add(m, 2, 10);

	mem[e + 2] = bus;
	mem[e + 3] = irq;
	put_le(e + 4, gsi, 4);
	put_le(e + 8, flags, 2);
}

static void madt_nmi(struct madt *m, u8 uid, u16 flags, u8 lint)
{
	u64 e = madt_add(m, 4, 6);

	mem[e + 2] = uid;
	put_le(e + 3, flags, 2);
	mem[e + 5] = lint;
}

static void madt_end(struct madt *m)
{
	hdr_at(m->phys)->length = m->len;
	fix_sum(m->phys);
}

/* QEMU's MADT for @ncpus CPUs: one IOAPIC, its usual overrides. */
static void make_madt(u64 phys, unsigned int ncpus)
{
	struct madt m;
	unsigned int i;

	madt_begin(&m, phys, 0xfee00000);
	for (i = 0; i < ncpus; i++)
		madt_lapic(&m, i, i, ACPI_MADT_ENABLED);
	madt_ioapic(&m, 0, 0xfec00000, 0);
	madt_iso(&m, 0, 0, 2, 0);
	madt_iso(&m, 0, 5, 5, ACPI_MADT_TRIGGER_LEVEL | 1);
	madt_iso(&m, 0, 9, 9, ACPI_MADT_TRIGGER_LEVEL | 1);
	madt_iso(&m, 0, 10, 10, ACPI_MADT_TRIGGER_LEVEL | 1);
	madt_iso(&m, 0, 11, 11, ACPI_MADT_TRIGGER_LEVEL | 1);
	madt_nmi(&m, 0xff, 0, 1);
	madt_end(&m);
}

/*
 * The standard layout: RSDP (v0 or v2) -> RSDT [FADT, MADT] and, for v2,
 * XSDT [FADT2, MADT]; FADT -> DSDT (S5 = 5, 6), FADT2 -> DSDT2 (S5 = 7, 0)
 * with other PM1 ports, so a test can tell which root was used.
 */
static bool fast_wipe;

static u64 std_layout(u8 rev, unsigned int ncpus)
{
	u64 rsdt[] = { FADT_PHYS, MADT_PHYS };
	u64 xsdt[] = { FADT2_PHYS, MADT_PHYS };

	/* The fuzz run dirties only the table slots and the RSDP. */
	memset(mem, 0, fast_wipe ? 0 : 0x100000);
	memset(mem + RSDT_PHYS, 0, SPARE_PHYS - RSDT_PHYS);
	memset(mem + RSDP_PHYS, 0, 64);
	put_le(0x40e, 0x9fc0, 2);	/* an EBDA, without an RSDP in it */
	make_dsdt_s5(DSDT_PHYS, 5, 6);
	make_dsdt_s5(DSDT2_PHYS, 7, 0);
	make_fadt(FADT_PHYS, 116, DSDT_PHYS, 0);
	make_fadt(FADT2_PHYS, 244, 0, DSDT2_PHYS);
	fadt_at(FADT2_PHYS)->xpm1a_control_block.address = 0xb004;
	fadt_at(FADT2_PHYS)->pm1a_control_block = 0xb004;
	fix_sum(FADT2_PHYS);
	make_madt(MADT_PHYS, ncpus);
	make_root(RSDT_PHYS, false, rsdt, 2);
	if (rev >= 2)
		make_root(XSDT_PHYS, true, xsdt, 2);
	make_rsdp(RSDP_PHYS, rev, RSDT_PHYS, rev >= 2 ? XSDT_PHYS : 0);
	return RSDP_PHYS;
}

/* True when every kept error message is a terminated string. */
static bool errors_terminated(const struct acpi_info *info)
{
	unsigned int i;

	for (i = 0; i < ACPI_MAX_ERRORS; i++)
		if (!memchr(info->errors[i], 0, ACPI_ERROR_LEN))
			return false;
	return true;
}

/* --- good tables ---------------------------------------------------------- */

static void test_v0(void)
{
	struct acpi_info info;
	int ret = parse(&info, std_layout(0, 2));

	CHECK(ret == 0 && info.nr_errors == 0, "v0: parses cleanly (%d)", ret);
	dump_errors(&info);
	CHECK(info.valid && info.revision == 0 && !info.root_is_xsdt &&
	      info.root_phys == RSDT_PHYS, "v0: RSDT used");
	CHECK(strcmp(info.oem_id, "BOCHS ") == 0 && info.rsdp_length == 20 &&
	      info.rsdp_phys == RSDP_PHYS, "v0: RSDP fields");
	CHECK(info.fadt_valid && info.pm1a_cnt == 0x604 && info.pm1b_cnt == 0 &&
	      info.sci_irq == 9, "v0: FADT PM1a 0x604, SCI 9");
	CHECK(!info.reset.valid, "v0: a 1.0 FADT has no reset register");
	CHECK(info.dsdt_phys == DSDT_PHYS && info.s5_valid &&
	      info.slp_typa == 5 && info.slp_typb == 6, "v0: \\_S5_ = 5, 6");
	CHECK(info.madt_valid && info.lapic_phys == 0xfee00000 &&
	      info.pcat_compat, "v0: MADT LAPIC address, PCAT_COMPAT");
	CHECK(info.nr_cpus == 2 && info.cpu_apic_id[0] == 0 &&
	      info.cpu_apic_id[1] == 1, "v0: 2 CPUs");
	CHECK(info.nr_ioapics == 1 && info.ioapic[0].phys == 0xfec00000 &&
	      info.ioapic[0].gsi_base == 0 && info.ioapic[0].id == 0,
	      "v0: IOAPIC");
	CHECK(info.tables_found == 4 && info.nr_tables == 4 &&
	      strcmp(info.tables[0].signature, "RSDT") == 0 &&
	      strcmp(info.tables[1].signature, "FACP") == 0 &&
	      strcmp(info.tables[2].signature, "APIC") == 0 &&
	      strcmp(info.tables[3].signature, "DSDT") == 0,
	      "v0: tables RSDT FACP APIC DSDT (%u)", info.tables_found);
	CHECK(info.tables[1].phys == FADT_PHYS &&
	      info.tables[1].length == 116 && info.tables[1].valid &&
	      strcmp(info.tables[1].oem_table_id, "BXPC    ") == 0 &&
	      strcmp(info.tables[1].asl_compiler_id, "BXPC") == 0,
	      "v0: FACP log entry");
	CHECK(map_max_len <= ACPI_MAX_TABLE_LEN, "v0: no oversized mapping");
}

static void test_overrides(void)
{
	struct acpi_info info;
	u16 flags;

	parse(&info, std_layout(0, 1));
	CHECK(acpi_isa_irq_to_gsi(&info, 0, &flags) == 2 && flags == 0,
	      "override: IRQ0 -> GSI 2");
	CHECK(acpi_isa_irq_to_gsi(&info, 9, &flags) == 9 &&
	      (flags & ACPI_MADT_TRIGGER_MASK) == ACPI_MADT_TRIGGER_LEVEL &&
	      (flags & ACPI_MADT_POLARITY_MASK) ==
		      ACPI_MADT_POLARITY_ACTIVE_HIGH,
	      "override: IRQ9 level, active high");
	CHECK(acpi_isa_irq_to_gsi(&info, 4, &flags) == 4 && flags == 0 &&
	      !info.isa_override[4].present, "override: IRQ4 identity");
	CHECK(acpi_isa_irq_to_gsi(&info, 200, &flags) == 200,
	      "override: out-of-range IRQ is identity");
	CHECK(info.nr_lapic_nmis == 1 &&
	      info.lapic_nmi[0].processor_uid == 0xff &&
	      info.lapic_nmi[0].lint == 1, "LAPIC NMI: all CPUs, LINT1");
}

static void test_v2(void)
{
	struct acpi_info info;
	int ret = parse(&info, std_layout(2, 4));

	CHECK(ret == 0 && info.nr_errors == 0, "v2: parses cleanly (%d)", ret);
	dump_errors(&info);
	CHECK(info.valid && info.revision == 2 && info.root_is_xsdt &&
	      info.root_phys == XSDT_PHYS && info.rsdp_length == 36,
	      "v2: XSDT preferred");
	CHECK(info.pm1a_cnt == 0xb004, "v2: PM1a from the XSDT's FADT");
	CHECK(info.dsdt_phys == DSDT2_PHYS && info.s5_valid &&
	      info.slp_typa == 7 && info.slp_typb == 0, "v2: X_DSDT used");
	CHECK(info.reset.valid && info.reset.address == 0xcf9 &&
	      info.reset.value == 6 &&
	      info.reset.space_id == ACPI_ADR_SPACE_SYSTEM_IO,
	      "v2: reset register 0xcf9 <- 6");
	CHECK(info.nr_cpus == 4, "v2: 4 CPUs");
}

static void test_find_table(void)
{
	const struct acpi_table_header *t;
	struct acpi_info info;

	parse(&info, std_layout(2, 2));
	t = acpi_find_table(&info, "APIC", test_map, &map_ctx_magic);
	CHECK(t && memcmp(t->signature, "APIC", 4) == 0 &&
	      t->length == hdr_at(MADT_PHYS)->length, "find_table: APIC");
	t = acpi_find_table(&info, "DSDT", test_map, &map_ctx_magic);
	CHECK(t && memcmp(t->signature, "DSDT", 4) == 0, "find_table: DSDT");
	t = acpi_find_table(&info, "HPET", test_map, &map_ctx_magic);
	CHECK(!t, "find_table: no HPET");
	unmap_all();
	info.valid = false;
	t = acpi_find_table(&info, "APIC", test_map, &map_ctx_magic);
	CHECK(!t, "find_table: nothing without a valid parse");
}

static void test_fadt_variants(void)
{
	struct acpi_info info;
	struct acpi_table_fadt *f;
	int ret;

	std_layout(2, 1);
	f = fadt_at(FADT2_PHYS);
	f->flags = 0;
	fix_sum(FADT2_PHYS);
	parse(&info, RSDP_PHYS);
	CHECK(!info.reset.valid, "FADT: reset unsupported when flag clear");

	std_layout(2, 1);
	f->xpm1a_control_block.space_id = ACPI_ADR_SPACE_SYSTEM_MEMORY;
	f->xpm1a_control_block.address = 0xfed00000;
	f->pm1a_control_block = 0x1234;
	f->pm1b_control_block = 0x1238;
	fix_sum(FADT2_PHYS);
	parse(&info, RSDP_PHYS);
	CHECK(info.pm1a_cnt == 0x1234 && info.pm1b_cnt == 0x1238,
	      "FADT: X_PM1a in memory space ignored, 32-bit used");

	std_layout(2, 1);
	f->xpm1a_control_block.address = 0;
	f->xpm1b_control_block.space_id = ACPI_ADR_SPACE_SYSTEM_IO;
	f->xpm1b_control_block.address = 0x4321;
	fix_sum(FADT2_PHYS);
	parse(&info, RSDP_PHYS);
	CHECK(info.pm1a_cnt == 0xb004 && info.pm1b_cnt == 0x4321,
	      "FADT: zero X_ falls back, nonzero X_ wins");

	/* X_DSDT bad: the 32-bit DSDT pointer is the fallback. */
	std_layout(2, 1);
	f->dsdt = DSDT_PHYS;
	mem[DSDT2_PHYS + 40] ^= 0xff;
	fix_sum(FADT2_PHYS);
	ret = parse(&info, RSDP_PHYS);
	CHECK(ret == -EBADMSG && info.s5_valid && info.slp_typa == 5 &&
	      info.dsdt_phys == DSDT_PHYS,
	      "FADT: bad X_DSDT, 32-bit DSDT used (%d)", ret);

	/* Hardware-reduced style: no PM1 at all. */
	std_layout(0, 1);
	fadt_at(FADT_PHYS)->pm1a_control_block = 0;
	fix_sum(FADT_PHYS);
	ret = parse(&info, RSDP_PHYS);
	CHECK(ret == -ENODEV && info.fadt_valid && info.s5_valid &&
	      info.nr_cpus == 1, "FADT: no PM1a reported, rest kept (%d)", ret);

	/* A header-only FADT: nothing to read, nothing read. */
	std_layout(0, 1);
	hdr_at(FADT_PHYS)->length = 36;
	fix_sum(FADT_PHYS);
	ret = parse(&info, RSDP_PHYS);
	CHECK(ret != 0 && info.fadt_valid && info.pm1a_cnt == 0 &&
	      !info.s5_valid && info.madt_valid, "FADT: header only");
}

/* --- \_S5_ encodings ------------------------------------------------------ */

static bool s5_case(const struct s5_spec *s, u8 want_a, u8 want_b)
{
	static u8 aml[8192];
	struct acpi_info info;
	u32 end;

	std_layout(0, 1);
	make_dsdt(SPARE_PHYS, aml, aml_s5(aml, s, &end));
	fadt_at(FADT_PHYS)->dsdt = SPARE_PHYS;
	fix_sum(FADT_PHYS);
	parse(&info, RSDP_PHYS);
	if (!info.s5_valid)
		dump_errors(&info);
	return info.s5_valid && info.slp_typa == want_a &&
	       info.slp_typb == want_b;
}

static void test_s5_encodings(void)
{
	static const struct { u8 op; u64 v; u8 want; } ints[] = {
		{ 0x00, 0, 0 }, { 0x01, 1, 1 }, { 0x0a, 5, 5 },
		{ 0x0b, 0x0007, 7 }, { 0x0c, 0x00000003, 3 },
		{ 0x0e, 0x0000000000000002ull, 2 }, { 0xff, 0, 0xff },
	};
	unsigned int i, nb;

	for (i = 0; i < ARRAY_SIZE(ints); i++) {
		struct s5_spec s = { false, ints[i].op, 0x0a, ints[i].v, 4,
				     2, 1, 0 };
		CHECK(s5_case(&s, ints[i].want, 4),
		      "S5: first element opcode 0x%02x", ints[i].op);
		s = (struct s5_spec){ true, 0x0a, ints[i].op, 3, ints[i].v,
				      4, 1, 2 };
		CHECK(s5_case(&s, 3, ints[i].want),
		      "S5: second element opcode 0x%02x", ints[i].op);
	}
	for (nb = 1; nb <= 4; nb++) {
		struct s5_spec s = { true, 0x0a, 0x0a, 5, 5, 4, nb, 2 };
		CHECK(s5_case(&s, 5, 5), "S5: %u-byte PkgLength", nb);
	}
	/* Lengths that need 2 and 3 bytes for real. */
	{
		struct s5_spec s2 = { false, 0x0b, 0x0c, 2, 3, 200, 2, 100 };
		struct s5_spec s3 = { true, 0x01, 0x00, 1, 0, 255, 3, 5000 };

		CHECK(s5_case(&s2, 2, 3), "S5: 100-byte package");
		CHECK(s5_case(&s3, 1, 0), "S5: 5000-byte package");
	}
	{
		struct s5_spec one = { false, 0x0b, 0, 0x0605, 0, 1, 1, 0 };

		CHECK(s5_case(&one, 5, 6), "S5: one-element package a|b<<8");
	}
}

/* Every truncation of the \_S5_ AML: valid only once the package is whole. */
static void test_s5_truncated(void)
{
	struct s5_spec s = { true, 0x0c, 0x0b, 5, 6, 4, 2, 3 };
	u8 aml[256];
	u32 n, end, k, wrong = 0;
	struct acpi_info info;
	bool values_ok;

	n = aml_s5(aml, &s, &end);
	for (k = 0; k <= n; k++) {
		std_layout(0, 1);
		make_dsdt(DSDT_PHYS, aml, k);
		parse(&info, RSDP_PHYS);
		values_ok = info.slp_typa == 5 && info.slp_typb == 6;
		if (info.s5_valid != (k >= end) ||
		    (info.s5_valid && !values_ok)) {
			printf("# truncated at %u of %u: s5_valid %d\n", k, n,
			       info.s5_valid);
			wrong++;
		}
	}
	CHECK(wrong == 0, "S5: all %u truncations handled", n + 1);

	/* The name as the very last bytes of the table. */
	std_layout(0, 1);
	make_dsdt(DSDT_PHYS, (const u8 *)"\x08_S5_", 5);
	CHECK(parse(&info, RSDP_PHYS) == -ENOENT && !info.s5_valid,
	      "S5: name at the end of the DSDT");

	/* A PkgLength that claims more than the table holds. */
	std_layout(0, 1);
	make_dsdt(DSDT_PHYS, (const u8 *)"\x08_S5_\x12\x3f\x02\x0a\x05\x0a\x05",
		  12);
	parse(&info, RSDP_PHYS);
	CHECK(!info.s5_valid, "S5: PkgLength past the table");

	/* PkgLength smaller than itself, and an empty package. */
	std_layout(0, 1);
	make_dsdt(DSDT_PHYS, (const u8 *)"\x08_S5_\x12\x40\x00\x02\x0a\x05",
		  11);
	parse(&info, RSDP_PHYS);
	CHECK(!info.s5_valid, "S5: PkgLength shorter than its encoding");
	std_layout(0, 1);
	make_dsdt(DSDT_PHYS, (const u8 *)"\x08_S5_\x12\x02\x00", 8);
	parse(&info, RSDP_PHYS);
	CHECK(!info.s5_valid, "S5: zero elements");

	/* A method instead of a name: not ours to run. */
	std_layout(0, 1);
	make_dsdt(DSDT_PHYS, (const u8 *)"\x14\x08_S5_\x00\xa4\x00", 9);
	parse(&info, RSDP_PHYS);
	CHECK(!info.s5_valid, "S5: Method(_S5_) ignored");

	/* An element that is not an integer (a string). */
	std_layout(0, 1);
	make_dsdt(DSDT_PHYS,
		  (const u8 *)"\x08_S5_\x12\x06\x02\x0d" "a\x00\x00", 12);
	parse(&info, RSDP_PHYS);
	CHECK(!info.s5_valid, "S5: non-integer element");
}

/* --- MADT ----------------------------------------------------------------- */

static void test_madt_cpus(void)
{
	static const unsigned int counts[] = { 1, 2, 4, 8 };
	struct acpi_info info;
	unsigned int i, j;
	bool ids_ok;

	for (i = 0; i < ARRAY_SIZE(counts); i++) {
		parse(&info, std_layout(0, counts[i]));
		ids_ok = true;
		for (j = 0; j < counts[i]; j++)
			ids_ok &= info.cpu_apic_id[j] == j &&
				  info.cpu_uid[j] == j;
		CHECK(info.nr_cpus == counts[i] && ids_ok &&
		      info.nr_errors == 0, "MADT: %u CPUs", counts[i]);
	}
}

static void test_madt_entries(void)
{
	struct acpi_info info;
	struct madt m;
	unsigned int i;
	int ret;

	std_layout(0, 1);
	madt_begin(&m, MADT_PHYS, 0xfee00000);
	madt_lapic(&m, 0, 0, ACPI_MADT_ENABLED);
	madt_lapic(&m, 1, 2, 0);			/* disabled */
	madt_lapic(&m, 2, 3, ACPI_MADT_ONLINE_CAPABLE);	/* hot-pluggable */
	madt_lapic(&m, 3, 0xff, ACPI_MADT_ENABLED);	/* broadcast id */
	madt_lapic(&m, 4, 4, ACPI_MADT_ENABLED);
	madt_x2apic(&m, 4, 4, ACPI_MADT_ENABLED);	/* same CPU again */
	madt_x2apic(&m, 300, 5, ACPI_MADT_ENABLED);
	madt_x2apic(&m, 301, 6, 0);
	madt_add(&m, 0x7f, 3);				/* unknown type */
	madt_add(&m, 3, 8);			/* NMI source: skipped */
	madt_ioapic(&m, 1, 0xfec00000, 0);
	madt_ioapic(&m, 2, 0xfec01000, 24);
	madt_iso(&m, 1, 3, 40, 0);			/* not ISA */
	madt_iso(&m, 0, 20, 40, 0);			/* not an ISA IRQ */
	{
		u64 e = madt_add(&m, 5, 12);

		put_le(e + 4, 0x100fee00000ull, 8);
	}
	madt_end(&m);
	ret = parse(&info, RSDP_PHYS);
	CHECK(ret == 0, "MADT mix: clean (%d)", ret);
	dump_errors(&info);
	CHECK(info.nr_cpus == 3 && info.cpu_apic_id[0] == 0 &&
	      info.cpu_apic_id[1] == 4 && info.cpu_apic_id[2] == 300 &&
	      info.cpu_uid[2] == 5, "MADT mix: CPUs 0, 4, x2APIC 300");
	CHECK(info.nr_cpus_disabled == 3, "MADT mix: 3 not enabled (%u)",
	      info.nr_cpus_disabled);
	CHECK(info.nr_ioapics == 2 && info.ioapic[1].id == 2 &&
	      info.ioapic[1].phys == 0xfec01000 &&
	      info.ioapic[1].gsi_base == 24,
	      "MADT mix: two IOAPICs");
	ret = 0;
	for (i = 0; i < 16; i++)
		ret += info.isa_override[i].present;
	CHECK(ret == 0, "MADT mix: non-ISA overrides ignored");
	CHECK(info.lapic_phys == 0x100fee00000ull,
	      "MADT mix: 64-bit LAPIC override");

	/* Too many CPUs and IOAPICs: the first ones kept, the rest counted. */
	std_layout(0, 1);
	madt_begin(&m, MADT_PHYS, 0xfee00000);
	for (i = 0; i < 70; i++)
		madt_x2apic(&m, i, i, ACPI_MADT_ENABLED);
	for (i = 0; i < 9; i++)
		madt_ioapic(&m, i, 0xfec00000 + i * 0x1000, i * 24);
	madt_end(&m);
	ret = parse(&info, RSDP_PHYS);
	CHECK(ret == -ENOSPC && info.nr_cpus == ACPI_MAX_CPUS &&
	      info.nr_cpus_dropped == 6 && info.cpu_apic_id[63] == 63 &&
	      info.nr_ioapics == ACPI_MAX_IOAPICS,
	      "MADT: 70 CPUs, 9 IOAPICs bounded (%d)", ret);
}

/* A MADT with @n CPUs, then one raw entry of type @type, length @len. */
static int madt_bad_entry(struct acpi_info *info, u8 type, u8 len, u32 cut)
{
	struct madt m;

	std_layout(0, 1);
	madt_begin(&m, MADT_PHYS, 0xfee00000);
	madt_lapic(&m, 0, 0, ACPI_MADT_ENABLED);
	madt_add(&m, type, len);
	if (len < 2)
		m.len += 2 - len;	/* the entry still occupies 2 bytes */
	madt_lapic(&m, 1, 1, ACPI_MADT_ENABLED);
	m.len -= cut;
	madt_end(&m);
	return parse(info, RSDP_PHYS);
}

static void test_madt_corrupt(void)
{
	struct acpi_info info;
	struct madt m;
	bool ret_ok;
	u32 cut;
	int ret;

	ret = madt_bad_entry(&info, 0, 0, 0);
	CHECK(ret == -EINVAL && info.nr_cpus == 1 && info.madt_valid &&
	      info.s5_valid, "MADT: entry length 0 ends parsing");
	ret = madt_bad_entry(&info, 1, 1, 0);
	CHECK(ret == -EINVAL && info.nr_cpus == 1, "MADT: entry length 1");
	ret = madt_bad_entry(&info, 0, 4, 0);
	CHECK(ret == -EINVAL && info.nr_cpus == 2,
	      "MADT: short LAPIC entry skipped, next one read");
	std_layout(0, 1);
	madt_begin(&m, MADT_PHYS, 0xfee00000);
	madt_lapic(&m, 0, 0, ACPI_MADT_ENABLED);
	mem[m.phys + m.len + 1] = 200;
	madt_x2apic(&m, 5, 5, ACPI_MADT_ENABLED);
	mem[m.phys + m.len - 15] = 200;
	madt_end(&m);
	ret = parse(&info, RSDP_PHYS);
	CHECK(ret == -EINVAL && info.nr_cpus == 1,
	      "MADT: entry running past the end");
	for (cut = 1; cut <= 8; cut++) {
		ret = madt_bad_entry(&info, 0x7f, 2, cut);
		ret_ok = cut < 7 ? ret == -EINVAL : ret == 0;
		CHECK(ret_ok && info.nr_cpus == 1,
		      "MADT: table cut %u bytes into the last entry (%d)",
		      cut, ret);
	}

	/* Shorter than its fixed part. */
	std_layout(0, 1);
	hdr_at(MADT_PHYS)->length = 40;
	fix_sum(MADT_PHYS);
	ret = parse(&info, RSDP_PHYS);
	CHECK(ret == -ENOENT && !info.madt_valid && info.s5_valid,
	      "MADT: 40-byte table rejected, FADT kept");
}

/* --- corrupt RSDP and root tables ----------------------------------------- */

static void test_rsdp_corrupt(void)
{
	struct acpi_info info;
	int ret;

	ret = parse(&info, 0);
	CHECK(ret == -ENOENT && !info.valid && info.nr_errors == 1,
	      "RSDP: none given");
	ret = parse(&info, MEM_SIZE + 0x1000);
	CHECK(ret == -EFAULT && !info.valid, "RSDP: not mappable");
	std_layout(0, 1);
	ret = parse(&info, MEM_SIZE - 10);
	CHECK(ret == -EFAULT && !info.valid, "RSDP: straddles the end");

	std_layout(0, 1);
	mem[RSDP_PHYS + 3] = 'X';
	ret = parse(&info, RSDP_PHYS);
	CHECK(ret == -EINVAL && !info.valid, "RSDP: bad signature");
	std_layout(0, 1);
	mem[RSDP_PHYS + 8] ^= 1;
	ret = parse(&info, RSDP_PHYS);
	CHECK(ret == -EINVAL && !info.valid && strlen(info.errors[0]) > 0,
	      "RSDP: bad checksum: %s", info.errors[0]);

	/* v2 with a bad extended checksum: the RSDT still serves. */
	std_layout(2, 2);
	mem[RSDP_PHYS + 32] ^= 1;
	ret = parse(&info, RSDP_PHYS);
	CHECK(ret == -EINVAL && info.valid && !info.root_is_xsdt &&
	      info.pm1a_cnt == 0x604 && info.nr_cpus == 2,
	      "RSDP v2: bad extended checksum, RSDT used");

	/* v2 with an absurd length. */
	std_layout(2, 2);
	put_le(RSDP_PHYS + 20, 0xffffffff, 4);
	mem[RSDP_PHYS + 8] = 0;
	mem[RSDP_PHYS + 8] = (u8)-sum(mem + RSDP_PHYS, 20);
	ret = parse(&info, RSDP_PHYS);
	CHECK(ret == -EINVAL && info.valid && !info.root_is_xsdt,
	      "RSDP v2: huge length, RSDT used");

	/* v2 RSDP at the very end of memory: only 20 bytes mappable. */
	std_layout(2, 2);
	memcpy(mem + MEM_SIZE - 20, mem + RSDP_PHYS, 20);
	ret = parse(&info, MEM_SIZE - 20);
	CHECK(ret == -EFAULT && info.valid && !info.root_is_xsdt,
	      "RSDP v2: extension not mappable, RSDT used");
}

static void test_root_corrupt(void)
{
	struct acpi_info info;
	int ret;

	/* XSDT bad: fall back to the RSDT. */
	std_layout(2, 2);
	mem[XSDT_PHYS + 40] ^= 1;
	ret = parse(&info, RSDP_PHYS);
	CHECK(ret == -EBADMSG && info.valid && !info.root_is_xsdt &&
	      info.pm1a_cnt == 0x604, "XSDT bad checksum: RSDT used");
	CHECK(info.nr_tables >= 1 && !info.tables[0].valid &&
	      strcmp(info.tables[0].signature, "XSDT") == 0,
	      "XSDT bad checksum: logged as invalid");

	/* RSDT outside memory, or with bad lengths. */
	std_layout(0, 2);
	make_rsdp(RSDP_PHYS, 0, 0xfffffff0, 0);
	ret = parse(&info, RSDP_PHYS);
	CHECK(ret == -EFAULT && !info.valid, "RSDT outside memory");

	std_layout(0, 2);
	make_rsdp(RSDP_PHYS, 0, MEM_SIZE - 36, 0);
	make_header(MEM_SIZE - 36, "RSDT", 0x1000, 1);
	ret = parse(&info, RSDP_PHYS);
	CHECK(ret == -EFAULT && !info.valid, "RSDT running past memory");

	{
		static const u32 lens[] = { 0, 1, 35, ACPI_MAX_TABLE_LEN + 1,
					    0x7fffffff, 0xffffffff };
		unsigned int i;

		for (i = 0; i < ARRAY_SIZE(lens); i++) {
			std_layout(0, 2);
			hdr_at(RSDT_PHYS)->length = lens[i];
			ret = parse(&info, RSDP_PHYS);
			CHECK(ret == -EINVAL && !info.valid,
			      "RSDT length %u rejected", lens[i]);
		}
	}

	std_layout(0, 2);
	mem[RSDT_PHYS + 36] ^= 0x10;
	ret = parse(&info, RSDP_PHYS);
	CHECK(ret == -EBADMSG && !info.valid, "RSDT bad checksum");

	/* The RSDP's pointer leads to something else. */
	std_layout(0, 2);
	make_rsdp(RSDP_PHYS, 0, MADT_PHYS, 0);
	ret = parse(&info, RSDP_PHYS);
	CHECK(ret == -EINVAL && !info.valid, "RSDT pointer at the MADT");

	/* A root table with a partial trailing entry: it is ignored. */
	std_layout(0, 2);
	hdr_at(RSDT_PHYS)->length += 3;
	fix_sum(RSDT_PHYS);
	ret = parse(&info, RSDP_PHYS);
	CHECK(ret == 0 && info.nr_cpus == 2, "RSDT with a partial entry");
}

static void test_entries_corrupt(void)
{
	u64 rsdt[] = { 0, MEM_SIZE + 0x1000, RSDT_PHYS, RSDP_PHYS, FADT2_PHYS,
		       FADT_PHYS, FADT_PHYS, SPARE_PHYS, MADT_PHYS };
	u64 xsdt[] = { 0xfffffffffffffff0ull, 0x100000000ull, XSDT_PHYS,
		       MADT_PHYS, FADT2_PHYS };
	struct acpi_info info;
	int ret;

	/* Null, outside, self (a loop), the RSDP, a bad FADT, then good. */
	std_layout(2, 2);
	mem[FADT2_PHYS + 50] ^= 1;			/* bad checksum */
	make_header(SPARE_PHYS, "FACP", 20, 1);		/* too short */
	make_root(RSDT_PHYS, false, rsdt, ARRAY_SIZE(rsdt));
	make_rsdp(RSDP_PHYS, 0, RSDT_PHYS, 0);
	ret = parse(&info, RSDP_PHYS);
	CHECK(ret == -EFAULT && info.valid && info.fadt_valid &&
	      info.pm1a_cnt == 0x604 && info.s5_valid && info.nr_cpus == 2,
	      "RSDT entries: bad ones skipped, good FADT/MADT used (%d)", ret);
	CHECK(info.nr_errors >= 5 && errors_terminated(&info),
	      "RSDT entries: %u problems noted", info.nr_errors);

	/* XSDT entries beyond the map, overflowing, and a loop. */
	std_layout(2, 2);
	make_root(XSDT_PHYS, true, xsdt, ARRAY_SIZE(xsdt));
	ret = parse(&info, RSDP_PHYS);
	CHECK(ret == -EFAULT && info.root_is_xsdt && info.pm1a_cnt == 0xb004 &&
	      info.nr_cpus == 2, "XSDT entries: overflow and loop (%d)", ret);

	/* The FADT's DSDT pointers lead to the FADT itself and the XSDT. */
	std_layout(2, 2);
	fadt_at(FADT2_PHYS)->Xdsdt = FADT2_PHYS;
	fadt_at(FADT2_PHYS)->dsdt = XSDT_PHYS;
	fix_sum(FADT2_PHYS);
	ret = parse(&info, RSDP_PHYS);
	CHECK(ret == -EINVAL && !info.s5_valid && info.pm1a_cnt == 0xb004 &&
	      info.nr_cpus == 2, "FADT DSDT loops rejected (%d)", ret);

	/* A DSDT of bad length or checksum. */
	std_layout(0, 2);
	hdr_at(DSDT_PHYS)->length = 0;
	ret = parse(&info, RSDP_PHYS);
	CHECK(ret == -EINVAL && !info.s5_valid && info.nr_cpus == 2,
	      "DSDT length 0");
	std_layout(0, 2);
	mem[DSDT_PHYS + 37] ^= 1;
	ret = parse(&info, RSDP_PHYS);
	CHECK(ret == -EBADMSG && !info.s5_valid, "DSDT bad checksum");
}

/* An RSDT of 65527 null entries: bounded work, every error counted. */
static void test_many_entries(void)
{
	u32 n = (0x40000 - 36) / 4;
	struct acpi_info info;
	int ret;

	std_layout(0, 2);
	make_header(SPARE_PHYS, "RSDT", 36 + n * 4, 1);
	put_le(SPARE_PHYS + 36 + (n - 1) * 4, MADT_PHYS, 4);
	fix_sum(SPARE_PHYS);
	make_rsdp(RSDP_PHYS, 0, SPARE_PHYS, 0);
	ret = parse(&info, RSDP_PHYS);
	CHECK(ret == -EFAULT && info.valid && info.nr_cpus == 2 &&
	      info.nr_errors >= n && info.nr_tables == 2,
	      "RSDT with %u entries (%u errors)", n, info.nr_errors);
}

static void test_many_tables(void)
{
	u64 e[40];
	struct acpi_info info;
	unsigned int i;

	std_layout(0, 2);
	for (i = 0; i < ARRAY_SIZE(e); i++)
		e[i] = i == 0 ? FADT_PHYS : MADT_PHYS;
	make_root(RSDT_PHYS, false, e, ARRAY_SIZE(e));
	parse(&info, RSDP_PHYS);
	CHECK(info.tables_found == 42 && info.nr_tables == ACPI_MAX_TABLES &&
	      info.nr_cpus == 2, "40 entries: %u found, %u logged",
	      info.tables_found, info.nr_tables);
}

/* Garbage in the ids: shown, but never as control characters. */
static void test_ids_sanitized(void)
{
	struct acpi_info info;

	std_layout(0, 2);
	memcpy(hdr_at(MADT_PHYS)->oem_id, "\x1b[2J\n\xff", 6);
	memcpy(hdr_at(MADT_PHYS)->signature, "AP\x07\x00", 4);
	fix_sum(MADT_PHYS);
	parse(&info, RSDP_PHYS);
	CHECK(strcmp(info.tables[2].oem_id, "?[2J??") == 0 &&
	      strcmp(info.tables[2].signature, "AP??") == 0 && !info.madt_valid,
	      "ids sanitized: \"%s\" \"%s\"", info.tables[2].oem_id,
	      info.tables[2].signature);
}

/* --- the BIOS search ------------------------------------------------------ */

static u64 find(void)
{
	u64 r = acpi_find_rsdp(test_map, &map_ctx_magic);

	unmap_all();
	return r;
}

static void test_find_rsdp(void)
{
	std_layout(0, 1);
	CHECK(find() == RSDP_PHYS, "find: RSDP in the BIOS area");

	/* A stale copy with a bad checksum comes first; a misaligned one. */
	memcpy(mem + 0xe0010, mem + RSDP_PHYS, 20);
	mem[0xe0010 + 8] ^= 1;
	memcpy(mem + 0xe0028, mem + RSDP_PHYS, 20);
	CHECK(find() == RSDP_PHYS, "find: bad and misaligned copies skipped");

	/* The EBDA is searched first. */
	memcpy(mem + 0x9fc00 + 0x3e0, mem + RSDP_PHYS, 20);
	CHECK(find() == 0x9fc00 + 0x3e0, "find: RSDP in the EBDA");

	/* Past the EBDA's first KiB: not looked at there. */
	memset(mem + 0x9fc00 + 0x3e0, 0, 20);
	memcpy(mem + 0x9fc00 + 0x400, mem + RSDP_PHYS, 20);
	CHECK(find() == RSDP_PHYS, "find: EBDA searched 1 KiB only");

	/* A junk EBDA pointer, and no RSDP at all. */
	put_le(0x40e, 0xffff, 2);
	CHECK(find() == RSDP_PHYS, "find: junk EBDA pointer ignored");
	memset(mem + RSDP_PHYS, 0, 36);
	CHECK(find() == 0, "find: none");

	/* The last 16 bytes cannot hold one. */
	std_layout(0, 1);
	memset(mem + RSDP_PHYS, 0, 36);
	memcpy(mem + 0xffff0, ACPI_SIG_RSDP, 8);
	CHECK(find() == 0, "find: signature at 0xffff0 not read past 1 MiB");
}

/* --- random corruption ---------------------------------------------------- */

static u64 rng_state = 0x2545f4914f6cdd1dull;

static u32 rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (u32)rng_state;
}

/* Flip a few random bytes of one table, maybe fix its checksum, parse. */
static void test_fuzz(void)
{
	static const u64 where[] = { RSDP_PHYS, RSDT_PHYS, XSDT_PHYS,
				     FADT_PHYS, FADT2_PHYS, DSDT_PHYS,
				     DSDT2_PHYS, MADT_PHYS };
	unsigned int iter, i, bad = 0, n = 3000;
	struct acpi_info info;
	u64 t;
	u32 len;

	std_layout(0, 1);
	fast_wipe = true;
	for (iter = 0; iter < n; iter++) {
		std_layout(rng() & 1 ? 2 : 0, 1 + rng() % 8);
		t = where[rng() % ARRAY_SIZE(where)];
		len = t == RSDP_PHYS ? 36 : hdr_at(t)->length;
		for (i = 1 + rng() % 4; i; i--)
			mem[t + rng() % (len + 8)] = (u8)rng();
		if (t != RSDP_PHYS && rng() % 4 && hdr_at(t)->length < 0x1000)
			fix_sum(t);
		parse(&info, RSDP_PHYS);
		if (info.nr_cpus > ACPI_MAX_CPUS ||
		    info.nr_ioapics > ACPI_MAX_IOAPICS ||
		    info.nr_tables > ACPI_MAX_TABLES ||
		    info.nr_lapic_nmis > ACPI_MAX_LAPIC_NMIS ||
		    !errors_terminated(&info))
			bad++;
	}
	fast_wipe = false;
	CHECK(bad == 0, "fuzz: %u corrupted layouts, results bounded", n);
}

int main(void)
{
	test_v0();
	test_overrides();
	test_v2();
	test_find_table();
	test_fadt_variants();
	test_s5_encodings();
	test_s5_truncated();
	test_madt_cpus();
	test_madt_entries();
	test_madt_corrupt();
	test_rsdp_corrupt();
	test_root_corrupt();
	test_entries_corrupt();
	test_many_entries();
	test_many_tables();
	test_ids_sanitized();
	test_find_rsdp();
	test_fuzz();
	free(maps);
	return htest_done();
}
