#!/usr/bin/env python3
"""Connect this terminal to a guest's serial console on a Unix socket.

make debug puts Taskbase's serial port on build/serial.sock, so that gdb
can own one terminal while you type into the guest from another:

    python3 scripts/console.py build/serial.sock

The terminal is in raw mode: every key goes to the guest as typed (Ctrl-C
and Ctrl-P included). Ctrl-] quits, as in telnet. With stdin not a
terminal (echo ls | console.py ...), the input is sent as it is, and the
guest's output shown until it has been quiet for a second.
"""

import os
import select
import socket
import sys
import termios
import tty

QUIT_KEY = b"\x1d"      # Ctrl-]
LINGER = 1.0            # seconds of guest silence to wait after input ends


def connect(path):
    """A stream socket connected to the Unix socket at path."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.connect(path)
    return sock


def relay(sock, stdin_fd, stdout_fd):
    """Copy guest output to stdout and stdin to the guest until the guest
    closes, Ctrl-] is typed, or input has ended and the guest is quiet."""
    inputs, timeout = [sock, stdin_fd], None
    while True:
        ready, _, _ = select.select(inputs, [], [], timeout)
        if not ready:
            return "end of input"
        if sock in ready:
            data = sock.recv(4096)
            if not data:
                return "the guest closed the console"
            os.write(stdout_fd, data)
        if stdin_fd in ready:
            data = os.read(stdin_fd, 1024)
            if QUIT_KEY in data:
                return "Ctrl-] typed"
            if not data:            # now only wait for the guest's answer
                inputs, timeout = [sock], LINGER
            sock.sendall(data)


def main(argv):
    """Entry point: console.py SOCKET."""
    if len(argv) != 2:
        print(f"usage: {argv[0]} SOCKET (e.g. build/serial.sock)",
              file=sys.stderr)
        return 2
    try:
        sock = connect(argv[1])
    except OSError as e:
        print(f"console.py: cannot connect to {argv[1]}: {e} "
              "(is make debug running?)", file=sys.stderr)
        return 1
    stdin_fd, stdout_fd = sys.stdin.fileno(), sys.stdout.fileno()
    saved = termios.tcgetattr(stdin_fd) if os.isatty(stdin_fd) else None
    print(f"console.py: connected to {argv[1]}; Ctrl-] quits\r",
          file=sys.stderr)
    try:
        if saved:
            tty.setraw(stdin_fd)
        why = relay(sock, stdin_fd, stdout_fd)
    finally:
        if saved:
            termios.tcsetattr(stdin_fd, termios.TCSADRAIN, saved)
        sock.close()
    print(f"\nconsole.py: {why}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
