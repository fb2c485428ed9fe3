#!/usr/bin/env python3
"""The `make test` runner: host unit tests and QEMU integration tests.

    python3 tests/run_tests.py --build build [--build-tp2 build/tp2]
                               [-k PATTERN] [-j N] [--timeout S]

It runs every host test program BUILD/tests/host/test_* (each TAP line
"ok N - ..." / "not ok N - ..." is one result; a crash is one failure) and
every function test_<name>(ctx) in tests/integration/test_*.py (see
tests/integration/tb.py), each in a process of its own with a time limit,
up to N at a time. It prints "PASS name (1.2s)" or "FAIL name (1.2s)" per
result, with the reason and the tail of the guest's log under a failure,
and ends with the line "N passed, M failed"; the exit status is 1 when
something failed.
"""

import argparse
import concurrent.futures
import glob
import importlib.util
import inspect
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback

# Keep the source tree clean: no __pycache__ beside the tests (children
# inherit this through the environment).
sys.dont_write_bytecode = True
os.environ["PYTHONDONTWRITEBYTECODE"] = "1"

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(HERE, "integration"))

import tb  # noqa: E402

DEFAULT_TIMEOUT = 120
TAIL_LINES = 40


class Result:
    """One line of the report: a name, pass/fail, seconds and details."""

    def __init__(self, name, ok, secs, detail=""):
        self.name, self.ok, self.secs, self.detail = name, ok, secs, detail

    def report(self):
        """The PASS/FAIL line, then the details indented by four spaces."""
        verdict = "PASS" if self.ok else "FAIL"
        line = f"{verdict} {self.name} ({self.secs:.1f}s)"
        if self.ok or not self.detail:
            return line
        body = "\n".join("    " + s for s in self.detail.rstrip().splitlines())
        return line + "\n" + body


def tail_of(path, n=TAIL_LINES):
    """The last n lines of a file, headed by its name ("" if it is absent)."""
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            lines = f.read().splitlines()[-n:]
    except OSError:
        return ""
    rel = os.path.relpath(path)
    if rel.startswith(".."):
        rel = path
    return f"--- last {len(lines)} lines of {rel} ---\n" + "\n".join(lines)


# -- running processes with a time limit ------------------------------------

class Runner:
    """Starts child processes in their own process groups and kills them."""

    def __init__(self):
        self.lock = threading.Lock()
        self.children = set()

    def run(self, cmd, limit, env=None):
        """Run cmd (in env, if given); return (status or None on timeout,
        output, seconds).

        The whole process group dies at the end, so no QEMU outlives its test.
        """
        t0 = time.monotonic()
        p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             start_new_session=True, env=env)
        with self.lock:
            self.children.add(p)
        try:
            out, _ = p.communicate(timeout=limit)
            status = p.returncode
        except subprocess.TimeoutExpired:
            kill_group(p)
            try:
                out, _ = p.communicate(timeout=5)
            except subprocess.TimeoutExpired:
                # Something outside the group still holds the pipe.
                p.wait()
                out = b""
            status = None
        finally:
            kill_group(p)
            with self.lock:
                self.children.discard(p)
        text = out.decode("utf-8", errors="replace")
        return status, text, time.monotonic() - t0

    def kill_all(self):
        """Kill every running child (on Ctrl-C or SIGTERM)."""
        with self.lock:
            for p in list(self.children):
                kill_group(p)


