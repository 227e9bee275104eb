#!/usr/bin/env python3
"""What keeping quotes costs `atlas index`: a quote-dense corpus assembled
from the fixtures' paragraphs (8 random paragraphs per article), indexed
from empty, then unchanged, then with the quote index deleted (so the run
re-extracts every article's quotes and nothing else).

  python3 bench/quotes_cost.py ATLAS_BINARY [N_ARTICLES] [WORK_DIR]
"""
import pathlib
import random
import shutil
import subprocess
import sys
import time

FIX = pathlib.Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "quotes"


def main():
    atlas = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 3000
    work = pathlib.Path(sys.argv[3] if len(sys.argv) > 3 else "/tmp/atlas-quotes-cost")
    shutil.rmtree(work, ignore_errors=True)
    corpus = work / "corpus"
    corpus.mkdir(parents=True)
    random.seed(7)
    paras = []
    for f in sorted(FIX.glob("*.txt")):
        body = "\n".join(f.read_text().split("\n")[3:])
        paras += [p for p in body.split("\n\n") if p.strip()]
    for i in range(n):
        text = "\n\n".join(random.sample(paras, 8))
        (corpus / f"a{i:06d}.txt").write_text(f"Story number {i} from the wire desk\nBy Staff Reporter\n\n{text}\n")
    idx = work / "idx"

    def run(label):
        t = time.monotonic()
        subprocess.run([atlas, "--index", str(idx), "index", str(corpus), "--quiet"], check=True)
        took = time.monotonic() - t
        print(f"{label}: {took:.2f} s")
        return took

    full = run("index from empty")
    same = run("unchanged")
    shutil.rmtree(idx / ".quotes")
    quotes = run("quote index deleted (all quotes re-extracted)")
    cost = quotes - same
    print(f"quote sync ≈ {cost:.2f} s = {100 * cost / (full - cost):.1f} % of indexing the articles")


if __name__ == "__main__":
    main()
