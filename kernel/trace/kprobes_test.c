/*
 * Self-tests for kprobes (kernel/trace/kprobes.c): handlers run in
 * order at a function's entry and see its registers, a site holds int3
 * only while an enabled probe needs it, two probes share a site, a probe
 * hit inside a handler is counted as missed, kretprobes see the value,
 * keep their per-call data and run out of instances as Linux's do, and
 * a kretprobe unregistered while a call is inside still lets it return.
 *
 * The targets are noipa: gcc may neither inline nor clone them, so each
 * call goes through the entry that kallsyms names.
 */
#include "kernel/ktest.h"
#include "kernel/kallsyms.h"
#include "kernel/kthread.h"
#include "kernel/sched/sched.h"
#include "kernel/sched/wait.h"
#include "kernel/trace/kprobes.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "asm/stacktrace.h"
#include "asm/ptrace.h"

#define noipa __attribute__((noipa))

static noipa int kprobe_test_target(int x)
{
	return 2 * x + 1;
}

static noipa int kprobe_test_inner(int x)
{
	return x - 1;
}

/* Recursion @depth deep: kretprobe instances in flight at once. */
static noipa int kprobe_test_recurse(int depth)
{
	return depth ? kprobe_test_recurse(depth - 1) + 1 : 0;
}

static int pre_hits, post_hits, order_ok;
static u64 pre_ip, pre_arg;

static int count_pre(struct kprobe *p, struct pt_regs *regs)
{
	pre_hits++;
	pre_ip = instruction_pointer(regs);
	pre_arg = regs_get_kernel_argument(regs, 0);
	return 0;
}

static void count_post(struct kprobe *p, struct pt_regs *regs,
		       unsigned long flags)
{
	order_ok += post_hits + 1 == pre_hits;
	post_hits++;
}

static u8 site_byte(const struct kprobe *p)
{
	return READ_ONCE(*(const u8 *)p->addr);
}

KTEST(kprobe_runs_handlers_at_entry)
{
	struct kprobe kp = {
		.symbol_name = "kprobe_test_target",
		.pre_handler = count_pre, .post_handler = count_post,
	};

	pre_hits = post_hits = order_ok = 0;
	KT_EXPECT(t, register_kprobe(&kp) == 0);
	KT_EXPECT(t, (u64)kp.addr == (u64)kprobe_test_target);
	KT_EXPECT(t, site_byte(&kp) == 0xcc);
	KT_EXPECT(t, kprobe_test_target(20) == 41);
	KT_EXPECT(t, pre_hits == 1 && post_hits == 1 && order_ok == 1);
	KT_EXPECT(t, pre_ip == (u64)kprobe_test_target && pre_arg == 20);
	KT_EXPECT(t, disable_kprobe(&kp) == 0 && site_byte(&kp) == 0x90);
	kprobe_test_target(1);
	KT_EXPECT(t, pre_hits == 1);
	KT_EXPECT(t, enable_kprobe(&kp) == 0 && site_byte(&kp) == 0xcc);
	kprobe_test_target(1);
	KT_EXPECT(t, pre_hits == 2 && post_hits == 2 && kp.nmissed == 0);
	unregister_kprobe(&kp);
	KT_EXPECT(t, site_byte(&kp) == 0x90);
	KT_EXPECT(t, kprobe_test_target(1) == 3 && pre_hits == 2);
	KT_EXPECT(t, enable_kprobe(&kp) == -EINVAL);
}

