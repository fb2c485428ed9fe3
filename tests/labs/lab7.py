#!/usr/bin/env python3
"""Grader of lab 7, taskdtl (docs/labs/lab7-taskdtl.md).

The taskdtl sample module (kernel/samples/taskdtl/taskdtl.c), loaded with
`insmod taskdtl pid=N`, must refuse a missing or impossible pid (EINVAL)
and a pid no task has (ESRCH), saying why, and otherwise print the task's
details, one "taskdtl: " line each, in the handout's format. The answer
key is /proc/<pid>/status and /proc/<pid>/stat, read right after.
"""
import re
import sys

sys.dont_write_bytecode = True  # before importing labkit
import labkit  # noqa: E402
from labkit import Machine, PartFailed, Sheet  # noqa: E402

LINES = {
    "task": r"taskdtl: task (\S+), pid (\d+), tgid (\d+)",
    "state": r"taskdtl: state (\S) \(([^)]+)\)",
    "parent": r"taskdtl: parent (\S+), pid (\d+)",
    "threads": r"taskdtl: threads (\d+)",
    "task_struct": r"taskdtl: task_struct 0x([0-9a-f]{16})",
    "stack": r"taskdtl: kernel stack 0x([0-9a-f]{16}), (\d+) bytes, (\d+) used "
             r"at most",
    "mm": r"taskdtl: mm (?:0x([0-9a-f]{16}), start_stack 0x([0-9a-f]+)|"
          r"(none)\b)",
    "ids": r"taskdtl: uid (\d+) euid (\d+) gid (\d+) egid (\d+)",
    "cpu": r"taskdtl: cpu (\d+)",
}


def status_of(g, line):
    out = g.run(line, timeout=labkit.CMD_TIMEOUT)
    return out, g.run("echo $?").strip()


def report(g, pid):
    """insmod taskdtl pid=PID; {key: match} of its lines, the exit status,
    /proc/PID/status as a dict and /proc/PID/stat's fields after comm."""
    g.run("dmesg -C")
    out, st = status_of(g, f"insmod taskdtl pid={pid}")
    if "not found" in out:
        raise PartFailed("this tree has no /bin/insmod")
    log = g.run("dmesg")
    status = dict(re.findall(r"^(\w+):\s*(.*?)\s*$",
                             g.run(f"cat /proc/{pid}/status"), re.M))
    stat = g.run(f"cat /proc/{pid}/stat").rsplit(")", 1)[-1].split()
    g.run("rmmod taskdtl")
    lines = {k: re.search(p, log) for k, p in LINES.items()}
    return lines, st, status, stat, log


def bad_pids(sheet, m):
    with m.shell("bad") as g:
        g.run("dmesg -n 1")     # the console quiet: strace's line whole
        for pid, errno, name in (("", "EINVAL", "no pid"),
                                 ("pid=-4", "EINVAL", "pid=-4"),
                                 ("pid=77777", "ESRCH", "pid=77777")):
            g.run("dmesg -C")
            # strace shows the errno itself (insmod's words, kmod's, say
            # "Unknown symbol in module" for ESRCH as for ENOENT).
            out, st = status_of(g, f"strace -e finit_module insmod taskdtl {pid}")
            said = [l for l in g.run("dmesg").splitlines()
                    if "taskdtl" in l and "taints" not in l]
            sheet.check(1, f"{name}: finit_module fails with {errno}, and "
                        "taskdtl says why in dmesg", st != "0" and
                        re.search(rf"finit_module\(.*= -1 {errno}\b", out) and
                        said, f"insmod: {out!r} (status {st})\ndmesg: {said}")
        mods = g.run("cat /proc/modules")
        if "taskdtl" in mods:
            sheet.say("  (a refused taskdtl is still listed: "
                      f"{mods.strip()})")


