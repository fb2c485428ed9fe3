"""SCHED_DEADLINE as Linux 6.1 has it (issue 17: LTP's sched_setattr01 and
sched_getattr01), driven from user space by user/dltests.c: parameter
checks, sched_getattr, admission control, fork, and throttling by the
constant-bandwidth server, sched_yield(). Every test in it must pass."""
from tb import both_stack_sizes, tap_passed, timeout


@both_stack_sizes
@timeout(200)
def test_dltests_all_pass(ctx):
    with ctx.shell() as g:
        out = g.run("dltests", timeout=150)
    assert tap_passed(out, "dltests") == 6
