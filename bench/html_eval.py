#!/usr/bin/env python3
"""Web page bodies and metadata: atlas against its peers on real pages.

One run scores every tool on every page set and prints one table per set:
  atlas           its own parser (examples/html_probe.rs: `parse::parse`, no index)
  trafilatura     2.3.1, Python (`extract`, JSON output with metadata)
  readability.js  @mozilla/readability + jsdom, Node
  rs-trafilatura, dom_smoothie, readability-rs   the Rust crates of the
                  scratch crate bench/html-extract (outside atlas's build)

Page sets (default: both dev sets of ../shared/web-dev, if found):
  --readability DIR   Mozilla Readability's test pages: NAME/source.html,
                      expected.html (Readability.js's body), expected-metadata.json.
                      Body: 4-word-shingle precision/recall/F1 (mean per page);
                      title, byline, date (publishedTime) where expected has one.
  --trafeval DIR      trafilatura's evaluation set: pages/ + truth.json.
                      Body: `with` snippets found = TP, missing = FN, `without`
                      snippets found = FP, pooled over all pages (as
                      trafilatura's tests/comparison_small.py does), whitespace
                      runs collapsed on both sides; author (names split on ; or ,),
                      date, title equal after folding case and whitespace.
  --fixtures DIR      tests/fixtures/html layout (NAME.html + NAME.expected.json).
No tool is given the page's URL (atlas reads files; all tools on equal terms).
pages/s: parse + extract only, one page at a time on one core, per tool
(atlas: the parser alone, without indexing; readability.js: jsdom's parse
included). "empty": pages a tool skipped or returned no text for.

One command: python3 bench/html_eval.py
Needs: pip install trafilatura==2.3.1 lxml_html_clean; node with
@mozilla/readability and jsdom (--node-modules DIR, else bench/work/readability,
else /work/tools/readability, else `npm install` into bench/work/readability);
cargo (builds atlas's example and the scratch crate).
--reuse keeps the peers' results of an earlier run (bench/work/html_eval/)
and re-runs atlas only, for iterating on atlas's extractor.
"""
import argparse
import collections
import html as htmllib
import json
import os
import re
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
WORK = os.path.join(ROOT, "bench", "work", "html_eval")
CRATE = os.path.join(ROOT, "bench", "html-extract")
CRATE_TOOLS = ("rs-trafilatura", "dom_smoothie", "readability-rs")


# ---------------------------------------------------------------- page sets

def html_text(markup):
    """Text of an HTML fragment (Readability's output), blocks on their own lines."""
    markup = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", markup or "")
    markup = re.sub(r"(?i)</?(p|div|h\d|li|br|figcaption|blockquote|tr|td|th|pre|section|article)\b[^>]*>",
                    "\n", markup)
    return htmllib.unescape(re.sub(r"<[^>]+>", " ", markup))


def load_readability(d):
    pages = []
    for name in sorted(os.listdir(d)):
        src, exp = os.path.join(d, name, "source.html"), os.path.join(d, name, "expected.html")
        if not (os.path.exists(src) and os.path.exists(exp)):
            continue
        meta = os.path.join(d, name, "expected-metadata.json")
        m = json.load(open(meta, encoding="utf-8")) if os.path.exists(meta) else {}
        pages.append({"name": name, "source": src,
                      "body": html_text(open(exp, encoding="utf-8", errors="replace").read()),
                      "title": m.get("title") or None, "byline": m.get("byline") or None,
                      "date": (m.get("publishedTime") or "")[:10] or None})
    return pages


def load_trafeval(d):
    truth = json.load(open(os.path.join(d, "truth.json"), encoding="utf-8"))
    pages = []
    for url, t in sorted(truth.items(), key=lambda kv: kv[1]["file"]):
        src = os.path.join(d, "pages", t["file"])
        if os.path.exists(src):
            pages.append({"name": t["file"], "source": src, "url": url, "with": t.get("with") or [],
                          "without": t.get("without") or [], "title": t.get("title") or None,
                          "author": t.get("author") or None, "date": t.get("date") or None,
                          "desk": t.get("categories") or None})
    return pages


