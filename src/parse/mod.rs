//! Pure parsers: a file's relative path and bytes in, articles (or the reason
//! the file is not one) out. No IO happens here; the indexer owns the files.
//!
//! `parse` picks the format by extension; every format shares the metadata
//! key table, the date rules and the text clean-up in the submodules.

pub mod date;

use crate::article::Article;

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
    todo!("by extension: .json/.jsonl/.ndjson -> MAX_EXPORT_FILE_BYTES, else MAX_ARTICLE_FILE_BYTES")
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
    #[error("unsupported file type")]
    Unsupported,
    #[error("malformed JSON at line {line}, column {column}: {message}")]
    MalformedJson { line: usize, column: usize, message: String },
    #[error("malformed front matter at line {line}, column {column}: {message}")]
    MalformedFrontMatter { line: usize, column: usize, message: String },
    #[error("not an article: {0}")]
    NotAnArticle(String),
}

/// `rel_path` is `/`-separated and relative to the corpus root.
pub fn parse(rel_path: &str, bytes: &[u8]) -> Parsed {
    todo!()
}
