"""lockdep, the debug kernel's lock validator (issue 19): each report
provoked on purpose, its format and the function it names.

  ktests     kernel/locking/lockdep_report_test.c breaks one rule per
             boot (KTEST_CRASH: run only when named; the first report
             turns lockdep off, and nothing really deadlocks): circular
             (mutexes; a chain of three of them), recursive
             (spinlocks), inconsistent hardirq usage
  quiet      every ktest and usertests on the debug kernel: no report
             (tests/integration/test_debug_kernel.py, one run for all tools)
  modules    tests/modules/lockdep built against the debug kernel:
             thrd_showall_buggy (task_lock() twice) and abba_kthreads (an
             AB-BA deadlock between two kernel threads) give the report
             instead of a silent hang
  no cost    the default kernel has none of it
"""
import os
import re
import shlex
import shutil
import subprocess
import tempfile

from debugkernel import boot_ktests, debug_build, debug_guest, text
from tb import PROMPT, REPO, timeout

MODULES = os.path.join(REPO, "tests", "modules", "lockdep")
def report(ctx, test):
    """Boot the debug kernel running KTEST_CRASH @test; its output from the
    report's banner on (the test itself must pass: the kernel lives on)."""
    out = text(boot_ktests(ctx, test))
    assert re.search(rf"(?m)^ok 1 {test}", out), out[-3000:]
    assert f"not ok 1 {test}" not in out, out[-3000:]
    return out[out.index("WARNING: "):]


def lines_in_order(text, *patterns):
    pos = 0
    for p in patterns:
        m = re.compile(p, re.M).search(text, pos)
        assert m, f"no {p!r} after offset {pos} in:\n{text}"
        pos = m.end()


LOCK = r"[0-9a-f]{16} \(%s\)\{[.+?-]\.[.+?-]\.\}-\{%d:%d\}, at: %s\+0x[0-9a-f]+/0x[0-9a-f]+"


@timeout(300)
def test_lockdep_circular_dependency_report(ctx):
    out = report(ctx, "lockdep_circular_mutex")
    lines_in_order(
        out,
        r"^WARNING: possible circular locking dependency detected$",
        r"^-{54}$",
        r"^init/1 is trying to acquire lock:$",
        r"^" + LOCK % ("lock_a", 3, 3, "take_b_then_a") + "$",
        r"^but task is already holding lock:$",
        r"^" + LOCK % ("lock_b", 3, 3, "take_b_then_a") + "$",
        r"^which lock already depends on the new lock\.$",
        r"^the existing dependency chain \(in reverse order\) is:$",
        r"^-> #1 \(lock_b\)",
        r"^\s+take_a_then_b\+0x",
        r"^-> #0 \(lock_a\)",
        r"^\s+take_b_then_a\+0x",
        r"^ Possible unsafe locking scenario:$",
        r"^\s+CPU0\s+CPU1$",
        r"^  lock\(lock_b\);$",
        r"^\s{20,}lock\(lock_a\);$",
        r"^\s{20,}lock\(lock_b\);$",
        r"^  lock\(lock_a\);$",
        r"^ \*\*\* DEADLOCK \*\*\*$",
        r"^1 lock held by init/1:$",
        r"^ #0: " + LOCK % ("lock_b", 3, 3, "take_b_then_a") + "$",
        r"^stack backtrace:$",
        r"^CPU: \d+ PID: 1 Comm: init",
        r"^Call Trace:$",
        r"^\s+take_b_then_a\+0x")


@timeout(300)
def test_lockdep_circular_chain_of_three(ctx):
    """x -> y, y -> z, then z -> x: the chain's two links, in reverse."""
    out = report(ctx, "lockdep_circular_mutex_chain")
    lines_in_order(
        out,
        r"^WARNING: possible circular locking dependency detected$",
        r"^" + LOCK % ("chain_x", 3, 3, "take_two_mutexes") + "$",
        r"^" + LOCK % ("chain_z", 3, 3, "take_two_mutexes") + "$",
        r"^-> #2 \(chain_z\)", r"^\s+mutex_lock\+0x",
        r"^-> #1 \(chain_y\)", r"^-> #0 \(chain_x\)",
        r"^Chain exists of:$",
        r"^  chain_x --> chain_y --> chain_z --> chain_x$",
        r"^ \*\*\* DEADLOCK \*\*\*$")