def kill_group(p):
    """SIGKILL the process group p leads; quiet if it is already gone."""
    try:
        os.killpg(p.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def describe_exit(status):
    """Say how a process ended, from its return code."""
    if status is None:
        return "timed out"
    if status < 0:
        return f"killed by signal {-status}"
    return f"exit status {status}"


# -- host tests ---------------------------------------------------------------

def find_host_tests(build):
    """Executable BUILD/tests/host/test_* files (not .o/.d files)."""
    found = []
    pattern = os.path.join(build, "tests", "host", "test_*")
    for path in sorted(glob.glob(pattern)):
        if (os.path.isfile(path) and os.access(path, os.X_OK)
                and "." not in os.path.basename(path)):
            found.append(path)
    return found


def parse_tap(prog, text, secs):
    """TAP lines as Results; "#" lines after a "not ok" are its details."""
    results = []
    for line in text.splitlines():
        ok = line.startswith("ok ")
        if ok or line.startswith("not ok "):
            desc = line[3:] if ok else line[7:]
            num, _, what = desc.partition(" - ")
            name = f"{prog} #{num} {what}" if what else f"{prog} {desc}"
            results.append(Result(name, ok, secs, "" if ok else line))
        elif line.startswith("#") and results and not results[-1].ok:
            results[-1].detail += "\n" + line
    return results


def run_host_test(runner, path, limit):
    """Run one host test program; return its Results."""
    prog = os.path.basename(path)
    status, text, secs = runner.run([path], limit)
    results = parse_tap(prog, text, secs)
    failed = any(not r.ok for r in results)
    if status is None:
        why = f"timed out after {limit}s"
    elif status < 0 or (status > 0 and not failed):
        why = describe_exit(status)
    elif not results:
        why = "no TAP output"
    else:
        return results
    results.append(Result(f"{prog} ({why})", False, secs,
                          f"{prog}: {why}\n" + "\n".join(
                              text.splitlines()[-TAIL_LINES:])))
    return results


# -- integration tests --------------------------------------------------------

class IntegrationTest:
    """One call of a test function: file, function, stack size, time limit."""

    def __init__(self, path, func, tp, name, limit):
        self.path, self.func, self.tp = path, func, tp
        self.name, self.limit = name, limit


def load_module(path):
    """Import a test file as a module named after it."""
    name = os.path.splitext(os.path.basename(path))[0]
    if os.path.dirname(path) not in sys.path:
        sys.path.insert(0, os.path.dirname(path))
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def find_integration_tests(tests_dir, have_tp2, default_limit):
    """The test functions in tests_dir/test_*.py; Results for broken files."""
    tests, broken = [], []
    for path in sorted(glob.glob(os.path.join(tests_dir, "test_*.py"))):
        modname = os.path.splitext(os.path.basename(path))[0]
        try:
            mod = load_module(path)
        except Exception as e:  # noqa: BLE001 - any error is the file's
            broken.append(Result(f"{modname} (import)", False, 0.0,
                                 format_error(e)))
            continue
        for fname, fn in vars(mod).items():
            if not (fname.startswith("test_") and inspect.isfunction(fn)
                    and fn.__module__ == mod.__name__):
                continue
            limit = getattr(fn, "tb_timeout", default_limit)
            base = f"{modname}::{fname}"
            if getattr(fn, "tb_both_stack_sizes", False) and have_tp2:
                for tp in (2, 4):
                    tests.append(IntegrationTest(path, fname, tp,
                                                 f"{base}[tp{tp}]", limit))
            else:
                tests.append(IntegrationTest(path, fname, 4, base, limit))
    return tests, broken


def remove_old_logs(log_dir, name):
    """Delete the guest logs a previous run of this test left."""
    stem = os.path.join(log_dir, glob.escape(tb.log_name(name)))
    for path in glob.glob(stem + ".log") + glob.glob(stem + ".*.log"):
        os.remove(path)


def newest_log(log_dir, name):
    """The last guest log this test wrote, or None."""
    stem = os.path.join(log_dir, glob.escape(tb.log_name(name)))
    logs = glob.glob(stem + ".log") + glob.glob(stem + ".*.log")
    return max(logs, key=os.path.getmtime) if logs else None


def run_integration_test(runner, test, args):
    """Run one test function in a child process; return its Results.

    The subtests it reported come first, then the test's own result.
    """
    log_dir = os.path.join(args.build, "test-logs")
    os.makedirs(log_dir, exist_ok=True)
    remove_old_logs(log_dir, test.name)
    fd, result_file = tempfile.mkstemp(prefix="tb-result-", suffix=".json")
    os.close(fd)
    cmd = [sys.executable, os.path.abspath(__file__), "--run-one", test.path,
           test.func, str(test.tp), test.name, result_file,
           "--build", args.build]
    if args.build_tp2:
        cmd += ["--build-tp2", args.build_tp2]
    # The test's temporary files (tempfile's, in TMPDIR) go with it.
    tmp = tempfile.mkdtemp(prefix="tb-test-")
    try:
        status, text, secs = runner.run(cmd, test.limit,
                                        dict(os.environ, TMPDIR=tmp))
        with open(result_file, encoding="utf-8") as f:
            data = f.read()
    finally:
        os.remove(result_file)
        shutil.rmtree(tmp, ignore_errors=True)
    result = json.loads(data) if data else None
    subs = [Result(f"{test.name}/{s['name']}", s["ok"], secs, s["detail"])
            for s in (result or {}).get("subtests", [])]
    if result and result["ok"]:
        return subs + [Result(test.name, True, secs)]
    if status is None:
        detail = (f"timed out after {test.limit}s "
                  "(@timeout(s) raises the limit)")
    elif result:
        detail = result["message"]
        if text.strip():
            detail += "\n--- test output ---\n" + "\n".join(
                text.splitlines()[-TAIL_LINES:])
    else:
        detail = f"test process died ({describe_exit(status)})\n{text}"
    log = newest_log(log_dir, test.name)
    if log:
        detail += "\n" + tail_of(log)
    return subs + [Result(test.name, False, secs, detail)]


def failure_message(exc, test_path):
    """Say why a test failed: where in the test file, and the exception."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if os.path.abspath(f.filename) == os.path.abspath(test_path)]
    where = ""
    if frames:
        f = frames[-1]
        where = f"{os.path.basename(f.filename)}:{f.lineno}: "
    if isinstance(exc, tb.GuestError):
        return f"{where}{type(exc).__name__}: {exc.reason}"
    if isinstance(exc, AssertionError):
        msg = str(exc) or (frames[-1].line if frames else "")
        return f"{where}AssertionError: {msg}"
    return format_error(exc)


def format_error(exc):
    """A traceback of exc without the runner's and importlib's own frames."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if f.filename != os.path.abspath(__file__)
              and not f.filename.startswith("<frozen")]
    lines = ["Traceback (most recent call last):\n"]
    lines += traceback.format_list(frames[-4:])
    lines += traceback.format_exception_only(exc)
    return "".join(lines).rstrip()


