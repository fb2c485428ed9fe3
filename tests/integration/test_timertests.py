"""POSIX interval timers (issue 17, what LTP's timer_* tests check):
timer_create, timer_settime, timer_gettime, timer_getoverrun and
timer_delete driven from user space by user/timertests.c: every test in
it must pass."""
from tb import both_stack_sizes, tap_passed, timeout


@both_stack_sizes
@timeout(200)
def test_timertests_all_pass(ctx):
    with ctx.shell() as g:
        out = g.run("timertests", timeout=150)
    assert tap_passed(out, "timertests") >= 11
