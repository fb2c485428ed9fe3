"""Process file descriptors and the small process calls beside them, from
the shell: pidfdtests (user/pidfdtests.c: pidfd_open, CLONE_PIDFD in
clone and clone3, poll and epoll on a pidfd, waitid(P_PIDFD),
pidfd_send_signal, pidfd_getfd, with Linux's errnos; the code is
kernel/fs/anon/pidfd.c, kernel/sigqueue.c sys_pidfd_send_signal(),
kernel/wait.c pidfd_wait_pid())."""
from tb import fuzz_only, tap_passed, timeout


@timeout(180)
def test_pidfdtests_all_pass(ctx):
    with ctx.shell() as g:
        out = g.run("pidfdtests", timeout=120)
    assert tap_passed(out, "pidfdtests") >= 19


@timeout(300)
def test_fuzz_of_the_pidfd_and_process_calls_survives(ctx):
    """The fuzzer on the new calls alone (with fork, clone3 and waitid to
    make and reap tasks for them): no oops, and the shell answers after."""
    calls = ("pidfd_open pidfd_send_signal pidfd_getfd kcmp ioprio_set "
             "ioprio_get get_robust_list set_robust_list membarrier acct "
             "sched_setattr sched_getattr fork clone3 waitid close")
    fuzz_only(ctx, calls, 3000)
