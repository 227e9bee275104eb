#!/usr/bin/env python3
"""Body extractors and page metadata, measured on pages with hand-made
expected output: atlas's own extractor, the Rust crates rs-trafilatura,
dom_smoothie and readability (bench/html-extract, a scratch crate outside
atlas's build), and trafilatura 2.x (Python, the peer).

Per page: 4-word-shingle F1 of the body against the expected body (the same
measure as tests/html.rs), and whether the headline, byline, date and
section match. Per tool: mean F1 and ms per page (one core, each page
parsed REPS times).

Page sets (any number, pooled):
  --fixtures DIR   tests/fixtures/html layout: NAME.html + NAME.expected.json
                   (title, authors, date, desk, body; "skip" pages left out)
  --mozilla DIR    mozilla/readability test/test-pages layout: NAME/source.html,
                   NAME/expected.html, NAME/expected-metadata.json (title,
                   byline, publishedTime); licence of the pages is the sites',
                   so they are read from a checkout, never committed here.
Default: --fixtures tests/fixtures/html --fixtures bench/html-pages (the
latter written as held-out pages: atlas had not seen them when first run).

One command: python3 bench/html_eval.py [--mozilla ~/readability/test/test-pages]
(needs `pip install trafilatura==2.3.1 lxml_html_clean`; builds the scratch
crate with cargo on first run).
"""
import argparse
import collections
import html as htmllib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
CRATE = os.path.join(ROOT, "bench", "html-extract")
REPS = 3


def words(s):
    return [w.lower() for w in re.split(r"[^\w]+", s or "") if w]


def shingle_f1(got, want):
    def grams(s):
        w = words(s)
        n = min(4, max(len(w), 1))
        return collections.Counter(" ".join(w[i : i + n]) for i in range(len(w) - n + 1))

    g, w = grams(got), grams(want)
    common = sum((g & w).values())
    if not common:
        return 0.0
    p, r = common / sum(g.values()), common / sum(w.values())
    return 2 * p * r / (p + r)


def html_text(markup):
    """Text of an expected.html (Readability's output), paragraphs kept."""
    markup = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", markup)
    markup = re.sub(r"(?i)</?(p|div|h\d|li|br|figcaption|blockquote|tr)\b[^>]*>", "\n", markup)
    return htmllib.unescape(re.sub(r"<[^>]+>", " ", markup))


def load_fixtures(d):
    pages = []
    for name in sorted(os.listdir(d)):
        if not name.endswith(".html"):
            continue
        stem = name[:-5]
        want = json.load(open(os.path.join(d, stem + ".expected.json"), encoding="utf-8"))
        if want.get("skip"):
            continue
        pages.append({
            "name": stem, "source": os.path.join(d, name), "url": want.get("url"),
            "body": want["body"], "title": want["title"], "authors": want.get("authors") or [],
            "date": want.get("date"), "desk": want.get("desk"),
        })
    return pages


def load_mozilla(d):
    pages = []
    for name in sorted(os.listdir(d)):
        src, exp = os.path.join(d, name, "source.html"), os.path.join(d, name, "expected.html")
        meta = os.path.join(d, name, "expected-metadata.json")
        if not (os.path.exists(src) and os.path.exists(exp)):
            continue
        m = json.load(open(meta, encoding="utf-8")) if os.path.exists(meta) else {}
        byline = m.get("byline")
        pages.append({
            "name": "moz-" + name, "source": src, "url": None,
            "body": html_text(open(exp, encoding="utf-8", errors="replace").read()),
            "title": m.get("title"), "authors": [byline] if byline else None,
            "date": (m.get("publishedTime") or "")[:10] or None, "desk": None,
        })
    return pages


def norm(s):
    return " ".join(words(s))


def same_authors(got, want):
    if want is None:
        return None
    if isinstance(got, str):
        got = re.split(r";|,| and ", got)
    got = sorted(norm(a) for a in (got or []) if norm(a))
    want = sorted(norm(a) for a in want if norm(a))
    if len(want) == 1 and len(got) > 1:  # Readability's byline is one string
        return norm(" ".join(got)) in want[0] or want[0] in norm(" ".join(got))
    return got == want


