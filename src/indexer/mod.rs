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

use tantivy::IndexWriter;
use tantivy::indexer::LogMergePolicy;

use crate::config::{Config, Configs};
use crate::parse;
use crate::store::{AtlasIndex, CommitInfo, StoreError};

mod apply;
mod assets;
mod canon;
mod compact;
mod copies;
mod copy_columns;
mod known;
mod load;
mod problems;
mod report;
mod scans;
mod stamps;
mod walk;
pub mod watch;

use apply::Run;
use canon::Canon;
use copies::Copies;
pub use copies::group_value;
pub use copy_columns::copy_groups;
use known::Known;
pub use known::manifest;
use problems::ProblemFile;
pub use report::{IndexError, IndexReport, IndexWarning, NotPushed, SkippedFile};
use stamps::Previous;
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
    /// Articles from which a segment is a bulk segment: never merged by the
    /// policy while a run writes, merged once at its end when too many are
    /// left (`compact.rs`). Tests lower it to get bulk segments cheaply.
    pub bulk_segment_docs: u32,
    /// `--ocr`: scans and images read by OCR in every folder, whatever its
    /// `[ocr] enabled` says.
    pub ocr: bool,
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
            bulk_segment_docs: BULK_SEGMENT_DOCS,
            ocr: false,
        }
    }

    fn budget(&self) -> usize {
        if self.memory_budget > 0 {
            self.memory_budget
        } else {
            // 128 MB in all, shared by the indexing threads, and not
            // growing with `--threads` (tantivy needs 15 MB a thread, so
            // only past 8 threads does it).
            WRITER_BUDGET.max(self.threads.max(1) * 15 * 1024 * 1024)
        }
    }
}

/// The writer's memory budget, whatever the thread count. Chosen by
/// measurement at 100k articles on 2 cores (BENCHMARKS.md, "Speed, round
/// three"): peak RSS 341–373 MiB at 128 MB against 546–592 MiB at 384 MB,
/// for no more CPU time and a wall time within noise (its eight segments
/// are merged once, at the end, by the policy).
pub const WRITER_BUDGET: usize = 128 * 1024 * 1024;

/// Receives progress; the CLI draws a bar, tests and `--quiet` ignore it.
pub trait Progress: Sync {
    fn set_total(&self, _files: u64) {}
    fn advance(&self, _files: u64) {}
    fn finish(&self) {}
}

pub struct NoProgress;
impl Progress for NoProgress {}

/// Runs one indexing pass of `opts.corpus` into the index at `index_dir`,
/// in phases: open and lock the index; survey the corpus and what the
/// index holds; plan which files to read; read, parse and apply them;
/// settle copy groups; commit once; sum up.
pub fn run(
    index_dir: &Path,
    opts: &IndexOptions,
    progress: &dyn Progress,
) -> Result<IndexReport, IndexError> {
    let started = Instant::now();
    check_corpus(&opts.corpus)?;
    let (atlas, rebuilt_from, carried) = open_for_indexing(index_dir, opts.rebuild)?;
    let tantivy_err = |source| IndexError::Tantivy {
        path: index_dir.to_path_buf(),
        source,
    };
    // Taking the writer first takes the lock: a second run fails before it
    // has walked or read anything.
    let writer = atlas.writer(opts.threads, opts.budget())?;
    writer.set_merge_policy(Box::new(merge_policy(opts.bulk_segment_docs)));
    let searcher = atlas.reader()?.searcher();
    let (walked, held) = survey(&atlas, &searcher, opts, index_dir);
    let Held {
        mut known,
        canon,
        copies,
    } = held.map_err(tantivy_err)?;
    // Walked and configured before anything changes: a config that does not
    // parse leaves the index as it was.
    let configs = load_configs(&opts.corpus, &walked.configs)?
        .with_ocr(crate::ocr::Switch::new(opts.ocr, Some(index_dir)));
    if opts.rebuild {
        writer.delete_all_documents().map_err(tantivy_err)?;
    }
    let previous = carried.map_or_else(|| Previous::of_commit(&searcher), Previous::Table);
    let mut run = start(writer, &atlas, opts, previous, canon, copies)?;
    run.report.rebuilt_from_schema = rebuilt_from;

    let files = run.count_walk(walked, &configs, &opts.corpus);
    let parser_same = !opts.rebuild && atlas.info.parser == parse::PARSER_VERSION;
    let trusted = |rel: &str| parser_same && configs.same_as_recorded(&atlas.info.configs, rel);
    let recorded = ProblemFile::load(index_dir, parse::PARSER_VERSION).files;
    let to_read = run.plan(files, &mut known, recorded, trusted, &configs);
    // Whatever is left in `known` has vanished from the corpus (or is now ignored).
    for gone in known.drain() {
        for (id, _) in known.file(gone).articles {
            run.remove(&id);
        }
    }

    run.read_all(to_read, &configs, progress)
        .map_err(tantivy_err)?;
    let regrouped = (run.copies)
        .settle(&run.pool, &searcher, &run.writer, &configs, &mut run.canon)
        .map_err(tantivy_err)?;
    run.changed |= regrouped > 0;

    let info = CommitInfo {
        configs: configs.fingerprint(),
        indexed_at: run.newest,
        names_held: Some(crate::schema::names_list(run.names_held)),
        variants: configs.variants(),
        ..CommitInfo::current()
    };
    let mut report = finish(run, &atlas, info, opts, index_dir).map_err(tantivy_err)?;
    // Quotes follow their articles (`quotes/index.rs`); a failure leaves
    // the articles committed and is caught up by the next run. A rebuild
    // rebuilds them too: `--rebuild` is the way out of a doubtful index.
    let quotes = match opts.rebuild {
        true => crate::quotes::rebuild(index_dir),
        false => crate::quotes::sync(index_dir),
    };
    if let Err(e) = quotes {
        report.warnings.push(IndexWarning {
            path: index_dir.display().to_string(),
            message: format!("cannot update the quote index ({e}); the next run tries again"),
        });
    }
    report.articles = atlas.reader()?.searcher().num_docs();
    report.skipped.sort_by(|a, b| a.path.cmp(&b.path));
    report.elapsed_ms = started.elapsed().as_millis() as u64;
    let secs = started.elapsed().as_secs_f64().max(1e-6);
    report.mb_per_s = ((report.bytes as f64 / 1e6) / secs * 100.0).round() / 100.0;
    Ok(report)
}

