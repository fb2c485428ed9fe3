/*
 * Local APIC, IOAPIC and the legacy PIC (see apic.h).
 *
 * Local APIC registers are reached as MSRs in x2APIC mode (0x800 + reg/16)
 * or as memory at the APIC base in xAPIC mode; lapic_read()/lapic_write()
 * hide the difference. The timer counts down from an initial count at the
 * bus clock divided by 16; calibration measures how many counts fit in
 * 10 ms of TSC time, i.e. one tick at HZ = 100.
 */
#include "arch/x86_64/apic.h"
#include "arch/x86_64/cpu.h"
#include "asm/io.h"
#include "asm/irq.h"
#include "arch/x86_64/mmu.h"
#include "kernel/printk/printk.h"
#include "kernel/time/time.h"
#include "lib/bug.h"

#define MSR_IA32_APICBASE 0x1b
#define APICBASE_ENABLE (1ull << 11)
#define APICBASE_X2APIC (1ull << 10)

#define APIC_ID 0x20
#define APIC_TPR 0x80
#define APIC_EOI 0xb0
#define APIC_SVR 0xf0
#define APIC_ESR 0x280
#define APIC_ICR 0x300
#define APIC_ICR2 0x310
#define APIC_LVTT 0x320
#define APIC_LVT0 0x350
#define APIC_LVT1 0x360
#define APIC_TMICT 0x380
#define APIC_TMCCT 0x390
#define APIC_TDCR 0x3e0

#define APIC_SVR_ENABLE 0x100
#define APIC_LVT_MASKED (1u << 16)
#define APIC_LVT_PERIODIC (1u << 17)
#define APIC_DM_NMI 0x400
#define APIC_DM_INIT 0x500
#define APIC_DM_STARTUP 0x600
#define APIC_ICR_BUSY (1u << 12)
#define APIC_INT_ASSERT (1u << 14)
#define APIC_LEVEL_TRIGGER (1u << 15)
#define APIC_DEST_ALLINC (2u << 18)
#define APIC_DEST_ALLBUT (3u << 18)
#define APIC_TDR_DIV_16 0x3

static bool x2apic;
static volatile u32 *xapic_base;
static u32 timer_ticks_per_jiffy;

static u32 lapic_read(u32 reg)
{
	if (x2apic)
		return (u32)rdmsr(0x800 + (reg >> 4));
	return xapic_base[reg / 4];
}

static void lapic_write(u32 reg, u32 v)
{
	if (x2apic)
		wrmsr(0x800 + (reg >> 4), v);
	else
		xapic_base[reg / 4] = v;
}

bool lapic_x2apic_mode(void)
{
	return x2apic;
}

void pic_disable(void)
{
	/* ICW1-4: vectors 0x20-0x2f, cascade, 8086 mode; then mask all. */
	outb(0x20, 0x11);
	outb(0xa0, 0x11);
	outb(0x21, 0x20);
	outb(0xa1, 0x28);
	outb(0x21, 0x04);
	outb(0xa1, 0x02);
	outb(0x21, 0x01);
	outb(0xa1, 0x01);
	outb(0x21, 0xff);
	outb(0xa1, 0xff);
}

void lapic_init(u64 lapic_phys)
{
	u64 base = rdmsr(MSR_IA32_APICBASE) | APICBASE_ENABLE;

	x2apic = cpu_has(X86_FEATURE_X2APIC);
	if (x2apic)
		base |= APICBASE_X2APIC;
	wrmsr(MSR_IA32_APICBASE, base);
	if (!x2apic && !xapic_base)
		xapic_base = ioremap(lapic_phys, PAGE_SIZE);
	lapic_write(APIC_TPR, 0);
	lapic_write(APIC_LVT0, APIC_LVT_MASKED);
	lapic_write(APIC_LVT1, APIC_DM_NMI);
	lapic_write(APIC_SVR, APIC_SVR_ENABLE | SPURIOUS_APIC_VECTOR);
	lapic_write(APIC_ESR, 0);
	lapic_eoi();
}

u32 lapic_id(void)
{
	u32 id = lapic_read(APIC_ID);

	return x2apic ? id : id >> 24;
}

void lapic_eoi(void)
{
	lapic_write(APIC_EOI, 0);
}

void lapic_timer_calibrate(void)
{
	u32 left;

	lapic_write(APIC_TDCR, APIC_TDR_DIV_16);
	lapic_write(APIC_LVTT, APIC_LVT_MASKED);
	lapic_write(APIC_TMICT, 0xffffffff);
	udelay(1000000 / HZ);
	left = lapic_read(APIC_TMCCT);
	lapic_write(APIC_TMICT, 0);
	timer_ticks_per_jiffy = 0xffffffff - left;
	if (!timer_ticks_per_jiffy)
		timer_ticks_per_jiffy = 100000;	/* a timer that does not count */
	pr_info("APIC: timer %u counts per %d ms tick (%s mode)\n",
		timer_ticks_per_jiffy, 1000 / HZ, x2apic ? "x2APIC" : "xAPIC");
}

