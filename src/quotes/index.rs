//! Where quotes are kept: a second atlas index beside the articles'
//! (`INDEX/.quotes/`), one document per quotation, brought up to date with
//! the article index after every `atlas index` commit.
//!
//! Why a second index and not fields on the article: `quote:(dam water)`
//! must match words inside one quotation, and a multi-valued field on the
//! article matches them across two; a quote per document gives that, and
//! counts, sorts, pages, facets and collapses quotes (not articles) with
//! the search engine as it is. Why not quote documents inside the article
//! index: every article search, count and statistic would have to leave
//! them out.
//!
//! A quote document is article-shaped, so the query language, the filters
//! and the collectors work on it unchanged: `id` is the quoting article's
//! (its quotes are deleted with one term), the title is the quoted words
//! (the body is empty: the words indexed once), `authors` the speaker (so `author` facets count speakers and
//! unfielded words never search it: the commit records no name field as
//! held), `tags` the article's authors, `path` (stored only) the
//! article's title; desk, date, language, url and `indexed_at` are the
//! article's. Its copy group is the article's group and the folded quote,
//! so one wire quote in ten copies of a story collapses to one.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use tantivy::{DocAddress, Term};

use crate::article::Article;
use crate::schema::{self, FileStamp, name};
use crate::store::columns::{all_terms, term_of};
use crate::store::{AtlasIndex, CommitInfo, StoreError};

use super::Quote;

/// The quote index's folder inside an index directory (hidden: an index
/// directory holding only it still counts as empty).
pub const QUOTES_DIR: &str = ".quotes";

/// Bumped when the extractor changes what it finds: the quote index is
/// then rebuilt from the stored articles.
pub const QUOTES_VERSION: u32 = 2;

/// Files' bytes a batch of the sync reads at most (one larger file alone).
const SYNC_BATCH_BYTES: u64 = 16 * 1024 * 1024;

pub fn quotes_dir(index_dir: &Path) -> PathBuf {
    index_dir.join(QUOTES_DIR)
}

/// What a sync did.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct SyncReport {
    /// Articles whose quotes were (re)extracted.
    pub articles_read: usize,
    /// Quotes added.
    pub quotes_added: usize,
    /// Articles whose quotes were removed (gone or changed).
    pub articles_removed: usize,
}

/// The per-article facts a quote document records, to tell next time
/// whether the article changed: its `indexed_at` and copy group.
fn stamp_key(indexed_at: i64, group: u64) -> String {
    format!("{indexed_at}:{group}")
}

fn parse_stamp(s: &str) -> Option<(i64, u64)> {
    let (a, b) = s.split_once(':')?;
    Some((a.parse().ok()?, b.parse().ok()?))
}

/// Every live article: id → (indexed_at, copy group, address).
/// An article the sync may read: its stamp and copy group, where it is,
/// and the size of its file (a bound on its text).
#[derive(Clone, Copy)]
struct Held {
    at: i64,
    group: u64,
    addr: DocAddress,
    file_size: u64,
}

fn articles_held(searcher: &tantivy::Searcher) -> tantivy::Result<FxHashMap<String, Held>> {
    let mut out = FxHashMap::default();
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        let ff = segment.fast_fields();
        let Some(ids) = ff.str(name::ID)? else {
            continue;
        };
        let stamps = ff.date(name::INDEXED_AT).ok();
        let groups = ff.u64(name::COPY_GROUP).ok();
        let sizes = ff.u64(name::FILE_SIZE).ok();
        let id_terms = all_terms(&ids)?;
        for doc in segment.doc_ids_alive() {
            let Some(id) = term_of(&ids, &id_terms, doc) else {
                continue;
            };
            let at = stamps
                .as_ref()
                .and_then(|c| c.first(doc))
                .map_or(0, |d| d.into_timestamp_secs());
            let group = groups.as_ref().and_then(|c| c.first(doc)).unwrap_or(0);
            // Unknown: as large as an article file may be.
            let file_size = (sizes.as_ref().and_then(|c| c.first(doc)))
                .unwrap_or(crate::parse::MAX_ARTICLE_FILE_BYTES);
            let addr = DocAddress::new(ord as u32, doc);
            out.insert(
                id.to_string(),
                Held {
                    at,
                    group,
                    addr,
                    file_size,
                },
            );
        }
    }
    Ok(out)
}

