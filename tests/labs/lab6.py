#!/usr/bin/env python3
"""Grader of lab 6, a scheduling policy measured (docs/labs/lab6-sched.md).

pick_next_task() in kernel/sched/core.c must serve the run queue so that
CPU-bound threads share the CPUs fairly (round robin), while keeping its
two rules: a task runs only on a CPU its affinity allows, and never on two
CPUs at once. The benchmark is /bin/lab6 (user/lab6.c); emulated CPUs are
noisy, so the best of up to three runs counts. The kernel's scheduler
self-tests guard the rules.
"""
import re
import sys

sys.dont_write_bytecode = True  # before importing labkit
import labkit  # noqa: E402
from labkit import Machine, PartFailed, Sheet  # noqa: E402

FAIRNESS = re.compile(r"fairness: min/max ([\d.]+) jain ([\d.]+) threads (\d+)")
LOOPS = re.compile(r"^thread \d+: (\d+) loops", re.M)
KTESTS = ["preemption_shares_the_cpu", "every_cpu_ticks_and_switches",
          "smp_stress_sleep_wake_counters"]
RUNS = 3


def benchmark(sheet, m):
    best, outs = None, []
    with m.shell("lab6") as g:
        for _ in range(RUNS):
            out = g.run("lab6 -s 2", timeout=labkit.CMD_TIMEOUT)
            outs.append(out)
            f = FAIRNESS.search(out)
            if not f:
                raise PartFailed("lab6 printed no fairness line:\n" + out)
            loops = [int(n) for n in LOOPS.findall(out)]
            result = (float(f.group(1)), float(f.group(2)), min(loops or [0]))
            if best is None or result > best:
                best = result
            if best[0] >= 0.5:
                break
    detail = "\n---\n".join(outs)
    sheet.check(2, "no thread starves (every one made progress)",
                best[2] > 0, detail)
    sheet.check(3, "min/max >= 0.2 (the slowest thread got at least a "
                "fifth of the fastest one's share)", best[0] >= 0.2, detail)
    sheet.check(2, "Jain's fairness index >= 0.8", best[1] >= 0.8, detail)


def self_tests(sheet, m):
    found, out = m.ktest(KTESTS, timeout=180)
    for name in KTESTS:
        sheet.check(1, f"ktest {name}", found.get(name) is True,
                    "\n".join(out.splitlines()[-20:]))


def grade(kernel, initrd, tree=None, log=None):
    sheet = Sheet(6, "a scheduling policy, measured", log)
    m = Machine(kernel, initrd, sheet)
    sheet.run_part(7, "the lab6 benchmark (5 busy threads on 2 CPUs)",
                   benchmark, m)
    sheet.run_part(3, "the scheduler's self-tests", self_tests, m)
    return sheet.total()


if __name__ == "__main__":
    sys.exit(labkit.main(grade))
