/* Parameters of every common type, __init code and data, an exit. */
#include "tbmod.h"

static int mp_int = 7;
static char *mp_str = "default";
static bool mp_bool;
static unsigned long mp_ulong = 1;
static int mp_arr[4];
static unsigned int mp_arr_n;
static const char greeting[] = "tb_params: hello from rodata";
static int __initdata init_only = 42;

module_param(mp_int, int, 0644);
MODULE_PARM_DESC(mp_int, "an int");
module_param(mp_str, charp, 0644);
MODULE_PARM_DESC(mp_str, "a string");
module_param(mp_bool, bool, 0644);
module_param(mp_ulong, ulong, 0644);
module_param_array(mp_arr, int, &mp_arr_n, 0644);

static int __init tb_params_init(void)
{
	printk("%s\n", greeting);
	printk("tb_params: int=%d str=%s bool=%d ulong=%lu arr=%u:%d,%d,%d init=%d\n",
	       mp_int, mp_str, mp_bool, mp_ulong, mp_arr_n, mp_arr[0], mp_arr[1],
	       mp_arr[2], init_only);
	return 0;
}

static void __exit tb_params_exit(void)
{
	printk("tb_params: exit, int=%d\n", mp_int);
}

module_init(tb_params_init);
module_exit(tb_params_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(author, "Taskbase tests");
MODULE_INFO(description, "module parameters");
