//! Parser tests for bad input: every kind of file that is skipped, with its
//! typed reason (line and column for malformed files), the size limits, the
//! content hash, and properties that no input makes `parse` panic.

mod common;

use atlas_search::parse::{self, MAX_ARTICLE_FILE_BYTES, SkipReason, parse};
use common::fixtures;
use common::parse::fixture;
use proptest::prelude::*;
use std::fs;

// ---------------------------------------------------------------- bad input

#[test]
fn bad_input_is_skipped_with_its_reason() {
    let png = fs::read(fixtures().join("parse/image.png")).unwrap();
    let huge = vec![b'a'; MAX_ARTICLE_FILE_BYTES as usize + 1];
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty.txt", vec![], "empty file"),
        ("blank.txt", b" \n\t\r\n \xC2\xA0\n".to_vec(), "empty file"),
        ("bom-only.md", b"\xEF\xBB\xBF".to_vec(), "empty file"),
        ("nul.txt", b"Title\n\nBo\0\0\0dy".repeat(3), "binary file"),
        ("image.png", png.clone(), "binary file (PNG image)"),
        ("image.txt", png, "binary file (PNG image)"),
        (
            "sig.txt",
            b"\x89PNG\r\n\x1a\n".to_vec(),
            "binary file (PNG image)",
        ),
        (
            "page.html",
            b"<html>hi</html>".to_vec(),
            "not an article page",
        ),
        (
            "data.CSV",
            b"a,b\n1,2\n".to_vec(),
            "unsupported file type `.csv`",
        ),
        (
            "huge.txt",
            huge,
            "file too large (33554433 bytes; limit 33554432)",
        ),
        (
            "MANIFEST.json",
            br#"{"articles": {}}"#.to_vec(),
            "not an article: no body/text/content key",
        ),
        ("list.json", b"[1]".to_vec(), ""),
        (
            "scalar.json",
            b"\"just a string\"".to_vec(),
            "not an article: the JSON value is neither an object nor an array of objects",
        ),
        // Deep nesting is refused quickly, not parsed for a minute or a stack overflow.
        ("deep.json", "[".repeat(100_000).into_bytes(), ""),
        (
            "deep.md",
            format!("---\ntitle: {}\n---\n", "[".repeat(100_000)).into_bytes(),
            "",
        ),
        (
            "deep.txt",
            format!("+++\ntitle = {}\n+++\n", "[".repeat(100_000)).into_bytes(),
            "",
        ),
    ];
    for (path, bytes, reason) in cases {
        let parsed = parse(path, &bytes);
        assert!(parsed.articles.is_empty(), "{path}");
        assert_eq!(parsed.skipped.len(), 1, "{path}");
        if !reason.is_empty() {
            assert_eq!(parsed.skipped[0].reason.to_string(), reason, "{path}");
            assert_eq!(parsed.skipped[0].path, path);
        }
    }
    assert_eq!(parse("list.json", b"[1]").skipped[0].path, "list.json#1");
    let no_body = fixture("no-body.json");
    assert!(no_body.articles.is_empty());
    assert_eq!(
        no_body.skipped[0].reason.to_string(),
        "not an article: no body/text/content key"
    );
}

#[test]
fn malformed_files_report_line_and_column() {
    // (fixture, line, column)
    let cases = [
        ("bad.json", 3, 1),
        ("bad-yaml.md", 4, 1),
        ("bad-toml.md", 3, 8),
    ];
    for (name, line, column) in cases {
        let parsed = fixture(name);
        assert!(parsed.articles.is_empty(), "{name}");
        let skip = &parsed.skipped[0];
        assert_eq!(skip.path, name);
        match &skip.reason {
            SkipReason::MalformedJson {
                line: l, column: c, ..
            }
            | SkipReason::MalformedFrontMatter {
                line: l, column: c, ..
            } => {
                assert_eq!((*l, *c), (line, column), "{name}: {}", skip.reason);
            }
            other => panic!("{name}: {other:?}"),
        }
        assert!(
            skip.reason
                .to_string()
                .contains(&format!("line {line}, column {column}"))
        );
    }
    let unclosed = parse("a.md", b"---\ntitle: T\n\nBody");
    assert!(matches!(
        unclosed.skipped[0].reason,
        SkipReason::MalformedFrontMatter { line: 1, .. }
    ));
}