def score(page, meta):
    out = {}
    if page["title"] is not None:
        out["headline"] = norm(meta.get("title")) == norm(page["title"])
    out["byline"] = same_authors(meta.get("authors"), page["authors"])
    if page["date"] is not None or page["source"].endswith(".html"):
        out["date"] = ((meta.get("date") or "")[:10] or None) == page["date"]
    if page["desk"] is not None or "desk" in meta:
        desk = meta.get("desk")
        if isinstance(desk, list):
            desk = desk[0] if desk else None
        out["section"] = norm(desk) == norm(page["desk"])
    return {k: v for k, v in out.items() if v is not None}


def run_rust(pages):
    tmp = tempfile.mkdtemp(prefix="html-eval-")
    for p in pages:
        os.makedirs(os.path.join(tmp, p["name"]))
        shutil.copy(p["source"], os.path.join(tmp, p["name"], "source.html"))
        if p["url"]:
            open(os.path.join(tmp, p["name"], "url.txt"), "w").write(p["url"])
    subprocess.run(["cargo", "build", "--release", "-q"], cwd=CRATE, check=True)
    exe = os.path.join(CRATE, "target", "release", "html-extract-bench")
    rows = collections.defaultdict(dict)
    for rep in range(REPS):
        out = subprocess.run([exe, tmp], check=True, capture_output=True, text=True).stdout
        for line in out.splitlines():
            r = json.loads(line)
            prev = rows[r["tool"]].get(r["page"])
            r["secs"] = min(r["secs"], prev["secs"]) if prev else r["secs"]
            rows[r["tool"]][r["page"]] = r
    shutil.rmtree(tmp)
    return rows


def atlas_bin():
    subprocess.run(["cargo", "build", "--release", "-q", "--bin", "atlas"], cwd=ROOT, check=True)
    return os.path.join(ROOT, "target", "release", "atlas")


def run_atlas(pages):
    """atlas itself: the pages indexed by the release binary (one thread),
    each read back with `show`; ms/page is the whole indexing run's."""
    exe, tmp = atlas_bin(), tempfile.mkdtemp(prefix="html-eval-atlas-")
    corpus, index = os.path.join(tmp, "corpus"), os.path.join(tmp, "index")
    os.makedirs(corpus)
    for p in pages:
        shutil.copy(p["source"], os.path.join(corpus, p["name"] + ".html"))
    best = None
    for _ in range(REPS):
        t = time.perf_counter()
        subprocess.run([exe, "--index", index, "index", corpus, "--rebuild", "--threads", "1", "--quiet"],
                       check=True, capture_output=True)
        secs = time.perf_counter() - t
        best = secs if best is None else min(best, secs)
    rows = {}
    for p in pages:
        out = subprocess.run([exe, "--index", index, "show", p["name"] + ".html", "--format", "json"],
                             capture_output=True, text=True)
        a = json.loads(out.stdout) if out.returncode == 0 else {}
        meta = {"title": a.get("title"), "authors": a.get("authors"), "date": a.get("date"), "desk": a.get("desk")}
        rows[p["name"]] = {"page": p["name"], "secs": best / len(pages), "body": a.get("body") or "", "meta": meta}
    shutil.rmtree(tmp)
    return rows


def _traf_files(files):
    import trafilatura

    for f in files:
        trafilatura.extract(open(f, "rb").read(), with_metadata=True)
    return len(files)


def speed(pages, copies):
    """Pages/s on both cores: atlas's whole indexing (`--threads 2`) against
    trafilatura's extraction alone in 2 processes, on the same files."""
    import multiprocessing

    exe, tmp = atlas_bin(), tempfile.mkdtemp(prefix="html-eval-speed-")
    corpus = os.path.join(tmp, "corpus")
    files = []
    for i in range(copies):
        d = os.path.join(corpus, f"{i:04d}")
        os.makedirs(d)
        for p in pages:
            dst = os.path.join(d, p["name"] + ".html")
            shutil.copy(p["source"], dst)
            files.append(dst)
    t = time.perf_counter()
    subprocess.run([exe, "--index", os.path.join(tmp, "index"), "index", corpus, "--threads", "2", "--quiet"],
                   check=True, capture_output=True)
    atlas_s = time.perf_counter() - t
    t = time.perf_counter()
    with multiprocessing.Pool(2) as pool:
        pool.map(_traf_files, [files[0::2], files[1::2]])
    traf_s = time.perf_counter() - t
    shutil.rmtree(tmp)
    n = len(files)
    print(f"\nspeed, {n} pages, 2 cores: atlas index (whole run) {n / atlas_s:.0f} pages/s; "
          f"trafilatura extract, 2 processes {n / traf_s:.0f} pages/s; ratio {traf_s / atlas_s:.1f}x")


