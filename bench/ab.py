#!/usr/bin/env python3
"""atlas vs the tantivy floor, whole process, interleaved (A B A B ...) so
that machine noise hits both alike; more runs than bench.py's table. Reads
the indexes bench.py built for SIZE (`bench/run.sh SIZE` also runs this
pairing, with bench.PAIRED_RUNS runs).

  ab.py SIZE [RUNS]     -> bench/work/ab-SIZE.json and a markdown table on stdout
"""
import json, os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench

size = sys.argv[1]
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 40
rows = bench.paired(size, os.path.join(bench.WORK, f"idx-{size}"), bench.SIZES[size][1], runs)
print("| class | atlas median ms | floor median ms | atlas / floor |\n|---|---:|---:|---:|")
for r in rows:
    print(f"| {r['class']} | {r['atlas_ms']:.1f} | {r['floor_ms']:.1f} | {r['ratio']:.2f} |")
json.dump(rows, open(os.path.join(bench.WORK, f"ab-{size}.json"), "w"), indent=1)
