/*
 * ACPI glue for x86_64 (see arch/x86_64/acpi.h): a map callback that lets
 * lib/acpi.c read physical memory, the Linux-style boot log of every table
 * and of the interrupt setup the MADT describes, and the two things ACPI
 * is needed for at the end: power-off by writing SLP_TYPa | SLP_EN into
 * PM1a_CNT, and reset through the FADT's reset register.
 */
#include "arch/x86_64/acpi.h"
#include "asm/io.h"
#include "asm/irqflags.h"
#include "arch/x86_64/mmu.h"
#include "kernel/printk/printk.h"
#include "lib/vsprintf.h"

/* Tables above 4 GiB would need mappings we do not make this early. */
#define ACPI_MAP_LIMIT 0x100000000ull

/* Fallback power-off ports: PM1a_CNT where QEMU and VirtualBox put it. */
#define QEMU_PM1A_CNT 0x604		/* pc (PIIX4) and q35 (ICH9) */
#define BOCHS_PM1A_CNT 0xb004		/* older Bochs and QEMU */
#define VBOX_PM1A_CNT 0x4004
#define VBOX_S5 0x3400			/* SLP_TYP 5 | SLP_EN */

#define KBC_STATUS 0x64			/* 8042 keyboard controller */
#define KBC_INPUT_FULL 0x02
#define KBC_PULSE_RESET 0xfe

#define PCI_CONFIG_ADDRESS 0xcf8
#define PCI_CONFIG_DATA 0xcfc

struct acpi_info acpi;

/* True when @va is mapped in the page tables in use now (boot's or ours). */
static bool va_mapped(u64 va)
{
	u64 *table = phys_to_virt(read_cr3() & PTE_ADDR_MASK);
	int level;

	for (level = 4; level >= 1; level--) {
		u64 e = table[(va >> (PAGE_SHIFT + 9 * (level - 1))) & 511];

		if (!(e & _PAGE_PRESENT))
			return false;
		if (level == 1 || (e & _PAGE_PSE))
			return true;
		table = phys_to_virt(e & PTE_ADDR_MASK);
	}
	return false;
}

/*
 * lib/acpi.c's window on physical memory. Boot's map covers all of 0-4 GiB,
 * but once mmu_init_tables() ran only RAM and ACPI ranges are mapped, and
 * firmware (SeaBIOS among them) keeps its tables in "reserved" ranges: any
 * missing page is added to the direct map, read-only and cached.
 */
static const void *acpi_map_phys(u64 phys, u64 len, void *ctx)
{
	u64 pa;

	if (len == 0 || phys >= ACPI_MAP_LIMIT || len > ACPI_MAP_LIMIT - phys)
		return NULL;
	for (pa = ALIGN_DOWN(phys, PAGE_SIZE); pa < phys + len; pa += PAGE_SIZE)
		if (!va_mapped(PAGE_OFFSET + pa) &&
		    kernel_map_page(PAGE_OFFSET + pa, pa, PAGE_KERNEL_RO))
			return NULL;
	return phys_to_virt(phys);
}

/* --- the boot log --------------------------------------------------------- */

static void acpi_print_tables(void)
{
	const struct acpi_table_desc *t;
	unsigned int i;

	pr_info("ACPI: RSDP 0x%016llX %06X (v%02u %-6s)\n",
		(unsigned long long)acpi.rsdp_phys, acpi.rsdp_length,
		acpi.revision, acpi.oem_id);
	for (i = 0; i < acpi.nr_tables; i++) {
		t = &acpi.tables[i];
		pr_info("ACPI: %-4s 0x%016llX %06X (v%02u %-6s %-8s %08X %-4s %08X)%s\n",
			t->signature, (unsigned long long)t->phys, t->length,
			t->revision, t->oem_id, t->oem_table_id,
			t->oem_revision, t->asl_compiler_id,
			t->asl_compiler_revision, t->valid ? "" : " (ignored)");
	}
	if (acpi.tables_found > acpi.nr_tables)
		pr_info("ACPI: %u more tables not listed\n",
			acpi.tables_found - acpi.nr_tables);
}

