//! Parser tests: the real samples against their manifest, then tables of
//! the spec's rules (dates, bylines, headers, formats, encodings, bad
//! input), then property tests that no input makes `parse` panic.
//!
//! Fixture files live in `tests/fixtures/parse/` (broken ones included);
//! short cases are inline where the bytes are the point of the test.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use atlas_search::article::{Article, DateSource};
use atlas_search::parse::date::{PartialDate, parse_date};
use atlas_search::parse::{self, MAX_ARTICLE_FILE_BYTES, Parsed, SkipReason, parse};
use chrono::NaiveDate;
use proptest::prelude::*;
use serde_json::Value;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Parses `tests/fixtures/parse/<name>` under the relative path `<name>`.
fn fixture(name: &str) -> Parsed {
    let bytes = fs::read(fixtures().join("parse").join(name)).expect("fixture exists");
    parse(name, &bytes)
}

/// The single article a text must yield.
fn one(rel_path: &str, text: &str) -> Article {
    let parsed = parse(rel_path, text.as_bytes());
    assert!(
        parsed.skipped.is_empty(),
        "{rel_path}: {:?}",
        parsed.skipped
    );
    assert_eq!(parsed.articles.len(), 1, "{rel_path}");
    parsed
        .articles
        .into_iter()
        .next()
        .expect("one article")
        .article
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("readable dir") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            walk(&path, out);
        } else {
            out.push(path);
        }
    }
}

// ---------------------------------------------------------------- samples

