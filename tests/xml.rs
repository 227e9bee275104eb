//! The newsroom XML readers (WXR, NITF, NewsML-G2) on fixtures shaped like
//! real exports, and on hostile input.

mod common;

use common::parse::by_id;

use std::collections::BTreeMap;
use std::io::Read;

use atlas_search::article::{Article, DateSource};
use atlas_search::parse::{Parsed, SkipReason, parse};
use chrono::NaiveDate;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/xml/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

#[test]
fn wordpress_export() {
    let parsed = parse("cms/newsroom-export.xml", &fixture("newsroom-export.xml"));
    let articles = by_id(&parsed);
    assert_eq!(articles.len(), 2, "{:?}", parsed);
    let a = &articles["cms/newsroom-export.xml#101"];
    assert_eq!(a.title, "Dredging of the inner harbour begins & ends");
    assert_eq!(a.authors, ["Marta Rivera"]);
    assert_eq!(a.desk.as_deref(), Some("Harbour"));
    assert_eq!(a.tags, ["dredging", "port authority"]);
    assert_eq!(
        (a.date, a.date_source),
        (day(2024, 6, 24), Some(DateSource::Explicit))
    );
    assert_eq!(
        a.url.as_deref(),
        Some("https://gazette.example.org/2024/06/24/dredging-begins/")
    );
    assert!(
        a.body
            .starts_with("Work to deepen the inner harbour started on Monday"),
        "{}",
        a.body
    );
    assert!(
        a.body
            .contains("\n\nThe dredger Vlaanderen at the quay.\n\n"),
        "{}",
        a.body
    );
    assert!(
        a.body.contains("The \u{201c}channel\u{201d} will be"),
        "{}",
        a.body
    );
    assert!(a.body.contains("\n\nFishermen worried\n\n"), "{}", a.body);
    for gone in ["[caption", "[gallery", "youtube", "<img", "[/caption]"] {
        assert!(!a.body.contains(gone), "{gone} in {}", a.body);
    }
    // A login without a wp:author entry stays as written.
    let b = &articles["cms/newsroom-export.xml#102"];
    assert_eq!(b.authors, ["jbloggs", "Chidi Okafor"]);
    assert_eq!(b.desk.as_deref(), Some("Politics"));
    assert!(b.body.contains("7\u{2013}2"));
    // Non-articles in one warning; a post with only a gallery has no body.
    let warnings: Vec<&str> = parsed.warnings.iter().map(|w| w.message.as_str()).collect();
    assert!(
        warnings
            .contains(&"4 items are not articles: 1 attachment, 1 draft, 1 nav_menu_item, 1 page"),
        "{warnings:?}"
    );
    assert_eq!(parsed.skipped.len(), 1);
    assert_eq!(parsed.skipped[0].path, "cms/newsroom-export.xml#104");
    assert_eq!(parsed.skipped[0].reason, SkipReason::NoBody);
}

/// Items reordered (and the author entries moved after them) keep their
/// ids, fields and content hashes.
#[test]
fn wxr_ids_stable_across_reordered_export() {
    let text = String::from_utf8(fixture("newsroom-export.xml")).unwrap();
    let start = text.find("\t<item>").unwrap();
    let end = text.rfind("</item>").unwrap() + "</item>".len();
    let mut items: Vec<String> = text[start..end]
        .split("\t<item>")
        .filter(|s| !s.trim().is_empty())
        .map(|s| format!("\t<item>{s}"))
        .collect();
    items.reverse();
    let authors: String = text
        .lines()
        .filter(|l| l.contains("<wp:author>"))
        .map(|l| format!("{l}\n"))
        .collect();
    let head: String = text[..start]
        .lines()
        .filter(|l| !l.contains("<wp:author>"))
        .map(|l| format!("{l}\n"))
        .collect();
    let reordered = format!("{head}{}\n{authors}{}", items.join("\n"), &text[end..]);
    let a = parse("x.xml", text.as_bytes());
    let b = parse("x.xml", reordered.as_bytes());
    let map = |p: &Parsed| -> BTreeMap<String, Article> {
        p.articles
            .iter()
            .map(|a| (a.article.id.clone(), a.article.clone()))
            .collect()
    };
    assert_eq!(map(&a).len(), 2);
    assert_eq!(map(&a), map(&b));
}

