"""Process file descriptors and the small process calls beside them, from
the shell: pidfdtests (user/pidfdtests.c: pidfd_open, CLONE_PIDFD in
clone and clone3, poll and epoll on a pidfd, waitid(P_PIDFD),
pidfd_send_signal, pidfd_getfd, with Linux's errnos; the code is
kernel/fs/anon/pidfd.c, kernel/sigqueue.c sys_pidfd_send_signal(),
kernel/wait.c pidfd_wait_pid())."""
from tb import tap_passed, timeout


@timeout(180)
def test_pidfdtests_all_pass(ctx):
    with ctx.shell() as g:
        out = g.run("pidfdtests", timeout=120)
    assert tap_passed(out, "pidfdtests") >= 17
