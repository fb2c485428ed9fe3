"""gdb helpers for Taskbase, modelled on Linux's scripts/gdb (lx-ps, ...).

Load them with `source scripts/gdb/taskbase.py` (build/gdbinit does it).
Every command only reads guest memory and registers, except
`tb-kstack --gdb`, which borrows the selected CPU's registers for a moment
and puts them back.

    tb-ps                  every task: address, PID, TGID, state, CPU, name
    tb-threads PID         the threads of one process
    tb-kstack PID          kernel backtrace of a task (sleeping or running)
    tb-stack-layout PID    picture of a task's kernel stack block
    tb-dmesg [-l]          the printk ring buffer
    tb-cpus                per-CPU data: current, IRQ stack, preempt_count
    tb-lsmod [-s]          loaded modules (and where their sections are)
    tb-symbols [DIR...]    load module symbols now and at every insmod
    tb-help                this list
    $tb_current(cpu=0)     percpu_area[cpu].current_task (struct task_struct *)
    $tb_task(pid)          the task with that PID (struct task_struct *)
    $tb_cpu()              the CPU the selected gdb thread is

QEMU shows each CPU as a gdb thread ("info threads", "thread N").
Kernel structures are read through the debug info of kernel.elf, so these
helpers follow the C sources when fields move.
"""

import os
import re
import struct

import gdb

U64_MASK = (1 << 64) - 1
MAX_TASKS = 100000         # a walk longer than this means a broken list
LOG_LEVEL_PREFIX = re.compile(r"^<[0-7]>", re.M)

# Task states and flags: kernel/task.h (Linux's values).
TASK_INTERRUPTIBLE = 0x0001
TASK_UNINTERRUPTIBLE = 0x0002
TASK_STOPPED = 0x0004
TASK_TRACED = 0x0008
EXIT_DEAD = 0x0010
EXIT_ZOMBIE = 0x0020
TASK_DEAD = 0x0080
TASK_IDLE = 0x0402         # TASK_UNINTERRUPTIBLE | TASK_NOLOAD
STACK_END_MAGIC = 0x57AC6E9D
LOCAL_TIMER_VECTOR = 0xEC  # arch/x86_64/include/asm/irq.h

# preempt_count layout: kernel/preempt.h (Linux's).
PREEMPT_FIELDS = (("nmi", 20, 0xf), ("hardirq", 16, 0xf),
                  ("softirq", 8, 0xff), ("preempt", 0, 0xff))


# -- reading guest memory and types --------------------------------------

def u64(value):
    """A gdb.Value (pointer or integer) as an unsigned 64-bit Python int."""
    return int(value) & U64_MASK


def read_u64(addr):
    """The 8-byte word at guest address addr."""
    data = gdb.selected_inferior().read_memory(addr, 8)
    return struct.unpack("<Q", bytes(data))[0]


def read_words(addr, size):
    """size bytes at addr, as a list of 8-byte words."""
    data = bytes(gdb.selected_inferior().read_memory(addr, size))
    return list(struct.unpack(f"<{size // 8}Q", data))


def task_ptr_type():
    """The gdb type struct task_struct *."""
    return gdb.lookup_type("struct task_struct").pointer()


def sizeof(c_type):
    """sizeof() of a C type, asked from the kernel's debug info."""
    return int(gdb.parse_and_eval(f"sizeof({c_type})"))


def thread_size():
    """THREAD_SIZE of this build: one kernel stack block."""
    return sizeof("union thread_union")


def offset_of(type_name, field):
    """Byte offset of field in the struct type_name (offsetof())."""
    for f in gdb.lookup_type(type_name).fields():
        if f.name == field:
            return f.bitpos // 8
    raise gdb.GdbError(f"{type_name} has no field {field}")


def container_of(addr, type_name, field):
    """The struct type_name * whose member field sits at address addr."""
    base = addr - offset_of(type_name, field)
    return gdb.Value(base).cast(gdb.lookup_type(type_name).pointer())


def list_for_each(head_addr, type_name, field):
    """Each struct that a circular list_head at head_addr links through field.

    The head itself is not visited (as Linux's list_for_each_entry).
    """
    node = read_u64(head_addr)          # head->next
    for _ in range(MAX_TASKS):
        if node == head_addr:
            return
        if node == 0:
            raise gdb.GdbError(f"NULL in the list at {head_addr:#x}")
        yield container_of(node, type_name, field)
        node = read_u64(node)           # node->next
    raise gdb.GdbError(f"list at {head_addr:#x} does not close: corrupt?")


