//! Parser tests for plain-text articles: the real samples against their
//! manifest, bylines and bios, key-value and front-matter headers, encodings
//! and whitespace. Fixture files live in `tests/fixtures/parse/`; short cases
//! are inline where the bytes are the point of the test.

mod common;

use std::collections::BTreeMap;
use std::fs;

use atlas_search::article::{Article, DateSource};
use atlas_search::parse::parse;
use common::fixtures;
use common::parse::{date, fixture, one};
use serde_json::Value;

// ---------------------------------------------------------------- samples

#[test]
fn samples_match_manifest() {
    let root = fixtures().join("samples");
    let manifest: Value =
        serde_json::from_str(&fs::read_to_string(root.join("MANIFEST.json")).unwrap()).unwrap();
    let expected = manifest["articles"].as_object().unwrap();

    let mut got: BTreeMap<String, Article> = BTreeMap::new();
    for (rel, file) in common::walk(&root) {
        if rel == "MANIFEST.json" {
            continue;
        }
        let parsed = parse(&rel, &fs::read(&file).unwrap());
        assert!(parsed.skipped.is_empty(), "{rel}: {:?}", parsed.skipped);
        assert!(parsed.warnings.is_empty(), "{rel}: {:?}", parsed.warnings);
        for a in parsed.articles {
            got.insert(a.article.id.clone(), a.article);
        }
    }
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>(),
        "article ids"
    );
    for (id, want) in expected {
        let a = &got[id];
        assert_eq!(a.title, want["title"].as_str().unwrap(), "{id} title");
        let authors: Vec<&str> = want["authors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert_eq!(a.authors, authors, "{id} authors");
        assert_eq!(a.desk.as_deref(), want["desk"].as_str(), "{id} desk");
        assert_eq!(
            a.date.map(|d| d.format("%Y-%m-%d").to_string()).as_deref(),
            want["date"].as_str(),
            "{id} date"
        );
        assert_eq!(
            a.date_source.map(DateSource::as_str),
            want["date_source"].as_str(),
            "{id} date_source"
        );
        assert!(!a.body.is_empty(), "{id} body");
    }
}

#[test]
fn seed_body_keeps_text_and_drops_header_parts() {
    let rel = "atlas-news/intelligence-based-operations.txt";
    let bytes = fs::read(fixtures().join("samples").join(rel)).unwrap();
    let a = &parse(rel, &bytes).articles[0].article;
    assert!(
        !a.body.contains("creative writing"),
        "bio must not be in the body"
    );
    assert!(!a.body.contains("More From Me"));
    assert!(
        !a.body.contains("Wilder Davenport\n"),
        "byline must not be in the body"
    );
    assert!(
        a.body
            .starts_with("Last Saturday, Pakistan’s Prime Minister\u{a0}Shehbaz")
    );
    assert!(
        a.body
            .contains("\nCriticism of the Resolve for Stability\n"),
        "heading kept"
    );
    assert!(
        a.body.contains("on June 22nd 2024 (Photo by PMO)"),
        "caption kept"
    );
    assert!(
        a.body.contains("Azm-i-Istehkam––or"),
        "dashes kept as written"
    );
    assert!(
        a.bio.as_deref().unwrap().contains("creative writing"),
        "bio stored"
    );
    assert!(!a.body.contains('\r'));
}

// ---------------------------------------------------------------- bylines

