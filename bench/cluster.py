#!/usr/bin/env python3
"""Push and query figures for SCALING.md: `atlas index` vs `atlas push` to a
2-shard Sphinx 2.2 cluster on this machine, and whole-process query latency
(`atlas search` as a user runs it) locally vs through the aggregator.

    bench/cluster.py N [WORKDIR]     # needs target/release/atlas and searchd

The corpus is N synthetic plain-text articles built with a fixed seed from the
words of the shipped corpus/ (same N => same corpus). searchd processes are
started here and stopped by pid at the end.
"""

import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ATLAS = ROOT / "target" / "release" / "atlas"
QUERIES = [
    ["government"],
    ["government", "budget"],
    ['"prime minister"'],
    ["stab*"],
    ["pakistan OR argentina"],
    ["--", "-government"],
    ["government", "--facets"],
    ["--desk", "Europe", "--since", "2020"],
]
DESKS = ["Europe", "Americas", "Africa", "Central Asia", "Business", "Sport", "Politics", "Science"]


def corpus(out: Path, n: int) -> None:
    if (out / "done").exists():
        return
    words = re.findall(r"[A-Za-z]{3,}", " ".join(p.read_text(errors="ignore") for p in (ROOT / "corpus").rglob("*.txt")))
    rng = random.Random(n)
    authors = [f"{rng.choice(words).title()} {rng.choice(words).title()}" for _ in range(60)]
    for i in range(n):
        d = out / "articles" / f"{i % 100:02d}"
        d.mkdir(parents=True, exist_ok=True)
        title = " ".join(rng.choice(words) for _ in range(7)).capitalize()
        body = " ".join(rng.choice(words) for _ in range(350))
        date = f"{rng.randint(2000, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        (d / f"{i}.txt").write_text(
            f"Title: {title}\nAuthor: {rng.choice(authors)}\nDesk: {rng.choice(DESKS)}\nDate: {date}\n\n{body}.\n"
        )
    (out / "done").write_text("")


def free_base() -> int:
    for base in range(23000, 60000, 10):
        try:
            socks = []
            for p in range(base, base + 6):
                s = socket.socket()
                s.bind(("127.0.0.1", p))
                socks.append(s)
            for s in socks:
                s.close()
            return base
        except OSError:
            for s in socks:
                s.close()
    raise SystemExit("no free ports")


def timed(args, **kw) -> float:
    t = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, **kw)
    return time.perf_counter() - t


def main() -> None:
    n = int(sys.argv[1])
    work = Path(sys.argv[2] if len(sys.argv) > 2 else f"/tmp/atlas-cluster-bench-{n}")
    corpus(work / "corpus", n)
    arts = work / "corpus" / "articles"
    for d in ["index", "cluster"]:
        shutil.rmtree(work / d, ignore_errors=True)
    base = free_base()
    subprocess.run([ATLAS, "cluster", "config", "--shards", "2", "--dir", work / "cluster", "--base-port", str(base)], check=True, stdout=subprocess.DEVNULL)
    procs = [subprocess.Popen(["searchd", "--config", work / "cluster" / c, "--nodetach"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
             for c in ["shard-1.conf", "shard-2.conf", "aggregator.conf"]]
    try:
        time.sleep(2)
        idx = timed([ATLAS, "--index", work / "index", "index", arts, "--quiet"])
        push = timed([ATLAS, "push", "--cluster", work / "cluster" / "cluster.toml", arts, "--quiet"])
        again = timed([ATLAS, "push", "--cluster", work / "cluster" / "cluster.toml", arts, "--quiet"])
        rows = []
        for q in QUERIES:
            local = [timed([ATLAS, "--index", work / "index", "search", *q]) for _ in range(5)]
            remote = [timed([ATLAS, "search", "--cluster", work / "cluster" / "cluster.toml", *q]) for _ in range(5)]
            rows.append((" ".join(q), statistics.median(local) * 1000, statistics.median(remote) * 1000))
        print(json.dumps({"articles": n, "index_s": round(idx, 2), "push_s": round(push, 2), "push_again_s": round(again, 2),
                          "queries_ms": [{"query": q, "local": round(l, 1), "cluster": round(c, 1)} for q, l, c in rows]}, indent=1))
    finally:
        for p in procs:
            p.send_signal(signal.SIGTERM)
        for p in procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()


if __name__ == "__main__":
    main()
