"""Shared memory and the memory system calls, driven over the serial
console: the shmtest program (user/shmtest.c: MAP_SHARED files and
anonymous memory, msync, truncation and SIGBUS, mremap, the mlock
calls, madvise, mincore, the MAP_FIXED race), then the check that every
page came back."""
from tb import tap_passes_pages_back, timeout


@timeout(300)
def test_shmtest_all_pass_and_every_page_back(ctx):
    with ctx.shell() as g:
        tap_passes_pages_back(g, "shmtest", cycles="map_fixed_race")
