#!/usr/bin/env python3
"""Medians of the load script's rounds (read from stdin, one round per line).

peak:   lines "full baseline nginx" (req/s); prints the median full rate (the half-peak run is offered half of it).
report: the same lines; prints medians, ranges and the per-round ratios full/baseline and baseline/nginx.
half:   lines of three wrk summaries ("full-half RPS p50_ms=.. p99_ms=.. ... baseline-half ... nginx-half ..."); prints
        the median p50/p99 of each route with their ranges.
budget: the peak lines, then CORES and sqlite_floor's output line as arguments; prints the CPU time per webhook
        that "full >= 70 % of (a)" leaves beyond the baseline's work, and what SQLite alone takes of it.
"""
import re
import statistics
import sys


def span(values, unit="", digits=0):
    fmt = f"{{:.{digits}f}}"
    return f"{fmt.format(statistics.median(values))}{unit} (range {fmt.format(min(values))} - {fmt.format(max(values))})"


def main(mode):
    lines = [line.split() for line in sys.stdin if line.strip()]
    if mode == "peak":
        print(round(statistics.median(float(fields[0]) for fields in lines)))
    elif mode == "report":
        full = [float(f[0]) for f in lines]
        baseline = [float(f[1]) for f in lines]
        nginx = [float(f[2]) for f in lines]
        print(f"rounds: {len(lines)}")
        print(f"full pipeline: {span(full, ' webhooks/s stored')}")
        print(f"(a) baseline (no route, 404): {span(baseline, ' req/s')}; (b) nginx: {span(nginx, ' req/s')}")
        print(f"full / (a) per round: {span([100 * a / b for a, b in zip(full, baseline)], ' %')}")
        print(f"(a) / (b) per round: {span([100 * a / b for a, b in zip(baseline, nginx)], ' %')}")
    elif mode == "half":
        p50s, p99s, rates = [[], [], []], [[], [], []], []
        for fields in lines:
            text = " ".join(fields)
            p50 = [float(v) for v in re.findall(r"p50_ms=([\d.]+)", text)]
            p99 = [float(v) for v in re.findall(r"p99_ms=([\d.]+)", text)]
            for route in range(min(3, len(p50))):
                p50s[route].append(p50[route]); p99s[route].append(p99[route])
            rates.append(float(fields[1]))
        print(f"full pipeline at half peak ({span(rates, ' req/s')}): p50 {span(p50s[0], ' ms', 2)}, p99 {span(p99s[0], ' ms', 2)}")
        print(f"baseline at the same rate: p50 {span(p50s[1], ' ms', 2)}, p99 {span(p99s[1], ' ms', 2)}")
        if p99s[2]:
            print(f"nginx at the same rate: p50 {span(p50s[2], ' ms', 2)}, p99 {span(p99s[2], ' ms', 2)}")
    elif mode == "budget":
        cores, floor_line = float(sys.argv[2]), sys.argv[3]
        baseline = statistics.median(float(f[1]) for f in lines)
        full = statistics.median(float(f[0]) for f in lines)
        floor = float(re.search(r"cpu_us=([\d.]+)", floor_line).group(1))
        per_baseline = cores * 1e6 / baseline
        budget = cores * 1e6 / (0.7 * baseline) - per_baseline
        spent = cores * 1e6 / full - per_baseline
        print(f"CPU per request on {cores:.0f} cores: baseline {per_baseline:.0f} core-us; full pipeline {per_baseline + spent:.0f}")
        print(f"full >= 70 % of (a) leaves {budget:.0f} core-us per webhook to verify, normalize and store (this run spent {spent:.0f})")
        print(f"SQLite alone, event + conversation rows, synchronous=FULL (Benchmarks/storage-floor): {floor:.1f} core-us "
              f"per webhook = {100 * floor / budget:.0f} % of that budget ({floor_line.strip()})")
    else:
        sys.exit(f"unknown mode {mode}")


if __name__ == "__main__":
    main(sys.argv[1])
