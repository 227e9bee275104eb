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
# (heading, row key, format): the baseline's columns only with a baseline.
cols = [("class", "class", "{}")]
if baseline:
    cols += [("baseline median ms", "baseline_ms", "{:.1f}")]
cols += [("atlas median ms", "atlas_ms", "{:.1f}"), ("floor median ms", "floor_ms", "{:.1f}")]
if baseline:
    cols += [("baseline / floor", "baseline_ratio", "{:.2f}")]
cols += [("atlas / floor", "ratio", "{:.2f}")]
print("| " + " | ".join(h for h, _, _ in cols) + " |")
print("|---|" + "---:|" * (len(cols) - 1))
for r in rows:
    print("| " + " | ".join(f.format(r[k]) for _, k, f in cols) + " |")
json.dump(rows, open(os.path.join(bench.WORK, f"ab-{size}.json"), "w"), indent=1)
