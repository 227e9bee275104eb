#!/usr/bin/env python3
"""A corpus with known copies, for the copy-group measurements in BENCHMARKS.md.

  copies_corpus.py SRC_ARTICLES OUT N [--every K] [--boiler SHARE] [--seed S]

Takes the first N articles (sorted paths) of a `corpus.py synth` corpus and
adds, for every K-th one, a wire story's variants in the issue's six shapes
(exact, retitled, trimmed, local lede, typo-fixed, and a different story that
quotes it at length), under OUT/articles/copies/. A SHARE of all articles get
the same standard "About the author" paragraph appended (look-alikes that are
not copies, and crowded LSH buckets). Same arguments => same bytes.
"""

import argparse
import os
import random
import shutil

BOILER = (
    "About the author: this reporter has covered the region for the Atlas News "
    "wire service for many years and can be reached through the newsroom switchboard; "
    "corrections and complaints are handled by the standards desk, which publishes "
    "its findings every month in the corrections column of this paper."
)


def split(text):
    """(header lines up to and including 'More From Me', body paragraphs)."""
    head, sep, body = text.partition("More From Me\n")
    if not sep:
        return "", [p for p in text.split("\n\n") if p.strip()]
    return head + sep, [p for p in body.split("\n\n") if p.strip()]


def variants(rng, head, paras, other_paras):
    title, rest = head.split("\n", 1) if head else ("Untitled", "")
    quote = paras[: max(1, len(paras) // 3)]
    return {
        "exact": head + "\n" + "\n\n".join(paras),
        "retitled": "Wire: " + title + "\n" + rest + "\n" + "\n\n".join(paras),
        "trimmed": head + "\n" + "\n\n".join(paras[: max(1, (len(paras) * 7 + 9) // 10)]),
        "lede": head + "\n" + "\n\n".join(["LOCAL — Residents here reacted on Monday to the news below."] + paras),
        "typo": head + "\n" + "\n\n".join(p.replace(" the ", " teh ", 1) if i == 0 else p for i, p in enumerate(paras)),
        "quoted": "Analysis: " + title + "\n" + rest + "\n" + "\n\n".join(other_paras + quote),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("src")
    ap.add_argument("out")
    ap.add_argument("n", type=int)
    ap.add_argument("--every", type=int, default=50)
    ap.add_argument("--boiler", type=float, default=0.05)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    files = []
    for root, dirs, names in os.walk(a.src):
        dirs.sort()
        files.extend(os.path.join(root, n) for n in sorted(names))
    files = sorted(files)[: a.n]
    out = os.path.join(a.out, "articles")
    if os.path.exists(out):
        shutil.rmtree(out)
    stories = 0
    for i, path in enumerate(files):
        rel = os.path.relpath(path, a.src)
        text = open(path, encoding="utf-8").read()
        if rng.random() < a.boiler:
            text = text.rstrip("\n") + "\n\n" + BOILER + "\n"
        dest = os.path.join(out, rel)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        open(dest, "w", encoding="utf-8").write(text)
        if i % a.every == 0:
            head, paras = split(text)
            other = split(open(files[(i + 1) % len(files)], encoding="utf-8").read())[1]
            kinds = variants(rng, head, paras, other)
            keep = rng.sample(sorted(kinds), rng.randint(1, len(kinds)))
            for kind in keep:
                d = os.path.join(out, "copies", f"{stories:05d}-{kind}.txt")
                os.makedirs(os.path.dirname(d), exist_ok=True)
                open(d, "w", encoding="utf-8").write(kinds[kind] + "\n")
            stories += 1
    print(f"{len(files)} articles, {stories} wire stories with variants, in {out}")


if __name__ == "__main__":
    main()