KTEST(kprobe_refuses_what_it_cannot_probe)
{
	struct kprobe nosuch = { .symbol_name = "no_such_function_here" };
	struct kprobe neither = { .pre_handler = count_pre };
	struct kprobe both = { .symbol_name = "kprobe_test_target",
			       .addr = (kprobe_opcode_t *)kprobe_test_target };
	struct kprobe inside = { .symbol_name = "kprobe_test_target", .offset = 1 };
	struct kprobe noprobe = { .symbol_name = "printk" };	/* NMI's */
	struct kprobe own = { .symbol_name = "kprobe_int3_handler" };
	struct kprobe ok = { .symbol_name = "kprobe_test_target" };

	KT_EXPECT(t, register_kprobe(&nosuch) == -ENOENT);
	KT_EXPECT(t, register_kprobe(&neither) == -EINVAL);
	KT_EXPECT(t, register_kprobe(&both) == -EINVAL);
	KT_EXPECT(t, register_kprobe(&inside) == -EILSEQ);
	KT_EXPECT(t, register_kprobe(&noprobe) == -EINVAL);
	KT_EXPECT(t, register_kprobe(&own) == -EINVAL);
	KT_EXPECT(t, register_kprobe(&ok) == 0);
	ok.symbol_name = NULL;		/* addr is set now: the same probe again */
	KT_EXPECT(t, register_kprobe(&ok) == -EINVAL);
	unregister_kprobe(&ok);
	unregister_kprobe(&ok);		/* twice: nothing happens */
	KT_EXPECT(t, READ_ONCE(*(u8 *)kprobe_test_target) == 0x90);
}

KTEST(kprobe_two_probes_share_a_site)
{
	struct kprobe a = { .symbol_name = "kprobe_test_target",
			    .pre_handler = count_pre };
	struct kprobe b = { .symbol_name = "kprobe_test_target",
			    .pre_handler = count_pre };

	pre_hits = 0;
	KT_EXPECT(t, register_kprobe(&a) == 0 && register_kprobe(&b) == 0);
	kprobe_test_target(1);
	KT_EXPECT(t, pre_hits == 2);
	KT_EXPECT(t, disable_kprobe(&a) == 0 && site_byte(&b) == 0xcc);
	kprobe_test_target(1);
	KT_EXPECT(t, pre_hits == 3);
	unregister_kprobe(&b);
	KT_EXPECT(t, site_byte(&a) == 0x90);	/* a is off: nothing needs it */
	KT_EXPECT(t, enable_kprobe(&a) == 0 && site_byte(&a) == 0xcc);
	unregister_kprobe(&a);
	KT_EXPECT(t, READ_ONCE(*(u8 *)kprobe_test_target) == 0x90);
}

static int calls_inner(struct kprobe *p, struct pt_regs *regs)
{
	kprobe_test_inner(5);		/* probed too: must not recurse */
	return 0;
}

KTEST(kprobe_hit_in_a_handler_is_missed)
{
	struct kprobe outer = { .symbol_name = "kprobe_test_target",
				.pre_handler = calls_inner };
	struct kprobe inner = { .symbol_name = "kprobe_test_inner",
				.pre_handler = count_pre };

	pre_hits = 0;
	KT_EXPECT(t, register_kprobe(&outer) == 0 && register_kprobe(&inner) == 0);
	kprobe_test_target(1);
	KT_EXPECT(t, pre_hits == 0 && inner.nmissed == 1);
	kprobe_test_inner(1);
	KT_EXPECT(t, pre_hits == 1);
	unregister_kprobe(&outer);
	unregister_kprobe(&inner);
}

static int ret_hits;
static u64 ret_value, ret_arg;

static int keep_arg(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	*(u64 *)ri->data = regs_get_kernel_argument(regs, 0);
	return 0;
}

static int see_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	ret_hits++;
	ret_value = regs_return_value(regs);
	ret_arg = *(u64 *)ri->data;
	return 0;
}

/* For kretprobes without entry data (ri->data has no room). */
static int count_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	ret_hits++;
	ret_value = regs_return_value(regs);
	return 0;
}

KTEST(kretprobe_sees_the_value_and_its_entry_data)
{
	struct kretprobe rp = {
		.kp.symbol_name = "kprobe_test_target",
		.handler = see_return, .entry_handler = keep_arg,
		.data_size = sizeof(u64),
	};

	ret_hits = 0;
	KT_EXPECT(t, register_kretprobe(&rp) == 0);
	KT_EXPECT(t, kprobe_test_target(7) == 15);
	KT_EXPECT(t, ret_hits == 1 && ret_value == 15 && ret_arg == 7);
	KT_EXPECT(t, current->kretprobe_instances == NULL);
	unregister_kretprobe(&rp);
	KT_EXPECT(t, kprobe_test_target(7) == 15 && ret_hits == 1);
	rp.kp.pre_handler = count_pre;
	KT_EXPECT(t, register_kretprobe(&rp) == -EINVAL);	/* its own */
}