def global_value(name):
    """A kernel global (or file-static) variable, or None if gdb lacks it."""
    try:
        return gdb.parse_and_eval(name)
    except gdb.error:
        return None


# -- modules --------------------------------------------------------------

MODULE_STATES = {0: "Live", 1: "Loading", 2: "Unloading", 3: "Unformed"}


def loaded_modules():
    """Each struct module on the loader's list (kernel/module/main.c)."""
    head = global_value("modules")
    if head is None:
        raise gdb.GdbError("no 'modules' list: a kernel without the loader?")
    return list_for_each(u64(head.address), "struct module", "list")


def module_priv(mod):
    """The loader's struct mod_priv of a module (kernel/module/internal.h)."""
    return mod["loader"].cast(gdb.lookup_type("struct mod_priv").pointer())


def module_sections(mod):
    """(name, address) of every placed section of a module, .text first."""
    priv = module_priv(mod)
    secs = [(priv["sections"][i]["name"].string(),
             u64(priv["sections"][i]["addr"]))
            for i in range(int(priv["nsections"]))]
    return sorted(secs, key=lambda s: s[0] != ".text")


def find_module_file(name, dirs):
    """NAME.ko in one of dirs (searched below them too, but not in another
    kernel's build directory such as build/tp2, whose modules are built
    for the other stack size), or None."""
    want = name + ".ko"
    for d in dirs:
        if os.path.isfile(os.path.join(d, want)):
            return os.path.join(d, want)
    for d in dirs:
        for root, subdirs, files in os.walk(d):
            subdirs[:] = [s for s in subdirs if not s.startswith(".") and
                          not os.path.isfile(os.path.join(root, s, "kernel.elf"))]
            if want in files:
                return os.path.join(root, want)
    return None


# -- tasks ----------------------------------------------------------------

def init_task():
    """CPU 0's idle task, pid 0, the head of the task list."""
    return gdb.parse_and_eval("&init_thread_union.task")


def idle_tasks():
    """Each CPU's idle task (swapper/N); only init_task if gdb cannot see
    idle_tasks[] in kernel/sched/core.c."""
    table = global_value("idle_tasks")
    if table is None:
        return [init_task()]
    low, high = table.type.range()
    return [table[i] for i in range(low, high + 1) if u64(table[i])]


def processes():
    """Every thread-group leader on the task list (init_task excluded)."""
    head = u64(init_task()["tasks"].address)
    return list_for_each(head, "struct task_struct", "tasks")


def threads_of(task):
    """Every thread in task's thread group, task first."""
    yield task
    head = u64(task["thread_group"].address)
    yield from list_for_each(head, "struct task_struct", "thread_group")


def all_tasks():
    """Each CPU's idle task, then every thread of every process."""
    yield from idle_tasks()
    for leader in processes():
        yield from threads_of(leader)


def find_task(pid):
    """The task with this pid (0: init_task), or raise gdb.GdbError."""
    for task in all_tasks():
        if int(task["pid"]) == pid:
            return task
    raise gdb.GdbError(f"no task with pid {pid}")


def task_from_arg(arg):
    """The task named by a command's PID argument."""
    argv = gdb.string_to_argv(arg)
    if len(argv) != 1:
        raise gdb.GdbError("expected one PID, e.g. tb-kstack 1")
    return find_task(int(gdb.parse_and_eval(argv[0])))


def state_char(task):
    """The one-letter state, as task_state_char() in kernel/task.c."""
    state = int(task["__state"])
    exit_state = int(task["exit_state"])
    if exit_state == EXIT_ZOMBIE:
        return "Z"
    if exit_state == EXIT_DEAD or state == TASK_DEAD:
        return "X"
    if state & TASK_IDLE == TASK_IDLE:
        return "I"
    for bit, letter in ((TASK_UNINTERRUPTIBLE, "D"), (TASK_INTERRUPTIBLE, "S"),
                        (TASK_STOPPED, "T"), (TASK_TRACED, "t")):
        if state & bit:
            return letter
    return "R"


def task_name(task):
    """comm, in brackets for a kernel thread (mm == NULL), as ps does."""
    comm = task["comm"].string()
    return f"[{comm}]" if u64(task["mm"]) == 0 else comm


