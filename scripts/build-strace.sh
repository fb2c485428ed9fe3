#!/usr/bin/env bash
# Build Debian's strace (the real one, from its source package) as a static
# glibc binary for the Taskbase image, and cache it outside the build
# directory so `make test` builds it at most once per machine:
#
#   scripts/build-strace.sh            print the cached binary's path,
#                                      building it first if it is missing
#   scripts/build-strace.sh --check    print the path if cached, else exit 1
#
# The source comes from Debian only: a deb-src entry for the same archive
# and suites as the system's deb entry is added (once) to
# /etc/apt/sources.list.d/taskbase-src.sources, then `apt-get source strace`.
# Static, no multiple personalities (Taskbase runs only x86_64 binaries),
# no stack unwinder (-k needs libdw or libunwind, not static here).
set -euo pipefail

CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/taskbase/strace
BIN=$CACHE/strace
SRCLIST=/etc/apt/sources.list.d/taskbase-src.sources

die() {
	echo "build-strace: $*" >&2
	exit 1
}

if [[ ${1-} == --check ]]; then
	[[ -x $BIN ]] || exit 1
	echo "$BIN"
	exit 0
fi
if [[ -x $BIN ]]; then
	echo "$BIN"
	exit 0
fi

# Root runs apt-get itself; others need sudo.
SUDO=
[[ $(id -u) -eq 0 ]] || SUDO=sudo

# Mirror the deb entries (URIs and suites) as deb-src: from debian.sources
# (deb822, Debian 12's containers and cloud images) or, on a system
# installed with the older one-line format, from /etc/apt/sources.list.
add_deb_src() {
	[[ -e $SRCLIST || -e ${SRCLIST%.sources}.list ]] && return 0
	local src=/etc/apt/sources.list.d/debian.sources
	if [[ -e $src ]]; then
		awk 'BEGIN { RS = ""; ORS = "\n\n" }
		     /Types: deb/ { sub(/Types: deb/, "Types: deb-src"); print }' \
			"$src" | $SUDO tee "$SRCLIST" >/dev/null
	elif grep -q '^deb ' /etc/apt/sources.list 2>/dev/null; then
		sed -n 's/^deb /deb-src /p' /etc/apt/sources.list |
			$SUDO tee "${SRCLIST%.sources}.list" >/dev/null
	else
		die "no deb entry to mirror; add a deb-src line by hand"
	fi
	$SUDO apt-get update -qq >&2
}

# gcc and glibc's static libc.a are what the static link needs.
need_tools() {
	[[ -e /usr/lib/x86_64-linux-gnu/libc.a ]] && command -v gcc >/dev/null &&
		command -v dpkg-source >/dev/null && return 0
	$SUDO apt-get install -y -qq gcc libc6-dev dpkg-dev >&2
}

add_deb_src
need_tools
mkdir -p "$CACHE"
WORK=$(mktemp -d "$CACHE/build.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
apt-get source -qq strace >&2 || die "apt-get source strace failed"
cd strace-*/
./configure -q --enable-mpers=no --disable-gcc-Werror --without-libunwind \
	--without-libdw --without-libselinux --enable-bundled=yes \
	LDFLAGS=-static CFLAGS=-O2 >&2
make -j"${JOBS:-2}" -s >&2
strip src/strace
cp src/strace "$BIN.tmp"
mv "$BIN.tmp" "$BIN"
echo "$BIN"
