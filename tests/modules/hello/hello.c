/*
 * A module with a parameter of every module_param type, an array and a
 * string, for the build tests: its .modinfo must carry parm= and
 * parmtype= lines and its __param section one entry per parameter.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/moduleparam.h>

MODULE_LICENSE("GPL");
MODULE_AUTHOR("Taskbase tests");
MODULE_DESCRIPTION("parameters of every type");
MODULE_VERSION("1.2");
MODULE_ALIAS("hello-params");

static int count = 3;
module_param(count, int, 0644);
MODULE_PARM_DESC(count, "how many greetings");

static unsigned int ucount = 4;
module_param(ucount, uint, 0444);
static long big = -5;
module_param(big, long, 0444);
static unsigned long ubig = 6;
module_param(ubig, ulong, 0444);
static short small = -7;
module_param(small, short, 0444);
static unsigned short usmall = 8;
module_param(usmall, ushort, 0444);
static bool loud;
module_param(loud, bool, 0644);
static bool quiet = true;
module_param(quiet, invbool, 0444);
static unsigned char level = 9;
module_param(level, byte, 0444);
static unsigned long long huge = 10;
module_param(huge, ullong, 0444);

static char *whom = "world";
module_param(whom, charp, 0644);
MODULE_PARM_DESC(whom, "who to greet");

static int primes[4] = { 2, 3, 5, 7 };
static int nr_primes = 4;
module_param_array(primes, int, &nr_primes, 0444);
MODULE_PARM_DESC(primes, "up to four numbers");

static char tag[16] = "none";
module_param_string(tag, tag, sizeof(tag), 0644);

static int delay_ms = 1;
module_param_named(delay, delay_ms, int, 0444);

static int __init hello_init(void)
{
	int i;

	for (i = 0; i < count; i++)
		pr_info("hello, %s (%d of %d) loud=%d tag=%s\n", whom, i + 1,
			count, loud, tag);
	for (i = 0; i < nr_primes; i++)
		pr_info("primes[%d] = %d\n", i, primes[i]);
	pr_info("%u %ld %lu %d %u %d %u %llu %d\n", ucount, big, ubig, small,
		usmall, quiet, level, huge, delay_ms);
	return 0;
}

static void __exit hello_exit(void)
{
	pr_info("goodbye, %s\n", whom);
}

module_init(hello_init);
module_exit(hello_exit);