fn check_corpus(corpus: &Path) -> Result<(), IndexError> {
    if !corpus.exists() {
        return Err(IndexError::NoCorpus(corpus.to_path_buf()));
    }
    if !corpus.is_dir() {
        return Err(IndexError::CorpusNotDir(corpus.to_path_buf()));
    }
    Ok(())
}

/// What the index held before the run: its files' articles and hashes,
/// the display spellings, the copy fingerprints.
struct Held {
    known: Known,
    canon: Canon,
    copies: Copies,
}

/// Walks the corpus while reading what the index holds: the walk (system
/// calls, on its own threads) and the reading (CPU) overlap, and together
/// they are most of a run that changes little. A rebuild starts from
/// nothing.
fn survey(
    atlas: &AtlasIndex,
    searcher: &tantivy::Searcher,
    opts: &IndexOptions,
    index_dir: &Path,
) -> (walk::Walk, tantivy::Result<Held>) {
    std::thread::scope(|scope| {
        let walking = scope.spawn(|| walk(&opts.corpus));
        let held = if opts.rebuild {
            Ok(Held {
                known: Known::empty(),
                canon: Canon::default(),
                copies: Copies::empty(atlas.fields, &opts.corpus, index_dir),
            })
        } else {
            Known::load(searcher).and_then(|known| {
                let canon = Canon::from_index(searcher)?;
                let copies = Copies::new(searcher, atlas.fields, &opts.corpus, index_dir);
                Ok(Held {
                    known,
                    canon,
                    copies,
                })
            })
        };
        let walked = walking.join();
        (
            walked.unwrap_or_else(|p| std::panic::resume_unwind(p)),
            held,
        )
    })
}

/// The run's starting state: a new `indexed_at` stamp, the name fields
/// held so far, the reading threads.
fn start(
    writer: IndexWriter,
    atlas: &AtlasIndex,
    opts: &IndexOptions,
    previous: Previous,
    canon: Canon,
    copies: Copies,
) -> Result<Run, IndexError> {
    let stamp = stamps::next_stamp(atlas.info.indexed_at.max(previous.newest()));
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.threads.max(1))
        .build()
        .map_err(|source| IndexError::ThreadPool {
            threads: opts.threads.max(1),
            source,
        })?;
    Ok(Run {
        writer,
        fields: atlas.fields,
        canon,
        report: IndexReport::default(),
        changed: opts.rebuild,
        problems: BTreeMap::new(),
        previous,
        stamp,
        newest: atlas.info.indexed_at,
        names_held: match (&atlas.info.names_held, opts.rebuild) {
            (_, true) => [false; 3],
            (Some(held), false) => crate::schema::names_flags(held),
            // An older atlas did not record them: assume every one is held.
            (None, false) => [true; 3],
        },
        copies,
        pool,
    })
}