def load_fixtures(d):
    pages = []
    for name in sorted(os.listdir(d)):
        if not name.endswith(".html"):
            continue
        want = json.load(open(os.path.join(d, name[:-5] + ".expected.json"), encoding="utf-8"))
        if want.get("skip"):
            continue
        pages.append({"name": name[:-5], "source": os.path.join(d, name), "body": want["body"],
                      "title": want["title"], "byline": "; ".join(want.get("authors") or []) or None,
                      "date": want.get("date")})
    return pages


# ---------------------------------------------------------------- tools

def run_lines(cmd, pages, cwd=ROOT):
    """Runs a `NAME<TAB>PATH`-on-stdin tool; its JSON lines by page name."""
    tsv = "".join(f"{p['name']}\t{p['source']}\n" for p in pages)
    out = subprocess.run(cmd, input=tsv, capture_output=True, text=True, cwd=cwd)
    if out.returncode != 0:
        sys.exit(f"error: {' '.join(cmd)} failed:\n{out.stderr[-2000:]}")
    rows = collections.defaultdict(dict)
    for line in out.stdout.splitlines():
        r = json.loads(line)
        rows[r["tool"]][r["page"]] = r
    return rows


def run_atlas(pages, reps):
    subprocess.run(["cargo", "build", "--release", "-q", "--example", "html_probe"], cwd=ROOT, check=True)
    exe = os.path.join(ROOT, "target", "release", "examples", "html_probe")
    return run_lines([exe, str(reps)], pages)["atlas"]


def run_crates(pages):
    subprocess.run(["cargo", "build", "--release", "-q"], cwd=CRATE, check=True)
    rows = run_lines([os.path.join(CRATE, "target", "release", "html-extract-bench")], pages)
    rows["readability-rs"] = rows.pop("readability", {})
    return rows


def node_modules(arg):
    for d in [arg, os.path.join(ROOT, "bench", "work", "readability"), "/work/tools/readability"]:
        if d and os.path.isdir(os.path.join(d, "node_modules", "@mozilla", "readability")):
            return d
    d = os.path.join(ROOT, "bench", "work", "readability")
    os.makedirs(d, exist_ok=True)
    print(f"installing @mozilla/readability and jsdom into {d}", file=sys.stderr)
    subprocess.run(["npm", "install", "--prefix", d, "@mozilla/readability", "jsdom"], check=True)
    return d


def run_readability_js(pages, modules):
    rows = run_lines(["node", os.path.join(ROOT, "bench", "readability_run.js"), modules], pages)
    rows = rows["readability.js"]
    for r in rows.values():
        r["body"] = html_text(r.pop("html", ""))
    return rows


def run_trafilatura(pages):
    import trafilatura

    rows = {}
    for p in pages:
        raw = open(p["source"], "rb").read()
        t = time.perf_counter()
        # The settings of trafilatura's own evaluation (comparison_small.py's
        # run_trafilatura_fallback), with the metadata in the same pass.
        out = trafilatura.extract(raw, output_format="json", with_metadata=True, include_comments=False,
                                  include_tables=True, include_formatting=False)
        secs = time.perf_counter() - t
        doc = json.loads(out) if out else {}
        cats = doc.get("categories") or ""
        rows[p["name"]] = {"page": p["name"], "secs": secs, "body": doc.get("text") or "",
                           "meta": {"title": doc.get("title"), "authors": doc.get("author"),
                                    "date": doc.get("date"), "desk": cats.split(";")[0].strip() or None},
                           "skip": None if out else "returned nothing"}
    return rows


# ---------------------------------------------------------------- scoring

CJK = re.compile(r"([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])")


def words(s):
    """Lowercase words; each Chinese/Japanese character is a word of its own
    (those scripts write no spaces, and a whole sentence as one "word" would
    make one differing character cost the sentence)."""
    return [w.lower() for w in re.split(r"[^\w]+", CJK.sub(r" \1 ", s or "")) if w]


def shingles(s):
    w = words(s)
    n = min(4, max(len(w), 1))
    return collections.Counter(" ".join(w[i:i + n]) for i in range(len(w) - n + 1))


