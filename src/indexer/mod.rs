//! `atlas index`: walk the corpus, read and parse changed files in parallel,
//! diff their articles against what the index holds, and commit once.
//!
//! A file whose size and mtime match what the index recorded is not read at
//! all; a read file's articles are compared by content hash, so only real
//! changes become delete + add. Everything goes into a single commit, so a
//! run killed at any point leaves the previous commit intact.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;
use serde::Serialize;
use tantivy::indexer::LogMergePolicy;
use tantivy::{IndexWriter, Term};

use crate::config::{Config, ConfigError, Configs};
use crate::parse::{self, ParseOptions, Parsed, Skip};
use crate::schema::{self, Fields, FileStamp};
use crate::store::{AtlasIndex, CommitInfo, StoreError};

mod canon;
mod known;
mod problems;
mod walk;

use canon::Canon;
pub use known::manifest;
use known::{KnownFile, load_known};
use problems::{ProblemFile, Problems};
use walk::{CorpusFile, walk};

#[derive(Debug, Clone)]
pub struct IndexOptions {
    pub corpus: PathBuf,
    pub rebuild: bool,
    /// Threads for parsing and for tantivy's indexing workers.
    pub threads: usize,
    /// The writer's total memory budget; tantivy flushes a segment when a
    /// thread's share is full, which is what bounds peak memory.
    pub memory_budget: usize,
}

impl IndexOptions {
    pub fn new(corpus: PathBuf) -> IndexOptions {
        let threads = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2)
            .clamp(1, 8);
        IndexOptions {
            corpus,
            rebuild: false,
            threads,
            memory_budget: 0,
        }
    }

    fn budget(&self) -> usize {
        if self.memory_budget > 0 {
            self.memory_budget
        } else {
            // 192 MB per indexing thread: segments of tens of thousands of
            // articles, while peak memory stays under 1 GB at 1M articles
            // on a 2-core machine (BENCHMARKS.md).
            self.threads.max(1) * 192 * 1024 * 1024
        }
    }
}

/// Receives progress; the CLI draws a bar, tests and `--quiet` ignore it.
pub trait Progress: Sync {
    fn set_total(&self, _files: u64) {}
    fn advance(&self, _files: u64) {}
    fn finish(&self) {}
}

pub struct NoProgress;
impl Progress for NoProgress {}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct SkippedFile {
    pub path: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct IndexWarning {
    pub path: String,
    pub message: String,
}

/// The summary of one run; serialized as `index --format json` (SPEC keys).
#[derive(Debug, Clone, Default, Serialize, serde::Deserialize)]
pub struct IndexReport {
    pub added: u64,
    pub updated: u64,
    pub removed: u64,
    pub unchanged: u64,
    pub skipped: Vec<SkippedFile>,
    pub warnings: Vec<IndexWarning>,
    /// Articles in the index after the run.
    pub articles: u64,
    /// Files found in the corpus (hidden ones aside).
    pub files: u64,
    /// Bytes read and parsed by this run (unchanged files are not read).
    pub bytes: u64,
    pub elapsed_ms: u64,
    pub mb_per_s: f64,
    /// Set when the index was written by an older atlas and rebuilt in
    /// place: the schema version it had (the CLI says so on stderr).
    #[serde(skip)]
    pub rebuilt_from_schema: Option<u32>,
}

#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("corpus directory {0} does not exist (pass the folder of articles: `atlas index DIR`)")]
    NoCorpus(PathBuf),
    #[error("{0} is not a directory (pass the folder of articles: `atlas index DIR`)")]
    CorpusNotDir(PathBuf),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("indexing into {path} failed: {source}")]
    Tantivy {
        path: PathBuf,
        source: tantivy::TantivyError,
    },
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("cannot read {path}: {source}")]
    ConfigRead {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot start {threads} parsing threads: {source} (try a smaller `--threads`)")]
    ThreadPool {
        threads: usize,
        source: rayon::ThreadPoolBuildError,
    },
}

