#!/usr/bin/env python3
"""atlas vs the tantivy floor, whole process, interleaved (A B A B ...) so
that machine noise hits both alike; more runs than bench.py's table. Reads
the indexes bench.py built for SIZE (`bench/run.sh SIZE` also runs this
pairing, with bench.PAIRED_RUNS runs).

  ab.py SIZE [RUNS] [BASELINE]  -> bench/work/ab-SIZE.json and a markdown table on stdout

BASELINE, an earlier atlas binary, joins the rotation on the same index:
the before/after of a change on the query side.
"""
import json, os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench

size = sys.argv[1]
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 40
baseline = os.path.abspath(sys.argv[3]) if len(sys.argv) > 3 else None
rows = bench.paired(size, os.path.join(bench.WORK, f"idx-{size}"), bench.SIZES[size][1], runs,
                    baseline)
if baseline:
    print("| class | baseline median ms | atlas median ms | floor median ms | baseline / floor "
          "| atlas / floor |\n|---|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['class']} | {r['baseline_ms']:.1f} | {r['atlas_ms']:.1f} | {r['floor_ms']:.1f} "
              f"| {r['baseline_ratio']:.2f} | {r['ratio']:.2f} |")
else:
    print("| class | atlas median ms | floor median ms | atlas / floor |\n|---|---:|---:|---:|")
    for r in rows:
        print(f"| {r['class']} | {r['atlas_ms']:.1f} | {r['floor_ms']:.1f} | {r['ratio']:.2f} |")
json.dump(rows, open(os.path.join(bench.WORK, f"ab-{size}.json"), "w"), indent=1)
