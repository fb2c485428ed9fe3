"""Pipes and named pipes as Linux has them (issue 17), driven from user
space by user/pipetests.c: FIFO opens, the pipe size, SIGIO. Every test
in it must pass, on the debug kernel too (lockdep, KASAN); and a FIFO
works from the shell as a user types it."""
from debugkernel import assert_no_report, debug_guest
from tb import PROMPT, both_stack_sizes, tap_passed, timeout


@both_stack_sizes
@timeout(200)
def test_pipetests_all_pass(ctx):
    with ctx.shell() as g:
        out = g.run("pipetests", timeout=150)
    assert tap_passed(out, "pipetests") >= 16


@timeout(900)
def test_pipetests_on_debug_kernel_without_reports(ctx):
    with ctx.guest(**debug_guest(ctx)) as g:
        g.expect(PROMPT, timeout=120)
        out = g.run("pipetests", timeout=300)
        log = g.output
    tap_passed(out, "pipetests")
    assert_no_report(log)


@timeout(120)
def test_tty_input_sends_sigio(ctx):
    """O_ASYNC on the console: a typed line sends the F_SETSIG signal
    (SIGUSR1) with si_fd 0 and si_code POLL_IN, from the serial
    interrupt's tty_receive_char()."""
    with ctx.shell() as g:
        g.send("pipetests --tty-sigio; echo status=$?\n")
        g.expect("tty-sigio: type a line", timeout=30)
        g.send("typed\n")
        g.expect(r"status=\d+", timeout=30)
        out = g.output
    assert "tty-sigio: signal 10 fd 0 code 1 band 0x41" in out, out[-2000:]
    assert "status=0" in out, out[-2000:]


@timeout(120)
def test_fifo_from_the_shell(ctx):
    with ctx.shell() as g:
        g.run("rm -f /tmp/f; mkfifo /tmp/f")
        out = g.run("cat /tmp/f & echo hi > /tmp/f; wait")
        assert "hi" in out.splitlines()
        assert "prw" in g.run("ls -l /tmp/f")