def running_cpu(task):
    """The CPU whose current task this is, or None for a task not running."""
    for cpu in range(nr_cpus()):
        if u64(percpu(cpu)["current_task"]) == u64(task):
            return cpu
    return None


def is_running(task):
    """True when task is on a CPU right now (that CPU's current task)."""
    return running_cpu(task) is not None


def print_task_header():
    """The column titles of tb-ps and tb-threads."""
    print(f"{'TASK':<18} {'PID':>6} {'TGID':>6} {'PPID':>6} ST CPU  COMM")


def print_task_row(task):
    """One line of tb-ps; '*' after the CPU marks a task running now."""
    parent = task["real_parent"]
    ppid = int(parent["tgid"]) if u64(parent) else 0
    mark = "*" if is_running(task) else " "
    print(f"{u64(task):#018x} {int(task['pid']):>6} {int(task['tgid']):>6} "
          f"{ppid:>6} {state_char(task)}  {int(task['cpu']):>3}{mark} "
          f"{task_name(task)}")


# -- CPUs -----------------------------------------------------------------

def percpu(cpu):
    """percpu_area[cpu] (struct percpu)."""
    return gdb.parse_and_eval("percpu_area")[cpu]


def nr_cpus():
    """NR_CPUS: the length of percpu_area[]."""
    low, high = gdb.parse_and_eval("percpu_area").type.range()
    return high - low + 1


def cpu_in_use(cpu):
    """True for an online CPU, and for CPU 0 once it has a current task
    (it runs before anything marks it online)."""
    area = percpu(cpu)
    return int(area["online"]) != 0 or (cpu == 0 and u64(area["current_task"]))


def read_register(name):
    """A register of the selected gdb thread (CPU), unsigned."""
    return u64(gdb.selected_frame().read_register(name))


class OnThread:
    """with OnThread(thread): ... runs the block with that gdb thread (CPU)
    selected, then selects the thread and frame the user had again."""

    def __init__(self, thread):
        self.thread = thread

    def __enter__(self):
        self.saved_thread = gdb.selected_thread()
        self.saved_frame = gdb.selected_frame()
        self.thread.switch()

    def __exit__(self, *exc):
        self.saved_thread.switch()
        if self.saved_frame.is_valid():
            self.saved_frame.select()
        return False


def thread_gs_bases(thread):
    """The GS base values of a gdb thread: the kernel's is in gs_base, or in
    k_gs_base while the CPU runs user code (swapgs swaps them)."""
    bases = []
    with OnThread(thread):
        for name in ("gs_base", "k_gs_base"):
            try:
                bases.append(read_register(name))
            except (gdb.error, ValueError):
                pass
    return bases


def gdb_thread_for_cpu(cpu):
    """The gdb thread (QEMU vCPU) that is kernel CPU cpu, or None.

    A CPU's GS base points at its percpu_area entry; before it is set up,
    fall back to QEMU's name for the vCPU, "CPU#n".
    """
    threads = gdb.selected_inferior().threads()
    want = u64(percpu(cpu).address)
    for thread in threads:
        if want in thread_gs_bases(thread):
            return thread
    for thread in threads:
        if re.search(rf"\bCPU#{cpu}\b", thread.details or ""):
            return thread
    return None


def selected_cpu():
    """The kernel CPU number of the selected gdb thread."""
    thread = gdb.selected_thread()
    for cpu in range(nr_cpus()):
        if gdb_thread_for_cpu(cpu) == thread:
            return cpu
    raise gdb.GdbError("cannot tell which CPU the selected thread is")


def live_rsp(cpu):
    """rsp of CPU cpu right now, read from its gdb thread (None if unknown)."""
    thread = gdb_thread_for_cpu(cpu)
    if thread is None:
        return None
    with OnThread(thread):
        return read_register("rsp")


def decode_preempt_count(count):
    """'nmi 0, hardirq 1, softirq 0, preempt 0' for a preempt_count."""
    parts = [f"{name} {(count >> shift) & mask}"
             for name, shift, mask in PREEMPT_FIELDS]
    return ", ".join(parts)


# -- symbols and backtraces -----------------------------------------------

