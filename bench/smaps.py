#!/usr/bin/env python3
"""Samples a command's resident memory every 3 s, split by what it maps:
anonymous memory and each index file kind (.pos, .idx, .store, ...), from
/proc/PID/smaps. The breakdown behind BENCHMARKS.md's "The end-of-run merge
and memory" (1M).

    python3 bench/smaps.py OUT.log bench/work/bin/atlas --index IDX index ARTICLES --rebuild --quiet
"""
import collections
import os
import re
import subprocess
import sys
import time


def sample(pid):
    by = collections.Counter()
    kind = None
    with open(f"/proc/{pid}/smaps") as fh:
        for line in fh:
            if re.match(r"^[0-9a-f]+-[0-9a-f]+ ", line):
                parts = line.split()
                name = parts[5] if len(parts) > 5 else "[anon]"
                kind = os.path.splitext(name)[1] if name.startswith("/") else name
            elif line.startswith("Rss:"):
                by[kind] += int(line.split()[1])
    with open(f"/proc/{pid}/status") as fh:
        st = dict(l.split(":", 1) for l in fh if ":" in l)
    anon, file = (int(st[k].split()[0]) // 1024 for k in ("RssAnon", "RssFile"))
    top = " ".join(f"{k}={v // 1024}" for k, v in by.most_common(8))
    return f"anon={anon} file={file} | {top}"


def main():
    out = open(sys.argv[1], "w")
    p = subprocess.Popen(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    t0 = time.time()
    while p.poll() is None:
        try:
            out.write(f"{time.time() - t0:.0f} {sample(p.pid)}\n")
            out.flush()
        except (OSError, KeyError, ValueError):
            pass
        time.sleep(3)
    out.write(f"exit {p.returncode} after {time.time() - t0:.0f}s\n")


if __name__ == "__main__":
    main()
