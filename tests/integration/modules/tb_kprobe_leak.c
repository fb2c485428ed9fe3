/* A module that forgets unregister_kprobe() and unregister_kretprobe()
 * in its exit: the kernel must take both away as it unloads, with a
 * warning, instead of running freed handlers at the next fork. */
#include "tbmod.h"
#include "kernel/trace/kprobes.h"

static int hits, returns;

static int tb_leak_pre(struct kprobe *p, struct pt_regs *regs)
{
	hits++;
	return 0;
}

static int tb_leak_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	returns++;
	return 0;
}

static struct kprobe kp = { .symbol_name = "kernel_clone",
			    .pre_handler = tb_leak_pre };
static struct kretprobe rp = { .kp.symbol_name = "kernel_clone",
			       .handler = tb_leak_ret };

static int __init tb_kprobe_leak_init(void)
{
	int err = register_kprobe(&kp);

	if (!err)
		err = register_kretprobe(&rp);
	printk("tb_kprobe_leak: registered: %d\n", err);
	return err;
}

static void __exit tb_kprobe_leak_exit(void)
{
	printk("tb_kprobe_leak: %d hits, %d returns; leaving both registered\n",
	       hits, returns);
}

module_init(tb_kprobe_leak_init);
module_exit(tb_kprobe_leak_exit);
MODULE_LICENSE("GPL");
