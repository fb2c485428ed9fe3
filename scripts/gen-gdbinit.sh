#!/usr/bin/env bash
# Print a gdbinit for Taskbase: 64-bit mode (QEMU starts the CPU in 16-bit
# real mode, and gdb must not guess the architecture from that), the
# kernel's symbols, the project's gdb helpers (scripts/gdb/taskbase.py),
# the connection to QEMU's gdb stub, and module symbols loaded as modules
# come (tb-symbols).
#
#   scripts/gen-gdbinit.sh [-q] KERNEL [PORT] > FILE
#
# PORT defaults to 1234, QEMU's "-s". make debug writes build/gdbinit this
# way. For gdb by hand, against a QEMU started with
#   python3 scripts/qemu.py --kernel build/kernel.elf --gdb-port 1234
# write ./.gdbinit and run plain `gdb`; gdb reads a .gdbinit only from a
# directory you have declared safe, so this script prints that hint on
# stderr (-q: no hint).
set -euo pipefail

quiet=0
if [ "${1:-}" = "-q" ]; then
	quiet=1
	shift
fi
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
	echo "usage: $0 [-q] KERNEL [PORT] > gdbinit" >&2
	exit 2
fi
kernel=$(realpath "$1")
port=${2:-1234}
repo=$(cd "$(dirname "$0")/.." && pwd)

cat <<EOF
# Taskbase gdbinit, written by scripts/gen-gdbinit.sh.
set pagination off
set confirm off
set architecture i386:x86-64
file $kernel
EOF
if [ -f "$repo/scripts/gdb/taskbase.py" ]; then
	echo "source $repo/scripts/gdb/taskbase.py"
fi
# Module symbols load at every insmod (tb-symbols, like Linux's
# lx-symbols), so a breakpoint in a module may be set before it exists.
if [ -f "$repo/scripts/gdb/taskbase.py" ]; then
	echo "set breakpoint pending on"
	echo "tb-symbols"
fi
# gdb retries a refused connection for a while (set tcp connect-timeout),
# so QEMU may still be starting.
echo "target remote 127.0.0.1:$port"

if [ "$quiet" = 0 ]; then
	cat >&2 <<EOF
gen-gdbinit: gdb runs ./.gdbinit only from a directory declared safe. Either
  run:  gdb -x .gdbinit
  or allow it once for all:
        echo "add-auto-load-safe-path $PWD/.gdbinit" >> ~/.gdbinit
Then start QEMU halted with its gdb stub on port $port:
  python3 scripts/qemu.py --kernel build/kernel.elf --gdb-port $port
EOF
fi
