//! The one place that names tantivy fields. Everything else holds a
//! `Fields` (handles built once from the schema) and converts articles
//! through `to_document` / `to_article`; which analyzer each field uses is
//! named here, what the analyzers do is `analysis`.

use chrono::{NaiveDate, NaiveTime};
use tantivy::schema::{
    DateOptions, DateTimePrecision, FAST, Field, INDEXED, IndexRecordOption, STORED, STRING,
    Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::{DateTime, TantivyDocument, Term};

use crate::analysis::lang::{marked, unmarked};
use crate::analysis::{
    EXACT_ANALYZER, TEXT_ANALYZER, UNSTEMMED_ANALYZER, WORDS_ANALYZER, exact_key,
};
use crate::article::{Article, DateSource};

/// Bumped when fields or analyzers change: an index of another version must
/// be rebuilt, not read with the wrong analysis.
pub const SCHEMA_VERSION: u32 = 10;

/// Field names, for the APIs that take names (fast columns); everything
/// else uses the handles in [`Fields`].
pub mod name {
    pub const ID: &str = "id";
    pub const PATH: &str = "path";
    pub const TITLE: &str = "title";
    pub const BODY: &str = "body";
    pub const TITLE_WORDS: &str = "title_words";
    pub const BODY_WORDS: &str = "body_words";
    pub const AUTHOR_WORDS: &str = "author_words";
    pub const DESK_WORDS: &str = "desk_words";
    pub const TAG_WORDS: &str = "tag_words";
    pub const AUTHORS: &str = "authors";
    pub const AUTHOR_EXACT: &str = "author_exact";
    pub const DESK: &str = "desk";
    pub const DESK_EXACT: &str = "desk_exact";
    pub const TAGS: &str = "tags";
    pub const TAG_EXACT: &str = "tag_exact";
    pub const DATE: &str = "date";
    pub const DATE_SOURCE: &str = "date_source";
    pub const BIO: &str = "bio";
    pub const URL: &str = "url";
    pub const HASH: &str = "hash";
    pub const FILE_SIZE: &str = "file_size";
    pub const FILE_MTIME: &str = "file_mtime";
    pub const FILE_FLAGGED: &str = "file_flagged";
    pub const INDEXED_AT: &str = "indexed_at";
    pub const COPY_FP: &str = "copy_fp";
    pub const COPY_GROUP: &str = "copy_group";
    pub const LANG: &str = "lang";
    pub const PAGE_STARTS: &str = "page_starts";
    pub const OCR: &str = "ocr";
    pub const ATTACHMENTS: &str = "attachments";
}

/// Field handles, and which name fields unfielded words search (the one
/// thing an opened index's record adds: [`Fields::searching`]). `Copy`, so
/// queries, collectors and converters take them by value.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub id: Field,
    /// Only when it differs from the id (`file.xml` of `file.xml#3`): a
    /// one-article file's id is its path, so most documents need none.
    /// Never searched, so not indexed.
    pub path: Field,
    pub title: Field,
    pub body: Field,
    /// The words of each searchable field as written (folded, not
    /// stemmed), without positions: what `word*` prefixes match.
    pub title_words: Field,
    pub body_words: Field,
    pub author_words: Field,
    pub desk_words: Field,
    pub tag_words: Field,
    pub authors: Field,
    pub author_exact: Field,
    pub desk: Field,
    pub desk_exact: Field,
    pub tags: Field,
    pub tag_exact: Field,
    pub date: Field,
    pub date_source: Field,
    pub bio: Field,
    pub url: Field,
    pub hash: Field,
    pub file_size: Field,
    pub file_mtime: Field,
    /// 1 when the article's file also had skipped items or warnings: such a
    /// file is read (and reported) again on every run until it is fixed.
    pub file_flagged: Field,
    /// When the article's stored fields last changed (seconds): what saved
    /// searches compare against.
    pub indexed_at: Field,
    /// The body's copy fingerprint (`copies::Fingerprint::to_bytes`): a
    /// fast column, so a run loads every article's without decompressing
    /// stored documents.
    pub copy_fp: Field,
    /// The article's copy group: equal for all members of a group, and
    /// stable (a hash of the group's smallest id) across clean rebuilds.
    pub copy_group: Field,
    /// The article's language code (`de`, `und`): stored, filtered and
    /// faceted as one term, like an exact key.
    pub lang: Field,
    /// Where each page of a document starts in its body (stored only).
    pub page_starts: Field,
    /// 1 for an article read by OCR (stored only).
    pub ocr: Field,
    /// A mail's listed attachments, one stored JSON object each.
    pub attachments: Field,
    /// Which of [`NAME_FIELDS`] unfielded words search (all, unless the
    /// index says it never held some: [`Fields::searching`]).
    unfielded: [bool; 3],
}

