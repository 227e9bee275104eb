//! The unit atlas indexes and returns: one news article, as understood from a
//! file. Every parser produces `Article`s; the schema turns them into tantivy
//! documents; `show` and search hits turn stored documents back into them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Where an article's date came from, in the order the resolver tries them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateSource {
    /// A header, front matter or JSON key.
    Explicit,
    /// The file's path (`2024-06-24-slug.txt`, `2024/06/24/slug.txt`, `20240624`).
    Path,
    /// A date alone on the first line of the body.
    Dateline,
    /// The latest complete date mentioned in the body.
    Text,
}

impl DateSource {
    pub fn as_str(self) -> &'static str {
        match self {
            DateSource::Explicit => "explicit",
            DateSource::Path => "path",
            DateSource::Dateline => "dateline",
            DateSource::Text => "text",
        }
    }

    pub fn parse(s: &str) -> Option<DateSource> {
        match s {
            "explicit" => Some(DateSource::Explicit),
            "path" => Some(DateSource::Path),
            "dateline" => Some(DateSource::Dateline),
            "text" => Some(DateSource::Text),
            _ => None,
        }
    }
}

/// An attachment listed on a mail message, as `show` and search JSON give
/// it: `{"name": "photo.jpg", "type": "image/jpeg", "size": 48213}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    /// As the message names it (`part-K` when it names none).
    pub name: String,
    /// The MIME type, lowercase (`application/octet-stream` when unsaid).
    #[serde(rename = "type")]
    pub content_type: String,
    /// Bytes, decoded.
    pub size: u64,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Article {
    /// Path relative to the corpus root (`/`-separated), plus `#N` for the
    /// Nth item of a JSON array or JSON Lines file.
    pub id: String,
    /// The file's path relative to the corpus root.
    pub path: String,
    /// As written (curly quotes kept), with NBSPs turned into spaces and
    /// whitespace runs collapsed.
    pub title: String,
    /// Lead author first.
    pub authors: Vec<String>,
    pub desk: Option<String>,
    pub date: Option<NaiveDate>,
    pub date_source: Option<DateSource>,
    /// The searchable text, as written (NBSPs and curly quotes kept).
    pub body: String,
    /// The author card; stored, never searched.
    pub bio: Option<String>,
    pub tags: Vec<String>,
    pub url: Option<String>,
    /// ISO 639-1 (`de`), or `und`: decided when the article is parsed, in
    /// SPEC's order (`[language] fixed`, a reliable detection, what the
    /// file states, `[language] default`). Derived from what is hashed, so
    /// not part of the content hash (adding it moved no `indexed_at`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// A mail message's attachments that atlas does not read (the ones it
    /// reads are articles of their own, `path#N/name`). Absent when none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<Attachment>,
    /// When the index last saw this article's stored fields change (RFC
    /// 3339 UTC, to the second). Set by the index, never by a parser, and
    /// not part of the content hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indexed_at: Option<String>,
    /// Documents with pages (PDF): the byte offset in `body` where each
    /// page's text starts, so that a hit can name its snippet's page.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub page_starts: Vec<usize>,
    /// Its text, or some of it, was read by OCR (SPEC "Scans").
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub ocr: bool,
}

impl Article {
    /// The page (from 1) holding byte `offset` of the body, for an article
    /// with pages.
    pub fn page_at(&self, offset: usize) -> Option<u32> {
        if self.page_starts.is_empty() {
            return None;
        }
        let page = self.page_starts.partition_point(|&start| start <= offset);
        Some(page.max(1) as u32)
    }
}
