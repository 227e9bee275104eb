//! Web pages and web archives through `atlas_search::parse::parse`: each
//! fixture page in `tests/fixtures/html/` has a sidecar `name.expected.json`
//! with the metadata and hand-made body it must yield; the body is scored
//! with a 4-word-shingle F1. WARC files are built here from those pages.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use atlas_search::parse::{ParsedArticle, parse};
use serde_json::Value;

fn dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/html"))
}

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// F1 of the multisets of 4-word shingles of `got` and `want`.
fn shingle_f1(got: &str, want: &str) -> f64 {
    let grams = |s: &str| {
        let w = words(s);
        let mut m: HashMap<String, usize> = HashMap::new();
        for g in w.windows(4.min(w.len().max(1))) {
            *m.entry(g.join(" ")).or_default() += 1;
        }
        m
    };
    let (g, w) = (grams(got), grams(want));
    let common: usize = g
        .iter()
        .map(|(k, n)| (*n).min(*w.get(k).unwrap_or(&0)))
        .sum();
    let (ng, nw): (usize, usize) = (g.values().sum(), w.values().sum());
    if common == 0 {
        return 0.0;
    }
    let (p, r) = (common as f64 / ng as f64, common as f64 / nw as f64);
    2.0 * p * r / (p + r)
}

fn fixtures() -> Vec<(String, Vec<u8>, Value)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "html") {
            let name = path.file_stem().unwrap().to_string_lossy().to_string();
            let expected =
                std::fs::read_to_string(dir().join(format!("{name}.expected.json"))).unwrap();
            out.push((
                name,
                std::fs::read(&path).unwrap(),
                serde_json::from_str(&expected).unwrap(),
            ));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(out.len() >= 9, "fixtures missing");
    out
}

fn strs(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// Compares one article with its expectation; returns the body F1.
fn check(name: &str, got: &ParsedArticle, want: &Value) -> f64 {
    let a = &got.article;
    assert_eq!(a.title, want["title"].as_str().unwrap(), "{name}: title");
    assert_eq!(a.authors, strs(&want["authors"]), "{name}: authors");
    assert_eq!(
        a.date.map(|d| d.to_string()).as_deref(),
        want["date"].as_str(),
        "{name}: date"
    );
    assert_eq!(
        a.date_source.map(|s| s.as_str()),
        want["date_source"].as_str(),
        "{name}: date_source"
    );
    assert_eq!(a.desk.as_deref(), want["desk"].as_str(), "{name}: desk");
    assert_eq!(a.tags, strs(&want["tags"]), "{name}: tags");
    assert_eq!(a.url.as_deref(), want["url"].as_str(), "{name}: url");
    // Snippets that must and must not be in the body (as in trafilatura's
    // evaluation set): the story's lead, and the furniture inside it.
    for s in strs(&want["with"]) {
        assert!(a.body.contains(&s), "{name}: body lacks {s:?}\n{}", a.body);
    }
    for s in strs(&want["without"]) {
        assert!(!a.body.contains(&s), "{name}: body keeps {s:?}\n{}", a.body);
    }
    let f1 = shingle_f1(&a.body, want["body"].as_str().unwrap());
    assert!(f1 >= 0.9, "{name}: body F1 {f1:.3}\n--- got:\n{}\n", a.body);
    let want_breaks = want["body"].as_str().unwrap().matches("\n\n").count();
    assert_eq!(
        a.body.matches("\n\n").count(),
        want_breaks,
        "{name}: paragraph breaks kept"
    );
    f1
}

#[test]
fn pages_yield_their_metadata_and_body() {
    let mut f1s = Vec::new();
    for (name, bytes, want) in fixtures() {
        let parsed = parse(&format!("web/{name}.html"), &bytes);
        if let Some(reason) = want["skip"].as_str() {
            assert!(parsed.articles.is_empty(), "{name}: should be skipped");
            assert_eq!(parsed.skipped[0].reason.to_string(), reason, "{name}");
            continue;
        }
        assert!(parsed.skipped.is_empty(), "{name}: {:?}", parsed.skipped);
        // A page indexed in doubt says why; other pages carry no doubt.
        let doubts: Vec<&str> = parsed
            .warnings
            .iter()
            .map(|w| w.message.as_str())
            .filter(|m| m.contains("in doubt"))
            .collect();
        match want["doubt"].as_str() {
            Some(d) => assert!(doubts.iter().any(|m| m.contains(d)), "{name}: {doubts:?}"),
            None => assert!(doubts.is_empty(), "{name}: {doubts:?}"),
        }
        assert_eq!(parsed.articles.len(), 1, "{name}");
        assert_eq!(parsed.articles[0].article.id, format!("web/{name}.html"));
        f1s.push((name.clone(), check(&name, &parsed.articles[0], &want)));
    }
    let mean = f1s.iter().map(|(_, f)| f).sum::<f64>() / f1s.len() as f64;
    eprintln!("body F1 per page: {f1s:?}; mean {mean:.4}");
    assert!(mean >= 0.95, "mean body F1 {mean:.3}");
}

#[test]
fn gzipped_page_and_bomb() {
    let (name, bytes, want) = fixtures().into_iter().find(|f| f.0 == "cnn-like").unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&bytes).unwrap();
    let parsed = parse("web/cnn-like.html.gz", &gz.finish().unwrap());
    check(&name, &parsed.articles[0], &want);

    let mut bomb = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let zeros = vec![b' '; 1 << 20];
    for _ in 0..40 {
        bomb.write_all(&zeros).unwrap();
    }
    let parsed = parse("web/bomb.html.gz", &bomb.finish().unwrap());
    assert!(parsed.articles.is_empty());
    assert!(
        parsed.skipped[0]
            .reason
            .to_string()
            .contains("inflates past"),
        "{:?}",
        parsed.skipped
    );
}