KTEST(kretprobe_counts_calls_beyond_maxactive)
{
	struct kretprobe rp = {
		.kp.symbol_name = "kprobe_test_recurse",
		.handler = count_return, .maxactive = 2,
	};

	ret_hits = 0;
	KT_EXPECT(t, register_kretprobe(&rp) == 0);
	KT_EXPECT(t, kprobe_test_recurse(4) == 4);	/* 5 calls deep */
	KT_EXPECT(t, ret_hits == 2 && rp.nmissed == 3);
	KT_EXPECT(t, ret_value == 4);		/* the outermost came last */
	unregister_kretprobe(&rp);
}

static struct completion inside, release;

static noipa int kprobe_test_sleeper(int x)
{
	complete(&inside);
	wait_for_completion(&release);
	return x + 100;
}

static int sleeper_thread(void *arg)
{
	*(int *)arg = kprobe_test_sleeper(1);
	complete(&inside);
	return 0;
}

KTEST(kretprobe_unregistered_mid_call_still_returns)
{
	struct kretprobe rp = {
		.kp.symbol_name = "kprobe_test_sleeper", .handler = count_return,
	};
	int result = 0;

	init_completion(&inside);
	init_completion(&release);
	ret_hits = 0;
	KT_EXPECT(t, register_kretprobe(&rp) == 0);
	KT_EXPECT(t, kthread_run(sleeper_thread, &result, "kprobe_test") != NULL);
	wait_for_completion(&inside);	/* it is in, its return swapped */
	unregister_kretprobe(&rp);
	complete(&release);
	wait_for_completion(&inside);	/* it came back */
	KT_EXPECT(t, result == 101 && ret_hits == 0);
}

/* What the NMI handler and the int3 path run has no site (the Makefile's
 * NOKPROBE_DIRS): an int3 there would trap before the reentry guard, or
 * its iretq would let a second NMI onto the first one's stack. */
KTEST(kprobe_nmi_and_int3_paths_have_no_sites)
{
	static const char *const unprobeable[] = {
		"do_nmi", "x86_entry", "kprobe_int3_handler", "printk",
		"vprintk", "ktime_get_ns", "console_write", "current_affairs",
		"sprint_symbol", "sprint_backtrace", "module_address_lookup",
		"show_stack", "spin_lock_irqsave", "vsnprintf", "panic",
		"kretprobe_trampoline_handler",
	};

	for (size_t i = 0; i < ARRAY_SIZE(unprobeable); i++) {
		u64 addr = kallsyms_lookup_name(unprobeable[i]);

		KT_EXPECTF(t, addr && !kprobe_can_probe(addr), "%s", unprobeable[i]);
	}
	KT_EXPECT(t, kprobe_can_probe((u64)kprobe_test_target));
	KT_EXPECT(t, kprobe_can_probe(kallsyms_lookup_name("kernel_clone")));
}

static u64 walked[16];
static int nwalked;

static noipa int kprobe_test_walks(int x)
{
	nwalked = stack_trace_save(walked, ARRAY_SIZE(walked));
	return x;
}

/* Our return is sent to the trampoline; the walk shows where it goes. */
static noipa int kprobe_test_walked_from(int x)
{
	return kprobe_test_walks(x) + 1;
}

KTEST(kretprobe_stack_walk_shows_the_real_caller)
{
	struct kretprobe rp = {
		.kp.symbol_name = "kprobe_test_walked_from",
		.handler = count_return,
	};
	bool trampoline = false, caller = false;

	KT_EXPECT(t, register_kretprobe(&rp) == 0);
	KT_EXPECT(t, kprobe_test_walked_from(1) == 2);
	unregister_kretprobe(&rp);
	for (int i = 0; i < nwalked; i++) {
		const char *name = kallsyms_lookup(walked[i] - 1, NULL, NULL);

		trampoline |= walked[i] == (u64)kretprobe_trampoline;
		caller |= name && !strcmp(name,
			"ktest_kretprobe_stack_walk_shows_the_real_caller");
	}
	KT_EXPECT(t, nwalked >= 3 && !trampoline && caller);
}