#[test]
fn text_with_a_stray_nul_is_an_article_with_a_warning() {
    // Mail-derived articles often carry one NUL: that is text, not binary
    // (the rule changed from "one NUL ⇒ binary" to NUL density).
    let body = "A paragraph of a real article that came out of a mail archive. ".repeat(20);
    let bytes = format!("Title\n\n{body}\0{body}").into_bytes();
    let parsed = parse("mail/one-nul.txt", &bytes);
    assert!(parsed.skipped.is_empty(), "{:?}", parsed.skipped);
    assert_eq!(parsed.articles.len(), 1);
    assert!(!parsed.articles[0].article.body.contains('\0'));
    assert_eq!(parsed.warnings.len(), 1);
    assert!(
        parsed.warnings[0]
            .message
            .contains("1 stray NUL byte removed")
    );
}

#[test]
fn control_characters_never_reach_an_article() {
    // Three controls in a real article's length: text (SPEC's test allows
    // up to 1 % of the bytes), and the controls are stripped.
    let mut bytes = b"Red \x1b[31mAlert\x1b[0m\x07 Title\n\nBody with \x1b]0;owned\x07an OSC, a \x08backspace\x7f and C1 \xc2\x9b\x32J.\n\tTabbed line stays.".to_vec();
    bytes.extend(b"\nThe council met on Tuesday to discuss the harbour plan. ".repeat(4));
    let parsed = parse("ansi.txt", &bytes);
    let article = &parsed.articles[0].article;
    assert_eq!(article.title, "Red Alert Title");
    for text in [&article.title, &article.body] {
        assert!(
            !text
                .chars()
                .any(|c| c.is_control() && c != '\n' && c != '\t'),
            "{text:?}"
        );
    }
    assert!(article.body.contains("\tTabbed line stays."));
    assert!(!article.body.contains("owned"));
}

#[test]
fn size_limits_by_extension() {
    assert_eq!(parse::size_limit("a/b.txt"), parse::MAX_ARTICLE_FILE_BYTES);
    assert_eq!(parse::size_limit("a/b"), parse::MAX_ARTICLE_FILE_BYTES);
    assert_eq!(parse::size_limit("a/b.md"), parse::MAX_ARTICLE_FILE_BYTES);
    assert_eq!(parse::size_limit("a/b.JSON"), parse::MAX_EXPORT_FILE_BYTES);
    assert_eq!(parse::size_limit("a/b.jsonl"), parse::MAX_EXPORT_FILE_BYTES);
    assert_eq!(
        parse::size_limit("a/b.ndjson"),
        parse::MAX_EXPORT_FILE_BYTES
    );
}

// ---------------------------------------------------------------- properties

