//! Reading one file and applying what it yields to the writer: its
//! articles added, replaced or left alone by the hash of what they store,
//! the articles it no longer yields removed, its problems reported and
//! recorded.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use tantivy::{IndexWriter, Term};

use super::canon::Canon;
use super::copies::{Copies, print_of};
use super::known::{Known, KnownEntry, KnownFile};
use super::load::{FOLDING, FileOutcome, in_flight, load, read_file};
use super::problems::Problems;
use super::scans;
use super::stamps::Previous;
use super::walk::CorpusFile;
use super::{IndexReport, IndexWarning, Progress, SkippedFile};
use crate::config::Configs;
use crate::copies::Print;
use crate::parse::{self, Skip};
use crate::schema::{self, Fields, FileStamp};

/// Articles of a streamed export applied at a time.
const STREAM_BATCH: usize = 256;

/// One indexing run's state: the writer, the display spellings, the report
/// so far, and whether anything needs committing.
pub(super) struct Run {
    pub(super) writer: IndexWriter,
    pub(super) fields: Fields,
    pub(super) canon: Canon,
    pub(super) report: IndexReport,
    pub(super) changed: bool,
    /// This run's record of files with skips or warnings (`problems.rs`).
    pub(super) problems: BTreeMap<String, Problems>,
    /// What the index held before, for the `indexed_at` of articles
    /// re-added unchanged (`stamps.rs`).
    pub(super) previous: Previous,
    /// The `indexed_at` of what this run adds or changes.
    pub(super) stamp: i64,
    /// The newest `indexed_at` the commit will hold (for its payload).
    pub(super) newest: Option<i64>,
    /// Which name fields the commit will have held a value in (for its
    /// payload: `CommitInfo::names_held`).
    pub(super) names_held: [bool; 3],
    /// Fingerprints and copy groups (`copies.rs`).
    pub(super) copies: Copies,
    /// Reads and parses files, and checks copies (`threads` wide).
    pub(super) pool: rayon::ThreadPool,
}

impl Run {
    /// Which files must be read: every file but those whose size and mtime
    /// match the index's record (under a parser version and config that are
    /// `trusted` unchanged). Unchanged files count their articles as
    /// unchanged and report their recorded problems again.
    pub(super) fn plan(
        &mut self,
        files: Vec<CorpusFile>,
        known: &mut Known,
        mut recorded: BTreeMap<String, Problems>,
        trusted: impl Fn(&str) -> bool,
        configs: &Configs,
    ) -> Vec<(CorpusFile, Option<KnownFile>)> {
        let mut to_read = Vec::new();
        let mut set_aside = scans::SetAside::default();
        for file in files {
            let record = recorded.remove(&file.rel);
            let scans = record.as_ref().and_then(|p| p.scans.as_ref());
            // OCR turned on, or other languages: its scans are read again.
            let stale = scans.is_some_and(|s| scans::stale(s, &file.rel, configs));
            let ocr_read = scans.is_some_and(|s| s.ocr.is_some());
            let trusted = trusted(&file.rel) && !stale;
            let problems = record.filter(|p| trusted && p.matches(file.stamp));
            if !known.has(&file.rel) && !ocr_read && set_aside.image(&file.rel, configs) {
                continue;
            }
            let previous = known.remove(&file.rel);
            let same_file = |k: &KnownEntry| {
                k.stamp.size == file.stamp.size && k.stamp.mtime_ns == file.stamp.mtime_ns
            };
            match (previous, problems) {
                // Unchanged, and nothing to report (or its report is on record).
                (Some(k), problems)
                    if trusted && same_file(&k) && (!k.stamp.flagged || problems.is_some()) =>
                {
                    self.report.unchanged += k.articles() as u64;
                    // Known files are those with articles in the index.
                    self.report.files_indexed += 1;
                    if let Some(p) = problems {
                        self.report_again(&file.rel, p);
                    }
                }
                // Unchanged, and not an article at all: its reasons are on record.
                (None, Some(p)) => {
                    self.report.files_skipped += 1;
                    self.report_again(&file.rel, p);
                }
                (previous, _) => to_read.push((file, previous.map(|k| known.file(k)))),
            }
        }
        self.report.files_set_aside += set_aside.count();
        self.report.warnings.extend(set_aside.warning());
        to_read
    }

