"""The Linux system calls of issue 17 that real programs and LTP need
(poll, select and friends), driven from user space by user/abitests.c:
every test in it must pass."""
from tb import both_stack_sizes, tap_passed, timeout


@both_stack_sizes
@timeout(200)
def test_abitests_all_pass(ctx):
    with ctx.shell() as g:
        out = g.run("abitests", timeout=150)
    assert tap_passed(out, "abitests") >= 8
