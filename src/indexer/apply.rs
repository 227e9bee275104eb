//! Reading one file and applying what it yields to the writer: its
//! articles added, replaced or left alone by the hash of what they store,
//! the articles it no longer yields removed, its problems reported and
//! recorded.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use tantivy::{IndexWriter, Term};

use super::canon::Canon;
use super::known::KnownFile;
use super::problems::Problems;
use super::walk::CorpusFile;
use super::{IndexReport, IndexWarning, Progress, SkippedFile};
use crate::config::{Config, Configs};
use crate::parse::{self, ParseOptions, Parsed, Skip};
use crate::schema::{self, Fields, FileStamp};

/// What reading one file gave.
enum FileOutcome {
    /// Parsed (possibly into nothing but skips); `bytes_read` is 0 for a
    /// file over the size limit, which is never read.
    Parsed { parsed: Parsed, bytes_read: u64 },
    /// Could not be read: reported, and its articles kept as they were.
    Unreadable(String),
}

pub(super) enum ReadError {
    Pool(rayon::ThreadPoolBuildError),
    Tantivy(tantivy::TantivyError),
}

/// Reads and parses one file under its config (date bounds, desks); the
/// one place the size limit is decided.
fn load(file: &CorpusFile, config: Option<&Config>, today: chrono::NaiveDate) -> FileOutcome {
    let limit = parse::size_limit(&file.rel);
    if file.stamp.size > limit {
        let skip = Skip {
            path: file.rel.clone(),
            reason: parse::SkipReason::TooLarge {
                size: file.stamp.size,
                limit,
            },
        };
        return FileOutcome::Parsed {
            parsed: Parsed {
                skipped: vec![skip],
                ..Parsed::default()
            },
            bytes_read: 0,
        };
    }
    let opts = config.map_or_else(ParseOptions::default, |c| c.parse_options(today));
    match std::fs::read(&file.abs) {
        Ok(bytes) => {
            let mut parsed = parse::parse_with(&file.rel, &bytes, &opts);
            if let Some(config) = config {
                for item in &mut parsed.articles {
                    config.apply(&mut item.article);
                }
            }
            FileOutcome::Parsed {
                parsed,
                bytes_read: bytes.len() as u64,
            }
        }
        Err(e) => FileOutcome::Unreadable(format!("cannot read: {e}")),
    }
}

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
}

impl Run {
    /// Which files must be read: every file but those whose size and mtime
    /// match the index's record (under a parser version and config that are
    /// `trusted` unchanged). Unchanged files count their articles as
    /// unchanged and report their recorded problems again.
    pub(super) fn plan(
        &mut self,
        files: Vec<CorpusFile>,
        known: &mut HashMap<String, KnownFile>,
        mut recorded: BTreeMap<String, Problems>,
        trusted: impl Fn(&str) -> bool,
    ) -> Vec<(CorpusFile, Option<KnownFile>)> {
        let mut to_read = Vec::new();
        for file in files {
            let trusted = trusted(&file.rel);
            let problems =
                (recorded.remove(&file.rel)).filter(|p| trusted && p.matches(file.stamp));
            let previous = known.remove(&file.rel);
            let same_file = |k: &KnownFile| {
                k.stamp.size == file.stamp.size && k.stamp.mtime_ns == file.stamp.mtime_ns
            };
            match (previous, problems) {
                // Unchanged, and nothing to report (or its report is on record).
                (Some(k), problems)
                    if trusted && same_file(&k) && (!k.stamp.flagged || problems.is_some()) =>
                {
                    self.report.unchanged += k.articles.len() as u64;
                    if let Some(p) = problems {
                        self.report_again(&file.rel, p);
                    }
                }
                // Unchanged, and not an article at all: its reasons are on record.
                (None, Some(p)) => self.report_again(&file.rel, p),
                (previous, _) => to_read.push((file, previous)),
            }
        }
        to_read
    }