#[test]
fn nitf() {
    let parsed = parse(
        "wire/ap-harbour-strike.xml",
        &fixture("ap-harbour-strike.xml"),
    );
    assert_eq!(parsed.articles.len(), 1, "{parsed:?}");
    let a = &parsed.articles[0].article;
    assert_eq!(a.id, "wire/ap-harbour-strike.xml");
    assert_eq!(a.title, "Dockers walk out at three ports");
    assert_eq!(a.authors, ["Jane Doe", "Ali Khan", "JOHN ROE"]);
    assert_eq!(a.desk.as_deref(), Some("Business"));
    assert_eq!(a.tags, ["strikes", "ports"]);
    assert_eq!(
        (a.date, a.date_source),
        (day(2024, 6, 24), Some(DateSource::Explicit))
    );
    assert_eq!(
        a.body,
        "Dock workers at three ports walked off the job on Monday.\n\nThe strike halted container traffic & ferries.\n\nPickets at the gate of the container terminal.\n\nTalks planned\n\nNegotiators will meet on Wednesday."
    );
}

#[test]
fn newsml_message() {
    let parsed = parse("wire/wire-message.xml", &fixture("wire-message.xml"));
    let articles = by_id(&parsed);
    assert_eq!(articles.len(), 2, "{parsed:?}");
    let a = &articles["wire/wire-message.xml#1"];
    assert_eq!(a.title, "Danube floods reach Budapest suburbs");
    assert_eq!(a.authors, ["Lena Meyer", "Paul Brandt"]);
    assert_eq!(a.desk.as_deref(), Some("Foreign"));
    assert_eq!(a.tags, ["floods", "Danube"]);
    assert_eq!(
        (a.date, a.date_source),
        (day(2024, 6, 24), Some(DateSource::Explicit))
    );
    assert_eq!(a.url.as_deref(), Some("https://wire.example.com/flood"));
    assert_eq!(
        a.body,
        "The river rose two metres overnight.\n\nResidents were evacuated."
    );
    let b = &articles["wire/wire-message.xml#2"];
    assert_eq!(b.authors, ["Sam Lee", "Ana Ruiz"]);
    assert_eq!(b.desk.as_deref(), Some("Financial"));
    assert_eq!(
        b.body,
        "Insurers led European shares lower.\n\nAnalysts expect claims to rise."
    );
    assert_eq!(
        (b.date, b.date_source),
        (day(2024, 6, 24), Some(DateSource::Explicit))
    );
    let warnings: Vec<&str> = parsed.warnings.iter().map(|w| w.message.as_str()).collect();
    assert_eq!(warnings, ["1 item is not an article: 1 picture"]);
}

/// No extension, ISO-8859-1 declared, NITF inside inlineXML, one text item.
#[test]
fn extensionless_latin1_newsitem() {
    let name = "tag_example.com,2016_newsml_ABC123_1";
    let bytes = fixture(name);
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the fixture must be Latin-1 bytes"
    );
    let parsed = parse(name, &bytes);
    assert_eq!(parsed.articles.len(), 1, "{parsed:?}");
    let a = &parsed.articles[0].article;
    assert_eq!(a.id, name);
    assert_eq!(a.title, "Café owners in Zürich protest");
    assert_eq!(a.authors, ["Renée Dubois"]);
    assert_eq!(
        a.body,
        "Owners of cafés said the rule is unfair.\n\nThe city will reply next week."
    );
    assert_eq!(a.date, day(2016, 11, 21));
}

#[test]
fn unsupported_and_malformed() {
    let p = parse(
        "a.xml",
        b"<?xml version=\"1.0\"?><catalog><book/></catalog>",
    );
    assert_eq!(
        p.skipped[0].reason,
        SkipReason::UnsupportedXml("catalog".into())
    );
    let p = parse("a.xml", b"<nitf>\n<head>\n<title>x</head></nitf>");
    match &p.skipped[0].reason {
        SkipReason::MalformedXml { line, column, .. } => {
            assert_eq!((*line, *column > 1), (3, true))
        }
        other => panic!("{other:?}"),
    }
    // An empty NITF shell.
    let p = parse(
        "a.xml",
        b"<nitf><head><title>T</title></head><body><body.content/></body></nitf>",
    );
    assert_eq!(p.skipped[0].reason, SkipReason::NoBody);
    // Sniffed XML that does not parse is kept as text.
    let p = parse("wire/STORY", b"<b>Headline</b\n\nBody text here.");
    assert_eq!(p.articles.len(), 1, "{p:?}");
}

