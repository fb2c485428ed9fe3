#!/usr/bin/env python3
"""Grader of lab 4, report the context (docs/labs/lab4-context.md).

current_affairs() in kernel/demo.c must say which context it runs in,
what preempt_count says, and which stack it is on, when the serial
interrupt runs it on Ctrl-P (hardirq context, on the CPU's IRQ stack,
current being whatever task was interrupted). Its model is the
current_affairs sample module (kernel/samples/current_affairs/), whose
process-context report (at boot from pid 1 with the demo option, and
inside insmod's system call) is checked first, as the reference the
interrupt's report is compared with.
"""
import re
import sys

sys.dont_write_bytecode = True  # before importing labkit
import labkit  # noqa: E402
from labkit import Machine, PartFailed, Sheet  # noqa: E402

CONTEXT = re.compile(r"current_affairs: in (\S+) context \(in_task\(\)=(\d) "
                     r"in_interrupt\(\)=(\d) in_hardirq\(\)=(\d) "
                     r"in_serving_softirq\(\)=(\d) in_nmi\(\)=(\d)\)")
STACK = re.compile(r"running on\s+: (.*?) \[0x([0-9a-f]+)-0x([0-9a-f]+)\]")
PREEMPT = re.compile(r"preempt_count: 0x([0-9a-f]{8}) \(nmi (\d+), hardirq "
                     r"(\d+), softirq (\d+), preempt (\d+)\)")
IRQ_STACKS = re.compile(r"CPU(\d+): IRQ stack ([0-9a-f]{16})-([0-9a-f]{16})")


def report_after(text, start_pat):
    """The current_affairs report that follows start_pat in text."""
    m = re.search(start_pat, text)
    if not m:
        raise PartFailed(f"no /{start_pat}/ in the output")
    text = text[m.end():]
    end = PREEMPT.search(text)
    return text[:end.end()] if end else text[:3000]


def process_context(sheet, m):
    with m.shell("demo", append="demo") as g:
        out = g.output
        insmod = g.run("insmod current_affairs", timeout=labkit.CMD_TIMEOUT)
    boot = report_after(out, r"smp: Brought up")
    c = CONTEXT.search(boot)
    sheet.check(1, "at boot: process context, in_task()=1, in_interrupt()=0",
                c and c.group(1) == "process" and c.group(2) == "1" and
                c.group(3) == "0", boot)
    s = STACK.search(boot)
    sheet.check(1, "at boot: on the task's kernel stack",
                s and s.group(1) == "the task's kernel stack", boot)
    c = CONTEXT.search(insmod)
    pid = re.search(r"PID\s+:\s+(\d+)\s*\n.*TGID\s+:\s+(\d+)", insmod)
    name = re.search(r"name\s+: (\S+)", insmod)
    sheet.check(1, "insmod current_affairs: process context, current is "
                "insmod itself", c and c.group(1) == "process" and
                pid and pid.group(1) == pid.group(2) != "1" and
                name and name.group(1) == "insmod", insmod)


def interrupt_context(sheet, m):
    with m.shell("ctrl-p") as g:
        stacks = {int(c): (int(lo, 16), int(hi, 16))
                  for c, lo, hi in IRQ_STACKS.findall(g.output)}
        dump = labkit.ctrl_p(g)
    rep = report_after(dump, r"Ctrl-P: task dump requested")
    c = CONTEXT.search(rep)
    sheet.check(2, "Ctrl-P: hardirq context, in_task()=0, in_interrupt()=1, "
                "in_hardirq()=1", c and c.group(1) == "hardirq" and
                c.groups()[1:4] == ("0", "1", "1"), rep)
    sheet.check(1, "Ctrl-P: says current is the interrupted task",
                "current is the task this interrupt interrupted" in rep, rep)
    cpu = re.search(r"CPU\s+:\s+(\d+)", rep)
    s = STACK.search(rep)
    want = stacks.get(int(cpu.group(1))) if cpu else None
    sheet.check(2, "Ctrl-P: on this CPU's IRQ stack, with the range the boot "
                "log gave", s and want and
                re.fullmatch(r"CPU\d+'s IRQ stack", s.group(1)) and
                (int(s.group(2), 16), int(s.group(3), 16)) == want,
                f"boot log: {stacks}\n{rep}")
    p = PREEMPT.search(rep)
    sheet.check(2, "Ctrl-P: preempt_count decoded right, hardirq >= 1",
                p and decoded_right(p) and int(p.group(3)) >= 1, rep)


def decoded_right(m):
    """The nmi/hardirq/softirq/preempt fields match the hex value (an
    interrupt may nest in a softirq: then softirq is not 0)."""
    pc = int(m.group(1), 16)
    return [int(x) for x in m.groups()[1:]] == [
        (pc >> 20) & 0xf, (pc >> 16) & 0xf, (pc >> 8) & 0xff, pc & 0xff]


def grade(kernel, initrd, tree=None, log=None):
    sheet = Sheet(4, "the context from an interrupt handler", log)
    m = Machine(kernel, initrd, sheet)
    sheet.run_part(3, "process context (boot demo, insmod)", process_context, m)
    sheet.run_part(7, "interrupt context (Ctrl-P)", interrupt_context, m)
    return sheet.total()


if __name__ == "__main__":
    sys.exit(labkit.main(grade))
