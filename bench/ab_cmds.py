#!/usr/bin/env python3
"""Any commands, whole process, interleaved (A B C A B C ...), two warm-up
rounds, then RUNS timed rounds; prints median and quartiles of each. For
comparing two builds of atlas (or atlas and the floor) on one query:

  python3 bench/ab_cmds.py 40 "old=/tmp/atlas-old --index IDX search government" \
                              "new=target/release/atlas --index IDX search government"
"""
import shlex, subprocess, time, statistics, sys
cmds = {}
args = sys.argv[1:]
n = int(args[0]); pairs = args[1:]
for p in pairs:
    name, cmd = p.split("=", 1)
    cmds[name] = shlex.split(cmd)  # quoted phrases stay one argument
t = {k: [] for k in cmds}
for i in range(n + 2):
    for k, c in cmds.items():
        t0 = time.perf_counter()
        subprocess.run(c, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        if i >= 2: t[k].append((time.perf_counter() - t0) * 1000)
for k, v in t.items():
    print(f"{k}: median {statistics.median(v):.2f} ms  p25 {statistics.quantiles(v, n=4)[0]:.2f}  p75 {statistics.quantiles(v, n=4)[2]:.2f}")