def function_blocks(pc):
    """The gdb.Blocks of functions around pc, innermost (inlined) first."""
    blocks = []
    block = gdb.block_for_pc(pc)
    while block is not None and not (block.is_static or block.is_global):
        if block.function is not None:
            blocks.append(block)
        block = block.superblock
    return blocks


def symbolize(pc, is_return_address=True):
    """'func+0xoff/0xsize file:line' for a code address.

    For a return address the line is the call's (pc - 1), as gdb's bt
    shows it; functions the compiler inlined are named after [inlined].
    """
    where = pc - 1 if is_return_address and not starts_function(pc) else pc
    blocks = function_blocks(where)
    if blocks:
        outer = blocks[-1]
        text = (f"{outer.function.name}+{pc - outer.start:#x}/"
                f"{outer.end - outer.start:#x}")
        inlined = [b.function.name for b in blocks[:-1]]
        if inlined:
            text += " [inlined: " + " <- ".join(inlined) + "]"
    else:
        text = minimal_symbol(pc)
    sal = gdb.find_pc_line(where)
    if sal.symtab is not None:
        text += f"  {sal.symtab.filename}:{sal.line}"
    return text


def starts_function(pc):
    """True when pc is a function's first instruction: then it is where a
    new task starts (ret_from_fork), not a return address after a call."""
    blocks = function_blocks(pc)
    return bool(blocks) and blocks[-1].start == pc


def minimal_symbol(pc):
    """'func+0xoff' from the ELF symbol table (assembly has no blocks)."""
    info = gdb.execute(f"info symbol {pc:#x}", to_string=True)
    m = re.match(r"(\S+)(?: \+ (\d+))? in section", info)
    if not m:
        return "?"
    return f"{m.group(1)}+{int(m.group(2) or 0):#x}"


def saved_frame(task):
    """The struct inactive_task_frame __switch_to_asm left at thread.sp."""
    frame_type = gdb.lookup_type("struct inactive_task_frame").pointer()
    return gdb.Value(u64(task["thread"]["sp"])).cast(frame_type).dereference()


def saved_return_addresses(task):
    """The return addresses on a switched-out task's stack, innermost first.

    The first is where __switch_to_asm returns to (in __schedule); then
    the rbp chain: [rbp] is the caller's rbp, [rbp + 8] its return address.
    """
    base, top = u64(task["stack"]), u64(task["stack"]) + thread_size()
    frame = saved_frame(task)
    addresses = [u64(frame["ret_addr"])]
    rbp = u64(frame["rbp"])
    while base <= rbp < top - 16 and rbp % 8 == 0:
        ret = read_u64(rbp + 8)
        if ret == 0:
            break
        addresses.append(ret)
        next_rbp = read_u64(rbp)
        if next_rbp <= rbp:             # the chain must go up the stack
            break
        rbp = next_rbp
    return addresses


def print_saved_backtrace(task):
    """tb-kstack for a task that is not running: walk its saved frame."""
    print(f"saved rsp (thread.sp) {u64(task['thread']['sp']):#x}")
    for n, pc in enumerate(saved_return_addresses(task)):
        print(f"#{n:<2} {pc:#018x} {symbolize(pc)}")


def print_live_backtrace(task):
    """tb-kstack for a running task: gdb's own bt on that CPU's thread."""
    cpu = running_cpu(task)
    thread = gdb_thread_for_cpu(cpu)
    if thread is None:
        raise gdb.GdbError(f"no gdb thread found for CPU{cpu}")
    print(f"running on CPU{cpu}: live backtrace of gdb thread {thread.num}")
    with OnThread(thread):
        gdb.execute("bt")


SAVED_REGISTERS = ("r15", "r14", "r13", "r12", "rbx", "rbp")


def gdb_bt_from_saved_context(task):
    """Run gdb's bt as if the selected CPU were inside the sleeping task.

    gdb has no command to unwind from registers kept in memory, so load
    the task's saved registers into the CPU, run bt, and restore every
    register before anything can run. Writing registers only means "the
    CPU's registers" in the innermost frame, hence frame 0 first.
    """
    gdb.newest_frame().select()
    frame = saved_frame(task)
    regs = {name: u64(frame[name]) for name in SAVED_REGISTERS}
    regs["rip"] = u64(frame["ret_addr"])
    regs["rsp"] = u64(task["thread"]["sp"]) + sizeof(
        "struct inactive_task_frame")
    saved = {name: read_register(name) for name in regs}
    try:
        for name, value in regs.items():
            gdb.execute(f"set ${name} = {value:#x}")
        gdb.execute("bt")
    finally:
        for name, value in saved.items():
            gdb.execute(f"set ${name} = {value:#x}")
        gdb.execute("frame 0", to_string=True)