/// Fragments that steer random input into the interesting branches.
fn articleish() -> impl Strategy<Value = String> {
    let fragment = prop_oneof![
        Just("---\n".to_string()),
        Just("+++\n".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("Title: ".to_string()),
        Just("Date: ".to_string()),
        Just("By ".to_string()),
        Just("Jane Roe".to_string()),
        Just(" and ".to_string()),
        Just("Jane writes for the Europe Desk".to_string()),
        Just("More From Me".to_string()),
        Just("June 22nd 2024".to_string()),
        Just("2024-02-30".to_string()),
        Just("# ".to_string()),
        Just("{\"body\": ".to_string()),
        Just("[".to_string()),
        Just("\"".to_string()),
        Just("\u{a0}".to_string()),
        Just("’".to_string()),
        Just("\r".to_string()),
        "[a-zA-Z ,.:\\-]{0,12}",
        any::<String>(),
    ];
    prop::collection::vec(fragment, 0..24).prop_map(|v| v.concat())
}

fn any_path() -> impl Strategy<Value = String> {
    let ext = prop_oneof![
        Just(""),
        Just(".txt"),
        Just(".md"),
        Just(".markdown"),
        Just(".json"),
        Just(".jsonl"),
        Just(".ndjson"),
        Just(".png"),
        Just("."),
    ];
    (any::<String>(), ext).prop_map(|(p, e)| format!("{p}{e}"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn parse_never_panics_on_bytes(path in any_path(), bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let _ = parse(&path, &bytes);
    }

    #[test]
    fn parse_never_panics_on_articleish_text(path in any_path(), text in articleish()) {
        let parsed = parse(&path, text.as_bytes());
        for a in &parsed.articles {
            let t = &a.article.title;
            prop_assert_eq!(t.split_whitespace().collect::<Vec<_>>().join(" "), t.clone());
        }
    }
}

#[test]
fn a_guessed_format_that_does_not_parse_is_read_as_text() {
    let story = "Harbour strike ends\n\nDock workers returned on Monday & the ships sailed.\n";
    // (a wire file without a real extension, its first lines, what it looked like)
    let cases = [
        ("wire/STORY-0012", "{Editor's note: corrected}\n", "JSON"),
        ("wire/STORY-0013", "{Update 1}\n{Update 2}\n", "JSON Lines"),
        ("wire/STORY-0014", "<b>Corrected</b>\n", "XML"),
        (
            "wire/STORY-0015",
            "WARC/1.0 figures released\n",
            "a web archive",
        ),
    ];
    for (path, head, looked_like) in cases {
        let parsed = parse(path, format!("{head}{story}").as_bytes());
        assert!(parsed.skipped.is_empty(), "{path}: {:?}", parsed.skipped);
        assert_eq!(parsed.articles.len(), 1, "{path}");
        assert!(
            parsed.articles[0]
                .article
                .body
                .contains("Dock workers returned")
        );
        let warning = &parsed.warnings[0].message;
        let want = format!("looked like {looked_like} but is not (");
        assert!(warning.starts_with(&want), "{path}: {warning}");
        assert!(
            warning.ends_with("); read as plain text"),
            "{path}: {warning}"
        );
    }
    // A file's own declared format is never guessed around.
    let declared = parse(
        "feed.json",
        format!("{{Editor's note}}\n{story}").as_bytes(),
    );
    assert!(matches!(
        declared.skipped[0].reason,
        SkipReason::MalformedJson { line: 1, .. }
    ));
    let declared = parse("feed.xml", format!("<b>Note</b>\n{story}").as_bytes());
    assert!(declared.articles.is_empty());
    assert_eq!(declared.skipped.len(), 1);
}

#[test]
fn a_rule_line_opening_plain_text_is_not_front_matter() {
    let story = "Harbour strike ends\nBy Jane Roe\n\nDock workers returned on Monday.\n";
    for head in ["---\n", "---\nBREAKING NEWS\n---\n", "+++\n\n"] {
        let parsed = parse("wire/a.txt", format!("{head}{story}").as_bytes());
        assert!(parsed.skipped.is_empty(), "{head:?}: {:?}", parsed.skipped);
        assert_eq!(parsed.articles.len(), 1, "{head:?}");
        let article = &parsed.articles[0].article;
        assert!(article.body.contains("Dock workers returned"), "{head:?}");
        assert!(!article.title.starts_with("---"), "{head:?}");
        assert!(parsed.warnings[0].message.ends_with("; read as text"));
    }
    // A closed block of keys that does not parse is front matter with an
    // error: reported with its position, never guessed around.
    let parsed = parse("wire/b.txt", b"---\ntitle: [unclosed\n---\nBody\n");
    assert!(parsed.articles.is_empty());
    let reason = &parsed.skipped[0].reason;
    assert!(
        matches!(reason, SkipReason::MalformedFrontMatter { .. }),
        "{reason}"
    );
}