/// What reading one file gave.
enum FileOutcome {
    /// Parsed (possibly into nothing but skips); `bytes_read` is 0 for a
    /// file over the size limit, which is never read.
    Parsed { parsed: Parsed, bytes_read: u64 },
    /// Could not be read: reported, and its articles kept as they were.
    Unreadable(String),
}

/// Runs one indexing pass of `opts.corpus` into the index at `index_dir`.
pub fn run(
    index_dir: &Path,
    opts: &IndexOptions,
    progress: &dyn Progress,
) -> Result<IndexReport, IndexError> {
    let started = Instant::now();
    if !opts.corpus.exists() {
        return Err(IndexError::NoCorpus(opts.corpus.clone()));
    }
    if !opts.corpus.is_dir() {
        return Err(IndexError::CorpusNotDir(opts.corpus.clone()));
    }
    let (atlas, rebuilt_from) = open_for_indexing(index_dir, opts.rebuild)?;
    let tantivy_err = |source| IndexError::Tantivy {
        path: index_dir.to_path_buf(),
        source,
    };
    // Taking the writer first takes the lock: a second run fails before it
    // has walked or read anything.
    let writer = atlas.writer(opts.threads, opts.budget())?;
    writer.set_merge_policy(Box::new(merge_policy()));
    // Walked and configured before anything changes: a config that does not
    // parse leaves the index as it was.
    let walked = walk(&opts.corpus);
    let configs = load_configs(&opts.corpus, &walked.configs)?;
    let searcher = atlas.reader()?.searcher();
    let (mut known, canon) = if opts.rebuild {
        writer.delete_all_documents().map_err(tantivy_err)?;
        (HashMap::new(), Canon::default())
    } else {
        let known = load_known(&searcher).map_err(tantivy_err)?;
        (known, Canon::from_index(&searcher).map_err(tantivy_err)?)
    };
    let parser_same = !opts.rebuild && atlas.info.parser == parse::PARSER_VERSION;
    let mut recorded = ProblemFile::load(index_dir, parse::PARSER_VERSION).files;
    let mut run = Run {
        writer,
        fields: atlas.fields,
        canon,
        report: IndexReport {
            rebuilt_from_schema: rebuilt_from,
            ..IndexReport::default()
        },
        changed: opts.rebuild,
        problems: BTreeMap::new(),
    };
    run.report.skipped.extend(walked.skipped);
    let files: Vec<CorpusFile> = (walked.files.into_iter())
        .filter(|f| !configs.ignores(&opts.corpus, &f.rel))
        .collect();
    run.report.files = files.len() as u64;
    let mut to_read = Vec::new();
    for file in files {
        let trusted = parser_same && configs.same_as_recorded(&atlas.info.configs, &file.rel);
        let problems = (recorded.remove(&file.rel)).filter(|p| trusted && p.matches(file.stamp));
        let previous = known.remove(&file.rel);
        let same_file = |k: &KnownFile| {
            k.stamp.size == file.stamp.size && k.stamp.mtime_ns == file.stamp.mtime_ns
        };
        match (previous, problems) {
            // Unchanged, and nothing to report (or its report is on record).
            (Some(k), problems)
                if trusted && same_file(&k) && (!k.stamp.flagged || problems.is_some()) =>
            {
                run.report.unchanged += k.articles.len() as u64;
                if let Some(p) = problems {
                    run.report_again(&file.rel, p);
                }
            }
            // Unchanged, and not an article at all: its reasons are on record.
            (None, Some(p)) => run.report_again(&file.rel, p),
            (previous, _) => to_read.push((file, previous)),
        }
    }
    // Whatever is left in `known` has vanished from the corpus (or is now ignored).
    for (_, gone) in known.drain() {
        for (id, _) in gone.articles {
            run.remove(&id);
        }
    }
    run.read_all(&to_read, &configs, opts.threads, progress)
        .map_err(|e| match e {
            ReadError::Pool(source) => IndexError::ThreadPool {
                threads: opts.threads.max(1),
                source,
            },
            ReadError::Tantivy(source) => tantivy_err(source),
        })?;

    let Run {
        writer,
        mut report,
        changed,
        problems,
        ..
    } = run;
    let info = CommitInfo {
        configs: configs.fingerprint(),
        ..CommitInfo::current()
    };
    if changed || atlas.info != info {
        commit(writer, &info).map_err(tantivy_err)?;
    } else {
        drop(writer);
    }
    // After the commit: a record never describes a run that did not land.
    if let Err(e) = ProblemFile::new(parse::PARSER_VERSION, problems).save(index_dir) {
        report.warnings.push(IndexWarning {
            path: index_dir.display().to_string(),
            message: format!(
                "cannot record skip reasons ({e}); unchanged files with problems will be read again"
            ),
        });
    }
    report.articles = atlas.reader()?.searcher().num_docs();
    report.skipped.sort_by(|a, b| a.path.cmp(&b.path));
    report.elapsed_ms = started.elapsed().as_millis() as u64;
    let secs = started.elapsed().as_secs_f64().max(1e-6);
    report.mb_per_s = ((report.bytes as f64 / 1e6) / secs * 100.0).round() / 100.0;
    Ok(report)
}