# -- kernel stack layout ----------------------------------------------------

def deepest_used_word(base, end_of_task, size):
    """Address of the lowest non-zero word above STACK_END_MAGIC (stacks
    start zeroed), or None if the stack was never used."""
    words = read_words(base, size)
    first = (end_of_task - base) // 8 + 1
    for i in range(first, len(words)):
        if words[i] != 0:
            return base + 8 * i
    return None


def current_sp(task):
    """(rsp, how it was found) of task: live for a running task, else
    thread.sp. rsp is None when the CPU's register cannot be read."""
    cpu = running_cpu(task)
    if cpu is not None:
        return live_rsp(cpu), f"live rsp of CPU{cpu}"
    return u64(task["thread"]["sp"]), "saved rsp (thread.sp)"


def stack_marks(task, sp, how):
    """The landmarks of task's stack block as (address, label, note), top
    first; sp (how: where it came from) is marked when it lies inside."""
    size = thread_size()
    base = u64(task["stack"])
    top = base + size
    end_of_task = base + sizeof("struct task_struct")
    magic = read_u64(end_of_task)
    state = "intact" if magic == STACK_END_MAGIC else "CORRUPTED"
    magic_mark = (end_of_task, f"| STACK_END_MAGIC {magic:#x}",
                  f"{state} (expected {STACK_END_MAGIC:#x})")
    marks = [(top, "+---", "top of stack (block + THREAD_SIZE)"),
             (top - sizeof("struct pt_regs"), "| struct pt_regs",
              f"{sizeof('struct pt_regs')} bytes: user registers on entry"),
             magic_mark,
             (end_of_task, "+---", "end of task_struct"),
             (base, "| struct task_struct",
              f"{sizeof('struct task_struct')} bytes"),
             (base, "+---", "block base = task_struct = task->stack")]
    if sp is not None and base <= sp < top:
        marks.append((sp, "| <- " + how, f"in use now: {top - sp} bytes"))
    deepest = deepest_used_word(base, end_of_task, size)
    if deepest is not None:
        marks.append((deepest, "| <- deepest word ever used",
                      f"high-water mark: {top - deepest} bytes (KStackUsed)"))
    # Highest address first; marks at the same address keep their order.
    marks.sort(key=lambda mark: mark[0], reverse=True)
    marks.insert(marks.index(magic_mark),
                 (None, "|   (never used: still zero)", ""))
    return marks


def draw_stack(marks):
    """Print the landmarks as a box, like the picture in kernel/task.h."""
    width = 40
    for addr, label, note in marks:
        where = f"{addr:#018x}" if addr is not None else " " * 18
        if label == "+---":
            box = "+" + "-" * (width - 2) + "+"
        else:
            box = label.ljust(width - 1)[:width - 1] + (
                "|" if label.startswith("|") else " ")
        print(f"  {where}  {box}  {note}".rstrip())


# -- dmesg --------------------------------------------------------------

def log_text():
    """The text the printk ring buffer still holds, oldest first."""
    buf = gdb.parse_and_eval("log_buf")
    size = buf.type.sizeof
    written = int(gdb.parse_and_eval("log_next"))
    data = bytes(gdb.selected_inferior().read_memory(u64(buf.address), size))
    if written <= size:
        text = data[:written]
    else:
        start = written % size
        text = data[start:] + data[:start]
        text = text[text.find(b"\n") + 1:]     # drop the cut first line
    return text.decode("utf-8", errors="replace")


# -- commands ---------------------------------------------------------------

class TbCommand(gdb.Command):
    """Base of the tb-* commands: run() does the work; a memory error
    becomes one clear message instead of a Python traceback."""

    def invoke(self, arg, from_tty):
        try:
            self.run(arg)
        except gdb.MemoryError as e:
            raise gdb.GdbError(f"{e}: the kernel's memory is not readable "
                               "(paging off? try: break start_kernel, "
                               "continue)") from None


