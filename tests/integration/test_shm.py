"""Shared memory and the memory system calls, driven over the serial
console: the shmtest program (user/shmtest.c: MAP_SHARED files and
anonymous memory, msync, truncation and SIGBUS, mremap, the mlock
calls, madvise, mincore, the MAP_FIXED race), then the check that every
page came back."""
import re
import time

from tb import PROMPT, tap_passed, timeout


def mem_free_kb(g):
    return int(re.search(r"MemFree:\s+(\d+) kB", g.run("grep MemFree /proc/meminfo")).group(1))


@timeout(300)
def test_shmtest_all_pass_and_every_page_back(ctx):
    with ctx.guest() as g:
        g.expect(PROMPT, timeout=30)
        g.run("shmtest map_fixed_race", timeout=120)     # warm the caches
        before = mem_free_kb(g)
        out = g.run("shmtest", timeout=240)
        tap_passed(out, "shmtest")
        after = mem_free_kb(g)
        for _ in range(20):
            if after == before:
                break
            time.sleep(0.25)
            after = mem_free_kb(g)
        assert after == before, f"MemFree {before} kB before, {after} kB after"
