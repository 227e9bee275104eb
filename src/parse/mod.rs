//! Pure parsers: a file's relative path and bytes in, articles (or the reason
//! the file is not one) out. No IO happens here; the indexer owns the files.
//!
//! `parse` picks the format by extension; every format shares the metadata
//! key table, the date rules and the text clean-up in the submodules:
//!
//! - `encoding`: bytes to text (BOMs, UTF-16, Windows-1252), binary checks;
//! - `header`: the metadata key table, front matter, `Key: value` headers;
//! - `text`, `markdown`, `json`: one module per format, each producing a
//!   `Draft` (metadata, body, bio);
//! - `date`: date forms and the path/dateline/text finders;
//! - `clean`: whitespace, names, desks, file names.
//!
//! The checks run cheapest and most telling first: size, emptiness, binary
//! content (so `photo.png` says "binary", not "unsupported"), extension,
//! decoding, then the format's own parser. `finish` then applies what every
//! format shares: the file stem as the title of last resort, whitespace
//! clean-up of titles and names, and the date resolution order.

use crate::article::{Article, DateSource};

mod clean;
pub mod date;
mod encoding;
mod header;
mod html;
mod json;
mod markdown;
mod text;
mod warc;
mod warc_http;

pub use html::is_saved_page_assets;

use header::Meta;

/// Bumped whenever a change here can change an article parsed from the same
/// bytes; the indexer then re-parses every file once.
pub const PARSER_VERSION: u32 = 1;

/// Files above this size that hold one article are skipped (a scraped page
/// is a few kB; a multi-megabyte `.txt` is a dump, not an article).
pub const MAX_ARTICLE_FILE_BYTES: u64 = 32 * 1024 * 1024;
/// JSON and JSON Lines exports hold many articles and may be much larger.
pub const MAX_EXPORT_FILE_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// The size limit for a file at `rel_path` (by its extension).
pub fn size_limit(rel_path: &str) -> u64 {
    if let Some(limit) = html::size_limit(rel_path) {
        return limit;
    }
    match Format::from_path(rel_path) {
        Ok(Format::Json | Format::JsonLines) => MAX_EXPORT_FILE_BYTES,
        _ => MAX_ARTICLE_FILE_BYTES,
    }
}