/// One WARC record (gzip member when `gz`).
fn record(
    kind: &str,
    uri: &str,
    date: &str,
    id: &str,
    extra: &str,
    content: &[u8],
    gz: bool,
) -> Vec<u8> {
    let mut rec = format!(
        "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: {date}\r\nWARC-Record-ID: {id}\r\n{extra}Content-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
        content.len()
    )
    .into_bytes();
    rec.extend_from_slice(content);
    rec.extend_from_slice(b"\r\n\r\n");
    if !gz {
        return rec;
    }
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(&rec).unwrap();
    enc.finish().unwrap()
}

fn http(status: &str, headers: &str, body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status}\r\n{headers}\r\n").into_bytes();
    out.extend_from_slice(body);
    out
}

fn chunked(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for chunk in body.chunks(700) {
        out.extend(format!("{:x}\r\n", chunk.len()).as_bytes());
        out.extend_from_slice(chunk);
        out.extend(b"\r\n");
    }
    out.extend(b"0\r\n\r\n");
    out
}

#[test]
fn warc_pages_revisits_and_counts() {
    let pages: HashMap<String, Vec<u8>> = fixtures().into_iter().map(|(n, b, _)| (n, b)).collect();
    let mut gzipped = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gzipped.write_all(&pages["bbc-like"]).unwrap();
    let gzipped = gzipped.finish().unwrap();
    let html = "Content-Type: text/html; charset=utf-8\r\n";
    let mut warc = Vec::new();
    warc.extend(record(
        "warcinfo",
        "",
        "2024-07-01T00:00:00Z",
        "<urn:uuid:0>",
        "",
        b"software: test",
        true,
    ));
    // #1: the German page, chunked.
    warc.extend(record(
        "response",
        "https://x.example/de",
        "2024-07-01T00:00:01Z",
        "<urn:uuid:1>",
        "",
        &http(
            "200 OK",
            &format!("{html}Transfer-Encoding: chunked\r\n"),
            &chunked(&pages["german-like"]),
        ),
        true,
    ));
    warc.extend(record(
        "request",
        "https://x.example/de",
        "2024-07-01T00:00:01Z",
        "<urn:uuid:1r>",
        "",
        b"GET /de HTTP/1.1\r\n\r\n",
        true,
    ));
    // #2: the BBC-like page, gzip Content-Encoding.
    warc.extend(record(
        "response",
        "https://x.example/bbc",
        "2024-07-01T00:00:02Z",
        "<urn:uuid:2>",
        "",
        &http(
            "200 OK",
            &format!("{html}Content-Encoding: gzip\r\n"),
            &gzipped,
        ),
        true,
    ));
    warc.extend(record(
        "response",
        "https://x.example/missing",
        "2024-07-01T00:00:03Z",
        "<urn:uuid:3>",
        "",
        &http("404 Not Found", html, b"<h1>Not found</h1>"),
        true,
    ));
    warc.extend(record(
        "response",
        "https://x.example/logo.png",
        "2024-07-01T00:00:04Z",
        "<urn:uuid:4>",
        "",
        &http(
            "200 OK",
            "Content-Type: image/png\r\n",
            b"\x89PNG\r\n\x1a\n\0\0\0binary",
        ),
        true,
    ));
    // #3: the section front (not an article); #4 the Russian page with the header's charset only.
    warc.extend(record(
        "response",
        "https://x.example/world",
        "2024-07-01T00:00:05Z",
        "<urn:uuid:5>",
        "",
        &http("200 OK", html, &pages["section-front"]),
        true,
    ));
    let ru = encoding_rs::WINDOWS_1251
        .decode(&pages["russian-cp1251"])
        .0
        .replace("charset=windows-1251", "");
    let ru = encoding_rs::WINDOWS_1251.encode(&ru).0.into_owned();
    warc.extend(record(
        "response",
        "https://x.example/ru",
        "2024-07-01T00:00:06Z",
        "<urn:uuid:6>",
        "",
        &http(
            "200 OK",
            "Content-Type: text/html; charset=windows-1251\r\n",
            &ru,
        ),
        true,
    ));
    // #5: an older capture of /de (kept out), then a revisit of #1, newer still.
    warc.extend(record(
        "response",
        "https://x.example/de",
        "2024-06-01T00:00:00Z",
        "<urn:uuid:7>",
        "",
        &http("200 OK", html, &pages["paywall-teaser"]),
        true,
    ));
    warc.extend(record("revisit", "https://x.example/de", "2024-07-02T00:00:00Z", "<urn:uuid:8>",
        "WARC-Refers-To: <urn:uuid:1>\r\nWARC-Profile: http://netpreserve.org/warc/1.1/revisit/identical-payload-digest\r\n", b"HTTP/1.1 200 OK\r\n\r\n", true));

    let parsed = parse("crawl/site.warc.gz", &warc);
    let ids: Vec<&str> = parsed
        .articles
        .iter()
        .map(|a| a.article.id.as_str())
        .collect();
    assert_eq!(
        ids,
        [
            "crawl/site.warc.gz#1",
            "crawl/site.warc.gz#2",
            "crawl/site.warc.gz#4"
        ],
        "{:?}",
        parsed.warnings
    );
    let de = &parsed.articles[0].article;
    assert_eq!(de.title, "Neue Verkehrsregeln für die Innenstadt");
    assert_eq!(
        de.url.as_deref(),
        Some("https://x.example/de"),
        "no canonical: the target URI"
    );
    assert_eq!(
        de.date.map(|d| d.to_string()).as_deref(),
        Some("2019-11-19"),
        "never the crawl date"
    );
    assert_eq!(
        parsed.articles[1].article.url.as_deref(),
        Some("https://www.example-bbc.co.uk/news/uk-wales-12345678")
    );
    assert!(parsed.articles[2].article.body.contains("трамвая"));
    assert!(parsed.skipped.is_empty(), "{:?}", parsed.skipped);
    assert_eq!(parsed.warnings.len(), 1, "{:?}", parsed.warnings);
    let w = &parsed.warnings[0].message;
    for part in [
        "1 requests",
        "1 responses not 200",
        "1 responses not HTML",
        "1 pages that are not articles",
        "1 older captures",
        "1 revisits",
    ] {
        assert!(w.contains(part), "{part} in {w}");
    }
    // The same archive uncompressed and read through a reader never held whole.
    let plain = atlas_search::parse::parse(
        "crawl/site.warc",
        b"WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 0\r\n\r\n\r\n\r\n",
    );
    assert!(plain.articles.is_empty() && plain.skipped.is_empty());
}

