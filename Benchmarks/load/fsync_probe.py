#!/usr/bin/env python3
"""fsync_probe.py DIR [N]: the durable-commit floor of the disk under DIR.

Writes 8 KB and calls fdatasync N times (default 300), rewriting blocks already in the file, the way
SQLite rewrites its WAL after a checkpoint, and prints p50/p90/p99 in milliseconds. Every webhook's 200
waits for one such fdatasync (shared by its group), so no latency figure of the pipeline with
synchronous=FULL can be below this machine's.
"""
import os
import sys
import time

folder = sys.argv[1]
count = int(sys.argv[2]) if len(sys.argv) > 2 else 300
path = os.path.join(folder, "fsync-probe.bin")
fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC)
try:
    block = b"x" * 8192
    for i in range(64):
        os.pwrite(fd, block, i * 8192)
    os.fdatasync(fd)
    samples = []
    for i in range(count):
        os.pwrite(fd, block, (i % 64) * 8192)
        start = time.perf_counter()
        os.fdatasync(fd)
        samples.append((time.perf_counter() - start) * 1000)
finally:
    os.close(fd)
    os.unlink(path)
samples.sort()
pick = lambda q: samples[min(len(samples) - 1, int(len(samples) * q))]
print(f"fdatasync of this disk: p50 {pick(0.5):.2f} ms, p90 {pick(0.9):.2f} ms, p99 {pick(0.99):.2f} ms ({count} samples)")
