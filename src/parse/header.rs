//! The metadata key table and the places it is read from: JSON objects,
//! YAML (`---`) or TOML (`+++`) front matter, and `Key: value` header lines.
//!
//! Every source is first turned into a `serde_json` map, so the key aliases,
//! case-insensitivity and type rules live in one function
//! (`Meta::from_map`) instead of three. Front matter errors carry a
//! line/column in the whole file, so the user can open it at the fault.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;
use serde_json::{Map, Value};

use super::SkipReason;
use super::clean::{normalize_space, split_names, split_tags};

/// The fields of the metadata table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Title,
    Authors,
    Desk,
    Date,
    Body,
    Tags,
    Url,
    Lang,
}

/// The table, in priority order: where one object holds two aliases of a
/// field (`title` and `headline`), the earlier one wins.
const KEYS: &[(Field, &[&str])] = &[
    (Field::Title, &["title", "headline"]),
    (Field::Authors, &["author", "authors", "byline", "by"]),
    (Field::Desk, &["desk", "section", "category"]),
    (
        Field::Date,
        &["date", "published", "published_at", "pubdate"],
    ),
    (Field::Body, &["body", "text", "content"]),
    (Field::Tags, &["tags", "keywords"]),
    (Field::Url, &["url", "link", "canonical"]),
    (Field::Lang, &["lang", "language", "inlanguage"]),
];

/// The field a key names, matched case-insensitively.
pub fn field_for_key(key: &str) -> Option<Field> {
    let key = key.trim().to_lowercase();
    KEYS.iter()
        .find(|(_, aliases)| aliases.contains(&key.as_str()))
        .map(|(f, _)| *f)
}

/// True when `map` has a non-null value under any alias of `field`.
pub fn has_field(map: &Map<String, Value>, field: Field) -> bool {
    map.iter()
        .any(|(k, v)| !v.is_null() && field_for_key(k) == Some(field))
}

/// Metadata as read from one source, before the resolution rules run.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Meta {
    pub title: Option<String>,
    pub authors: Vec<String>,
    pub desk: Option<String>,
    /// As written: it is parsed (and warned about) when dates are resolved.
    pub date: Option<String>,
    pub tags: Vec<String>,
    pub url: Option<String>,
    /// The language the file states (`lang`, `<html lang>`, `xml:lang`,
    /// …), as written: `lang::resolve` weighs it against detection.
    pub lang: Option<String>,
    /// Only JSON has body keys; `None` means no body key was present.
    pub body: Option<String>,
    /// Values of the wrong type that were read anyway (`"title": 42`), for
    /// the run's warnings: indexed, but the export deserves a look.
    pub coerced: Vec<String>,
}

impl Meta {
    /// Reads the table's keys from a map (case-insensitive; unknown keys
    /// ignored; `null` counts as absent). Types are checked here: scalars
    /// are coerced to text where that reads naturally (a numeric title or
    /// tag, a numeric `date: 2024`); a metadata field of a type that cannot
    /// be read (a name that is a number, an object) is left out with a
    /// warning, never guessed — and never costs the article. Only a body
    /// that is not text makes the item a `BadField` skip.
    pub fn from_map(map: &Map<String, Value>) -> Result<Meta, SkipReason> {
        let mut lower: HashMap<String, (&str, &Value)> = HashMap::new();
        for (k, v) in map {
            lower.entry(k.to_lowercase()).or_insert((k.as_str(), v));
        }
        let find = |field: Field| -> Option<(&str, &Value)> {
            let aliases = KEYS
                .iter()
                .find(|(f, _)| *f == field)
                .map_or(&[][..], |(_, a)| a);
            aliases
                .iter()
                .filter_map(|a| lower.get(*a))
                .find(|(_, v)| !v.is_null())
                .copied()
        };

        let mut meta = Meta::default();
        for field in [Field::Title, Field::Desk, Field::Url, Field::Lang] {
            if let Some((key, Value::Number(n))) = find(field) {
                meta.coerced
                    .push(format!("`{key}` is a number ({n}); indexed as text"));
            }
        }
        if let Some((key, v)) = find(Field::Title) {
            meta.title = meta.keep(scalar_text(key, v)).filter(|t| !t.is_empty());
        }
        if let Some((key, v)) = find(Field::Authors) {
            let authors = match v {
                Value::String(s) => Ok(split_names(s)),
                Value::Array(items) => (items.iter())
                    .filter(|i| !i.is_null())
                    .map(|i| match i {
                        Value::String(s) => Ok(normalize_space(s)),
                        other => Err(bad(key, "a list of names", other)),
                    })
                    .collect::<Result<Vec<_>, _>>(),
                other => Err(bad(key, "a name or a list of names", other)),
            };
            meta.authors = (meta.keep(authors).into_iter().flatten())
                .filter(|n| !n.is_empty())
                .collect();
        }
        if let Some((key, v)) = find(Field::Desk) {
            meta.desk = meta.keep(scalar_text(key, v)).filter(|t| !t.is_empty());
        }
        if let Some((_, v)) = find(Field::Date) {
            // Any type is kept as text: a wrong one fails to parse and becomes
            // a warning with a fallback, as an unparseable string does.
            meta.date = Some(match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            });
        }
        if let Some((key, v)) = find(Field::Body) {
            // Without a readable body there is no article: this one stays a skip.
            meta.body = Some(match v {
                Value::String(s) => s.clone(),
                other => return Err(bad(key, "a string", other)),
            });
        }
        if let Some((key, v)) = find(Field::Tags) {
            let tags = match v {
                Value::String(s) => Ok(split_tags(s)),
                Value::Array(items) => (items.iter())
                    .filter(|i| !i.is_null())
                    .map(|i| scalar_text(key, i))
                    .collect::<Result<Vec<_>, _>>(),
                other => Err(bad(key, "a list or a comma-separated string", other)),
            };
            meta.tags = (meta.keep(tags).into_iter().flatten())
                .filter(|t| !t.is_empty())
                .collect();
        }
        if let Some((key, v)) = find(Field::Url) {
            meta.url = meta.keep(scalar_text(key, v)).filter(|t| !t.is_empty());
        }
        if let Some((key, v)) = find(Field::Lang) {
            meta.lang = meta.keep(scalar_text(key, v)).filter(|t| !t.is_empty());
        }
        Ok(meta)
    }

    /// A metadata value, or — when its type cannot be read — nothing, with a
    /// warning: a broken field costs the field, never the article.
    fn keep<T>(&mut self, value: Result<T, SkipReason>) -> Option<T> {
        value
            .map_err(|e| self.coerced.push(format!("{e}; the field is ignored")))
            .ok()
    }
}