#[test]
fn author_list_shapes() {
    // (text, authors, desk, bio?)
    let cases: &[(&str, &[&str], Option<&str>, bool)] = &[
        (
            "T\n\nJane Roe\nJane Roe\nJane writes.\n\nBody.",
            &["Jane Roe"],
            None,
            true,
        ),
        ("T\n\nBy Jane Roe\n\nBody.", &["Jane Roe"], None, false),
        ("T\n\nBY JANE ROE\n\nBody.", &["JANE ROE"], None, false),
        ("T\nBy Staff\nBody.", &["Staff"], None, false),
        (
            "T\n\nBy Jane Roe\nJane Roe\n\nBody.",
            &["Jane Roe"],
            None,
            false,
        ),
        (
            "T\n\nAnn Lee and Bo Chen\nAnn Lee and Bo Chen\n\nBody.",
            &["Ann Lee", "Bo Chen"],
            None,
            false,
        ),
        (
            "T\n\nAnn Lee, Bo Chen and Cy Diaz\nAnn Lee, Bo Chen and Cy Diaz\n\nBody.",
            &["Ann Lee", "Bo Chen", "Cy Diaz"],
            None,
            false,
        ),
        (
            "T\n\nBy Ann Lee, Bo Chen, and Cy Diaz\n\nBody.",
            &["Ann Lee", "Bo Chen", "Cy Diaz"],
            None,
            false,
        ),
        // Followed by a bio but not repeated.
        (
            "T\n\nNoor Al-Khatib\nNoor covers energy for the Middle East Desk for Atlas News.\n\nBody.",
            &["Noor Al-Khatib"],
            Some("Middle East"),
            true,
        ),
        // A bio that names a desk but not the author.
        (
            "T\n\nAnn Lee\nAnn Lee\nShe reports for the Africa Desk for Atlas News.\n\nBody.",
            &["Ann Lee"],
            Some("Africa"),
            true,
        ),
        // Repeated byline, then a paragraph that is not a bio: body, no desk.
        (
            "T\n\nAnn Lee\nAnn Lee\nThe rains came early.\n\nBody.",
            &["Ann Lee"],
            None,
            false,
        ),
        // Headings after the title are never names.
        ("T\n\nWhat Comes Next\n\nThe body.", &[], None, false),
        ("T\n\nMoney and Politics\n\nMoney talks.", &[], None, false),
        (
            "T\n\nCriticism of the Resolve for Stability\n\nText.",
            &[],
            None,
            false,
        ),
        (
            "T\n\nA plain first paragraph of the body.\n",
            &[],
            None,
            false,
        ),
    ];
    for (text, authors, desk, has_bio) in cases {
        let a = one("a.txt", text);
        assert_eq!(a.title, "T", "{text:?}");
        assert_eq!(a.authors, *authors, "{text:?}");
        assert_eq!(a.desk.as_deref(), *desk, "{text:?}");
        assert_eq!(a.bio.is_some(), *has_bio, "{text:?}");
        if let Some(bio) = &a.bio {
            assert!(!a.body.contains(bio.as_str()), "{text:?}");
        }
        for name in *authors {
            assert!(!a.body.contains(name), "byline left in body: {text:?}");
        }
    }
    let a = one(
        "a.txt",
        "T\n\nAnn Lee\nAnn Lee\nThe rains came early.\n\nBody.",
    );
    assert_eq!(a.body, "The rains came early.\n\nBody.");
    let a = one("a.txt", "T\n\nWhat Comes Next\n\nThe body.");
    assert_eq!(a.body, "What Comes Next\n\nThe body.");
}

// ---------------------------------------------------------------- headers

#[test]
fn key_value_header_wins_and_makes_the_rest_body() {
    let parsed = fixture("key-value-header.txt");
    let a = &parsed.articles[0].article;
    assert_eq!(
        a.title,
        "Kazakhstan Opens Its Uranium Mines to New Partners"
    );
    assert_eq!(
        a.authors,
        ["Aigerim Sadykova", "Daniyar Bekov", "Lena Ortiz"]
    );
    assert_eq!(a.desk.as_deref(), Some("Central Asia"));
    assert_eq!(
        (a.date, a.date_source),
        (Some(date("2024-06-24")), Some(DateSource::Explicit))
    );
    assert_eq!(a.tags, ["uranium", "mining", "kazakhstan"]);
    assert_eq!(
        a.url.as_deref(),
        Some("https://example.test/kazakhstan-uranium")
    );
    assert!(a.body.starts_with("Astana has signed"));
    assert!(
        a.body
            .ends_with("Aigerim Sadykova\nThis line is body, because the header has a title.")
    );
    assert_eq!(a.bio, None);
}

