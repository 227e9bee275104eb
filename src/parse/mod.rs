//! Pure parsers: a file's relative path and bytes in, articles (or the reason
//! the file is not one) out. No IO happens here; the indexer owns the files.
//!
//! `format` decides a file's format once (by name, else by its first bytes)
//! and hands it to that format's reader; every format shares the metadata
//! key table, the date rules and the text clean-up in the submodules:
//!
//! - `format`: the decision, and what follows from it (streaming, the
//!   size limit, the reader); its `sniff` looks at the first bytes;
//! - `encoding`: bytes to text (BOMs, UTF-16, Windows-1252), binary checks;
//! - `header`: the metadata key table, front matter, `Key: value` headers;
//! - `text`, `markdown`, `json`, `xml`, `html`, `warc`, `pdf`, `office`
//!   (Word, LibreOffice, RTF), `mail`: one module per format, each
//!   producing `Draft`s (metadata, body, bio);
//! - `document`: a PDF as its article, and the text OCR read of scans
//!   (handed in by the indexer, which runs OCR);
//! - `date`: date forms and the path/dateline/text finders;
//! - `clean`: whitespace, names, desks, file names.
//!
//! `finish` then applies what every format shares: the file stem as the
//! title of last resort, whitespace clean-up of titles and names, and the
//! date resolution order.

use crate::article::{Article, DateSource};

mod clean;
pub mod date;
mod document;
mod encoding;
mod format;
mod header;
mod html;
mod json;
mod mail;
mod markdown;
mod office;
mod outcome;
mod pdf;
mod text;
mod warc;
mod warc_http;
mod xml;

use document::parse_pdf_into;
pub use document::{Scans, parse_image, parse_scanned};
pub use format::{size_limit, streams};
pub use html::is_saved_page_assets;
pub use outcome::{
    DEFAULT_EARLIEST_YEAR, ParseOptions, Parsed, ParsedArticle, Skip, SkipReason, Warning,
};

use format::Format;
use header::Meta;

/// Bumped whenever a change here can change an article parsed from the same
/// bytes; the indexer then re-parses every file once.
pub const PARSER_VERSION: u32 = 14;

/// Files above this size that hold one article are skipped (a scraped page
/// is a few kB; a multi-megabyte `.txt` is a dump, not an article).
pub const MAX_ARTICLE_FILE_BYTES: u64 = 32 * 1024 * 1024;
/// JSON and JSON Lines exports hold many articles and may be much larger.
pub const MAX_EXPORT_FILE_BYTES: u64 = 2 * 1024 * 1024 * 1024;
/// Documents (PDF): print editions run to hundreds of megabytes.
pub const MAX_DOCUMENT_FILE_BYTES: u64 = 512 * 1024 * 1024;

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
/// one article; the item number, or a WordPress post id) and its draft.
pub(crate) struct Item {
    pub(crate) fragment: Option<String>,
    pub(crate) draft: Draft,
}

/// What a streaming reader (a WordPress export, a WARC crawl) hands over,
/// one at a time, so that a file far larger than memory is read in bounded
/// memory. Readers have the shape
/// `fn read(rel_path: &str, input: &mut dyn BufRead, emit: &mut dyn FnMut(Event)) -> Result<(), SkipReason>`.
pub(crate) enum Event {
    Item(Box<Item>),
    Skip(Skip),
    Warning(Warning),
    /// A warning that counts `items` records or items that were not
    /// articles, rather than listing them one by one
    /// (`Parsed::items_skipped`).
    NotArticles {
        warning: Warning,
        items: u64,
    },
    /// A mail message, with the attachments listed on it.
    Mail(Box<mail::Mail>),
    /// A mail attachment atlas reads: parsed here, through the same format
    /// seam as a file, under the mail file's path.
    Attachment(Box<mail::attach::Readable>),
}

/// `rel_path` is `/`-separated and relative to the corpus root.
pub fn parse(rel_path: &str, bytes: &[u8]) -> Parsed {
    parse_with(rel_path, bytes, &ParseOptions::default())
}

/// `parse` with the date bounds of the article's `atlas.toml` and the day
/// of indexing.
pub fn parse_with(rel_path: &str, bytes: &[u8], opts: &ParseOptions) -> Parsed {
    let mut out = Parsed::default();
    if let Err(reason) = format::parse_into(rel_path, bytes, opts, &mut out) {
        out.skipped.push(Skip {
            path: rel_path.to_string(),
            reason,
        });
    }
    out
}

