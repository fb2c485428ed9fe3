/*
 * insmod: load a kernel module.
 *
 *   insmod NAME [PARAMS...]      NAME, NAME.ko or a path to NAME.ko
 *
 * Taskbase has no module loader: its modules (current_affairs,
 * thrd_showall, prcs_showall, stack_layout; see kernel/module.c) are
 * built into the kernel and "loading" one runs its init function. That
 * happens inside init_module(2), in the process context of this insmod,
 * exactly as on Linux: current is insmod, so current_affairs reports
 * insmod's PID and comm. Read what the module printed with dmesg.
 *
 * Linux interfaces: init_module(2). Linux passes the module file's
 * contents and their length; Taskbase takes the module's NAME and its
 * length in the same two arguments. PARAMS are joined by spaces, as
 * Linux's insmod joins them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "ulib.h"

/* "dir/name.ko" -> "name", in place. */
static char *module_name(char *arg)
{
	char *slash = strrchr(arg, '/');
	char *name = slash ? slash + 1 : arg;
	size_t len = strlen(name);

	if (len > 3 && strcmp(name + len - 3, ".ko") == 0)
		name[len - 3] = '\0';
	return name;
}

int main(int argc, char **argv)
{
	char params[1024] = "";
	const char *name;

	if (argc < 2 || argv[1][0] == '-') {
		ulib_err("insmod", "usage: insmod NAME [PARAMS...]");
		return 1;
	}
	name = module_name(argv[1]);
	for (int i = 2; i < argc; i++) {
		size_t len = strlen(params);

		snprintf(params + len, sizeof(params) - len, "%s%s",
			 i > 2 ? " " : "", argv[i]);
	}
	if (syscall(SYS_init_module, name, strlen(name), params) == 0)
		return 0;
	ulib_err("insmod", "ERROR: could not insert module %s: %s", name,
		 strerror(errno));
	if (errno == ENOENT)
		fprintf(stderr, "insmod: Taskbase loads only its built-in modules: "
			"current_affairs, thrd_showall, prcs_showall, stack_layout\n");
	return 1;
}
