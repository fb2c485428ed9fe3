#!/usr/bin/env python3
"""Launch QEMU for Taskbase and talk to the guest's serial console.

As a module it offers Guest, the harness the integration tests use: it starts
QEMU headless with the serial port on a pipe, collects everything the guest
prints in a background thread, and lets a test expect() regular expressions,
send() input and wait_exit() for QEMU's exit status. Every wait is bounded;
when QEMU exits early the waiting call says so at once, with the tail of the
guest's output.

    with Guest(kernel="build/kernel.elf", append="ktest") as g:
        g.expect(r"ktest: all passed")
        assert g.wait_exit() == EXIT_POWEROFF

As a command it boots Taskbase for a person (make run / make debug):

    python3 scripts/qemu.py --iso build/taskbase.iso --interactive
    python3 scripts/qemu.py --kernel build/kernel.elf --append ktest

Exit statuses: 0 when the kernel powers off through ACPI, 3 when it panics
(it writes 1 to the isa-debug-exit port 0xf4 and QEMU exits with (1 << 1) | 1).
"""

import argparse
import codecs
import os
import re
import shlex
import socket
import subprocess
import sys
import threading
import time
import weakref

EXIT_POWEROFF = 0
EXIT_PANIC = 3
# The login shell's prompt at the end of the output: "# " for root, "$ "
# for other users, after ESC [ 0 m, the attribute reset that PS1 in
# initramfs/etc/profile (and tsh) print first. Without that mark a root
# prompt would be any output that pauses at "# ": a TAP comment line
# ("# usertests: ..."), a kernel table's "MT? # ". A bare "$ " at the
# start of a line still counts (a shell without the profile).
PROMPT = r"\x1b\[0m[#$] $|(?<![^\n])\$ $"
# Terminal queries a line editor sends and a real terminal answers (ash asks
# where the cursor is, "ESC [ 6 n"): no answer comes over the pipe, and the
# query is left out of the text, so that a prompt still ends the output.
QUERY_TEXT = "\x1b[6n"
TERMINAL_QUERY = re.compile(re.escape(QUERY_TEXT))
QEMU = "qemu-system-x86_64"
TAIL_LINES = 40


class GuestError(Exception):
    """A guest did not behave; carries the reason and the output's tail."""

    def __init__(self, reason, tail=""):
        super().__init__(reason)
        self.reason = reason
        self.tail = tail

    def __str__(self):
        if not self.tail:
            return self.reason
        return (f"{self.reason}\n--- last lines of guest output ---\n"
                f"{self.tail}")


class GuestTimeout(GuestError):
    """A wait ran out of time (QEMU is still running or was killed)."""


class GuestExited(GuestError):
    """QEMU exited while the caller still waited for output."""

    def __init__(self, reason, tail="", status=None):
        super().__init__(reason, tail)
        self.status = status


def describe_status(status):
    """Say in words what a QEMU exit status means for Taskbase."""
    if status is None:
        return "still running"
    if status == EXIT_POWEROFF:
        return "status 0: powered off"
    if status == EXIT_PANIC:
        return "status 3: kernel panic (isa-debug-exit)"
    if status < 0:
        return f"killed by signal {-status}"
    return f"status {status}"


