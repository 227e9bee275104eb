#!/usr/bin/env bash
# Issue [5/8]'s benchmark row: a 1,000-document mixed corpus (PDF, DOCX,
# ODT, RTF by LibreOffice; .eml and one mbox) indexed from nothing, three
# times; wall, CPU and peak RSS of each run, and what was indexed.
#
#   bash bench/docs_bench.sh          # needs soffice and bench/work/npm
set -euo pipefail
BENCH="$(cd "$(dirname "$0")" && pwd)"
WORK="$BENCH/work"
SYNTH="$WORK/corpora/medium/articles"
DOCS="$WORK/corpora/docs1k"
IDX="$WORK/idx-docs1k"
mkdir -p "$WORK/logs"
[ -d "$SYNTH" ] || python3 "$BENCH/corpus.py" synth "$SYNTH" 100000 >/dev/null
python3 "$BENCH/docs_corpus.py" "$SYNTH/articles" "$DOCS"
(cd "$BENCH/.." && cargo build --release --bin atlas >"$WORK/logs/build-docs.log" 2>&1)
ATLAS="$BENCH/../target/release/atlas"
echo "| run | wall s | CPU s | peak RSS MB | articles | skipped | input MB |"
echo "|---:|---:|---:|---:|---:|---:|---:|"
for run in 1 2 3; do
    rm -rf "$IDX"
    /usr/bin/time -f "%e %U %S %M" -o "$WORK/logs/docs-time.txt" \
        "$ATLAS" --index "$IDX" index "$DOCS" --quiet --format json >"$WORK/logs/docs-report.json"
    read -r wall user sys peak <"$WORK/logs/docs-time.txt"
    python3 - "$run" "$wall" "$user" "$sys" "$peak" "$WORK/logs/docs-report.json" <<'PY'
import json, sys
run, wall, user, sys_, peak, report = sys.argv[1:]
r = json.load(open(report))
cpu = float(user) + float(sys_)
print(f"| {run} | {float(wall):.2f} | {cpu:.2f} | {int(peak) // 1024} | {r['articles']} | "
      f"{len(r.get('skipped', []))} | {r['bytes'] / 1e6:.1f} |")
PY
done
rm -rf "$IDX"
