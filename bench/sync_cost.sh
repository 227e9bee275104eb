#!/usr/bin/env bash
# What the quote index's sync and an incremental run cost (BENCHMARKS.md,
# "Quotes" and "Speed, round three"): ROUNDS interleaved triples on one
# corpus — from empty, unchanged, and with INDEX/.quotes deleted (the run
# then re-extracts every article's quotes and nothing else) — then one
# changed file, ROUNDS times. The corpus is left as it was found.
#
#   bash bench/sync_cost.sh CORPUS_DIR [ROUNDS]   # e.g. bench/work/corpora/medium/articles/articles
set -euo pipefail
CORPUS=$1 ROUNDS=${2:-3}
BENCH="$(cd "$(dirname "$0")" && pwd)"
(cd "$BENCH/.." && cargo build --release --bin atlas >/dev/null 2>&1)
ATLAS="$BENCH/../target/release/atlas"
IDX=$(mktemp -d)/idx
run() { /usr/bin/time -f "$1 %e s wall, %U + %S s CPU, %M KB peak" "$ATLAS" --index "$IDX" index "$CORPUS" --quiet 2>&1 >/dev/null | tail -1; }
for _ in $(seq "$ROUNDS"); do
    rm -rf "$IDX"
    run "from empty "
    run "unchanged  "
    rm -rf "$IDX/.quotes"
    run "quotes only"
done
# (sort | sed, not head: head closing the pipe fails it under pipefail)
FILE=$(find "$CORPUS" -type f -name '*.txt' | sort | sed -n 1p)
cp -p "$FILE" "$FILE.bak"
trap 'mv "$FILE.bak" "$FILE"' EXIT
for i in $(seq "$ROUNDS"); do
    echo "An added line, round $i." >>"$FILE"
    run "one changed"
done
rm -rf "$(dirname "$IDX")"