#[test]
fn xxe_is_never_resolved() {
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("secret.txt");
    std::fs::write(&secret, "TOPSECRET").unwrap();
    let xml = format!(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE nitf [<!ENTITY xxe SYSTEM \"file://{}\">]>\n<nitf><body><body.content><p>before &xxe; after</p></body.content></body></nitf>",
        secret.display()
    );
    let p = parse("x.xml", xml.as_bytes());
    assert_eq!(p.articles.len(), 1, "{p:?}");
    let body = &p.articles[0].article.body;
    assert!(!body.contains("TOPSECRET"));
    assert_eq!(body, "before after");
}

#[test]
fn entity_bomb_is_not_expanded() {
    let mut xml =
        String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE nitf [\n<!ENTITY lol \"lol\">\n");
    for i in 1..10 {
        xml.push_str(&format!(
            "<!ENTITY lol{i} \"{}\">\n",
            format!("&lol{};", i - 1)
                .repeat(10)
                .replace("&lol0;", "&lol;")
        ));
    }
    xml.push_str("]>\n<nitf><body><body.content><p>x &lol9; y</p></body.content></body></nitf>");
    let p = parse("bomb.xml", xml.as_bytes());
    let body = &p.articles[0].article.body;
    assert!(body.len() < 100, "{body}");
}

#[test]
fn huge_text_node_is_refused() {
    // 40 MB in one text node, above the 32 MB per-item limit.
    struct Huge(usize);
    impl Read for Huge {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            const HEAD: &[u8] = b"<nitf><body><body.content><p>";
            let start = if self.0 == 0 {
                HEAD.len().min(buf.len())
            } else {
                0
            };
            if self.0 == 0 {
                buf[..start].copy_from_slice(&HEAD[..start]);
            }
            if self.0 > 40 << 20 {
                return Ok(0);
            }
            let n = buf.len() - start;
            buf[start..].fill(b'a');
            self.0 += n + start;
            Ok(n + start)
        }
    }
    let mut input = std::io::BufReader::new(Huge(0));
    let result =
        atlas_search::parse::read_stream("big.xml", &mut input, &Default::default(), &mut |_| {});
    assert!(
        matches!(result, Err(SkipReason::XmlTooLarge { .. })),
        "{result:?}"
    );
}

/// A WXR export generated on the fly (never held in memory): 50,000 small
/// posts and one post over the per-item limit, read item by item.
#[test]
fn wxr_streams_item_by_item() {
    const ITEMS: usize = 50_000;
    const BIG: usize = 25_000;
    struct Export {
        next: usize,
        pending: Vec<u8>,
        pos: usize,
    }
    impl Export {
        fn chunk(&self, n: usize) -> Vec<u8> {
            if n == 0 {
                return b"<?xml version=\"1.0\"?><rss xmlns:wp=\"http://wordpress.org/export/1.2/\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel>".to_vec();
            }
            if n > ITEMS {
                return if n == ITEMS + 1 {
                    b"</channel></rss>".to_vec()
                } else {
                    Vec::new()
                };
            }
            // The big item: 33 MB of post meta entries (no single huge node).
            let meta = if n == BIG {
                format!(
                    "<wp:postmeta><wp:meta_value>{}</wp:meta_value></wp:postmeta>",
                    "x".repeat(1024)
                )
                .repeat(33_000)
            } else {
                String::new()
            };
            format!("<item><title>Post {n}</title><content:encoded><![CDATA[Story {n} text.]]></content:encoded>{meta}<wp:post_id>{n}</wp:post_id><wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>\n").into_bytes()
        }
    }
    impl Read for Export {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.pos >= self.pending.len() {
                self.pending = self.chunk(self.next);
                self.pos = 0;
                self.next += 1;
                if self.pending.is_empty() {
                    return Ok(0);
                }
            }
            let n = buf.len().min(self.pending.len() - self.pos);
            buf[..n].copy_from_slice(&self.pending[self.pos..self.pos + n]);
            self.pos += n;
            Ok(n)
        }
    }
    let mut input = std::io::BufReader::new(Export {
        next: 0,
        pending: Vec::new(),
        pos: 0,
    });
    let (mut articles, mut skipped) = (0, Vec::new());
    atlas_search::parse::read_stream(
        "big.xml",
        &mut input,
        &Default::default(),
        &mut |p: Parsed| {
            articles += p.articles.len();
            skipped.extend(p.skipped);
        },
    )
    .unwrap();
    assert_eq!(articles, ITEMS - 1);
    assert_eq!(skipped.len(), 1);
    assert_eq!(skipped[0].path, format!("big.xml#{BIG}"));
    assert!(matches!(skipped[0].reason, SkipReason::XmlTooLarge { .. }));
}

