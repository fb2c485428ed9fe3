/*
 * rmmod: unload a kernel module.
 *
 *   rmmod NAME             NAME or NAME.ko
 *
 * The module's exit function runs in rmmod's process context (look with
 * dmesg). Taskbase's modules are built in, so unloading only marks the
 * module not loaded; insmod can run it again.
 *
 * Linux interfaces: delete_module(2) with O_NONBLOCK, as kmod's rmmod.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "ulib.h"

int main(int argc, char **argv)
{
	char *name, *slash;
	size_t len;
	int status = 0;

	if (argc < 2 || argv[1][0] == '-') {
		ulib_err("rmmod", "usage: rmmod NAME...");
		return 1;
	}
	for (int i = 1; i < argc; i++) {
		slash = strrchr(argv[i], '/');
		name = slash ? slash + 1 : argv[i];
		len = strlen(name);
		if (len > 3 && strcmp(name + len - 3, ".ko") == 0)
			name[len - 3] = '\0';
		if (syscall(SYS_delete_module, name, O_NONBLOCK) == 0)
			continue;
		if (errno == ENOENT)
			ulib_err("rmmod", "ERROR: Module %s is not currently loaded", name);
		else
			ulib_err("rmmod", "ERROR: could not remove module %s: %s",
				 name, strerror(errno));
		status = 1;
	}
	return status;
}
