//! Encodings in every format (SPEC "Anything else"): bytes that are UTF-8
//! but for a stray byte stay UTF-8, the stray byte one U+FFFD, with a
//! warning — before any declared charset; Windows-1252 is for text that is
//! not UTF-8, and a file with a single accented letter still comes out
//! right. For plain text, web pages and NITF and WordPress exports alike.

mod common;

use atlas_search::parse::{Parsed, parse};
use common::fixtures;

fn read(rel: &str) -> Vec<u8> {
    std::fs::read(fixtures().join(rel)).unwrap()
}

/// `bytes` with `insert` put before the first `anchor`.
fn put_before(bytes: &[u8], anchor: &str, insert: &[u8]) -> Vec<u8> {
    let at = (bytes.windows(anchor.len()))
        .position(|w| w == anchor.as_bytes())
        .unwrap_or_else(|| panic!("{anchor:?} not in the fixture"));
    [&bytes[..at], insert, &bytes[at..]].concat()
}

fn one_article(name: &str, parsed: &Parsed) -> String {
    assert!(parsed.skipped.is_empty(), "{name}: {:?}", parsed.skipped);
    assert_eq!(parsed.articles.len(), 1, "{name}");
    parsed.articles[0].article.body.clone()
}

fn warnings(parsed: &Parsed) -> String {
    let all: Vec<&str> = parsed.warnings.iter().map(|w| w.message.as_str()).collect();
    all.join("; ")
}

/// German stories in UTF-8 (over a hundred non-ASCII letters each), in
/// each format.
const GERMAN: [&str; 4] = [
    "encoding/hafenstreik.txt",
    "encoding/hafenstreik.html",
    "encoding/hafenstreik-nitf.xml",
    "encoding/hafenstreik-wxr.xml",
];

#[test]
fn a_stray_byte_in_utf8_is_one_replacement_character() {
    for name in GERMAN {
        let good = read(name);
        assert!(std::str::from_utf8(&good).is_ok(), "{name} is UTF-8");
        // A Windows-1252 dash pasted into the story.
        let stray = put_before(&good, "Die Hafenbehörde", b"\x96 ");
        let want = one_article(name, &parse(name, &good));
        let parsed = parse(name, &stray);
        let body = one_article(name, &parsed);
        assert!(
            body.contains("\u{FFFD} Die Hafenbehörde rechnet"),
            "{name}: {body}"
        );
        assert_eq!(body.replace("\u{FFFD} ", ""), want, "{name}");
        assert_eq!(body.matches('\u{FFFD}').count(), 1, "{name}");
        let w = warnings(&parsed);
        assert!(w.contains("replaced with U+FFFD"), "{name}: {w}");
        assert!(!w.contains("1252"), "{name}: {w}");
    }
}

#[test]
fn windows_1252_with_one_accented_letter_comes_out_right() {
    // English stories in ASCII, with one Windows-1252 `é` written in.
    let cases = [
        (
            "parse/partial-header.txt",
            "Oslo is debating",
            "Oslo caf\u{e9} owners say",
        ),
        (
            "html/guardian-like.html",
            "Mountain guides say",
            "A caf\u{e9} owner says",
        ),
        (
            "xml/ap-harbour-strike.xml",
            "Dock workers at three ports",
            "Caf\u{e9} owners say",
        ),
        (
            "xml/newsroom-export.xml",
            "Work to deepen the inner harbour",
            "Caf\u{e9} owners say",
        ),
    ];
    for (name, anchor, phrase) in cases {
        let ascii = String::from_utf8(read(name))
            .unwrap()
            .replace('©', "(c)")
            .replace('ô', "o");
        assert!(ascii.is_ascii(), "{name}");
        let phrase_sp = format!("{phrase} ");
        let latin = encoding_rs::WINDOWS_1252.encode(&phrase_sp).0;
        assert_eq!(latin.iter().filter(|b| !b.is_ascii()).count(), 1);
        let bytes = put_before(ascii.as_bytes(), anchor, &latin);
        let parsed = parse(name, &bytes);
        let body = match name.ends_with("newsroom-export.xml") {
            // The export's first post is the one written into.
            true => parsed.articles[0].article.body.clone(),
            false => one_article(name, &parsed),
        };
        assert!(
            body.contains(&format!("{phrase} {anchor}")),
            "{name}: {body}"
        );
        assert!(!body.contains('\u{FFFD}'), "{name}");
        let w = warnings(&parsed);
        assert!(w.to_lowercase().contains("windows-1252"), "{name}: {w}");
    }
}

#[test]
fn a_stray_byte_in_a_large_xml_export_is_judged_on_what_surrounds_it() {
    // The stream decoder meets the stray byte far into the file, after
    // many chunks of valid UTF-8: it still reads the rest as UTF-8.
    let good = read("encoding/hafenstreik-wxr.xml");
    let text = String::from_utf8(good).unwrap();
    let (head, rest) = text.split_at(text.find("  <item>").unwrap());
    let item_end = rest.find("</item>").unwrap() + "</item>\n".len();
    let item = &rest[..item_end];
    let mut big = head.to_string();
    for n in 0..300 {
        big.push_str(&item.replace("<wp:post_id>4711", &format!("<wp:post_id>{n}")));
    }
    let bytes = put_before(big.as_bytes(), "Ökonomen schätzen", b"\x96 ");
    let mut with_tail = bytes.clone();
    with_tail.extend_from_slice(&rest.as_bytes()[item_end..]);
    let parsed = parse("big-export.xml", &with_tail);
    assert_eq!(parsed.articles.len(), 300);
    let bodies: String = parsed
        .articles
        .iter()
        .map(|a| a.article.body.as_str())
        .collect();
    assert_eq!(bodies.matches('\u{FFFD}').count(), 1);
    assert_eq!(bodies.matches("Ökonomen schätzen").count(), 300);
    assert!(warnings(&parsed).contains("U+FFFD"));
}
