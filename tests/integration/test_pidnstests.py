"""PID namespaces as Linux has them (issue 17: LTP's clone11, ioctl_ns01
and 05, unshare05), driven from user space by user/pidnstests.c: every
test in it must pass, on the debug kernel too."""
from debugkernel import debug_shell_run
from tb import tap_passed, timeout


@timeout(200)
def test_pidnstests_all_pass(ctx):
    with ctx.shell() as g:
        out = g.run("pidnstests", timeout=150)
    assert tap_passed(out, "pidnstests") >= 15


@timeout(900)
def test_pidnstests_on_debug_kernel_without_reports(ctx):
    """The same under KASAN, UBSAN and lockdep: struct pid's numbers, the
    namespaces' references and the init's reaping leave no report."""
    out = debug_shell_run(ctx, "pidnstests", 300)
    assert tap_passed(out, "pidnstests") >= 15


@timeout(120)
def test_busybox_unshare_pid(ctx):
    """BusyBox's unshare -p -f as a shell user would try it: the shell it
    starts is pid 1 of a new pid namespace, its parent is 0 to it, and
    ps (reading /proc) shows only that namespace's processes."""
    with ctx.shell() as g:
        out = g.run("unshare -p -f sh -c 'echo pid=$$ ppid=$PPID; "
                    "ps -o pid,comm | grep -c -v PID'")
        outer = g.run("echo $$")
    assert "pid=1 ppid=0" in out, out
    lines = [l for l in out.splitlines() if l.strip().isdigit()]
    assert lines and int(lines[-1]) <= 3, out
    assert outer.strip().splitlines()[-1].strip() != "1", outer
