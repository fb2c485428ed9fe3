"""Pipes and named pipes as Linux has them (issue 17), driven from user
space by user/pipetests.c: FIFO opens, the pipe size, SIGIO. Every test
in it must pass; and a FIFO works from the shell as a user types it."""
from tb import both_stack_sizes, tap_passed, timeout


@both_stack_sizes
@timeout(200)
def test_pipetests_all_pass(ctx):
    with ctx.shell() as g:
        out = g.run("pipetests", timeout=150)
    assert tap_passed(out, "pipetests") >= 15


@timeout(120)
def test_fifo_from_the_shell(ctx):
    with ctx.shell() as g:
        g.run("rm -f /tmp/f; mkfifo /tmp/f")
        out = g.run("cat /tmp/f & echo hi > /tmp/f; wait")
        assert "hi" in out.splitlines()
        assert "prw" in g.run("ls -l /tmp/f")