/// What one file yields.
#[derive(Debug, Default)]
pub struct Parsed {
    pub articles: Vec<ParsedArticle>,
    /// Whole files or single items (`path#N`) that are not articles.
    pub skipped: Vec<Skip>,
    /// Indexed anyway, but worth telling the user (e.g. Windows-1252 decoding).
    pub warnings: Vec<Warning>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ParsedArticle {
    pub article: Article,
    /// Hex content hash of the bytes this article came from (the whole file,
    /// or the item's own JSON text) mixed with `PARSER_VERSION`; the indexer
    /// re-adds an article only when it changes.
    pub hash: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Skip {
    /// The file's relative path, or `path#N` for one item.
    pub path: String,
    pub reason: SkipReason,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Warning {
    pub path: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SkipReason {
    #[error("empty file")]
    Empty,
    #[error("binary file (contains NUL bytes)")]
    Binary,
    #[error("file too large ({size} bytes; limit {limit})")]
    TooLarge { size: u64, limit: u64 },
    #[error("malformed JSON at line {line}, column {column}: {message}")]
    MalformedJson {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("malformed front matter at line {line}, column {column}: {message}")]
    MalformedFrontMatter {
        line: usize,
        column: usize,
        message: String,
    },
    /// A web page with no article body: a home page, section front,
    /// listing or login wall.
    #[error("not an article page")]
    NotArticlePage,
    /// A compressed file (`.html.gz`, a WARC member) that inflates past the
    /// bound, or that is not valid compressed data.
    #[error("bad compressed data: {0}")]
    BadCompression(String),
    #[error("not an article: {0}")]
    NotAnArticle(String),
    /// `.png`, `.pdf`, `.html`…: the extension, lowercase, without the dot.
    #[error("unsupported file type `.{0}`")]
    UnsupportedExtension(String),
    /// A metadata key whose value has a type that cannot be read sensibly
    /// (`"authors": 42`).
    #[error("bad `{key}` value: {message}")]
    BadField { key: String, message: String },
}

/// The formats `parse` knows, by extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Markdown,
    Json,
    JsonLines,
}

impl Format {
    /// `.txt` and extension-less files are text; anything else unknown is
    /// `Err(extension)`.
    fn from_path(rel_path: &str) -> Result<Format, String> {
        match clean::extension(rel_path).as_deref() {
            None | Some("txt") => Ok(Format::Text),
            Some("md" | "markdown") => Ok(Format::Markdown),
            Some("json") => Ok(Format::Json),
            Some("jsonl" | "ndjson") => Ok(Format::JsonLines),
            Some(other) => Err(other.to_string()),
        }
    }
}

/// What a format parser hands back before the shared rules (title
/// fallback, date resolution, whitespace clean-up) run.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Draft {
    meta: Meta,
    body: String,
    bio: Option<String>,
    /// A date the format already resolved with its source (a web page's
    /// visible date, a date in its URL); used when `meta.date` is empty.
    date_hint: Option<(chrono::NaiveDate, DateSource)>,
}

/// One article-to-be: what follows `#` in its id (`None` for a file holding
/// one article; the item number, or a WordPress post id), its draft, and the
/// bytes its content hash covers (`None`: the whole file).
pub(crate) struct Item {
    pub(crate) fragment: Option<String>,
    pub(crate) draft: Draft,
    pub(crate) source: Option<Vec<u8>>,
}

/// What a streaming reader (a WordPress export, a WARC crawl) hands over,
/// one at a time, so that a file far larger than memory is read in bounded
/// memory. Readers have the shape
/// `fn read(rel_path: &str, input: &mut dyn BufRead, emit: &mut dyn FnMut(Event)) -> Result<(), SkipReason>`.
#[allow(dead_code)] // the streaming readers land with the XML and WARC formats
pub(crate) enum Event {
    Item(Box<Item>),
    Skip(Skip),
    Warning(Warning),
}

/// `rel_path` is `/`-separated and relative to the corpus root.
pub fn parse(rel_path: &str, bytes: &[u8]) -> Parsed {
    let mut out = Parsed::default();
    if let Err(reason) = parse_into(rel_path, bytes, &mut out) {
        out.skipped.push(Skip {
            path: rel_path.to_string(),
            reason,
        });
    }
    out
}

fn parse_into(rel_path: &str, bytes: &[u8], out: &mut Parsed) -> Result<(), SkipReason> {
    // Web formats first: `.html.gz`/`.warc.gz` open with gzip magic and WARCs
    // hold image records, which the generic binary check would reject.
    if let Some(result) = html::parse_web(rel_path, bytes, out) {
        return result;
    }
    let size = bytes.len() as u64;
    let limit = size_limit(rel_path);
    if size > limit {
        return Err(SkipReason::TooLarge { size, limit });
    }
    if bytes.is_empty() {
        return Err(SkipReason::Empty);
    }
    // Before the extension, so that `photo.png` is reported as binary.
    if encoding::is_binary(bytes) {
        return Err(SkipReason::Binary);
    }
    let format = Format::from_path(rel_path).map_err(SkipReason::UnsupportedExtension)?;
    let decoded = encoding::decode(bytes)?;
    if let Some(message) = decoded.warning {
        out.warnings.push(Warning {
            path: rel_path.to_string(),
            message,
        });
    }
    let text = decoded.text;
    if text.trim().is_empty() {
        return Err(SkipReason::Empty);
    }

    let items = match format {
        Format::Text => vec![Item {
            fragment: None,
            draft: text::parse_text(&text)?,
            source: None,
        }],
        Format::Markdown => vec![Item {
            fragment: None,
            draft: markdown::parse_markdown(&text)?,
            source: None,
        }],
        Format::Json => json::parse_json(rel_path, &text, out)?,
        Format::JsonLines => json::parse_jsonl(rel_path, &text, out),
    };
    for item in items {
        push_item(rel_path, bytes, item, out);
    }
    Ok(())
}

/// The shape of a streaming reader (see [`Event`]).
#[allow(dead_code)] // the streaming readers land with the XML and WARC formats
pub(crate) type Reader =
    fn(&str, &mut dyn std::io::BufRead, &mut dyn FnMut(Event)) -> Result<(), SkipReason>;

/// Runs a streaming reader over a file already in memory, gathering what it
/// emits into `out`.
#[allow(dead_code)] // the streaming readers land with the XML and WARC formats
pub(crate) fn read_events(
    rel_path: &str,
    bytes: &[u8],
    read: Reader,
    out: &mut Parsed,
) -> Result<(), SkipReason> {
    let mut input = bytes;
    read(rel_path, &mut input, &mut |event| match event {
        Event::Item(item) => push_item(rel_path, bytes, *item, out),
        Event::Skip(skip) => out.skipped.push(skip),
        Event::Warning(warning) => out.warnings.push(warning),
    })
}

/// One item becomes an article: its id, its content hash (of its own
/// source bytes, else of the whole file) and the shared rules of `finish`.
fn push_item(rel_path: &str, file_bytes: &[u8], item: Item, out: &mut Parsed) {
    let id = match &item.fragment {
        Some(fragment) => format!("{rel_path}#{fragment}"),
        None => rel_path.to_string(),
    };
    let hash = content_hash(item.source.as_deref().unwrap_or(file_bytes));
    let article = finish(id, rel_path, item.draft, &mut out.warnings);
    out.articles.push(ParsedArticle { article, hash });
}

/// blake3 of the article's source bytes and the parser version, as 32 hex
/// characters (128 bits is plenty to tell versions of one article apart).
fn content_hash(source: &[u8]) -> String {
    let mut hasher = blake3::Hasher::new();
    hasher.update(source);
    hasher.update(&PARSER_VERSION.to_le_bytes());
    let hex = hasher.finalize().to_hex();
    hex.as_str().chars().take(32).collect()
}

/// The rules every format shares: title fallback and clean-up, names, tags,
/// and the date resolution order.
fn finish(id: String, rel_path: &str, draft: Draft, warnings: &mut Vec<Warning>) -> Article {
    let Draft {
        meta,
        body,
        bio,
        date_hint,
    } = draft;
    let meta = clean::strip_controls_meta(meta);
    let body = clean::strip_controls(&body);
    let bio = bio.map(|b| clean::strip_controls(&b));
    warnings.extend(meta.coerced.iter().map(|message| Warning {
        path: id.clone(),
        message: message.clone(),
    }));
    let title = meta
        .title
        .as_deref()
        .map(clean::collapse_whitespace)
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| clean::collapse_whitespace(&clean::file_stem(rel_path)));
    let (date, date_source) = match (date_hint, meta.date.as_deref()) {
        (Some((d, source)), None) => (Some(d), Some(source)),
        _ => resolve_date(meta.date.as_deref(), rel_path, &body, &id, warnings),
    };
    Article {
        path: rel_path.to_string(),
        title,
        authors: dedup(meta.authors.iter().map(|a| clean::collapse_whitespace(a))),
        desk: meta
            .desk
            .as_deref()
            .map(clean::collapse_whitespace)
            .filter(|d| !d.is_empty()),
        date,
        date_source,
        body: body.trim().to_string(),
        bio: bio.filter(|b| !b.trim().is_empty()),
        tags: dedup(meta.tags.iter().map(|t| clean::collapse_whitespace(t))),
        url: meta
            .url
            .map(|u| u.trim().to_string())
            .filter(|u| !u.is_empty()),
        id,
    }
}

/// Non-empty values in order, without repeats (`["A", "A"]` is one author).
fn dedup(values: impl Iterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for v in values {
        if !v.is_empty() && !out.contains(&v) {
            out.push(v);
        }
    }
    out
}

/// explicit > path > dateline > text > none. An explicit date that does not
/// parse is reported and the next source is tried.
fn resolve_date(
    explicit: Option<&str>,
    rel_path: &str,
    body: &str,
    id: &str,
    warnings: &mut Vec<Warning>,
) -> (Option<chrono::NaiveDate>, Option<DateSource>) {
    if let Some(raw) = explicit.map(str::trim).filter(|r| !r.is_empty()) {
        match date::parse_date(raw) {
            Some(d) => return (Some(d.first_day()), Some(DateSource::Explicit)),
            None => warnings.push(Warning {
                path: id.to_string(),
                message: format!(
                    "unparseable date {raw:?} in the metadata; using the path, dateline or text instead"
                ),
            }),
        }
    }
    let found = date::path_date(rel_path)
        .map(|d| (d, DateSource::Path))
        .or_else(|| date::dateline_date(body).map(|d| (d, DateSource::Dateline)))
        .or_else(|| date::latest_text_date(body).map(|d| (d, DateSource::Text)));
    match found {
        Some((d, source)) => (Some(d), Some(source)),
        None => (None, None),
    }
}
