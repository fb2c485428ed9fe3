"""Debian's BusyBox in Taskbase, driven over the serial console as a shell
user would (issue 17): ash as the login shell (scripts, job control, line
editing and history, the prompt), its tools (ps, top, free, uptime, tail,
sort, awk, sed, find, xargs, tar, gzip, timeout, time, taskset, nice),
vi and less on the console, and BusyBox's module tools on Taskbase's
module system calls. docs/userspace.md says what comes from where."""
import os
import re
import time

import kmods
from tb import PROMPT, both_stack_sizes, status_of, timeout
from test_robustness import mkinitramfs, work_dir

ROOT_PROMPT = r"\x1b\[0m# $"
USER_PROMPT = r"\x1b\[0m\$ $"
ESC = "\x1b"
UP = ESC + "[A"


def test_login_shell_is_ash_with_a_root_prompt(ctx):
    """pid 1 is /bin/init, leader of session 1 without a terminal; its
    child is ash, a login shell ("-sh", /etc/profile read), leading a
    session of its own on the console; root's prompt ends in "# ", a
    user's in "$ "."""
    with ctx.shell() as g:
        assert g.output.rstrip().endswith("#"), g.output[-200:]
        name, pid = g.run("echo $0 $$").split()
        assert name == "-sh" and pid != "1", (name, pid)
        assert "BusyBox" in g.run("sh --help 2>&1 | head -1")
        stat = g.run("cat /proc/1/stat").split()
        assert stat[1] == "(init)" and stat[3] == "0", stat
        assert stat[5] == "1" and stat[6] == "0", stat  # session 1, no tty
        stat = g.run("cat /proc/$$/stat").split()
        assert stat[1] == "(sh)" and stat[3] == "1", stat   # init's child
        assert stat[4] == pid and stat[5] == pid, stat      # its session
        assert g.run("tr '\\0' ' ' < /proc/1/cmdline").strip() == "/bin/init"
        assert g.run("tty").strip() == "/dev/console"
        assert g.run("cat /etc/hostname").strip() == "taskbase"
        assert g.run("hostname").strip() == "taskbase"
        assert "NAME=\"Taskbase\"" in g.run("cat /etc/os-release")
        g.send("runas student sh -i\n")
        g.expect(USER_PROMPT, timeout=20)
        assert g.run("id -un").strip() == "student"
        g.send("exit\n")
        g.expect(ROOT_PROMPT, timeout=20)


def test_init_reaps_orphans_and_restarts_the_login_shell(ctx):
    """/bin/init (user/init.c) adopts orphans and reaps them; when the login
    shell exits it says how, and starts a new one, again on the console as
    its controlling terminal."""
    with ctx.shell() as g:
        first = g.run("echo $$").strip()
        orphan = g.run("sh -c 'sleep 2 & echo $!'").strip()
        assert orphan.isdigit(), orphan
        stat = g.run(f"cat /proc/{orphan}/stat").split()
        assert stat[1] == "(sleep)" and stat[3] == "1", stat    # adopted
        g.run("sleep 3", timeout=30)
        out = g.run(f"cat /proc/{orphan}/stat")
        assert "No such file or directory" in out, out          # reaped
        g.send("exit 3\n")
        g.expect(r"init: /bin/sh exited with status 3, restarting it",
                 timeout=20)
        g.expect(ROOT_PROMPT, timeout=30)
        name, second = g.run("echo $0 $$").split()
        assert name == "-sh" and second not in (first, "1"), (first, second)
        stat = g.run("cat /proc/$$/stat").split()
        assert stat[3] == "1" and stat[5] == second, stat       # own session
        assert stat[6] == str(5 << 8 | 1) and int(stat[7]) > 0, stat
        g.run("sleep 30 &")
        assert "Running" in g.run("jobs"), "job control after the restart"
        g.run("kill %1")


def test_init_bin_sh_is_ash_as_pid_1(ctx):
    """init=/bin/sh, as on Linux: ash itself is pid 1, with no login
    profile and no controlling terminal (so no job control), and still a
    usable shell."""
    with ctx.guest(append="init=/bin/sh") as g:
        g.expect(r"job control turned off", timeout=30)
        g.expect(r"[#$] $", timeout=30)      # ash's own prompt, "/ # "
        g.send("PS1='\\[\\e[0m\\]\\$ '\n")
        g.expect(PROMPT, timeout=30)
        assert g.run("echo $0 $$").split() == ["/bin/sh", "1"]
        assert "(sh)" in g.run("cat /proc/1/stat")
        assert g.run("echo one two | wc -w").strip() == "2"
        assert g.run("ls /bin | grep -x init").strip() == "init"


