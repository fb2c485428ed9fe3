/*
 * rmmod: unload a kernel module.
 *
 *   rmmod NAME...          NAME or NAME.ko
 *
 * The module's exit function runs in rmmod's process context (look with
 * dmesg). A module another module uses cannot go: like kmod's rmmod this
 * one reads /proc/modules first and names the users ("is in use by").
 *
 * Linux interfaces: delete_module(2) with O_NONBLOCK, as kmod's rmmod;
 * /proc/modules.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "procfs.h"
#include "ulib.h"

/* @name's "used by" column of /proc/modules into @users ("" if none);
 * false if @name is not listed. */
static bool module_users(const char *name, char *users, size_t size)
{
	static char text[16384];
	char *line, *save = NULL;

	users[0] = '\0';
	if (procfs_read("/proc/modules", text, sizeof(text)) < 0)
		return true;	/* let the system call answer */
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char mod[64], deps[256];
		long size_, refs;

		if (sscanf(line, "%63s %ld %ld %255s", mod, &size_, &refs, deps) != 4 ||
		    strcmp(mod, name))
			continue;
		if (strcmp(deps, "-")) {
			size_t len = strlen(deps);

			if (len && deps[len - 1] == ',')
				deps[len - 1] = '\0';
			snprintf(users, size, "%s", deps);
		}
		return true;
	}
	return false;
}

static int remove_one(char *arg)
{
	char *slash = strrchr(arg, '/'), *name = slash ? slash + 1 : arg;
	size_t len = strlen(name);
	char users[256];

	if (len > 3 && strcmp(name + len - 3, ".ko") == 0)
		name[len - 3] = '\0';
	if (!module_users(name, users, sizeof(users))) {
		ulib_err("rmmod", "ERROR: Module %s is not currently loaded", name);
		return 1;
	}
	if (users[0]) {
		ulib_err("rmmod", "ERROR: Module %s is in use by: %s", name, users);
		return 1;
	}
	if (syscall(SYS_delete_module, name, O_NONBLOCK) == 0)
		return 0;
	if (errno == ENOENT)
		ulib_err("rmmod", "ERROR: Module %s is not currently loaded", name);
	else if (errno == EWOULDBLOCK || errno == EBUSY)
		ulib_err("rmmod", "ERROR: Module %s is in use", name);
	else
		ulib_err("rmmod", "ERROR: could not remove module %s: %s", name,
			 strerror(errno));
	return 1;
}

int main(int argc, char **argv)
{
	int status = 0;

	if (argc < 2 || argv[1][0] == '-') {
		ulib_err("rmmod", "usage: rmmod NAME...");
		return 1;
	}
	for (int i = 1; i < argc; i++)
		status |= remove_one(argv[i]);
	return status;
}
