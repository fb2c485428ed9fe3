"""epoll (kernel/fs/anon/eventpoll.c), driven over the serial console:
the epolltests program (user/epolltests.c: every call and errno, level,
edge and one-shot triggering, nested epolls, a watched file closed) with
every page back, and once on the debug kernel."""
from debugkernel import debug_shell_run
from tb import fuzz_only, tap_passed, tap_passes_pages_back, timeout


@timeout(300)
def test_epolltests_all_pass_and_every_page_back(ctx):
    with ctx.shell() as g:
        tap_passes_pages_back(g, "epolltests")


@timeout(600)
def test_epolltests_on_debug_kernel_without_reports(ctx):
    """epolltests on the debug kernel (KASAN, UBSAN, lockdep): epmutex
    is never held across a file's ->poll, nor an item used after its
    file's last fput()."""
    out = debug_shell_run(ctx, "epolltests", 500)
    tap_passed(out, "epolltests")


@timeout(300)
def test_fuzz_of_the_epoll_calls_survives(ctx):
    """The fuzzer on the epoll calls alone (with pipes and eventfds to
    watch): no oops, and the shell answers after."""
    calls = ("epoll_create epoll_create1 epoll_ctl epoll_wait epoll_pwait "
             "epoll_pwait2 pipe eventfd2 close dup")
    fuzz_only(ctx, calls, 8000)