def test_init_bin_tsh_is_the_teaching_shell_as_pid_1(ctx):
    """init=/bin/tsh: Taskbase's own shell as pid 1, at its root prompt."""
    with ctx.guest(append="init=/bin/tsh") as g:
        g.expect(ROOT_PROMPT, timeout=30)
        # (The first BusyBox program may be preceded by the kernel's line
        # about a system call it lacks.)
        assert g.run("echo $$").splitlines()[-1] == "1"
        assert "(tsh)" in g.run("cat /proc/1/stat")
        assert g.run("echo one two | wc -w").strip() == "2"


def test_ash_scripts_and_expansions(ctx):
    """&&, ||, if, for, while, case, functions, $(...), $((...)),
    VAR=value command, here-documents: what tsh does not have."""
    with ctx.shell() as g:
        assert g.run("true && echo yes || echo no").strip() == "yes"
        assert g.run("false && echo yes || echo no").strip() == "no"
        assert g.run("if [ -d /proc ]; then echo dir; else echo none; fi"
                     ).strip() == "dir"
        assert g.run("for i in 1 2 3; do printf '%s.' $i; done; echo"
                     ).strip() == "1.2.3."
        assert g.run("n=0; while [ $n -lt 4 ]; do n=$((n+1)); done; echo $n"
                     ).strip() == "4"
        assert g.run("greet() { echo \"hi $1\"; }; greet there").strip() \
            == "hi there"
        assert g.run("echo $(echo inner) $(($(echo 6) * 7))").strip() \
            == "inner 42"
        assert g.run("X=local sh -c 'echo $X'; echo \"[$X]\"").split() \
            == ["local", "[]"]
        assert g.run("case foo.c in *.c) echo C;; *) echo other;; esac"
                     ).strip() == "C"
        g.run("printf 'a=1\\nb=2\\n' > /tmp/kv")
        assert g.run("while IFS== read k v; do echo \"$k is $v\"; done "
                     "< /tmp/kv").splitlines() == ["a is 1", "b is 2"]
        g.run("printf '#!/bin/sh\\necho script $# \"$@\"\\nexit 3\\n' "
              "> /tmp/s.sh; chmod +x /tmp/s.sh")
        out, st = status_of(g, "/tmp/s.sh one two")
        assert out.strip() == "script 2 one two" and st == 3, out


def test_hashbang_scripts(ctx):
    """execve() of a "#!" file runs its interpreter with the script's path
    and one optional argument (kernel/fs/exec/binfmt_script.c), as Linux does:
    without it, ash fell back to reading the file itself, and the kernel
    logged "too short for an ELF header"."""
    with ctx.shell() as g:
        g.run("printf '#!/bin/sh\\necho $0:$1:$2\\n' > /tmp/a.sh;"
              " chmod +x /tmp/a.sh")
        out = g.run("/tmp/a.sh x y")
        assert out.strip() == "/tmp/a.sh:x:y", out
        assert "ELF" not in out, out
        # One argument: everything after the name, blanks trimmed.
        g.run("printf '#!  /bin/echo  two words  \\n' > /tmp/b; chmod +x /tmp/b")
        assert g.run("/tmp/b arg").strip() == "two words /tmp/b arg"
        # argv[0] of the script is gone; the interpreter's comes first, and
        # /proc/PID/exe-like names: comm is the script's name.
        g.run("printf '#!/bin/sh\\ncat /proc/$$/comm\\n' > /tmp/c.sh;"
              " chmod +x /tmp/c.sh")
        assert g.run("/tmp/c.sh").strip() == "c.sh"
        # An interpreter that is a script itself, up to 4 levels, as Linux.
        g.run("printf '#!/tmp/b\\n' > /tmp/d; chmod +x /tmp/d")
        assert g.run("/tmp/d z").strip() == "two words /tmp/b /tmp/d z"
        # The errors, seen by strace (ash would run a file the kernel
        # refuses with ENOEXEC as a shell script itself).
        g.run("printf '#!/tmp/loop\\n' > /tmp/loop; chmod +x /tmp/loop")
        out = g.run("strace /tmp/loop", timeout=30)
        assert re.search(r'^execve\("/tmp/loop", .*= -1 ELOOP', out, re.M), out
        g.run("printf '#!/nonexistent/sh\\n' > /tmp/e; chmod +x /tmp/e")
        out = g.run("strace /tmp/e", timeout=30)
        assert re.search(r'^execve\("/tmp/e", .*= -1 ENOENT', out, re.M), out
        # An interpreter name cut off by the 256-byte buffer: ENOEXEC.
        g.run("(printf '#!/'; i=0; while [ $i -lt 300 ]; do printf x;"
              " i=$((i+1)); done; echo) > /tmp/f; chmod +x /tmp/f")
        out = g.run("strace /tmp/f", timeout=30)
        assert re.search(r'^execve\("/tmp/f", .*= -1 ENOEXEC', out, re.M), out