def user_process(sheet, m):
    with m.shell("process") as g:
        started = labkit.start_threads(g, "runas student threads 3", 3)
        tgid = int(started[0].group(2))
        r, st, status, stat, log = report(g, tgid)
    if st != "0":
        raise PartFailed(f"insmod taskdtl pid={tgid} failed:\n{log[-800:]}")
    task, state, parent = r["task"], r["state"], r["parent"]
    sheet.check(1, "who: the name, pid and tgid", task and
                task.groups() == ("threads", str(tgid), str(tgid)),
                f"taskdtl: {task and task.group(0)}")
    want_state = status.get("State", "")
    sheet.check(1, "its state (as /proc's State:) and its parent (PPid:)",
                state and parent and
                f"{state.group(1)} ({state.group(2)})" == want_state and
                parent.group(2) == status.get("PPid"),
                f"taskdtl: {state and state.group(0)}, "
                f"{parent and parent.group(0)}\nstatus: State {want_state}, "
                f"PPid {status.get('PPid')}")
    sheet.check(1, "its threads (Threads:)", r["threads"] and
                r["threads"].group(1) == status.get("Threads") == "4",
                f"taskdtl: {r['threads'] and r['threads'].group(0)}, "
                f"Threads: {status.get('Threads')}")
    stack, ts = r["stack"], r["task_struct"]
    ok = stack and ts and int(ts.group(1), 16) == int(status.get(
        "TaskStruct", "0"), 16) and int(stack.group(1), 16) == int(
        status.get("KStackBase", "0"), 16) and stack.group(2) == status.get(
        "KStackSize") and 0 < int(stack.group(3)) <= int(
        status.get("KStackUsed", "0"))
    sheet.check(2, "the task_struct and the kernel stack block: base, size, "
                "the most ever used (TaskStruct:, KStackBase:, KStackSize:, "
                "KStackUsed:)", ok,
                f"taskdtl: {ts and ts.group(0)}\n{stack and stack.group(0)}\n"
                f"status: {status.get('TaskStruct')} {status.get('KStackBase')} "
                f"{status.get('KStackSize')} {status.get('KStackUsed')}")
    mm = r["mm"]
    sheet.check(1, "its mm and the user stack's start (stat's startstack)",
                mm and mm.group(2) and len(stat) > 25 and
                int(mm.group(2), 16) == int(stat[25]),
                f"taskdtl: {mm and mm.group(0)}\nstartstack: "
                f"{stat[25] if len(stat) > 25 else stat}")
    ids = r["ids"]
    uid, gid = status.get("Uid", "").split(), status.get("Gid", "").split()
    sheet.check(1, "its credentials (Uid:, Gid:)", ids and uid and gid and
                list(ids.groups()) == [uid[0], uid[1], gid[0], gid[1]] and
                uid[0] != "0", f"taskdtl: {ids and ids.group(0)}\n"
                f"Uid: {uid} Gid: {gid}")


def thread_and_kthread(sheet, m):
    with m.shell("kthread") as g:
        started = labkit.start_threads(g, "threads 2", 2)
        tid = [int(s.group(1)) for s in started
               if s.group(1) != s.group(2)][:1]
        r, st, status, _, log = report(g, tid[0] if tid else 0)
        k, kst, kstatus, _, klog = report(g, 2)
    task = r["task"]
    sheet.check(1, "a thread that is not the leader: its own pid, the "
                "process's tgid, and its CPU (Cpu:)", st == "0" and task and
                tid and task.group(2) == str(tid[0]) and
                task.group(3) == status.get("Tgid") != task.group(2) and
                r["cpu"] and r["cpu"].group(1) == status.get("Cpu"),
                f"taskdtl: {task and task.group(0)}, "
                f"{r['cpu'] and r['cpu'].group(0)}\nstatus: Tgid "
                f"{status.get('Tgid')} Cpu {status.get('Cpu')}")
    mm = k["mm"]
    sheet.check(1, "a kernel thread (pid 2): no mm, said so", kst == "0" and
                mm and mm.group(3) == "none" and k["task"] and
                k["task"].group(1) == kstatus.get("Name"),
                klog[-600:])


def grade(kernel, initrd, tree=None, log=None):
    sheet = Sheet(7, "taskdtl", log)
    m = Machine(kernel, initrd, sheet)
    sheet.run_part(3, "a missing, impossible or unused pid is refused",
                   bad_pids, m)
    sheet.run_part(7, "a user process's details", user_process, m)
    sheet.run_part(2, "a thread and a kernel thread", thread_and_kthread, m)
    return sheet.total()


if __name__ == "__main__":
    sys.exit(labkit.main(grade))
