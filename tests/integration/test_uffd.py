"""userfaultfd (kernel/fs/anon/userfaultfd.c, kernel/mm/userfaultfd.c),
driven over the serial console: the uffdtests program (user/uffdtests.c:
the calls and their errnos, missing, write-protect and minor faults
resolved by a handler thread, the close that wakes, kernel accesses,
mremap's DONTUNMAP) with every page back, and once on the debug kernel."""
from debugkernel import debug_shell_run
from tb import tap_passed, tap_passes_pages_back, timeout


@timeout(300)
def test_uffdtests_all_pass_and_every_page_back(ctx):
    with ctx.shell() as g:
        tap_passes_pages_back(g, "uffdtests")


@timeout(600)
def test_uffdtests_on_debug_kernel_without_reports(ctx):
    """uffdtests on the debug kernel (KASAN, UBSAN, lockdep): the context
    lock nests inside mm->lock, a sleeping fault's entry lives on its
    stack, and nothing is used after the last close."""
    out = debug_shell_run(ctx, "uffdtests", 500)
    tap_passed(out, "uffdtests")
