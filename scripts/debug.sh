#!/usr/bin/env bash
# make debug: QEMU halted with a gdb stub in the background, gdb in the
# foreground with build/gdbinit (kernel.elf's symbols and the tb-* helpers
# of scripts/gdb/taskbase.py). Every CPU is a gdb thread: info threads.
#
# The guest's serial console goes to a Unix socket and is logged:
#   tail -f build/serial.log                      watch it
#   python3 scripts/console.py build/serial.sock  type into it (Ctrl-] quits)
# Quitting gdb stops QEMU.
#
#   scripts/debug.sh KERNEL INITRD "APPEND" SMP MEM
# Environment: GDB_PORT (default: a free port), ACCEL (tcg or kvm).
set -euo pipefail
kernel=$1 initrd=$2 append=${3:-} smp=${4:-2} mem=${5:-256M}
out=$(dirname "$kernel")
repo=$(cd "$(dirname "$0")/.." && pwd)
port=${GDB_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
sock=$out/serial.sock
log=$out/serial.log

# QEMU gets a session of its own: the Ctrl-C typed at gdb (stop the guest)
# must not reach QEMU, which would quit on SIGINT.
rm -f "$sock"
setsid python3 "$repo/scripts/qemu.py" --interactive \
	--kernel "$kernel" --initrd "$initrd" --append "$append" \
	--smp "$smp" --mem "$mem" --accel "${ACCEL:-tcg}" \
	--gdb-port "$port" --serial chardev:s0 -- \
	-monitor none \
	-chardev "socket,id=s0,path=$sock,server=on,wait=off,logfile=$log" \
	</dev/null &
qemu=$!
trap 'kill $qemu 2>/dev/null || true' EXIT

# The serial socket appears as QEMU starts; gdb itself retries the stub.
for _ in $(seq 50); do
	[ -S "$sock" ] && break
	kill -0 $qemu 2>/dev/null || { echo "debug.sh: QEMU did not start" >&2; exit 1; }
	sleep 0.1
done

"$repo/scripts/gen-gdbinit.sh" -q "$kernel" "$port" > "$out/gdbinit"
cat <<EOF
QEMU: $smp CPU(s), halted, gdb stub on 127.0.0.1:$port.
Console: tail -f $log   or   python3 scripts/console.py $sock
gdb: tb-help lists the Taskbase commands; "continue" starts the kernel.
EOF
# A ./.gdbinit a student wrote by hand would connect elsewhere: skip it.
gdb -q -iex "set auto-load local-gdbinit off" -x "$out/gdbinit"