    /// Reports an unchanged file's problems from the record, without reading it.
    fn report_again(&mut self, rel: &str, problems: Problems) {
        self.report.items_skipped += problems.items_skipped(rel);
        self.report.skipped.extend(problems.skipped.iter().cloned());
        self.report
            .warnings
            .extend(problems.warnings.iter().cloned());
        self.problems.insert(rel.to_string(), problems);
    }

    /// Reads, parses and applies `files` in parallel chunks. Chunks keep
    /// memory bounded: at most one chunk of parsed articles is alive while
    /// tantivy indexes the previous ones.
    pub(super) fn read_all(
        &mut self,
        files: Vec<(CorpusFile, Option<KnownFile>)>,
        configs: &Configs,
        progress: &dyn Progress,
    ) -> tantivy::Result<()> {
        progress.set_total(files.len() as u64);
        let today = chrono::Utc::now().date_naive();
        // Taken chunk by chunk: the paths of files already applied are freed
        // (a few hundred megabytes at a million files).
        let mut files = files.into_iter().peekable();
        loop {
            // Bounded by count and by bytes: what a chunk's files hold once
            // parsed stays alive until the chunk is applied.
            let chunk = in_flight(&mut files, |(f, _)| f);
            if chunk.is_empty() {
                break;
            }
            let outcomes: Vec<FileOutcome> = self.pool.install(|| {
                (chunk.par_iter())
                    .map(|(f, _)| load(f, configs, today))
                    .collect()
            });
            for ((file, previous), outcome) in chunk.iter().zip(outcomes) {
                self.apply(file, previous.as_ref(), outcome, configs)?;
            }
            progress.advance(chunk.len() as u64);
        }
        progress.finish();
        Ok(())
    }

    pub(super) fn remove(&mut self, id: &str) {
        self.writer
            .delete_term(Term::from_field_text(self.fields.id, id));
        self.copies.remove(id);
        self.report.removed += 1;
        self.changed = true;
    }

    /// Applies one read file: its skips and warnings go to the report, its
    /// articles are added, replaced or left alone by content hash, and the
    /// articles it no longer yields are removed.
    fn apply(
        &mut self,
        file: &CorpusFile,
        previous: Option<&KnownFile>,
        outcome: FileOutcome,
        configs: &Configs,
    ) -> tantivy::Result<()> {
        let (parsed, prints, bytes_read) = match outcome {
            FileOutcome::Unreadable(reason) => {
                let path = file.rel.clone();
                self.report.skipped.push(SkippedFile { path, reason });
                self.report.files_skipped += 1;
                return Ok(());
            }
            FileOutcome::Stream => return self.apply_stream(file, previous, configs),
            FileOutcome::Parsed {
                parsed,
                prints,
                bytes_read,
            } => (parsed, prints, bytes_read),
        };
        self.report.bytes += bytes_read;
        let stamp = FileStamp {
            flagged: !parsed.skipped.is_empty() || !parsed.warnings.is_empty(),
            ..file.stamp
        };
        let mut old = old_articles(previous);
        let restamped = previous.is_some_and(|k| k.stamp != stamp);
        let mut problems = Problems::new(file.stamp, Vec::new(), Vec::new());
        problems.items_counted = parsed.items_skipped;
        problems.scans = scans::record(&file.rel, &parsed, configs);
        self.report_problems(&mut problems, parsed.skipped, parsed.warnings);
        let articles = parsed.articles.len();
        self.apply_articles(parsed.articles, prints, file, &mut old, stamp, restamped)?;
        let has_scans = problems.scans.is_some();
        self.finish_file(file, problems, old, articles, has_scans);
        Ok(())
    }