impl Run {
    /// Counts what the walk found and returns the files to consider:
    /// entries it could not follow are files listed with a reason, a saved
    /// page's asset folders are set aside, ignored files are left out.
    fn count_walk(
        &mut self,
        walked: walk::Walk,
        configs: &Configs,
        corpus: &Path,
    ) -> Vec<CorpusFile> {
        self.report.files_skipped = walked.skipped.len() as u64;
        self.report.files_set_aside = walked.assets.files() as u64;
        self.report.skipped.extend(walked.skipped);
        self.report.warnings.extend(walked.assets.warning());
        let files: Vec<CorpusFile> = (walked.files.into_iter())
            .filter(|f| !configs.ignores(corpus, &f.rel))
            .collect();
        // Every file found; each is then counted as indexed, skipped or set
        // aside, and the three add up to this (SPEC "Nothing is lost").
        self.report.files =
            (files.len() + walked.assets.files()) as u64 + self.report.files_skipped;
        files
    }
}

/// Commits what the run changed (or a changed `info`), then records the
/// files with problems — after the commit, so a record never describes a
/// run that did not land.
fn finish(
    run: Run,
    atlas: &AtlasIndex,
    info: CommitInfo,
    opts: &IndexOptions,
    index_dir: &Path,
) -> tantivy::Result<IndexReport> {
    let Run {
        mut writer,
        mut report,
        changed,
        problems,
        copies,
        canon,
        previous,
        ..
    } = run;
    // Settled: what they hold is not needed again, and the merge below is
    // the run's last big user of memory.
    drop((copies, canon, previous));
    if changed || atlas.info != info {
        commit(&mut writer, &info)?;
        writer.wait_merging_threads()?;
        // The commit has landed: a merge that fails leaves it searchable.
        let merged = compact::merge_bulk(index_dir, opts.bulk_segment_docs, opts.threads);
        if let Err(e) = merged {
            report.warnings.push(IndexWarning {
                path: index_dir.display().to_string(),
                message: format!("cannot merge segments ({e}); searches stay slower until a later run merges them"),
            });
        }
    } else {
        drop(writer);
    }
    if let Err(e) = ProblemFile::new(parse::PARSER_VERSION, problems).save(index_dir) {
        report.warnings.push(IndexWarning {
            path: index_dir.display().to_string(),
            message: format!(
                "cannot record skip reasons ({e}); unchanged files with problems will be read again"
            ),
        });
    }
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

/// Segments a bulk load writes (tens of thousands of articles each) are
/// not merged while it runs: cascading merges during a 1M build cost a
/// third of its time and mapped gigabytes of files. They are merged once
/// at the end (`compact.rs`). The small segments of daily runs still merge
/// with each other, so their number stays low.
fn merge_policy(bulk_docs: u32) -> LogMergePolicy {
    let mut policy = LogMergePolicy::default();
    policy.set_max_docs_before_merge(bulk_docs as usize);
    policy
}

/// Segments of more than this many articles are bulk segments.
const BULK_SEGMENT_DOCS: u32 = 50_000;

/// The index to write into, the schema version it was rebuilt from when it
/// was written by an older atlas (SPEC: rebuilt in place by the next `atlas
/// index`), and then what the old index held (id → hash, indexed_at), read
/// before it was deleted.
type Opened = (
    AtlasIndex,
    Option<u32>,
    Option<HashMap<String, (String, i64)>>,
);

fn open_for_indexing(index_dir: &Path, rebuild: bool) -> Result<Opened, StoreError> {
    if !crate::store::has_index(index_dir) {
        return Ok((AtlasIndex::create(index_dir)?, None, None));
    }
    match AtlasIndex::open(index_dir) {
        Err(StoreError::SchemaVersion {
            found, expected, ..
        }) if rebuild || found < expected => {
            let table = stamps::read_table(index_dir);
            Ok((AtlasIndex::recreate(index_dir)?, Some(found), Some(table)))
        }
        // A first run killed before its first commit: finish creating it.
        Err(StoreError::Missing(_)) => Ok((AtlasIndex::finish_create(index_dir)?, None, None)),
        other => Ok((other?, None, None)),
    }
}

fn commit(writer: &mut IndexWriter, info: &CommitInfo) -> tantivy::Result<()> {
    let mut prepared = writer.prepare_commit()?;
    prepared.set_payload(&info.payload());
    prepared.commit()?;
    Ok(())
}
