#!/bin/sh
# scripts/ltp.sh: run LTP's system-call tests inside Taskbase and inside
# Linux 6.1 in the same QEMU, and compare (docs/ltp.md).
#
#   LTP_SRC=/path/to/ltp scripts/ltp.sh build        build the tests (cached)
#   LTP_SRC=/path/to/ltp scripts/ltp.sh run [TEST..] build, run on both, compare
#
# LTP is never part of the build or of `make test`: this is a developer's
# measuring tool over a checkout the developer fetched. The build (static,
# glibc) is cached under ${XDG_CACHE_HOME:-~/.cache}/taskbase/ltp/, keyed by
# the checkout's commit.
set -eu

: "${LTP_SRC:?set LTP_SRC to an LTP checkout (git clone of linux-test-project/ltp)}"
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/taskbase/ltp
JOBS=${JOBS:-2}
REPO=$(cd "$(dirname "$0")/.." && pwd)

ltp_rev() {
	git -C "$LTP_SRC" rev-parse --short=12 HEAD 2>/dev/null || echo local
}

# Copy the checkout into the cache (LTP builds in its source tree) and
# build lib/, testcases/kernel/syscalls/ and testcases/network/packet/
# (fanout01) only, static.
ltp_build() {
	build=$CACHE/build-$(ltp_rev)
	if [ -f "$build/.built" ]; then
		echo "$build"
		return
	fi
	mkdir -p "$CACHE"
	rm -rf "$build"
	git clone -q "$LTP_SRC" "$build" 2>/dev/null || cp -a "$LTP_SRC" "$build"
	(
		cd "$build"
		make autotools >/dev/null
		./configure CFLAGS="-O2 -g0" LDFLAGS="-static" >/dev/null
		make -j"$JOBS" -C lib >/dev/null
		make -j"$JOBS" -k -C testcases/kernel/syscalls >/dev/null 2>&1 || true
		make -j"$JOBS" -k -C testcases/network/packet >/dev/null 2>&1 || true
	) >&2
	touch "$build/.built"
	echo "$build"
}

cmd=${1:-run}
[ $# -gt 0 ] && shift
case $cmd in
build) ltp_build ;;
run) exec python3 "$REPO/scripts/ltp_run.py" "$(ltp_build)" "$@" ;;
*) echo "usage: LTP_SRC=dir $0 build|run [TEST...]" >&2; exit 2 ;;
esac
