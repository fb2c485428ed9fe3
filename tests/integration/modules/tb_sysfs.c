/*
 * Parameters as /sys/module/tb_sysfs/parameters/ shows them: several
 * types and modes, one without a file (perm 0), one with set() of the
 * module's own, which says in dmesg what it was given. rmmod prints the
 * values the module sees then.
 */
#include "tbmod.h"

static int mp_int = 7;
static char *mp_str = "default";
static bool mp_ro = true;
static unsigned long mp_hidden = 3;
static unsigned short mp_secret = 11;
static int mp_wo = 1;
static int mp_arr[4] = { 1, 2 };
static unsigned int mp_arr_n = 2;
static int mp_cb = 5;

module_param(mp_int, int, 0644);
module_param(mp_str, charp, 0644);
module_param(mp_ro, bool, 0444);
module_param(mp_hidden, ulong, 0);
module_param(mp_secret, ushort, 0600);
module_param(mp_wo, int, 0200);
module_param_array(mp_arr, int, &mp_arr_n, 0644);

static int cb_set(const char *val, const struct kernel_param *kp)
{
	int err = param_set_int(val, kp);

	if (!err)
		printk("tb_sysfs: mp_cb set to %d\n", mp_cb);
	return err;
}

static const struct kernel_param_ops cb_ops = {
	.set = cb_set,
	.get = param_get_int,
};
module_param_cb(mp_cb, &cb_ops, &mp_cb, 0644);

static int __init tb_sysfs_init(void)
{
	printk("tb_sysfs: loaded, int=%d\n", mp_int);
	return 0;
}

static void __exit tb_sysfs_exit(void)
{
	printk("tb_sysfs: exit int=%d str=%s ro=%d hidden=%lu secret=%u wo=%d "
	       "arr=%u:%d,%d,%d cb=%d\n", mp_int, mp_str, mp_ro, mp_hidden,
	       mp_secret, mp_wo, mp_arr_n, mp_arr[0], mp_arr[1], mp_arr[2], mp_cb);
}

module_init(tb_sysfs_init);
module_exit(tb_sysfs_exit);
MODULE_LICENSE("GPL");