def free_tcp_port():
    """Return a TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tail_lines(text, n=TAIL_LINES):
    """Return the last n lines of text."""
    return "\n".join(text.splitlines()[-n:])


def qemu_args(kernel=None, initrd=None, append="", smp=2, mem="256M",
              iso=None, accel="tcg", cpu="max", gdb_port=None,
              interactive=False, serial=None):
    """Build QEMU's argument list (without the program) for one Taskbase boot.

    With iso the machine boots the GRUB CD; otherwise QEMU loads kernel
    itself (-kernel), or runs only the firmware when kernel is None too.
    """
    if accel == "kvm" and cpu == "max":
        cpu = "host"
    args = ["-machine", "pc", "-cpu", cpu, "-accel", accel,
            "-m", str(mem), "-smp", str(smp), "-display", "none",
            "-no-reboot"]
    if interactive:
        # The QEMU monitor shares the terminal: Ctrl-A c switches to it.
        args += ["-serial", serial or "mon:stdio"]
    else:
        args += ["-monitor", "none", "-serial", serial or "stdio"]
    # A panicking kernel writes to port 0xf4 and QEMU exits with status 3.
    args += ["-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]
    if iso:
        if append or initrd:
            raise ValueError("append/initrd need --kernel; "
                             "an ISO takes them from its GRUB config")
        args += ["-cdrom", str(iso), "-boot", "d"]
    elif kernel:
        args += ["-kernel", str(kernel), "-append", append]
        if initrd:
            args += ["-initrd", str(initrd)]
    if gdb_port:
        args += ["-gdb", f"tcp:127.0.0.1:{gdb_port}", "-S"]
    return args


def drop_queries(text, final=False):
    """(text without terminal queries, the tail held for the next read).

    A query split between two reads is held back until it is whole.
    """
    text = TERMINAL_QUERY.sub("", text)
    if not final:
        esc = text.rfind("\x1b")
        if esc >= 0 and QUERY_TEXT.startswith(text[esc:]):
            return text[:esc], text[esc:]
    return text, ""


def mid_echo(text, line):
    """Whether text is the echo of line so far, not all of it.

    The echo of "echo $# " ends in "# " for a moment: that is no prompt.
    """
    seen = text.replace("\n", "").strip()
    return bool(seen) and len(seen) < len(line.strip()) and \
        line.strip().startswith(seen)


def strip_echo(text, line):
    """text without the echo of line at its start, if it starts with one.

    A line editor (ash's) wraps a long line at the terminal's width, so the
    echo may carry line breaks that the line itself does not have.
    """
    want = line.strip()
    i = 0
    while i < len(text) and text[i] in " \n":
        i += 1
    for ch in want:
        while i < len(text) and text[i] == "\n" and ch != "\n":
            i += 1
        if i >= len(text) or text[i] != ch:
            return text
        i += 1
    while i < len(text) and text[i] == " ":
        i += 1
    if i < len(text) and text[i] == "\n":
        return text[i + 1:]
    return text


def kill_quietly(proc):
    """Kill a process that may already be gone."""
    if proc.poll() is None:
        proc.kill()
        proc.wait()


def qemu_command(qemu=None):
    """Return the QEMU program as a list: qemu, $TASKBASE_QEMU or the default.

    A string is split like a shell would, so a test can put a fake guest
    ("python3 tests/selftest/fake_guest.py") in QEMU's place.
    """
    if qemu is None:
        qemu = os.environ.get("TASKBASE_QEMU", QEMU)
    if isinstance(qemu, str):
        return shlex.split(qemu)
    return [str(a) for a in qemu]


class Guest:
    """One QEMU running Taskbase, its serial console on a pipe."""

    def __init__(self, kernel="build/kernel.elf", initrd=None, append="",
                 smp=2, mem="256M", iso=None, accel="tcg", cpu="max",
                 extra_args=(), timeout=60, log_path=None, gdb=False,
                 qemu=None, echo=None):
        """Describe the machine; nothing runs until start().

        timeout is the default bound of expect() and wait_exit(). log_path
        receives the guest's output as it arrives; echo, a text stream,
        mirrors it live. gdb=True starts the CPUs halted with a gdb stub on
        a free port (gdb=PORT: on that port), found in self.gdb_port. qemu
        replaces the QEMU program (see qemu_command).
        """
        self.kernel, self.initrd, self.iso = kernel, initrd, iso
        if gdb is True:
            gdb = free_tcp_port()
        self.gdb_port = gdb or None
        self.args = qemu_args(kernel=None if iso else kernel, initrd=initrd,
                              append=append, smp=smp, mem=mem, iso=iso,
                              accel=accel, cpu=cpu, gdb_port=self.gdb_port)
        self.args += [str(a) for a in extra_args]
        self.command = qemu_command(qemu) + self.args
        self.timeout = timeout
        self.log_path = log_path
        self.echo = echo
        self.proc = None
        self._log = None
        self._text = ""
        self._pos = 0
        self._eof = False
        self._cond = threading.Condition()
        self._reader = None

    # -- lifetime -------------------------------------------------------

    def start(self):
        """Start QEMU and the thread that reads its output; returns self."""
        if self.proc:
            raise GuestError("guest already started")
        for path in (self.iso,) if self.iso else (self.kernel, self.initrd):
            if path and not os.path.exists(path):
                raise GuestError(f"{path} not found (not built yet?)")
        if self.log_path:
            os.makedirs(os.path.dirname(os.path.abspath(self.log_path)),
                        exist_ok=True)
            self._log = open(self.log_path, "w", encoding="utf-8")
            self._log.write("# " + shlex.join(self.command) + "\n")
            self._log.flush()
        try:
            self.proc = subprocess.Popen(
                self.command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT, bufsize=0)
        except OSError as e:
            self._close_log()
            raise GuestError(f"cannot run {self.command[0]}: {e}; "
                             "scripts/install-deps.sh installs QEMU") from e
        # A guest nobody killed still dies when Python exits.
        weakref.finalize(self, kill_quietly, self.proc)
        self._reader = threading.Thread(target=self._read_loop, daemon=True,
                                        name="guest-reader")
        self._reader.start()
        return self

    def kill(self):
        """Stop QEMU (if running) and release everything; safe to repeat."""
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(5)
        self._finish()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.kill()
        return False

    @property
    def status(self):
        """QEMU's exit status, or None while it runs."""
        return self.proc.poll() if self.proc else None

    @property
    def output(self):
        """Everything the guest printed so far, \\r removed.

        QEMU's own messages (stderr) are part of it, so that an error such
        as a kernel QEMU cannot load shows up in expect()'s failures.
        """
        with self._cond:
            return self._text

    # -- talking to the guest --------------------------------------------

    def expect(self, pattern, timeout=None):
        """Wait until pattern matches unconsumed output; return the match.

        Matching starts where the previous expect() match ended, so a
        sequence of expect() calls follows the output forward. Raises
        GuestTimeout after timeout seconds and GuestExited as soon as QEMU
        is gone without the pattern having shown up.
        """
        regex = re.compile(pattern) if isinstance(pattern, str) else pattern
        deadline = self._deadline(timeout)
        with self._cond:
            while True:
                m = regex.search(self._text, self._pos)
                if m:
                    self._pos = m.end()
                    return m
                if self._eof:
                    break
                left = deadline - time.monotonic()
                if left <= 0:
                    raise GuestTimeout(
                        f"timed out after {self._bound(timeout)}s waiting "
                        f"for /{regex.pattern}/", tail_lines(self._text))
                self._cond.wait(left)
        status = self._reap(deadline)
        if status is None:
            raise GuestTimeout(f"QEMU closed its output but still runs; "
                               f"gave up waiting for /{regex.pattern}/",
                               tail_lines(self.output))
        raise GuestExited(f"QEMU exited ({describe_status(status)}) while "
                          f"waiting for /{regex.pattern}/",
                          tail_lines(self.output), status)

    def expect_prompt(self, timeout=None):
        """Wait for the shell's prompt ("# " or "$ " at the end of the output)."""
        return self.expect(PROMPT, timeout)

    def send(self, text):
        """Write text to the guest's serial port."""
        if not self.proc:
            raise GuestError("guest not started")
        try:
            self.proc.stdin.write(text.encode())
            self.proc.stdin.flush()
        except (BrokenPipeError, ValueError) as e:
            status = self._reap(self._deadline(1))
            raise GuestExited(f"cannot send {text!r}: QEMU exited "
                              f"({describe_status(status)})",
                              tail_lines(self.output), status) from e

    def run(self, line, timeout=None):
        """Run a shell command line; return what it printed before the prompt.

        The echo of the line itself, if the guest echoes, is left out.
        """
        start = len(self.output)
        deadline = self._deadline(timeout)
        self.send(line + "\n")
        while True:
            m = self.expect(PROMPT, max(0, deadline - time.monotonic()))
            if not mid_echo(self.output[start:m.end()], line):
                return strip_echo(self.output[start:m.start()], line)

    def background(self, line, timeout=None):
        """Start line as a background job (line &); return its pid ($!).

        ash, the login shell, prints no "[1] PID" for a job, so the pid is
        asked for with echo on the same line; the prompt after it is
        consumed too (the job may print before or after it).
        """
        self.send(f"{line} & echo job=$!\n")
        pid = int(self.expect(r"job=(\d+)\n", timeout).group(1))
        self.expect(r"[#$] ", timeout)
        return pid

    def wait_exit(self, timeout=None):
        """Wait for QEMU to exit and return its status.

        On timeout QEMU is killed and GuestTimeout raised.
        """
        if not self.proc:
            raise GuestError("guest not started")
        try:
            status = self.proc.wait(self._bound(timeout))
        except subprocess.TimeoutExpired:
            self.kill()
            raise GuestTimeout(f"QEMU still running after "
                               f"{self._bound(timeout)}s; killed it",
                               tail_lines(self.output)) from None
        self._finish()
        return status

    # -- internals -------------------------------------------------------

    def _bound(self, timeout):
        return self.timeout if timeout is None else timeout

    def _deadline(self, timeout):
        return time.monotonic() + self._bound(timeout)

    def _reap(self, deadline):
        """After EOF: wait (until deadline) for the exit status."""
        try:
            return self.proc.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            return None

    def _read_loop(self):
        """Reader thread: append QEMU's output to the buffer and the log."""
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        fd = self.proc.stdout.fileno()
        held = ""
        while True:
            try:
                data = os.read(fd, 4096)
            except OSError:
                data = b""
            text = held + decoder.decode(data, final=not data)
            text, held = drop_queries(text.replace("\r", ""), final=not data)
            if text:
                self._record(text)
            if not data:
                break
        with self._cond:
            self._eof = True
            self._cond.notify_all()

    def _record(self, text):
        with self._cond:
            self._text += text
            self._cond.notify_all()
        if self._log:
            self._log.write(text)
            self._log.flush()
        if self.echo:
            self.echo.write(text)
            self.echo.flush()

    def _finish(self):
        """After QEMU is gone: drain the reader, close pipes and the log."""
        if not self.proc:
            return
        if self._reader:
            self._reader.join(5)
        for pipe in (self.proc.stdin, self.proc.stdout):
            try:
                pipe.close()
            except OSError:
                pass
        if self._log and self.proc.poll() is not None:
            self._log.write(f"\n# QEMU exit: "
                            f"{describe_status(self.proc.returncode)}\n")
        self._close_log()

    def _close_log(self):
        if self._log:
            self._log.close()
            self._log = None


# -- command line ----------------------------------------------------------

def parse_args(argv):
    """Parse the command line of scripts/qemu.py."""
    p = argparse.ArgumentParser(description="Boot Taskbase in QEMU.")
    what = p.add_mutually_exclusive_group()
    what.add_argument("--kernel", help="ELF kernel loaded by QEMU (-kernel)")
    what.add_argument("--iso", help="GRUB ISO image (-cdrom)")
    p.add_argument("--initrd", help="initramfs for --kernel")
    p.add_argument("--append", default="", help="kernel command line")
    p.add_argument("--smp", type=int, default=2, help="CPUs (default 2)")
    p.add_argument("--mem", default="256M", help="memory (default 256M)")
    p.add_argument("--accel", choices=("tcg", "kvm"), default="tcg")
    p.add_argument("--cpu", default="max", help="CPU model (kvm: host)")
    p.add_argument("--gdb", action="store_true",
                   help="start halted with a gdb stub on a free port")
    p.add_argument("--gdb-port", type=int,
                   help="start halted with a gdb stub on this port")
    p.add_argument("--interactive", action="store_true",
                   help="console on this terminal (make run / make debug)")
    p.add_argument("--serial", help="QEMU -serial backend, e.g. "
                   "file:build/serial.log (default: stdio)")
    p.add_argument("--timeout", type=float, default=0,
                   help="batch mode: kill QEMU after this many seconds")
    p.add_argument("--dry-run", action="store_true",
                   help="print the QEMU command and exit")
    p.add_argument("extra", nargs="*", help="more QEMU arguments (after --)")
    args = p.parse_args(argv)
    if args.iso and (args.append or args.initrd):
        p.error("--append/--initrd need --kernel; "
                "an ISO takes them from its GRUB config")
    return args


def run_batch(args, gdb_port):
    """Run QEMU headless: output to stdout, stdin lines to the guest."""
    g = Guest(kernel=args.kernel, initrd=args.initrd, append=args.append,
              smp=args.smp, mem=args.mem, iso=args.iso, accel=args.accel,
              cpu=args.cpu, extra_args=args.extra, echo=sys.stdout,
              timeout=args.timeout or 10 ** 9, gdb=gdb_port)
    with g:
        if not sys.stdin.isatty():
            threading.Thread(target=forward_stdin, args=(g,),
                             daemon=True).start()
        try:
            return g.wait_exit()
        except GuestTimeout as e:
            print(f"\nqemu.py: {e.reason}", file=sys.stderr)
            return 124


def forward_stdin(guest):
    """Copy our stdin to the guest, line by line, until EOF."""
    for line in sys.stdin:
        try:
            guest.send(line)
        except GuestError:
            return


def main(argv=None):
    """Entry point of the command line; returns QEMU's exit status."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    for path in (args.kernel, args.initrd, args.iso):
        if path and not args.dry_run and not os.path.exists(path):
            print(f"qemu.py: {path} not found (not built yet?)",
                  file=sys.stderr)
            return 1
    gdb_port = args.gdb_port or (free_tcp_port() if args.gdb else None)
    if gdb_port:
        print(f"qemu.py: gdb stub on 127.0.0.1:{gdb_port} (CPU halted)",
              file=sys.stderr)
    if args.interactive or args.dry_run:
        cmd = qemu_command() + qemu_args(
            kernel=args.kernel, initrd=args.initrd, append=args.append,
            smp=args.smp, mem=args.mem, iso=args.iso, accel=args.accel,
            cpu=args.cpu, gdb_port=gdb_port,
            interactive=args.interactive, serial=args.serial) + args.extra
        if args.dry_run:
            print(shlex.join(cmd))
            return 0
        os.execvp(cmd[0], cmd)
    return run_batch(args, gdb_port)


if __name__ == "__main__":
    sys.exit(main())