def shingle_prf(got, want):
    g, w = shingles(got), shingles(want)
    common = sum((g & w).values())
    if not common:
        return 0.0, 0.0, 0.0
    p, r = common / sum(g.values()), common / sum(w.values())
    return p, r, 2 * p * r / (p + r)


def fold(s):
    """Case and whitespace folded (NBSP is whitespace too)."""
    return " ".join((s or "").split()).casefold()


def names(v):
    if isinstance(v, list):
        v = ";".join(v)
    v = re.sub(r"(?i)^\s*by\s+", "", v or "")
    return sorted(fold(n) for n in re.split(r"[;,]|\band\b|&", v) if fold(n))


def empty(r):
    return not r or r.get("skip") or not (r.get("body") or "").strip()


def pct(hits, n):
    return f"{100 * hits / n:.0f} % ({hits}/{n})" if n else "–"


def table_readability(pages, tools):
    print("| tool | body F1 | precision | recall | F1 < 0.5 | empty | title | byline | date | pages/s |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    per_page = []
    for tool, rows in tools.items():
        prf, hits, n, secs, empties, low = [], collections.Counter(), collections.Counter(), 0.0, 0, 0
        for p in pages:
            r = rows.get(p["name"]) or {}
            got = prf_one = shingle_prf(r.get("body") or "", p["body"])
            prf.append(got)
            low += prf_one[2] < 0.5
            empties += bool(empty(r))
            secs += r.get("secs") or 0
            m = r.get("meta") or {}
            s = {"tool": tool, "page": p["name"], "p": round(got[0], 3), "r": round(got[1], 3),
                 "f1": round(got[2], 3), "skip": r.get("skip")}
            score_meta(m, p, "byline", s, n, hits)
            per_page.append(s)
        mean = [sum(x[i] for x in prf) / len(prf) for i in range(3)]
        rate = f"{len(pages) / secs:.1f}" if secs else "–"
        print(f"| {tool} | {mean[2]:.3f} | {mean[0]:.3f} | {mean[1]:.3f} | {low} | {empties} "
              f"| {pct(hits['title'], n['title'])} | {pct(hits['byline'], n['byline'])} "
              f"| {pct(hits['date'], n['date'])} | {rate} |")
    return per_page


def score_meta(m, p, names_key, s, n, hits):
    """Title, byline (under `names_key`), date and desk of one page: counted
    in `n` where the page states them, right ones in `hits`, each in `s`
    with what the tool gave (`got_FIELD`) when it is wrong. The desk is right
    when it is one of the page's categories (trafilatura's truth lists all
    of them; a desk is one)."""
    checks = (("title", "title", lambda: fold(m.get("title")) == fold(p["title"])),
              (names_key, "authors", lambda: names(m.get("authors")) == names(p[names_key])),
              ("date", "date", lambda: (m.get("date") or "")[:10] == p["date"]),
              ("desk", "desk", lambda: fold(m.get("desk")) in {fold(c) for c in p["desk"]}))
    for field, key, ok in checks:
        if p.get(field):
            n[field] += 1
            right = ok()
            hits[field] += right
            s[field] = right
            if not right:
                s["got_" + field], s["want_" + field] = m.get(key), p[field]


def table_trafeval(pages, tools):
    print("| tool | snippet F1 | precision | recall | empty | title | author | date | desk | pages/s |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    per_page = []
    for tool, rows in tools.items():
        tp = fn = fp = 0
        hits, n, secs, empties = collections.Counter(), collections.Counter(), 0.0, 0
        for p in pages:
            r = rows.get(p["name"]) or {}
            body = fold(r.get("body"))
            ptp = [w for w in p["with"] if fold(w) in body]
            pfp = [w for w in p["without"] if fold(w) in body]
            tp, fn, fp = tp + len(ptp), fn + len(p["with"]) - len(ptp), fp + len(pfp)
            empties += bool(empty(r))
            secs += r.get("secs") or 0
            m = r.get("meta") or {}
            s = {"tool": tool, "page": p["name"], "missed": [w for w in p["with"] if w not in ptp],
                 "kept": pfp, "skip": r.get("skip")}
            score_meta(m, p, "author", s, n, hits)
            per_page.append(s)
        prec, rec = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
        f1 = 2 * tp / max(2 * tp + fp + fn, 1)
        rate = f"{len(pages) / secs:.1f}" if secs else "–"
        print(f"| {tool} | {f1:.3f} | {prec:.3f} | {rec:.3f} | {empties} | {pct(hits['title'], n['title'])} "
              f"| {pct(hits['author'], n['author'])} | {pct(hits['date'], n['date'])} "
              f"| {pct(hits['desk'], n['desk'])} | {rate} |")
    return per_page


# ---------------------------------------------------------------- main

def peers(name, pages, args, modules):
    """The peers' rows for one page set, from the cache with --reuse."""
    cache = os.path.join(WORK, f"{name}.json")
    if args.reuse and os.path.exists(cache):
        return json.load(open(cache, encoding="utf-8"))
    rows = {"trafilatura 2.3.1": run_trafilatura(pages),
            "readability.js": run_readability_js(pages, modules)}
    if not args.skip_crates:
        rows.update(run_crates(pages))
    os.makedirs(WORK, exist_ok=True)
    json.dump(rows, open(cache, "w", encoding="utf-8"))
    return rows


def default_web_dev():
    for d in [os.environ.get("ATLAS_WEB_DEV"), os.path.join(ROOT, "..", "shared", "web-dev"),
              os.path.join(ROOT, "..", "..", "shared", "web-dev"), "/work/shared/web-dev"]:
        if d and os.path.isdir(d):
            return os.path.abspath(d)
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--readability", help="Mozilla Readability test pages")
    ap.add_argument("--trafeval", help="trafilatura evaluation set (pages/ + truth.json)")
    ap.add_argument("--fixtures", action="append", default=[], help="NAME.html + NAME.expected.json pages")
    ap.add_argument("--node-modules", help="directory holding node_modules/@mozilla/readability and jsdom")
    ap.add_argument("--skip-crates", action="store_true", help="leave out the scratch crate's extractors")
    ap.add_argument("--reuse", action="store_true", help="reuse the peers' cached results; re-run atlas only")
    ap.add_argument("--atlas-only", action="store_true", help="score atlas alone")
    ap.add_argument("--reps", type=int, default=1, help="atlas parses each page REPS times (best time)")
    ap.add_argument("--json", help="write per-page results here")
    args = ap.parse_args()
    dev = default_web_dev()
    if not (args.readability or args.trafeval or args.fixtures):
        if not dev:
            sys.exit("error: no page sets: pass --readability/--trafeval DIR or set ATLAS_WEB_DEV")
        args.readability, args.trafeval = os.path.join(dev, "readability"), os.path.join(dev, "trafilatura-eval")
    sets = []
    if args.readability:
        sets.append(("readability", load_readability(args.readability), table_readability))
    if args.trafeval:
        sets.append(("trafilatura-eval", load_trafeval(args.trafeval), table_trafeval))
    for d in args.fixtures:
        sets.append((os.path.basename(d.rstrip("/")), load_fixtures(d), table_readability))
    modules = None if args.atlas_only or args.reuse else node_modules(args.node_modules)
    per_page = []
    for name, pages, table in sets:
        if not pages:
            sys.exit(f"error: no pages in the {name} set")
        tools = {"atlas": run_atlas(pages, args.reps)}
        if not args.atlas_only:
            tools.update(peers(name, pages, args, modules or node_modules(args.node_modules)))
        print(f"\n### {name}: {len(pages)} pages\n")
        per_page += [dict(r, set=name) for r in table(pages, tools)]
        skips = collections.Counter(r.get("skip") for r in tools["atlas"].values() if r.get("skip"))
        if skips:
            print("\natlas skipped: " + "; ".join(f"{k} ×{v}" for k, v in skips.most_common()))
    if args.json:
        json.dump(per_page, open(args.json, "w", encoding="utf-8"), indent=1, ensure_ascii=False)


if __name__ == "__main__":
    main()
