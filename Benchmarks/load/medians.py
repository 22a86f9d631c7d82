#!/usr/bin/env python3
"""Medians of the load script's rounds (read from stdin, one round per line).

peak:   lines "full noop nginx" (req/s); prints the median full rate (the half-peak run is offered half of it).
report: the same lines; prints medians, ranges and the per-round ratios full/noop and noop/nginx.
half:   lines of two wrk summaries ("full-half RPS p50_ms=.. p99_ms=.. ... noop-half RPS p50_ms=.. ..."); prints
        the median p50/p99 of each route with their ranges.
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
        noop = [float(f[1]) for f in lines]
        nginx = [float(f[2]) for f in lines]
        print(f"rounds: {len(lines)}")
        print(f"full pipeline: {span(full, ' webhooks/s stored')}")
        print(f"(a) noop route: {span(noop, ' req/s')}; (b) nginx: {span(nginx, ' req/s')}")
        print(f"full / (a) per round: {span([100 * a / b for a, b in zip(full, noop)], ' %')}")
        print(f"(a) / (b) per round: {span([100 * a / b for a, b in zip(noop, nginx)], ' %')}")
    elif mode == "half":
        full_p50, full_p99, noop_p50, noop_p99, rates = [], [], [], [], []
        for fields in lines:
            text = " ".join(fields)
            p50 = [float(v) for v in re.findall(r"p50_ms=([\d.]+)", text)]
            p99 = [float(v) for v in re.findall(r"p99_ms=([\d.]+)", text)]
            full_p50.append(p50[0]); full_p99.append(p99[0]); noop_p50.append(p50[1]); noop_p99.append(p99[1])
            rates.append(float(fields[1]))
        print(f"full pipeline at half peak ({span(rates, ' req/s')}): p50 {span(full_p50, ' ms', 2)}, p99 {span(full_p99, ' ms', 2)}")
        print(f"noop route at the same rate: p50 {span(noop_p50, ' ms', 2)}, p99 {span(noop_p99, ' ms', 2)}")
    else:
        sys.exit(f"unknown mode {mode}")


if __name__ == "__main__":
    main(sys.argv[1])