    /// A newsroom export or a web archive: read item by item, its articles applied in
    /// batches, in bounded memory whatever its size. Its articles are
    /// stored as flagged and it always gets a record, so that a run that
    /// lost the record reads it again.
    fn apply_stream(
        &mut self,
        file: &CorpusFile,
        previous: Option<&KnownFile>,
        configs: &Configs,
    ) -> tantivy::Result<()> {
        let stamp = FileStamp {
            flagged: true,
            ..file.stamp
        };
        let mut old = old_articles(previous);
        let restamped = previous.is_some_and(|k| k.stamp != stamp);
        let mut problems = Problems::new(file.stamp, Vec::new(), Vec::new());
        let mut batch = Vec::new();
        let mut articles = 0;
        let mut failure = None;
        let today = chrono::Utc::now().date_naive();
        let read = read_file(file, configs, today, &mut |one| {
            self.report_problems(&mut problems, one.skipped, one.warnings);
            problems.items_counted += one.items_skipped;
            articles += one.articles.len();
            batch.extend(one.articles);
            if batch.len() >= STREAM_BATCH && failure.is_none() {
                let articles = std::mem::take(&mut batch);
                let prints = self.prints_of(&articles);
                failure = self
                    .apply_articles(articles, prints, file, &mut old, stamp, restamped)
                    .err();
            }
        });
        let bytes_read = match read {
            Ok(bytes) => bytes,
            Err(reason) => {
                let path = file.rel.clone();
                self.report.skipped.push(SkippedFile { path, reason });
                self.report.files_skipped += 1;
                return Ok(());
            }
        };
        if let Some(e) = failure {
            return Err(e);
        }
        self.report.bytes += bytes_read;
        let prints = self.prints_of(&batch);
        self.apply_articles(batch, prints, file, &mut old, stamp, restamped)?;
        self.finish_file(file, problems, old, articles, true);
        Ok(())
    }

    /// A file's skips and warnings go to the report and to its record.
    fn report_problems(
        &mut self,
        record: &mut Problems,
        skipped: Vec<Skip>,
        warnings: Vec<parse::Warning>,
    ) {
        for s in skipped {
            let skip = SkippedFile {
                path: s.path,
                reason: s.reason.to_string(),
            };
            self.report.skipped.push(skip.clone());
            record.skipped.push(skip);
        }
        for w in warnings {
            let warning = IndexWarning {
                path: w.path,
                message: w.message,
            };
            self.report.warnings.push(warning.clone());
            record.warnings.push(warning);
        }
    }

    /// The copy prints of a streamed batch, made in parallel.
    fn prints_of(&self, articles: &[parse::ParsedArticle]) -> Vec<Print> {
        self.pool.install(|| {
            (articles.par_iter())
                .map(|item| FOLDING.with_borrow_mut(|a| print_of(a, &item.article.body)))
                .collect()
        })
    }

