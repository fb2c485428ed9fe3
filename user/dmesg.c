/*
 * dmesg: print the kernel's log (the printk ring buffer).
 *
 *   dmesg          every line, "[seconds.micros] message"
 *   dmesg -r       raw: keep each line's "<level>" prefix, as the kernel stores it
 *   dmesg -x       decode the level: "kern  :info  : [    0.000000] message"
 *   dmesg -l LIST  only these levels (emerg,alert,crit,err,warn,notice,info,debug)
 *   dmesg -c       print, then clear          dmesg -C   clear, print nothing
 *   dmesg -n LEVEL console log level: messages below it reach the console
 *                  (a number 1-8, or a name: "-n err" lets emerg..err through)
 *
 * Linux interfaces: syslog(2) through klogctl(): SYSLOG_ACTION_SIZE_BUFFER
 * (10) for the buffer size, SYSLOG_ACTION_READ_ALL (3) to copy it,
 * SYSLOG_ACTION_CLEAR (5) and SYSLOG_ACTION_CONSOLE_LEVEL (8). The log is text, one
 * "<level>[time] message\n" line after another.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <unistd.h>

#include "ulib.h"

#define SYSLOG_ACTION_READ_ALL 3
#define SYSLOG_ACTION_CLEAR 5
#define SYSLOG_ACTION_CONSOLE_LEVEL 8
#define SYSLOG_ACTION_SIZE_BUFFER 10

static const char *const level_names[8] = {
	"emerg", "alert", "crit", "err", "warn", "notice", "info", "debug"
};

static int opt_raw, opt_decode;
static unsigned int level_mask = 0xff;	/* bit n: show level n */

static void usage(void)
{
	fprintf(stderr, "Usage: dmesg [-r] [-x] [-c | -C] [-l LEVEL[,LEVEL...]] [-n LEVEL]\n");
	exit(1);
}

/* Clear the log; returns the exit status. */
static int clear_log(void)
{
	if (klogctl(SYSLOG_ACTION_CLEAR, NULL, 0) < 0) {
		ulib_err("dmesg", "klogctl failed: %s", strerror(errno));
		return 1;
	}
	return 0;
}

/* Set the console level: a number passes as is, a name as its level + 1. */
static int set_console_level(const char *arg)
{
	int l = -1;

	if (arg[0] >= '1' && arg[0] <= '8' && arg[1] == '\0')
		l = arg[0] - '0';
	for (int i = 0; i < 8 && l < 0; i++)
		if (strcmp(arg, level_names[i]) == 0)
			l = i + 1;
	if (l < 0)
		usage();
	if (klogctl(SYSLOG_ACTION_CONSOLE_LEVEL, NULL, l) < 0) {
		ulib_err("dmesg", "klogctl failed: %s", strerror(errno));
		return 1;
	}
	return 0;
}

static int level_from_name(const char *s)
{
	for (int i = 0; i < 8; i++)
		if (strcmp(s, level_names[i]) == 0)
			return i;
	if (s[0] >= '0' && s[0] <= '7' && s[1] == '\0')
		return s[0] - '0';
	return -1;
}

static void parse_levels(char *list)
{
	char *save = NULL;

	level_mask = 0;
	for (char *p = strtok_r(list, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
		int l = level_from_name(p);

		if (l < 0) {
			ulib_err("dmesg", "unknown level '%s'", p);
			exit(1);
		}
		level_mask |= 1u << l;
	}
}

/*
 * Print one line (without its '\n'). A line the kernel stored with a
 * "<n>" prefix has level n; a continuation of a message has none.
 */
static void print_line(const char *line, size_t len)
{
	int level = -1;
	size_t skip = 0;

	if (len >= 3 && line[0] == '<') {
		size_t i = 1;
		int v = 0;

		while (i < len && line[i] >= '0' && line[i] <= '9')
			v = v * 10 + (line[i++] - '0');
		if (i > 1 && i < len && line[i] == '>') {
			level = v & 7;	/* the facility sits above the level */
			skip = i + 1;
		}
	}
	if (level >= 0 && !(level_mask & (1u << level)))
		return;
	if (opt_raw)
		skip = 0;
	else if (opt_decode && level >= 0)
		printf("kern  :%-6s: ", level_names[level]);
	printf("%.*s\n", (int)(len - skip), line + skip);
}

static int print_log(void)
{
	int size = klogctl(SYSLOG_ACTION_SIZE_BUFFER, NULL, 0);
	char *buf, *p, *end;
	int n;

	if (size <= 0)
		size = 1 << 17;
	buf = malloc((size_t)size);
	if (buf == NULL)
		return 1;
	n = klogctl(SYSLOG_ACTION_READ_ALL, buf, size);
	if (n < 0) {
		ulib_err("dmesg", "read kernel buffer failed: %s", strerror(errno));
		return 1;
	}
	p = buf;
	end = buf + n;
	/* A full ring starts in the middle of a line: skip that part. */
	if (n == size && (p = memchr(buf, '\n', (size_t)n)) != NULL)
		p++;
	else
		p = buf;
	while (p < end) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);

		print_line(p, len);
		p += len + 1;
	}
	free(buf);
	return fflush(stdout) ? 1 : 0;
}

int main(int argc, char **argv)
{
	int opt, clear_after = 0, clear_only = 0;

	while ((opt = getopt(argc, argv, "rxcCl:n:")) != -1) {
		switch (opt) {
		case 'r': opt_raw = 1; break;
		case 'x': opt_decode = 1; break;
		case 'c': clear_after = 1; break;
		case 'C': clear_only = 1; break;
		case 'l': parse_levels(optarg); break;
		case 'n': return set_console_level(optarg);
		default: usage();
		}
	}
	if (optind < argc)
		usage();
	if (clear_only)
		return clear_log();
	if (print_log())
		return 1;
	return clear_after ? clear_log() : 0;
}
