#!/usr/bin/env python3
"""Grader of lab 2, a system call that reports the calling thread's kernel
stack (docs/labs/lab2-syscall.md).

`lab2 3` asks from the main thread and three more; the answers must agree
with what the kernel's boot log and Ctrl-P dump say about the same stacks.
"""
import re
import sys

sys.dont_write_bytecode = True  # before importing labkit
import labkit  # noqa: E402
from labkit import Machine, PartFailed, Sheet  # noqa: E402

LINE = re.compile(r"^tid=(\d+) kstack base=0x([0-9a-f]+) size=(\d+) "
                  r"used=(\d+) in_use=(\d+) task_struct=(\d+) cpu=(\d+)", re.M)
KSTACK_START, KSTACK_END = 0xffffc90000000000, 0xffffe90000000000


def parse(out):
    return [dict(tid=int(m.group(1)), base=int(m.group(2), 16),
                 size=int(m.group(3)), used=int(m.group(4)),
                 in_use=int(m.group(5)), task=int(m.group(6)),
                 cpu=int(m.group(7))) for m in LINE.finditer(out)]


def answers(sheet, m):
    with m.shell("lab2") as g:
        size, task_size = labkit.build_facts(g.output)
        out = g.run("lab2 3", timeout=labkit.CMD_TIMEOUT)
        status = g.run("echo status=$?").strip()
        if "command not found" in out:
            raise PartFailed("/bin/lab2 is missing (user/build.mk)")
    rows = parse(out)
    sheet.check(2, "lab2 3: one answer per thread (4), exit status 0",
                len(rows) == 4 and status == "status=0", out)
    if len(rows) != 4:
        raise PartFailed("no answers to check")
    sheet.check(1, f"size is THREAD_SIZE ({size}), task_struct is "
                f"{task_size} bytes", all(r["size"] == size and
                                         r["task"] == task_size for r in rows),
                out)
    sheet.check(2, "base: THREAD_SIZE-aligned, in the kernel stack area, "
                "one block per thread", all(
                    r["base"] % size == 0 and
                    KSTACK_START <= r["base"] < KSTACK_END for r in rows)
                and len({r["base"] for r in rows}) == 4
                and len({r["tid"] for r in rows}) == 4, out)
    usable = size - task_size - 8
    sheet.check(1, "0 < in_use <= used < THREAD_SIZE - sizeof(task_struct)",
                all(0 < r["in_use"] <= r["used"] < usable for r in rows), out)
    sheet.check(2, "bad and kernel pointers give EFAULT, no crash",
                "bad pointer: EFAULT" in out and
                "kernel pointer: EFAULT" in out, out)
    return rows


def cross_check(sheet, m):
    """gdb stops the kernel inside the system call: its base must be the
    calling task's task_struct, its tid that task's pid."""
    with m.shell("lab2-gdb", gdb=True) as g:
        p = labkit.run_gdb(m, g, ["break sys_tb_stackinfo", "continue"]
                           + labkit.printed("task", "/x (unsigned long)"
                                            "$tb_current($tb_cpu())")
                           + labkit.printed("pid", "$tb_current($tb_cpu())->pid"),
                           background=True)
        out = g.run("lab2 0", timeout=labkit.CMD_TIMEOUT)
        gdb_out = labkit.finish_gdb(p, timeout=15)
    rows = parse(out)
    if "Breakpoint 1, sys_tb_stackinfo" not in gdb_out or not rows:
        raise PartFailed("the breakpoint in sys_tb_stackinfo did not hit:\n"
                         + out + "\n".join(gdb_out.splitlines()[-8:]))
    task = int(labkit.gdb_value(gdb_out, "task"), 16)
    pid = int(labkit.gdb_value(gdb_out, "pid"))
    sheet.check(2, "base is the caller's task_struct and tid its pid (gdb)",
                rows[0]["base"] == task and rows[0]["tid"] == pid,
                f"lab2: base {rows[0]['base']:#x} tid {rows[0]['tid']}; "
                f"gdb: current {task:#x} pid {pid}")


def grade(kernel, initrd, tree=None, log=None):
    sheet = Sheet(2, "a system call for the kernel stack", log)
    m = Machine(kernel, initrd, sheet)
    sheet.run_part(8, "lab2 3 (main thread + 3 threads)", answers, m)
    sheet.run_part(2, "lab2 0 under gdb", cross_check, m)
    return sheet.total()


if __name__ == "__main__":
    sys.exit(labkit.main(grade))