#[test]
fn partial_header_runs_the_heuristics_on_the_rest() {
    let a = &fixture("partial-header.txt").articles[0].article;
    assert_eq!(a.title, "Norway Weighs a Pause in Arctic Drilling");
    assert_eq!(a.authors, ["Ingrid Solberg"]);
    assert_eq!(
        a.desk.as_deref(),
        Some("Energy"),
        "the header's desk wins over the bio's"
    );
    assert!(a.bio.as_deref().unwrap().contains("Nordic Desk"));
    assert_eq!(
        (a.date, a.date_source),
        (Some(date("2024-06-03")), Some(DateSource::Explicit))
    );
    assert_eq!(
        a.body,
        "Oslo is debating whether to slow new licences in the Barents Sea."
    );
}

#[test]
fn not_a_header_when_keys_are_unknown() {
    let a = one("a.txt", "Breaking: Markets Fall\n\nBody.");
    assert_eq!(a.title, "Breaking: Markets Fall");
    let a = one("a.txt", "Title: T\nSubtitle: S\n\nBody.");
    assert_eq!(
        a.title, "Title: T",
        "a block with an unknown key is not a header"
    );
}

#[test]
fn yaml_front_matter_in_text() {
    let a = &fixture("yaml-front-matter.txt").articles[0].article;
    assert_eq!(a.title, "Chile Rewrites Its Lithium Rules");
    assert_eq!(a.authors, ["Marta Soto", "Diego Paredes"]);
    assert_eq!(a.desk.as_deref(), Some("Americas"));
    assert_eq!(
        (a.date, a.date_source),
        (Some(date("2024-05-01")), Some(DateSource::Explicit))
    );
    assert_eq!(a.tags, ["lithium", "chile"]);
    assert_eq!(
        a.body,
        "Santiago has proposed a state-led model for lithium extraction."
    );
}

#[test]
fn front_matter_without_title_uses_heuristics() {
    let a = one(
        "a.txt",
        "---\ndesk: Europe\n---\nThe Title\n\nBy Ann Lee\n\nBody.",
    );
    assert_eq!(
        (a.title.as_str(), a.authors.as_slice()),
        ("The Title", &["Ann Lee".to_string()][..])
    );
    assert_eq!(a.desk.as_deref(), Some("Europe"));
}

// ---------------------------------------------------------------- encodings and text

#[test]
fn windows_1252_is_decoded_with_a_warning() {
    let parsed = fixture("cp1252.txt");
    let a = &parsed.articles[0].article;
    assert_eq!(a.title, "Café “quoted”");
    assert_eq!(a.body, "The café opened on 5 May 2024.");
    assert_eq!(a.date, Some(date("2024-05-05")));
    assert_eq!(parsed.warnings.len(), 1);
    assert_eq!(parsed.warnings[0].path, "cp1252.txt");
    assert!(parsed.warnings[0].message.contains("Windows-1252"));

    let parsed = parse("x", b"Caf\xe9 \x93quoted\x94");
    assert_eq!(parsed.articles[0].article.title, "Café “quoted”");
}

#[test]
fn utf16_with_bom() {
    for (name, title, body) in [
        ("utf16le.txt", "Título UTF-16", "Cuerpo del artículo."),
        ("utf16be.txt", "Title BE", "Body BE."),
    ] {
        let parsed = fixture(name);
        assert!(parsed.warnings.is_empty(), "{name}");
        let a = &parsed.articles[0].article;
        assert_eq!((a.title.as_str(), a.body.as_str()), (title, body), "{name}");
    }
}

#[test]
fn title_whitespace_is_normalised_but_body_is_kept() {
    let a = &fixture("nbsp-quotes.txt").articles[0].article;
    assert_eq!(a.title, "The “Quoted” Title’s Spaces");
    assert!(
        a.body
            .contains("non-breaking\u{a0}space and “curly quotes” and Pakistan’s")
    );
    let a = one("crlf.txt", "Title\r\n\r\nLine one\r\nLine two\r\n");
    assert_eq!(a.body, "Line one\nLine two");
}

#[test]
fn files_without_extension_are_text_and_stem_is_the_last_resort_title() {
    let a = one("notes/README", "Title Line\n\nBody.");
    assert_eq!(a.title, "Title Line");
    let a = one("x/2024-06-24-slug.json", r#"{"body": "b"}"#);
    assert_eq!(a.title, "2024-06-24-slug");
    assert_eq!(a.date_source, Some(DateSource::Path));
}