def test_line_editing_and_history(ctx):
    """ash edits the line and keeps a history: the up arrow brings back
    the last command, Ctrl-A/Ctrl-E move, backspace erases."""
    with ctx.shell() as g:
        g.run("echo first-command")
        start = len(g.output)
        g.send(UP)                          # the last line again
        g.expect(r"echo first-command", timeout=10)
        time.sleep(0.3)
        g.send("\n")
        g.expect(PROMPT)
        assert re.search(r"^first-command$", g.output[start:], re.M), \
            g.output[start:]
        start = len(g.output)
        g.send("echo abX\x7fc\n")           # backspace erases the X
        g.expect(PROMPT)
        assert re.search(r"^abc$", g.output[start:], re.M), g.output[start:]
        start = len(g.output)
        g.send("cho front\x01e\n")          # Ctrl-A: to the start, add e
        g.expect(PROMPT)
        assert re.search(r"^front$", g.output[start:], re.M), g.output[start:]
        assert "echo first-command" in g.run("history")


def test_job_control_in_the_login_shell(ctx):
    """Ctrl-C kills the foreground job, Ctrl-Z stops it, bg and fg move
    it, and a crash is reported, all with ash as the login shell (it needs
    setpgid, tcsetpgrp and SIGTTOU from the tty layer)."""
    with ctx.shell() as g:
        g.send("sleep 100\n")
        time.sleep(1.0)
        g.send("\x03")
        g.expect(PROMPT, timeout=10)
        assert g.run("echo $?").strip() == "130"

        g.send("sleep 100\n")
        time.sleep(1.0)
        g.send("\x1a")                      # Ctrl-Z
        g.expect(r"Stopped.*sleep 100", timeout=10)
        g.expect(PROMPT, timeout=10)
        jobs = g.run("jobs")
        assert re.search(r"\[1\]\+ +Stopped +sleep 100", jobs), jobs
        assert re.search(r"^\s*\d+ +\d+ +T", g.run(
            "ps -o pid,ppid,stat,comm | grep 'sleep'"), re.M)
        assert "sleep 100" in g.run("bg %1")
        assert re.search(r"Running +sleep 100", g.run("jobs"))
        g.send("fg %1\n")
        g.expect(r"sleep 100", timeout=10)
        time.sleep(0.5)
        g.send("\x03")
        g.expect(PROMPT, timeout=10)
        assert g.run("jobs").strip() == ""

        out = g.run("faults null", timeout=20)
        assert "Segmentation fault" in out, out
        assert g.run("echo $?").strip() == "139"
        assert g.run("echo alive").strip() == "alive"


def test_tsh_teaching_shell_still_runs_jobs(ctx):
    """tsh, the readable shell, runs as a program of its own: pipes,
    redirections, its own jobs and Ctrl-C."""
    with ctx.shell() as g:
        login = g.run("echo $$").strip()
        g.send("tsh\n")
        g.expect(ROOT_PROMPT, timeout=10)        # root's prompt in tsh too
        assert g.run("echo $$").strip() != login
        assert g.run("echo one two | wc -w").strip() == "2"
        g.send("sleep 100\n")
        time.sleep(1.0)
        g.send("\x03")
        g.expect(ROOT_PROMPT, timeout=10)
        assert g.run("echo in-tsh").strip() == "in-tsh"
        g.send("exit\n")
        g.expect(ROOT_PROMPT, timeout=10)
        assert g.run("echo $$").strip() == login
        g.send("runas student tsh\n")
        g.expect(USER_PROMPT, timeout=10)      # a user's: "$ "
        g.send("exit\n")
        g.expect(ROOT_PROMPT, timeout=10)


