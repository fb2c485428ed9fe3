/*
 * echo: print the arguments, separated by spaces, ending with a newline.
 *
 *   echo [-n] [-e] [-E] [ARG]...
 *
 * -n: no newline at the end; -e: interpret backslash escapes (\n \t \\ \a
 * \b \c \e \f \r \v \0NNN \xHH); -E: do not (the default). As bash's echo,
 * an argument is an option only if it is "-" followed by n, e or E letters.
 *
 * System calls: ioctl(TIOCGWINSZ) and writev (musl's stdio), exit_group.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

/* 1 if arg is a group of echo options ("-n", "-ne", "-Ee"). */
static int is_option(const char *arg)
{
	if (arg[0] != '-' || arg[1] == '\0')
		return 0;
	return strspn(arg + 1, "neE") == strlen(arg + 1);
}

/* Value of up to max digits of base at *p; advances *p past them. */
static int read_number(const char **p, int base, int max)
{
	int v = 0;

	while (max-- > 0) {
		int c = **p, d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (base == 16 && c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (base == 16 && c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			break;
		if (d >= base)
			break;
		v = v * base + d;
		(*p)++;
	}
	return v;
}

/* Print s with escapes decoded; returns 1 if \c asked to stop all output. */
static int print_escaped(const char *s)
{
	static const char from[] = "abefnrtv\\";
	static const char to[] = "\a\b\033\f\n\r\t\v\\";

	while (*s) {
		const char *e;

		if (*s != '\\' || s[1] == '\0') {
			putchar(*s++);
			continue;
		}
		s++;
		if (*s == 'c')
			return 1;
		if (*s == '0') {
			s++;
			putchar(read_number(&s, 8, 3));
		} else if (*s == 'x' && isxdigit((unsigned char)s[1])) {
			s++;
			putchar(read_number(&s, 16, 2));
		} else if ((e = strchr(from, *s)) != NULL) {
			putchar(to[e - from]);
			s++;
		} else {
			putchar('\\');
		}
	}
	return 0;
}

/* Flush stdout; a failed write (EINVAL from a /sys file that refuses the
 * value) is reported as coreutils' echo does, with status 1. */
static int finish(void)
{
	if (fflush(stdout) == 0 && !ferror(stdout))
		return 0;
	fprintf(stderr, "echo: write error: %s\n", strerror(errno));
	return 1;
}

int main(int argc, char **argv)
{
	int newline = 1, escapes = 0, i = 1;

	for (; i < argc && is_option(argv[i]); i++) {
		const char *o;

		for (o = argv[i] + 1; *o; o++) {
			if (*o == 'n')
				newline = 0;
			else
				escapes = (*o == 'e');
		}
	}
	for (; i < argc; i++) {
		if (escapes && print_escaped(argv[i]))
			return finish();
		if (!escapes)
			fputs(argv[i], stdout);
		if (i + 1 < argc)
			putchar(' ');
	}
	if (newline)
		putchar('\n');
	return finish();
}
