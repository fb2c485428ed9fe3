#!/usr/bin/env python3
"""A fake QEMU for testing the harness (scripts/qemu.py) without a kernel.

It takes QEMU's command line, ignores everything but -append, and runs the
little script found there: commands separated by ";".

    print TEXT   print TEXT and "\\r\\n" (as a serial console would)
    write TEXT   print TEXT without a newline (\\n escapes allowed)
    bytes HEX    write raw bytes, e.g. "bytes ff41" (invalid UTF-8, then A)
    echo N       read N lines from stdin; print "got: LINE" for each
    argv         print the command line as "argv: ARG ARG ..."
    sleep SECS   sleep
    hang         sleep for ever (the harness must kill us)
    closeout     close stdout and stderr but keep running
    exit N       exit with status N (the default at the end is 0)

QEMU passes -append only with -kernel, so give the Guest some existing file
as its kernel; tests/integration/tb.py's fake_guest() does all of this:
    fake_guest("print hello;exit 3")
"""

import os
import sys
import time


def out(data):
    """Write bytes to stdout at once (QEMU does not buffer serial output)."""
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def run(script, argv):
    """Run the commands of script; return the exit status."""
    for cmd in filter(None, (c.strip() for c in script.split(";"))):
        op, _, arg = cmd.partition(" ")
        if op == "print":
            out(arg.encode() + b"\r\n")
        elif op == "write":
            out(arg.encode().decode("unicode_escape").encode())
        elif op == "bytes":
            out(bytes.fromhex(arg))
        elif op == "echo":
            for _ in range(int(arg)):
                out(b"got: " + sys.stdin.buffer.readline().rstrip(b"\n")
                    + b"\r\n")
        elif op == "argv":
            out(("argv: " + " ".join(argv) + "\r\n").encode())
        elif op == "sleep":
            time.sleep(float(arg))
        elif op == "hang":
            while True:
                time.sleep(3600)
        elif op == "closeout":
            os.close(1)
            os.close(2)
        elif op == "exit":
            return int(arg)
        else:
            sys.stderr.write(f"fake_guest: unknown command {op!r}\n")
            return 99
    return 0


def main():
    """Find -append in our arguments and run it."""
    argv = sys.argv[1:]
    script = argv[argv.index("-append") + 1] if "-append" in argv else ""
    return run(script, argv)


if __name__ == "__main__":
    sys.exit(main())
