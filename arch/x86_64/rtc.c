/*
 * The CMOS real-time clock, read once at boot to know the wall-clock time
 * (CLOCK_REALTIME = that moment + the monotonic clock since).
 */
#include "asm/io.h"
#include "kernel/printk/printk.h"
#include "kernel/time/time_kernel.h"

#define CMOS_INDEX 0x70
#define CMOS_DATA 0x71

static u8 cmos_read(u8 reg)
{
	outb(CMOS_INDEX, reg);
	return inb(CMOS_DATA);
}

static u32 bcd(u8 v, bool binary)
{
	return binary ? v : (v & 0xf) + (v >> 4) * 10;
}

/* Days since 1970-01-01 of a Gregorian date (civil-from-days inverse). */
static u64 days_from_civil(u32 y, u32 m, u32 d)
{
	u32 era, yoe, doy, doe;

	y -= m <= 2;
	era = y / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (u64)era * 146097 + doe - 719468;
}

/* Seconds since the epoch, from the RTC (UTC, as QEMU presents it). */
u64 rtc_read_epoch(void)
{
	u8 sec, min, hour, day, mon, year, status;
	bool binary;

	while (cmos_read(0x0a) & 0x80)	/* update in progress */
		;
	sec = cmos_read(0x00);
	min = cmos_read(0x02);
	hour = cmos_read(0x04);
	day = cmos_read(0x07);
	mon = cmos_read(0x08);
	year = cmos_read(0x09);
	status = cmos_read(0x0b);
	binary = status & 0x04;
	return days_from_civil(2000 + bcd(year, binary), bcd(mon, binary),
			       bcd(day, binary)) * 86400 +
	       bcd(hour & 0x7f, binary) * 3600 + bcd(min, binary) * 60 +
	       bcd(sec, binary);
}