/// A string, or a number written as one (`"title": 2024`).
fn scalar_text(key: &str, v: &Value) -> Result<String, SkipReason> {
    match v {
        Value::String(s) => Ok(normalize_space(s)),
        Value::Number(n) => Ok(n.to_string()),
        other => Err(bad(key, "a string", other)),
    }
}

fn bad(key: &str, expected: &str, found: &Value) -> SkipReason {
    let found = match found {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    };
    SkipReason::BadField {
        key: key.to_string(),
        message: format!("expected {expected}, found {found}"),
    }
}

/// One `Key: value` line of a plain-text header.
static HEADER_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([A-Za-z_]+)[ \t]*:[ \t]*(.*)$").expect("valid regex"));

/// A `Key: value` header at the very top of a plain-text file (after any
/// blank lines): consecutive lines that are all known keys (body keys are
/// not header keys), ended by a blank line or the end of the file. Returns
/// the metadata and the text after the header. If any line of the first
/// block is not a known `Key: value`, there is no header — a title such as
/// `Breaking: markets fall` must stay a title.
pub fn key_value_header(text: &str) -> Option<(Meta, &str)> {
    let mut meta = Meta::default();
    let mut offset = 0;
    let mut seen_any = false;
    for line in text.split_inclusive('\n') {
        let content = line.trim();
        offset += line.len();
        if content.is_empty() {
            if seen_any {
                break;
            }
            continue;
        }
        let caps = HEADER_LINE.captures(content)?;
        let key = caps.get(1)?.as_str();
        let value = caps.get(2).map_or("", |m| m.as_str()).trim();
        match field_for_key(key)? {
            Field::Title => set_once(&mut meta.title, value),
            Field::Authors => meta.authors.extend(split_names(value)),
            Field::Desk => set_once(&mut meta.desk, value),
            Field::Date => set_once(&mut meta.date, value),
            Field::Tags => meta.tags.extend(split_tags(value)),
            Field::Url => set_once(&mut meta.url, value),
            Field::Lang => set_once(&mut meta.lang, value),
            Field::Body => return None,
        }
        seen_any = true;
    }
    seen_any.then(|| (meta, text.get(offset..).unwrap_or("")))
}

/// The first value of a repeated scalar key wins; empty values are absent.
fn set_once(slot: &mut Option<String>, value: &str) {
    let value = normalize_space(value);
    if slot.is_none() && !value.is_empty() {
        *slot = Some(value);
    }
}

/// Front matter at the very start of a file: YAML between `---` lines (or
/// `---` … `...`), TOML between `+++` lines. `Ok(None)` when there is none;
/// an unclosed block or a syntax error is `MalformedFrontMatter`, with a
/// position in the whole file.
pub fn front_matter(text: &str) -> Result<Option<(Meta, &str)>, SkipReason> {
    let mut lines = text.split_inclusive('\n');
    let Some(first) = lines.next() else {
        return Ok(None);
    };
    let (yaml, closers): (bool, &[&str]) = match first.trim_end() {
        "---" => (true, &["---", "..."]),
        "+++" => (false, &["+++"]),
        _ => return Ok(None),
    };
    let start = first.len();
    let mut offset = start;
    let mut close = None;
    for line in lines {
        if closers.contains(&line.trim_end()) {
            close = Some((offset, offset + line.len()));
            break;
        }
        offset += line.len();
    }
    let Some((fm_end, rest_start)) = close else {
        return Err(SkipReason::MalformedFrontMatter {
            line: 1,
            column: 1,
            message: format!(
                "front matter opened with `{}` is never closed",
                first.trim_end()
            ),
        });
    };
    let fm = text.get(start..fm_end).unwrap_or("");
    let rest = text.get(rest_start..).unwrap_or("");
    let map = if yaml { yaml_map(fm)? } else { toml_map(fm)? };
    let mut meta = Meta::from_map(&map)?;
    // Outside JSON the body is what follows the header, never a key.
    meta.body = None;
    Ok(Some((meta, rest)))
}

