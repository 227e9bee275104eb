#!/usr/bin/env python3
"""atlas vs the tantivy floor, whole process, interleaved (A B A B ...) so
that machine noise hits both alike; more runs than bench.py uses. Reads the
indexes bench.py built for SIZE.

  ab.py SIZE [RUNS]     -> bench/work/ab-SIZE.json and a markdown table on stdout
"""
import json, os, statistics, subprocess, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench

size = sys.argv[1]
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 40
idx = os.path.join(bench.WORK, f"idx-{size}")
fidx = os.path.join(bench.WORK, f"idx-{size}-floor-stem")
qfile = bench.SIZES[size][1]
rows = []
print(f"| class | atlas median ms | floor median ms | atlas / floor |\n|---|---:|---:|---:|")
for q in bench.load_queries(qfile):
    cmds = {"atlas": bench.atlas_cmd(idx, q), "floor": bench.floor_cmd(fidx, q)}
    t = {k: [] for k in cmds}
    for i in range(runs + 2):
        for k, c in cmds.items():
            t0 = time.perf_counter()
            subprocess.run(c, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
            if i >= 2:
                t[k].append((time.perf_counter() - t0) * 1000)
    a, f = statistics.median(t["atlas"]), statistics.median(t["floor"])
    rows.append({"class": q["class"], "atlas_ms": round(a, 2), "floor_ms": round(f, 2), "ratio": round(a / f, 2)})
    print(f"| {q['class']} | {a:.1f} | {f:.1f} | {a / f:.2f} |", flush=True)
json.dump(rows, open(os.path.join(bench.WORK, f"ab-{size}.json"), "w"), indent=1)
