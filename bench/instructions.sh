#!/usr/bin/env bash
# Whole-process search cost in instructions (valgrind --tool=callgrind):
# repeatable on a noisy shared machine, where wall-clock times of a few
# milliseconds are not. One row per query class of bench/queries-synth.jsonl.
#
#   bench/instructions.sh CORPUS_DIR BIN [BIN_B]
#
# Each binary indexes CORPUS_DIR into its own index under bench/work/ (so an
# older schema or doc-store setting is measured as it was built), then runs
# every query once under callgrind; with two binaries, a ratio column.
# E.g. the before/after of BENCHMARKS.md "Start-up and size":
#   git worktree add /tmp/atlas-before 1cc1ff8 && (cd /tmp/atlas-before && cargo build --release)
#   bench/instructions.sh bench/work/corpora/s20k/articles /tmp/atlas-before/target/release/atlas target/release/atlas
set -euo pipefail
BENCH="$(cd "$(dirname "$0")" && pwd)"
CORPUS="$1"; shift
command -v valgrind >/dev/null || apt-get install -y -qq valgrind >/dev/null
idx=(); n=0
for bin in "$@"; do
    n=$((n + 1)); dir="$BENCH/work/instr-idx-$n"
    rm -rf "$dir"
    "$bin" --index "$dir" index "$CORPUS" --quiet >/dev/null
    idx+=("$dir")
    echo "binary $n: $bin  index $(du -sb "$dir" | cut -f1) bytes ($(du -sb --exclude='*.json' "$CORPUS" | cut -f1) input)" >&2
done
count() { # BIN INDEX ARGS... -> instructions
    local bin="$1" dir="$2"; shift 2
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" --index "$dir" search "$@" \
        --limit 10 --format json 2>&1 >/dev/null | awk '/Collected/ {print $4}'
}
printf "| class |"; for ((i = 1; i <= n; i++)); do printf " binary %d (M instr) |" "$i"; done
[ "$n" = 2 ] && printf " 2 / 1 |"; echo
printf "|---|"; for ((i = 1; i <= n; i++)); do printf -- "---:|"; done; [ "$n" = 2 ] && printf -- "---:|"; echo
python3 -c "
import json
for l in open('$BENCH/queries-synth.jsonl'):
    q = json.loads(l); args = [q['q']]
    for k in ('desk', 'since', 'until'):
        if q.get(k): args += ['--' + k, q[k]]
    print(q['class'] + '\t' + '\t'.join(args))
" | while IFS=$'\t' read -ra f; do
    class="${f[0]}"; a=("${f[@]:1}")
    row=(); i=0
    for bin in "$@"; do row+=("$(count "$bin" "${idx[$i]}" "${a[@]}")"); i=$((i + 1)); done
    printf "| %s |" "$class"
    for r in "${row[@]}"; do printf " %.1f |" "$(echo "$r" | tr -d , | awk '{print $1/1e6}')"; done
    if [ "$n" = 2 ]; then
        printf " %.2f |" "$(echo "${row[0]} ${row[1]}" | tr -d , | awk '{print $2/$1}')"
    fi
    echo
done