    /// Reports an unchanged file's problems from the record, without reading it.
    fn report_again(&mut self, rel: &str, problems: Problems) {
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
        files: &[(CorpusFile, Option<KnownFile>)],
        configs: &Configs,
        threads: usize,
        progress: &dyn Progress,
    ) -> Result<(), ReadError> {
        progress.set_total(files.len() as u64);
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads.max(1))
            .build()
            .map_err(ReadError::Pool)?;
        let today = chrono::Utc::now().date_naive();
        for chunk in files.chunks(256) {
            let outcomes: Vec<FileOutcome> = pool.install(|| {
                (chunk.par_iter())
                    .map(|(f, _)| load(f, configs.nearest(&f.rel), today))
                    .collect()
            });
            for ((file, previous), outcome) in chunk.iter().zip(outcomes) {
                self.apply(file, previous.as_ref(), outcome)
                    .map_err(ReadError::Tantivy)?;
            }
            progress.advance(chunk.len() as u64);
        }
        progress.finish();
        Ok(())
    }

    pub(super) fn remove(&mut self, id: &str) {
        self.writer
            .delete_term(Term::from_field_text(self.fields.id, id));
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
    ) -> tantivy::Result<()> {
        let (parsed, bytes_read) = match outcome {
            FileOutcome::Unreadable(reason) => {
                let path = file.rel.clone();
                self.report.skipped.push(SkippedFile { path, reason });
                return Ok(());
            }
            FileOutcome::Parsed { parsed, bytes_read } => (parsed, bytes_read),
        };
        self.report.bytes += bytes_read;
        let stamp = FileStamp {
            flagged: !parsed.skipped.is_empty() || !parsed.warnings.is_empty(),
            ..file.stamp
        };
        let skipped: Vec<SkippedFile> = (parsed.skipped.into_iter())
            .map(|s| SkippedFile {
                path: s.path,
                reason: s.reason.to_string(),
            })
            .collect();
        let warnings: Vec<IndexWarning> = (parsed.warnings.into_iter())
            .map(|w| IndexWarning {
                path: w.path,
                message: w.message,
            })
            .collect();
        self.report.skipped.extend(skipped.iter().cloned());
        self.report.warnings.extend(warnings.iter().cloned());
        if stamp.flagged {
            let record = Problems::new(file.stamp, skipped, warnings);
            self.problems.insert(file.rel.clone(), record);
        }
        let mut old: HashMap<&str, &str> = previous
            .map(|k| {
                k.articles
                    .iter()
                    .map(|(id, h)| (id.as_str(), h.as_str()))
                    .collect()
            })
            .unwrap_or_default();
        let restamped = previous.is_some_and(|k| k.stamp != stamp);
        for mut item in parsed.articles {
            self.canon.apply(&mut item.article);
            let hash = stored_fields_hash(&item.article);
            let id_term = Term::from_field_text(self.fields.id, &item.article.id);
            let known = old.remove(item.article.id.as_str());
            match known {
                // Same content, new mtime: re-added so that the stored stamp
                // lets the next run skip reading this file.
                Some(old_hash) if old_hash == hash && !restamped => {
                    self.report.unchanged += 1;
                    continue;
                }
                Some(old_hash) if old_hash == hash => self.report.unchanged += 1,
                Some(_) => self.report.updated += 1,
                None => self.report.added += 1,
            }
            if known.is_some() {
                self.writer.delete_term(id_term);
            }
            let doc = schema::to_document(self.fields, &item.article, &hash, stamp);
            self.writer.add_document(doc)?;
            self.changed = true;
        }
        // Articles the file used to hold and no longer yields (a JSON Lines
        // item deleted, or the file turned invalid).
        for id in old.into_keys() {
            self.remove(id);
        }
        Ok(())
    }
}

/// blake3 of everything an article stores, as 32 hex characters: an article
/// counts as updated only when what a search can show of it changed — not
/// when only the parser version or a config re-processed it unchanged.
fn stored_fields_hash(article: &crate::article::Article) -> String {
    let bytes = serde_json::to_vec(article).unwrap_or_default();
    blake3::hash(&bytes).to_hex()[..32].to_string()
}
