"""PID namespaces as Linux has them (issue 17: LTP's clone11, ioctl_ns01
and 05, unshare05), driven from user space by user/pidnstests.c: every
test in it must pass, on the debug kernel too."""
from debugkernel import debug_shell_run
from tb import tap_passed, timeout


@timeout(200)
def test_pidnstests_all_pass(ctx):
    with ctx.shell() as g:
        out = g.run("pidnstests", timeout=150)
    assert tap_passed(out, "pidnstests") >= 9


@timeout(900)
def test_pidnstests_on_debug_kernel_without_reports(ctx):
    """The same under KASAN, UBSAN and lockdep: struct pid's numbers, the
    namespaces' references and the init's reaping leave no report."""
    out = debug_shell_run(ctx, "pidnstests", 300)
    assert tap_passed(out, "pidnstests") >= 9
