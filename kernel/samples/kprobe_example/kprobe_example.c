/*
 * kprobe_example: a kprobe from a module (Linux's samples/kprobes/ has
 * one of this name). At insmod it puts a probe at the entry of the
 * function named by its parameter, kernel_clone (every fork) unless
 * told otherwise; each call then logs the probed address, where the CPU
 * was and its flags, from the pre- and the post-handler:
 *
 *   insmod kprobe_example [symbol=NAME]
 *   ls; dmesg | tail            two lines per fork of the shell
 *   rmmod kprobe_example        "missed N" probes hit inside a handler
 *
 * A function Taskbase cannot probe (printk, anything under arch/) makes
 * insmod fail with register_kprobe()'s EINVAL.
 */
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/moduleparam.h>

MODULE_AUTHOR("Taskbase");
MODULE_DESCRIPTION("a kprobe at a function's entry, logging each call");
MODULE_LICENSE("Dual MIT/GPL");
MODULE_VERSION("0.1");

static char *symbol = "kernel_clone";
module_param(symbol, charp, 0444);
MODULE_PARM_DESC(symbol, "the function to probe (default kernel_clone)");

static struct kprobe kp;

/* Before the function: regs are the CPU's at its first instruction. */
static int handler_pre(struct kprobe *p, struct pt_regs *regs)
{
	pr_info("<%s> p->addr = 0x%px, ip = %llx, flags = 0x%llx\n",
		p->symbol_name, p->addr, instruction_pointer(regs), regs->eflags);
	return 0;
}

/* After the probed instruction (the entry's nop). */
static void handler_post(struct kprobe *p, struct pt_regs *regs,
			 unsigned long flags)
{
	pr_info("<%s> p->addr = 0x%px, flags = 0x%llx\n",
		p->symbol_name, p->addr, regs->eflags);
}

static int __init kprobe_init(void)
{
	int ret;

	kp.symbol_name = symbol;
	kp.pre_handler = handler_pre;
	kp.post_handler = handler_post;
	ret = register_kprobe(&kp);
	if (ret < 0) {
		pr_err("kprobe_example: register_kprobe(%s) failed: %d\n",
		       symbol, ret);
		return ret;
	}
	pr_info("kprobe_example: planted kprobe at %px (%s)\n", kp.addr, symbol);
	return 0;
}

static void __exit kprobe_exit(void)
{
	unregister_kprobe(&kp);
	pr_info("kprobe_example: kprobe at %px unregistered, missed %lu\n",
		kp.addr, kp.nmissed);
}

module_init(kprobe_init);
module_exit(kprobe_exit);
