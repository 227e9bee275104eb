#!/usr/bin/env python3
"""Whole builds, interleaved (A B A B ...): each NAME=CMD indexes SIZE's
corpus into a fresh index, RUNS rounds; prints each run's wall time and peak
RSS (`/usr/bin/time`), then the medians. For comparing two builds, or one
build under two environments, on memory as well as time:

  python3 bench/ab_index.py 3 medium old=/tmp/atlas-old \\
      "thp-off=env MIMALLOC_ALLOW_THP=0 /tmp/atlas-old" new=target/release/atlas
"""
import os, shlex, shutil, statistics, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
runs, size, pairs = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
articles = os.path.join(HERE, "work", "corpora", size, "articles")
cmds = dict(p.split("=", 1) for p in pairs)
results = {name: [] for name in cmds}
for _ in range(runs):
    for name, cmd in cmds.items():
        idx = tempfile.mkdtemp(prefix="ab-index-")
        full = ["/usr/bin/time", "-f", "%e %M"] + shlex.split(cmd) + [
            "--index", idx, "index", articles, "--quiet"]
        p = subprocess.run(full, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True)
        wall, kb = p.stderr.strip().splitlines()[-1].split()
        shutil.rmtree(idx, ignore_errors=True)
        results[name].append((float(wall), int(kb) / 1024))
        print(f"{name}: wall {float(wall):.1f} s, peak RSS {int(kb) / 1024:.0f} MB", flush=True)
for name, r in results.items():
    print(f"{name}: median wall {statistics.median(w for w, _ in r):.1f} s, "
          f"median peak RSS {statistics.median(m for _, m in r):.0f} MB ({len(r)} runs)")
