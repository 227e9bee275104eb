#!/usr/bin/env python3
"""Runs one benchmark size end to end and writes its results.

Called by bench/run.sh (which fetches the data and builds the tools first):

  bench.py SIZE        SIZE = smoke | small | medium | large | huge

For the size's corpus it measures, for atlas and its peers (the tantivy
floor program, tantivy-cli, SQLite FTS5, ripgrep):

* indexing: wall time, CPU time, docs/s, MB/s, peak RSS (/usr/bin/time -v), index size
* query latency per class (bench/queries-*.jsonl): whole process, median of
  several runs; in process (examples/query_latency.rs, the floor's and
  FTS5's `bench` modes)
* cold first query after the index is opened (page cache dropped when the
  kernel lets us), and the first in-process query after open
* incremental re-index after one file changed, and a no-change re-run

Raw numbers go to bench/work/results-SIZE.json, the table to
bench/work/results-SIZE.md. Everything lives under bench/work/.
"""

import json
import os
import platform
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
WORK = os.path.join(HERE, "work")
ATLAS = os.path.join(WORK, "bin", "atlas")
LATENCY = os.path.join(WORK, "bin", "query_latency")
FLOOR = os.path.join(WORK, "bin", "tantivy-floor")
TANTIVY_CLI = os.path.join(WORK, "tools", "bin", "tantivy")
FTS5 = [sys.executable, os.path.join(HERE, "fts5.py")]
RG = shutil.which("rg") or os.path.join(WORK, "tools", "bin", "rg")

SIZES = {
    # size: (corpus builder args, queries file, whole-process runs, rg runs, in-process runs)
    "smoke": (["synth", 300], "queries-synth.jsonl", 3, 1, 5),
    "small": (["real"], "queries-real.jsonl", 10, 3, 20),
    "medium": (["synth", 100_000], "queries-synth.jsonl", 10, 3, 20),
    "large": (["synth", 1_000_000], "queries-synth.jsonl", 7, 1, 10),
    "huge": (["synth", 3_000_000], "queries-synth.jsonl", 5, 1, 5),
}


# Interleaved atlas/floor runs per query class (sizes not listed skip them).
PAIRED_RUNS = {"smoke": 3, "small": 20, "medium": 30, "large": 15}


def log(msg):
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def du(path):
    if os.path.isfile(path):
        return os.path.getsize(path)
    total = 0
    for root, _, names in os.walk(path):
        for n in names:
            total += os.path.getsize(os.path.join(root, n))
    return total


def _proc_rss(pid):
    """(RssAnon, RssFile) in bytes of a live process, or None."""
    try:
        with open(f"/proc/{pid}/status") as fh:
            kv = dict(line.split(":", 1) for line in fh if ":" in line)
        return int(kv["RssAnon"].split()[0]) * 1024, int(kv["RssFile"].split()[0]) * 1024
    except (OSError, KeyError, ValueError):
        return None


