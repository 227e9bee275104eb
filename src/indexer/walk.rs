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

/// Every non-hidden file under `corpus` that no `.atlasignore` excludes.
pub(super) fn walk(corpus: &Path) -> Walk {
    let mut files = Vec::new();
    let mut configs = Vec::new();
    let mut skipped = Vec::new();
    let walker = ignore::WalkBuilder::new(corpus)
        .standard_filters(false)
        .hidden(true)
        .add_custom_ignore_filename(IGNORE_FILE)
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
        // Editors' swap and backup files are no more articles than hidden
        // files are (and `--watch` sees them come and go).
        if super::watch::is_editor_temp(&entry.file_name().to_string_lossy()) {
            continue;
        }
        let rel = relative(corpus, entry.path());
        let list = if entry.file_name() == CONFIG_FILE {
            &mut configs
        } else {
            &mut files
        };
        match entry.metadata() {
            Ok(meta) => list.push(CorpusFile {
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
    let (files, assets) = assets::split(unique);
    Walk {
        files,
        skipped,
        configs,
        assets,
    }
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