class TbPs(TbCommand):
    """List every task: idle tasks, then each process and its threads.

Usage: tb-ps
Columns: task_struct address, PID, TGID, parent's PID, state letter
(R S D T t X Z I), CPU ('*': running on it now), name ([kthread])."""

    def __init__(self):
        super().__init__("tb-ps", gdb.COMMAND_DATA)

    def run(self, arg):
        print_task_header()
        for task in all_tasks():
            print_task_row(task)


class TbThreads(TbCommand):
    """List the threads of the process a PID belongs to.

Usage: tb-threads PID"""

    def __init__(self):
        super().__init__("tb-threads", gdb.COMMAND_DATA)

    def run(self, arg):
        task = task_from_arg(arg)
        leader = task["group_leader"] if u64(task["group_leader"]) else task
        print_task_header()
        for thread in threads_of(leader):
            print_task_row(thread)


NS_KINDS = {0x80: "time", 0x20000: "mnt", 0x2000000: "cgroup",
            0x4000000: "uts", 0x8000000: "ipc", 0x10000000: "user",
            0x20000000: "pid", 0x40000000: "net"}


class TbNs(TbCommand):
    """Show the namespaces a task is in: its nsproxy, as /proc/PID/ns.

Usage: tb-ns PID
Each line: the /proc/PID/ns name, what readlink shows there, and the
namespace's reference count; then the task's pid in each pid namespace
(its struct pid's numbers[]). A NULL nsproxy (kernel threads) means the
initial namespaces, init_nsproxy."""

    def __init__(self):
        super().__init__("tb-ns", gdb.COMMAND_DATA)

    def run(self, arg):
        task = task_from_arg(arg)
        nsp, note = task["nsproxy"], ""
        if not u64(nsp):
            nsp, note = global_value("init_nsproxy").address, " (NULL: init_nsproxy)"
        count = int(nsp["count"]["refs"]["counter"])
        print(f"nsproxy {u64(nsp):#x}{note}, shared by {count}")
        rows = [("uts", nsp["uts_ns"]["ns"]), ("ipc", nsp["ipc_ns"]["ns"])]
        rows += [(name, nsp[field].dereference()) for name, field in (
            ("mnt", "mnt_ns"), ("net", "net_ns"),
            ("time", "time_ns"), ("time_for_children", "time_ns_for_children"),
            ("cgroup", "cgroup_ns"))]
        # The pid namespace is the one the task's struct pid was made in.
        pid = task["thread_pid"]
        level = int(pid["level"])
        rows += [("pid", pid["numbers"][level]["ns"]["ns"]),
                 ("pid_for_children", nsp["pid_ns_for_children"]["ns"]),
                 ("user", global_value("init_user_ns")["ns"])]
        for name, ns in rows:
            kind = NS_KINDS.get(int(ns["type"]), "?")
            print(f"  {name:<18} {kind}:[{int(ns['inum'])}]  "
                  f"count {int(ns['count']['refs']['counter'])}")
        nrs = [str(int(pid["numbers"][i]["nr"])) for i in range(level + 1)]
        print(f"  NSpid (outermost first): {' '.join(nrs)}")


class TbKstack(TbCommand):
    """Kernel backtrace of a task.

Usage: tb-kstack [--gdb] PID
A sleeping task is unwound from the frame __switch_to_asm saved at
thread.sp and the rbp chain above it; a running task gets gdb's live bt
on its CPU's gdb thread. --gdb: show gdb's own bt for a sleeping task by
loading its saved registers into the selected CPU for a moment."""

    def __init__(self):
        super().__init__("tb-kstack", gdb.COMMAND_STACK)

    def run(self, arg):
        use_gdb = "--gdb" in gdb.string_to_argv(arg)
        task = task_from_arg(arg.replace("--gdb", ""))
        print(f"pid {int(task['pid'])} ({task['comm'].string()}) "
              f"state {state_char(task)}, task_struct {u64(task):#x}")
        if is_running(task):
            print_live_backtrace(task)
        elif use_gdb:
            gdb_bt_from_saved_context(task)
        else:
            print_saved_backtrace(task)


class TbStackLayout(TbCommand):
    """Draw a task's kernel stack block, as kernel/task.h does.

Usage: tb-stack-layout PID"""

    def __init__(self):
        super().__init__("tb-stack-layout", gdb.COMMAND_DATA)

    def run(self, arg):
        task = task_from_arg(arg)
        size = thread_size()
        print(f"pid {int(task['pid'])} ({task['comm'].string()}): kernel "
              f"stack block of THREAD_SIZE={size} bytes ({size // 4096} "
              f"pages)")
        sp, how = current_sp(task)
        draw_stack(stack_marks(task, sp, how))
        base = u64(task["stack"])
        if sp is not None and not base <= sp < base + size:
            print(f"  ({how} {sp:#x} is on another stack, e.g. the IRQ "
                  "stack: see tb-cpus)")


