"""splice, tee, vmsplice (kernel/fs/pipe/splice.c), the small calls on
file data (copy_file_range, sync_file_range, readahead, ustat, vhangup)
and native AIO (kernel/fs/aio/),
driven over the serial console: the splicetests program
(user/splicetests.c: every call and errno) with every page back, and the
fuzzer on these calls."""
from tb import fuzz_only, tap_passes_pages_back, timeout


@timeout(300)
def test_splicetests_all_pass_and_every_page_back(ctx):
    with ctx.shell() as g:
        tap_passes_pages_back(g, "splicetests", cycles="file_pipe")


@timeout(300)
def test_fuzz_of_the_splice_calls_survives(ctx):
    """The fuzzer on the splice family, the small file-data calls and
    the io_* calls alone (with pipes, files and sockets to move between): no oops, and
    the shell answers after."""
    calls = ("splice tee vmsplice copy_file_range sync_file_range "
             "readahead ustat io_setup io_destroy io_submit io_cancel "
             "io_getevents io_pgetevents pipe pipe2 socketpair open write "
             "close")
    fuzz_only(ctx, calls, 20000)