/// libyaml's messages name positions inside the front matter ("while
/// parsing a flow sequence at line 1 column 8"); shift them to file lines
/// so they agree with the reported position.
fn shift_positions(message: &str) -> String {
    static POSITION: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"at line (\d+) column (\d+)").expect("valid regex"));
    POSITION
        .replace_all(message, |c: &regex::Captures| {
            let group = |i| c.get(i).map_or("", |m| m.as_str());
            let line = group(1).parse::<usize>().map_or(0, |l| l.saturating_add(1));
            format!("at line {line} column {}", group(2))
        })
        .into_owned()
}

/// Deeper flow nesting than serde_yaml_ng's own recursion limit fails
/// anyway, but libyaml's scanner is quadratic in it (200k `[` take a
/// minute), so such input is refused before it reaches the parser.
const MAX_FLOW_DEPTH: usize = 128;

fn check_flow_depth(fm: &str) -> Result<(), SkipReason> {
    let mut depth = 0usize;
    for (i, c) in fm.char_indices() {
        match c {
            '[' | '{' => depth += 1,
            ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth > MAX_FLOW_DEPTH {
            let (line, column) = line_col(fm, i);
            return Err(SkipReason::MalformedFrontMatter {
                line: line + 1,
                column,
                message: format!("nested deeper than {MAX_FLOW_DEPTH} levels"),
            });
        }
    }
    Ok(())
}

fn yaml_map(fm: &str) -> Result<Map<String, Value>, SkipReason> {
    check_flow_depth(fm)?;
    let value: serde_yaml_ng::Value = serde_yaml_ng::from_str(fm).map_err(|e| {
        let (line, column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
        SkipReason::MalformedFrontMatter {
            // +1: the opening `---` line.
            line: line + 1,
            column,
            message: shift_positions(&e.to_string()),
        }
    })?;
    match yaml_to_json(value) {
        Value::Object(map) => Ok(map),
        Value::Null => Ok(Map::new()),
        _ => Err(SkipReason::MalformedFrontMatter {
            line: 2,
            column: 1,
            message: "front matter is not a mapping of keys to values".to_string(),
        }),
    }
}

fn toml_map(fm: &str) -> Result<Map<String, Value>, SkipReason> {
    let table: toml::Table = toml::from_str(fm).map_err(|e| {
        let (line, column) = e.span().map_or((1, 1), |s| line_col(fm, s.start));
        SkipReason::MalformedFrontMatter {
            line: line + 1,
            column,
            message: e.message().trim().to_string(),
        }
    })?;
    Ok(table
        .into_iter()
        .map(|(k, v)| (k, toml_to_json(v)))
        .collect())
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut line = 1;
    let mut column = 1;
    for (i, c) in text.char_indices() {
        if i >= offset {
            break;
        }
        if c == '\n' {
            line += 1;
            column = 1;
        } else {
            column += 1;
        }
    }
    (line, column)
}

/// YAML values as JSON values. Non-string keys become their text (`2024:`);
/// tags (`!custom`) are dropped in favour of the tagged value.
fn yaml_to_json(v: serde_yaml_ng::Value) -> Value {
    use serde_yaml_ng::Value as Y;
    match v {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                n.as_f64()
                    .and_then(serde_json::Number::from_f64)
                    .map_or_else(|| Value::String(n.to_string()), Value::Number)
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(items.into_iter().map(yaml_to_json).collect()),
        Y::Mapping(m) => Value::Object(
            m.into_iter()
                .filter_map(|(k, v)| {
                    let key = match k {
                        Y::String(s) => s,
                        Y::Number(n) => n.to_string(),
                        Y::Bool(b) => b.to_string(),
                        _ => return None,
                    };
                    Some((key, yaml_to_json(v)))
                })
                .collect(),
        ),
        Y::Tagged(t) => yaml_to_json(t.value),
    }
}

/// TOML values as JSON values; a TOML datetime becomes its text
/// (`2024-12-10`, `2024-06-24T23:30:00-05:00`), which `parse_date` reads.
fn toml_to_json(v: toml::Value) -> Value {
    use toml::Value as T;
    match v {
        T::String(s) => Value::String(s),
        T::Integer(i) => Value::from(i),
        T::Float(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        T::Boolean(b) => Value::Bool(b),
        T::Datetime(d) => Value::String(d.to_string()),
        T::Array(items) => Value::Array(items.into_iter().map(toml_to_json).collect()),
        T::Table(t) => Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect()),
    }
}

#[cfg(test)]
#[path = "header_tests.rs"]
mod tests;
