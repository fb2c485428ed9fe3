#!/bin/sh
# fetch-linux-kernel.sh: put Debian's own cloud kernel at DIR/vmlinuz for
# `make bench`, which boots it in QEMU beside Taskbase.
#
#   scripts/fetch-linux-kernel.sh DIR
#
# Downloads the linux-image-*-cloud-amd64 package that the Debian meta
# package linux-image-cloud-amd64 depends on (apt-get download: into DIR,
# nothing is installed on this host), extracts it with dpkg-deb -x into
# DIR/pkg and links DIR/vmlinuz to its boot/vmlinuz-*. DIR/VERSION names
# the package; the modules and the .deb are removed. Does nothing when DIR/vmlinuz is already there.
# LINUX_PACKAGE=name overrides the package.
set -eu

dir=${1:?usage: fetch-linux-kernel.sh DIR}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

if [ -s "$dir/vmlinuz" ]; then
	exit 0
fi

for tool in apt-get apt-cache dpkg-deb; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "fetch-linux-kernel.sh: $tool is missing (Debian or Ubuntu needed)" >&2
		exit 1
	fi
done

# The meta package names the current ABI's image: linux-image-6.1.0-N-cloud-amd64.
pick_package() {
	apt-cache depends linux-image-cloud-amd64 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-image-[0-9].*-cloud-amd64\)$/\1/p' |
		head -n 1
}

pkg=${LINUX_PACKAGE:-$(pick_package)}
if [ -z "$pkg" ]; then
	# An empty package list (a fresh container): read it once, then retry.
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	echo "fetch-linux-kernel.sh: apt-get update (no package lists yet)" >&2
	$sudo apt-get update -qq
	pkg=$(pick_package)
fi
if [ -z "$pkg" ]; then
	echo "fetch-linux-kernel.sh: no linux-image-*-cloud-amd64 package known to apt" >&2
	exit 1
fi

echo "fetch-linux-kernel.sh: downloading $pkg into $dir" >&2
rm -f "$dir"/linux-image-*.deb
(cd "$dir" && apt-get download -q "$pkg")
deb=$(ls "$dir"/linux-image-*.deb | head -n 1)
rm -rf "$dir/pkg"
dpkg-deb -x "$deb" "$dir/pkg"
image=$(ls "$dir"/pkg/boot/vmlinuz-* | head -n 1)
if [ ! -s "$image" ]; then
	echo "fetch-linux-kernel.sh: $deb holds no boot/vmlinuz-*" >&2
	exit 1
fi
ln -sf "${image#"$dir"/}" "$dir/vmlinuz"
dpkg-deb -f "$deb" Package Version > "$dir/VERSION"
# Only the kernel image is used: drop the modules (about 100 MB) and the .deb.
rm -rf "$dir/pkg/lib" "$dir/pkg/usr" "$deb"
echo "fetch-linux-kernel.sh: $dir/vmlinuz -> $image" >&2
