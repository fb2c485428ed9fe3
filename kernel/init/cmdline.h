/*
 * The kernel command line: "quiet", "ktest[=name,name]", "init=/bin/sh",
 * "demo", "loglevel=n". Unknown options are reported, never fatal.
 * Words after "--" are handed to init as its arguments, as on Linux.
 */
#ifndef KERNEL_CMDLINE_H
#define KERNEL_CMDLINE_H

#include "lib/types.h"

#define MAX_INIT_ARGS 8		/* init's argv[1..] from after "--" */

struct kernel_params {
	bool quiet;
	bool ktest;		/* run the self-tests, then power off */
	const char *ktest_only;	/* "a,b": run only these (crash tests too) */
	const char *init;	/* first user program */
	bool demo;		/* pid 1 loads the demo sample modules */
	u64 hugepages;		/* hugepages=N: the huge page pool at boot */
	const char *init_args[MAX_INIT_ARGS + 1];	/* NULL-terminated */
};

extern struct kernel_params kparams;
extern char saved_command_line[];

/* Parse @cmdline (copied) into kparams; prints what it did not know. */
void parse_cmdline(const char *cmdline);

#endif
