//! The summary's counts reconcile (SPEC "Nothing is lost to a guess"):
//! every file is indexed, skipped or set aside, `files` is their sum, and
//! records and items inside files that were not articles are counted in
//! `items_skipped` — on a first run, on an unchanged rerun that reads
//! nothing, and in the text summary.

mod common;

use std::io::Write;

use atlas_search::parse;
use common::{Env, IndexReport, fixtures, walk};

/// What the mixed corpus holds, counted while it is written.
#[derive(Debug, Default, PartialEq)]
struct Expect {
    indexed: u64,
    skipped: u64,
    set_aside: u64,
    items: u64,
}

fn story(title: &str) -> String {
    format!(
        "{title}\nBy Jane Roe\n\nDock workers returned to the container terminal on Monday \
         after union leaders accepted a revised pay offer, ending a stoppage.\n"
    )
}

fn warc_record(kind: &str, uri: &str, http: &[u8]) -> Vec<u8> {
    let mut rec = format!(
        "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\n\
         WARC-Date: 2024-07-01T00:00:00Z\r\nWARC-Record-ID: <urn:uuid:{uri}>\r\n\
         Content-Type: application/http; msgtype={kind}\r\nContent-Length: {}\r\n\r\n",
        http.len()
    )
    .into_bytes();
    rec.extend_from_slice(http);
    rec.extend_from_slice(b"\r\n\r\n");
    rec
}

fn http(status: &str, content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n\r\n").into_bytes();
    out.extend_from_slice(body);
    out
}

fn mixed_corpus(env: &Env) -> Expect {
    let mut e = Expect::default();
    let page = std::fs::read(fixtures().join("html/guardian-like.html")).unwrap();
    // Plain text.
    env.write("text/strike.txt", story("Harbour strike ends"));
    e.indexed += 1;
    // A JSON array with a bad item among good ones.
    let items = [
        serde_json::json!({"title": "Port reopens", "body": "Ships unloaded again on Tuesday."}),
        serde_json::json!(42),
        serde_json::json!({"title": "Backlog clears", "body": "The queue of vessels shrank."}),
    ];
    env.write("exports/items.json", serde_json::to_vec(&items).unwrap());
    e.indexed += 1;
    e.items += items.iter().filter(|i| !i.is_object()).count() as u64;
    // A WARC: one article page beside records that are not articles.
    let records = [
        (
            warc_record(
                "response",
                "https://x.example/strike",
                &http("200 OK", "text/html", &page),
            ),
            true,
        ),
        (
            warc_record(
                "response",
                "https://x.example/logo.png",
                &http("200 OK", "image/png", b"\x89PNG\r\n\x1a\n\0\0"),
            ),
            false,
        ),
        (
            warc_record(
                "response",
                "https://x.example/old",
                &http("404 Not Found", "text/html", b"<h1>gone</h1>"),
            ),
            false,
        ),
        (
            warc_record(
                "request",
                "https://x.example/strike",
                b"GET /strike HTTP/1.1\r\n\r\n",
            ),
            false,
        ),
    ];
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    for (record, _) in &records {
        gz.write_all(record).unwrap();
    }
    env.write("crawl/site.warc.gz", gz.finish().unwrap());
    e.indexed += 1;
    e.items += records.iter().filter(|(_, article)| !article).count() as u64;
    // A WordPress export with drafts, pages and attachments beside posts.
    let wxr = std::fs::read(fixtures().join("xml/newsroom-export.xml")).unwrap();
    let posts = parse::parse("newsroom-export.xml", &wxr).articles.len() as u64;
    let in_export = String::from_utf8_lossy(&wxr).matches("<item>").count() as u64;
    assert!(posts > 0 && in_export > posts, "{posts} of {in_export}");
    env.write("exports/newsroom-export.xml", &wxr);
    e.indexed += 1;
    e.items += in_export - posts;
    // A saved page and its asset folder.
    env.write("web/Story.html", &page);
    e.indexed += 1;
    for asset in ["logo.png", "app.js", "frame.html"] {
        env.write(
            &format!("web/Story_files/{asset}"),
            b"\x89PNG\r\n\x1a\n\0\0\0\0",
        );
        e.set_aside += 1;
    }
    // An image (set aside: OCR is off), a binary file and an empty one.
    env.write(
        "img/photo.png",
        std::fs::read(fixtures().join("binary/photo.png")).unwrap(),
    );
    e.set_aside += 1;
    env.write(
        "img/photo.bin",
        std::fs::read(fixtures().join("binary/photo.png")).unwrap(),
    );
    env.write("text/empty.txt", b"");
    e.skipped += 2;
    e
}

fn counts(r: &IndexReport) -> Expect {
    Expect {
        indexed: r.files_indexed,
        skipped: r.files_skipped,
        set_aside: r.files_set_aside,
        items: r.items_skipped,
    }
}

#[test]
fn counts_reconcile_on_a_mixed_corpus() {
    let env = Env::empty();
    let want = mixed_corpus(&env);
    let files = walk(&env.corpus()).len() as u64;
    let first = env.index();
    assert_eq!(counts(&first), want, "{:#?}", first.skipped);
    assert_eq!(first.files, files);
    assert_eq!(
        first.files,
        first.files_indexed + first.files_skipped + first.files_set_aside
    );
    // Every skipped file is listed with its reason.
    for path in ["img/photo.bin", "text/empty.txt"] {
        assert!(first.skipped.iter().any(|s| s.path == path), "{path}");
    }
    // Unchanged: nothing is read again, and the counts are the same.
    let again = env.index();
    assert_eq!(again.bytes, 0, "nothing read");
    assert_eq!(counts(&again), want);
    assert_eq!(again.files, files);
    // The text summary says the same.
    let out = env.run(&["index", "corpus"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let line = format!(
        "{files} files: {} indexed, {} skipped, {} set aside; {} items inside files skipped",
        want.indexed, want.skipped, want.set_aside, want.items
    );
    assert!(text.contains(&line), "{text}");
}

#[test]
fn a_file_that_gives_nothing_is_listed() {
    let env = Env::empty();
    env.write("exports/none.json", b"[]");
    env.write("text/story.txt", story("Harbour strike ends"));
    let r = env.index();
    assert_eq!((r.files, r.files_indexed, r.files_skipped), (2, 1, 1));
    let listed: Vec<&str> = r.skipped.iter().map(|s| s.path.as_str()).collect();
    assert_eq!(listed, ["exports/none.json"]);
    assert_eq!(r.skipped[0].reason, "no articles in it");
}
