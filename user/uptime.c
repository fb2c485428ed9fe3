/*
 * uptime: how long the system has been up, and its load average.
 *
 *   uptime      " 12:34:56 up 5 min,  0 users,  load average: 0.00, 0.00, 0.00"
 *   uptime -p   "up 5 minutes"
 *   uptime -s   "2024-01-01 12:29:56", when the system came up
 *
 * The layout is procps's. Taskbase has no logins (no utmp), so it counts
 * 0 users.
 *
 * Linux interfaces: /proc/uptime (seconds since boot), /proc/loadavg (the
 * 1, 5 and 15 minute load averages), clock_gettime(CLOCK_REALTIME) through
 * time() for the time of day (local time: UTC unless TZ says otherwise).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "procfs.h"
#include "ulib.h"

/* procps's "up ..." part: "2 days,  3:04," or "5 min,". */
static void print_up(long up)
{
	long days = up / 86400, hours = up / 3600 % 24, mins = up / 60 % 60;

	printf("up ");
	if (days)
		printf("%ld day%s, ", days, days != 1 ? "s" : "");
	if (hours)
		printf("%2ld:%02ld, ", hours, mins);
	else
		printf("%ld min, ", mins);
}

/* "up 1 day, 2 hours, 5 minutes", for -p. */
static void print_pretty(long up)
{
	long parts[3] = { up / 86400, up / 3600 % 24, up / 60 % 60 };
	const char *names[3] = { "day", "hour", "minute" };
	int printed = 0;

	printf("up");
	for (int i = 0; i < 3; i++) {
		if (parts[i] == 0 && !(i == 2 && !printed))
			continue;
		printf("%s %ld %s%s", printed ? "," : "", parts[i], names[i],
		       parts[i] != 1 ? "s" : "");
		printed = 1;
	}
	putchar('\n');
}

int main(int argc, char **argv)
{
	double up = procfs_uptime(), load[3] = { 0, 0, 0 };
	char buf[256];
	time_t now = time(NULL), since;
	struct tm tm;

	if (argc > 2 || (argc == 2 && strcmp(argv[1], "-p") && strcmp(argv[1], "-s"))) {
		ulib_err("uptime", "usage: uptime [-p | -s]");
		return 1;
	}
	if (up < 0) {
		ulib_err("uptime", "cannot read /proc/uptime");
		return 1;
	}
	if (argc == 2 && argv[1][1] == 'p') {
		print_pretty((long)up);
		return 0;
	}
	if (argc == 2) {
		since = now - (time_t)up;
		localtime_r(&since, &tm);
		strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S", &tm);
		puts(buf);
		return 0;
	}
	if (procfs_read("/proc/loadavg", buf, sizeof(buf)) > 0)
		sscanf(buf, "%lf %lf %lf", &load[0], &load[1], &load[2]);
	localtime_r(&now, &tm);
	printf(" %02d:%02d:%02d ", tm.tm_hour, tm.tm_min, tm.tm_sec);
	print_up((long)up);
	printf("%2d user%s, ", 0, "s");
	printf(" load average: %.2f, %.2f, %.2f\n", load[0], load[1], load[2]);
	return 0;
}