    /// Adds, replaces or leaves alone each article by the hash of what it stores.
    fn apply_articles(
        &mut self,
        articles: Vec<parse::ParsedArticle>,
        prints: Vec<Print>,
        file: &CorpusFile,
        old: &mut HashMap<String, String>,
        stamp: FileStamp,
        restamped: bool,
    ) -> tantivy::Result<()> {
        // One print per article, made from these same articles.
        assert_eq!(articles.len(), prints.len(), "a copy print per article");
        for (mut item, print) in articles.into_iter().zip(prints) {
            self.canon.apply(&mut item.article);
            let hash = stored_fields_hash(&item.article);
            let id_term = Term::from_field_text(self.fields.id, &item.article.id);
            let known = old.remove(item.article.id.as_str());
            match &known {
                // Same content, new mtime: re-added so that the stored stamp
                // lets the next run skip reading this file.
                Some(old_hash) if *old_hash == hash && !restamped => {
                    self.report.unchanged += 1;
                    continue;
                }
                Some(old_hash) if *old_hash == hash => self.report.unchanged += 1,
                Some(_) => self.report.updated += 1,
                None => self.report.added += 1,
            }
            if known.is_some() {
                self.writer.delete_term(id_term);
            }
            let mut doc = schema::to_document(self.fields, &item.article, &hash, stamp);
            let held = schema::names_held(&item.article);
            for (run, article) in self.names_held.iter_mut().zip(held) {
                *run |= article;
            }
            let indexed_at = match &known {
                Some(old_hash) if *old_hash != hash => self.stamp,
                _ => (self.previous.indexed_at(&item.article.id, &hash)).unwrap_or(self.stamp),
            };
            schema::set_indexed_at(self.fields, &mut doc, indexed_at);
            self.newest = self.newest.max(Some(indexed_at));
            let (fp, group) = self
                .copies
                .put(&item.article, print, file, stamp, indexed_at);
            schema::add_copy_fields(self.fields, &mut doc, &fp, group);
            self.writer.add_document(doc)?;
            self.changed = true;
        }
        Ok(())
    }

    /// Counts the file as indexed or skipped (listing a file that gave no
    /// article and no reason, so that every file is accounted for), records
    /// its problems (if any) and removes the articles it used to hold and
    /// no longer yields (a JSON Lines item deleted, or the file turned
    /// invalid).
    fn finish_file(
        &mut self,
        file: &CorpusFile,
        mut problems: Problems,
        old: HashMap<String, String>,
        articles: usize,
        always_record: bool,
    ) {
        if articles > 0 {
            self.report.files_indexed += 1;
        } else {
            self.report.files_skipped += 1;
            if problems.skipped.is_empty() {
                let skip = SkippedFile {
                    path: file.rel.clone(),
                    reason: match problems.warnings.is_empty() {
                        true => "no articles in it".to_string(),
                        false => "no articles in it (see its warnings)".to_string(),
                    },
                };
                self.report.skipped.push(skip.clone());
                problems.skipped.push(skip);
            }
        }
        self.report.items_skipped += problems.items_skipped(&file.rel);
        if always_record || !problems.skipped.is_empty() || !problems.warnings.is_empty() {
            self.problems.insert(file.rel.clone(), problems);
        }
        for id in old.into_keys() {
            self.remove(&id);
        }
    }
}

/// The articles of one file read and parsed again (with its config), for
/// `copies.rs`: a body to verify, or a document to re-write with a new group.
pub(super) fn reparse(file: &CorpusFile, configs: &Configs) -> Vec<crate::article::Article> {
    let mut out = Vec::new();
    let today = chrono::Utc::now().date_naive();
    // A file that can no longer be read has no articles to give.
    let _ = read_file(file, configs, today, &mut |parsed| {
        out.extend(parsed.articles.into_iter().map(|item| item.article))
    });
    out
}

/// (id → hash) of the articles a file held at the last commit.
fn old_articles(previous: Option<&KnownFile>) -> HashMap<String, String> {
    previous.map_or_else(HashMap::new, |k| k.articles.iter().cloned().collect())
}

/// blake3 of everything an article stores, as 32 hex characters: an article
/// counts as updated only when what a search can show of it changed — not
/// when only the parser version or a config re-processed it unchanged.
pub(super) fn stored_fields_hash(article: &crate::article::Article) -> String {
    // Parsers never set `indexed_at` (the index does), so it is never hashed.
    debug_assert!(article.indexed_at.is_none());
    // Nor is its language, derived from the hashed text (so adding it to
    // an older index moves no `indexed_at`).
    let bytes = if article.lang.is_some() {
        let unlabelled = crate::article::Article {
            lang: None,
            ..article.clone()
        };
        serde_json::to_vec(&unlabelled).unwrap_or_default()
    } else {
        serde_json::to_vec(article).unwrap_or_default()
    };
    blake3::hash(&bytes).to_hex()[..32].to_string()
}
