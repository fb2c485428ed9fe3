#!/usr/bin/env python3
"""Snapshot a running Taskbase guest into an ELF core file for gdb.

A guest that went silent (no gdb stub, no monitor, its console's input
at end of file) can still be looked at: QEMU keeps the guest's RAM in
one anonymous mapping of its own process, which /proc/PID/mem reads.
This copies that RAM, walks the kernel half of the guest's page tables
from init_top_pgt (its address from the kernel's ELF), and writes a core
whose PT_LOAD segments put each mapped page at its kernel virtual
address: the direct map, the kernel image, kernel stacks, vmalloc. The
core has no registers; scripts/gdb/taskbase.py's commands read memory
only, so they work on it:

    scripts/guest_core.py QEMU_PID build/fz108/kernel.elf /tmp/core
    gdb build/fz108/kernel.elf /tmp/core -ex 'source scripts/gdb/taskbase.py' \\
        -ex tb-ps -ex 'tb-kstack 1' -ex tb-dmesg

Run it as root (or as QEMU's user, with ptrace allowed). The guest keeps
running meanwhile: the copy is of one moment, give or take what changes
while it is read.
"""
import re
import struct
import subprocess
import sys

PAGE_OFFSET = 0xffff888000000000	# asm/memlayout.h: the direct map
KERNEL_MAP = 0xffffffff80000000		# __START_KERNEL_map: the image, phys 0
ADDR_MASK = 0x000ffffffffff000
PRESENT, HUGE = 1, 0x80


def guest_ram(pid):
    """(address, size) of QEMU's guest RAM in its process: the anonymous
    read-write mapping of the size its -m option gave."""
    with open(f"/proc/{pid}/cmdline", "rb") as f:
        args = f.read().decode().split("\0")
    mem = args[args.index("-m") + 1]
    m = re.fullmatch(r"(\d+)([MG]?)", mem)
    size = int(m.group(1)) << (30 if m.group(2) == "G" else 20)
    with open(f"/proc/{pid}/maps") as f:
        for line in f:
            fields = line.split()
            lo, hi = (int(x, 16) for x in fields[0].split("-"))
            if hi - lo == size and fields[1].startswith("rw") and len(fields) == 5:
                return lo, size
    sys.exit(f"guest_core: no {mem} mapping in QEMU {pid}")


def symbol(kernel, name):
    out = subprocess.run(["nm", kernel], capture_output=True, text=True).stdout
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[2] == name:
            return int(parts[0], 16)
    sys.exit(f"guest_core: {name} not in {kernel}")


def phys(va):
    """A direct-map or kernel-image address's physical address."""
    return va - KERNEL_MAP if va >= KERNEL_MAP else va - PAGE_OFFSET


def mappings(ram, top):
    """[vaddr, paddr, size] runs of the kernel half of the page tables at
    physical @top, contiguous runs merged, inside the RAM copied."""
    def entry(table, i):
        return struct.unpack_from("<Q", ram, (table & ADDR_MASK) + i * 8)[0]

    runs = []

    def add(va, pa, size):
        if pa + size > len(ram):
            return
        last = runs[-1] if runs else None
        if last and last[0] + last[2] == va and last[1] + last[2] == pa:
            last[2] += size
        else:
            runs.append([va, pa, size])

    def walk(table, level, va):
        for i in range(256 if level == 4 else 0, 512):
            e = entry(table, i)
            if not e & PRESENT:
                continue
            v = va | (i << (12 + 9 * (level - 1)))
            if level == 4:
                v |= 0xffff << 48
            if level == 1 or (level in (2, 3) and e & HUGE):
                size = 1 << (12 + 9 * (level - 1))
                add(v, e & ADDR_MASK & ~(size - 1), size)
            else:
                walk(e, level - 1, v)

    walk(top, 4, 0)
    return runs


def write_core(path, ram, runs):
    ehsize, phsize = 64, 56
    header = struct.pack("<4sBBBBB7sHHIQQQIHHHHHH", b"\x7fELF", 2, 1, 1, 0,
                         0, b"\0" * 7, 4, 62, 1, 0, ehsize, 0, 0, ehsize,
                         phsize, len(runs), 64, 0, 0)	# ET_CORE, x86-64
    offset = ehsize + phsize * len(runs)
    with open(path, "wb") as f:
        f.write(header)
        for va, _, size in runs:	# PT_LOAD, RWX
            f.write(struct.pack("<IIQQQQQQ", 1, 7, offset, va, 0, size,
                                size, 4096))
            offset += size
        for _, pa, size in runs:
            f.write(ram[pa:pa + size])


def main(argv):
    if len(argv) != 4:
        print("usage: scripts/guest_core.py QEMU_PID KERNEL_ELF CORE",
              file=sys.stderr)
        return 2
    pid, kernel, out = int(argv[1]), argv[2], argv[3]
    base, size = guest_ram(pid)
    with open(f"/proc/{pid}/mem", "rb") as f:
        f.seek(base)
        ram = f.read(size)
    top_ptr = phys(symbol(kernel, "init_top_pgt"))
    top = phys(struct.unpack_from("<Q", ram, top_ptr)[0])
    runs = mappings(ram, top)
    write_core(out, ram, runs)
    print(f"guest_core: {out}: {len(runs)} segments, "
          f"{sum(r[2] for r in runs) >> 20} MiB of kernel memory")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