void lapic_timer_start(void)
{
	BUG_ON(!timer_ticks_per_jiffy);
	lapic_write(APIC_TDCR, APIC_TDR_DIV_16);
	lapic_write(APIC_LVTT, APIC_LVT_PERIODIC | LOCAL_TIMER_VECTOR);
	lapic_write(APIC_TMICT, timer_ticks_per_jiffy);
}

static void lapic_wait_icr(void)
{
	int spins = 1000000;

	if (x2apic)
		return;		/* x2APIC ICR writes do not need polling */
	while ((lapic_read(APIC_ICR) & APIC_ICR_BUSY) && --spins)
		__asm__ __volatile__("pause");
}

static void lapic_icr(u32 apic_id, u32 low)
{
	lapic_wait_icr();
	if (x2apic) {
		wrmsr(0x800 + (APIC_ICR >> 4), ((u64)apic_id << 32) | low);
		return;
	}
	lapic_write(APIC_ICR2, apic_id << 24);
	lapic_write(APIC_ICR, low);
	lapic_wait_icr();
}

void lapic_send_ipi(u32 apic_id, u32 vector)
{
	lapic_icr(apic_id, vector);
}

void lapic_send_nmi_allbutself(void)
{
	lapic_icr(0, APIC_DEST_ALLBUT | APIC_DM_NMI);
}

void lapic_send_nmi_all(void)
{
	lapic_icr(0, APIC_DEST_ALLINC | APIC_DM_NMI);
}

void lapic_send_init(u32 apic_id)
{
	lapic_icr(apic_id, APIC_DM_INIT | APIC_LEVEL_TRIGGER | APIC_INT_ASSERT);
	udelay(200);
	lapic_icr(apic_id, APIC_DM_INIT | APIC_LEVEL_TRIGGER);
}

void lapic_send_startup(u32 apic_id, u32 page)
{
	lapic_icr(apic_id, APIC_DM_STARTUP | (page & 0xff));
}

/* ---- IOAPIC ---- */

#define IOAPIC_REG_VER 0x01
#define IOAPIC_REDTBL(n) (0x10 + 2 * (n))
#define IOAPIC_ACTIVE_LOW (1u << 13)
#define IOAPIC_LEVEL (1u << 15)
#define IOAPIC_MASKED (1u << 16)

static volatile u32 *ioapic_base;
static u32 ioapic_gsi_base, ioapic_nr_pins;
static struct {
	u32 gsi;
	u16 flags;
} isa_irq[16];

static u32 ioapic_read(u32 reg)
{
	ioapic_base[0] = reg;
	return ioapic_base[4];
}

static void ioapic_write(u32 reg, u32 v)
{
	ioapic_base[0] = reg;
	ioapic_base[4] = v;
}

void ioapic_init(u64 phys, u32 gsi_base)
{
	ioapic_base = ioremap(phys, PAGE_SIZE);
	ioapic_gsi_base = gsi_base;
	ioapic_nr_pins = ((ioapic_read(IOAPIC_REG_VER) >> 16) & 0xff) + 1;
	for (u32 i = 0; i < ioapic_nr_pins; i++)
		ioapic_write(IOAPIC_REDTBL(i), IOAPIC_MASKED);
	for (unsigned int irq = 0; irq < 16; irq++)
		isa_irq[irq].gsi = irq;		/* identity unless overridden */
	pr_info("IOAPIC: at 0x%lx, GSI %u-%u\n", (unsigned long)phys,
		gsi_base, gsi_base + ioapic_nr_pins - 1);
}

void ioapic_set_isa_override(unsigned int irq, u32 gsi, u16 flags)
{
	if (irq < 16) {
		isa_irq[irq].gsi = gsi;
		isa_irq[irq].flags = flags;
	}
}

void ioapic_route_irq(unsigned int irq, unsigned int vector)
{
	u32 gsi = irq < 16 ? isa_irq[irq].gsi : irq;
	u16 flags = irq < 16 ? isa_irq[irq].flags : 0;
	u32 pin = gsi - ioapic_gsi_base, low = vector;

	BUG_ON(!ioapic_base || pin >= ioapic_nr_pins);
	/* MPS INTI flags: polarity bits 0-1 (3 = low), trigger 2-3 (3 = level). */
	if ((flags & 3) == 3)
		low |= IOAPIC_ACTIVE_LOW;
	if (((flags >> 2) & 3) == 3)
		low |= IOAPIC_LEVEL;
	ioapic_write(IOAPIC_REDTBL(pin) + 1, lapic_id() << 24);
	ioapic_write(IOAPIC_REDTBL(pin), low);
}