#[test]
fn samples_match_manifest() {
    let root = fixtures().join("samples");
    let manifest: Value =
        serde_json::from_str(&fs::read_to_string(root.join("MANIFEST.json")).unwrap()).unwrap();
    let expected = manifest["articles"].as_object().unwrap();

    let mut files = Vec::new();
    walk(&root, &mut files);
    let mut got: BTreeMap<String, Article> = BTreeMap::new();
    for file in files {
        let rel = file
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
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

#[test]
fn markdown_sample_is_stripped() {
    let rel = "markdown/argentina-peso-band.md";
    let bytes = fs::read(fixtures().join("samples").join(rel)).unwrap();
    let a = &parse(rel, &bytes).articles[0].article;
    assert_eq!(a.tags, ["argentina", "currency", "inflation"]);
    assert!(!a.body.contains('#') && !a.body.contains("**") && !a.body.contains("*blue*"));
    assert!(
        a.body.starts_with("Argentina’s government"),
        "the H1 repeating the title is dropped"
    );
    assert!(a.body.contains("The Central Bank announced"));
    assert!(a.body.contains("\n\nWhy the controls existed\n\n"));
    assert!(
        a.body.contains(
            "Government spending cut by roughly a third in real terms\nMonthly inflation"
        )
    );
}

// ---------------------------------------------------------------- dates

#[test]
fn date_forms() {
    let day = |s: &str| Some(PartialDate::Day(date(s)));
    let cases: &[(&str, Option<PartialDate>)] = &[
        ("2024-06-24", day("2024-06-24")),
        ("2024-06-24T23:30:00-05:00", day("2024-06-24")),
        ("2024-06-24T07:30:00Z", day("2024-06-24")),
        ("2024-06-24T07:30:00.123+05:30", day("2024-06-24")),
        ("2024-06-24 10:00:00", day("2024-06-24")),
        ("2024/06/24", day("2024-06-24")),
        ("20240624", day("2024-06-24")),
        ("Mon, 24 Jun 2024 10:00:00 +0000", day("2024-06-24")),
        ("Mon, 09 Sep 2024 12:00:00 GMT", day("2024-09-09")),
        ("June 24, 2024", day("2024-06-24")),
        ("June 24 2024", day("2024-06-24")),
        ("24 June 2024", day("2024-06-24")),
        ("24th June, 2024", day("2024-06-24")),
        ("4th of July 2024", day("2024-07-04")),
        ("June 22nd 2024", day("2024-06-22")),
        ("Jun 1st, 2024", day("2024-06-01")),
        ("Sept. 3, 2024", day("2024-09-03")),
        ("march 3, 2025", day("2025-03-03")),
        ("  June\u{a0}24,  2024. ", day("2024-06-24")),
        ("Monday, June 24, 2024", day("2024-06-24")),
        ("June 24, 2024 at 3:30 p.m. EST", day("2024-06-24")),
        ("February 29, 2024", day("2024-02-29")),
        (
            "2024-06",
            Some(PartialDate::Month {
                year: 2024,
                month: 6,
            }),
        ),
        (
            "June 2024",
            Some(PartialDate::Month {
                year: 2024,
                month: 6,
            }),
        ),
        ("2024", Some(PartialDate::Year(2024))),
        // Invalid or ambiguous.
        ("2024-13-45", None),
        ("2024-02-30", None),
        ("February 30, 2024", None),
        ("2023-02-29", None),
        ("2024-13", None),
        ("2024-06-24T25:00:00Z", None),
        ("06/07/2024", None),
        ("24/06/2024", None),
        ("Junetember 4, 2024", None),
        ("someday", None),
        ("", None),
        ("24", None),
        ("202406", None),
    ];
    for (s, want) in cases {
        assert_eq!(parse_date(s), *want, "{s:?}");
    }
}

#[test]
fn partial_dates_span_their_period() {
    let june = parse_date("2024-06").unwrap();
    assert_eq!(
        (june.first_day(), june.last_day()),
        (date("2024-06-01"), date("2024-06-30"))
    );
    let year = parse_date("2024").unwrap();
    assert_eq!(
        (year.first_day(), year.last_day()),
        (date("2024-01-01"), date("2024-12-31"))
    );
    let feb = parse_date("2023-02").unwrap();
    assert_eq!(feb.last_day(), date("2023-02-28"));
}

#[test]
fn date_resolution_order() {
    use DateSource::*;
    const BODY: &str = "Title\n\nIt happened on 3 March 2024 and again on March 9, 2024.\n";
    /// (path, text, date, source, warnings)
    type Case = (
        &'static str,
        &'static str,
        Option<&'static str>,
        Option<DateSource>,
        usize,
    );
    let cases: &[Case] = &[
        (
            "a.txt",
            "Date: 2024-06-24\n\nTitle\n\nBody on 3 March 2025.",
            Some("2024-06-24"),
            Some(Explicit),
            0,
        ),
        (
            "a.txt",
            "Date: 2024-06\n\nTitle\n\nBody.",
            Some("2024-06-01"),
            Some(Explicit),
            0,
        ),
        (
            "a.txt",
            "Date: 2024\n\nTitle\n\nBody.",
            Some("2024-01-01"),
            Some(Explicit),
            0,
        ),
        (
            "a.txt",
            "Date: 2024-06-24T23:30:00-05:00\n\nTitle\n\nBody.",
            Some("2024-06-24"),
            Some(Explicit),
            0,
        ),
        (
            "2023-01-02/2024-06-24-slug.txt",
            BODY,
            Some("2024-06-24"),
            Some(Path),
            0,
        ),
        (
            "news/2024/06/24/slug.txt",
            BODY,
            Some("2024-06-24"),
            Some(Path),
            0,
        ),
        (
            "news/20240624-slug.txt",
            BODY,
            Some("2024-06-24"),
            Some(Path),
            0,
        ),
        (
            "news/20240624/slug.txt",
            BODY,
            Some("2024-06-24"),
            Some(Path),
            0,
        ),
        (
            "news/2024/02/30/slug.txt",
            BODY,
            Some("2024-03-09"),
            Some(Text),
            0,
        ),
        (
            "a.txt",
            "Title\n\nJune 24, 2024\n\nBody from July 1, 2025.",
            Some("2024-06-24"),
            Some(Dateline),
            0,
        ),
        (
            "a.txt",
            "Title\n\n2024-06-24 —\nBody.",
            Some("2024-06-24"),
            Some(Dateline),
            0,
        ),
        ("a.txt", BODY, Some("2024-03-09"), Some(Text), 0),
        (
            "a.txt",
            "Title\n\nIn June 2024, and in 2023, on 06/07/2024.",
            None,
            None,
            0,
        ),
        (
            "a.txt",
            "A June 1, 2024 Title\n\nNo dates here.",
            None,
            None,
            0,
        ),
        (
            "a.txt",
            "T\n\nJo Ann\nJo Ann\nJo wrote this on May 5, 2024 for the Europe Desk.\n\nBody.",
            None,
            None,
            0,
        ),
        (
            "2024/06/24/a.txt",
            "Date: someday\n\nTitle\n\nBody.",
            Some("2024-06-24"),
            Some(Path),
            1,
        ),
        (
            "a.txt",
            "Date: 2024-02-30\n\nTitle\n\nBody on 3 March 2024.",
            Some("2024-03-03"),
            Some(Text),
            1,
        ),
        ("a.txt", "Date: soon\n\nTitle\n\nBody.", None, None, 1),
        (
            "a.json",
            r#"{"date": 2024, "body": "b"}"#,
            Some("2024-01-01"),
            Some(Explicit),
            0,
        ),
        (
            "a.json",
            r#"{"published": [1], "body": "b on 1 May 2024"}"#,
            Some("2024-05-01"),
            Some(Text),
            1,
        ),
    ];
    for (path, text, want_date, want_source, warnings) in cases {
        let parsed = parse(path, text.as_bytes());
        let a = &parsed.articles[0].article;
        assert_eq!(a.date, want_date.map(date), "{path}: {text:?}");
        assert_eq!(a.date_source, *want_source, "{path}: {text:?}");
        assert_eq!(
            parsed.warnings.len(),
            *warnings,
            "{path}: {text:?} {:?}",
            parsed.warnings
        );
        if let Some(w) = parsed.warnings.first() {
            assert_eq!(w.path, *path);
            assert!(w.message.contains("unparseable date"), "{}", w.message);
        }
    }
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

// ---------------------------------------------------------------- formats

#[test]
fn markdown_with_toml_front_matter() {
    let a = &fixture("toml-front-matter.md").articles[0].article;
    assert_eq!(a.title, "Peru’s Copper Belt Votes");
    assert_eq!(a.authors, ["Lucía Quispe"]);
    assert_eq!(
        (a.date, a.date_source),
        (Some(date("2024-06-24")), Some(DateSource::Explicit))
    );
    assert_eq!(
        a.body,
        "Voters in Apurímac went to the polls; see the results.\n\nTurnout was high\nCounting was slow"
    );
}

#[test]
fn markdown_title_from_first_heading() {
    let a = one(
        "notes/piece.md",
        "# Heading *Title*\n\nSome `code` and [a link](http://x.test).",
    );
    assert_eq!(a.title, "Heading Title");
    assert_eq!(a.body, "Some code and a link.");
    let a = one("notes/piece.markdown", "## Only a subheading\n\nText.");
    assert_eq!(
        a.title, "piece",
        "no front matter title and no H1: the file stem"
    );
}

#[test]
fn json_ids_and_fields() {
    let single = r#"{"Headline": "One", "By": "Ann Lee and Bo Chen", "Section": "Europe",
        "Keywords": "a, b", "Canonical": "https://x.test/1", "Content": "Para one.\n\nPara two."}"#;
    let parsed = parse("exports/one.json", single.as_bytes());
    let a = &parsed.articles[0].article;
    assert_eq!(a.id, "exports/one.json");
    assert_eq!(a.authors, ["Ann Lee", "Bo Chen"]);
    assert_eq!(a.desk.as_deref(), Some("Europe"));
    assert_eq!(a.tags, ["a", "b"]);
    assert_eq!(a.url.as_deref(), Some("https://x.test/1"));
    assert_eq!(a.body, "Para one.\n\nPara two.");

    let parsed = parse("exports/arr.json", br#"[{"title": "Only", "text": "t"}]"#);
    assert_eq!(parsed.articles[0].article.id, "exports/arr.json#1");
    assert_eq!(parsed.articles[0].article.path, "exports/arr.json");

    let parsed = parse(
        "w.ndjson",
        b"\n{\"body\": \"one\"}\n\n{\"body\": \"two\"}\n",
    );
    let ids: Vec<_> = parsed
        .articles
        .iter()
        .map(|a| a.article.id.as_str())
        .collect();
    assert_eq!(ids, ["w.ndjson#1", "w.ndjson#2"]);
    assert_eq!(
        parsed.articles[0].article.title, "w",
        "no title: the file stem"
    );
}

#[test]
fn json_lines_with_a_bad_line() {
    let parsed = fixture("mixed.jsonl");
    let titles: Vec<_> = parsed
        .articles
        .iter()
        .map(|a| a.article.title.as_str())
        .collect();
    assert_eq!(titles, ["First", "Third"]);
    assert_eq!(parsed.articles[0].article.id, "mixed.jsonl#1");
    assert_eq!(parsed.articles[1].article.id, "mixed.jsonl#3");
    assert_eq!(
        parsed.articles[1].article.authors,
        ["Ann Lee", "Bo Chen", "Cy Diaz"]
    );
    assert_eq!(parsed.skipped.len(), 1);
    let skip = &parsed.skipped[0];
    assert_eq!(skip.path, "mixed.jsonl#2");
    match &skip.reason {
        SkipReason::MalformedJson { line, .. } => assert_eq!(*line, 3, "the file's line number"),
        other => panic!("{other:?}"),
    }
    assert!(
        skip.reason.to_string().contains("line 3"),
        "{}",
        skip.reason
    );
}

#[test]
fn wrong_types_in_json() {
    let parsed = fixture("wrong-type.json");
    assert_eq!(parsed.articles.len(), 1);
    assert_eq!(
        parsed.articles[0].article.title, "42",
        "numeric titles are coerced"
    );
    let skips: BTreeMap<_, _> = parsed
        .skipped
        .iter()
        .map(|s| (s.path.as_str(), s.reason.to_string()))
        .collect();
    assert_eq!(skips.len(), 3);
    assert_eq!(
        skips["wrong-type.json#2"],
        "bad `authors` value: expected a name or a list of names, found a number"
    );
    assert_eq!(skips["wrong-type.json#3"], "not an article: empty body");
    assert_eq!(
        skips["wrong-type.json#4"],
        "bad `body` value: expected a string, found an object"
    );
}

// ---------------------------------------------------------------- bad input

#[test]
fn bad_input_is_skipped_with_its_reason() {
    let png = fs::read(fixtures().join("parse/image.png")).unwrap();
    let huge = vec![b'a'; MAX_ARTICLE_FILE_BYTES as usize + 1];
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty.txt", vec![], "empty file"),
        ("blank.txt", b" \n\t\r\n \xC2\xA0\n".to_vec(), "empty file"),
        ("bom-only.md", b"\xEF\xBB\xBF".to_vec(), "empty file"),
        (
            "nul.txt",
            b"Title\n\nBo\0dy".to_vec(),
            "binary file (contains NUL bytes)",
        ),
        ("image.png", png.clone(), "binary file (contains NUL bytes)"),
        ("image.txt", png, "binary file (contains NUL bytes)"),
        (
            "sig.txt",
            b"\x89PNG\r\n\x1a\n".to_vec(),
            "binary file (contains NUL bytes)",
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

#[test]
fn content_hash_follows_the_source() {
    let h = |path: &str, bytes: &[u8]| -> Vec<String> {
        parse(path, bytes)
            .articles
            .into_iter()
            .map(|a| a.hash)
            .collect()
    };
    let a = h("a.txt", b"Title\n\nBody.");
    assert_eq!(a[0].len(), 32);
    assert!(a[0].chars().all(|c| c.is_ascii_hexdigit()));
    assert_eq!(
        a,
        h("b.txt", b"Title\n\nBody."),
        "the hash is of the bytes, not the path"
    );
    assert_ne!(a, h("a.txt", b"Title\n\nBody!"));
    // JSON Lines: changing one line changes only that item's hash.
    let one = h("w.jsonl", b"{\"body\": \"one\"}\n{\"body\": \"two\"}\n");
    let two = h("w.jsonl", b"{\"body\": \"one\"}\n{\"body\": \"TWO\"}\n");
    assert_eq!(one[0], two[0]);
    assert_ne!(one[1], two[1]);
    let arr1 = h("w.json", br#"[{"body": "one"}, {"body": "two"}]"#);
    let arr2 = h("w.json", br#"[{"body": "one"}, {"body": "2"}]"#);
    assert_eq!(arr1[0], arr2[0]);
    assert_ne!(arr1[1], arr2[1]);
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
            prop_assert_eq!(a.hash.len(), 32);
        }
    }

    #[test]
    fn parse_date_never_panics(s in any::<String>()) {
        if let Some(d) = parse_date(&s) {
            prop_assert!(d.first_day() <= d.last_day());
        }
    }

    #[test]
    fn parse_date_never_panics_on_dateish(s in "[0-9A-Za-z ,./:+\\-]{0,40}") {
        let _ = parse_date(&s);
    }
}