/// Fuzzing stand-in: fixture bytes with random bytes overwritten, inserted
/// or cut never panic, and what comes out is well-formed.
#[test]
fn mutated_fixtures_never_panic() {
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};
    let names = [
        "newsroom-export.xml",
        "ap-harbour-strike.xml",
        "wire-message.xml",
        "tag_example.com,2016_newsml_ABC123_1",
    ];
    let files: Vec<(String, Vec<u8>)> = names.iter().map(|n| (n.to_string(), fixture(n))).collect();
    let mut runner = TestRunner::new(Config {
        cases: 400,
        ..Config::default()
    });
    let strategy = (
        0..files.len(),
        proptest::collection::vec((any::<u16>(), any::<u8>(), 0..3u8), 1..12),
    );
    runner
        .run(&strategy, |(i, edits)| {
            let (name, bytes) = &files[i];
            let mut bytes = bytes.clone();
            for (at, byte, op) in edits {
                let at = at as usize % bytes.len().max(1);
                match op {
                    0 => bytes[at] = byte,
                    1 => bytes.insert(at, byte),
                    _ => bytes.truncate(at.max(1)),
                }
            }
            let parsed = parse(name, &bytes);
            for a in &parsed.articles {
                prop_assert!(!a.article.title.is_empty());
                prop_assert!(a.article.id.starts_with(name.as_str()));
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn xml_is_not_held_to_the_article_file_limit() {
    use atlas_search::parse::{MAX_EXPORT_FILE_BYTES, size_limit};
    assert_eq!(size_limit("cms/export.xml"), MAX_EXPORT_FILE_BYTES);
    assert_eq!(size_limit("cms/EXPORT.XML"), MAX_EXPORT_FILE_BYTES);
}

/// The indexer streams an export item by item (whatever its size: the
/// reader-level tests above cover items over the limit) and indexes it in
/// full; the next run does not read it again, and a re-delivered export
/// with one post changed updates one.
#[test]
fn the_indexer_streams_an_export_and_follows_its_redelivery() {
    let env = common::Env::empty();
    let paragraph =
        "The council met again to discuss the harbour budget and the new ferry timetable. "
            .repeat(40);
    let post = |id: usize, extra: &str| {
        format!(
            "<item><title>Council report {id}</title><dc:creator><![CDATA[editor]]></dc:creator>\
             <content:encoded><![CDATA[<p>{paragraph}</p><p>Item {id}{extra}.</p>]]></content:encoded>\
             <wp:post_id>{id}</wp:post_id><wp:post_date>2024-06-24 10:00:00</wp:post_date>\
             <wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>\n"
        )
    };
    let export = |changed: usize| {
        let mut xml = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" \
             xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" \
             xmlns:dc=\"http://purl.org/dc/elements/1.1/\" \
             xmlns:wp=\"http://wordpress.org/export/1.2/\"><channel>\n",
        );
        let mut n = 0;
        while xml.len() <= 2_000_000 {
            n += 1;
            xml.push_str(&post(n, if n == changed { " (corrected)" } else { "" }));
        }
        xml.push_str("</channel></rss>\n");
        (xml, n)
    };
    let (xml, posts) = export(0);
    env.write("export.xml", &xml);
    let report = env.index();
    assert!(report.skipped.is_empty(), "{:?}", &report.skipped[..1]);
    assert_eq!(report.added, posts as u64);
    let again = env.index();
    assert_eq!((again.bytes, again.unchanged), (0, posts as u64));
    let (xml, _) = export(7);
    env.write("export.xml", &xml);
    let redelivered = env.index();
    assert_eq!((redelivered.updated, redelivered.added), (1, 0));
}
