"""/proc/<pid>/pagemap, smaps and smaps_rollup (kernel/fs/proc/task_mmu.c),
checked from inside a process against pages it touched itself
(user/pagemaptest.c), and their format as Linux 6.1 prints it."""
import re

from tb import tap_passed, timeout

# The fields of one smaps block after the maps line, in Linux 6.1's order.
SMAPS_FIELDS = ["Size", "KernelPageSize", "MMUPageSize", "Rss", "Pss",
                "Pss_Dirty", "Shared_Clean", "Shared_Dirty", "Private_Clean",
                "Private_Dirty", "Referenced", "Anonymous", "LazyFree",
                "AnonHugePages", "ShmemPmdMapped", "FilePmdMapped",
                "Shared_Hugetlb", "Private_Hugetlb", "Swap", "SwapPss",
                "Locked", "THPeligible", "VmFlags"]


@timeout(120)
def test_pagemaptest_all_pass(ctx):
    with ctx.shell() as g:
        out = g.run("pagemaptest", timeout=60)
    assert tap_passed(out, "pagemaptest") == 6


@timeout(120)
def test_smaps_format_is_linuxs(ctx):
    with ctx.shell() as g:
        smaps = g.run("cat /proc/self/smaps")
        rollup = g.run("cat /proc/self/smaps_rollup")
        maps = g.run("cat /proc/self/maps")
    blocks = re.split(r"\n(?=[0-9a-f]+-[0-9a-f]+ )", smaps.strip())
    assert len(blocks) == len(maps.strip().splitlines()), smaps
    for b in blocks:
        lines = b.splitlines()
        assert [l.split(":")[0] for l in lines[1:]] == SMAPS_FIELDS, b
        for l in lines[1:-2]:
            assert re.fullmatch(r"[A-Za-z_]+: +\d+ kB", l) and \
                len(l) == 27, repr(l)
        assert lines[-2] == "THPeligible:    0"
        # (Each name is followed by a space; the console may drop the last.)
        assert re.fullmatch(r"VmFlags:( [a-z]{2})+ ?", lines[-1]), lines[-1]
    stack = next(b for b in blocks if b.splitlines()[0].endswith("[stack]"))
    assert "VmFlags: rd wr mr mw me gd ac" in stack, stack
    head = rollup.splitlines()[0]
    assert re.fullmatch(r"[0-9a-f]{8,}-[0-9a-f]+ ---p 00000000 00:00 0 +"
                        r"\[rollup\]", head) and head.index("[") == 73, head
    assert [l.split(":")[0] for l in rollup.splitlines()[1:7]] == \
        ["Rss", "Pss", "Pss_Dirty", "Pss_Anon", "Pss_File", "Pss_Shmem"]