@timeout(300)
def test_lockdep_recursive_locking_report(ctx):
    out = report(ctx, "lockdep_recursive_spinlock")
    lines_in_order(
        out,
        r"^WARNING: possible recursive locking detected$",
        r"^-{44}$",
        r"^init/1 is trying to acquire lock:$",
        r"^" + LOCK % ("pair_lock", 2, 2, "take_two_of_one_class") + "$",
        r"^but task is already holding lock:$",
        r"^" + LOCK % ("pair_lock", 2, 2, "take_two_of_one_class") + "$",
        r"^  lock\(pair_lock\);$", r"^  lock\(pair_lock\);$",
        r"^ May be due to missing lock nesting notation$",
        r"^stack backtrace:$", r"^\s+spin_lock\+0x",
        r"^\s+take_two_of_one_class\+0x")


@timeout(300)
def test_lockdep_inconsistent_irq_usage_report(ctx):
    out = report(ctx, "lockdep_irq_inconsistent")
    lines_in_order(
        out,
        r"^WARNING: inconsistent lock state$",
        r"^inconsistent \{HARDIRQ-ON-W\} -> \{IN-HARDIRQ-W\} usage\.$",
        r"^init/1 \[HC1\[1\]:SC0\[0\]:HE0:SE1\] takes:$",
        r"^[0-9a-f]{16} \(irq_lock\)\{\?\.\+\.\}-\{2:2\}, at: "
        r"take_in_fake_hardirq\+0x",
        r"^\{HARDIRQ-ON-W\} state was registered at:$",
        r"^\s+ktest_lockdep_irq_inconsistent\+0x",
        r"^  lock\(irq_lock\);$", r"^  <Interrupt>$", r"^    lock\(irq_lock\);$",
        r"^ \*\*\* DEADLOCK \*\*\*$",
        r"^stack backtrace:$", r"^\s+take_in_fake_hardirq\+0x")


@timeout(300)
def test_lockdep_inconsistent_softirq_usage_report(ctx):
    out = report(ctx, "lockdep_softirq_inconsistent")
    lines_in_order(
        out,
        r"^WARNING: inconsistent lock state$",
        r"^inconsistent \{IN-SOFTIRQ-W\} -> \{SOFTIRQ-ON-W\} usage\.$",
        r"^init/1 \[HC0\[0\]:SC0\[0\]:HE1:SE1\] takes:$",
        r"^[0-9a-f]{16} \(softirq_lock\)\{\+\.\?\.\}-\{2:2\}, at: "
        r"ktest_lockdep_softirq_inconsistent\+0x",
        r"^\{IN-SOFTIRQ-W\} state was registered at:$",
        r"^\s+take_in_fake_softirq\+0x",
        r"^  lock\(softirq_lock\);$", r"^  <Interrupt>$",
        r"^    lock\(softirq_lock\);$",
        r"^ \*\*\* DEADLOCK \*\*\*$",
        r"^stack backtrace:$", r"^\s+ktest_lockdep_softirq_inconsistent\+0x")


def build_lockdep_modules(ctx):
    """tests/modules/lockdep built against the debug kernel, and an
    initramfs with them in /lib/modules; (dir, cpio)."""
    kdir = debug_build(ctx)
    d = tempfile.mkdtemp(prefix="tb-lockdep-")
    shutil.copytree(MODULES, d, dirs_exist_ok=True)
    cmd = ["make", "-C", REPO, f"O={kdir}", "DEBUG_KERNEL=1",
           f"THREAD_PAGES={ctx.tp}", f"M={d}"]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stdout + p.stderr
    kos = [os.path.join(d, n + ".ko") for n in ("thrd_showall_buggy", "abba_kthreads")]
    cpio = os.path.join(kdir, "initramfs.cpio")
    dry = subprocess.run(["make", "-n", f"O={kdir}", "DEBUG_KERNEL=1",
                          f"MODULES={' '.join(kos)}", cpio],
                         cwd=REPO, capture_output=True, text=True, timeout=60)
    line = next((l for l in dry.stdout.splitlines() if "mkinitramfs.py" in l), "")
    assert line, dry.stdout + dry.stderr
    args = shlex.split(line)
    out = os.path.join(d, "lockdep.cpio")
    args[args.index("-o") + 1] = out
    subprocess.run(args, cwd=REPO, check=True, timeout=60)
    return d, out


