//! What a run tells its caller: the summary (`index --format json`, SPEC
//! keys), the files it could not index and why, and the errors that stop a
//! run before it changes anything.

use std::path::PathBuf;

use serde::Serialize;

use crate::config::ConfigError;
use crate::store::StoreError;

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

/// An article `atlas push` could not put on the cluster, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct NotPushed {
    pub id: String,
    pub path: String,
    pub reason: String,
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
    /// `atlas push` only: articles the cluster did not take (the key is
    /// absent when there are none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_pushed: Vec<NotPushed>,
    /// Articles in the index after the run.
    pub articles: u64,
    /// Files found in the corpus (hidden and ignored ones aside):
    /// `files_indexed + files_skipped + files_set_aside`.
    pub files: u64,
    /// Files that gave at least one article (unchanged ones included).
    #[serde(default)]
    pub files_indexed: u64,
    /// Files that gave none, each listed in `skipped` with its reason (or
    /// through its items' `path#N` entries).
    #[serde(default)]
    pub files_skipped: u64,
    /// Files of saved pages' asset folders, counted in one warning.
    #[serde(default)]
    pub files_set_aside: u64,
    /// Records and items inside files (WARC records, export items, JSON
    /// array items) that were not articles or failed.
    #[serde(default)]
    pub items_skipped: u64,
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
