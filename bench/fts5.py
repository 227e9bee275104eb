#!/usr/bin/env python3
"""SQLite FTS5 peer for the atlas benchmark (python3's built-in sqlite3).

Same content as the other peers (bench/work/corpora/*/peers.jsonl), porter
stemming over unicode61 with diacritics removed, bm25() ranking with the
title weighted 2x (as atlas boosts titles), snippet() for the passage.

  fts5.py index  DB PEERS_JSONL
  fts5.py search DB QUERY [--desk NAME] [--since DATE] [--until DATE]   # one whole process
  fts5.py bench  DB QUERIES_JSONL RUNS                                  # in-process, JSON lines

Queries arrive in atlas syntax; FTS5's own syntax is close enough that only
a few things change (see translate()).
"""

import argparse
import json
import os
import re
import sqlite3
import statistics
import sys
import time

SCHEMA = """
CREATE VIRTUAL TABLE articles USING fts5(
    title, body, authors, desk,
    id UNINDEXED, desk_key UNINDEXED, date UNINDEXED,
    tokenize = 'porter unicode61 remove_diacritics 2'
);
"""


def index(db, jsonl):
    t0 = time.perf_counter()
    if os.path.exists(db):
        os.remove(db)
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode = OFF")
    con.execute("PRAGMA synchronous = OFF")
    con.executescript(SCHEMA)
    n = 0
    nbytes = 0

    def rows():
        nonlocal n, nbytes
        with open(jsonl, encoding="utf-8") as fh:
            for line in fh:
                nbytes += len(line.encode())
                d = json.loads(line)
                n += 1
                desk = d.get("desk") or ""
                yield (d["title"], d["body"], d.get("authors", ""), desk, d["id"],
                       desk.lower(), (d.get("date") or "")[:10])

    con.executemany("INSERT INTO articles VALUES (?,?,?,?,?,?,?)", rows())
    con.commit()
    con.execute("INSERT INTO articles(articles) VALUES ('optimize')")
    con.commit()
    con.close()
    secs = time.perf_counter() - t0
    print(json.dumps({"docs": n, "bytes": nbytes, "elapsed_ms": round(secs * 1000),
                      "docs_per_s": round(n / secs)}))


def translate(q):
    """atlas query syntax -> FTS5 MATCH syntax: words ANDed, OR, "phrases",
    word* prefixes are the same; FTS5 wants barewords to be plain tokens."""
    out = []
    for tok in re.findall(r'"[^"]*"|\S+', q):
        if tok.startswith('"') or tok in ("OR", "AND", "NOT"):
            out.append(tok)
        elif tok.endswith("*"):
            out.append(f'"{tok[:-1]}"*')
        else:
            out.append(f'"{tok}"')
    return " ".join(out)


def search(con, q, desk=None, since=None, until=None, limit=10):
    where = ["articles MATCH ?"]
    args = [translate(q)]
    if desk:
        where.append("desk_key = ?")
        args.append(desk.lower())
    if since:
        where.append("date != '' AND date >= ?")
        args.append(since)
    if until:
        where.append("date != '' AND date <= ?")
        args.append(until)
    w = " AND ".join(where)
    total = con.execute(f"SELECT count(*) FROM articles WHERE {w}", args).fetchone()[0]
    hits = con.execute(
        f"SELECT id, title, authors, desk, date, bm25(articles, 2.0, 1.0, 1.0, 1.0) AS score, "
        f"snippet(articles, 1, '[', ']', '…', 32) FROM articles WHERE {w} "
        f"ORDER BY score LIMIT ?", args + [limit]).fetchall()
    return {"query": q, "total_hits": total,
            "hits": [{"rank": i + 1, "id": h[0], "title": h[1], "authors": h[2], "desk": h[3],
                      "date": h[4], "score": -h[5], "snippet": h[6]} for i, h in enumerate(hits)]}


def bench(db, queries, runs):
    t0 = time.perf_counter()
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    open_ms = (time.perf_counter() - t0) * 1000
    for i, line in enumerate(l for l in open(queries) if l.strip()):
        q = json.loads(line)
        kw = dict(desk=q.get("desk"), since=q.get("since"), until=q.get("until"))
        t = time.perf_counter()
        first = search(con, q["q"], **kw)
        first_ms = (time.perf_counter() - t) * 1000
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            search(con, q["q"], **kw)
            times.append((time.perf_counter() - t) * 1000)
        times.sort()
        rec = {"class": q.get("class"), "query": q["q"], "total_hits": first["total_hits"],
               "runs": runs, "first_ms": round(first_ms, 3),
               "median_ms": round(statistics.median(times), 3),
               "p95_ms": round(times[min(len(times) - 1, round((len(times) - 1) * 0.95))], 3)}
        if i == 0:
            rec["open_ms"] = round(open_ms, 3)
        print(json.dumps(rec))


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("index")
    a.add_argument("db")
    a.add_argument("jsonl")
    s = sub.add_parser("search")
    s.add_argument("db")
    s.add_argument("query", nargs="+")
    s.add_argument("--desk")
    s.add_argument("--since")
    s.add_argument("--until")
    b = sub.add_parser("bench")
    b.add_argument("db")
    b.add_argument("queries")
    b.add_argument("runs", type=int)
    args = ap.parse_args()
    if args.cmd == "index":
        index(args.db, args.jsonl)
    elif args.cmd == "search":
        con = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
        out = search(con, " ".join(args.query), args.desk, args.since, args.until)
        json.dump(out, sys.stdout, ensure_ascii=False)
        print()
    else:
        bench(args.db, args.queries, args.runs)


if __name__ == "__main__":
    main()
