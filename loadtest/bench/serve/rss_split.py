#!/usr/bin/env python3
"""Splits a JVM's resident memory into the Java heap and everything else (serve-bench.sh).

Usage: rss_split.py PID
Reads the heap's address range from `jcmd PID GC.heap_info` (every "[0x…, 0x…" range it prints)
and sums the Rss of the /proc/PID/smaps mappings inside it. Prints one line:
  RSS total_kib=T heap_kib=H other_kib=O
A heap's pages count once touched, whatever the GC later frees; "other" is code, metaspace, GC
tables, thread stacks and direct (off-heap) buffers such as Netty's pools and the memory tier.
"""
import re
import subprocess
import sys


def main():
    if len(sys.argv) != 2 or not sys.argv[1].isdigit():
        sys.exit("usage: rss_split.py PID")
    pid = sys.argv[1]
    info = subprocess.run(["jcmd", pid, "GC.heap_info"], capture_output=True, text=True, check=True).stdout
    ranges = [(int(a, 16), int(b, 16)) for a, b in re.findall(r"\[(0x[0-9a-f]+), ?(0x[0-9a-f]+)", info)]
    if not ranges:
        sys.exit(f"rss_split: no heap range in jcmd {pid} GC.heap_info:\n{info}")
    lo, hi = min(a for a, _ in ranges), max(b for _, b in ranges)
    total = heap = 0
    start = end = 0
    with open(f"/proc/{pid}/smaps") as f:
        for line in f:
            m = re.match(r"^([0-9a-f]+)-([0-9a-f]+) ", line)
            if m:
                start, end = int(m.group(1), 16), int(m.group(2), 16)
            elif line.startswith("Rss:"):
                kib = int(line.split()[1])
                total += kib
                if start >= lo and end <= hi:
                    heap += kib
    print(f"RSS total_kib={total} heap_kib={heap} other_kib={total - heap}")


if __name__ == "__main__":
    main()