class TbDmesg(TbCommand):
    """Print the kernel log ring buffer (log_buf).

Usage: tb-dmesg [-l]
-l keeps each line's "<level>" prefix (0 emerg ... 7 debug)."""

    def __init__(self):
        super().__init__("tb-dmesg", gdb.COMMAND_DATA)

    def run(self, arg):
        text = log_text()
        if "-l" not in gdb.string_to_argv(arg):
            text = LOG_LEVEL_PREFIX.sub("", text)
        gdb.write(text)


class TbCpus(TbCommand):
    """Per-CPU data of every CPU in use (percpu_area[]).

Usage: tb-cpus"""

    def __init__(self):
        super().__init__("tb-cpus", gdb.COMMAND_DATA)

    def run(self, arg):
        shown = 0
        for cpu in range(nr_cpus()):
            if cpu_in_use(cpu):
                print_cpu(cpu)
                shown += 1
        if not shown:
            print("no CPU is set up yet (percpu_area[] is empty)")


def print_cpu(cpu):
    """The tb-cpus block of one CPU."""
    area = percpu(cpu)
    thread = gdb_thread_for_cpu(cpu)
    online = "online" if int(area["online"]) else "not online"
    gdb_thread = f"gdb thread {thread.num}" if thread else "no gdb thread"
    print(f"CPU{cpu}: apic_id {int(area['apic_id'])}, {online}, {gdb_thread}")
    print(f"  current      : {describe_current(cpu)}")
    irq_top = u64(area["hardirq_stack_top"])
    depth = int(area["hardirq_stack_inuse"])
    if irq_top:
        in_use = f"in use, depth {depth}" if depth else "not in use"
        print(f"  IRQ stack    : {irq_top - thread_size():016x}-"
              f"{irq_top - 1:016x} ({in_use})")
    count = int(area["preempt_count"]) & 0xffffffff
    print(f"  preempt_count: {count:#010x} ({decode_preempt_count(count)})")
    print(f"  nr_switches  : {int(area['nr_switches'])}")
    print(f"  timer irqs   : {int(area['irq_count'][LOCAL_TIMER_VECTOR])} "
          f"(vector {LOCAL_TIMER_VECTOR:#x})")


def describe_current(cpu):
    """'pid 1 (init) 0x...' for percpu current_task, with what masking the
    CPU's rsp finds (the kernel's other way to get current)."""
    task = percpu(cpu)["current_task"]
    if not u64(task):
        return "none yet"
    text = f"pid {int(task['pid'])} ({task_name(task)}) {u64(task):#x}"
    rsp = live_rsp(cpu)
    if rsp is None:
        return text
    base = rsp & ~(thread_size() - 1)
    try:
        via_rsp = read_u64(base)        # thread_info.task, first member
    except gdb.MemoryError:
        return text + f"; rsp {rsp:#x} is not on a stack block"
    verdict = "agrees" if via_rsp == u64(task) else f"finds {via_rsp:#x}"
    return text + f"; rsp & ~(THREAD_SIZE-1) {verdict}"


class TbLsmod(TbCommand):
    """List the loaded modules, as /proc/modules: name, size, users, state.

Usage: tb-lsmod [-s]
-s also lists each module's sections and their addresses (what
add-symbol-file needs)."""

    def __init__(self):
        super().__init__("tb-lsmod", gdb.COMMAND_DATA)

    def run(self, arg):
        print(f"{'module':<20} {'address':<18} {'size':>8} {'refs':>4} state")
        for mod in loaded_modules():
            priv = module_priv(mod)
            size = int(priv["core_size"]) + int(priv["init_size"])
            state = MODULE_STATES.get(int(mod["state"]), "?")
            print(f"{mod['name'].string():<20} {u64(priv['core']):#018x} "
                  f"{size:>8} {int(priv['refcnt']):>4} {state}")
            if arg.strip() == "-s":
                for name, addr in module_sections(mod):
                    print(f"    {name:<28} {addr:#018x}")


