//! Helpers for the parser tests (`tests/parse_*.rs`): parse a fixture from
//! `tests/fixtures/parse/`, or a text that must yield one article.

use std::collections::BTreeMap;

use atlas_search::article::Article;
use atlas_search::parse::{Parsed, parse};
use chrono::NaiveDate;

/// Parses `tests/fixtures/parse/<name>` under the relative path `<name>`.
pub fn fixture(name: &str) -> Parsed {
    let bytes = std::fs::read(super::fixtures().join("parse").join(name)).expect("fixture exists");
    parse(name, &bytes)
}

/// The single article a text must yield.
pub fn one(rel_path: &str, text: &str) -> Article {
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

pub fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
}

/// The articles of a parse by id, for files that hold several.
pub fn by_id(parsed: &Parsed) -> BTreeMap<String, Article> {
    parsed
        .articles
        .iter()
        .map(|a| (a.article.id.clone(), a.article.clone()))
        .collect()
}
