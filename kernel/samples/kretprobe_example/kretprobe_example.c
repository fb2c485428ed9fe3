/*
 * kretprobe_example: a kretprobe from a module (Linux's samples/kprobes/
 * has one of this name): how long each call of a function takes and what
 * it returns. The entry handler keeps the time in the instance's data,
 * the return handler logs the value and the time taken:
 *
 *   insmod kretprobe_example [func=NAME]    default kernel_clone
 *   ls; dmesg | tail            "kernel_clone returned 42 and took ... ns"
 *   rmmod kretprobe_example     "missed N": calls beyond maxactive at once
 */
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/kprobes.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/moduleparam.h>

MODULE_AUTHOR("Taskbase");
MODULE_DESCRIPTION("a kretprobe timing each call of a function");
MODULE_LICENSE("Dual MIT/GPL");
MODULE_VERSION("0.1");

static char *func = "kernel_clone";
module_param(func, charp, 0444);
MODULE_PARM_DESC(func, "the function to time (default kernel_clone)");

struct call_data {
	ktime_t entry;
};

static int entry_handler(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct call_data *d = (struct call_data *)ri->data;

	d->entry = ktime_get();
	return 0;
}

static int ret_handler(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct call_data *d = (struct call_data *)ri->data;

	pr_info("%s returned %lld and took %lld ns to execute\n", func,
		(long long)regs_return_value(regs),
		(long long)ktime_to_ns(ktime_sub(ktime_get(), d->entry)));
	return 0;
}

static struct kretprobe my_kretprobe = {
	.handler = ret_handler,
	.entry_handler = entry_handler,
	.data_size = sizeof(struct call_data),
	.maxactive = 20,
};

static int __init kretprobe_init(void)
{
	int ret;

	my_kretprobe.kp.symbol_name = func;
	ret = register_kretprobe(&my_kretprobe);
	if (ret < 0) {
		pr_err("kretprobe_example: register_kretprobe(%s) failed: %d\n",
		       func, ret);
		return ret;
	}
	pr_info("kretprobe_example: planted return probe at %s: %px\n", func,
		my_kretprobe.kp.addr);
	return 0;
}

static void __exit kretprobe_exit(void)
{
	unregister_kretprobe(&my_kretprobe);
	pr_info("kretprobe_example: kretprobe at %px unregistered, missed %d\n",
		my_kretprobe.kp.addr, my_kretprobe.nmissed);
}

module_init(kretprobe_init);
module_exit(kretprobe_exit);
