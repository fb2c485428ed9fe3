/*
 * cat: copy files (or standard input) to standard output.
 *
 *   cat [FILE]...        "-" or no FILE means standard input
 *
 * System calls: open, read, write, close, exit_group. Short writes (a pipe
 * whose reader is slow) and EINTR are handled as a real cat must.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "ulib.h"

static char buf[64 * 1024];

/* Write all n bytes of p to fd 1. Returns 0, or -1 on error. */
static int write_all(const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(1, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Copy fd to standard output. Returns 0, or -1 after printing the error. */
static int copy(int fd, const char *name)
{
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));

		if (n == 0)
			return 0;
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ulib_err("cat", "%s: %s", name, strerror(errno));
			return -1;
		}
		if (write_all(buf, (size_t)n) < 0) {
			ulib_err("cat", "write error: %s", strerror(errno));
			return -1;
		}
	}
}

int main(int argc, char **argv)
{
	int status = 0, i;

	if (argc < 2)
		return copy(0, "-") < 0;
	for (i = 1; i < argc; i++) {
		int fd = 0;

		if (strcmp(argv[i], "-") != 0)
			fd = open(argv[i], O_RDONLY);
		if (fd < 0) {
			ulib_err("cat", "%s: %s", argv[i], strerror(errno));
			status = 1;
			continue;
		}
		if (copy(fd, argv[i]) < 0)
			status = 1;
		if (fd != 0)
			close(fd);
	}
	return status;
}
