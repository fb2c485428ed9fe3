#!/usr/bin/env python3
"""Build the initramfs: a cpio archive in the "newc" format (the one Linux's
initramfs uses), from a directory tree plus extra files.

    mkinitramfs.py -o OUT.cpio DIR [--add DEST=SRC ...]
                   [--attr DEST=MODE:UID:GID ...]

DIR's contents become the archive's root; each --add puts file SRC at path
DEST (e.g. bin/sh=build/user/sh). Entries are sorted, owned by root, with
a fixed mtime so the same inputs give the same bytes; --attr gives file
DEST other permission bits (octal, set-ID bits too) and owner, e.g.
bin/showids=6755:1000:1000.
"""
import argparse
import os
import stat
import sys

MAGIC = b"070701"


def header(name, mode, size, ino, nlink=1, uid=0, gid=0):
    """One newc header plus the NUL-terminated name, padded to 4 bytes."""
    fields = [ino, mode, uid, gid, nlink, 0, size, 0, 0, 0, 0,
              len(name) + 1, 0]
    h = MAGIC + b"".join(b"%08x" % f for f in fields)
    h += name.encode() + b"\0"
    return h + b"\0" * (-len(h) % 4)


def entries(root, extra):
    """(archive path, host path or None for a directory) pairs, sorted."""
    items = {}
    if root and os.path.isdir(root):
        for dirpath, dirnames, filenames in os.walk(root):
            rel = os.path.relpath(dirpath, root)
            if rel != ".":
                items[rel] = None
            for f in filenames:
                path = os.path.join(dirpath, f)
                items[os.path.normpath(os.path.join(rel, f))] = path
    for dest, src in extra:
        dest = dest.strip("/")
        parts = dest.split("/")
        for i in range(1, len(parts)):
            items.setdefault("/".join(parts[:i]), None)
        items[dest] = src
    return sorted(items.items())


def build(root, extra, attrs=None):
    """The archive's bytes; attrs maps a path to (mode bits, uid, gid)."""
    attrs = attrs or {}
    out = bytearray()
    for ino, (name, src) in enumerate(entries(root, extra), start=1):
        if src is None:
            out += header(name, stat.S_IFDIR | 0o755, 0, ino, 2)
            continue
        with open(src, "rb") as f:
            data = f.read()
        executable = os.stat(src).st_mode & 0o111
        perm, uid, gid = attrs.get(name, (0o755 if executable else 0o644,
                                          0, 0))
        out += header(name, stat.S_IFREG | perm, len(data), ino, 1, uid, gid)
        out += data + b"\0" * (-len(data) % 4)
    out += header("TRAILER!!!", 0, 0, 0)
    return bytes(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("root", nargs="?")
    ap.add_argument("--add", action="append", default=[],
                    metavar="DEST=SRC")
    ap.add_argument("--attr", action="append", default=[],
                    metavar="DEST=MODE:UID:GID")
    args = ap.parse_args()
    attrs = {}
    for a in args.attr:
        try:
            dest, spec = a.split("=", 1)
            mode, uid, gid = spec.split(":")
            attrs[dest.strip("/")] = (int(mode, 8) & 0o7777, int(uid), int(gid))
        except ValueError:
            sys.exit("mkinitramfs: --attr needs DEST=MODE:UID:GID, got %r" % a)
    extra = []
    for a in args.add:
        if "=" not in a:
            sys.exit("mkinitramfs: --add needs DEST=SRC, got %r" % a)
        extra.append(tuple(a.split("=", 1)))
    data = build(args.root, extra, attrs)
    with open(args.output, "wb") as f:
        f.write(data)


if __name__ == "__main__":
    main()
