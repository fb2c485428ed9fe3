#!/bin/sh
# build-linux-module.sh: build a module for the Linux kernel `make bench`
# boots (Debian's cloud kernel, scripts/fetch-linux-kernel.sh), against
# Debian's own headers for exactly that kernel package.
#
#   scripts/build-linux-module.sh LINUX_DIR OUT_DIR SRC...
#
# Reads LINUX_DIR/VERSION (the linux-image-<abi>-cloud-amd64 package and
# its version), downloads linux-headers-<abi>-cloud-amd64,
# linux-headers-<abi>-common and linux-kbuild-<major.minor> of that same
# version (apt-get download: nothing is installed on this host), unpacks
# them with dpkg-deb -x into
# ${XDG_CACHE_HOME:-$HOME/.cache}/taskbase/linux-headers/<version>/ (once),
# points the headers' Makefile at the unpacked common tree, copies the
# SRC files (a Kbuild Makefile and the sources) to OUT_DIR and runs
# make -C <headers> M=OUT_DIR modules there.
set -eu

linux=${1:?usage: build-linux-module.sh LINUX_DIR OUT_DIR SRC...}
out=${2:?usage: build-linux-module.sh LINUX_DIR OUT_DIR SRC...}
shift 2

image=$(sed -n 's/^Package: //p' "$linux/VERSION")
version=$(sed -n 's/^Version: //p' "$linux/VERSION")
abi=${image#linux-image-}		# 6.1.0-57-cloud-amd64
abi=${abi%-cloud-amd64}			# 6.1.0-57
major=$(echo "$abi" | cut -d. -f1-2)	# 6.1
if [ -z "$image" ] || [ -z "$version" ] || [ "$abi" = "$image" ]; then
	echo "build-linux-module.sh: $linux/VERSION names no cloud kernel" >&2
	exit 1
fi

cache=${XDG_CACHE_HOME:-$HOME/.cache}/taskbase/linux-headers/$version
kdir=$cache/root/usr/src/linux-headers-$abi-cloud-amd64
if [ ! -e "$cache/.done" ]; then
	echo "build-linux-module.sh: fetching the headers of $image $version" >&2
	rm -rf "$cache"
	mkdir -p "$cache"
	(cd "$cache" && apt-get download -q \
		"linux-headers-$abi-cloud-amd64=$version" \
		"linux-headers-$abi-common=$version" \
		"linux-kbuild-$major=$version")
	for deb in "$cache"/*.deb; do
		dpkg-deb -x "$deb" "$cache/root"
	done
	rm -f "$cache"/*.deb
	# The Makefile includes the common tree by its installed path.
	sed -i "s|^include /usr/src/|include $cache/root/usr/src/|" "$kdir/Makefile"
	touch "$cache/.done"
fi

mkdir -p "$out"
cp "$@" "$out/"
out=$(cd "$out" && pwd)
make -s -C "$kdir" M="$out" modules
