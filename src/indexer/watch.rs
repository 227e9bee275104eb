//! `atlas index --watch`: after the normal run, follow the corpus and index
//! each batch of changes as one commit. File events (notify) only say
//! *that* something changed; what changed is decided, as always, by an
//! incremental [`run`](super::run), which stats every file and reads only
//! the changed ones. Events are debounced here, into batches: a batch is the
//! events until the corpus has been quiet for a moment (or a cap), so a
//! burst of a thousand files is one or a few commits. (notify's debouncer
//! crates were tried: they drop the event kind, so the reads of a run —
//! open/close events — set off another, empty run after every batch.)
//! Where the file system gives no events (network shares), notify's
//! polling watcher stands in.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, MetadataKind, ModifyKind};
use notify::{Event, EventKind, PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};

type Events = notify::Result<Event>;

use super::{IndexError, IndexOptions, IndexReport, NoProgress};

#[derive(Debug, Clone)]
pub struct WatchOptions {
    /// Poll every this often instead of waiting for file-system events.
    pub poll: Option<Duration>,
    /// A batch ends once no event came for this long…
    pub quiet: Duration,
    /// …or when it has been collecting this long.
    pub max_batch: Duration,
}

impl Default for WatchOptions {
    fn default() -> Self {
        WatchOptions {
            poll: None,
            quiet: Duration::from_millis(500),
            max_batch: Duration::from_secs(10),
        }
    }
}

/// Where a watch tells its caller what happened.
pub trait WatchSink {
    /// One batch was indexed (one commit, or none if nothing had changed),
    /// or it failed and the index is as it was.
    fn batch(&mut self, result: Result<&IndexReport, &IndexError>) -> std::io::Result<()>;
    /// Something worth a line on stderr (falling back to polling, a retry).
    fn note(&mut self, message: &str);
}

#[derive(Debug, thiserror::Error)]
pub enum WatchError {
    #[error("cannot watch {path}: {source} (try `--poll SECS`)")]
    Watch {
        path: PathBuf,
        source: notify::Error,
    },
    #[error("writing the batch summary: {0}")]
    Output(#[from] std::io::Error),
}

/// How long a failed batch waits before it is tried again (another indexer
/// held the lock).
const RETRY: Duration = Duration::from_secs(1);
/// Polling when events are unavailable and no interval was given.
const FALLBACK_POLL: Duration = Duration::from_secs(2);

/// A watch of the corpus, started before the normal run so that nothing
/// changed during it is missed (it only costs one more, quick, batch).
pub struct Watch {
    rx: Receiver<Events>,
    _watcher: Running,
}

impl Watch {
    pub fn start(
        corpus: &Path,
        wopts: &WatchOptions,
        sink: &mut dyn WatchSink,
    ) -> Result<Watch, WatchError> {
        let (tx, rx) = std::sync::mpsc::channel::<Events>();
        let watcher = start(corpus, wopts.poll, tx, sink)?;
        Ok(Watch {
            rx,
            _watcher: watcher,
        })
    }
}

/// Follows `opts.corpus` until `stop` is set (Ctrl-C), indexing each batch
/// of relevant changes. `stop` is only looked at between commits.
pub fn watch(
    watch: Watch,
    index_dir: &Path,
    opts: &IndexOptions,
    wopts: &WatchOptions,
    stop: &AtomicBool,
    sink: &mut dyn WatchSink,
) -> Result<(), WatchError> {
    let rx = watch.rx;
    let ignored = Ignore::new(&opts.corpus, index_dir);
    let mut pending = false;
    while !stop.load(Ordering::SeqCst) {
        if !pending {
            match rx.recv_timeout(Duration::from_millis(200)) {
                Ok(event) => pending = relevant(&event, &ignored, sink),
                Err(RecvTimeoutError::Timeout) => continue,
                Err(RecvTimeoutError::Disconnected) => break,
            }
            if !pending {
                continue;
            }
            gather(&rx, wopts, &ignored, stop, sink);
        }
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let incremental = IndexOptions {
            rebuild: false,
            ..opts.clone()
        };
        match super::run(index_dir, &incremental, &NoProgress) {
            Ok(report) => {
                pending = false;
                sink.batch(Ok(&report))?;
            }
            Err(IndexError::Store(crate::store::StoreError::Locked(_))) => {
                sink.note("another `atlas index` holds the index; trying this batch again");
                std::thread::sleep(RETRY);
            }
            Err(e) => {
                // The index is as it was (a run changes nothing before it
                // commits): report, and wait for the next change.
                pending = false;
                sink.batch(Err(&e))?;
            }
        }
    }
    Ok(())
}

/// Keeps collecting until the corpus is quiet or the batch is old enough.
fn gather(
    rx: &Receiver<Events>,
    wopts: &WatchOptions,
    ignored: &Ignore,
    stop: &AtomicBool,
    sink: &mut dyn WatchSink,
) {
    let started = Instant::now();
    let mut last = Instant::now();
    while started.elapsed() < wopts.max_batch && !stop.load(Ordering::SeqCst) {
        let wait = wopts.quiet.saturating_sub(last.elapsed());
        if wait.is_zero() {
            break;
        }
        match rx.recv_timeout(wait.min(Duration::from_millis(200))) {
            Ok(event) => {
                if relevant(&event, ignored, sink) {
                    last = Instant::now();
                }
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => break,
        }
    }
}

/// The watcher, kept alive for as long as events are wanted: events where
/// the platform has them, else polling.
type Running = Box<dyn std::any::Any>;

fn start(
    corpus: &Path,
    poll: Option<Duration>,
    tx: std::sync::mpsc::Sender<Events>,
    sink: &mut dyn WatchSink,
) -> Result<Running, WatchError> {
    let err = |source| WatchError::Watch {
        path: corpus.to_path_buf(),
        source,
    };
    if poll.is_none() {
        let events =
            RecommendedWatcher::new(tx.clone(), notify::Config::default()).and_then(|mut w| {
                w.watch(corpus, RecursiveMode::Recursive)?;
                Ok(w)
            });
        match events {
            Ok(w) => return Ok(Box::new(w)),
            Err(e) => sink.note(&format!(
                "no file-system events for {} ({e}); polling every {} s",
                corpus.display(),
                FALLBACK_POLL.as_secs()
            )),
        }
    }
    let interval = poll.unwrap_or(FALLBACK_POLL);
    let config = notify::Config::default().with_poll_interval(interval);
    let mut w = PollWatcher::new(tx, config).map_err(err)?;
    w.watch(corpus, RecursiveMode::Recursive).map_err(err)?;
    Ok(Box::new(w))
}

/// Whether an event may change what the index holds: not reads (a run's
/// own opens and closes, access times), nor ignored paths.
fn relevant(event: &Events, ignored: &Ignore, sink: &mut dyn WatchSink) -> bool {
    match event {
        Ok(event) => {
            let mutation = match event.kind {
                EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
                EventKind::Access(_) => false,
                EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)) => false,
                _ => true,
            };
            mutation && event.paths.iter().any(|p| !ignored.matches(p))
        }
        Err(e) => {
            // A lost event (queue overflow) may hide a change: re-check.
            sink.note(&format!("watch error: {e}; re-checking the corpus"));
            true
        }
    }
}

