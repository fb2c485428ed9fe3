#!/usr/bin/env bash
# Install the host tools Taskbase needs on Debian 12 or Ubuntu: compiler and
# binutils, make, QEMU, GRUB + xorriso + mtools (for the ISO), musl-gcc (user
# programs), gdb, python3 and matplotlib (the chart of make bench), and
# patch + diff (the labs' stubs are patches), and Debian's static BusyBox
# (the standard tools inside the image). Each tool is checked first;
# apt-get runs only for the packages whose tools are missing, so a second
# run is silent.
#
#   scripts/install-deps.sh          install what is missing
#   scripts/install-deps.sh --check  only report; exit 1 if something is missing
set -euo pipefail

# "command-or-path package" pairs. A path (starting with /) must exist; a
# bare name must be on PATH. grub-pc-bin ships no command, only the BIOS
# modules grub-mkrescue needs; python3-matplotlib only a module, in the
# system Python's dist-packages (scripts/benchchart.py looks there too).
REQUIREMENTS=(
	"gcc gcc"
	"as binutils"
	"ld binutils"
	"nm binutils"
	"objcopy binutils"
	"make make"
	"qemu-system-x86_64 qemu-system-x86"
	"/usr/lib/grub/i386-pc/modinfo.sh grub-pc-bin"
	"grub-mkrescue grub-common"
	"grub-file grub-common"
	"xorriso xorriso"
	"mformat mtools"
	"musl-gcc musl-tools"
	"gdb gdb"
	"python3 python3"
	"/usr/lib/python3/dist-packages/matplotlib python3-matplotlib"
	"patch patch"
	"diff diffutils"
	"/bin/busybox busybox-static"
)

die() {
	echo "install-deps: $*" >&2
	exit 1
}

# Print "tool package" for every requirement that is not satisfied.
missing_requirements() {
	local req tool pkg
	for req in "${REQUIREMENTS[@]}"; do
		read -r tool pkg <<<"$req"
		if [[ $tool == /* ]]; then
			[[ -e $tool ]] && continue
		else
			command -v "$tool" >/dev/null 2>&1 && continue
		fi
		echo "$tool $pkg"
	done
}

# Set SUDO to the command prefix that runs apt-get as root, or fail with advice.
find_root_prefix() {
	local pkgs=$1
	if [[ $(id -u) -eq 0 ]]; then
		SUDO=()
	elif command -v sudo >/dev/null 2>&1; then
		SUDO=(sudo)
	else
		die "not root and sudo is missing; as root, run: apt-get install $pkgs"
	fi
}

main() {
	local check_only=0
	case "${1:-}" in
	"") ;;
	--check) check_only=1 ;;
	-h | --help)
		sed -n '2,10s/^# \{0,1\}//p' "$0"
		exit 0
		;;
	*) die "unknown option '$1' (try --help)" ;;
	esac

	local missing
	missing=$(missing_requirements)
	[[ -z $missing ]] && exit 0

	local pkgs
	pkgs=$(awk '{print $2}' <<<"$missing" | sort -u | paste -sd ' ')
	if ((check_only)); then
		while read -r tool pkg; do
			echo "missing: $tool (package $pkg)"
		done <<<"$missing"
		exit 1
	fi

	command -v apt-get >/dev/null 2>&1 ||
		die "apt-get not found; install these packages by hand: $pkgs"
	find_root_prefix "$pkgs"
	echo "install-deps: installing $pkgs"
	# sudo drops the environment by default; pass the variable through env.
	local apt=("${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -q)
	"${apt[@]}" update || die "apt-get update failed"
	# shellcheck disable=SC2086 # $pkgs is a word list on purpose
	"${apt[@]}" install -y --no-install-recommends $pkgs ||
		die "apt-get install failed for: $pkgs"

	missing=$(missing_requirements)
	[[ -z $missing ]] ||
		die "still missing after install: $(awk '{print $1}' <<<"$missing" | paste -sd ' ')"
}

main "$@"