#[test]
fn hostile_pages() {
    // 100k nested tags, a script with `</script` tricks, broken JSON-LD, a
    // 10 MB JSON-LD author, and terminal escapes in the title.
    let deep = format!(
        "<html><body><h1>Deep</h1>{}<p>text</p></body></html>",
        "<div>".repeat(100_000)
    );
    let parsed = parse("deep.html", deep.as_bytes());
    assert!(
        parsed.skipped[0]
            .reason
            .to_string()
            .contains("nested deeper"),
        "{:?}",
        parsed.skipped
    );

    let long_author = "A".repeat(10 * 1024 * 1024);
    let para =
        "<p>This paragraph is long enough to be article text, with a few more words in it.</p>"
            .repeat(6);
    let page = format!(
        "<html><head><title>Evil\x1b[2J\x1b]0;owned\x07 title</title><script type=\"application/ld+json\">{{\"@type\":\"NewsArticle\",\"author\":\"{long_author}\"}}</script>\
         <script type=\"application/ld+json\">{{\"@type\": broken</script><script>var s = \"</scr\" + \"ipt>\"; document.write('<\\/script><h1>fake</h1>');</script></head>\
         <body><article><h1>Evil\x1b[31m headline\u{9b}2J</h1>{para}</article></body></html>"
    );
    let parsed = parse("evil.html", page.as_bytes());
    let a = &parsed.articles[0].article;
    assert_eq!(a.title, "Evil headline");
    assert!(a.authors.is_empty());
    assert!(!a.body.contains("fake") && !a.body.contains('\x1b'));

    let one_line = format!(
        "<html><body><h1>Big</h1><p>{}</p></body></html>",
        "word ".repeat(10_000_000)
    );
    let parsed = parse("big.html", one_line.as_bytes());
    assert!(parsed.skipped[0].reason.to_string().contains("too large"));
}

/// Extension-less files (`story`, `crawl-00042`) are known by their bytes:
/// a page, a gzipped page and a WARC are read as such, not as text.
#[test]
fn extensionless_pages_and_warcs_are_sniffed() {
    let (name, bytes, want) = fixtures().into_iter().find(|f| f.0 == "cnn-like").unwrap();
    let parsed = parse("web/cnn-story", &bytes);
    check(&name, &parsed.articles[0], &want);
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&bytes).unwrap();
    let parsed = parse("web/cnn-story.0012", &gz.finish().unwrap());
    assert_eq!(parsed.articles.len(), 1, "{:?}", parsed.skipped);
    check(&name, &parsed.articles[0], &want);
    let content = http("200 OK", "Content-Type: text/html\r\n", &bytes);
    let warc = record(
        "response",
        "https://example.com/a",
        "2024-01-01T00:00:00Z",
        "<urn:uuid:1>",
        "",
        &content,
        true,
    );
    let parsed = parse("crawl/CRAWL-00042", &warc);
    assert_eq!(parsed.articles.len(), 1, "{:?}", parsed.skipped);
    assert_eq!(
        parsed.articles[0].article.title,
        want["title"].as_str().unwrap()
    );
}