@timeout(400)
def test_lockdep_modules_report_instead_of_hanging(ctx):
    _, cpio = build_lockdep_modules(ctx)
    with ctx.guest(**debug_guest(ctx, initrd=cpio)) as g:
        g.expect(PROMPT, timeout=60)
        g.send("insmod /lib/modules/thrd_showall_buggy.ko\n")
        g.expect(r"thrd_showall_buggy: \d+ threads", timeout=60)
        g.expect(PROMPT, timeout=30)
        out = text(g.output)
    out = out[out.index("WARNING: "):]
    lines_in_order(
        out,
        r"^WARNING: possible recursive locking detected$",
        r"^insmod/\d+ is trying to acquire lock:$",
        r"\(&p->alloc_lock\)\{\.\.\.\.\}-\{2:2\}, at: "
        r"show_threads_twice_locked\+0x[0-9a-f]+/0x[0-9a-f]+ \[thrd_showall_buggy\]$",
        r"^  lock\(&p->alloc_lock\);$", r"^  lock\(&p->alloc_lock\);$",
        r"^stack backtrace:$",
        r"^\s+show_threads_twice_locked\+0x.* \[thrd_showall_buggy\]$",
        r"^\s+thrd_showall_buggy_init\+0x")
    with ctx.guest(**debug_guest(ctx, initrd=cpio)) as g:
        g.expect(PROMPT, timeout=60)
        g.send("insmod /lib/modules/abba_kthreads.ko\n")
        g.expect(r"WARNING: possible circular locking dependency detected", timeout=60)
        g.expect(r"stack backtrace:", timeout=30)
        g.expect(r"ret_from_fork", timeout=30)
        g.send("echo sh_still_answers\n")     # the threads hang, not the shell
        g.expect(r"sh_still_answers\r?\n", timeout=30)
        out = text(g.output)
    out = out[out.index("WARNING: "):]
    lines_in_order(
        out,
        r"^abba_ba/\d+ is trying to acquire lock:$",
        r"\(lock_A\)\{\+\.\+\.\}-\{3:3\}, at: abba_thread_ba\+0x.* \[abba_kthreads\]$",
        r"^but task is already holding lock:$",
        r"\(lock_B\)\{\+\.\+\.\}-\{3:3\}, at: abba_thread_ba\+0x",
        r"^-> #1 \(lock_B\)", r"^\s+abba_thread_ab\+0x",
        r"^-> #0 \(lock_A\)", r"^\s+abba_thread_ba\+0x",
        r"^ \*\*\* DEADLOCK \*\*\*$")


def test_default_kernel_has_no_lockdep_nor_fault_injection(ctx):
    """No cost when off: the default kernel links none of it."""
    nm = subprocess.run(["nm", ctx.kernel()], capture_output=True, text=True,
                        check=True).stdout
    names = {l.split()[-1] for l in nm.splitlines() if l.strip()}
    for sym in ("lock_acquire", "lock_acquire_nested", "lock_release",
                "print_circular_bug", "lock_classes", "task_alloc_lock_map",
                "should_failslab", "should_fail_alloc_page", "failslab",
                "proc_lockdep_show", "proc_fail_dir_iops"):
        assert sym not in names, f"{sym} is in the default kernel"
    assert "mutex_lock" in names and "spin_lock_nested" in names


@timeout(300)
def test_debug_kernel_refuses_modules_built_for_the_default_one(ctx):
    """The debug kernel's locks are larger (lockdep's class and held-lock
    fields), so a module built for the default kernel would corrupt them:
    its vermagic lacks "debug" and insmod is refused, while the debug
    image's own samples (built against build/debug) load."""
    default_cpio = os.path.join(ctx.build, "initramfs.cpio")
    with ctx.guest(**debug_guest(ctx, initrd=default_cpio)) as g:
        g.expect(PROMPT, timeout=60)
        out = g.run("insmod current_affairs; echo rc=$?", timeout=60)
        assert re.search(r"rc=[1-9]", out), out
        g.run("dmesg | tail -n 5 > /tmp/d; cat /tmp/d", timeout=30)
        assert re.search(r"current_affairs: version magic '[^']*THREAD_PAGES=\d' "
                         r"should be '[^']*THREAD_PAGES=\d debug'", text(g.output)), \
            text(g.output)[-2000:]
    with ctx.guest(**debug_guest(ctx)) as g:
        g.expect(PROMPT, timeout=60)
        out = g.run("insmod current_affairs; echo rc=$?; rmmod current_affairs",
                    timeout=60)
        assert "rc=0" in out, out
