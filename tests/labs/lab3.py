#!/usr/bin/env python3
"""Grader of lab 3, measure kernel stack usage (docs/labs/lab3-stackuse.md).

stack_not_used() in kernel/task.c must count the bytes of a task's kernel
stack that were never written (the stack block starts zeroed), as Linux's
does; stack_used_max() and everything that reports the high-water mark
(the Ctrl-P dump's "stack:" column, KStackUsed, stack_layout, lab 2's
system call) follow from it. gdb measures the same stacks independently
(tb-stack-layout scans the block itself).
"""
import re
import sys

sys.dont_write_bytecode = True  # before importing labkit
import labkit  # noqa: E402
from labkit import Machine, PartFailed, Sheet  # noqa: E402

HIGH_WATER = re.compile(r"high-water mark: (\d+) bytes")


def dump_ranges(sheet, m):
    """Every task in the Ctrl-P dump: 0 < not used < usable size, and a
    task that only ever slept in the scheduler used far less than all."""
    with m.shell("ctrl-p") as g:
        size, task_size = labkit.build_facts(g.output)
        tasks = labkit.sysrq_tasks(labkit.ctrl_p(g))
    if not tasks:
        raise PartFailed("no tasks in the Ctrl-P dump")
    usable = size - task_size - 8
    sheet.check(2, f"stack:N (bytes never used) lies in (0, {usable}) for "
                "every task", all(0 < t[2] < usable for t in tasks),
                "\n".join(f"{t[0]} pid {t[3]}: stack:{t[2]}" for t in tasks))
    kthreadd = [t for t in tasks if t[0] == "kthreadd"]
    sheet.check(1, "kthreadd (asleep since boot) used less than half its stack",
                kthreadd and kthreadd[0][2] > usable // 2, f"{kthreadd}")


def against_gdb(sheet, m):
    """The kernel's number for kthreadd (pid 2, asleep: its stack holds
    still) must match gdb's own scan of the same block."""
    with m.shell("gdb", gdb=True) as g:
        size, task_size = labkit.build_facts(g.output)
        tasks = labkit.sysrq_tasks(labkit.ctrl_p(g))
        out = labkit.run_gdb(m, g, ["tb-stack-layout 2"]
                             + labkit.printed("tsize",
                                              "sizeof(struct task_struct)"))
    mine = [t for t in tasks if t[3] == 2]
    hw = HIGH_WATER.search(out)
    if not mine or not hw:
        raise PartFailed("no kthreadd in the dump, or no high-water mark "
                         "from tb-stack-layout 2:\n" + out[-1500:])
    tsize = int(labkit.gdb_value(out, "tsize"))
    expect = size - tsize - 8 - int(hw.group(1))
    sheet.check(4, "kthreadd's stack:N equals THREAD_SIZE - sizeof(task_struct)"
                " - 8 - gdb's high-water mark", mine[0][2] == expect,
                f"kernel says {mine[0][2]} bytes never used; gdb's high-water "
                f"mark {hw.group(1)} means {expect}")


def fresh_threads(sheet, m):
    """lab2's threads are new: their high-water mark is small, and at least
    what the system call itself is using."""
    with m.shell("lab2") as g:
        size, _ = labkit.build_facts(g.output)
        out = g.run("lab2 3", timeout=labkit.CMD_TIMEOUT)
    rows = [(int(u), int(i)) for u, i in
            re.findall(r"used=(\d+) in_use=(\d+)", out)]
    if len(rows) != 4:
        raise PartFailed("lab2 3 did not answer for 4 threads:\n" + out)
    sheet.check(3, "new threads: in_use <= used < THREAD_SIZE / 4",
                all(i <= u < size // 4 for u, i in rows), out)


def grade(kernel, initrd, tree=None, log=None):
    sheet = Sheet(3, "kernel stack usage", log)
    m = Machine(kernel, initrd, sheet)
    sheet.run_part(3, "the Ctrl-P dump's stack:N column", dump_ranges, m)
    sheet.run_part(4, "kthreadd, measured by the kernel and by gdb",
                   against_gdb, m)
    sheet.run_part(3, "the high-water mark of new threads (lab2)",
                   fresh_threads, m)
    return sheet.total()


if __name__ == "__main__":
    sys.exit(labkit.main(grade))
