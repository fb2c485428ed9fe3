/* "#!" scripts: the interpreter line of a file execve() loads. */
#ifndef KERNEL_BINFMT_SCRIPT_H
#define KERNEL_BINFMT_SCRIPT_H

#include "lib/types.h"

#define BINPRM_BUF_SIZE 256	/* bytes of the file looked at, as Linux */
#define BINPRM_MAX_DEPTH 4	/* interpreters that are scripts, as Linux */

struct script_line {
	char interp[BINPRM_BUF_SIZE];	/* the interpreter's path */
	char arg[BINPRM_BUF_SIZE];	/* its one optional argument */
	bool has_arg;
};

/* Whether @data (@size bytes) is a "#!" script: 1 with @out filled, 0 when
 * it is not one, -ENOEXEC when its interpreter line is unusable. */
int script_parse(const void *data, u64 size, struct script_line *out);

/* Turn the argument strings @*strings (@*argc of them, @*argv_len bytes,
 * then @env_len bytes of environment; a kmalloc'ed block of @max bytes)
 * into "interpreter [argument] @path argv[1]..." for script line @s. 0,
 * -E2BIG or -ENOMEM (the old block stays then). */
long script_args(const struct script_line *s, const char *path, u64 max,
		 char **strings, u64 *argv_len, u64 env_len, int *argc);

#endif
