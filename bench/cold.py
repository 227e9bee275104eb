#!/usr/bin/env python3
"""Commands on a cold page cache, interleaved (A B C A B C ...): the cache is
dropped before every run (root: /proc/sys/vm/drop_caches). Prints each
command's median, min and max ms and, with `name@DIR=...`, how much of DIR
the run left in the page cache (`fincore`), i.e. how much it read.
Commands are split like a shell would (quoted phrases stay one argument):

  python3 bench/cold.py 3 \\
      "old@IDX=/tmp/atlas-old --index IDX search government --format json" \\
      "new@IDX=target/release/atlas --index IDX search government --format json" \\
      "floor@FLOOR_IDX=bench/work/bin/tantivy-floor search FLOOR_IDX government"
"""
import os
import shlex
import statistics
import subprocess
import sys
import time


def drop_caches():
    subprocess.run(["sync"], check=True)
    with open("/proc/sys/vm/drop_caches", "w") as fh:
        fh.write("3\n")


def resident_kb(path):
    out = subprocess.run(["fincore", "--bytes", "--noheadings", "--output", "RES", path],
                         capture_output=True, text=True).stdout
    return sum(int(x) for x in out.split()) // 1024


def main():
    rounds = int(sys.argv[1])
    cmds = []
    for arg in sys.argv[2:]:
        name, cmd = arg.split("=", 1)
        name, _, watched = name.partition("@")
        cmds.append((name, shlex.split(cmd), watched))
    times = {name: [] for name, _, _ in cmds}
    read = {name: [] for name, _, _ in cmds}
    for _ in range(rounds):
        for name, cmd, watched in cmds:
            drop_caches()
            t0 = time.perf_counter()
            subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
            times[name].append((time.perf_counter() - t0) * 1000)
            if watched:
                files = [os.path.join(d, f) for d, _, names in os.walk(watched) for f in names]
                read[name].append(sum(resident_kb(f) for f in files))
    for name, v in times.items():
        line = f"{name}: median {statistics.median(v):.1f} ms  min {min(v):.1f}  max {max(v):.1f}"
        if read[name]:
            line += f"  resident after the run {statistics.median(read[name]) / 1024:.1f} MB"
        print(line)


if __name__ == "__main__":
    main()
