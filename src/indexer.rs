//! `atlas index`: walk the corpus, read and parse changed files in parallel,
//! diff their articles against what the index holds, and commit once.
//!
//! A file whose size and mtime match what the index recorded is not read at
//! all; a read file's articles are compared by content hash, so only real
//! changes become delete + add. Everything goes into a single commit, so a
//! run killed at any point leaves the previous commit intact.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Instant, UNIX_EPOCH};

use rayon::prelude::*;
use serde::Serialize;
use tantivy::indexer::LogMergePolicy;
use tantivy::{IndexWriter, Searcher, Term};

use crate::parse::{self, Parsed, Skip, Warning};
use crate::schema::{self, Fields, FileStamp, name};
use crate::store::{AtlasIndex, CommitInfo, StoreError};

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
}

/// What the index knows of one file from its last commit.
struct KnownFile {
    stamp: FileStamp,
    /// (id, content hash) of each article the file yielded.
    articles: Vec<(String, String)>,
}

struct CorpusFile {
    rel: String,
    abs: PathBuf,
    stamp: FileStamp,
}

enum FileOutcome {
    Parsed(Parsed),
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
    let atlas = open_for_indexing(index_dir, opts.rebuild)?;
    let tantivy_err = |source| IndexError::Tantivy {
        path: index_dir.to_path_buf(),
        source,
    };
    // Taking the writer first takes the lock: a second run fails before it
    // has walked or read anything.
    let writer = atlas.writer(opts.threads, opts.budget())?;
    writer.set_merge_policy(Box::new(merge_policy()));
    let fields = atlas.fields;
    let searcher = atlas.reader()?.searcher();

    let mut known = if opts.rebuild {
        writer.delete_all_documents().map_err(tantivy_err)?;
        HashMap::new()
    } else {
        load_known(&searcher).map_err(tantivy_err)?
    };
    let stamps_trusted = !opts.rebuild && atlas.info.parser == parse::PARSER_VERSION;
    let mut canon = if opts.rebuild {
        Canon::default()
    } else {
        Canon::from_index(&searcher).map_err(tantivy_err)?
    };

    let mut report = IndexReport::default();
    let (files, walk_skips) = walk(&opts.corpus);
    report.files = files.len() as u64;
    report.skipped.extend(walk_skips);

    let mut to_read = Vec::new();
    for file in files {
        match known.remove(&file.rel) {
            Some(k) if stamps_trusted && !k.stamp.flagged && k.stamp == file.stamp => {
                report.unchanged += k.articles.len() as u64;
            }
            previous => to_read.push((file, previous)),
        }
    }
    // Whatever is left in `known` has vanished from the corpus.
    for (_, gone) in known.drain() {
        for (id, _) in gone.articles {
            writer.delete_term(Term::from_field_text(fields.id, &id));
            report.removed += 1;
        }
    }

    progress.set_total(to_read.len() as u64);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.threads.max(1))
        .build()
        .expect("a thread pool with a positive thread count");
    let mut changed = report.removed > 0 || opts.rebuild;
    // Chunks keep memory bounded: at most one chunk of parsed articles is
    // alive while tantivy indexes the previous ones.
    for chunk in to_read.chunks(256) {
        let outcomes: Vec<FileOutcome> =
            pool.install(|| chunk.par_iter().map(|(f, _)| load(f)).collect());
        for ((file, previous), outcome) in chunk.iter().zip(outcomes) {
            changed |= apply(
                &writer,
                fields,
                &mut canon,
                file,
                previous.as_ref(),
                outcome,
                &mut report,
            )
            .map_err(tantivy_err)?;
        }
        progress.advance(chunk.len() as u64);
    }
    progress.finish();

    let info = CommitInfo::current();
    if changed || atlas.info != info {
        commit(writer, &info).map_err(tantivy_err)?;
    } else {
        drop(writer);
    }

    let reader = atlas.reader()?;
    report.articles = reader.searcher().num_docs();
    report.skipped.sort_by(|a, b| a.path.cmp(&b.path));
    report.elapsed_ms = started.elapsed().as_millis() as u64;
    let secs = started.elapsed().as_secs_f64().max(1e-6);
    report.mb_per_s = ((report.bytes as f64 / 1e6) / secs * 100.0).round() / 100.0;
    Ok(report)
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

fn open_for_indexing(index_dir: &Path, rebuild: bool) -> Result<AtlasIndex, StoreError> {
    if !crate::store::has_index(index_dir) {
        return AtlasIndex::create(index_dir);
    }
    match AtlasIndex::open(index_dir) {
        Err(StoreError::SchemaVersion { .. }) if rebuild => AtlasIndex::recreate(index_dir),
        // A first run killed before its first commit: finish creating it.
        Err(StoreError::Missing(_)) => AtlasIndex::finish_create(index_dir),
        other => other,
    }
}

fn commit(mut writer: IndexWriter, info: &CommitInfo) -> tantivy::Result<()> {
    let mut prepared = writer.prepare_commit()?;
    prepared.set_payload(&info.payload());
    prepared.commit()?;
    writer.wait_merging_threads()
}

