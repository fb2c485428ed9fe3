"""POSIX interval timers (issue 17, what LTP's timer_* tests check):
timer_create, timer_settime, timer_gettime, timer_getoverrun and
timer_delete driven from user space by user/timertests.c: every test in
it must pass."""
from debugkernel import debug_shell_run
from tb import both_stack_sizes, tap_passed, timeout


@both_stack_sizes
@timeout(200)
def test_timertests_all_pass(ctx):
    with ctx.shell() as g:
        out = g.run("timertests", timeout=150)
    assert tap_passed(out, "timertests") >= 14


@timeout(900)
def test_timertests_on_debug_kernel_without_reports(ctx):
    """The same on the debug kernel: the timer softirq, signal delivery
    and timer_delete take tasklist_lock, siglock and posix_timers_lock
    in one order (lockdep), and no freed timer is touched (KASAN)."""
    out = debug_shell_run(ctx, "timertests", 300)
    assert tap_passed(out, "timertests") >= 14
