"""perf_event_open(2) with software counters (kernel/events/), driven
from user space by user/perftests.c: context switches of a sleeper, page
faults of fresh pages, task-clock that grows with work and not with
sleep, inherited counters, enable_on_exec, groups and read_format, the
ioctls and prctl, perf_event_paranoid and Linux 6.1's errors. Every
test must pass, on both stack sizes and on the debug kernel with
nothing reported."""
from debugkernel import debug_shell_run
from tb import both_stack_sizes, tap_passed, timeout

NTESTS = 15


@both_stack_sizes
@timeout(200)
def test_perftests_all_pass(ctx):
    with ctx.shell() as g:
        out = g.run("perftests", timeout=150)
    assert tap_passed(out, "perftests") >= NTESTS, out


@timeout(900)
def test_perftests_on_debug_kernel_without_reports(ctx):
    """The same under KASAN, UBSAN, lockdep and kmemleak: perf_lock inside
    rq_lock in the scheduler's hooks, inside mm->lock in the fault hook,
    counters freed at close and at exit."""
    out = debug_shell_run(ctx, "perftests", 300)
    assert tap_passed(out, "perftests") >= NTESTS, out