/// A file whose format was only guessed from its first bytes, and that is
/// not that format after all: read as plain text (SPEC "Nothing is lost to
/// a guess"), with a warning naming what failed — if its bytes are text.
fn as_text_instead(
    rel_path: &str,
    bytes: &[u8],
    looked_like: &str,
    error: &SkipReason,
    opts: &ParseOptions,
    out: &mut Parsed,
) -> Result<(), SkipReason> {
    if let Some(kind) = encoding::binary_kind(bytes) {
        return Err(SkipReason::Binary(kind));
    }
    out.warnings.push(Warning {
        path: rel_path.to_string(),
        message: format!("looked like {looked_like} but is not ({error}); read as plain text"),
    });
    parse_text_formats(rel_path, bytes, Format::Text, false, opts, out)
}

/// Streams a newsroom XML file (WXR, NITF, NewsML-G2) or a web archive
/// from a reader in bounded memory: `on` gets one article, skip or warning
/// at a time (each as a small `Parsed`). For the indexer to read exports
/// and crawls bigger than memory.
pub fn read_stream(
    rel_path: &str,
    input: &mut dyn std::io::BufRead,
    opts: &ParseOptions,
    on: &mut dyn FnMut(Parsed),
) -> Result<(), SkipReason> {
    format::stream_reader(rel_path)(rel_path, input, &mut |event| {
        let mut one = Parsed::default();
        take_event(rel_path, event, opts, &mut one);
        on(one);
    })
}

/// The formats read as one decoded text; `sniffed`: the format is a guess
/// from the first bytes, and text if the guess is wrong.
fn parse_text_formats(
    rel_path: &str,
    bytes: &[u8],
    format: Format,
    sniffed: bool,
    opts: &ParseOptions,
    out: &mut Parsed,
) -> Result<(), SkipReason> {
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
        }],
        Format::Markdown => vec![Item {
            fragment: None,
            draft: markdown::parse_markdown(&text)?,
        }],
        Format::Json => match json::parse_json(rel_path, &text, out) {
            Err(e) if sniffed => {
                return as_text_instead(rel_path, bytes, "JSON", &e, opts, out);
            }
            result => result?,
        },
        Format::JsonLines => {
            let mut attempt = Parsed::default();
            let items = json::parse_jsonl(rel_path, &text, &mut attempt);
            // Sniffed JSON Lines of which no line is JSON are text.
            let not_json = |s: &Skip| matches!(s.reason, SkipReason::MalformedJson { .. });
            match attempt.skipped.first() {
                Some(first)
                    if items.is_empty() && sniffed && attempt.skipped.iter().all(not_json) =>
                {
                    let e = first.reason.clone();
                    return as_text_instead(rel_path, bytes, "JSON Lines", &e, opts, out);
                }
                _ => {}
            }
            out.append(attempt);
            items
        }
        Format::Xml
        | Format::Html
        | Format::Warc
        | Format::Pdf
        | Format::Docx
        | Format::Odt
        | Format::Rtf
        | Format::Eml
        | Format::Mbox => Vec::new(),
    };
    for item in items {
        push_item(rel_path, item, opts, out);
    }
    Ok(())
}

/// The shape of a streaming reader (see [`Event`]).
pub(crate) type Reader =
    fn(&str, &mut dyn std::io::BufRead, &mut dyn FnMut(Event)) -> Result<(), SkipReason>;

/// Runs a streaming reader over a file already in memory, gathering what it
/// emits into `out`.
pub(crate) fn read_events(
    rel_path: &str,
    bytes: &[u8],
    read: Reader,
    opts: &ParseOptions,
    out: &mut Parsed,
) -> Result<(), SkipReason> {
    let mut input = bytes;
    read(rel_path, &mut input, &mut |event| {
        take_event(rel_path, event, opts, out)
    })
}

/// What a streaming reader emitted, added to `out`.
fn take_event(rel_path: &str, event: Event, opts: &ParseOptions, out: &mut Parsed) {
    match event {
        Event::Item(item) => push_item(rel_path, *item, opts, out),
        Event::Skip(skip) => out.skipped.push(skip),
        Event::Warning(warning) => out.warnings.push(warning),
        Event::NotArticles { warning, items } => {
            out.warnings.push(warning);
            out.items_skipped += items;
        }
        Event::Mail(mail) => {
            let mail::Mail { item, listed } = *mail;
            push_item(rel_path, item, opts, out);
            if let Some(last) = out.articles.last_mut() {
                last.article.attachments = listed;
            }
        }
        Event::Attachment(attachment) => {
            mail::read_attachment(rel_path, *attachment, opts, out);
        }
    }
}

