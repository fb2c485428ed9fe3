"""Kprobes and kprobe events (kernel/trace/, docs/tracing.md): the
tracetests program (user/tracetests.c: tracefs and its magic, events
defined, listed and removed, an open traced at entry and return, Linux's
errnos, root only, trace_pipe, tracing_on, a full buffer, a kretprobe on
do_exit, events switched under load) with every page back, on both
stack sizes and on the debug kernel with nothing reported; and the
student's way in, echo and cat over the console. The kprobe core's
ktests (kernel/trace/kprobes_test.c) run in every "ktest" boot."""
from debugkernel import SCAN_TWICE, debug_shell_run
import os
import re

from tb import both_stack_sizes, status_of, tap_passes_pages_back, timeout

NTESTS = 11


@both_stack_sizes
@timeout(300)
def test_tracetests_all_pass_and_every_page_back(ctx):
    with ctx.shell() as g:
        passed = tap_passes_pages_back(g, "tracetests",
                                       cycles="files")
    assert passed >= NTESTS


# The fuzzer's reads and writes, one in 64 of them sent to tracefs
# (user/fuzz.c shape_trace_call()), with the calls that open, close and
# fork around them.
FUZZ = "fuzz -s 7 -o read -o write -o openat -o close -o fork -n 8000 -T 20"


@timeout(900)
def test_tracetests_and_fuzz_on_debug_kernel_without_reports_or_leaks(ctx):
    """Under KASAN, UBSAN, lockdep and kmemleak: the int3 handler and the
    return trampoline with interrupts off, trace_lock taken inside any
    probed function, kretprobe pools outliving their probes; then the
    fuzzer's random definitions switched while its workers run, after
    which no event is left."""
    out = debug_shell_run(ctx, f"tracetests; {FUZZ}; cat "
                          "/sys/kernel/tracing/kprobe_events; echo events-end; "
                          f"{SCAN_TWICE}", 600)
    assert f"# tracetests: {NTESTS} passed, 0 failed" in out, out
    assert "fuzz: PASS" in out, out[-3000:]
    left = out[out.rindex("fuzz: PASS"):out.rindex("events-end")]
    assert ":kprobes/" not in left, left		# kprobe_events is empty
    leaks = out[out.rindex("events-end"):]
    assert "kmemleak-end" in leaks and "unreferenced object" not in leaks, leaks


@timeout(200)
def test_kprobe_event_from_the_shell(ctx):
    """docs/tracing.md's first session: define, switch on, trace a cat,
    read the trace and the profile; a bad symbol is the shell's "write
    error"."""
    with ctx.shell() as g:
        g.run("cd /sys/kernel/tracing")
        g.run("echo 'p:myopen do_sys_openat2 dfd=%di:s32 comm=$comm' >> kprobe_events")
        g.run("echo 'r:myopen_ret do_sys_openat2 fd=$retval:s32' >> kprobe_events")
        assert g.run("cat kprobe_events").splitlines() == [
            "p:kprobes/myopen do_sys_openat2 dfd=%di:s32 comm=$comm",
            "r:kprobes/myopen_ret do_sys_openat2 fd=$retval:s32"]
        g.run("echo 1 > events/kprobes/enable")
        assert g.run("cat /etc/hostname").strip() == "taskbase"
        g.run("echo 0 > events/kprobes/enable")
        trace = g.run("grep cat- trace")
        assert 'myopen: (do_sys_openat2+0x0/0x' in trace, trace
        assert 'dfd=-100 comm="cat"' in trace, trace
        assert "<- do_sys_openat2) fd=3" in trace, trace
        profile = g.run("cat kprobe_profile").split()
        assert profile[0] == "myopen" and int(profile[1]) >= 1, profile
        out, st = status_of(g, "echo 'p:nope no_such_function' >> kprobe_events")
        assert st != 0 and "No such file or directory" in out, out
        out, st = status_of(g, "echo > kprobe_events")
        assert st == 0 and g.run("cat kprobe_events").strip() == ""


@timeout(200)
def test_kprobe_sample_modules(ctx):
    """kernel/samples/kprobe_example and kretprobe_example, built out of
    tree as a student's module: the pre- and post-handler lines at
    kernel_clone's address for each fork, the value kernel_clone returns
    (the child's pid) with its time, insmod refused with EINVAL for a
    function Taskbase cannot probe, and forks as before after rmmod."""
    with ctx.shell() as g:
        addr = g.run("grep ' kernel_clone$' /proc/kallsyms").split()[0]
        out, st = status_of(g, "insmod kprobe_example")
        assert st == 0, out
        g.run("true")
        g.run("rmmod kprobe_example")
        log = g.run("dmesg | grep kernel_clone\\>")
        assert f"<kernel_clone> p->addr = 0x{addr}, ip = {addr}, flags = 0x" in log, log
        assert f"<kernel_clone> p->addr = 0x{addr}, flags = 0x" in log, log
        out, st = status_of(g, "insmod kprobe_example symbol=printk")
        assert st != 0, out
        assert "register_kprobe(printk) failed: -22" in g.run("dmesg | tail -2")
        out, st = status_of(g, "insmod kretprobe_example")
        assert st == 0, out
        child = g.run("sh -c 'echo $$'").split()[-1]    # after printk's
        g.run("rmmod kretprobe_example")
        log = g.run("dmesg | grep 'kernel_clone returned'")
        assert f"kernel_clone returned {child} and took " in log, (child, log)
        assert "unregistered, missed 0" in g.run("dmesg | tail -1")
        assert g.run("sh -c 'echo forked'").strip() == "forked"