/// Every article the quote index holds quotes of, with its recorded stamp.
fn quotes_held(searcher: &tantivy::Searcher) -> tantivy::Result<FxHashMap<String, (i64, u64)>> {
    let mut out = FxHashMap::default();
    for segment in searcher.segment_readers() {
        let ff = segment.fast_fields();
        let (Some(ids), Some(hashes)) = (ff.str(name::ID)?, ff.str(name::HASH)?) else {
            continue;
        };
        let (id_terms, hash_terms) = (all_terms(&ids)?, all_terms(&hashes)?);
        for doc in segment.doc_ids_alive() {
            let Some(id) = term_of(&ids, &id_terms, doc) else {
                continue;
            };
            let stamp = term_of(&hashes, &hash_terms, doc).and_then(parse_stamp);
            out.insert(id.to_string(), stamp.unwrap_or((i64::MIN, 0)));
        }
    }
    Ok(out)
}

/// Opens the quote index, or makes a new one when there is none or it was
/// written by another schema or extractor.
fn open_or_create(dir: &Path) -> Result<(AtlasIndex, bool), StoreError> {
    match AtlasIndex::open(dir) {
        Ok(q) if q.info.parser == QUOTES_VERSION => return Ok((q, false)),
        Ok(_) | Err(StoreError::SchemaVersion { .. }) | Err(StoreError::NotAtlas(_)) => {
            let _ = std::fs::remove_dir_all(dir);
        }
        Err(StoreError::Missing(_)) => {
            let _ = std::fs::remove_dir_all(dir);
        }
        Err(e) => return Err(e),
    }
    Ok((AtlasIndex::create(dir)?, true))
}

/// Brings the quote index of `index_dir` up to date with its articles:
/// quotes of new and changed articles extracted, those of changed and
/// removed ones deleted. Safe to run at any time under the article index's
/// writer lock; a run killed midway is finished by the next.
pub fn sync(index_dir: &Path) -> Result<SyncReport, StoreError> {
    update(index_dir, false)
}

/// [`sync`] that trusts nothing the quote index holds and extracts every
/// article's quotes again (`atlas index --rebuild`). The old quotes are
/// deleted in the same commit that adds the new ones, so a server reading
/// the quote index meanwhile never finds it missing or empty.
pub fn rebuild(index_dir: &Path) -> Result<SyncReport, StoreError> {
    update(index_dir, true)
}

