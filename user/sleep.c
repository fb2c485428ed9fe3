/*
 * sleep: pause for the given time.
 *
 *   sleep NUMBER[SUFFIX]...   NUMBER may have a fraction ("0.25");
 *                             SUFFIX s (default), m, h or d; times add up
 *
 * System calls: nanosleep, restarted with the remaining time when a signal
 * handler interrupts it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ulib.h"

/* Seconds meant by arg ("1.5", "2m"), or -1 if it is not a time. */
static double parse_time(const char *arg)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(arg, &end);
	if (end == arg || errno || v < 0)
		return -1;
	if (*end == '\0' || strcmp(end, "s") == 0)
		return v;
	if (strcmp(end, "m") == 0)
		return v * 60;
	if (strcmp(end, "h") == 0)
		return v * 3600;
	if (strcmp(end, "d") == 0)
		return v * 86400;
	return -1;
}

int main(int argc, char **argv)
{
	struct timespec ts;
	double total = 0;
	int i;

	if (argc < 2) {
		ulib_err("sleep", "missing operand");
		return 1;
	}
	for (i = 1; i < argc; i++) {
		double t = parse_time(argv[i]);

		if (t < 0) {
			ulib_err("sleep", "invalid time interval '%s'", argv[i]);
			return 1;
		}
		total += t;
	}
	ts.tv_sec = (time_t)total;
	ts.tv_nsec = (long)((total - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
	return 0;
}
