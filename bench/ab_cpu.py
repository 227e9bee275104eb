#!/usr/bin/env python3
"""Like bench/ab_cmds.py (commands interleaved, A B C A B C ...), but one
warm-up round and, for each command, both the wall time and the CPU time
(user + system of the command and everything it waited for, from
getrusage(RUSAGE_CHILDREN)) of each timed round: median and quartiles.
CPU time moves less than wall time when other work shares the machine.

  python3 bench/ab_cpu.py 4 "old=sh -c '...'" "new=sh -c '...'"
"""
import resource, shlex, statistics, subprocess, sys, time

n, pairs = int(sys.argv[1]), sys.argv[2:]
cmds = {name: shlex.split(cmd) for name, cmd in (p.split("=", 1) for p in pairs)}
wall = {k: [] for k in cmds}
cpu = {k: [] for k in cmds}


def used():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


for i in range(n + 1):
    for k, c in cmds.items():
        t0, c0 = time.perf_counter(), used()
        subprocess.run(c, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        if i >= 1:
            wall[k].append(time.perf_counter() - t0)
            cpu[k].append(used() - c0)


def q(v):
    qs = statistics.quantiles(v, n=4)
    return f"median {statistics.median(v):.2f} s  p25 {qs[0]:.2f}  p75 {qs[2]:.2f}"


for k in cmds:
    print(f"{k}: wall {q(wall[k])} | cpu {q(cpu[k])}")
