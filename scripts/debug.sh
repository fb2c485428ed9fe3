#!/usr/bin/env bash
# make debug: start QEMU halted with a gdb stub, then attach gdb to
# kernel.elf with the project's gdb helpers loaded. The guest's serial
# console is logged to $O/serial.log and reachable on a Unix socket:
#   tail -f build/serial.log                      watch the console
#   python3 scripts/console.py build/serial.sock  type into it
# Quitting gdb stops QEMU.
#
#   scripts/debug.sh KERNEL INITRD "APPEND" SMP MEM
set -euo pipefail
kernel=$1 initrd=$2 append=${3:-} smp=${4:-2} mem=${5:-256M}
out=$(dirname "$kernel")
repo=$(cd "$(dirname "$0")/.." && pwd)
port=${GDB_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}

sock="$out/serial.sock"
rm -f "$sock"
python3 "$repo/scripts/qemu.py" --kernel "$kernel" --initrd "$initrd" \
	--append "$append" --smp "$smp" --mem "$mem" --gdb-port "$port" \
	--serial "chardev:s0" -- \
	-chardev "socket,id=s0,path=$sock,server=on,wait=off,logfile=$out/serial.log" &
qemu=$!
trap 'kill $qemu 2>/dev/null || true' EXIT

"$repo/scripts/gen-gdbinit.sh" "$kernel" "$port" > "$out/gdbinit"
echo "gdb stub on 127.0.0.1:$port; console log: $out/serial.log; console socket: $sock"
gdb -q -x "$out/gdbinit"