static void acpi_print_problems(void)
{
	unsigned int i;

	for (i = 0; i < acpi.nr_errors && i < ACPI_MAX_ERRORS; i++)
		pr_warn("ACPI: firmware bug: %s\n", acpi.errors[i]);
	if (acpi.nr_errors > ACPI_MAX_ERRORS)
		pr_warn("ACPI: ... and %u more problems\n",
			acpi.nr_errors - ACPI_MAX_ERRORS);
}

/* Linux's words for the MADT's INTI flags. */
static const char *const polarity_name[] = { "dfl", "high", "res", "low" };
static const char *const trigger_name[] = { "dfl", "edge", "res", "level" };

static void acpi_print_madt(void)
{
	const struct acpi_isa_override *o;
	const struct acpi_ioapic *io;
	unsigned int i;

	pr_info("ACPI: Local APIC address 0x%08llx\n",
		(unsigned long long)acpi.lapic_phys);
	for (i = 0; i < acpi.nr_ioapics; i++) {
		io = &acpi.ioapic[i];
		pr_info("ACPI: IOAPIC (id[0x%02x] address[0x%08x] gsi_base[%u])\n",
			io->id, io->phys, io->gsi_base);
	}
	for (i = 0; i < 16; i++) {
		o = &acpi.isa_override[i];
		if (o->present)
			pr_info("ACPI: INT_SRC_OVR (bus 0 bus_irq %u global_irq %u %s %s)\n",
				i, o->gsi, polarity_name[o->flags & 3],
				trigger_name[(o->flags >> 2) & 3]);
	}
	if (acpi.nr_cpus_disabled)
		pr_info("ACPI: %u more CPUs listed but not enabled\n",
			acpi.nr_cpus_disabled);
}

static void acpi_print_power(void)
{
	static const char *const space[] = { "memory", "I/O", "PCI" };

	pr_info("ACPI: PM1a_CNT 0x%x PM1b_CNT 0x%x SCI %u, S5 SLP_TYP %u/%u%s\n",
		acpi.pm1a_cnt, acpi.pm1b_cnt, acpi.sci_irq, acpi.slp_typa,
		acpi.slp_typb, acpi.s5_valid ? "" : " (no \\_S5_)");
	if (acpi.reset.valid)
		pr_info("ACPI: reset register 0x%llx (%s) value 0x%x\n",
			(unsigned long long)acpi.reset.address,
			space[acpi.reset.space_id], acpi.reset.value);
}

/* "ACPI: 2 CPUs, IOAPIC at 0xfec00000 (GSI base 0), S5 ok" */
static void acpi_print_summary(void)
{
	char ioapic[64] = "no IOAPIC";

	if (acpi.nr_ioapics == 1)
		snprintf(ioapic, sizeof(ioapic),
			 "IOAPIC at 0x%08x (GSI base %u)",
			 acpi.ioapic[0].phys, acpi.ioapic[0].gsi_base);
	else if (acpi.nr_ioapics > 1)
		snprintf(ioapic, sizeof(ioapic),
			 "%u IOAPICs, first at 0x%08x (GSI base %u)",
			 acpi.nr_ioapics, acpi.ioapic[0].phys,
			 acpi.ioapic[0].gsi_base);
	pr_info("ACPI: %u CPU%s, %s%s, S5 %s\n", acpi.nr_cpus,
		acpi.nr_cpus == 1 ? "" : "s", ioapic,
		acpi.madt_valid ? "" : " (no MADT)",
		acpi.s5_valid && acpi.pm1a_cnt ? "ok" : "unavailable");
}

