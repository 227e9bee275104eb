#!/usr/bin/env bash
# What the `*_words` prefix fields cost (BENCHMARKS.md, "Prefixes on words as
# written"): the build before them (c0b6593) against this tree, indexing the
# 100k synthetic corpus from scratch, interleaved, RUNS times each.
# Usage: bench/prefix_cost.sh [RUNS]   (needs bench/run.sh's npm datasets)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-2}"
WORK=bench/work/prefix-cost
mkdir -p "$WORK"
[ -d "$WORK/before" ] || git worktree add -q --detach "$WORK/before" c0b6593
(cd "$WORK/before" && cargo build --release -q)
cargo build --release -q
[ -d "$WORK/corpus" ] || python3 bench/corpus.py synth "$WORK/corpus" 100000 --seed 1
for i in $(seq "$RUNS"); do
  for build in before after; do
    bin=target/release/atlas
    [ "$build" = before ] && bin="$WORK/before/target/release/atlas"
    rm -rf "$WORK/index-$build"
    /usr/bin/time -f "$build run $i: wall %e s, user %U s, peak %M KB" \
      "$bin" --index "$WORK/index-$build" index "$WORK/corpus/articles" --quiet
    echo "$build run $i: $(du -sb "$WORK/index-$build" | cut -f1) index bytes"
  done
done
