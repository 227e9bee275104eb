#!/usr/bin/env python3
"""Scores PDF text extractions against the source text of the fixtures
(BENCHMARKS.md, "PDF text"). Usage: pdf_quality.py SOURCE_PARAGRAPHS.txt
EXTRACTED.txt [FURNITURE...]

SOURCE_PARAGRAPHS: one paragraph per line, as written. Prints, for the
extraction: paragraphs found whole (spaces normalised), pairs of
consecutive paragraphs found in order, line-end hyphens left in words
(`consor- tium`), and furniture strings left in."""
import re
import sys


def norm(s):
    return re.sub(r"\s+", " ", s.replace("\u2019", "'").replace("\u2010", "-")).strip()


def main():
    paras = [norm(p) for p in open(sys.argv[1]).read().splitlines() if p.strip()]
    raw = open(sys.argv[2]).read()
    text = norm(raw)
    furniture = sys.argv[3:]
    found = [text.find(p) for p in paras]
    whole = sum(1 for f in found if f >= 0)
    pairs = sum(1 for a, b in zip(found, found[1:]) if a >= 0 and b > a)
    vocab = set(w.lower() for p in paras for w in re.findall(r"[A-Za-z]+", p))
    broken = 0
    for m in re.finditer(r"([A-Za-z]+)[-\u2010\u00ad] ?\n?\s*([a-z]+)", raw):
        joined = (m.group(1) + m.group(2)).lower()
        if joined in vocab:
            broken += 1
    leaks = sum(raw.count(f) for f in furniture)
    print(f"whole {whole}/{len(paras)}  in-order pairs {pairs}/{len(paras)-1}  "
          f"broken words {broken}  furniture {leaks}")


main()