/// One item becomes an article: its id and the shared rules of `finish`.
fn push_item(rel_path: &str, item: Item, opts: &ParseOptions, out: &mut Parsed) {
    let id = match &item.fragment {
        Some(fragment) => format!("{rel_path}#{fragment}"),
        None => rel_path.to_string(),
    };
    let article = finish(id, rel_path, item.draft, opts, &mut out.warnings);
    out.articles.push(ParsedArticle { article });
}

/// A body in NFC without control characters (SPEC), copied only when either
/// step changes it: the body is the largest string of every article.
fn cleaned(text: String) -> String {
    // NFC first: a decomposed `ä` is one character everywhere after.
    let text = match crate::lang::nfc(&text) {
        std::borrow::Cow::Owned(composed) => Some(composed),
        std::borrow::Cow::Borrowed(_) => None,
    }
    .unwrap_or(text);
    match clean::strip_controls(&text) {
        std::borrow::Cow::Owned(stripped) => Some(stripped),
        std::borrow::Cow::Borrowed(_) => None,
    }
    .unwrap_or(text)
}

/// The rules every format shares: title fallback and clean-up, names, tags,
/// and the date resolution order.
fn finish(
    id: String,
    rel_path: &str,
    draft: Draft,
    opts: &ParseOptions,
    warnings: &mut Vec<Warning>,
) -> Article {
    let Draft {
        meta,
        body,
        bio,
        date_hint,
    } = draft;
    let body = cleaned(body);
    let bio = bio.map(cleaned);
    let line = |s: &str| clean::normalize_space(&clean::strip_controls(&crate::lang::nfc(s)));
    warnings.extend(meta.coerced.iter().map(|message| Warning {
        path: id.clone(),
        message: message.clone(),
    }));
    let title = meta
        .title
        .as_deref()
        .map(line)
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| line(&clean::file_stem(rel_path)));
    let (date, date_source) = match (date_hint, meta.date.as_deref()) {
        (Some((d, source)), None) => (Some(d), Some(source)),
        _ => resolve_date(meta.date.as_deref(), rel_path, &body, &id, opts, warnings),
    };
    let lang = language(&id, &title, &body, meta.lang.as_deref(), opts, warnings);
    Article {
        path: rel_path.to_string(),
        title,
        authors: dedup(meta.authors.iter().map(|a| line(a))),
        desk: meta.desk.as_deref().map(line).filter(|d| !d.is_empty()),
        date,
        date_source,
        body: body.trim().to_string(),
        bio: bio.filter(|b| !b.trim().is_empty()),
        tags: dedup(meta.tags.iter().map(|t| line(t))),
        url: meta.url.as_deref().map(line).filter(|u| !u.is_empty()),
        id,
        lang: Some(lang),
        attachments: Vec::new(),
        indexed_at: None,
        page_starts: Vec::new(),
        ocr: false,
    }
}

/// The article's language in SPEC's order; a reliable detection that
/// contradicts what the file states wins, with a warning (templates state
/// `en` on every page).
fn language(
    id: &str,
    title: &str,
    body: &str,
    stated: Option<&str>,
    opts: &ParseOptions,
    warnings: &mut Vec<Warning>,
) -> String {
    let rule = opts.language;
    let fixed = rule.fixed.as_ref().map(crate::lang::Code::as_str);
    let resolved = crate::lang::resolve(fixed, title, body, stated, rule.default.as_str());
    if let Some(stated) = resolved.overrode {
        warnings.push(Warning {
            path: id.to_string(),
            message: format!(
                "the file states language `{stated}`, its text is `{}`: indexed as `{}`",
                resolved.code, resolved.code
            ),
        });
    }
    resolved.code
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
    opts: &ParseOptions,
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
        .or_else(|| date::dateline_date(body, opts).map(|d| (d, DateSource::Dateline)))
        .or_else(|| date::latest_text_date(body, opts).map(|d| (d, DateSource::Text)));
    match found {
        Some((d, source)) => (Some(d), Some(source)),
        None => (None, None),
    }
}