fn update(index_dir: &Path, rebuild: bool) -> Result<SyncReport, StoreError> {
    // Every article is read once: through reads, not a mapping (Access::Read).
    let articles = AtlasIndex::open_for(index_dir, crate::store::Access::Read)?;
    let searcher = articles.searcher()?;
    let dir = quotes_dir(index_dir);
    let (quotes, created) = open_or_create(&dir)?;
    let fresh = created || rebuild;
    let tantivy_err = |source| StoreError::Tantivy {
        path: dir.clone(),
        source,
    };
    let qsearcher = quotes.searcher()?;
    let held_articles = articles_held(&searcher).map_err(tantivy_err)?;
    let mut held_quotes = match rebuild {
        true => FxHashMap::default(),
        false => quotes_held(&qsearcher).map_err(tantivy_err)?,
    };
    // Articles stamped up to this were all read by the last sync, those
    // without quotes included.
    let synced = if fresh { None } else { quotes.info.indexed_at };
    let mut todo: Vec<Held> = Vec::new();
    let mut report = SyncReport::default();
    let mut writer = quotes.writer(1, 50 * 1024 * 1024)?;
    if rebuild {
        writer.delete_all_documents().map_err(tantivy_err)?;
    }
    for (id, held) in &held_articles {
        let current = match held_quotes.remove(id) {
            Some(recorded) if recorded == (held.at, held.group) => true,
            Some(_) => {
                writer.delete_term(Term::from_field_text(quotes.fields.id, id));
                report.articles_removed += 1;
                false
            }
            None => synced.is_some_and(|s| held.at <= s),
        };
        if !current {
            todo.push(*held);
        }
    }
    for gone in held_quotes.keys() {
        writer.delete_term(Term::from_field_text(quotes.fields.id, gone));
        report.articles_removed += 1;
    }
    todo.sort_by_key(|t| t.addr);
    // Read and extracted in parallel, a batch at a time; each task holds
    // its own article only while it extracts. A batch ends at 256 articles
    // or 16 MB of files, whichever comes first: extraction holds several
    // times its article in tokens and names, so transcripts at the 32 MB
    // file limit are read one at a time, whatever the thread count.
    let mut start = 0;
    while start < todo.len() {
        let mut end = start;
        let mut bytes = 0u64;
        while end < todo.len() && end - start < 256 && (end == start || bytes < SYNC_BATCH_BYTES) {
            bytes += todo[end].file_size;
            end += 1;
        }
        let docs: Vec<Vec<tantivy::TantivyDocument>> = todo[start..end]
            .par_iter()
            .map(|held| {
                let article = crate::store::load_article(&searcher, articles.fields, held.addr)?;
                Ok(quote_documents(&quotes, &article, held.at, held.group))
            })
            .collect::<tantivy::Result<_>>()
            .map_err(tantivy_err)?;
        for article_docs in docs {
            report.articles_read += 1;
            for doc in article_docs {
                writer.add_document(doc).map_err(tantivy_err)?;
                report.quotes_added += 1;
            }
        }
        start = end;
    }
    let newest = held_articles.values().map(|v| v.at).max();
    let info = CommitInfo {
        parser: QUOTES_VERSION,
        indexed_at: newest.max(synced),
        names_held: Some(Vec::new()),
        ..CommitInfo::current()
    };
    if fresh || report != SyncReport::default() || quotes.info != info {
        let mut prepared = writer.prepare_commit().map_err(tantivy_err)?;
        prepared.set_payload(&info.payload());
        prepared.commit().map_err(tantivy_err)?;
        writer.wait_merging_threads().map_err(tantivy_err)?;
    }
    Ok(report)
}

/// The article's quotes as quote documents (see the module's comment).
fn quote_documents(
    quotes: &AtlasIndex,
    article: &Article,
    at: i64,
    group: u64,
) -> Vec<tantivy::TantivyDocument> {
    super::of_article(article)
        .into_iter()
        .map(|q| {
            let doc_article = quote_article(article, &q);
            let stamp = FileStamp {
                size: q.start as u64,
                mtime_ns: 0,
                flagged: false,
            };
            let f = quotes.fields;
            let mut doc = schema::to_document(f, &doc_article, &stamp_key(at, group), stamp);
            schema::set_indexed_at(f, &mut doc, at);
            schema::add_copy_fields(f, &mut doc, &[], quote_group(group, &q.text));
            doc
        })
        .collect()
}

/// One quotation of `article` as the article-shaped document that holds
/// it (see the module's comment): here and in a cluster's quote tables.
pub fn quote_article(article: &Article, q: &Quote) -> Article {
    Article {
        id: article.id.clone(),
        path: article.title.clone(),
        title: q.text.clone(),
        authors: q.speaker.clone().into_iter().collect(),
        desk: article.desk.clone(),
        date: article.date,
        date_source: article.date_source,
        // The words once, in the title: a body would index them twice.
        body: String::new(),
        bio: None,
        tags: article.authors.clone(),
        url: article.url.clone(),
        lang: article.lang.clone(),
        attachments: Vec::new(),
        indexed_at: None,
        ..Article::default()
    }
}

/// A quote's copy group: its article's group and its folded words, so
/// that the same quotation in copies of one story is one group.
fn quote_group(article_group: u64, text: &str) -> u64 {
    let folded: String = text
        .chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    // FNV-1a: stable across builds, unlike std's hasher, since groups are
    // compared between documents written by different runs.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in article_group.to_le_bytes().iter().chain(folded.as_bytes()) {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}