def _children(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as fh:
            return [int(x) for x in fh.read().split()]
    except OSError:
        return []


def timed(cmd, shell=False):
    """Run under /usr/bin/time -v: (wall s, peak RSS bytes, stdout text).
    Also samples the measured process every 50 ms for its peak anonymous and
    file-backed RSS (time -v's figure counts mmapped index files read by
    merges, which the kernel can drop); they end up in TIMED_EXTRA."""
    full = ["/usr/bin/time", "-v"] + (["bash", "-c", cmd] if shell else cmd)
    t0 = time.perf_counter()
    p = subprocess.Popen(full, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    import threading
    peak = {"anon": 0, "file": 0}
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            for c in _children(p.pid):
                r = _proc_rss(c)
                if r:
                    peak["anon"] = max(peak["anon"], r[0])
                    peak["file"] = max(peak["file"], r[1])
            stop.wait(0.05)
    th = threading.Thread(target=sample, daemon=True)
    th.start()
    stdout, stderr = p.communicate()
    stop.set()
    th.join()
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        raise RuntimeError(f"{cmd} failed ({p.returncode}): {stderr[-2000:]}")
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", stderr)
    rss = int(m.group(1)) * 1024 if m else None
    # CPU seconds against wall time say whether a build waited on the disk:
    # on 2 cores, a build that keeps them busy has cpu_s close to 2 × wall.
    cpu = [float(x) for x in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", stderr)]
    TIMED_EXTRA.clear()
    TIMED_EXTRA.update(peak_anon_mb=round(peak["anon"] / 2**20, 1), peak_file_mb=round(peak["file"] / 2**20, 1),
                       cpu_s=round(sum(cpu), 1) if len(cpu) == 2 else None)
    return wall, rss, stdout


TIMED_EXTRA = {}


# --------------------------------------------------------------------------
# Indexing

def index_all(size, corpus, out):
    arts = os.path.join(corpus, "articles")
    peers = os.path.join(corpus, "peers.jsonl")
    manifest = json.load(open(os.path.join(corpus, "manifest.json")))
    n = manifest["articles"]
    in_bytes = manifest["article_bytes"]
    res = {}

    def record(name, wall, rss, index_dir, nbytes, extra=None):
        r = {"wall_s": round(wall, 3), "docs_per_s": round(n / wall), "mb_per_s": round(nbytes / wall / 1e6, 2),
             "peak_rss_mb": round(rss / 2**20, 1) if rss else None, "index_bytes": du(index_dir),
             "input_bytes": nbytes, "index_ratio": round(du(index_dir) / nbytes, 3)}
        r.update(TIMED_EXTRA)
        r.update(extra or {})
        res[name] = r
        log(f"  {name}: {r['wall_s']} s, {r['docs_per_s']} docs/s, RSS {r['peak_rss_mb']} MB, "
            f"index {r['index_bytes'] / 1e6:.1f} MB ({r['index_ratio']}x input)")

    idx = os.path.join(WORK, f"idx-{size}")
    shutil.rmtree(idx, ignore_errors=True)
    os.makedirs(idx)
    log("indexing: atlas")
    wall, rss, stdout = timed([ATLAS, "--index", idx, "index", arts, "--rebuild", "--quiet", "--format", "json"])
    summary = json.loads(stdout)
    record("atlas", wall, rss, idx, in_bytes,
           {"articles": summary.get("articles"), "skipped": len(summary.get("skipped", [])),
            "warnings": len(summary.get("warnings", [])), "atlas_elapsed_ms": summary.get("elapsed_ms"),
            "segments": len([f for f in os.listdir(idx) if f.endswith(".idx")])})

    peer_bytes = os.path.getsize(peers)
    for stem in (True, False):
        tag = "stem" if stem else "nostem"
        d = os.path.join(WORK, f"idx-{size}-floor-{tag}")
        log(f"indexing: tantivy-floor ({tag})")
        wall, rss, _ = timed([FLOOR, "index", d, peers] + ([] if stem else ["--no-stem"]))
        record(f"tantivy-floor ({tag})", wall, rss, d, peer_bytes)

        d = os.path.join(WORK, f"idx-{size}-cli-{tag}")
        make_cli_index(d, stem)
        log(f"indexing: tantivy-cli ({tag})")
        wall, rss, _ = timed([TANTIVY_CLI, "index", "-i", d, "-f", peers])
        record(f"tantivy-cli ({tag})", wall, rss, d, peer_bytes)

    db = os.path.join(WORK, f"fts-{size}.db")
    log("indexing: sqlite fts5")
    wall, rss, _ = timed(FTS5 + ["index", db, peers])
    record("sqlite-fts5", wall, rss, db, peer_bytes)
    out["indexing"] = res
    out["corpus"] = manifest
    return idx, db


def make_cli_index(d, stem):
    """tantivy-cli's `new` is interactive: write its meta.json directly. The
    same fields as the floor; tantivy's built-in `en_stem` (no ASCII folding)
    or `default` analyzer."""
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    tok = "en_stem" if stem else "default"

    def text(name, tokenizer=tok, record="position", stored=True, fieldnorms=True):
        return {"name": name, "type": "text", "options": {
            "indexing": {"record": record, "fieldnorms": fieldnorms, "tokenizer": tokenizer},
            "stored": stored, "fast": False}}
    schema = [text("id", "raw", "basic", True, False), text("title"), text("body"), text("authors"), text("desk"),
              {"name": "date", "type": "date", "options": {"indexed": True, "fieldnorms": True, "fast": True,
                                                             "stored": True, "precision": "seconds"}}]
    meta = {"index_settings": {"docstore_compression": "lz4", "docstore_blocksize": 16384},
            "segments": [], "schema": schema, "opstamp": 0}
    with open(os.path.join(d, "meta.json"), "w") as fh:
        json.dump(meta, fh)


# --------------------------------------------------------------------------
# Queries

def load_queries(name):
    with open(os.path.join(HERE, name)) as fh:
        return [json.loads(l) for l in fh if l.strip()]


def atlas_cmd(idx, q):
    cmd = [ATLAS, "--index", idx, "search", q["q"], "--limit", "10", "--format", "json"]
    for k in ("desk", "since", "until"):
        if q.get(k):
            cmd += [f"--{k}", q[k]]
    return cmd


def floor_cmd(d, q):
    cmd = [FLOOR, "search", d, q["q"]]
    for k in ("desk", "since", "until"):
        if q.get(k):
            cmd += [f"--{k}", q[k]]
    return cmd


def fts_cmd(db, q):
    cmd = FTS5 + ["search", db, q["q"]]
    for k in ("desk", "since", "until"):
        if q.get(k):
            cmd += [f"--{k}", q[k]]
    return cmd


def rg_regex(word):
    return r"\b" + re.escape(word.lower()).replace(r"\ ", r"\s+")


def rg_cmd(arts, q):
    """The query as a ripgrep pipeline over the article files: -l -i, the
    first condition searches the tree, the others filter its file list."""
    text = q["q"]
    toks = re.findall(r'"[^"]*"|\S+', text)
    conds = []
    if "OR" in toks:
        alts = [t.strip('"') for t in toks if t != "OR"]
        conds.append(r"\b(" + "|".join(re.escape(a) for a in alts) + ")")
    else:
        for t in toks:
            if t.startswith('"'):
                conds.append(rg_regex(t.strip('"')) + r"\b")
            elif t.endswith("*"):
                conds.append(rg_regex(t[:-1]))
            else:
                conds.append(rg_regex(t))
    pipe = f"{RG} -l -i -e {shlex.quote(conds[0])} {shlex.quote(arts)}"
    for c in conds[1:]:
        pipe += f" | xargs -d '\\n' -r {RG} -l -i -e {shlex.quote(c)}"
    if q.get("desk"):
        pipe += f" | xargs -d '\\n' -r {RG} -l -i -F -e {shlex.quote(q['desk'] + ' Desk for Atlas News')}"
    if q.get("since") or q.get("until"):
        y0, y1 = int(q["since"][:4]), int(q["until"][:4])
        years = "|".join(str(y) for y in range(y0, y1 + 1))
        # dated paths, or a Date: header in the file
        pipe = (f"{pipe} | {{ mapfile -t f; printf '%s\\n' \"${{f[@]}}\" | grep -E '/({years})/'; "
                f"printf '%s\\n' \"${{f[@]}}\" | grep -vE '/[0-9]{{4}}/[0-9]{{2}}/' | "
                f"xargs -d '\\n' -r {RG} -l -e '^Date: ({years})'; }} | sort -u")
    return pipe + " | wc -l"


# A ripgrep run over 1M files whose pages the kernel has reclaimed took
# over 11 minutes on the benchmark machine (BENCHMARKS.md, "1M, final tree
# (9b1b45c)"); past this many seconds it is recorded as a lower bound.
RG_TIMEOUT_S = float(os.environ.get("BENCH_RG_TIMEOUT", "60"))


def run_many(cmd, runs, shell=False, timeout=None):
    """Median / min wall ms of `runs` whole-process runs after one warm-up.
    A run over `timeout` seconds is killed (its whole process group) and the
    result is {"error", "timeout_ms"}."""
    out = None
    times = []
    for i in range(runs + 1):
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             shell=shell, executable="/bin/bash" if shell else None,
                             start_new_session=True)
        try:
            stdout, stderr = p.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.communicate()
            return {"error": f"over {timeout:.0f} s", "timeout_ms": timeout * 1000}
        dt_ms = (time.perf_counter() - t0) * 1000
        if p.returncode != 0:
            return {"error": (stderr or stdout)[-300:]}
        if i == 0:
            out = stdout
        else:
            times.append(dt_ms)
    times.sort()
    return {"median_ms": round(statistics.median(times), 2), "min_ms": round(times[0], 2),
            "max_ms": round(times[-1], 2), "runs": runs, "stdout": out}


def rg_ms(row):
    """ripgrep's median, or its time limit where it ran out (a lower bound:
    a ratio over it is at least that)."""
    r = row["ripgrep"]
    return r.get("median_ms") or r.get("timeout_ms")


def hits_of(stdout):
    try:
        return json.loads(stdout)["total_hits"]
    except Exception:
        try:
            return int(stdout.strip())
        except Exception:
            return None


def in_process(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        log(f"  in-process run failed: {p.stderr[-500:]}")
        return []
    return [json.loads(l) for l in p.stdout.splitlines() if l.strip()]


def files_under(root):
    return [os.path.join(d, n) for d, _, names in os.walk(root) for n in names]


def drop_caches(paths=()):
    """Empties the page cache: all of it as root, else (no root in a
    container) the pages of `paths` (files or trees) through
    posix_fadvise(DONTNEED), which any user may ask for the files it can
    read. Returns how it was done, or None."""
    subprocess.run(["sync"])
    try:
        with open("/proc/sys/vm/drop_caches", "w") as fh:
            fh.write("3\n")
        return "drop_caches"
    except OSError:
        pass
    if not paths:
        return None
    for path in paths:
        files = [path] if os.path.isfile(path) else files_under(path)
        for f in files:
            try:
                fd = os.open(f, os.O_RDONLY)
            except OSError:
                continue
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)
    return "fadvise"


def queries_all(size, corpus, idx, db, qfile, runs, rg_runs, ip_runs, out):
    arts = os.path.join(corpus, "articles")
    floor_idx = os.path.join(WORK, f"idx-{size}-floor-stem")
    queries = load_queries(qfile)
    rows = []
    for q in queries:
        log(f"query [{q['class']}] {q['q']}")
        row = {"class": q["class"], "query": q}
        row["atlas"] = run_many(atlas_cmd(idx, q), runs)
        row["tantivy-floor"] = run_many(floor_cmd(floor_idx, q), runs)
        row["sqlite-fts5"] = run_many(fts_cmd(db, q), runs)
        rg = rg_cmd(arts, q)
        row["ripgrep"] = run_many(rg, rg_runs, shell=True, timeout=RG_TIMEOUT_S)
        row["ripgrep"]["command"] = rg
        for k in ("atlas", "tantivy-floor", "sqlite-fts5", "ripgrep"):
            row[k]["total_hits"] = hits_of(row[k].pop("stdout", None) or "")
        log("   " + "  ".join(f"{k}={row[k].get('median_ms')}ms/{row[k].get('total_hits')}"
                             for k in ("atlas", "tantivy-floor", "sqlite-fts5", "ripgrep")))
        rows.append(row)
    out["queries"] = rows
    qpath = os.path.join(HERE, qfile)
    log("in-process latency")
    out["in_process"] = {
        "atlas": in_process([LATENCY, idx, qpath, str(ip_runs)]),
        "tantivy-floor": in_process([FLOOR, "bench", floor_idx, qpath, str(ip_runs)]),
        "sqlite-fts5": in_process(FTS5 + ["bench", db, qpath, str(ip_runs)]),
    }


def paired(size, idx, qfile, runs, baseline=None):
    """atlas vs the floor, whole process, interleaved (A B A B ...) so that
    machine noise hits both alike: the figure for "within 1.2x". With a
    `baseline` atlas binary, it runs in the same rotation (A B C A B C ...)
    on the same index: the before/after of a query-side change."""
    fidx = os.path.join(WORK, f"idx-{size}-floor-stem")
    rows = []
    for q in load_queries(qfile):
        cmds = {"atlas": atlas_cmd(idx, q), "floor": floor_cmd(fidx, q)}
        if baseline:
            cmds["baseline"] = [baseline] + atlas_cmd(idx, q)[1:]
        t = {k: [] for k in cmds}
        for i in range(runs + 2):
            for k, c in cmds.items():
                t0 = time.perf_counter()
                subprocess.run(c, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
                if i >= 2:
                    t[k].append((time.perf_counter() - t0) * 1000)
        a, f = statistics.median(t["atlas"]), statistics.median(t["floor"])
        rows.append({"class": q["class"], "atlas_ms": round(a, 2), "floor_ms": round(f, 2),
                     "ratio": round(a / f, 2), "runs": runs})
        if baseline:
            b = statistics.median(t["baseline"])
            rows[-1].update(baseline_ms=round(b, 2), baseline_ratio=round(b / f, 2))
        log(f"  paired [{q['class']}] atlas {a:.2f} ms, floor {f:.2f} ms ({a / f:.2f}x)"
            + (f", baseline {b:.2f} ms ({b / f:.2f}x)" if baseline else ""))
    return rows


COLD_ROUNDS = 3


def cold_first_query(size, idx, db, qfile, out):
    """The first query of a fresh process with the page cache dropped, for
    every query class: COLD_ROUNDS rounds, the engines interleaved within
    each, medians reported. Runs last: dropping the cache would make the
    other measurements cold too."""
    floor_idx = os.path.join(WORK, f"idx-{size}-floor-stem")
    log("cold first queries")
    how = None
    classes = []
    for q in load_queries(qfile):
        engines = (("atlas", atlas_cmd(idx, q), [idx, ATLAS]),
                   ("tantivy-floor", floor_cmd(floor_idx, q), [floor_idx, FLOOR]),
                   ("sqlite-fts5", fts_cmd(db, q), [db]))
        times = {name: [] for name, _, _ in engines}
        for _ in range(COLD_ROUNDS):
            for name, cmd, files in engines:
                how = drop_caches(files)
                if how is None:
                    out["cold"] = {"note": "could not drop the page cache; see first_ms of in-process runs"}
                    return
                t0 = time.perf_counter()
                subprocess.run(cmd, capture_output=True)
                times[name].append((time.perf_counter() - t0) * 1000)
        row = {"class": q["class"], "q": q["q"]}
        row.update({k: round(statistics.median(v), 2) for k, v in times.items()})
        log(f"  cold [{q['class']}] " + ", ".join(f"{k} {row[k]:.0f} ms" for k in times))
        classes.append(row)
    if how == "drop_caches":
        note = f"page cache dropped before each run; median of {COLD_ROUNDS} interleaved rounds"
    else:
        note = (f"no root: each engine's index and binary evicted with posix_fadvise(DONTNEED) "
                f"before its run (shared libraries and python stay cached; on a VM the host "
                f"may still cache the disk); median of {COLD_ROUNDS} interleaved rounds")
    out["cold"] = {"note": note, "classes": classes}


# --------------------------------------------------------------------------
# Incremental

def incremental(size, corpus, idx, out):
    arts = os.path.join(corpus, "articles")
    victim = None
    for root, dirs, names in os.walk(arts):
        dirs.sort()
        txt = sorted(n for n in names if n.endswith(".txt"))
        if txt:
            victim = os.path.join(root, txt[0])
            break
    res = {}
    log("incremental: no change")
    wall, rss, stdout = timed([ATLAS, "--index", idx, "index", arts, "--quiet", "--format", "json"])
    s = json.loads(stdout)
    res["no_change"] = {"wall_s": round(wall, 3), "peak_rss_mb": round(rss / 2**20, 1),
                        "unchanged": s.get("unchanged"), "updated": s.get("updated")}
    with open(victim, encoding="utf-8") as fh:
        original = fh.read()
    try:
        with open(victim, "a", encoding="utf-8") as fh:
            fh.write("\nA paragraph added by the benchmark to test incremental indexing.\n")
        log(f"incremental: one file changed ({os.path.relpath(victim, arts)})")
        wall, rss, stdout = timed([ATLAS, "--index", idx, "index", arts, "--quiet", "--format", "json"])
        s = json.loads(stdout)
        res["one_changed"] = {"wall_s": round(wall, 3), "peak_rss_mb": round(rss / 2**20, 1),
                              "updated": s.get("updated"), "added": s.get("added"),
                              "unchanged": s.get("unchanged"), "file": os.path.relpath(victim, arts)}
    finally:
        with open(victim, "w", encoding="utf-8") as fh:
            fh.write(original)
    # Put the index back in step with the corpus (also a 1-changed run).
    wall, _, stdout = timed([ATLAS, "--index", idx, "index", arts, "--quiet", "--format", "json"])
    res["restore_one_changed"] = {"wall_s": round(wall, 3), "updated": json.loads(stdout).get("updated")}
    log(f"  no change {res['no_change']['wall_s']} s, one changed {res['one_changed']['wall_s']} s "
        f"(updated={res['one_changed']['updated']})")
    out["incremental"] = res


# --------------------------------------------------------------------------
# Report

def machine():
    cpu = "?"
    with open("/proc/cpuinfo") as fh:
        for line in fh:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = 0
    with open("/proc/meminfo") as fh:
        for line in fh:
            if line.startswith("MemTotal"):
                mem = int(line.split()[1]) * 1024
    import hashlib
    with open(ATLAS, "rb") as fh:
        build = hashlib.sha256(fh.read()).hexdigest()[:12]
    stamp = time.strftime("%Y-%m-%d %H:%M", time.localtime(os.path.getmtime(ATLAS)))
    return {"atlas_build": f"sha256 {build}, built {stamp}",
            "nproc": os.cpu_count(), "cpu": cpu, "ram_gb": round(mem / 2**30, 1),
            "kernel": platform.release(), "date": time.strftime("%Y-%m-%d %H:%M")}


def fmt(x, nd=1):
    if x is None:
        return "—"
    if isinstance(x, float):
        return f"{x:,.{nd}f}"
    return f"{x:,}"


def ratio(a, b):
    if not a or not b:
        return None
    return a / b


def verdict(ok):
    return "met" if ok else "**missed**"


def report(size, out):
    m = out["machine"]
    c = out["corpus"]
    L = [f"# atlas benchmark: {size}", "",
         f"Machine: {m['nproc']} cores, {m['cpu']}, {m['ram_gb']} GB RAM, Linux {m['kernel']}; run {m['date']}; "
         f"atlas binary {m.get('atlas_build', '?')}.",
         f"Corpus: {c['articles']:,} articles in {c['files']:,} files, {c['article_bytes'] / 1e6:.1f} MB "
         f"(peers' JSONL {c['peers_jsonl_bytes'] / 1e6:.1f} MB). Command: `bench/run.sh {size}`.", "",
         "## Indexing", "",
         "| engine | wall s | CPU s (cores busy) | docs/s | MB/s | peak RSS MB | of which anon / file-backed (sampled) | index MB | index / input |",
         "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    ix = out["indexing"]
    for name, r in ix.items():
        cpu = r.get("cpu_s")
        busy = f"{cpu:,.1f} ({cpu / r['wall_s']:.2f})" if cpu is not None else "–"
        L.append(f"| {name} | {r['wall_s']:.2f} | {busy} | {r['docs_per_s']:,} | {r['mb_per_s']:.1f} | "
                 f"{fmt(r['peak_rss_mb'])} | {fmt(r.get('peak_anon_mb') or None)} / {fmt(r.get('peak_file_mb') or None)} | "
                 f"{r['index_bytes'] / 1e6:.1f} | {r['index_ratio']:.2f} |")
    a = ix["atlas"]
    L += ["", f"atlas: {a.get('articles')} articles indexed, {a.get('skipped')} files skipped, "
              f"{a.get('warnings')} warnings, {a.get('segments')} segments.", ""]
    L += ["## Query latency, whole process (median ms; total hits in parentheses)", "",
          "| class | query | atlas | tantivy floor | FTS5 | ripgrep | atlas / floor | FTS5 / atlas | rg / atlas |",
          "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for row in out["queries"]:
        q = row["query"]
        qtext = q["q"] + "".join(f" --{k} {q[k]}" for k in ("desk", "since", "until") if q.get(k))

        def cell(k):
            r = row[k]
            if "timeout_ms" in r:
                return r["error"]
            if "error" in r:
                return "error"
            return f"{r['median_ms']:.1f} ({fmt(r['total_hits'])})"
        am = row["atlas"].get("median_ms")
        rf = ratio(am, row["tantivy-floor"].get("median_ms"))
        rs = ratio(row["sqlite-fts5"].get("median_ms"), am)
        rr = ratio(rg_ms(row), am)
        qcell = qtext.replace("|", "\\|")
        L.append(f"| {row['class']} | `{qcell}` | {cell('atlas')} | {cell('tantivy-floor')} | "
                 f"{cell('sqlite-fts5')} | {cell('ripgrep')} | {fmt(rf, 2)} | {fmt(rs, 1)} | {fmt(rr, 0)} |")
    if out.get("paired"):
        n = out["paired"][0]["runs"]
        L += ["", f"## atlas vs the floor, whole process, paired ({n} interleaved runs each, median ms)", "",
              "| class | atlas | tantivy floor | atlas / floor |", "|---|---:|---:|---:|"]
        for r in out["paired"]:
            L.append(f"| {r['class']} | {r['atlas_ms']:.2f} | {r['floor_ms']:.2f} | {r['ratio']:.2f} |")
    L += ["", "## Query latency, in process (median / p95 ms; first = first run after open)", "",
          "| class | atlas | tantivy floor | FTS5 |", "|---|---:|---:|---:|"]
    ip = out["in_process"]
    for i, row in enumerate(out["queries"]):
        def cell(k):
            try:
                r = ip[k][i]
                return f"{r['median_ms']:.2f} / {r['p95_ms']:.2f} (first {r['first_ms']:.1f})"
            except (IndexError, KeyError):
                return "—"
        L.append(f"| {row['class']} | {cell('atlas')} | {cell('tantivy-floor')} | {cell('sqlite-fts5')} |")
    opens = {k: (v[0].get("open_ms") if v else None) for k, v in ip.items()}
    L += ["", "Index open (in process, ms): " + ", ".join(f"{k} {fmt(v, 2)}" for k, v in opens.items()), ""]
    cold = out.get("cold", {})
    if cold.get("classes"):
        L += [f"Cold first query, whole process (median ms; {cold['note']}):", "",
              "| class | atlas | tantivy floor | FTS5 | atlas / floor |", "|---|---:|---:|---:|---:|"]
        for r in cold["classes"]:
            L.append(f"| {r['class']} | {r['atlas']:.1f} | {r['tantivy-floor']:.1f} | {r['sqlite-fts5']:.1f} "
                     f"| {r['atlas'] / r['tantivy-floor']:.2f} |")
        L.append("")
    else:
        L += [f"Cold first query: {cold.get('note', 'not measured')}", ""]
    if "incremental" in out:
        inc = out["incremental"]
        L += ["## Incremental re-index (atlas)", "",
              f"- no change: {inc['no_change']['wall_s']:.2f} s (unchanged {inc['no_change']['unchanged']})",
              f"- one file changed: {inc['one_changed']['wall_s']:.2f} s (updated {inc['one_changed']['updated']}), "
              f"peak RSS {inc['one_changed']['peak_rss_mb']} MB; changing it back: "
              f"{inc['restore_one_changed']['wall_s']:.2f} s", ""]
    # Targets
    L += ["## Targets", ""]
    t = []
    cli = ix.get("tantivy-cli (stem)", {})
    cli_ns = ix.get("tantivy-cli (nostem)", {})
    r1 = ratio(a["docs_per_s"], cli.get("docs_per_s"))
    r2 = ratio(a["docs_per_s"], cli_ns.get("docs_per_s"))
    t.append(f"- indexing ≥ 1.5× tantivy-cli docs/s (stemming schema): {fmt(r1, 2)}× — {verdict(r1 and r1 >= 1.5)}"
             f" (vs no-stemming tantivy-cli: {fmt(r2, 2)}×, aim ≥ 1.0× at 100k, ≥ 1.3× at 1M)")
    t.append(f"- index size ≤ 0.8× input bytes: {a['index_ratio']:.2f}× — {verdict(a['index_ratio'] <= 0.8)}")
    t.append(f"- peak RSS ≤ 1 GB (target stated at 1M): {fmt(a['peak_rss_mb'])} MB "
             f"(anonymous {fmt(a.get('peak_anon_mb'))} MB) — {verdict(a['peak_rss_mb'] and a['peak_rss_mb'] <= 1024)}")
    floor = ix.get("tantivy-floor (stem)", {})
    rf = ratio(a["wall_s"], floor.get("wall_s"))
    t.append(f"- indexing ≤ 1.25× the floor's wall time (same analysis, same threads): {fmt(rf, 2)}× — "
             f"{verdict(rf and rf <= 1.25)}")
    if out.get("paired"):
        worst = max((r["ratio"], r["class"]) for r in out["paired"])
        how = "paired runs"
    else:
        worst = max((ratio(r["atlas"].get("median_ms"), r["tantivy-floor"].get("median_ms")) or 0, r["class"])
                    for r in out["queries"])
        how = "medians of the table"
    t.append(f"- search whole process within 1.2× of the floor, every class ({how}): worst {worst[0]:.2f}× "
             f"({worst[1]}) — {verdict(worst[0] <= 1.2)}")
    fts = min((ratio(r["sqlite-fts5"].get("median_ms"), r["atlas"].get("median_ms")) or 0, r["class"])
              for r in out["queries"])
    rgm = min((ratio(rg_ms(r), r["atlas"].get("median_ms")) or 0, r["class"])
              for r in out["queries"])
    t.append(f"- ≥ 10× faster than FTS5 (whole process), every class: worst {fts[0]:.1f}× ({fts[1]}) — "
             f"{verdict(fts[0] >= 10)}")
    t.append(f"- ≥ 100× faster than ripgrep, every class: worst {rgm[0]:.0f}× ({rgm[1]}) — {verdict(rgm[0] >= 100)}")
    p3 = [r for r in out["queries"] if r["class"] == "3-word phrase"]
    if p3:
        v = p3[0]["atlas"].get("median_ms")
        t.append(f"- 3-word phrase ≤ 40 ms (target stated at 1M): {fmt(v)} ms — {verdict(v and v <= 40)}")
    if "incremental" in out:
        v = out["incremental"]["one_changed"]["wall_s"]
        t.append(f"- incremental, 1 changed file ≤ 0.5 s (target stated at 100k): {v:.2f} s — {verdict(v <= 0.5)}")
    cold = out.get("cold", {}).get("classes")
    if cold:
        worst = max((r["atlas"] / r["tantivy-floor"], r["class"]) for r in cold)
        t.append(f"- cold first query ≤ the floor's, every class: worst {worst[0]:.2f}× ({worst[1]}) — "
                 f"{verdict(worst[0] <= 1.0)}")
    L += t + [""]
    return "\n".join(L)


def rss_only(size):
    """`bench.py rss SIZE`: atlas indexing alone, with anon/file RSS sampling,
    into bench/work/rss-SIZE.json (for results measured before sampling existed)."""
    corpus = os.path.join(WORK, "corpora", size)
    idx = os.path.join(WORK, f"idx-{size}-rss")
    shutil.rmtree(idx, ignore_errors=True)
    os.makedirs(idx)
    wall, rss, stdout = timed([ATLAS, "--index", idx, "index", os.path.join(corpus, "articles"),
                               "--rebuild", "--quiet", "--format", "json"])
    r = {"wall_s": round(wall, 2), "peak_rss_mb": round(rss / 2**20, 1), **TIMED_EXTRA,
         "segments": len([f for f in os.listdir(idx) if f.endswith(".idx")])}
    shutil.rmtree(idx, ignore_errors=True)
    json.dump(r, open(os.path.join(WORK, f"rss-{size}.json"), "w"))
    print(json.dumps(r))


def steps(size, names):
    """`bench.py steps SIZE STEP...` (paired, incremental, cold, queries):
    harness steps alone, on the indexes an earlier `bench/run.sh SIZE` left
    in bench/work/, each into bench/work/STEP-SIZE-final.json. The 1M
    figures of BENCHMARKS.md's "1M, final tree (9b1b45c)"."""
    _, qfile, runs, rg_runs, ip_runs = SIZES[size]
    corpus = os.path.join(WORK, "corpora", size)
    idx, db = os.path.join(WORK, f"idx-{size}"), os.path.join(WORK, f"fts-{size}.db")
    run = {
        "paired": lambda out: out.update(paired=paired(size, idx, qfile, PAIRED_RUNS[size])),
        "incremental": lambda out: incremental(size, corpus, idx, out),
        "cold": lambda out: cold_first_query(size, idx, db, qfile, out),
        "queries": lambda out: queries_all(size, corpus, idx, db, qfile, runs, rg_runs, ip_runs, out),
    }
    for name in names:
        if name not in run:
            sys.exit(f"unknown step {name!r}; one of {', '.join(run)}")
        out = {}
        run[name](out)
        with open(os.path.join(WORK, f"{name}-{size}-final.json"), "w") as fh:
            json.dump(out.get("paired", out), fh, indent=1)


def main():
    if len(sys.argv) > 2 and sys.argv[1] == "rss":
        return rss_only(sys.argv[2])
    if len(sys.argv) > 3 and sys.argv[1] == "steps":
        return steps(sys.argv[2], sys.argv[3:])
    if len(sys.argv) > 2 and sys.argv[1] == "report":
        return rereport(sys.argv[2])
    size = sys.argv[1] if len(sys.argv) > 1 else "smoke"
    if size not in SIZES:
        sys.exit(f"unknown size {size!r}; one of {', '.join(SIZES)}")
    builder, qfile, runs, rg_runs, ip_runs = SIZES[size]
    corpus = os.path.join(WORK, "corpora", size)
    log(f"corpus {size}")
    subprocess.run([sys.executable, os.path.join(HERE, "corpus.py"), builder[0], corpus]
                   + [str(x) for x in builder[1:]], check=True)
    out = {"size": size, "machine": machine()}
    idx, db = index_all(size, corpus, out)
    queries_all(size, corpus, idx, db, qfile, runs, rg_runs, ip_runs, out)
    if size in PAIRED_RUNS:
        log("paired runs, atlas vs floor")
        out["paired"] = paired(size, idx, qfile, PAIRED_RUNS[size])
    incremental(size, corpus, idx, out)
    cold_first_query(size, idx, db, qfile, out)
    with open(os.path.join(WORK, f"results-{size}.json"), "w") as fh:
        json.dump(out, fh, indent=1)
    print(write_report(size, out))


def rereport(size):
    """Renders a finished run's results-SIZE.json again (after a change to
    the tables' layout or wording). Measures nothing."""
    with open(os.path.join(WORK, f"results-{size}.json")) as fh:
        write_report(size, json.load(fh))


def write_report(size, out):
    """The run's tables into results-SIZE.md and BENCHMARKS.md."""
    md = report(size, out)
    with open(os.path.join(WORK, f"results-{size}.md"), "w") as fh:
        fh.write(md)
    update_benchmarks(size, md)
    return md


def update_benchmarks(size, md):
    """Puts this run's tables into BENCHMARKS.md between its markers for
    SIZE, so that the file is regenerated by the same one command."""
    path = os.path.join(os.path.dirname(HERE), "BENCHMARKS.md")
    begin, end = f"<!-- bench:{size}:begin -->", f"<!-- bench:{size}:end -->"
    try:
        text = open(path, encoding="utf-8").read()
    except OSError:
        return
    if begin not in text or end not in text:
        return
    body = "\n".join(("##" + l) if l.startswith("#") else l for l in md.splitlines()[1:])
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(f"{head}{begin}\n{body.strip()}\n{end}{tail}")
    log(f"BENCHMARKS.md: {size} tables updated")


if __name__ == "__main__":
    main()