void acpi_init(u64 rsdp_phys)
{
	if (!rsdp_phys) {
		rsdp_phys = acpi_find_rsdp(acpi_map_phys, NULL);
		if (!rsdp_phys) {
			pr_warn("ACPI: no RSDP found: running without ACPI\n");
			return;
		}
	}
	acpi_parse(&acpi, rsdp_phys, acpi_map_phys, NULL);
	if (acpi.rsdp_phys)
		acpi_print_tables();
	acpi_print_problems();
	if (!acpi.valid) {
		pr_warn("ACPI: tables unusable: running without ACPI\n");
		return;
	}
	if (acpi.madt_valid)
		acpi_print_madt();
	if (acpi.fadt_valid)
		acpi_print_power();
	acpi_print_summary();
}

/* --- power-off and reset ------------------------------------------------ */

/*
 * Put SLP_TYP into a PM1 control register, keeping its other bits (SCI_EN),
 * then set SLP_EN in a second write, as ACPICA does.
 */
static void pm1_sleep(u16 port, u8 slp_typ)
{
	u16 v = inw(port) & ~(ACPI_SLP_TYP_MASK | ACPI_SLP_EN);

	v |= (slp_typ << ACPI_SLP_TYP_SHIFT) & ACPI_SLP_TYP_MASK;
	outw(port, v);
	outw(port, v | ACPI_SLP_EN);
}

__noreturn void acpi_poweroff(void)
{
	arch_local_irq_disable();
	if (acpi.s5_valid && acpi.pm1a_cnt) {
		pm1_sleep(acpi.pm1a_cnt, acpi.slp_typa);
		if (acpi.pm1b_cnt)
			pm1_sleep(acpi.pm1b_cnt, acpi.slp_typb);
	}
	/* Still here: the tables were wrong or missing. Try the usual VMs. */
	outw(QEMU_PM1A_CNT, ACPI_SLP_EN);
	outw(BOCHS_PM1A_CNT, ACPI_SLP_EN);
	outw(VBOX_PM1A_CNT, VBOX_S5);
	for (;;)
		halt();
}

/* Bus 0 only, the one place a reset register lives in PCI config space. */
static void pci_config_write8(u64 gas_address, u8 value)
{
	u32 dev = (gas_address >> 32) & 0x1f;
	u32 fn = (gas_address >> 16) & 0x7;
	u32 reg = gas_address & 0xff;

	outl(PCI_CONFIG_ADDRESS,
	     0x80000000u | dev << 11 | fn << 8 | (reg & 0xfc));
	outb(PCI_CONFIG_DATA + (reg & 3), value);
}

static void acpi_reset_write(void)
{
	const struct acpi_reset_reg *r = &acpi.reset;

	switch (r->space_id) {
	case ACPI_ADR_SPACE_SYSTEM_IO:
		if (r->address <= 0xffff)
			outb((u16)r->address, r->value);
		break;
	case ACPI_ADR_SPACE_SYSTEM_MEMORY:
		if (r->address < DIRECT_MAP_SIZE)
			*(volatile u8 *)ioremap(r->address, 1) = r->value;
		break;
	case ACPI_ADR_SPACE_PCI_CONFIG:
		pci_config_write8(r->address, r->value);
		break;
	}
}

/* Give a reset write time to act before trying the next method. */
static void reset_delay(void)
{
	int i;

	for (i = 0; i < 10000; i++)
		outb(0x80, 0);		/* ~1 us each: the POST code port */
}

__noreturn void acpi_reboot(void)
{
	int tries, spins;

	arch_local_irq_disable();
	if (acpi.reset.valid) {
		acpi_reset_write();
		reset_delay();
	}
	for (tries = 0; tries < 10; tries++) {
		for (spins = 0; spins < 100000; spins++)
			if (!(inb(KBC_STATUS) & KBC_INPUT_FULL))
				break;
		outb(KBC_STATUS, KBC_PULSE_RESET);
		reset_delay();
	}
	for (;;)
		halt();
}
