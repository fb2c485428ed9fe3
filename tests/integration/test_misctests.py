"""syslog(2) and the console's log levels, /proc/sys/kernel/random and
/dev/urandom's ioctls, fallocate on tmpfs, futex_waitv and setting the
clock as Linux answers them (issue 17, what LTP's tests taught), driven
from user space by user/misctests.c: every test in it must pass."""
from tb import both_stack_sizes, tap_passed, timeout
from debugkernel import debug_shell_run


@both_stack_sizes
@timeout(200)
def test_misctests_all_pass(ctx):
    with ctx.shell() as g:
        out = g.run("misctests", timeout=150)
    assert tap_passed(out, "misctests") >= 18


@timeout(120)
def test_console_level_filters_printk(ctx):
    """`busybox dmesg -n 1` (syslog's CONSOLE_LEVEL) keeps an informational
    message off the console, though it still reaches the log; level 8
    lets it through again."""
    with ctx.shell() as g:
        g.run("busybox dmesg -n 1")
        out = g.run("echo '<6>hush-now' > /dev/kmsg; dmesg | grep -c hush-now")
        assert "] hush-now" not in out and "1" in out
        g.run("busybox dmesg -n 8")
        out = g.run("echo '<6>loud-now' > /dev/kmsg; cat /proc/sys/kernel/printk")
        assert "] loud-now" in out and "8\t" in out


@timeout(600)
def test_misctests_on_debug_kernel_without_reports(ctx):
    """The same tests under KASAN and UBSAN: fallocate's range past the
    largest loff_t once overflowed a signed sum in vfs_fallocate()."""
    out = debug_shell_run(ctx, "misctests", 300)
    assert tap_passed(out, "misctests") >= 18
