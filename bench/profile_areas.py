#!/usr/bin/env python3
"""Groups `perf report --no-children --sort symbol --stdio` lines (stdin)
into areas of atlas's indexing pipeline, so a profile reads as "where the
time goes" rather than 500 symbols. First matching pattern wins."""

import re
import sys
from collections import defaultdict

AREAS = [
    ("kernel: page zeroing / faults (fresh memory)", r"\[k\].*(clear_page|page_fault|do_anonymous|alloc_pages|zap_|memcg|lru)"),
    ("kernel: file IO / other", r"\[k\]"),
    ("stemmer (+ cache)", r"stem|Stemmer|rust_stemmers|snowball"),
    ("content hash (blake3)", r"blake3"),
    ("hashing (SipHash = std HashMap)", r"sip::|Hasher|hash_one|BuildHasher|ahash|fxhash"),
    ("tokenizer + filters", r"tokenizer|TokenStream|ascii_folding|AsciiFolding|LowerCaser|SimpleTok|RemoveLong"),
    ("postings / term hash (tantivy)", r"postings|stacker|ArenaHashMap|shared_arena|Recorder|subscribe|ExpUnrolled"),
    ("term dictionary / fst", r"fst|TermInfo|sstable|termdict"),
    ("doc store compression (lz4/zstd)", r"lz4|zstd|store::"),
    ("fast fields / columnar", r"columnar|fastfield|fast_field|bitpack"),
    ("segment merge / serialize", r"merge|serializ|Merger|write_|BlockEncoder|bitpacker"),
    ("memcpy / memmove / memcmp", r"mem(cpy|move|cmp|set)|bcmp"),
    ("allocator", r"malloc|free|mi_|alloc::|realloc|_rjem|cfree"),
    ("atlas parse (text/json/date/regex)", r"atlas_search::parse|regex|serde_json|chrono|encoding_rs|pulldown"),
    ("atlas indexer / hashing content (blake3)", r"atlas_search|blake3"),
    ("utf-8 / string ops", r"str::|utf8|char|String"),
]


def main():
    totals = defaultdict(float)
    examples = defaultdict(list)
    for line in sys.stdin:
        m = re.match(r"\s*([\d.]+)%\s+(.*)", line)
        if not m:
            continue
        pct, sym = float(m.group(1)), m.group(2).strip()
        sym = re.sub(r"\s+-\s+-\s*$", "", sym)
        area = next((name for name, pat in AREAS if re.search(pat, sym)), "other")
        totals[area] += pct
        if len(examples[area]) < 3:
            examples[area].append(re.sub(r"^\[.\]\s*", "", sym)[:90])
    print("| area | self % | top symbols |")
    print("|---|---:|---|")
    for area, pct in sorted(totals.items(), key=lambda kv: -kv[1]):
        if pct >= 0.5:
            print(f"| {area} | {pct:.1f} | {'; '.join(examples[area])} |")


if __name__ == "__main__":
    main()