def test_busybox_tools_a_user_runs(ctx):
    with ctx.shell() as g:
        g.run("printf 'pear 3\\napple 10\\nfig 7\\n' > /tmp/fruit")
        assert g.run("sort /tmp/fruit").split("\n")[0] == "apple 10"
        assert g.run("sort -k2 -n /tmp/fruit | head -1").strip() == "pear 3"
        assert g.run("awk '{ s += $2 } END { print s }' /tmp/fruit").strip() \
            == "20"
        assert g.run("sed -n 's/^fig \\(.*\\)/figs: \\1/p' /tmp/fruit"
                     ).strip() == "figs: 7"
        assert g.run("tail -n 1 /tmp/fruit").strip() == "fig 7"
        assert g.run("seq 1 100 | tail -n 2").split() == ["99", "100"]
        assert g.run("uniq -c < /etc/shells | wc -l").strip() == "3"

        g.run("mkdir -p /tmp/t/a/b; echo x > /tmp/t/a/b/f; echo y > /tmp/t/g")
        assert sorted(g.run("find /tmp/t -type f").split()) == \
            ["/tmp/t/a/b/f", "/tmp/t/g"]
        assert g.run("find /tmp/t -name f | xargs cat").strip() == "x"
        assert g.run("echo 1 2 3 | xargs -n 1 echo n").splitlines() == \
            ["n 1", "n 2", "n 3"]

        out, st = status_of(g, "cd /tmp && tar cf t.tar t && tar tf t.tar")
        assert st == 0 and "t/a/b/f" in out, out
        out, st = status_of(g, "gzip -9 t.tar && ls t.tar.gz && "
                               "rm -r t && tar xzf t.tar.gz && cat t/a/b/f")
        assert st == 0 and out.split()[-1] == "x", out
        assert g.run("echo hello | gzip | gzip -d").strip() == "hello"
        g.run("cd /")

        uptime = g.run("uptime")
        assert re.search(r"up .*load average: \d+\.\d\d, \d+\.\d\d, \d+\.\d\d",
                         uptime), uptime
        free = g.run("free").splitlines()
        assert free[0].split()[:3] == ["total", "used", "free"], free
        assert re.match(r"Mem:( +\d+){6}$", free[1]), free
        meminfo = g.run("cat /proc/meminfo")
        total = re.search(r"MemTotal:\s+(\d+) kB", meminfo).group(1)
        assert free[1].split()[1] == total, (free, total)


def test_busybox_ps_and_top(ctx):
    """BusyBox's ps and top read /proc/<pid>/stat, status and cmdline and
    /proc/stat, /proc/meminfo, /proc/loadavg, as on Linux."""
    with ctx.shell() as g:
        g.background("sleep 50")
        out = g.run("busybox ps")
        assert re.search(r"^\s*1 root +/bin/init$", out, re.M), out
        assert re.search(r"^\s*\d+ root +-sh$", out, re.M), out
        assert re.search(r"^\s*\d+ root .*sleep 50", out, re.M), out
        assert re.search(r"^\s*2 root .*\[kthreadd\]", out, re.M), out
        out = g.run("busybox ps -o pid,user,nice,comm")
        assert re.search(r"^\s*\d+ root +0 +sleep", out, re.M), out
        out = g.run("top -b -n 1", timeout=30)
        assert re.search(r"^Mem: \d+K used, \d+K free", out, re.M), out
        assert re.search(r"^CPU: ", out, re.M), out
        assert re.search(r"^Load average: \d+\.\d\d", out, re.M), out
        assert re.search(r"^\s*PID\s+PPID\s+USER\s+STAT", out, re.M), out
        assert re.search(r"sleep 50", out), out


