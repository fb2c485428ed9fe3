/*
 * benchmod: the small module `make bench` loads and unloads
 * (module_load_unload, user/bench.c), built from this one source for
 * Taskbase (make -C <taskbase> M=...) and for Linux 6.1 (against Debian's
 * linux-headers package of the benchmark kernel,
 * scripts/build-linux-module.sh). It does what a first module does: an
 * init and an exit, a parameter, a little data; it prints nothing, so the
 * console's speed does not enter the measurement.
 */
#include <linux/init.h>
#include <linux/module.h>
#include <linux/moduleparam.h>

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("the module of make bench's module_load_unload row");

static int loads;
module_param(loads, int, 0444);

static int table[64];

static int __init benchmod_init(void)
{
	for (int i = 0; i < 64; i++)
		table[i] = i * loads;
	loads++;
	return 0;
}

static void __exit benchmod_exit(void)
{
	table[0] = loads;
}

module_init(benchmod_init);
module_exit(benchmod_exit);
