"""Shared memory and the memory system calls, driven over the serial
console: the shmtest program (user/shmtest.c: MAP_SHARED files and
anonymous memory, msync, truncation and SIGBUS, mremap, the mlock
calls, madvise, mincore, the MAP_FIXED race), then the check that every
page came back."""
from tb import mem_free_back, mem_free_kb, tap_passed, timeout


@timeout(300)
def test_shmtest_all_pass_and_every_page_back(ctx):
    with ctx.shell() as g:
        g.run("shmtest map_fixed_race", timeout=120)     # warm the caches
        before = mem_free_kb(g)
        out = g.run("shmtest", timeout=240)
        tap_passed(out, "shmtest")
        mem_free_back(g, before)
