/*
 * lsmod: show the loaded kernel modules, in kmod's layout.
 *
 *   Module                  Size  Used by
 *   current_affairs         4096  0
 *
 * Linux interfaces: /proc/modules, one module a line:
 * "name size refcount dependents state address".
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "procfs.h"
#include "ulib.h"

int main(int argc, char **argv)
{
	static char text[16384];
	char *line, *save = NULL;

	(void)argv;
	if (argc > 1) {
		ulib_err("lsmod", "usage: lsmod");
		return 1;
	}
	if (procfs_read("/proc/modules", text, sizeof(text)) < 0) {
		ulib_err("lsmod", "cannot read /proc/modules: %s", strerror(errno));
		return 1;
	}
	puts("Module                  Size  Used by");
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char name[64], deps[256];
		long size, refs;
		int n = sscanf(line, "%63s %ld %ld %255s", name, &size, &refs, deps);

		if (n < 3)
			continue;
		printf("%-19s %8ld  %ld", name, size, refs);
		if (n == 4 && strcmp(deps, "-") != 0) {
			size_t len = strlen(deps);

			if (len && deps[len - 1] == ',')	/* "a,b," */
				deps[len - 1] = '\0';
			printf(" %s", deps);
		}
		putchar('\n');
	}
	return 0;
}
