#!/usr/bin/env python3
# Runs a dispatch-load binary, samples /proc/<pid>/task/*/stat every 20 ms, identifies the libcurl thread (poll/ppoll
# syscalls) and the SQLite writer (fdatasync/fsync/pwrite), and prints CPU per message per thread group over the
# peak phase (from the program's own "peak dispatch: N messages in S s" line).
# Usage: python3 Benchmarks/dispatch/per-thread-cpu.py .build/release/dispatch-load 8000 5
import os, re, subprocess, sys, time, threading, collections
binary, n, wrk = sys.argv[1], sys.argv[2], sys.argv[3]
proc = subprocess.Popen(["stdbuf", "-oL", binary, n, wrk], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
pid = proc.pid
samples = []  # (time, {tid: (comm, ticks)})
syscalls = collections.defaultdict(collections.Counter)
stop = False
def sampler():
    while not stop:
        t = time.monotonic(); snap = {}
        try:
            for tid in os.listdir(f"/proc/{pid}/task"):
                try:
                    s = open(f"/proc/{pid}/task/{tid}/stat").read()
                    comm = s[s.index("(")+1:s.rindex(")")]
                    f = s[s.rindex(")")+2:].split()
                    snap[int(tid)] = (comm, int(f[11]) + int(f[12]))
                    sc = open(f"/proc/{pid}/task/{tid}/syscall").read().split()[0]
                    syscalls[int(tid)][sc] += 1
                except Exception: pass
        except Exception: break
        samples.append((t, snap)); time.sleep(0.02)
th = threading.Thread(target=sampler); th.start()
out = []; end = None; elapsed = None
for line in proc.stdout:
    out.append(line)
    m = re.match(r"peak dispatch: (\d+) messages in ([\d.]+) s", line)
    if m: end = time.monotonic(); elapsed = float(m.group(2)); count = int(m.group(1))
proc.wait(); stop = True; th.join()
print("".join(out), end="")
start = end - elapsed
def at(t):
    best = min(samples, key=lambda s: abs(s[0]-t)); return best[1]
a, b = at(start), at(end)
hz = os.sysconf("SC_CLK_TCK")
def group(tid, comm):
    c = syscalls[tid]
    if comm.startswith("NIO"): return "NIO"
    if c.get("75",0)+c.get("74",0)+c.get("18",0) > 0 and comm.endswith("overcommit"): return "writer"
    if c.get("7",0)+c.get("271",0) > 0: return "curl"
    if comm.endswith("default-qos"): return "pool"  # the cooperative pool (libdispatch's names, truncated)
    return "other"
tot = collections.Counter()
for tid,(comm,ticks) in b.items():
    d = ticks - a.get(tid,(comm,0))[1]
    g = group(tid, comm)
    # the second store's writer does nothing in the peak phase; fine
    tot[g] += d
msgs = count
res = {g: v/hz*1e6/msgs for g,v in tot.items()}
res["all"] = sum(tot.values())/hz*1e6/msgs
print("CPU per message per thread group (µs, peak phase): " + " ".join(f"{g}={res[g]:.0f}" for g in sorted(res)))
