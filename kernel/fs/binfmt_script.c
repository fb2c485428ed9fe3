/*
 * "#!" scripts, as Linux's fs/binfmt_script.c runs them: a file whose
 * first two bytes are "#!" names its interpreter on that first line,
 * with at most one argument (everything after the name, blanks around it
 * trimmed). execve() then runs the interpreter instead, with the argument
 * list
 *     interpreter [argument] script-path argv[1] argv[2] ...
 * so that "/tmp/s.sh one two" whose first line is "#!/bin/sh" runs as
 * "/bin/sh /tmp/s.sh one two". Only the first BINPRM_BUF_SIZE bytes are
 * looked at; an interpreter name cut off there is an error (ENOEXEC),
 * while a long argument is kept as far as it goes. kernel/fs/exec.c
 * prepare_exec() asks script_parse() about every file it loads, and lets
 * an interpreter be a script itself up to BINPRM_MAX_DEPTH levels deep.
 */
#include "kernel/fs/binfmt_script.h"
#include "kernel/mm/slab.h"
#include "lib/errno.h"
#include "lib/string.h"

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Copy [@s, @e) into @dst of @size bytes; false when it does not fit. */
static bool copy_word(char *dst, size_t size, const char *s, const char *e)
{
	if ((size_t)(e - s) >= size)
		return false;
	memcpy(dst, s, (size_t)(e - s));
	dst[e - s] = '\0';
	return true;
}

int script_parse(const void *data, u64 size, struct script_line *out)
{
	const char *buf = data, *end, *p, *name;
	u64 len = size < BINPRM_BUF_SIZE ? size : BINPRM_BUF_SIZE;
	bool cut;

	if (size < 2 || buf[0] != '#' || buf[1] != '!')
		return 0;
	end = memchr(buf, '\n', len);
	cut = !end && size > len;	/* the line goes on past the buffer */
	if (!end)
		end = buf + len;
	for (p = buf + 2; p < end && is_blank(*p); p++)
		;
	for (name = p; p < end && !is_blank(*p) && *p; p++)
		;
	if (p == name || (cut && p == end))
		return -ENOEXEC;	/* no interpreter, or its name cut off */
	if (!copy_word(out->interp, sizeof(out->interp), name, p))
		return -ENOEXEC;
	while (p < end && is_blank(*p))
		p++;
	while (end > p && (is_blank(end[-1]) || end[-1] == '\0'))
		end--;
	out->has_arg = end > p;
	if (!copy_word(out->arg, sizeof(out->arg), p, end))
		return -ENOEXEC;
	return 1;
}

long script_args(const struct script_line *s, const char *path, u64 max,
		 char **strings, u64 *argv_len, u64 env_len, int *argc)
{
	u64 skip = *argc ? strlen(*strings) + 1 : 0;	/* the old argv[0] */
	u64 head = strlen(s->interp) + 1 + (s->has_arg ? strlen(s->arg) + 1 : 0) +
		   strlen(path) + 1;
	u64 rest = *argv_len + env_len - skip, used = 0;
	char *new;

	if (head + rest >= max)
		return -E2BIG;
	new = kmalloc(max, GFP_KERNEL);
	if (!new)
		return -ENOMEM;
	used += strlcpy(new, s->interp, max) + 1;
	if (s->has_arg)
		used += strlcpy(new + used, s->arg, max - used) + 1;
	used += strlcpy(new + used, path, max - used) + 1;
	memcpy(new + used, *strings + skip, rest);
	kfree(*strings);
	*strings = new;
	*argv_len += head - skip;
	*argc += (s->has_arg ? 2 : 1) + (skip ? 0 : 1);
	return 0;
}
