#!/usr/bin/env python3
"""Grader of lab 5, switch to the per-CPU IRQ stack (docs/labs/lab5-irqstack.md).

common_entry in arch/x86_64/entry.S must move a hardware interrupt onto
this CPU's IRQ stack (not an exception, not a nested interrupt), record
the interrupted task in the IRQ stack's thread_info so that current still
works there, and come back to the interrupted stack before
irqentry_exit(). Checked by the kernel's own self-test, by the Ctrl-P
report (which runs in the serial interrupt) and by gdb stopped inside that
interrupt.
"""
import re
import sys

sys.dont_write_bytecode = True  # before importing labkit
import labkit  # noqa: E402
from labkit import Machine, PartFailed, Sheet  # noqa: E402

KTEST = "interrupt_runs_on_irq_stack_with_current"


def self_test(sheet, m):
    found, out = m.ktest([KTEST])
    sheet.check(4, f"ktest {KTEST}", found.get(KTEST) is True,
                "\n".join(line for line in out.splitlines()
                          if "ktest" in line or line.lstrip("[ .0123456789]")
                          .startswith(("#", "ok", "not ok")))[-1500:])


def ctrl_p_report(sheet, m):
    with m.shell("ctrl-p") as g:
        dump = labkit.ctrl_p(g)
    stack = re.search(r"running on\s+: (.*?) \[", dump)
    sheet.check(2, "Ctrl-P's current_affairs runs on the CPU's IRQ stack",
                stack and re.fullmatch(r"CPU\d+'s IRQ stack", stack.group(1)),
                dump[:1500])
    sheet.check(1, "...where current (rsp masked) agrees with the per-CPU "
                "current_task", "this_cpu_read(current_task): agrees" in dump,
                dump[:1500])


def under_gdb(sheet, m):
    """Stopped in the serial interrupt (sysrq_ctrl_p): the CPU's IRQ stack
    is in use and $sp lies in it."""
    with m.shell("gdb", gdb=True) as g:
        p = labkit.run_gdb(m, g, ["break sysrq_ctrl_p", "continue", "tb-cpus"]
                           + labkit.printed("sp", "/x $sp")
                           + labkit.printed("cpu", "$tb_cpu()"),
                           background=True)
        g.send(labkit.CTRL_P)
        out = labkit.finish_gdb(p, timeout=30)
    if "Breakpoint 1, sysrq_ctrl_p" not in out:
        raise PartFailed("the breakpoint in sysrq_ctrl_p did not hit:\n"
                         + out[-1500:])
    cpu = int(labkit.gdb_value(out, "cpu"))
    sp = int(labkit.gdb_value(out, "sp"), 16)
    block = re.search(rf"^CPU{cpu}: .*\n(?:  .*\n)*?  IRQ stack    : "
                      r"([0-9a-f]{16})-([0-9a-f]{16}) \(([^)]*)\)", out, re.M)
    if not block:
        raise PartFailed(f"tb-cpus shows no IRQ stack for CPU{cpu}:\n"
                         + out[-1500:])
    lo, hi = int(block.group(1), 16), int(block.group(2), 16)
    sheet.check(1, f"tb-cpus: CPU{cpu}'s IRQ stack is in use",
                block.group(3).startswith("in use"), block.group(0))
    sheet.check(2, "$sp in the interrupt handler lies on that IRQ stack",
                lo <= sp <= hi, f"$sp {sp:#x}, IRQ stack {lo:#x}-{hi:#x}")


def grade(kernel, initrd, tree=None, log=None):
    sheet = Sheet(5, "the per-CPU IRQ stack", log)
    m = Machine(kernel, initrd, sheet)
    sheet.run_part(4, "the kernel's self-test", self_test, m)
    sheet.run_part(3, "Ctrl-P (the serial interrupt)", ctrl_p_report, m)
    sheet.run_part(3, "gdb inside the serial interrupt", under_gdb, m)
    return sheet.total()


if __name__ == "__main__":
    sys.exit(labkit.main(grade))
