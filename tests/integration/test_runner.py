"""Self-tests of tests/run_tests.py: counting, reporting, timeouts, cleanup.

Each test runs the runner on a scratch build directory holding fake host
test programs (shell scripts that print TAP) and on the fixture tests in
tests/selftest/fixtures, then checks the report line by line.
"""

import os
import re
import subprocess
import sys
import tempfile

from tb import REPO, timeout

RUN_TESTS = os.path.join(REPO, "tests", "run_tests.py")
FIXTURES = os.path.join(REPO, "tests", "selftest", "fixtures")
SUMMARY = re.compile(r"^\d+ passed, \d+ failed$", re.M)

HOST_TESTS = {
    # 2 passed
    "test_good": "echo 'ok 1 - first'; echo 'ok 2 - second'; "
                 "echo '# 2 passed, 0 failed'",
    # 2 passed, 1 failed
    "test_bad": "echo 'ok 1 - a'; echo 'not ok 2 - x.c:3: two is wrong'; "
                "echo '# got 5'; echo 'ok 3 - c'; "
                "echo '# 2 passed, 1 failed'; exit 1",
    # 1 passed, 1 failed (the crash)
    "test_crash": "echo 'ok 1 - before the crash'; kill -SEGV $$",
    # 1 failed
    "test_silent": "exit 2",
}


def make_build(root):
    """A scratch build directory with fake host tests (and files to skip)."""
    host = os.path.join(root, "tests", "host")
    os.makedirs(host)
    for name, body in HOST_TESTS.items():
        path = os.path.join(host, name)
        with open(path, "w") as f:
            f.write("#!/bin/sh\n" + body + "\n")
        os.chmod(path, 0o755)
    for name in ("test_good.o", "test_good.d"):
        open(os.path.join(host, name), "w").close()
    return root


def run_runner(*args):
    """Run tests/run_tests.py; return (exit status, stdout)."""
    p = subprocess.run([sys.executable, RUN_TESTS, *args],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True, timeout=50)
    return p.returncode, p.stdout


def result_lines(out):
    """The PASS/FAIL lines of a report, as {name: "PASS"/"FAIL"}."""
    found = {}
    for m in re.finditer(r"^(PASS|FAIL) (.*) \(\d+\.\ds\)$", out, re.M):
        found[m.group(2)] = m.group(1)
    return found


def details_of(out, name):
    """The indented lines under the FAIL line of test name."""
    m = re.search(r"^FAIL " + re.escape(name) + r" \(.*\n((?:    .*\n?)*)",
                  out, re.M)
    assert m, f"no FAIL line for {name}:\n{out}"
    return m.group(1)


def pid_alive(path):
    """True if the process whose pid the file holds runs (is no zombie)."""
    with open(path) as f:
        pid = f.read().strip()
    try:
        with open(f"/proc/{pid}/stat") as f:
            state = f.read().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state not in ("Z", "X")


@timeout(90)
def test_counts_and_report(ctx):
    with tempfile.TemporaryDirectory() as d:
        build, tp2 = make_build(os.path.join(d, "b")), os.path.join(d, "b2")
        status, out = run_runner("--build", build, "--build-tp2", tp2,
                                 "--tests", FIXTURES, "-j", "4")
        assert status == 1, f"exit status {status}\n{out}"
        assert out.splitlines()[-1] == "13 passed, 11 failed", out
        assert out.endswith("13 passed, 11 failed\n"), repr(out[-80:])
        assert len(SUMMARY.findall(out)) == 1, out
        res = result_lines(out)
        want = {
            "test_good #1 first": "PASS", "test_good #2 second": "PASS",
            "test_bad #2 x.c:3: two is wrong": "FAIL",
            "test_crash (killed by signal 11)": "FAIL",
            "test_silent (exit status 2)": "FAIL",
            "test_sample::test_tp[tp2]": "PASS",
            "test_sample::test_tp[tp4]": "PASS",
            "test_sample::test_hang": "FAIL",
            "test_broken (import)": "FAIL",
            "test_sample::test_subtests/buddy_alloc": "PASS",
            "test_sample::test_subtests/slab_free": "FAIL",
            "test_sample::test_subtests/list_add": "PASS",
            "test_sample::test_subtests": "PASS",
        }
        for name, verdict in want.items():
            assert res.get(name) == verdict, f"{name}: {res.get(name)}\n{out}"
        assert "# got 5" in details_of(out, "test_bad #2 x.c:3: two is wrong")
        assert "# expected 3, got 4" in details_of(
            out, "test_sample::test_subtests/slab_free")
        assert "one is not two" in details_of(
            out, "test_sample::test_fail_assert")
        assert "assert x == 4" in details_of(
            out, "test_sample::test_fail_bare_assert")
        assert "RuntimeError: boom" in details_of(out,
                                                  "test_sample::test_error")
        assert "timed out after 1s" in details_of(out,
                                                  "test_sample::test_hang")
        assert "no_such_module" in details_of(out, "test_broken (import)")
        tail = details_of(out, "test_sample::test_guest_log_tail")
        assert "GuestExited" in tail and "line 49" in tail, tail
        assert "line 9\n" not in tail, "more than 40 lines of log shown"
        assert not pid_alive(os.path.join(build, "leak.pid")), "guest leaked"
        assert not pid_alive(os.path.join(build, "hang.pid")), "guest leaked"


@timeout(60)
def test_filter_and_single_stack_size(ctx):
    with tempfile.TemporaryDirectory() as d:
        build = make_build(d)
        status, out = run_runner("--build", build, "--tests", FIXTURES,
                                 "-k", "test_tp")
        assert status == 0, out
        assert out == "PASS test_sample::test_tp (" + out.split("(", 1)[1], out
        assert out.splitlines()[-1] == "1 passed, 0 failed", out
        status, out = run_runner("--build", build, "--tests", FIXTURES,
                                 "-k", "test_good", "-j", "1")
        assert status == 0 and out.endswith("\n2 passed, 0 failed\n"), out


@timeout(30)
def test_nothing_selected(ctx):
    with tempfile.TemporaryDirectory() as d:
        status, out = run_runner("--build", d, "--tests", FIXTURES,
                                 "-k", "no test is called this")
        assert (status, out) == (0, "0 passed, 0 failed\n"), out
