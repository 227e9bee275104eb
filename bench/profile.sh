#!/usr/bin/env bash
# Where atlas's indexing time goes: `perf record` of `atlas index --rebuild`
# on a corpus (default: the medium 100k corpus; PROFILE_CORPUS=smoke|small|...
# to change), summarised by symbol and by area.
#
#   bench/run.sh profile            # builds tools, then runs this
#   bash bench/profile.sh           # when bench/work/bin/atlas already exists
#
# Output: bench/work/profile-index.txt (top symbols, self time) and
# bench/work/profile-areas.txt (the same grouped into areas).
# Falls back to valgrind --tool=callgrind on the smoke corpus without perf.
set -euo pipefail
BENCH="$(cd "$(dirname "$0")" && pwd)"
WORK="$BENCH/work"
CORPUS="${PROFILE_CORPUS:-medium}"
ARTS="$WORK/corpora/$CORPUS/articles"
IDX="$WORK/idx-profile"

if [ ! -d "$ARTS" ]; then
    echo "no corpus $CORPUS yet: run bench/run.sh $CORPUS first" >&2; exit 1
fi
rm -rf "$IDX"; mkdir -p "$IDX"

if command -v perf >/dev/null && perf record -o /dev/null -- true 2>/dev/null; then
    perf record -F 499 -o "$WORK/perf-index.data" -- \
        "$WORK/bin/atlas" --index "$IDX" index "$ARTS" --rebuild --quiet --format json \
        >"$WORK/profile-index.json" 2>"$WORK/logs/perf-record.log"
    perf report -i "$WORK/perf-index.data" --no-children --sort symbol --stdio \
        >"$WORK/perf-report-full.txt" 2>/dev/null
    grep -v '^#' "$WORK/perf-report-full.txt" | grep -v '^$' | head -60 >"$WORK/profile-index.txt" || true
    python3 "$BENCH/profile_areas.py" <"$WORK/perf-report-full.txt" >"$WORK/profile-areas.txt"
else
    # callgrind is ~50x slower: the smoke corpus only.
    valgrind --tool=callgrind --callgrind-out-file="$WORK/callgrind.out" \
        "$WORK/bin/atlas" --index "$IDX" index "$WORK/corpora/smoke/articles" --rebuild --quiet \
        >/dev/null 2>"$WORK/logs/callgrind.log"
    callgrind_annotate "$WORK/callgrind.out" >"$WORK/profile-index.txt"
fi
cat "$WORK/profile-index.json" 2>/dev/null || true
cat "$WORK/profile-areas.txt" 2>/dev/null || true
head -40 "$WORK/profile-index.txt" || true
