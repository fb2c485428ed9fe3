"""Namespaces as Linux answers them (issue 17: LTP's unshare, setns,
clone and ioctl_ns tests), driven from user space by user/nstests.c:
every test in it must pass."""
from tb import both_stack_sizes, tap_passed, timeout


@both_stack_sizes
@timeout(200)
def test_nstests_all_pass(ctx):
    with ctx.shell() as g:
        out = g.run("nstests", timeout=150)
    assert tap_passed(out, "nstests") >= 13
