/*
 * The MADT (signature "APIC"): the local APIC address, each enabled CPU
 * (local APIC and x2APIC entries), the IOAPICs, the ISA interrupt source
 * overrides and the local APIC NMI lines, collected into struct acpi_info.
 * Each entry's length is checked against its type's size before a field
 * of it is read.
 */
#include "lib/acpi_internal.h"
#include "lib/errno.h"

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

void acpi_parse_madt(struct acpi_parser *p,
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
