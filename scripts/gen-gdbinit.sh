#!/usr/bin/env bash
# Print a gdbinit for Taskbase: the kernel's symbols, 64-bit mode (QEMU
# starts the CPU in 16/32-bit mode, and gdb must not guess from that),
# the project's gdb helpers when present, and the connection to QEMU.
#   scripts/gen-gdbinit.sh KERNEL PORT > gdbinit
set -euo pipefail
kernel=$(realpath "$1")
port=$2
repo=$(cd "$(dirname "$0")/.." && pwd)
echo "set pagination off"
echo "set confirm off"
echo "set architecture i386:x86-64"
echo "file $kernel"
if [ -f "$repo/scripts/gdb/taskbase.py" ]; then
	echo "source $repo/scripts/gdb/taskbase.py"
fi
echo "target remote 127.0.0.1:$port"
