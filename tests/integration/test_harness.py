"""Self-tests of the QEMU harness (scripts/qemu.py), mostly with a fake guest.

tests/selftest/fake_guest.py stands in for QEMU: it prints, echoes its
input, exits with a chosen status or hangs, as its -append script says.
The last tests start the real QEMU without a kernel (firmware only) to check
the command line and the isa-debug-exit status QEMU really returns.
"""

import os
import socket
import tempfile
import time

from tb import (EXIT_PANIC, Guest, GuestError, GuestExited, GuestTimeout,
                fake_guest, timeout)


def test_expect_follows_output(ctx):
    with ctx.fake_guest("print one;print two\tthree;print one again") as g:
        assert g.expect(r"one").group(0) == "one"
        m = g.expect(r"two\s(\w+)")
        assert m.group(1) == "three"
        # Matching goes on after the previous match, not from the start.
        g.expect(r"one again")
        assert g.wait_exit(5) == 0
        assert g.output == "one\ntwo\tthree\none again\n", repr(g.output)


def test_expect_times_out(ctx):
    with ctx.fake_guest("print booting;hang") as g:
        t0 = time.monotonic()
        try:
            g.expect(r"never printed", timeout=0.5)
        except GuestTimeout as e:
            took = time.monotonic() - t0
            assert 0.5 <= took < 5, f"timeout after {took:.2f}s"
            assert "booting" in str(e), str(e)
            assert "never printed" in e.reason
        else:
            raise AssertionError("expect() did not time out")
        assert g.status is None, "a timed-out expect must not kill QEMU"


def test_default_timeout_is_the_guests(ctx):
    with ctx.fake_guest("hang", timeout=0.3) as g:
        t0 = time.monotonic()
        try:
            g.expect(r"x")
        except GuestTimeout:
            assert time.monotonic() - t0 < 5
        else:
            raise AssertionError("no GuestTimeout")


def test_early_exit_is_reported_at_once(ctx):
    with ctx.fake_guest("print Kernel panic - not syncing;exit 3") as g:
        t0 = time.monotonic()
        try:
            g.expect(r"login:", timeout=30)
        except GuestExited as e:
            assert time.monotonic() - t0 < 5, "exit noticed late"
            assert e.status == EXIT_PANIC, e.status
            assert "kernel panic" in e.reason, e.reason
            assert "not syncing" in e.tail, e.tail
        else:
            raise AssertionError("no GuestExited")


def test_output_before_exit_still_matches(ctx):
    with ctx.fake_guest("print last words;exit 0") as g:
        time.sleep(0.5)
        g.expect(r"last words", timeout=5)
        assert g.wait_exit(5) == 0


def test_hanging_guest_is_killed(ctx):
    g = ctx.fake_guest("print stuck;hang")
    g.start()
    t0 = time.monotonic()
    try:
        g.wait_exit(timeout=0.5)
    except GuestTimeout as e:
        assert time.monotonic() - t0 < 5
        assert "stuck" in e.tail
    else:
        raise AssertionError("wait_exit() returned for a hanging guest")
    assert g.status is not None, "QEMU was not killed"


def test_context_manager_kills(ctx):
    with ctx.fake_guest("hang") as g:
        pid = g.proc.pid
    assert g.status is not None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        pass
    else:
        raise AssertionError(f"process {pid} still exists")


def test_send_reaches_stdin(ctx):
    with ctx.fake_guest("echo 2;print bye") as g:
        g.send("hello\n")
        g.expect(r"got: hello\n")
        g.send("world\n")
        g.expect(r"got: world\nbye")
        assert g.wait_exit(5) == 0
        try:
            g.send("too late\n")
        except GuestExited:
            pass
        else:
            raise AssertionError("send() to a dead guest did not raise")


def test_prompt_and_run(ctx):
    script = r"write $\x20;echo 1;write two lines\nhere\n$\x20"
    with ctx.fake_guest(script) as g:
        g.expect_prompt()
        out = g.run("ls")
        assert out == "got: ls\ntwo lines\nhere\n", repr(out)


def test_undecodable_bytes_are_replaced(ctx):
    with ctx.fake_guest("bytes ff41;bytes e282;bytes ac0d0a") as g:
        g.expect("€\n")
        assert g.output == "\ufffdA€\n", repr(g.output)


