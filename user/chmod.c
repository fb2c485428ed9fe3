/*
 * chmod: set the permission bits of files, as an octal number.
 *
 *   chmod MODE FILE...        MODE: octal, e.g. 600, 4755
 *
 * Only the owner or root may (EPERM otherwise). System calls: chmod.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ulib.h"

int main(int argc, char **argv)
{
	char *end;
	long mode;
	int ret = 0;

	if (argc < 3) {
		ulib_err("chmod", "usage: chmod OCTAL-MODE FILE...");
		return 2;
	}
	mode = strtol(argv[1], &end, 8);
	if (*end || mode < 0 || mode > 07777) {
		ulib_err("chmod", "invalid mode: %s", argv[1]);
		return 2;
	}
	for (int i = 2; i < argc; i++)
		if (chmod(argv[i], (mode_t)mode) < 0) {
			ulib_err("chmod", "%s: %s", argv[i], strerror(errno));
			ret = 1;
		}
	return ret;
}