/// The name fields (authors, desk, tags), as a commit payload records
/// which of them the index has held a value in.
pub const NAME_FIELDS: [&str; 3] = [name::AUTHORS, name::DESK, name::TAGS];

impl Fields {
    fn name_fields(&self) -> [Field; 3] {
        [self.authors, self.desk, self.tags]
    }

    /// These handles, with unfielded words searching only the name fields
    /// in `held` (the commit payload's record). A field no article holds
    /// matches nothing, and tantivy builds an empty term dictionary the
    /// first time a query opens a field without postings, ~0.4 ms of a
    /// ~6 ms search (BENCHMARKS.md).
    pub fn searching(mut self, held: &[String]) -> Fields {
        self.unfielded = names_flags(held);
        self
    }

    /// Whether unfielded words search `field` (every field but a name
    /// field left out by [`Fields::searching`]).
    pub fn searched_unfielded(&self, field: Field) -> bool {
        match self.name_fields().iter().position(|&f| f == field) {
            Some(i) => self.unfielded[i],
            None => true,
        }
    }
}

/// A payload's list of name fields as one flag per [`NAME_FIELDS`] entry.
pub fn names_flags(held: &[String]) -> [bool; 3] {
    NAME_FIELDS.map(|n| held.iter().any(|h| h == n))
}

/// The flags of [`names_flags`] back as the payload's list.
pub fn names_list(flags: [bool; 3]) -> Vec<String> {
    (NAME_FIELDS.iter().zip(flags))
        .filter(|&(_, held)| held)
        .map(|(name, _)| name.to_string())
        .collect()
}

/// Which of [`NAME_FIELDS`] `article` holds a value in (`to_document`
/// indexes each value it has).
pub fn names_held(article: &Article) -> [bool; 3] {
    [
        !article.authors.is_empty(),
        article.desk.is_some(),
        !article.tags.is_empty(),
    ]
}

pub fn build_schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let searchable = |analyzer: &str| {
        TextOptions::default()
            .set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(analyzer)
                    .set_index_option(IndexRecordOption::WithFreqsAndPositions),
            )
            .set_stored()
    };
    // Exact keys: no positions or norms (never scored, only filtered and
    // faceted); the fast column keeps the display spelling for facets.
    let exact = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(EXACT_ANALYZER)
                .set_index_option(IndexRecordOption::Basic)
                .set_fieldnorms(false),
        )
        .set_fast("raw");
    // Prefix words: which articles hold them is all a prefix query needs.
    let words = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(UNSTEMMED_ANALYZER)
            .set_index_option(IndexRecordOption::Basic)
            .set_fieldnorms(false),
    );
    let fields = Fields {
        id: b.add_text_field(name::ID, STRING | STORED | FAST),
        path: b.add_text_field(
            name::PATH,
            TextOptions::default().set_stored().set_fast("raw"),
        ),
        title: b.add_text_field(name::TITLE, searchable(TEXT_ANALYZER)),
        body: b.add_text_field(name::BODY, searchable(TEXT_ANALYZER)),
        title_words: b.add_text_field(name::TITLE_WORDS, words.clone()),
        body_words: b.add_text_field(name::BODY_WORDS, words.clone()),
        author_words: b.add_text_field(name::AUTHOR_WORDS, words.clone()),
        desk_words: b.add_text_field(name::DESK_WORDS, words.clone()),
        tag_words: b.add_text_field(name::TAG_WORDS, words),
        authors: b.add_text_field(name::AUTHORS, searchable(WORDS_ANALYZER)),
        author_exact: b.add_text_field(name::AUTHOR_EXACT, exact.clone()),
        desk: b.add_text_field(name::DESK, searchable(WORDS_ANALYZER)),
        desk_exact: b.add_text_field(name::DESK_EXACT, exact.clone()),
        tags: b.add_text_field(name::TAGS, searchable(WORDS_ANALYZER)),
        tag_exact: b.add_text_field(name::TAG_EXACT, exact),
        date: b.add_date_field(
            name::DATE,
            DateOptions::from(INDEXED | STORED | FAST).set_precision(DateTimePrecision::Seconds),
        ),
        date_source: b.add_text_field(name::DATE_SOURCE, STORED),
        bio: b.add_text_field(name::BIO, STORED),
        url: b.add_text_field(name::URL, STORED),
        hash: b.add_text_field(name::HASH, TextOptions::default().set_fast("raw")),
        file_size: b.add_u64_field(name::FILE_SIZE, FAST),
        file_mtime: b.add_i64_field(name::FILE_MTIME, FAST),
        file_flagged: b.add_u64_field(name::FILE_FLAGGED, FAST),
        indexed_at: b.add_date_field(
            name::INDEXED_AT,
            DateOptions::from(INDEXED | STORED | FAST).set_precision(DateTimePrecision::Seconds),
        ),
        copy_fp: b.add_bytes_field(name::COPY_FP, FAST),
        copy_group: b.add_u64_field(name::COPY_GROUP, FAST),
        lang: b.add_text_field(name::LANG, STRING | STORED | FAST),
        page_starts: b.add_u64_field(name::PAGE_STARTS, STORED),
        ocr: b.add_u64_field(name::OCR, STORED),
        attachments: b.add_text_field(name::ATTACHMENTS, STORED),
        unfielded: [true; 3],
    };
    (b.build(), fields)
}

