"""POSIX message queues (kernel/ipc/mqueue.c, kernel/ipc/mq_syscalls.c)
and what came with them (System V's *_next_id and MSG_COPY,
remap_file_pages, mmap's hint), driven over the serial console: the
mqtests program (user/mqtests.c: every call and errno, blocking,
notification, the mqueue file system) with every page back, once on the
debug kernel, and the fuzzer on the calls."""
import re
from debugkernel import debug_shell_run
from tb import fuzz_only, tap_passed, tap_passes_pages_back, timeout


@timeout(300)
def test_mqtests_all_pass_and_every_page_back(ctx):
    with ctx.shell() as g:
        tap_passes_pages_back(g, "mqtests")


@timeout(600)
def test_mqtests_on_debug_kernel_without_reports(ctx):
    """mqtests on the debug kernel (KASAN, UBSAN, lockdep): a queue is
    freed at its last close after mq_unlink, never while a sleeper or a
    poller holds it, and mq_lock is never taken inside a queue's lock."""
    out = debug_shell_run(ctx, "mqtests", 500)
    tap_passed(out, "mqtests")


@timeout(300)
def test_fuzz_of_the_mq_calls_survives(ctx):
    """The fuzzer on the message queue calls alone (and remap_file_pages
    over whatever is mapped): no oops, and the shell answers after. The
    run unlinks the queues it made (named queues outlive their makers:
    they were a long run's pages short)."""
    calls = ("mq_open mq_unlink mq_timedsend mq_timedreceive mq_notify "
             "mq_getsetattr remap_file_pages close dup")
    left = fuzz_only(ctx, calls, 20000, after="mkdir /tmp/q; mount -t mqueue "
                     "none /tmp/q; echo queues: $(ls -A /tmp/q | wc -l)")
    assert re.search(r"^queues: 0$", left, re.M), left
