#!/usr/bin/env python3
"""Build the initramfs: a cpio archive in the "newc" format (the one Linux's
initramfs uses), from a directory tree plus extra files.

    mkinitramfs.py -o OUT.cpio DIR [--add DEST=SRC ...] [--link DEST=TARGET ...]
                   [--busybox SRC]

DIR's contents become the archive's root; each --add puts file SRC at path
DEST (e.g. bin/tsh=build/user/tsh); each --link makes DEST a symbolic link
to TARGET (e.g. bin/sh=busybox). A symbolic link in DIR goes in as one.
--busybox SRC puts Debian's BusyBox at bin/busybox and, for every applet it
lists (`SRC --list`), a link bin/APPLET -> busybox, unless the archive
already has a bin/APPLET of its own (Taskbase's programs win). Entries are
sorted, owned by root, with a fixed mtime so the same inputs give the same
bytes.
"""
import argparse
import os
import stat
import subprocess
import sys

MAGIC = b"070701"


def header(name, mode, size, ino, nlink=1):
    """One newc header plus the NUL-terminated name, padded to 4 bytes."""
    fields = [ino, mode, 0, 0, nlink, 0, size, 0, 0, 0, 0,
              len(name) + 1, 0]
    h = MAGIC + b"".join(b"%08x" % f for f in fields)
    h += name.encode() + b"\0"
    return h + b"\0" * (-len(h) % 4)


class Link(str):
    """The target of a symbolic link entry (a host path is a plain str)."""


def put(items, dest, src, replace=True):
    """Add dest (and its missing parent directories) to items."""
    dest = dest.strip("/")
    parts = dest.split("/")
    for i in range(1, len(parts)):
        items.setdefault("/".join(parts[:i]), None)
    if replace or dest not in items:
        items[dest] = src


def busybox_applets(busybox):
    """The applet names BusyBox at host path busybox was built with.

    The host runs Debian's own copy of the very file that goes into the
    image, so the links always match the binary.
    """
    out = subprocess.run([busybox, "--list"], capture_output=True,
                         text=True, check=True).stdout
    return [a for a in out.split() if a and "/" not in a]


def entries(root, extra, links=(), busybox=None):
    """(archive path, host path, Link or None for a directory), sorted."""
    items = {}
    if root and os.path.isdir(root):
        for dirpath, dirnames, filenames in os.walk(root):
            rel = os.path.relpath(dirpath, root)
            if rel != ".":
                items[rel] = None
            for f in filenames + [d for d in dirnames if os.path.islink(
                    os.path.join(dirpath, d))]:
                path = os.path.join(dirpath, f)
                name = os.path.normpath(os.path.join(rel, f))
                items[name] = (Link(os.readlink(path))
                               if os.path.islink(path) else path)
    for dest, src in extra:
        put(items, dest, src)
    for dest, target in links:
        put(items, dest, Link(target))
    if busybox:
        put(items, "bin/busybox", busybox)
        for applet in busybox_applets(busybox):
            put(items, "bin/" + applet, Link("busybox"), replace=False)
    return sorted(items.items())


def build(root, extra, links=(), busybox=None):
    out = bytearray()
    items = entries(root, extra, links, busybox)
    for ino, (name, src) in enumerate(items, start=1):
        if src is None:
            out += header(name, stat.S_IFDIR | 0o755, 0, ino, 2)
            continue
        if isinstance(src, Link):
            data = src.encode()
            out += header(name, stat.S_IFLNK | 0o777, len(data), ino)
            out += data + b"\0" * (-len(data) % 4)
            continue
        with open(src, "rb") as f:
            data = f.read()
        executable = os.stat(src).st_mode & 0o111
        mode = stat.S_IFREG | (0o755 if executable else 0o644)
        out += header(name, mode, len(data), ino)
        out += data + b"\0" * (-len(data) % 4)
    out += header("TRAILER!!!", 0, 0, 0)
    return bytes(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("root", nargs="?")
    ap.add_argument("--add", action="append", default=[],
                    metavar="DEST=SRC")
    ap.add_argument("--link", action="append", default=[],
                    metavar="DEST=TARGET")
    ap.add_argument("--busybox", metavar="SRC")
    args = ap.parse_args()
    extra, links = [], []
    for opt, pairs, out in (("--add", args.add, extra),
                            ("--link", args.link, links)):
        for a in pairs:
            if "=" not in a:
                sys.exit("mkinitramfs: %s needs DEST=SRC, got %r" % (opt, a))
            out.append(tuple(a.split("=", 1)))
    data = build(args.root, extra, links, args.busybox)
    with open(args.output, "wb") as f:
        f.write(data)


if __name__ == "__main__":
    main()