def run_trafilatura(pages):
    import trafilatura

    rows = {}
    for p in pages:
        raw = open(p["source"], "rb").read()
        best = None
        for _ in range(REPS):
            t = time.perf_counter()
            doc = trafilatura.bare_extraction(raw, url=p["url"], with_metadata=True, favor_precision=False)
            secs = time.perf_counter() - t
            best = secs if best is None else min(best, secs)
        doc = doc.as_dict() if hasattr(doc, "as_dict") else (doc or {})
        meta = {"title": doc.get("title"), "authors": doc.get("author"),
                "date": (doc.get("date") or "")[:10] or None, "desk": (doc.get("categories") or None)}
        rows[p["name"]] = {"page": p["name"], "secs": best, "body": doc.get("text") or "", "meta": meta}
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--fixtures", action="append")
    ap.add_argument("--mozilla", action="append")
    ap.add_argument("--json", help="write per-page results here")
    ap.add_argument("--skip-crates", action="store_true", help="leave out the scratch crate's extractors")
    ap.add_argument("--speed", type=int, default=0, metavar="COPIES",
                    help="also time both cores on COPIES copies of every page")
    args = ap.parse_args()
    pages = []
    default = [os.path.join(ROOT, "tests/fixtures/html"), os.path.join(ROOT, "bench/html-pages")]
    for d in args.fixtures or ([] if args.mozilla else default):
        pages += load_fixtures(d)
    for d in args.mozilla or []:
        pages += load_mozilla(d)
    if not pages:
        sys.exit("error: no pages found (check --fixtures / --mozilla)")
    tools = {"atlas": run_atlas(pages)}
    if not args.skip_crates:
        tools.update(run_rust(pages))
    try:
        tools["trafilatura"] = run_trafilatura(pages)
    except ImportError:
        print("trafilatura not installed: pip install trafilatura==2.3.1 lxml_html_clean", file=sys.stderr)
    per_page = []
    print(f"{len(pages)} pages; body = mean 4-word-shingle F1; ms = per page, best of {REPS}, one core\n")
    print("| tool | body F1 | min F1 | headline | byline | date | section | ms/page |")
    print("|---|---|---|---|---|---|---|---|")
    for tool, rows in tools.items():
        f1s, hits, secs = [], collections.defaultdict(list), []
        for p in pages:
            r = rows.get(p["name"]) or {"body": "", "meta": {}, "secs": 0}
            f1 = shingle_f1(r["body"], p["body"])
            f1s.append(f1)
            secs.append(r["secs"])
            s = score(p, r.get("meta") or {})
            for k, v in s.items():
                hits[k].append(v)
            per_page.append({"tool": tool, "page": p["name"], "f1": round(f1, 4), **s})
        def pct(k):
            v = hits.get(k)
            return f"{100 * sum(v) / len(v):.0f} % ({sum(v)}/{len(v)})" if v else "–"
        print(f"| {tool} | {sum(f1s) / len(f1s):.3f} | {min(f1s):.3f} | {pct('headline')} | {pct('byline')} "
              f"| {pct('date')} | {pct('section')} | {1000 * sum(secs) / len(secs):.2f} |")
    if args.json:
        json.dump(per_page, open(args.json, "w"), indent=1)
    if args.speed:
        speed(pages, args.speed)
    worst = sorted((r for r in per_page if r["tool"] == "atlas"), key=lambda r: r["f1"])[:5]
    print("\natlas's weakest pages:", ", ".join(f"{r['page']} {r['f1']:.3f}" for r in worst))


if __name__ == "__main__":
    main()
