"""perf_event_open(2) with software counters (kernel/events/), driven
from user space by user/perftests.c: context switches of a sleeper, page
faults of fresh pages, task-clock that grows with work and not with
sleep, inherited counters, enable_on_exec, groups and read_format, the
ioctls and prctl, perf_event_paranoid and Linux 6.1's errors. Every
test must pass, on both stack sizes and on the debug kernel with
nothing reported."""
from debugkernel import SCAN_TWICE, debug_shell_run
from tb import both_stack_sizes, tap_passed, timeout

NTESTS = 16


@both_stack_sizes
@timeout(200)
def test_perftests_all_pass(ctx):
    with ctx.shell() as g:
        out = g.run("perftests", timeout=150)
    assert tap_passed(out, "perftests") >= NTESTS, out


@timeout(900)
def test_perftests_on_debug_kernel_without_reports_or_leaks(ctx):
    """The same under KASAN, UBSAN, lockdep and kmemleak: perf_lock inside
    rq_lock in the scheduler's hooks, inside mm->lock in the fault hook,
    counters freed at close and at exit (inherited ones too)."""
    out = debug_shell_run(ctx, f"perftests; {SCAN_TWICE}", 600)
    assert tap_passed(out, "perftests") >= NTESTS, out
    leaks = out[out.index("# perftests:"):]
    assert "kmemleak-end" in leaks and "unreferenced object" not in leaks, leaks


FUZZ = ("fuzz -s 298 -o perf_event_open -o ioctl -o read -o close -o prctl "
        "-o fork -o exit -o execve -n 4000 -T 60")


@timeout(300)
def test_fuzz_perf_event_open_on_debug_kernel(ctx):
    """user/fuzz.c's perf_event_open (its attr generator: Linux's sizes,
    random flags, types, read_format) with the calls that act on its
    descriptors and counters, under KASAN, lockdep and kmemleak."""
    out = debug_shell_run(ctx, f"{FUZZ}; {SCAN_TWICE}", 200)
    assert "fuzz: PASS" in out, out[-3000:]
    leaks = out[out.index("fuzz: PASS"):]
    assert "kmemleak-end" in leaks and "unreferenced object" not in leaks, leaks