def run_one(path, func, tp, name, result_file, build, build_tp2):
    """Child process: call one test function and write its result as JSON."""
    ctx = tb.Context(name, build, build_tp2, tp)
    result = {"ok": True, "message": ""}
    try:
        getattr(load_module(path), func)(ctx)
    except BaseException as e:  # noqa: BLE001 - report everything
        result = {"ok": False, "message": failure_message(e, path)}
    finally:
        ctx.close()
    result["subtests"] = ctx.subtests
    with open(result_file, "w", encoding="utf-8") as f:
        json.dump(result, f)
    return 0


# -- main ---------------------------------------------------------------------

def parse_args(argv):
    """Parse the command line (see the module docstring)."""
    p = argparse.ArgumentParser(description="Run Taskbase's tests.")
    p.add_argument("--build", default="build", help="build directory (O=)")
    p.add_argument("--build-tp2", help="build directory of THREAD_PAGES=2")
    p.add_argument("-k", dest="pattern", default="",
                   help="only tests whose name contains PATTERN")
    # A guest spends much of a test waiting (the console, sleeps, its
    # timers): one test more than there are CPUs keeps them busy (make
    # test on 2 CPUs used 40% of them at -j2).
    p.add_argument("-j", dest="jobs", type=int,
                   default=min((os.cpu_count() or 1) + 1, 4),
                   help="tests run at once (default: CPUs + 1, at most 4)")
    p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                   help="default per-test limit in seconds")
    p.add_argument("--tests", default=os.path.join(HERE, "integration"),
                   help="directory of integration tests")
    p.add_argument("--run-one", nargs=5, help=argparse.SUPPRESS)
    return p.parse_args(argv)


def collect(args, runner):
    """Every job to run, as callables returning lists of Results."""
    jobs, early = [], []
    for path in find_host_tests(args.build):
        if args.pattern in os.path.basename(path):
            jobs.append(lambda p=path: run_host_test(runner, p, args.timeout))
    tests, broken = find_integration_tests(args.tests, bool(args.build_tp2),
                                           args.timeout)
    early += [r for r in broken if args.pattern in r.name]
    # Longest time limits first (a stable sort keeps file order within a
    # limit): the slow tests then overlap the many short ones instead of
    # running alone at the end.
    for t in sorted(tests, key=lambda t: -t.limit):
        if args.pattern in t.name:
            jobs.append(lambda t=t: run_integration_test(runner, t, args))
    return jobs, early


def run_all(args):
    """Run every selected test, print the report; return the exit status."""
    runner = Runner()
    jobs, results = collect(args, runner)
    for r in results:
        print(r.report(), flush=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    pool = concurrent.futures.ThreadPoolExecutor(max(1, args.jobs))
    try:
        for future in concurrent.futures.as_completed(
                [pool.submit(job) for job in jobs]):
            for r in future.result():
                print(r.report(), flush=True)
                results.append(r)
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        runner.kill_all()
        raise
    pool.shutdown()
    failed = sum(not r.ok for r in results)
    print(f"{len(results) - failed} passed, {failed} failed", flush=True)
    return 1 if failed else 0


def main(argv=None):
    """Entry point: the runner, or (--run-one) the child that runs one test."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    args.build = os.path.abspath(args.build)
    if args.build_tp2:
        args.build_tp2 = os.path.abspath(args.build_tp2)
    if args.run_one:
        path, func, tp, name, result_file = args.run_one
        return run_one(path, func, int(tp), name, result_file,
                       args.build, args.build_tp2)
    try:
        return run_all(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
