#!/usr/bin/env python3
"""Writes corpus/web/crawl-2024-08.warc.gz: a small crawl shaped like one from
`wget --warc-file` / Heritrix, for the shipped sample corpus. Records: a
warcinfo, two captures of one article (the newer wins), an article sent
chunked and gzip-encoded, its request and a later revisit, a 404, an image,
and a section front (skipped: not an article page). Each record is its own
gzip member, as crawlers write them. Deterministic: re-running gives the
same bytes. Usage: python3 bench/web_warc.py
"""
import gzip
import io
import os

OUT = os.path.join(os.path.dirname(__file__), "..", "corpus", "web", "crawl-2024-08.warc.gz")


def page(url, section, headline, byline, date, paras, extra=""):
    body = "\n".join(f"<p>{p}</p>" for p in paras)
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{headline} | Estuary Post</title>
<link rel="canonical" href="{url}">
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"NewsArticle",
"headline":"{headline}","datePublished":"{date}T07:00:00Z","articleSection":"{section}",
"author":{{"@type":"Person","name":"{byline}"}},"publisher":{{"@type":"Organization","name":"Estuary Post"}}}}</script>
</head><body><nav><a href="/">Estuary Post</a> <a href="/environment/">Environment</a> <a href="/towns/">Towns</a></nav>
<main><article><h1>{headline}</h1><p class="byline">By {byline}</p>{extra}
{body}</article><aside><h2>Most read</h2><ul><li><a href="/x">Tide tables for August</a></li></ul></aside></main>
<footer>© Estuary Post</footer></body></html>""".encode()


def http(status, headers, body):
    head = f"HTTP/1.1 {status}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers) + "\r\n"
    return head.encode() + body


def chunked(body, size=300):
    out = b""
    for i in range(0, len(body), size):
        part = body[i : i + size]
        out += f"{len(part):x}\r\n".encode() + part + b"\r\n"
    return out + b"0\r\n\r\n"


def record(kind, uri, date, rid, content, ctype="application/http; msgtype=response", extra=()):
    head = [("WARC-Type", kind)]
    if uri:
        head.append(("WARC-Target-URI", uri))
    head += [("WARC-Date", date), ("WARC-Record-ID", f"<urn:uuid:{rid}>")]
    head += list(extra)
    head += [("Content-Type", ctype), ("Content-Length", str(len(content)))]
    raw = "WARC/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in head) + "\r\n"
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0) as gz:
        gz.write(raw.encode() + content + b"\r\n\r\n")
    return buf.getvalue()


def main():
    html = [("Content-Type", "text/html; charset=utf-8")]
    u1 = "https://post.example.org/environment/2024/08/05/saltmarsh-restoration"
    old = page(u1, "Environment", "Saltmarsh restoration brings back nesting terns", "Ingrid Halvorsen",
               "2024-08-05", ["Volunteers counted 40 pairs of little terns on the restored marsh this summer."])
    new = page(u1, "Environment", "Saltmarsh restoration brings back nesting terns", "Ingrid Halvorsen",
               "2024-08-05", [
                   "Volunteers counted 41 pairs of little terns nesting on the restored saltmarsh at Fennick this summer, the first in two decades.",
                   "The sea wall was breached on purpose in 2019 to let the tide back onto former grazing land. Samphire and sea lavender followed within two years, and the birds a season later.",
                   "The wildlife trust said the colony was still fragile: a single high tide in June can wash out every nest.",
               ])
    u2 = "https://post.example.org/towns/2024/08/07/market-square-trees"
    trees = page(u2, "Towns", "Market square to get its trees back after a petition", "Samir Haddad",
                 "2024-08-07", [
                     "The town council has agreed to plant twelve lime trees in the market square, reversing a plan to pave it over, after a petition gathered 3,100 signatures.",
                     "Traders had argued that shade would bring shoppers back on hot afternoons. The trees will be planted in November.",
                 ])
    front = b"""<!DOCTYPE html><html><head><title>Environment | Estuary Post</title></head><body>
<nav><a href="/">Home</a></nav><h1>Environment</h1><ul>
<li><a href="/environment/2024/08/05/saltmarsh-restoration">Saltmarsh restoration brings back nesting terns</a></li>
<li><a href="/environment/2024/08/01/river-levels">River levels fall</a></li>
<li><a href="/environment/2024/07/28/beach-clean">Beach clean draws 300</a></li></ul></body></html>"""
    out = b""
    info = b"software: bench/web_warc.py\r\nformat: WARC File Format 1.1\r\n"
    out += record("warcinfo", None, "2024-08-09T10:00:00Z", "00000000-0000-4000-8000-000000000001", info,
                  ctype="application/warc-fields")
    out += record("response", u1, "2024-08-05T09:00:00Z", "00000000-0000-4000-8000-000000000002",
                  http("200 OK", html, old))
    out += record("request", u2, "2024-08-09T10:00:01Z", "00000000-0000-4000-8000-000000000003",
                  f"GET /towns/2024/08/07/market-square-trees HTTP/1.1\r\nHost: post.example.org\r\n\r\n".encode(),
                  ctype="application/http; msgtype=request")
    gz = gzip.compress(trees, mtime=0)
    out += record("response", u2, "2024-08-09T10:00:02Z", "00000000-0000-4000-8000-000000000004",
                  http("200 OK", html + [("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked")], chunked(gz)))
    out += record("response", u1, "2024-08-09T10:00:03Z", "00000000-0000-4000-8000-000000000005",
                  http("200 OK", html, new))
    out += record("revisit", u2, "2024-08-09T18:00:00Z", "00000000-0000-4000-8000-000000000006",
                  http("200 OK", html, b""),
                  extra=[("WARC-Profile", "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"),
                         ("WARC-Refers-To", "<urn:uuid:00000000-0000-4000-8000-000000000004>")])
    out += record("response", "https://post.example.org/towns/old-page", "2024-08-09T10:00:04Z",
                  "00000000-0000-4000-8000-000000000007", http("404 Not Found", html, b"<h1>Not found</h1>"))
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
    out += record("response", "https://post.example.org/img/tern.png", "2024-08-09T10:00:05Z",
                  "00000000-0000-4000-8000-000000000008", http("200 OK", [("Content-Type", "image/png")], png))
    out += record("response", "https://post.example.org/environment/", "2024-08-09T10:00:06Z",
                  "00000000-0000-4000-8000-000000000009", http("200 OK", html, front))
    with open(OUT, "wb") as f:
        f.write(out)
    print(f"wrote {OUT} ({len(out)} bytes)")


if __name__ == "__main__":
    main()