class ModuleLoadBreakpoint(gdb.Breakpoint):
    """Stops nobody: at do_init_module() it loads the new module's symbols
    (the module's sections are in place, its init has not run)."""

    def __init__(self, loader):
        super().__init__("do_init_module", internal=True)
        self.silent = True
        self.loader = loader

    def stop(self):
        self.loader.load(gdb.parse_and_eval("mod"))
        return False


class TbSymbols(TbCommand):
    """Load the symbols of loaded modules, and of each module insmod loads
from now on (Linux's lx-symbols).

Usage: tb-symbols [DIR...]
Each module's NAME.ko is looked for in DIR... (default: the current
directory and the kernel's build directory, and below them); gdb then
knows its functions and source lines: break in a module before insmod."""

    def __init__(self):
        super().__init__("tb-symbols", gdb.COMMAND_FILES)
        self.dirs = []
        self.loaded = {}
        self.breakpoint = None

    def load(self, mod):
        name = mod["name"].string()
        path = find_module_file(name, self.dirs)
        if path is None:
            print(f"tb-symbols: no {name}.ko in {' '.join(self.dirs)}")
            return
        secs = module_sections(mod)
        text = dict(secs).get(".text", secs[0][1] if secs else 0)
        if self.loaded.get(name) == (path, text):
            return
        args = " ".join(f"-s {n} {a:#x}" for n, a in secs if n != ".text")
        gdb.execute(f"add-symbol-file {path} {text:#x} {args}", to_string=True)
        self.loaded[name] = (path, text)
        print(f"tb-symbols: {name} from {path} at {text:#x}")

    def run(self, arg):
        kernel = gdb.current_progspace().filename or ""
        self.dirs = arg.split() or [os.getcwd(), os.path.dirname(kernel)]
        if self.breakpoint is None:
            self.breakpoint = ModuleLoadBreakpoint(self)
        try:
            for mod in loaded_modules():
                self.load(mod)
        except gdb.MemoryError:
            pass        # paging is not on yet: no module can be loaded


class TbHelp(TbCommand):
    """List the Taskbase gdb helpers.

Usage: tb-help"""

    def __init__(self):
        super().__init__("tb-help", gdb.COMMAND_SUPPORT)

    def run(self, arg):
        for command in COMMANDS:
            summary = command.__doc__.splitlines()[0]
            usage = re.search(r"Usage: (.*)", command.__doc__).group(1)
            print(f"  {usage:<24} {summary}")
        for function in FUNCTIONS:
            print(f"  {function.usage:<24} {function.__doc__.splitlines()[0]}")
        print("  (help tb-<command> says more; info threads lists the CPUs)")


# -- convenience functions ------------------------------------------------

class TbCurrent(gdb.Function):
    """The task running on a CPU: percpu_area[cpu].current_task.

Usage: $tb_current([CPU]) (CPU defaults to 0), e.g. p $tb_current(0)->pid"""

    usage = "$tb_current([cpu])"

    def __init__(self):
        super().__init__("tb_current")

    def invoke(self, cpu=0):
        cpu = int(cpu)
        if not 0 <= cpu < nr_cpus():
            raise gdb.GdbError(f"no CPU {cpu} (NR_CPUS is {nr_cpus()})")
        task = percpu(cpu)["current_task"]
        return task.cast(task_ptr_type())


class TbTask(gdb.Function):
    """The task with a PID, as a struct task_struct *.

Usage: $tb_task(PID), e.g. p *$tb_task(1)"""

    usage = "$tb_task(pid)"

    def __init__(self):
        super().__init__("tb_task")

    def invoke(self, pid):
        return find_task(int(pid)).cast(task_ptr_type())


class TbCpu(gdb.Function):
    """The kernel CPU number of the selected gdb thread.

Usage: $tb_cpu(), e.g. p $tb_current($tb_cpu())->comm"""

    usage = "$tb_cpu()"

    def __init__(self):
        super().__init__("tb_cpu")

    def invoke(self):
        return gdb.Value(selected_cpu())


COMMANDS = (TbPs, TbThreads, TbNs, TbKstack, TbStackLayout, TbDmesg, TbCpus,
            TbLsmod, TbSymbols, TbHelp)
FUNCTIONS = (TbCurrent, TbTask, TbCpu)

for helper in COMMANDS + FUNCTIONS:
    helper()
