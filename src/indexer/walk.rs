//! The corpus walk: every file under the corpus that is not hidden, with
//! the size and mtime that decide whether it must be read again, and the
//! entries the walk could not follow (reported, never lost).

use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use super::SkippedFile;
use super::assets::{self, AssetFolders};
use crate::config::{CONFIG_FILE, IGNORE_FILE};
use crate::schema::FileStamp;

#[derive(Clone)]
pub(super) struct CorpusFile {
    pub rel: String,
    pub abs: PathBuf,
    pub stamp: FileStamp,
}

/// What a walk of the corpus found.
pub(super) struct Walk {
    /// Possible articles, sorted by relative path.
    pub files: Vec<CorpusFile>,
    /// Entries the walk could not follow (reported as skipped).
    pub skipped: Vec<SkippedFile>,
    /// The `atlas.toml` files (configuration, never articles).
    pub configs: Vec<CorpusFile>,
    /// Saved pages' asset folders, set aside (`assets`).
    pub assets: AssetFolders,
}

/// One entry the walk found.
enum Found {
    File(CorpusFile),
    Config(CorpusFile),
    Skipped(SkippedFile),
}

/// Every non-hidden file under `corpus` that no `.atlasignore` excludes.
/// Walked on two threads: on a warm cache a run that changes nothing is
/// mostly this walk (a `stat` per file).
pub(super) fn walk(corpus: &Path) -> Walk {
    let found = std::sync::Mutex::new(Vec::new());
    let walker = ignore::WalkBuilder::new(corpus)
        .standard_filters(false)
        .hidden(true)
        .add_custom_ignore_filename(IGNORE_FILE)
        .follow_links(true)
        .threads(2)
        .build_parallel();
    walker.run(|| {
        let mut batch = Batch {
            items: Vec::new(),
            into: &found,
        };
        Box::new(move |entry| {
            if let Some(one) = visit(corpus, entry) {
                batch.items.push(one);
            }
            if batch.items.len() >= 256 {
                batch.flush();
            }
            ignore::WalkState::Continue
        })
    });
    let mut files = Vec::new();
    let mut configs = Vec::new();
    let mut skipped = Vec::new();
    let found = found
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    for one in found {
        match one {
            Found::File(f) => files.push(f),
            Found::Config(f) => configs.push(f),
            Found::Skipped(s) => skipped.push(s),
        }
    }
    configs.sort_by(|a: &CorpusFile, b| a.rel.cmp(&b.rel));
    skipped.sort_by(|a: &SkippedFile, b| a.path.cmp(&b.path));
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
    let (files, assets) = assets::split(unique);
    Walk {
        files,
        skipped,
        configs,
        assets,
    }
}

/// One walking thread's finds, handed over in batches and when it ends.
struct Batch<'a> {
    items: Vec<Found>,
    into: &'a std::sync::Mutex<Vec<Found>>,
}

impl Batch<'_> {
    fn flush(&mut self) {
        if let Ok(mut all) = self.into.lock() {
            all.append(&mut self.items);
        }
    }
}

impl Drop for Batch<'_> {
    fn drop(&mut self) {
        self.flush();
    }
}

fn visit(corpus: &Path, entry: Result<ignore::DirEntry, ignore::Error>) -> Option<Found> {
    let entry = match entry {
        Ok(entry) => entry,
        Err(err) => return Some(Found::Skipped(walk_error(corpus, &err))),
    };
    if !entry.file_type().is_some_and(|t| t.is_file()) {
        return None;
    }
    // Editors' swap and backup files are no more articles than hidden
    // files are (and `--watch` sees them come and go).
    if super::watch::is_editor_temp(&entry.file_name().to_string_lossy()) {
        return None;
    }
    let rel = relative(corpus, entry.path());
    let meta = match entry.metadata() {
        Ok(meta) => meta,
        Err(err) => {
            return Some(Found::Skipped(SkippedFile {
                path: rel,
                reason: format!("cannot read metadata: {}", err),
            }));
        }
    };
    let file = CorpusFile {
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
    };
    Some(if entry.file_name() == CONFIG_FILE {
        Found::Config(file)
    } else {
        Found::File(file)
    })
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

/// `a/b/c.txt`, whatever the platform's separator; a byte that is not
/// UTF-8 written `\xNN` (SPEC: a path that is not valid UTF-8).
fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| crate::escape::path_text(c.as_os_str()))
        .collect::<Vec<_>>()
        .join("/")
}
