#!/usr/bin/env bash
# What the index writer's memory budget costs: ROUNDS interleaved builds of
# CORPUS from empty at each budget (ATLAS_WRITER_BUDGET_MB), each with its
# wall time, user and system CPU seconds, peak RSS (KB, /usr/bin/time),
# segments (articles each) and index bytes. BENCHMARKS.md, "Speed, round
# three". The last round's indexes stay in bench/work/budget-idx-N, for
# bench/instructions.sh-style search counts on them.
#
#   bench/budget_cost.sh bench/work/corpora/medium/articles 2 384 256 192 128
set -euo pipefail
BENCH="$(cd "$(dirname "$0")" && pwd)"
CORPUS="$1"; ROUNDS="$2"; shift 2
BIN="${ATLAS_BIN:-$BENCH/../target/release/atlas}"
t="$(mktemp)"; trap 'rm -f "$t"' EXIT
for ((r = 1; r <= ROUNDS; r++)); do
    for b in "$@"; do
        idx="$BENCH/work/budget-idx-$b"; rm -rf "$idx"
        /usr/bin/time -f '%e %U %S %M' -o "$t" env ATLAS_WRITER_BUDGET_MB="$b" \
            "$BIN" --index "$idx" index "$CORPUS" --quiet 2>/dev/null
        segs=$(python3 -c "import json,sys; m=json.load(open(sys.argv[1])); \
print(len(m['segments']), [s['max_doc'] for s in m['segments']])" "$idx/meta.json")
        echo "round $r budget $b MB: wall/user/sys s, peak KB: $(cat "$t"); segments $segs; bytes $(du -sb "$idx" | cut -f1)"
    done
done
