"""Interrupt context and SMP: every CPU comes up with its own IRQ and IST
stacks and runs tasks; the self-tests (IRQ-stack switch, nesting,
softirqs, cross-CPU stress, NMIs) pass on 1 to 8 CPUs; a kernel stack
overflow ends in a readable double-fault report; sysrq-l's NMI backtrace
runs on each CPU's NMI stack."""
import re

from tb import EXIT_PANIC, EXIT_POWEROFF, PROMPT, both_stack_sizes, timeout


def ktest_boot(ctx, smp, **kw):
    with ctx.guest(append="ktest", smp=smp, **kw) as g:
        status = g.wait_exit(timeout=150)
        out = g.output
    assert status == EXIT_POWEROFF, f"exit status {status}"
    return out


def check_cpus_and_tests(out, smp):
    assert f"smp: Brought up 1 node, {smp} CPUs" in out, out[-2000:]
    for cpu in range(smp):
        assert re.search(rf"CPU{cpu}: IRQ stack [0-9a-f]{{16}}-[0-9a-f]{{16}}, "
                         r"IST #DF [0-9a-f]{16} NMI", out), f"CPU{cpu} stacks"
    for cpu in range(1, smp):
        assert re.search(rf"CPU{cpu}: online, APIC id \d+, idle task "
                         rf"swapper/{cpu}", out), f"CPU{cpu} not online"
    m = re.search(r"# ktest: (\d+) passed, (\d+) failed", out)
    failed = re.findall(r"not ok \d+ \S+|EXPECTATION FAILED.*", out)
    assert m and m.group(2) == "0", "\n".join(failed)
    for name in ("interrupt_runs_on_irq_stack_with_current",
                 "every_cpu_ticks_and_switches",
                 "smp_stress_sleep_wake_counters", "nmi_reaches_every_cpu",
                 "tlb_shootdown_reaches_every_cpu"):
        assert re.search(rf"^\[[ \d.]+\] ok \d+ {name}$", out, re.M), name


@timeout(400)
def test_boot_1_2_4_8_cpus(ctx):
    for smp in (1, 2, 4, 8):
        check_cpus_and_tests(ktest_boot(ctx, smp), smp)


@timeout(200)
def test_multithreaded_tcg(ctx):
    check_cpus_and_tests(ktest_boot(ctx, 4, accel="tcg,thread=multi"), 4)


@both_stack_sizes
def test_kernel_stack_overflow_double_fault(ctx):
    size = ctx.tp * 4096
    with ctx.guest(append="ktest=kernel_stack_overflow") as g:
        m = g.expect(r"BUG: stack guard page was hit at ([0-9a-f]{16}) "
                     r"\(stack is ([0-9a-f]{16})\.\.([0-9a-f]{16})\)")
        hit, lo, hi = (int(x, 16) for x in m.groups())
        assert lo - size <= hit < lo, "the hit is in the guard gap below"
        assert hi - lo + 1 == size
        g.expect(rf"kernel stack overflow \(double-fault\): task ktest-overflow "
                 rf"\(pid \d+\) ran off the bottom of its {size}-byte kernel stack")
        g.expect(r"Stack: RSP [0-9a-f]{16} is on CPU\d+'s #DF IST stack")
        g.expect(r"Oops: double fault")
        g.expect(r"Comm: ktest-overflow")
        g.expect(r"RIP: 0010:recurse\+")
        g.expect(r"Kernel panic - not syncing: Fatal exception")
        assert g.wait_exit(timeout=10) == EXIT_PANIC


def test_nmi_backtrace_on_every_cpu(ctx):
    with ctx.guest(append="ktest=nmi_reaches_every_cpu", smp=2) as g:
        assert g.wait_exit(timeout=60) == EXIT_POWEROFF
        out = g.output
    assert "sysrq: Show backtrace of all active CPUs" in out
    for cpu in (0, 1):
        i = out.index(f"NMI backtrace for cpu {cpu}")
        part = out[i:i + 3000]
        assert re.search(r"current_affairs: in NMI context \(in_task\(\)=0 "
                         r"in_interrupt\(\)=1 in_hardirq\(\)=1 "
                         r"in_serving_softirq\(\)=0 in_nmi\(\)=1\)", part)
        assert re.search(rf"running on  : CPU{cpu}'s NMI IST stack", part)
        assert re.search(r"preempt_count: 0x00110000 \(nmi 1, hardirq 1", part)
    assert re.search(r"ok 1 nmi_reaches_every_cpu", out)


def function_call_irqs(g):
    """CAL (function-call IPI) counts per CPU from /proc/interrupts."""
    out = g.run("cat /proc/interrupts")
    m = re.search(r"^CAL:\s+([\d ]+?)\s+Function call", out, re.M)
    assert m, out
    return [int(x) for x in m.group(1).split()]


@timeout(120)
def test_shootdown_reaches_only_cpus_using_the_mm(ctx):
    """A single-threaded process pinned to CPU 0 that maps and unmaps 4 KiB
    26,000 times sends CPU 1 no shootdown IPIs: only CPUs that have its
    address space loaded (its mm's cpu_mask) are asked to flush. (That
    they are asked, and do flush, is usertests' munmap_other_cpu.)"""
    with ctx.guest(smp=2) as g:
        g.expect(PROMPT, timeout=30)
        before = function_call_irqs(g)
        out = g.run("bench only mmap_munmap_4k", timeout=90)
        after = function_call_irqs(g)
    assert re.search(r"^BENCH mmap_munmap_4k \S+ ns", out, re.M), out
    assert after[1] - before[1] < 500, (before, after)
