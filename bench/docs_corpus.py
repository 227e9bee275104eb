#!/usr/bin/env python3
"""A mixed corpus of 1,000 documents for issue [5/8]'s benchmark row:
PDF, DOCX, ODT and RTF made by LibreOffice from articles of the synthetic
corpus, e-mail as .eml files and one mbox, written by Python's `email`.

    python3 bench/corpus.py synth bench/work/corpora/medium/articles 100000
    python3 bench/docs_corpus.py bench/work/corpora/medium/articles/articles OUT

Then `/usr/bin/time -v atlas --index IDX index OUT --quiet` gives the time
and the peak memory (`bench/docs_bench.sh` does both). Needs `soffice`
(Debian `libreoffice-writer-nogui`). Same input, same output: the articles
are taken in sorted order, every k-th.
"""

import email.message
import email.utils
import mailbox
import os
import re
import subprocess
import sys
import tempfile
from datetime import datetime, timezone

# How many of each kind: 1,000 documents in all (the mbox holds 50).
KINDS = [("pdf", 300), ("docx", 200), ("odt", 150), ("rtf", 100), ("eml", 200), ("mbox", 50)]
SOFFICE_FILTER = {"pdf": "pdf", "docx": 'docx:"MS Word 2007 XML"', "odt": "odt", "rtf": "rtf"}


def articles(root):
    paths = sorted(
        os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs if f.endswith(".txt")
    )
    need = sum(n for _, n in KINDS)
    step = max(1, len(paths) // need)
    return paths[::step][:need]


def read(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    # Some synthetic articles open with a `Date: …` header paragraph.
    body = re.sub(r"\A(?:[A-Z][a-z]+: [^\n]*\n)+\n", "", text)
    title, _, rest = body.partition("\n\n")
    author = rest.split("\n", 1)[0].strip()
    return title.strip(), author, text


def convert(kind, sources, out):
    """One soffice run per kind: LibreOffice's start-up is most of its cost."""
    with tempfile.TemporaryDirectory() as tmp:
        for i, src in enumerate(sources):
            os.symlink(os.path.abspath(src), os.path.join(tmp, f"{kind}-{i:04}.txt"))
        names = sorted(os.listdir(tmp))
        for start in range(0, len(names), 50):
            batch = [os.path.join(tmp, n) for n in names[start : start + 50]]
            cmd = ["soffice", "--headless", "--convert-to", SOFFICE_FILTER[kind].replace('"', "")]
            subprocess.run(
                cmd + ["--outdir", out] + batch,
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )


def message(path, n):
    title, author, text = read(path)
    m = email.message.EmailMessage()
    local = ".".join("".join(c for c in w if c.isalnum()) for w in author.lower().split()) or "desk"
    m["From"] = email.utils.formataddr((author, f"{local}@example.org"))
    m["To"] = "desk@example.org"
    m["Subject"] = title
    when = datetime(2020, 1, 1, tzinfo=timezone.utc).timestamp() + n * 86_400
    m["Date"] = email.utils.formatdate(when)
    m["Message-ID"] = f"<doc-{n}@example.org>"
    m.set_content(text)
    return m


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    src, out = sys.argv[1], sys.argv[2]
    picked = articles(src)
    at = 0
    for kind, n in KINDS:
        chunk, at = picked[at : at + n], at + n
        folder = os.path.join(out, kind)
        os.makedirs(folder, exist_ok=True)
        if kind in SOFFICE_FILTER and len(os.listdir(folder)) == n:
            continue  # made by an earlier run: LibreOffice is the slow part
        if kind in SOFFICE_FILTER:
            convert(kind, chunk, folder)
        elif kind == "eml":
            for i, p in enumerate(chunk):
                with open(os.path.join(folder, f"tip-{i:04}.eml"), "wb") as f:
                    f.write(bytes(message(p, i)))
        else:
            box = mailbox.mbox(os.path.join(folder, "desk.mbox"))
            for i, p in enumerate(chunk):
                box.add(message(p, 1000 + i))
            box.close()
    made = sum(len(fs) for _, _, fs in os.walk(out))
    print(f"{made} files, {at} documents in {out}")


if __name__ == "__main__":
    main()