@timeout(200)
def test_gdb_sees_the_int3_and_the_handler_it_runs(ctx):
    """gdb over QEMU's stub: while an event is on, do_sys_openat2 starts
    with int3 where the build put a nop; a breakpoint in the event's
    handler stops in an open, under kprobe_int3_handler(); switched off,
    the nop is back."""
    import os
    import threading
    import time
    from test_gdb import GDB_TIMEOUT, check, let_it_run, run_gdb
    from tb import PROMPT

    flag = os.path.join(ctx.log_dir, f"gdb-kprobe-{os.getpid()}.ready")
    result = {}
    with ctx.guest(gdb=True, timeout=30) as g:
        let_it_run(ctx, g)
        g.expect(PROMPT, timeout=30)
        g.run("cd /sys/kernel/tracing")
        g.run("echo 'p:gdbopen do_sys_openat2' > kprobe_events")
        g.run("echo 1 > events/kprobes/gdbopen/enable")
        gdb = threading.Thread(target=lambda: result.update(out=run_gdb(
            ctx, g, ["x/2i do_sys_openat2", "break kprobe_dispatcher",
                     f"shell touch {flag}", "continue", "bt", "delete"])))
        gdb.start()
        deadline = time.time() + GDB_TIMEOUT
        while not os.path.exists(flag) and time.time() < deadline:
            time.sleep(0.1)
        g.send("cat /etc/hostname\n")
        gdb.join(GDB_TIMEOUT + 5)
        g.expect_prompt()
        g.run("echo 0 > events/kprobes/gdbopen/enable")
        off = run_gdb(ctx, g, ["x/2i do_sys_openat2"])
    if os.path.exists(flag):
        os.remove(flag)
    on = result.get("out", "[gdb did not finish]")
    check(re.search(r"<do_sys_openat2>:\s+int3", on), "no int3 at the entry", on)
    check(re.search(r"Breakpoint 1, kprobe_dispatcher \(", on),
          "the handler's breakpoint did not hit", on)
    check(re.search(r"^#\d+\s+.*kprobe_int3_handler \(", on, re.M),
          "bt does not pass through kprobe_int3_handler", on)
    check(re.search(r"<do_sys_openat2>:\s+nop", off), "no nop once off", off)


@timeout(200)
def test_readme_kprobe_lines(ctx):
    """The README's tracing lines, as typed."""
    with ctx.shell() as g:
        out = g.run("insmod kprobe_example; ls; dmesg | tail -2")
        assert "<kernel_clone> p->addr = 0x" in out, out
        g.run("rmmod kprobe_example")
        g.run("echo 'r:open do_sys_openat2 fd=$retval:s32' > "
              "/sys/kernel/tracing/kprobe_events")
        out = g.run("echo 1 > /sys/kernel/tracing/events/enable; cat /etc/motd; "
                    "cat /sys/kernel/tracing/trace")
        assert re.search(r"cat-\d+ +\[\d{3}\] \S{5} +[\d.]+: open: "
                         r"\(\S+ <- do_sys_openat2\) fd=3", out), out


@timeout(200)
def test_module_that_forgets_to_unregister_its_probes(ctx):
    """A module whose exit leaves its kprobe and kretprobe registered
    (tests/integration/modules/tb_kprobe_leak.c): rmmod takes both away
    with a warning (kprobes_module_going()), and the next forks run, with
    kernel_clone's nop back, instead of jumping into freed code."""
    import kmods
    from test_robustness import mkinitramfs, work_dir

    d = work_dir(ctx, "kprobe-leak")
    ko = kmods.build_module(ctx, "tb_kprobe_leak")
    initrd = mkinitramfs(ctx, os.path.join(d, "initramfs.cpio"),
                         [("lib/modules/tb_kprobe_leak.ko", ko)])
    with ctx.shell(initrd=initrd) as g:
        out, st = status_of(g, "insmod tb_kprobe_leak")
        assert st == 0 and "registered: 0" in out, out
        g.run("sh -c true; sh -c true")
        out, st = status_of(g, "rmmod tb_kprobe_leak")
        assert st == 0, out
        log = g.run("dmesg | tail -4")
        assert re.search(r"tb_kprobe_leak: [1-9]\d* hits, [1-9]\d* returns", log), log
        for kind in ("kprobe", "kretprobe"):
            assert (f"kprobes: tb_kprobe_leak left its {kind} at kernel_clone"
                    in log), log
        assert g.run("sh -c 'echo forked'; sh -c 'echo again'").split() == \
            ["forked", "again"]
        assert "Oops" not in g.output and "BUG" not in g.output