fn load(file: &CorpusFile) -> FileOutcome {
    let limit = parse::size_limit(&file.rel);
    if file.stamp.size > limit {
        return FileOutcome::Parsed(Parsed {
            skipped: vec![Skip {
                path: file.rel.clone(),
                reason: parse::SkipReason::TooLarge {
                    size: file.stamp.size,
                    limit,
                },
            }],
            ..Parsed::default()
        });
    }
    match std::fs::read(&file.abs) {
        Ok(bytes) => FileOutcome::Parsed(parse::parse(&file.rel, &bytes)),
        Err(e) => FileOutcome::Unreadable(format!("cannot read: {e}")),
    }
}

/// Applies one read file to the writer; returns whether anything changed.
fn apply(
    writer: &IndexWriter,
    fields: Fields,
    canon: &mut Canon,
    file: &CorpusFile,
    previous: Option<&KnownFile>,
    outcome: FileOutcome,
    report: &mut IndexReport,
) -> tantivy::Result<bool> {
    let parsed = match outcome {
        FileOutcome::Unreadable(reason) => {
            report.skipped.push(SkippedFile {
                path: file.rel.clone(),
                reason,
            });
            return Ok(false);
        }
        FileOutcome::Parsed(parsed) => parsed,
    };
    // A file over the size limit was never read: it adds nothing to the
    // bytes read (nor to MB/s).
    if file.stamp.size <= parse::size_limit(&file.rel) {
        report.bytes += file.stamp.size;
    }
    let stamp = FileStamp {
        flagged: !parsed.skipped.is_empty() || !parsed.warnings.is_empty(),
        ..file.stamp
    };
    report
        .skipped
        .extend(parsed.skipped.into_iter().map(|s| SkippedFile {
            path: s.path,
            reason: s.reason.to_string(),
        }));
    report
        .warnings
        .extend(parsed.warnings.into_iter().map(|w: Warning| IndexWarning {
            path: w.path,
            message: w.message,
        }));

    let mut old: HashMap<&str, &str> = previous
        .map(|k| {
            k.articles
                .iter()
                .map(|(id, hash)| (id.as_str(), hash.as_str()))
                .collect()
        })
        .unwrap_or_default();
    let mut changed = false;
    for mut item in parsed.articles {
        let id_term = Term::from_field_text(fields.id, &item.article.id);
        match old.remove(item.article.id.as_str()) {
            Some(hash) if hash == item.hash => {
                report.unchanged += 1;
                // Same content, new mtime: re-add so the stored stamp lets
                // the next run skip reading this file.
                if previous.is_some_and(|k| k.stamp != stamp) {
                    writer.delete_term(id_term);
                } else {
                    continue;
                }
            }
            Some(_) => {
                writer.delete_term(id_term);
                report.updated += 1;
            }
            None => report.added += 1,
        }
        canon.apply(&mut item.article);
        writer.add_document(schema::to_document(
            fields,
            &item.article,
            &item.hash,
            stamp,
        ))?;
        changed = true;
    }
    // Articles the file used to hold and no longer yields (a JSON Lines
    // item deleted, or the file turned invalid).
    for id in old.into_keys() {
        writer.delete_term(Term::from_field_text(fields.id, id));
        report.removed += 1;
        changed = true;
    }
    Ok(changed)
}

/// Every non-hidden file under `corpus`, sorted by relative path, and the
/// entries the walk could not follow (reported as skipped).
fn walk(corpus: &Path) -> (Vec<CorpusFile>, Vec<SkippedFile>) {
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    let walker = ignore::WalkBuilder::new(corpus)
        .standard_filters(false)
        .hidden(true)
        .follow_links(true)
        .build();
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                skipped.push(walk_error(corpus, &err));
                continue;
            }
        };
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let rel = relative(corpus, entry.path());
        match entry.metadata() {
            Ok(meta) => files.push(CorpusFile {
                rel,
                abs: entry.path().to_path_buf(),
                stamp: FileStamp {
                    flagged: false,
                    size: meta.len(),
                    mtime_ns: meta
                        .modified()
                        .ok()
                        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                        .map(|d| d.as_nanos() as i64)
                        .unwrap_or(0),
                },
            }),
            Err(err) => skipped.push(SkippedFile {
                path: rel,
                reason: format!("cannot read metadata: {}", err),
            }),
        }
    }
    // Ids are paths as text: two names that are not valid UTF-8 can read
    // the same (`a\xFF.txt`, `a\xFE.txt` are both `a�.txt`). Keep the first
    // (in a stable order) and report the others, or every run would add
    // another copy under the shared id.
    files.sort_by(|a, b| a.rel.cmp(&b.rel).then_with(|| a.abs.cmp(&b.abs)));
    let mut unique: Vec<CorpusFile> = Vec::with_capacity(files.len());
    for file in files {
        if unique.last().is_some_and(|prev| prev.rel == file.rel) {
            let name = file.abs.strip_prefix(corpus).unwrap_or(&file.abs);
            skipped.push(SkippedFile {
                reason: format!(
                    "file name {name:?} is not valid UTF-8 and reads the same as another file's (rename it)"
                ),
                path: file.rel,
            });
        } else {
            unique.push(file);
        }
    }
    (unique, skipped)
}