/// Field handles of an opened index, found once by name.
pub fn fields_of(schema: &Schema) -> tantivy::Result<Fields> {
    let f = |name: &str| schema.get_field(name);
    Ok(Fields {
        id: f(name::ID)?,
        path: f(name::PATH)?,
        title: f(name::TITLE)?,
        body: f(name::BODY)?,
        title_words: f(name::TITLE_WORDS)?,
        body_words: f(name::BODY_WORDS)?,
        author_words: f(name::AUTHOR_WORDS)?,
        desk_words: f(name::DESK_WORDS)?,
        tag_words: f(name::TAG_WORDS)?,
        authors: f(name::AUTHORS)?,
        author_exact: f(name::AUTHOR_EXACT)?,
        desk: f(name::DESK)?,
        desk_exact: f(name::DESK_EXACT)?,
        tags: f(name::TAGS)?,
        tag_exact: f(name::TAG_EXACT)?,
        date: f(name::DATE)?,
        date_source: f(name::DATE_SOURCE)?,
        bio: f(name::BIO)?,
        url: f(name::URL)?,
        hash: f(name::HASH)?,
        file_size: f(name::FILE_SIZE)?,
        file_mtime: f(name::FILE_MTIME)?,
        file_flagged: f(name::FILE_FLAGGED)?,
        indexed_at: f(name::INDEXED_AT)?,
        copy_fp: f(name::COPY_FP)?,
        copy_group: f(name::COPY_GROUP)?,
        lang: f(name::LANG)?,
        page_starts: f(name::PAGE_STARTS)?,
        ocr: f(name::OCR)?,
        attachments: f(name::ATTACHMENTS)?,
        unfielded: [true; 3],
    })
}

pub fn exact_term(field: Field, value: &str) -> Term {
    Term::from_field_text(field, &exact_key(value))
}

/// tantivy keeps dates as i64 nanoseconds (years 1678–2261); dates outside
/// are clamped rather than overflowing.
pub fn date_to_tantivy(date: NaiveDate) -> DateTime {
    let lo = NaiveDate::from_ymd_opt(1700, 1, 1).expect("valid date");
    let hi = NaiveDate::from_ymd_opt(2250, 12, 31).expect("valid date");
    let date = date.clamp(lo, hi);
    DateTime::from_timestamp_secs(date.and_time(NaiveTime::MIN).and_utc().timestamp())
}

pub fn tantivy_to_date(date: DateTime) -> Option<NaiveDate> {
    chrono::DateTime::from_timestamp(date.into_timestamp_secs(), 0).map(|d| d.date_naive())
}

/// Bookkeeping the indexer keeps beside each article to decide, next run,
/// whether its file must be read again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileStamp {
    pub size: u64,
    pub mtime_ns: i64,
    /// The file had skipped items or warnings last time it was read.
    pub flagged: bool,
}

