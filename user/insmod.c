/*
 * insmod: load a kernel module.
 *
 *   insmod FILE.ko [PARAM=VALUE ...]
 *   insmod NAME [PARAM=VALUE ...]      /lib/modules/NAME.ko
 *
 * The module's init function runs inside finit_module(2), in the process
 * context of this insmod, exactly as on Linux: current is insmod, so a
 * module that prints current->comm prints "insmod". Read what it printed
 * with dmesg. A NAME that is not a file is looked for in /lib/modules,
 * where `make run MODULES=...` puts modules (kmod's insmod takes only
 * files; modprobe finds names).
 *
 * Linux interfaces: finit_module(2) with the open module file and the
 * parameters joined by spaces, as kmod's insmod joins them, except that a
 * value with a space in it is put in double quotes (as modprobe does), so
 * that `insmod foo.ko s="hello there"` passes one string; kmod's error
 * strings for the errno values a load gives.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "ulib.h"

#define MODULE_DIR "/lib/modules/"

/* kmod's wording for the errno values init_module(2) gives. */
static const char *mod_strerror(int err)
{
	switch (err) {
	case ENOEXEC:
		return "Invalid module format";
	case ENOENT:
	case ESRCH:
		return "Unknown symbol in module";
	case EINVAL:
		return "Invalid parameters";
	default:
		return strerror(err);
	}
}

/* Open @arg as given, else as /lib/modules/NAME.ko for a bare NAME. */
static int open_module(const char *arg, char *path, size_t size)
{
	size_t len = strlen(arg);
	int fd;

	snprintf(path, size, "%s", arg);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0 || errno != ENOENT || strchr(arg, '/'))
		return fd;
	if (len > 3 && strcmp(arg + len - 3, ".ko") == 0)
		len -= 3;
	snprintf(path, size, MODULE_DIR "%.*s.ko", (int)len, arg);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		snprintf(path, size, "%s", arg);	/* report what was asked */
	return fd;
}

/* Append " name=value" to @params, quoting a value that has a space. */
static void add_param(char *params, size_t size, const char *arg, bool sep)
{
	const char *eq = strchr(arg, '=');
	size_t len = strlen(params);

	if (eq && strchr(eq, ' ') && eq[1] != '"')
		snprintf(params + len, size - len, "%s%.*s\"%s\"", sep ? " " : "",
			 (int)(eq + 1 - arg), arg, eq + 1);
	else
		snprintf(params + len, size - len, "%s%s", sep ? " " : "", arg);
}

int main(int argc, char **argv)
{
	char params[4096] = "", path[512];
	int fd;

	if (argc < 2 || argv[1][0] == '-') {
		ulib_err("insmod", "usage: insmod FILE.ko|NAME [PARAM=VALUE ...]");
		return 1;
	}
	for (int i = 2; i < argc; i++)
		add_param(params, sizeof(params), argv[i], i > 2);
	fd = open_module(argv[1], path, sizeof(path));
	if (fd < 0) {
		ulib_err("insmod", "ERROR: could not load module %s: %s", path,
			 strerror(errno));
		return 1;
	}
	if (syscall(SYS_finit_module, fd, params, 0) == 0)
		return 0;
	ulib_err("insmod", "ERROR: could not insert module %s: %s", path,
		 mod_strerror(errno));
	return 1;
}
