//! JSON exports: one object (`.json`), an array of objects (`.json`), or one
//! object per line (`.jsonl`, `.ndjson`).
//!
//! Exports hold many articles, so one bad item must not cost the others:
//! every item is parsed on its own and a bad one becomes a `path#N` skip.
//! Items are numbered from 1 over every non-blank item (blank JSON Lines
//! lines do not count), and arrays always get `#N`, even with one item.

use std::sync::LazyLock;

use regex::Regex;
use serde_json::Value;

use super::header::{Field, Meta, has_field};
use super::{Draft, Item, Parsed, Skip, SkipReason};

/// serde_json's messages end in " at line L column C"; the reason carries
/// the position itself (the file's line for JSON Lines), so drop it.
static POSITION_SUFFIX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s+at line \d+ column \d+$").expect("valid regex"));

fn malformed(e: &serde_json::Error, line: usize) -> SkipReason {
    SkipReason::MalformedJson {
        line,
        column: e.column(),
        message: POSITION_SUFFIX.replace(&e.to_string(), "").into_owned(),
    }
}

/// A `.json` file. The whole file must be valid JSON: an error is reported
/// with its line and column and nothing is indexed from it.
pub fn parse_json(rel_path: &str, text: &str, out: &mut Parsed) -> Result<Vec<Item>, SkipReason> {
    let value: Value = serde_json::from_str(text).map_err(|e| malformed(&e, e.line()))?;
    match value {
        Value::Object(map) => {
            let draft = draft_from(&map)?;
            Ok(vec![Item {
                fragment: None,
                draft,
            }])
        }
        Value::Array(items) => {
            let mut found = Vec::new();
            for (i, item) in items.iter().enumerate() {
                let n = i + 1;
                let result = match item {
                    Value::Object(map) => draft_from(map),
                    _ => Err(SkipReason::NotAnArticle(format!(
                        "array item {n} is not a JSON object"
                    ))),
                };
                match result {
                    Ok(draft) => found.push(Item {
                        fragment: Some(n.to_string()),
                        draft,
                    }),
                    Err(reason) => out.skipped.push(Skip {
                        path: format!("{rel_path}#{n}"),
                        reason,
                    }),
                }
            }
            Ok(found)
        }
        _ => Err(SkipReason::NotAnArticle(
            "the JSON value is neither an object nor an array of objects".to_string(),
        )),
    }
}

/// A JSON Lines file: each non-blank line is one item; a bad line is a
/// `path#N` skip carrying its line number in the file.
pub fn parse_jsonl(rel_path: &str, text: &str, out: &mut Parsed) -> Vec<Item> {
    let mut found = Vec::new();
    let mut n = 0;
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        n += 1;
        let line_no = i + 1;
        let result = match serde_json::from_str::<Value>(line) {
            Err(e) => Err(malformed(&e, line_no)),
            Ok(Value::Object(map)) => draft_from(&map),
            Ok(_) => Err(SkipReason::NotAnArticle(format!(
                "line {line_no} is not a JSON object"
            ))),
        };
        match result {
            Ok(draft) => found.push(Item {
                fragment: Some(n.to_string()),
                draft,
            }),
            Err(reason) => out.skipped.push(Skip {
                path: format!("{rel_path}#{n}"),
                reason,
            }),
        }
    }
    found
}

/// An object's metadata and body. No body key means it is not an article
/// (this is how `MANIFEST.json`-like files are told apart); a body that is
/// empty is a skip too, since there is nothing to search.
fn draft_from(map: &serde_json::Map<String, Value>) -> Result<Draft, SkipReason> {
    // Checked before the field types: an object that is not an article at
    // all should say so, not complain about its `title`.
    if !has_field(map, Field::Body) {
        return Err(SkipReason::NotAnArticle(
            "no body/text/content key".to_string(),
        ));
    }
    let mut meta = Meta::from_map(map)?;
    let body = meta.body.take().unwrap_or_default();
    let body = super::encoding::normalise_newlines(&body)
        .trim()
        .to_string();
    if body.is_empty() {
        return Err(SkipReason::NotAnArticle("empty body".to_string()));
    }
    Ok(Draft {
        meta,
        body,
        ..Draft::default()
    })
}
