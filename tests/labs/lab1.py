#!/usr/bin/env python3
"""Grader of lab 1, walk the task list (docs/labs/lab1-tasklist.md).

showthrds() in the thrd_showall sample module
(kernel/samples/thrd_showall/thrd_showall.c) must print every thread of
every process (do_each_thread/while_each_thread) after the idle task,
kernel threads as [%16s], a multithreaded process's thread count on its
leader's row, and a total. The kernel's Ctrl-P dump walks the same list
with its own code (kernel/tty/sysrq.c): that is the answer key.
"""
import re
import sys

sys.dont_write_bytecode = True  # before importing labkit
import labkit  # noqa: E402
from labkit import STAMP, Machine, PartFailed, Sheet  # noqa: E402

# One row of thrd_showall: TGID PID current stack-start name [#thrds]; a
# kernel thread's name is [%16s].
ROW = re.compile(r"^" + STAMP + r"\s*(\d+)\s+(\d+)\s+0x([0-9a-f]{16})\s+"
                 r"0x([0-9a-f]{16})\s+(\[\s*\S+\]|\S+)(?:\s+(\d+))?\s*$", re.M)
TOTAL = re.compile(r"thrd_showall: total # of threads on the system: (\d+)")
KSTACK_START, KSTACK_END = 0xffffc90000000000, 0xffffe90000000000


def rows_between(text, start_pat=r"TGID\s+PID\s+current"):
    """The rows of the last thrd_showall table in text, and its total."""
    head = list(re.finditer(start_pat, text))
    if not head:
        return [], None
    text = text[head[-1].end():]
    total = TOTAL.search(text)
    body = text[:total.start()] if total else text
    rows = [(int(m.group(1)), int(m.group(2)), int(m.group(3), 16),
             int(m.group(4), 16), re.sub(r"^\[\s+", "[", m.group(5)),
             m.group(6) is not None, int(m.group(6) or 0))
            for m in ROW.finditer(body)]
    return rows, int(total.group(1)) if total else None


def at_boot(sheet, m):
    """The demo boot option loads thrd_showall from pid 1, before user
    space."""
    with m.shell("demo", append="demo") as g:
        out = g.output
    size, _ = labkit.build_facts(out)
    rows, total = rows_between(out)
    pids = {r[1]: r for r in rows}
    sheet.check(1, "at boot: the idle task first, then rows for pid 1, 2 and 3 "
                "(init, kthreadd, kworker)", {1, 2, 3} <= set(pids) and
                rows[0][1] == 0 and rows[0][4] == "[swapper/0]", f"rows: {rows}")
    sheet.check(1, "at boot: the total line counts the rows (the idle task too)",
                total is not None and total == len(rows) and rows,
                f"{len(rows)} rows, total {total}")
    sheet.check(1, "at boot: kernel threads (mm == NULL) are in [brackets]",
                rows and all(r[4].startswith("[") and r[4].endswith("]")
                             for r in rows), f"names: {[r[4] for r in rows]}")
    good = rows and all(r[2] == r[3] and r[2] % size == 0 and
                        KSTACK_START <= r[2] < KSTACK_END for r in rows[1:])
    sheet.check(1, "at boot: current == stack-start, THREAD_SIZE-aligned, "
                "in the kernel stack area", good,
                f"THREAD_SIZE {size}: {[(hex(r[2]), hex(r[3])) for r in rows]}")


def with_threads(sheet, m):
    """At the shell, with a 4-thread process running: insmod thrd_showall
    in insmod's process context, checked against the Ctrl-P dump."""
    with m.shell("threads") as g:
        started = labkit.start_threads(g, "threads 3", 3)
        tgid = int(started[0].group(2))
        out = g.run("insmod thrd_showall", timeout=labkit.CMD_TIMEOUT)
        if "not found" in out:
            raise PartFailed("this tree has no /bin/insmod")
        rows, total = rows_between(g.output)
        dump = labkit.ctrl_p(g)
    tasks = labkit.sysrq_tasks(dump)
    mine = [r for r in rows if r[0] == tgid]
    sheet.check(2, f"the threads process (tgid {tgid}): 4 rows sharing its "
                "TGID, each with its own PID", len(mine) == 4 and
                len({r[1] for r in mine}) == 4, f"rows of tgid {tgid}: {mine}")
    leader = [r for r in mine if r[1] == tgid]
    counted = [r for r in rows if r[5]]
    sheet.check(1, "its leader's row, and no other, shows its 4 threads",
                leader and leader[0][6] == 4 and leader == counted,
                f"leader row: {leader}\nrows with a count: {counted}")
    user = [r for r in rows if r[0] in (tgid,) or r[4] in ("sh", "insmod")]
    sheet.check(1, "user threads are not in brackets (they have an mm)",
                user and not any(r[4].startswith("[") for r in user),
                f"user rows: {user}")
    # insmod has exited by Ctrl-P time; the dump leaves out the idle task.
    skip = {r[1] for r in rows if r[4] == "insmod"}
    shown = {(r[0], r[1]) for r in rows if r[1] not in skip and r[1] != 0}
    key = {(t[4], t[3]) for t in tasks if t[3] != 0 and t[3] not in skip}
    sheet.check(2, "every thread the kernel knows (Ctrl-P) and no other, "
                "and the total counts them", shown == key and key and
                total == len(rows),
                f"thrd_showall {sorted(shown)}\nCtrl-P       {sorted(key)}\n"
                f"total {total}, rows {len(rows)}")


def grade(kernel, initrd, tree=None, log=None):
    sheet = Sheet(1, "walk the task list", log)
    m = Machine(kernel, initrd, sheet)
    sheet.run_part(4, "thrd_showall at boot (demo)", at_boot, m)
    sheet.run_part(6, "thrd_showall from insmod, with threads running",
                   with_threads, m)
    return sheet.total()


if __name__ == "__main__":
    sys.exit(labkit.main(grade))