def test_timeout_time_nice_taskset(ctx):
    with ctx.shell() as g:
        t0 = time.monotonic()
        out, st = status_of(g, "timeout 1 sleep 20", timeout=20)
        assert st == 143 and time.monotonic() - t0 < 15, (out, st)
        out, st = status_of(g, "timeout 5 true")
        assert st == 0, out
        out = g.run("time sleep 0.3", timeout=20)
        m = re.search(r"real\s+0m ?(\d+\.\d+)s", out)
        assert m and 0.25 <= float(m.group(1)) < 5, out
        assert g.run("nice -n 7 sh -c 'cut -d\" \" -f19 /proc/$$/stat'"
                     ).strip() == "7"
        assert g.run("nice").strip() == "0"
        out = g.run("taskset -p 1")
        assert re.search(r"pid 1's current affinity mask: 3", out), out
        out = g.run("taskset 2 sh -c 'grep Cpus_allowed_list /proc/$$/status;"
                    " taskset -p $$'")
        assert re.search(r"current affinity mask: 2", out), out


def screen(g, pattern, timeout=15):
    """Wait for pattern in what a full-screen program drew."""
    return g.expect(pattern, timeout=timeout)


def test_vi_and_less_on_the_console(ctx):
    """Full-screen programs on the serial console: raw mode, escape
    sequences, and poll() to tell the Escape key from an arrow key."""
    with ctx.shell() as g:
        g.run("printf 'line one\\nline two\\n' > /tmp/v.txt")
        g.send("vi /tmp/v.txt\n")
        screen(g, r"line two")
        screen(g, r"v\.txt")
        g.send("G")                         # to the last line
        time.sleep(0.3)
        g.send("oadded by vi")
        time.sleep(0.3)
        g.send(ESC)
        time.sleep(0.8)                     # vi waits to see Esc alone
        g.send(":wq\r")
        g.expect(PROMPT, timeout=15)
        assert g.run("cat /tmp/v.txt").splitlines() == \
            ["line one", "line two", "added by vi"]

        g.run("seq 1 200 > /tmp/n.txt")
        start = len(g.output)
        g.send("less /tmp/n.txt\n")
        screen(g, r"\D20\n")
        g.send(" ")                         # next page
        screen(g, r"\D4\d\n")
        g.send("G")                         # the end
        screen(g, r"\D200\n")
        g.send("q")
        g.expect(PROMPT, timeout=15)
        assert ESC + "[K1\n" in g.output[start:], g.output[start:][:400]
        assert g.run("echo after-less").strip() == "after-less"


def test_readme_insmod_then_dmesg_tail(ctx):
    """The README's first module steps, as typed: insmod current_affairs;
    dmesg | tail (tail is BusyBox's)."""
    with ctx.shell() as g:
        out = g.run("insmod current_affairs; dmesg | tail")
        # The console shows the module's lines as they are logged, then
        # tail prints the last ten of the log: insmod's context report.
        assert re.search(r"name +: insmod", out), out
        assert re.search(r"preempt_count", out), out
        assert g.run("dmesg | tail | wc -l").strip() == "10"
        assert g.run("dmesg | tail -n 3 | wc -l").strip() == "3"
        g.run("rmmod current_affairs")


@both_stack_sizes
@timeout(240)
def test_busybox_module_tools(ctx):
    """BusyBox's insmod, lsmod, modinfo and rmmod on Taskbase's module
    system calls (init_module/finit_module, /proc/modules, .modinfo,
    delete_module), with parameters."""
    d = work_dir(ctx, f"busybox-modules-tp{ctx.tp}")
    ko = kmods.build_module(ctx, "tb_params")
    initrd = mkinitramfs(ctx, os.path.join(d, "initramfs.cpio"),
                         [("lib/modules/tb_params.ko", ko)])
    with ctx.shell(initrd=initrd) as g:
        g.run("dmesg -C")
        out, st = status_of(g, "busybox insmod /lib/modules/tb_params.ko "
                               "mp_int=-5 mp_str=hello mp_bool=1 mp_arr=4,5")
        assert st == 0, out
        log = g.run("dmesg")
        assert "tb_params: int=-5 str=hello bool=1" in log, log
        assert "arr=2:4,5," in log, log
        out = g.run("busybox lsmod")
        assert re.search(r"^tb_params\s+\d+\s+0", out, re.M), out
        out = g.run("busybox modinfo /lib/modules/tb_params.ko")
        assert re.search(r"^license:\s+GPL", out, re.M), out
        assert re.search(r"^description:\s+module parameters", out, re.M), out
        out, st = status_of(g, "busybox rmmod tb_params")
        assert st == 0, out
        assert "tb_params" not in g.run("busybox lsmod")
        out, st = status_of(g, "busybox rmmod tb_params")
        assert st != 0 and "tb_params" in out, out
