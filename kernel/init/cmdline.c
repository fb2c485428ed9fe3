/*
 * Command-line parsing. The line is copied into saved_command_line (for
 * /proc/cmdline) and a second, writable copy is cut into words in place.
 */
#include "kernel/init/cmdline.h"
#include "kernel/printk/printk.h"
#include "lib/ctype.h"
#include "kernel/mm/kmemleak.h"
#include "lib/fault-inject.h"
#include "lib/string.h"

#define CMDLINE_MAX 512

struct kernel_params kparams = { .init = "/bin/init" };
char saved_command_line[CMDLINE_MAX];
static char words[CMDLINE_MAX];
extern int console_loglevel;

/* Handle one "key" or "key=value"; false when the key is unknown. */
static bool handle_param(const char *key, const char *val)
{
	int level;

	if (!strcmp(key, "quiet")) {
		kparams.quiet = true;
		console_loglevel = 4;	/* warnings and worse, as Linux */
	} else if (!strcmp(key, "ktest")) {
		kparams.ktest = true;
		kparams.ktest_only = val;
	} else if (!strcmp(key, "init") && val && *val) {
		kparams.init = val;
	} else if (!strcmp(key, "demo")) {
		kparams.demo = true;
	} else if (!strcmp(key, "hugepages") && val &&
		   !kstrtoull(val, 10, &kparams.hugepages)) {
		/* taken by start_user_space(), kernel/mm/hugetlb.c */
	} else if (!strcmp(key, "loglevel") && val &&
		   !kstrtoint(val, 10, &level) && level >= 0 && level <= 8) {
		console_loglevel = level;
	} else if (setup_fault_attr_param(key, val)) {
		/* failslab=, fail_page_alloc= (DEBUG_KERNEL=1) */
	} else if (kmemleak_setup_param(key, val)) {
		/* kmemleak=on|off (DEBUG_KERNEL=1) */
	} else {
		return false;
	}
	return true;
}

void parse_cmdline(const char *cmdline)
{
	char *p = words;
	bool to_init = false;
	int nargs = 0;

	strlcpy(saved_command_line, cmdline, sizeof(saved_command_line));
	strlcpy(words, cmdline, sizeof(words));
	while (*p) {
		char *key, *val;

		while (isspace(*p))
			p++;
		if (!*p)
			break;
		key = p;
		while (*p && !isspace(*p))
			p++;
		if (*p)
			*p++ = '\0';
		if (to_init) {
			if (nargs < MAX_INIT_ARGS)
				kparams.init_args[nargs++] = key;
			else
				pr_warn("init: more than %d arguments, \"%s\" dropped\n",
					MAX_INIT_ARGS, key);
			continue;
		}
		if (!strcmp(key, "--")) {
			to_init = true;
			continue;
		}
		val = strchr(key, '=');
		if (val)
			*val++ = '\0';
		if (!handle_param(key, val))
			pr_warn("Unknown kernel command line parameter \"%s%s%s\", ignored\n",
				key, val ? "=" : "", val ? val : "");
	}
}