pub fn to_document(f: Fields, article: &Article, hash: &str, stamp: FileStamp) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(f.id, &article.id);
    if article.path != article.id {
        doc.add_text(f.path, &article.path);
    }
    // Each language's analysis is chosen by a mark in front of the text
    // (`analysis::lang`); English has none.
    let lang = article.lang.as_deref();
    let title = marked(lang, &article.title);
    doc.add_text(f.title, &title);
    doc.add_text(f.title_words, &title);
    let body = marked(lang, &article.body);
    doc.add_text(f.body, &body);
    doc.add_text(f.body_words, &body);
    // Names too, each value marked; the exact keys (filters, facets) are
    // the same in every language.
    for author in &article.authors {
        let marked = marked(lang, author);
        doc.add_text(f.authors, &marked);
        doc.add_text(f.author_words, &marked);
        doc.add_text(f.author_exact, author);
    }
    if let Some(desk) = &article.desk {
        let marked = marked(lang, desk);
        doc.add_text(f.desk, &marked);
        doc.add_text(f.desk_words, &marked);
        doc.add_text(f.desk_exact, desk);
    }
    for tag in &article.tags {
        let marked = marked(lang, tag);
        doc.add_text(f.tags, &marked);
        doc.add_text(f.tag_words, &marked);
        doc.add_text(f.tag_exact, tag);
    }
    if let Some(date) = article.date {
        doc.add_date(f.date, date_to_tantivy(date));
    }
    if let Some(source) = article.date_source {
        doc.add_text(f.date_source, source.as_str());
    }
    if let Some(bio) = &article.bio {
        doc.add_text(f.bio, bio);
    }
    if let Some(url) = &article.url {
        doc.add_text(f.url, url);
    }
    if let Some(lang) = &article.lang {
        doc.add_text(f.lang, lang);
    }
    for &start in &article.page_starts {
        doc.add_u64(f.page_starts, start as u64);
    }
    if article.ocr {
        doc.add_u64(f.ocr, 1);
    }
    for attachment in &article.attachments {
        doc.add_text(
            f.attachments,
            serde_json::to_string(attachment).unwrap_or_default(),
        );
    }
    doc.add_text(f.hash, hash);
    doc.add_u64(f.file_size, stamp.size);
    doc.add_i64(f.file_mtime, stamp.mtime_ns);
    doc.add_u64(f.file_flagged, stamp.flagged as u64);
    doc
}

/// Stamps a document with when its stored fields last changed (Unix seconds).
pub fn set_indexed_at(f: Fields, doc: &mut TantivyDocument, secs: i64) {
    doc.add_date(f.indexed_at, DateTime::from_timestamp_secs(secs));
}

/// RFC 3339 UTC to the second (`2026-12-02T00:26:19Z`): how `indexed_at`
/// is shown and how alerts record it.
pub fn format_indexed_at(secs: i64) -> String {
    chrono::DateTime::from_timestamp(secs, 0)
        .unwrap_or_default()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// The copy fields of a document (`indexer::copies` decides their values).
pub fn add_copy_fields(f: Fields, doc: &mut TantivyDocument, fingerprint: &[u8], group: u64) {
    doc.add_bytes(f.copy_fp, fingerprint);
    doc.add_u64(f.copy_group, group);
}

/// A stored text (title, body, a name) without the mark of its language.
fn unmark(mut text: String) -> String {
    let mark = text.len() - unmarked(&text).len();
    text.drain(..mark);
    text
}

pub fn to_article(f: Fields, doc: &TantivyDocument) -> Article {
    let text = |field: Field| -> Option<String> {
        doc.get_first(field)
            .and_then(|v| v.as_str())
            .map(str::to_string)
    };
    let texts = |field: Field| -> Vec<String> {
        doc.get_all(field)
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect()
    };
    let id = text(f.id).unwrap_or_default();
    Article {
        path: text(f.path).unwrap_or_else(|| id.clone()),
        id,
        title: text(f.title).map(unmark).unwrap_or_default(),
        authors: texts(f.authors).into_iter().map(unmark).collect(),
        desk: text(f.desk).map(unmark),
        date: doc
            .get_first(f.date)
            .and_then(|v| v.as_datetime())
            .and_then(tantivy_to_date),
        date_source: text(f.date_source).and_then(|s| DateSource::parse(&s)),
        body: text(f.body).map(unmark).unwrap_or_default(),
        bio: text(f.bio),
        tags: texts(f.tags).into_iter().map(unmark).collect(),
        url: text(f.url),
        lang: text(f.lang),
        attachments: texts(f.attachments)
            .iter()
            .filter_map(|a| serde_json::from_str(a).ok())
            .collect(),
        indexed_at: doc
            .get_first(f.indexed_at)
            .and_then(|v| v.as_datetime())
            .map(|d| format_indexed_at(d.into_timestamp_secs())),
        page_starts: doc
            .get_all(f.page_starts)
            .filter_map(|v| v.as_u64())
            .map(|v| v as usize)
            .collect(),
        ocr: doc.get_first(f.ocr).and_then(|v| v.as_u64()) == Some(1),
    }
}
