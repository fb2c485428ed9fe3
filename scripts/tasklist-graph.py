#!/usr/bin/env python3
"""Draw Taskbase's task list as a Graphviz graph: the circular, doubly
linked list of processes (task_struct.tasks, from init_task round to
init_task), each process's ring of threads (task_struct.thread_group) and
the parent links.

Three ways to get the task list of a running system:

  From gdb (the real pointers, walked in guest memory):
      (gdb) source scripts/tasklist-graph.py
      (gdb) tb-tasklist-dot tasks.dot

  From a Taskbase booted for the purpose (QEMU, over the serial console):
      scripts/tasklist-graph.py --boot [BUILD] [--run 'threads 3 &'] -o tasks.dot

  From text captured earlier (a file, or - for standard input):
      scripts/tasklist-graph.py saved.txt -o tasks.dot
    where the text is gdb's tb-ps output, the Ctrl-P (sysrq t) task dump,
    `ps -eLo pid,lwp,ppid,stat,comm`, or /proc/<pid>/task/<tid>/status
    files one after the other (cat takes several).

--png FILE (or a FILE.png output name) renders the graph with Graphviz's
`dot` (Debian: apt-get install graphviz) when it is installed; the .dot
file is written either way. Only --boot needs QEMU; BUILD defaults to
$TASKBASE_BUILD or build/.

In text captures the list order is the order the tasks are printed in:
tb-ps and the Ctrl-P dump walk the list itself; ps and /proc go by pid,
which is the same order unless pids wrapped.
"""

import sys

# gdb's `source` runs a Python file in gdb's own __main__ namespace, where
# scripts/gdb/taskbase.py's helpers live too: remember what was there, so
# that the names below can be taken back out (see the end of the file).
_GDB_MAIN = dict(globals()) if hasattr(sys.modules.get("gdb"), "Command") \
    else None

import argparse  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class Task:
    """One thread: what the graph needs to know about it."""

    def __init__(self, pid, tgid, ppid, comm, state="", addr=None,
                 kthread=None):
        self.pid, self.tgid, self.ppid = int(pid), int(tgid), int(ppid)
        self.comm = comm.strip("[]")
        self.state, self.addr = state, addr
        self.kthread = comm.startswith("[") if kthread is None else kthread

    def node(self):
        return f"t{self.pid}"


# -- reading a task list from text ------------------------------------------------

TB_PS = re.compile(r"^0x([0-9a-f]{16})\s+(\d+)\s+(\d+)\s+(\d+)\s+"
                   r"([RSDTtXZI])\s+\d+\*?\s+(\S+)\s*$", re.M)
SYSRQ = re.compile(r"task:(\S+)\s+state:(\S) stack:\d+\s+pid:(\d+)\s+"
                   r"tgid:(\d+)\s+ppid:(\d+)\s+flags:0x([0-9a-f]+)")
PS_LO = re.compile(r"^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\S+)\s+(\S.*?)\s*$", re.M)
PF_KTHREAD = 0x00200000


def from_tb_ps(text):
    return [Task(pid, tgid, ppid, name, state, int(addr, 16))
            for addr, pid, tgid, ppid, state, name in TB_PS.findall(text)]


def from_sysrq(text):
    return [Task(pid, tgid, ppid, comm, state,
                 kthread=bool(int(flags, 16) & PF_KTHREAD))
            for comm, state, pid, tgid, ppid, flags in SYSRQ.findall(text)]


def from_proc_status(text):
    """Blocks of Name:/State:/Tgid:/Pid:/PPid: (and Taskbase's TaskStruct:,
    Kthread:) lines, one per thread."""
    tasks = []
    for block in re.split(r"(?m)^(?=Name:)", text):
        f = dict(re.findall(r"(?m)^(\w+):\s*(.*?)\s*$", block))
        if not {"Name", "Pid", "Tgid", "PPid"} <= f.keys():
            continue
        addr = int(f["TaskStruct"], 16) if "TaskStruct" in f else None
        kthread = f.get("Kthread") == "1" if "Kthread" in f else \
            f.get("UStack") == "-"
        tasks.append(Task(f["Pid"], f["Tgid"], f["PPid"], f["Name"],
                          f.get("State", "")[:1], addr, kthread))
    return tasks


def from_ps(text):
    """`ps -eLo pid,lwp,ppid,stat,comm` (or -eLo pid,tid,...)."""
    if not re.search(r"^\s*PID\s+(LWP|TID|SPID)\s+PPID\s+STAT", text, re.M):
        return []
    return [Task(lwp, pid, ppid, comm, stat[:1])
            for pid, lwp, ppid, stat, comm in PS_LO.findall(text)]


def parse(text):
    """The tasks in text, in whichever format it is; idle tasks included
    when the format has them."""
    for reader in (from_tb_ps, from_sysrq, from_proc_status, from_ps):
        tasks = reader(text)
        if tasks:
            return dedupe(tasks)
    raise SystemExit("tasklist-graph: no task list found in the input (tb-ps, "
                     "Ctrl-P dump, ps -eLo pid,lwp,ppid,stat,comm, or "
                     "/proc/<pid>/status text)")


