"""Tasks as the course notes describe them, checked over the serial
console: the demos (current_affairs, thrd_showall), Ctrl-P from the serial
interrupt, and the scheduler's STACK_END_MAGIC check."""
import re
import time

from tb import EXIT_PANIC, PROMPT, both_stack_sizes

ADDR = r"0x(ffff[0-9a-f]{12})"


@both_stack_sizes
def test_demo_current_affairs_process_context(ctx):
    with ctx.guest(append="demo") as g:
        g.expect(r"current_affairs: in process context \(in_task\(\)=1 "
                 r"in_interrupt\(\)=0 in_hardirq\(\)=0")
        g.expect(r"PID\s+:\s+1\b")
        g.expect(r"TGID\s+:\s+1\b")
        g.expect(r"name\s+: \[init\]")
        cur = g.expect(r"current\s+: " + ADDR).group(1)
        pcpu = g.expect(r"per-CPU\s+: " + ADDR + r" \(this_cpu_read\(current_task\): agrees\)").group(1)
        start = g.expect(r"stack start : " + ADDR).group(1)
        assert cur == pcpu == start
        base = int(cur, 16)
        assert base % (ctx.tp * 4096) == 0, "task_struct not THREAD_SIZE-aligned"
        m = g.expect(r"running on  : the task's kernel stack \[0x([0-9a-f]+)-0x([0-9a-f]+)\]")
        lo, hi = int(m.group(1), 16), int(m.group(2), 16)
        assert lo == base and hi - lo + 1 == ctx.tp * 4096


@both_stack_sizes
def test_demo_thrd_showall(ctx):
    with ctx.guest(append="demo") as g:
        g.expect(r"    TGID     PID         current           stack-start"
                 r"         Thread Name     MT\? # thrds")
        m = g.expect(r"thrd_showall: total # of threads on the system: (\d+)")
        table = g.output[:m.start()]
        rows = re.findall(r"^\[[ \d.]+\]\s+(\d+)\s+(\d+)\s+0x([0-9a-f]{16})\s+"
                          r"0x([0-9a-f]{16})\s+(\[\s*\S+\]|\S+)", table, re.M)
        rows = [(t, p, c, s, re.sub(r"^\[\s+", "[", n)) for t, p, c, s, n in rows]
        # The book's module: the idle task first, counted in the total;
        # the kernel threads' names as [%16s].
        assert len(rows) == int(m.group(1)) >= 4
        assert rows[0][1] == "0" and rows[0][4] == "[swapper/0]", rows[0]
        assert re.search(r"^\[[ \d.]+\]\s+1\s+1\s+.* \[ {12}init\]$", table,
                         re.M), "kernel threads' names are [%16s]"
        names = {int(pid): name for _, pid, _, _, name in rows}
        assert names[1] == "[init]" and names[2] == "[kthreadd]"
        assert any(n.startswith("[kworker/") for n in names.values())
        for tgid, pid, cur, stack, name in rows:
            assert cur == stack, "task_struct must sit at the stack base"
            assert tgid == pid    # kernel threads: one thread per process
            assert name.startswith("[")   # mm == NULL: shown in brackets


def test_ctrl_p_reports_interrupt_context(ctx):
    with ctx.guest(append="") as g:
        g.expect(PROMPT, timeout=30)     # the shell is up: boot is done
        time.sleep(1)                    # and its terminal work (ash's)
        g.send("\x10")
        g.expect(r"Ctrl-P: task dump requested from the console")
        g.expect(r"current_affairs: in hardirq context \(in_task\(\)=0 "
                 r"in_interrupt\(\)=1 in_hardirq\(\)=1")
        g.expect(r"current is the task this interrupt interrupted")
        g.expect(r"per-CPU\s+: " + ADDR + r" \(this_cpu_read\(current_task\): agrees\)")
        m = g.expect(r"running on  : CPU(\d+)'s IRQ stack \[0x([0-9a-f]+)-0x([0-9a-f]+)\]")
        cpu, lo = m.group(1), int(m.group(2), 16)
        # hardirq 1; the softirq and preempt fields are whatever the
        # interrupted code held (seen: preempt 1, the idle task inside
        # spin_unlock_irqrestore; softirq 1, a timer's softirq running)
        g.expect(r"preempt_count: 0x0001[0-9a-f]{4} \(nmi 0, hardirq 1, "
                 r"softirq [01], preempt \d+\)")
        show = g.expect(r"sysrq: Show State")
        g.expect(r"task:swapper/0 ")        # the idle tasks come last
        dump = g.output[show.end():g.output.rindex("task:swapper/0 ")]
        blocks = {b.split()[0]: b for b in dump.split("task:")[1:]}
        # Every task with its state and a trace through the scheduler; the
        # one the Ctrl-P interrupted (the shell, if it was still on its way
        # to sleep) has the trace of its interrupted registers instead.
        for name in ("init", "sh", "kthreadd", "kworker/0"):
            b = blocks.get(name, "")
            # The interrupted one may still be running (R) on its way to
            # sleep; every other task sleeps.
            states = "RSDI" if "(interrupted here" in b else "SDI"
            assert re.match(rf"{re.escape(name)}\s+state:[{states}] ", b), dump
            assert "Call Trace:" in b, b
            if "(interrupted here" in b:
                assert re.search(r"\w+\+0x[0-9a-f]+/0x", b), b
            else:
                assert "__schedule+0x" in b, b
        # The boot log announced that same IRQ stack for that CPU.
        assert re.search(rf"CPU{cpu}: IRQ stack {lo:016x}-", g.output)


@both_stack_sizes
def test_stack_end_magic_corruption_panics(ctx):
    with ctx.guest(append="ktest=stack_end_magic_detected") as g:
        g.expect(r"Kernel panic - not syncing: corrupted stack end detected "
                 r"inside scheduler \(task ktest-smash, pid \d+")
        assert g.wait_exit(timeout=10) == EXIT_PANIC