/// Reads and parses every `atlas.toml` of the corpus.
fn load_configs(root: &Path, files: &[CorpusFile]) -> Result<Configs, IndexError> {
    let mut list = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file.abs).map_err(|source| IndexError::ConfigRead {
            path: file.rel.clone(),
            source,
        })?;
        list.push(Config::parse(root, &file.rel, &text)?);
    }
    Ok(Configs::new(list))
}

enum ReadError {
    Pool(rayon::ThreadPoolBuildError),
    Tantivy(tantivy::TantivyError),
}

/// Segments a bulk load writes (tens of thousands of articles each) are
/// never merged again: merging them costs as much as indexing did and maps
/// gigabytes of files into memory. The small segments of daily runs still
/// merge with each other, so their number stays low.
fn merge_policy() -> LogMergePolicy {
    let mut policy = LogMergePolicy::default();
    policy.set_max_docs_before_merge(MAX_DOCS_BEFORE_MERGE);
    policy
}

/// Segments above this many articles are left as they are.
const MAX_DOCS_BEFORE_MERGE: usize = 50_000;

/// The index to write into, and the schema version it was rebuilt from
/// when it was written by an older atlas (SPEC: rebuilt in place by the
/// next `atlas index`).
fn open_for_indexing(
    index_dir: &Path,
    rebuild: bool,
) -> Result<(AtlasIndex, Option<u32>), StoreError> {
    if !crate::store::has_index(index_dir) {
        return Ok((AtlasIndex::create(index_dir)?, None));
    }
    match AtlasIndex::open(index_dir) {
        Err(StoreError::SchemaVersion {
            found, expected, ..
        }) if rebuild || found < expected => Ok((AtlasIndex::recreate(index_dir)?, Some(found))),
        // A first run killed before its first commit: finish creating it.
        Err(StoreError::Missing(_)) => Ok((AtlasIndex::finish_create(index_dir)?, None)),
        other => Ok((other?, None)),
    }
}

fn commit(mut writer: IndexWriter, info: &CommitInfo) -> tantivy::Result<()> {
    let mut prepared = writer.prepare_commit()?;
    prepared.set_payload(&info.payload());
    prepared.commit()?;
    writer.wait_merging_threads()
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
struct Run {
    writer: IndexWriter,
    fields: Fields,
    canon: Canon,
    report: IndexReport,
    changed: bool,
    /// This run's record of files with skips or warnings (`problems.rs`).
    problems: BTreeMap<String, Problems>,
}

impl Run {
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
    fn read_all(
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

    fn remove(&mut self, id: &str) {
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