def dedupe(tasks):
    seen, out = set(), []
    for t in tasks:
        if t.pid == 0 or t.pid not in seen:
            seen.add(t.pid)
            out.append(t)
    return out


# -- the graph ------------------------------------------------------------------

def processes(tasks):
    """[(leader, [threads...])] in list order, idle tasks (pid 0) left out."""
    order, groups = [], {}
    for t in tasks:
        if t.pid == 0:
            continue
        if t.tgid not in groups:
            groups[t.tgid] = []
            order.append(t.tgid)
        groups[t.tgid].append(t)
    out = []
    for tgid in order:
        threads = groups[tgid]
        leader = next((t for t in threads if t.pid == tgid), threads[0])
        out.append((leader, [leader] + [t for t in threads if t is not leader]))
    return out


def label(t):
    kind = "kernel thread" if t.kthread else f"tgid {t.tgid}"
    lines = [("[%s]" if t.kthread else "%s") % t.comm,
             f"pid {t.pid}, {kind}" + (f", {t.state}" if t.state else "")]
    if t.addr:
        lines.append(f"{t.addr:#x}")
    return "\\n".join(lines)


def to_dot(tasks, title="Taskbase task list"):
    """The dot text, and a one-line summary of the tasks ring."""
    procs = processes(tasks)
    idle = [t for t in tasks if t.pid == 0]
    out = ["digraph tasklist {",
           f'  label="{title}: tasks (bold, both ways) from init_task round '
           'to init_task; thread_group rings (dashed); parent (dotted)";',
           '  labelloc=t; fontname="Helvetica"; rankdir=LR;',
           '  node [shape=box, style="rounded,filled", fillcolor=white, '
           'fontname="Helvetica", fontsize=10];',
           '  edge [fontname="Helvetica", fontsize=9];',
           '  init_task [label="init_task\\nswapper/0, pid 0\\n(CPU 0 idle '
           'task: the list head)", fillcolor=lightgray];']
    for t in idle[1:]:
        out.append(f'  idle_{t.comm.replace("/", "_")} [label="{label(t)}\\n'
                   'idle: not on the list", fillcolor=gray90, style="rounded,'
                   'filled,dashed"];')
    for leader, threads in procs:
        out.append(f"  subgraph cluster_{leader.tgid} {{")
        out.append(f'    label="process {leader.tgid} ({leader.comm}): '
                   f'{len(threads)} thread{"s" if len(threads) > 1 else ""}";'
                   ' style=dashed; color=gray50;')
        for t in threads:
            fill = "lightyellow" if t.kthread else "lightblue"
            out.append(f'    {t.node()} [label="{label(t)}", fillcolor={fill}];')
        if len(threads) > 1:
            ring = threads + [threads[0]]
            for a, b in zip(ring, ring[1:]):
                out.append(f'    {a.node()} -> {b.node()} [style=dashed, '
                           'dir=both, color=gray40, label="thread_group"];')
        out.append("  }")
    ring = ["init_task"] + [leader.node() for leader, _ in procs] + ["init_task"]
    for a, b in zip(ring, ring[1:]):
        out.append(f'  {a} -> {b} [penwidth=2, dir=both, label="tasks"];')
    pids = {t.pid for t in tasks}
    for leader, _ in procs:
        if leader.ppid in pids and leader.ppid != 0:
            out.append(f'  {leader.node()} -> t{leader.ppid} [style=dotted, '
                       'constraint=false, color=darkgreen, label="parent"];')
    out.append("}")
    summary = ("the tasks list: init_task -> " +
               "".join(f"{leader.pid} -> " for leader, _ in procs) +
               "init_task")
    nthreads = sum(len(th) for _, th in procs)
    return "\n".join(out) + "\n", (f"{len(procs)} processes, {nthreads} "
                                   f"threads; {summary}")


def write_outputs(dot_text, summary, out, png):
    """Write the .dot file (and the PNG when asked and dot exists)."""
    if out.endswith(".png") and not png:
        out, png = out[:-4] + ".dot", out
    with open(out, "w", encoding="utf-8") as f:
        f.write(dot_text)
    print(f"wrote {out}: {summary}")
    if png:
        if not shutil.which("dot"):
            print("tasklist-graph: Graphviz's dot is not installed (Debian: "
                  f"apt-get install graphviz); {png} not drawn", file=sys.stderr)
            return
        subprocess.run(["dot", "-Tpng", "-o", png, out], check=True)
        print(f"wrote {png}")


# -- a Taskbase booted for the purpose -------------------------------------------