/// Paths whose changes never need a run: editors' swap, backup and
/// atomic-save temp files, hidden entries (the walker skips them too), and
/// the index itself should it live inside the corpus.
struct Ignore {
    corpus: PathBuf,
    index: PathBuf,
}

impl Ignore {
    fn new(corpus: &Path, index: &Path) -> Ignore {
        let full = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
        Ignore {
            corpus: full(corpus),
            index: full(index),
        }
    }

    fn matches(&self, path: &Path) -> bool {
        if path.starts_with(&self.index) {
            return true;
        }
        let rel = path.strip_prefix(&self.corpus).unwrap_or(path);
        let hidden = rel.components().any(|c| {
            let c = c.as_os_str().to_string_lossy();
            c.starts_with('.') && c != "." && c != ".."
        });
        let name = rel
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        hidden || is_editor_temp(&name)
    }
}

/// vim (`.swp`, `.swx`, `4913`), emacs (`#x#`, `x~`), and the temp names
/// of atomic saves and downloads.
pub fn is_editor_temp(name: &str) -> bool {
    const SUFFIXES: [&str; 8] = [
        "~",
        ".swp",
        ".swx",
        ".swo",
        ".tmp",
        ".part",
        ".crdownload",
        ".kate-swp",
    ];
    SUFFIXES.iter().any(|s| name.ends_with(s))
        || name == "4913"
        || (name.starts_with('#') && name.ends_with('#'))
        || name.starts_with(".#")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_temp_files_are_ignored_and_articles_are_not() {
        let ignore = Ignore {
            corpus: PathBuf::from("/c"),
            index: PathBuf::from("/c/idx"),
        };
        for temp in [
            "/c/a.txt~",
            "/c/.a.txt.swp",
            "/c/d/a.md.swx",
            "/c/4913",
            "/c/#a.txt#",
            "/c/.#a.txt",
            "/c/a.txt.tmp",
            "/c/.git/index",
            "/c/idx/meta.json",
        ] {
            assert!(ignore.matches(Path::new(temp)), "{temp}");
        }
        for article in ["/c/a.txt", "/c/d/b.md", "/c/atlas.toml", "/c/d"] {
            assert!(!ignore.matches(Path::new(article)), "{article}");
        }
    }
}
