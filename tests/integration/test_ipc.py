"""System V IPC from the shell: ipctests (user/ipctests.c: shared
memory and message queues, their flags and errnos, fork and exec,
IPC_RMID, blocking, the ordinary user's view), every page back
afterwards, the same on the debug kernel without a KASAN, UBSAN or
lockdep report (segments' attach counts are kept under mm->lock), and
ipcs -m / ipcrm -m as a user types them."""
import re

from debugkernel import assert_no_report, debug_guest
from tb import PROMPT, mem_free_back, mem_free_kb, status_of, tap_passed, timeout


@timeout(240)
def test_ipctests_all_pass_and_every_page_back(ctx):
    with ctx.shell() as g:
        # Warm the caches: a first run grows the id tables (sem_many makes
        # every array SEMMNI allows), which keep their size, as Linux's.
        g.run("ipctests", timeout=180)
        before = mem_free_kb(g)
        out = g.run("ipctests", timeout=180)
        assert tap_passed(out, "ipctests") >= 26
        mem_free_back(g, before)


@timeout(600)
def test_ipctests_on_the_debug_kernel_without_reports(ctx):
    with ctx.guest(**debug_guest(ctx)) as g:
        g.expect(PROMPT, timeout=120)
        out = g.run("ipctests", timeout=400)
        stats = g.run("cat /proc/lockdep_stats", timeout=30)
        log = g.output
    tap_passed(out, "ipctests")
    assert re.search(r"debug_locks:\s+1", stats), stats
    assert_no_report(log)


@timeout(120)
def test_ipcs_and_ipcrm(ctx):
    with ctx.shell() as g:
        out = g.run("ipctests --keep 0x1234abcd")
        m = re.search(r"shmid=(\d+) msqid=(\d+) semid=(\d+)", out)
        shmid, msqid, semid = m.groups()
        out = g.run("ipcs -m")
        assert "------ Shared Memory Segments --------" in out, out
        assert re.search(rf"0x1234abcd {shmid}\s+root\s+644\s+8192\s+0\s", out), out
        assert f" {shmid} " in g.run("cat /proc/sysvipc/shm")
        out = g.run("ipcs")
        assert re.search(rf"0x1234abcd {msqid}\s+root\s+600\s+2\s+1\s", out), out
        assert re.search(rf"0x1234abcd {semid}\s+root\s+640\s+2\s", out), out
        out, st = status_of(g, f"runas student ipcrm -m {shmid}")
        assert st != 0 and "permission denied" in out, out
        out, st = status_of(g, f"ipcrm -m {shmid} -q {msqid} -S 0x1234abcd")
        assert st == 0, out
        assert "0x1234abcd" not in g.run("ipcs")
        out, st = status_of(g, f"ipcrm -m {shmid}")
        assert st != 0 and "invalid id" in out, out
        g.run("ipctests --keep 0x77")
        out, st = status_of(g, "ipcrm -M 0x77 -Q 0x77 -s $(ipcs -s | awk '/0x00000077/ {print $2}')")
        assert st == 0 and "0x00000077" not in g.run("ipcs"), out
