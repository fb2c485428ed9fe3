"""Time, CPU-time accounting, scheduling policy and process control as
Linux answers them (issue 17, what LTP's time and sched tests taught),
driven from user space by user/timetests.c: every test in it must pass."""
from tb import both_stack_sizes, tap_passed, timeout


@both_stack_sizes
@timeout(200)
def test_timetests_all_pass(ctx):
    with ctx.shell() as g:
        out = g.run("timetests", timeout=150)
    assert tap_passed(out, "timetests") >= 1
