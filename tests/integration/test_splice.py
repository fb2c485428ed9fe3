"""splice, tee, vmsplice (kernel/fs/pipe/splice.c) and the small calls on
file data (copy_file_range, sync_file_range, readahead, ustat, vhangup),
driven over the serial console: the splicetests program
(user/splicetests.c: every call and errno) with every page back, and the
fuzzer on these calls."""
from tb import tap_passes_pages_back, timeout


@timeout(300)
def test_splicetests_all_pass_and_every_page_back(ctx):
    with ctx.shell() as g:
        tap_passes_pages_back(g, "splicetests", cycles="file_pipe")
