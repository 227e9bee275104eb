//! Parser tests for JSON and JSON Lines exports: ids with item numbers,
//! field aliases, a bad line among good ones, values of the wrong type.

mod common;

use std::collections::BTreeMap;

use atlas_search::parse::{SkipReason, parse};
use common::parse::fixture;

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
    assert_eq!(parsed.articles.len(), 2);
    assert_eq!(
        parsed.articles[0].article.title, "42",
        "numeric titles are coerced"
    );
    // A field of a type that cannot be read costs the field, not the article.
    let numeric_authors = &parsed.articles[1].article;
    assert_eq!(numeric_authors.id, "wrong-type.json#2");
    assert!(numeric_authors.authors.is_empty());
    let warning = parsed
        .warnings
        .iter()
        .find(|w| w.path == "wrong-type.json#2");
    assert_eq!(
        warning.unwrap().message,
        "bad `authors` value: expected a name or a list of names, found a number; the field is ignored"
    );
    let skips: BTreeMap<_, _> = parsed
        .skipped
        .iter()
        .map(|s| (s.path.as_str(), s.reason.to_string()))
        .collect();
    assert_eq!(skips.len(), 2);
    assert_eq!(skips["wrong-type.json#3"], "not an article: empty body");
    assert_eq!(
        skips["wrong-type.json#4"],
        "bad `body` value: expected a string, found an object"
    );
}