def test_log_file(ctx):
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "sub", "guest.log")
        with fake_guest("print logged;exit 3", log_path=path) as g:
            assert g.wait_exit(5) == 3
        text = open(path, encoding="utf-8").read()
        assert "logged\n" in text, text
        assert "kernel panic" in text, text


def test_closed_output_is_a_timeout(ctx):
    with ctx.fake_guest("closeout;hang") as g:
        try:
            g.expect(r"x", timeout=1)
        except GuestTimeout as e:
            assert "closed its output" in e.reason, e.reason
        else:
            raise AssertionError("no GuestTimeout")


def test_missing_kernel_is_an_error(ctx):
    try:
        Guest(kernel="/nonexistent/kernel.elf").start()
    except GuestError as e:
        assert "not found" in str(e)
    else:
        raise AssertionError("started without a kernel file")


def test_qemu_command_line(ctx):
    with ctx.fake_guest("argv", smp=3, mem="64M", gdb=True,
                        initrd=os.devnull, extra_args=["-d", "int"]) as g:
        line = g.expect(r"argv: (.*)\n").group(1)
    want = ("-machine pc -cpu max -accel tcg -m 64M -smp 3 -display none "
            "-no-reboot -monitor none -serial stdio "
            "-device isa-debug-exit,iobase=0xf4,iosize=0x04 "
            f"-kernel {os.devnull} -append argv -initrd {os.devnull} "
            f"-gdb tcp:127.0.0.1:{g.gdb_port} -S -d int")
    assert line == want, f"\n got {line}\nwant {want}"
    assert isinstance(g.gdb_port, int) and g.gdb_port > 0


def test_kvm_uses_host_cpu_and_iso_boots_cdrom(ctx):
    g = Guest(iso="t.iso", accel="kvm")
    cmd = " ".join(g.command)
    assert "-cpu host -accel kvm" in cmd, cmd
    assert "-cdrom t.iso -boot d" in cmd and "-kernel" not in cmd, cmd


def monitor_command(path, line, limit=10):
    """Send one line to a QEMU monitor on a unix socket once it listens."""
    deadline = time.monotonic() + limit
    while True:
        try:
            s = socket.socket(socket.AF_UNIX)
            s.settimeout(limit)
            s.connect(path)
            break
        except OSError:
            s.close()
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
    with s:
        s.recv(4096)
        s.sendall(line.encode() + b"\n")
        time.sleep(0.5)


@timeout(60)
def test_real_qemu_panic_status(ctx):
    with tempfile.TemporaryDirectory() as d:
        sock = os.path.join(d, "monitor.sock")
        mon = ["-monitor", f"unix:{sock},server=on,wait=off"]
        with ctx.guest(kernel=None, initrd=None, extra_args=mon) as g:
            # What a panicking kernel does: write 1 to isa-debug-exit.
            monitor_command(sock, "o 0xf4 1")
            assert g.wait_exit(20) == EXIT_PANIC


@timeout(60)
def test_real_qemu_gdb_stub_listens(ctx):
    with ctx.guest(kernel=None, initrd=None, gdb=True) as g:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", g.gdb_port), 1).close()
                break
            except OSError:
                assert g.status is None, "QEMU exited: " + g.output
                assert time.monotonic() < deadline, "gdb stub never listened"
                time.sleep(0.2)
        assert g.status is None


def test_image_programs_are_the_builds_not_stale_files(ctx):
    """test_robustness.user_bins() (the programs of every image a test
    packs) takes user/NAME.c's programs, not whatever lies in <build>/user:
    a stale sh from before BusyBox there would replace BusyBox's ash."""
    from test_robustness import user_bins
    from tb import REPO

    class StaleBuild:
        def __init__(self, d):
            self.d = d

        def build_dir(self):
            return self.d

    with tempfile.TemporaryDirectory() as d:
        os.makedirs(os.path.join(d, "user"))
        for n in ("sh", "cat", "tsh", "init"):
            path = os.path.join(d, "user", n)
            with open(path, "w") as f:
                f.write("#!/bin/false\n")
            os.chmod(path, 0o755)
        bins = dict(user_bins(StaleBuild(d)))
    progs = {n[:-2] for n in os.listdir(os.path.join(REPO, "user"))
             if n.endswith(".c")}
    assert set(bins) == {f"bin/{n}" for n in progs}, sorted(bins)
    assert "bin/sh" not in bins and "bin/cat" not in bins, sorted(bins)
    assert bins["bin/tsh"] == os.path.join(d, "user", "tsh")
