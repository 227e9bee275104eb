#!/usr/bin/env python3
"""How fast can SIZE's article files be read from a cold page cache, with
N reads in flight? The floor under any indexer that reads one file per
article, on this machine's disk, and how much of it is the disk's queue
depth rather than CPU:

  python3 bench/read_probe.py ROUNDS SIZE[/SUBDIR] N [N ...]

SUBDIR is a folder under the articles (`large/1996`): a disk's host may
cache what was read last, so a truly cold comparison reads a different,
like-sized folder for each N (`python3 bench/read_probe.py 1 large/1996 2`,
then `large/1997 16`, ...).

Each round drops the page cache (as root; else fadvise on the files), then,
for each N in turn (interleaved, the cache dropped before every pass), walks
the articles and reads every file on N threads. Prints wall seconds per pass
and the medians. Python threads release the GIL while they wait on `read`,
so N threads are N reads in flight.
"""
import os, statistics, sys, time
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from bench import drop_caches, files_under  # noqa: E402


def read_bytes(path):
    with open(path, "rb") as fh:
        return len(fh.read())


def one_pass(root, threads):
    """Walk (cold inodes) then read every file on `threads` threads."""
    t0 = time.perf_counter()
    paths = files_under(root)
    walked = time.perf_counter() - t0
    with ThreadPoolExecutor(threads) as pool:
        total = sum(pool.map(read_bytes, paths, chunksize=64))
    return time.perf_counter() - t0, walked, len(paths), total


def main():
    rounds, size, counts = int(sys.argv[1]), sys.argv[2], [int(n) for n in sys.argv[3:]]
    size, _, sub = size.partition("/")
    root = os.path.join(HERE, "work", "corpora", size, "articles", sub)
    results = {n: [] for n in counts}
    for r in range(rounds):
        for n in counts:
            how = drop_caches([root])
            wall, walked, files, total = one_pass(root, n)
            results[n].append(wall)
            print(f"round {r + 1}, {n} in flight ({how}): {wall:.1f} s "
                  f"(walk {walked:.1f} s), {files:,} files, {total / 1e6:.0f} MB, "
                  f"{files / wall:,.0f} files/s", flush=True)
    for n, walls in results.items():
        print(f"{n} in flight: median {statistics.median(walls):.1f} s over {len(walls)} rounds")


if __name__ == "__main__":
    main()
