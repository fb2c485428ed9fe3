"""io_uring (LTP's io_uring01-03), driven from user space by
user/uringtests.c through the raw system calls: io_uring_setup's
parameters and errors, the rings mapped and driven by hand, NOP, READV,
READ/WRITE, fixed buffers (valid after munmap) and files, OPENAT/CLOSE,
min_complete, a read of an empty pipe that does not hang
io_uring_enter, CQ overflow, links, the probe, fork, and SENDMSG under
chroot (CVE-2020-29373). Every test must pass, on both stack sizes and
on the debug kernel with nothing reported."""
from debugkernel import SCAN_TWICE, debug_shell_run
from tb import both_stack_sizes, fuzz_only, tap_passed, timeout

NTESTS = 35


@both_stack_sizes
@timeout(200)
def test_uringtests_all_pass(ctx):
    with ctx.shell() as g:
        out = g.run("uringtests", timeout=150)
        after = g.run("ls /tmp")
    assert tap_passed(out, "uringtests") >= NTESTS, out
    assert "uring_" not in after, after


@timeout(900)
def test_uringtests_on_debug_kernel_without_reports(ctx):
    """The same under KASAN, UBSAN, lockdep and kmemleak: the rings'
    pages shared by the kernel and the program, pinned buffers freed
    on unregister and close, pending requests freed with the ring."""
    out = debug_shell_run(ctx, f"uringtests; {SCAN_TWICE}", 420)
    assert tap_passed(out, "uringtests") >= NTESTS, out
    assert "kmemleak-end" in out, out


@timeout(300)
def test_fuzz_io_uring_with_exits(ctx):
    """The fuzzer on io_uring's calls with fork, exit and wait4 around
    them: requests parked on any descriptor, rings among them, then
    cancelled when their submitter exits (kernel/io_uring/tctx.c). No
    oops, every task reaped, the shell still answers."""
    fuzz_only(ctx, "io_uring_setup io_uring_enter io_uring_register close "
              "dup2 pipe2 fork exit wait4", 20000)
