/*
 * Time from the TSC. At boot the TSC is measured against the legacy PIT
 * (channel 2, whose output can be polled through port 0x61) over 10 ms;
 * after that ktime_get_ns() is one rdtsc and a multiply.
 */
#include "asm/io.h"
#include "asm/vdso.h"
#include "arch/x86_64/vdso/datapage.h"
#include "kernel/printk/printk.h"
#include "kernel/time/time.h"

#define PIT_HZ 1193182ull
#define PIT_CH2 0x42
#define PIT_CMD 0x43
#define PORT_B 0x61		/* bit 0: ch2 gate, bit 1: speaker, bit 5: ch2 out */
#define CALIBRATE_MS 10

static u64 tsc_boot;		/* TSC at calibration: time zero */
static u64 tsc_khz;
static u64 ns_mult;		/* ns = ticks * ns_mult >> VDSO_MULT_SHIFT */

static u64 pit_measure_tsc(void)
{
	u64 count = PIT_HZ * CALIBRATE_MS / 1000, t0, t1;
	int spins = 0;

	outb(PORT_B, (inb(PORT_B) & ~0x02) | 0x01);	/* gate on, no sound */
	outb(PIT_CMD, 0xb0);	/* channel 2, lobyte/hibyte, mode 0 */
	outb(PIT_CH2, count & 0xff);
	outb(PIT_CH2, count >> 8);
	t0 = rdtsc();
	while (!(inb(PORT_B) & 0x20) && ++spins < 50000000)
		;
	t1 = rdtsc();
	return t1 - t0;
}

/* Measure the TSC frequency and start the clock. */
void tsc_calibrate(void)
{
	u64 best = ~0ull;

	/* The shortest of a few runs is the least disturbed one. */
	for (int i = 0; i < 3; i++) {
		u64 d = pit_measure_tsc();

		if (d < best)
			best = d;
	}
	tsc_khz = best / CALIBRATE_MS;
	if (tsc_khz == 0)
		tsc_khz = 1000000;	/* no PIT answer: guess 1 GHz */
	ns_mult = (1000000ull << VDSO_MULT_SHIFT) / tsc_khz;
	tsc_boot = rdtsc();
	pr_info("tsc: Detected %lu.%03lu MHz processor\n",
		(unsigned long)(tsc_khz / 1000), (unsigned long)(tsc_khz % 1000));
}

u64 tsc_get_khz(void)
{
	return tsc_khz;
}

u64 ktime_get_ns(void)
{
	u64 d;

	if (!tsc_khz)
		return 0;
	d = rdtsc() - tsc_boot;
	return vdso_ticks_to_ns(d, ns_mult);	/* the vDSO's formula too */
}

void tsc_fill_vdso_data(struct vdso_data *vd)
{
	vd->tsc_boot = tsc_boot;
	vd->ns_mult = ns_mult;
	vd->clock_ok = tsc_khz != 0;
}

void udelay(u64 us)
{
	u64 end;

	if (!tsc_khz) {
		/* Before calibration: a port 0x80 read takes about 1 us. */
		for (u64 i = 0; i < us; i++)
			inb(0x80);
		return;
	}
	end = rdtsc() + us * tsc_khz / 1000;
	while ((s64)(rdtsc() - end) < 0)
		__asm__ __volatile__("pause");
}