def boot_capture(build, commands, smp=2, timeout=60):
    """Boot build's kernel, run commands at the shell, press Ctrl-P and
    return the dump (the kernel's own walk of the list)."""
    sys.path.insert(0, os.path.join(REPO, "scripts"))
    from qemu import PROMPT, Guest
    kernel = os.path.join(build, "kernel.elf")
    initrd = os.path.join(build, "initramfs.cpio")
    with Guest(kernel=kernel, initrd=initrd, smp=smp, timeout=timeout) as g:
        g.expect(PROMPT)
        for cmd in commands:
            g.send(cmd + "\n")
            time.sleep(1.0)         # background jobs get going
        g.run("echo tasklist-graph")
        start = len(g.output)
        g.send("\x10")
        g.expect(r"Ctrl-P: task dump requested")
        last = -1
        for _ in range(50):
            time.sleep(0.3)
            if len(g.output) == last and "task:swapper/" in g.output[start:]:
                break
            last = len(g.output)
        return g.output[start:]


# -- inside gdb: walk the real list ------------------------------------------------

def gdb_tasks():
    """Every task, walking init_task.tasks and each thread_group in guest
    memory; checks that each ring is circular and doubly linked."""
    import gdb
    task_t = gdb.lookup_type("struct task_struct")
    ptr_t = task_t.pointer()

    def off(field):
        return int(gdb.parse_and_eval(
            f"(unsigned long)&((struct task_struct *)0)->{field}"))

    tasks_off, group_off = off("tasks"), off("thread_group")

    def entry(node, offset):
        return gdb.Value(int(node) - offset).cast(ptr_t)

    def ring(head_task, field, offset, limit=100000):
        members, node = [], head_task[field]["next"]
        start = head_task[field].address
        while int(node) != int(start):
            if int(node["prev"]["next"]) != int(node):
                raise gdb.GdbError(f"{field} list: next->prev is broken at "
                                   f"{int(node):#x}")
            members.append(entry(node, offset))
            node = node["next"]
            if len(members) > limit:
                raise gdb.GdbError(f"{field} list: no way back to the head")
        return members

    def task(p, idle=False):
        parent = p["real_parent"]
        return Task(int(p["pid"]), int(p["tgid"]),
                    int(parent["tgid"]) if int(parent) else 0,
                    p["comm"].string(), "", int(p.address or p),
                    kthread=not int(p["mm"]))

    init = gdb.parse_and_eval("init_thread_union.task")   # init_task
    out = [task(init.address.dereference())]
    for leader in ring(init, "tasks", tasks_off):
        out.append(task(leader))
        out += [task(t) for t in ring(leader.dereference(), "thread_group",
                                      group_off)]
    return out


def register_gdb_command():
    import gdb

    class TbTasklistDot(gdb.Command):
        """Write the task list as a Graphviz graph (real list pointers).

Usage: tb-tasklist-dot [FILE.dot|FILE.png]   (default tasks.dot)"""

        def __init__(self):
            super().__init__("tb-tasklist-dot", gdb.COMMAND_DATA)

        def invoke(self, arg, from_tty):
            out = (gdb.string_to_argv(arg) or ["tasks.dot"])[0]
            text, summary = to_dot(gdb_tasks(), "Taskbase task list (gdb)")
            write_outputs(text, summary + " (doubly linked: checked)", out,
                          None)

    TbTasklistDot()


# -- command line -----------------------------------------------------------------

def main(argv=None):
    p = argparse.ArgumentParser(
        description="Draw Taskbase's task list with Graphviz.",
        epilog="Inside gdb: source this file, then tb-tasklist-dot FILE.")
    p.add_argument("input", nargs="?",
                   help="captured text (tb-ps, Ctrl-P dump, ps -eLo "
                   "pid,lwp,ppid,stat,comm, /proc status); - for stdin")
    p.add_argument("--boot", nargs="?", const="", metavar="BUILD",
                   help="boot BUILD's kernel in QEMU and read its task list")
    p.add_argument("--run", action="append", default=[], metavar="CMD",
                   help="with --boot: shell command(s) to run first")
    p.add_argument("--smp", type=int, default=2)
    p.add_argument("-o", "--output", default="tasks.dot")
    p.add_argument("--png", help="also render the graph to this PNG (dot)")
    args = p.parse_args(argv)
    if args.boot is not None:
        build = args.boot or os.environ.get("TASKBASE_BUILD") or \
            os.path.join(REPO, "build")
        text = boot_capture(build, args.run, args.smp)
    elif args.input:
        with (sys.stdin if args.input == "-" else
              open(args.input, encoding="utf-8", errors="replace")) as f:
            text = f.read()
    else:
        p.error("give an input file, - (stdin) or --boot")
    dot_text, summary = to_dot(parse(text))
    write_outputs(dot_text, summary, args.output, args.png)
    return 0


def load_into_gdb(path, saved):
    """Sourced by gdb: load this file again as a module of its own, register
    its command from there, and put gdb's __main__ back as it was."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("tasklist_graph", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["tasklist_graph"] = module
    spec.loader.exec_module(module)
    module.register_gdb_command()
    main_ns = sys.modules["__main__"].__dict__
    for name in list(main_ns):
        if name not in saved:
            del main_ns[name]
    main_ns.update(saved)


if _GDB_MAIN is not None and __name__ == "__main__":
    load_into_gdb(os.path.abspath(__file__), _GDB_MAIN)
elif __name__ == "__main__":
    sys.exit(main())