fn walk_error(corpus: &Path, err: &ignore::Error) -> SkippedFile {
    let mut path = String::new();
    let mut inner = err;
    loop {
        match inner {
            ignore::Error::WithPath { path: p, err } => {
                path = relative(corpus, p);
                inner = err;
            }
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                inner = err
            }
            ignore::Error::Loop { child, .. } => {
                return SkippedFile {
                    path: relative(corpus, child),
                    reason: "symbolic link loop".to_string(),
                };
            }
            _ => break,
        }
    }
    let reason = match inner {
        ignore::Error::Io(io) if io.kind() == std::io::ErrorKind::NotFound => {
            "broken symbolic link, or the file vanished during the run".to_string()
        }
        other => other.to_string(),
    };
    SkippedFile { path, reason }
}

/// `a/b/c.txt`, whatever the platform's separator.
fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Reads id, path, hash and file stamp of every live article from the fast
/// columns (no stored documents are decompressed).
fn load_known(searcher: &Searcher) -> tantivy::Result<HashMap<String, KnownFile>> {
    let mut known: HashMap<String, KnownFile> = HashMap::new();
    for segment in searcher.segment_readers() {
        let ff = segment.fast_fields();
        let (Some(ids), Some(paths), Some(hashes)) =
            (ff.str(name::ID)?, ff.str(name::PATH)?, ff.str(name::HASH)?)
        else {
            continue;
        };
        let sizes = ff.u64(name::FILE_SIZE)?;
        let mtimes = ff.i64(name::FILE_MTIME)?;
        let flags = ff.u64(name::FILE_FLAGGED)?;
        let id_terms = all_terms(&ids)?;
        let path_terms = all_terms(&paths)?;
        let hash_terms = all_terms(&hashes)?;
        for doc in segment.doc_ids_alive() {
            let term = |col: &tantivy::columnar::StrColumn, terms: &[String]| {
                col.term_ords(doc)
                    .next()
                    .and_then(|o| terms.get(o as usize).cloned())
                    .unwrap_or_default()
            };
            let path = term(&paths, &path_terms);
            let entry = known.entry(path).or_insert_with(|| KnownFile {
                stamp: FileStamp {
                    size: sizes.first(doc).unwrap_or(0),
                    mtime_ns: mtimes.first(doc).unwrap_or(0),
                    flagged: flags.first(doc).unwrap_or(0) != 0,
                },
                articles: Vec::new(),
            });
            entry
                .articles
                .push((term(&ids, &id_terms), term(&hashes, &hash_terms)));
        }
    }
    Ok(known)
}

/// Every term of a string fast column, by ordinal: one sorted pass over the
/// dictionary instead of a lookup per document.
pub(crate) fn all_terms(col: &tantivy::columnar::StrColumn) -> std::io::Result<Vec<String>> {
    let mut terms = Vec::with_capacity(col.num_terms());
    let mut stream = col.dictionary().stream()?;
    while stream.advance() {
        terms.push(String::from_utf8_lossy(stream.key()).into_owned());
    }
    Ok(terms)
}

/// One display spelling per desk and per author, whatever the case they
/// were written in: the first spelling the index saw wins.
#[derive(Default)]
struct Canon {
    desks: HashMap<String, String>,
    authors: HashMap<String, String>,
}

impl Canon {
    fn from_index(searcher: &Searcher) -> tantivy::Result<Canon> {
        let mut canon = Canon::default();
        for segment in searcher.segment_readers() {
            let ff = segment.fast_fields();
            for (column, map) in [
                (name::DESK_EXACT, &mut canon.desks),
                (name::AUTHOR_EXACT, &mut canon.authors),
            ] {
                if let Some(col) = ff.str(column)? {
                    for display in all_terms(&col)? {
                        map.entry(crate::analysis::exact_key(&display))
                            .or_insert(display);
                    }
                }
            }
        }
        Ok(canon)
    }

    fn apply(&mut self, article: &mut crate::article::Article) {
        fn one(map: &mut HashMap<String, String>, value: &mut String) {
            let display = map
                .entry(crate::analysis::exact_key(value))
                .or_insert_with(|| value.clone());
            value.clone_from(display);
        }
        if let Some(desk) = article.desk.as_mut() {
            one(&mut self.desks, desk);
        }
        for author in &mut article.authors {
            one(&mut self.authors, author);
        }
    }
}

/// Every article id in the index with its content hash: what a run
/// compares against, exposed for tests and tooling.
pub fn manifest(
    searcher: &Searcher,
) -> tantivy::Result<std::collections::BTreeMap<String, String>> {
    Ok(load_known(searcher)?
        .into_values()
        .flat_map(|k| k.articles)
        .collect())
}
