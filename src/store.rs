//! Opening, creating and versioning an atlas index directory. The schema and
//! parser versions travel in tantivy's commit payload, so they are committed
//! atomically with the articles they describe.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
#[cfg(unix)]
use tantivy::directory::Advice;
use tantivy::directory::MmapDirectory;
use tantivy::directory::error::LockError;
use tantivy::store::{Compressor, ZstdCompressor};
use tantivy::{
    Directory, Index, IndexReader, IndexSettings, IndexWriter, ReloadPolicy, Searcher, TantivyError,
};

use crate::parse::PARSER_VERSION;
use crate::schema::{self, Fields, SCHEMA_VERSION};

mod access;
pub(crate) mod columns;
pub(crate) mod pread;
mod read_dir;
mod stored;

pub use access::Access;
pub(crate) use read_dir::ReadDirectory;
pub use stored::{address_of, article, load_article};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no index at {0} (build one with `atlas index CORPUS_DIR`)")]
    Missing(PathBuf),
    #[error("{0} is not an atlas index (point --index at an atlas index or an empty directory)")]
    NotAtlas(PathBuf),
    #[error(
        "the index at {path} was written by schema version {found}, this atlas reads version {expected} ({hint})",
        hint = schema_hint(*found, *expected)
    )]
    SchemaVersion {
        path: PathBuf,
        found: u32,
        expected: u32,
    },
    #[error("another `atlas index` is running on {0} (wait for it to finish, then try again)")]
    Locked(PathBuf),
    #[error("{path} is a file, not an index directory (choose a directory with --index)")]
    IsFile { path: PathBuf },
    #[error("cannot create the index at {path}: {source} (check that the directory is writable)")]
    Create {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("index at {path}: {source}")]
    Tantivy { path: PathBuf, source: TantivyError },
}

/// An older index is rebuilt in place by the next `atlas index`; a newer
/// one is only replaced when asked to.
fn schema_hint(found: u32, expected: u32) -> &'static str {
    if found < expected {
        "run `atlas index` to rebuild it in place"
    } else {
        "a newer atlas wrote it: upgrade atlas, or run `atlas index --rebuild` to rebuild it with this one"
    }
}

/// What the last commit recorded about how the index was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitInfo {
    pub atlas_schema: u32,
    pub parser: u32,
    /// The `atlas.toml` files in force (path relative to the corpus → hash
    /// of its bytes): a changed one re-applies to its subtree next run.
    #[serde(default)]
    pub configs: BTreeMap<String, String>,
    /// The newest `indexed_at` (Unix seconds) this commit stamped or kept:
    /// the next run stamps later than this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indexed_at: Option<i64>,
    /// The name fields (`schema::NAME_FIELDS`) some article has held a
    /// value in since the index was created or rebuilt (deleted articles
    /// included: it only grows). Unfielded words search only these. `None`
    /// where an older atlas wrote the commit: all are searched.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub names_held: Option<Vec<String>>,
    /// The root config's `[variants]` groups (`crate::variants`), applied
    /// to queries: recorded here, so changing them re-indexes nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variants: Option<crate::variants::Variants>,
}

impl CommitInfo {
    /// The versions of this build, without configs.
    pub fn current() -> CommitInfo {
        CommitInfo {
            atlas_schema: SCHEMA_VERSION,
            parser: PARSER_VERSION,
            configs: BTreeMap::new(),
            indexed_at: None,
            names_held: Some(Vec::new()),
            variants: None,
        }
    }

    pub fn payload(&self) -> String {
        serde_json::to_string(self).expect("plain struct serializes")
    }
}

/// An opened atlas index: the library's face. Opened and written here;
/// searched through [`crate::backend::Backend`] (`search/`), which the CLI
/// and the web server call.
pub struct AtlasIndex {
    pub index: Index,
    pub fields: Fields,
    pub dir: PathBuf,
    pub info: CommitInfo,
    /// Made on first use; later uses reload it, so a long-lived index (the
    /// web server) sees every new commit.
    reader: OnceLock<IndexReader>,
    /// The segments (id, deletes) of the commit `info` was read from.
    opened: Vec<(tantivy::index::SegmentId, Option<u64>)>,
}

/// The saved searches (`alerts.rs`): kept in the index directory, and kept
/// when the index is rebuilt.
pub const ALERTS_FILE: &str = "alerts.toml";

/// Files a user may keep in an index directory that do not make it "not
/// empty" — and that recreating an index leaves alone.
fn is_ignorable_entry(name: &str) -> bool {
    name.starts_with('.')
        || name.eq_ignore_ascii_case("README.md")
        || name == ".gitkeep"
        || name == ALERTS_FILE
}

fn open_directory(dir: &Path, access: Access) -> tantivy::Result<Box<dyn Directory>> {
    Ok(match access {
        Access::Scan => Box::new(MmapDirectory::open(dir)?),
        #[cfg(unix)]
        Access::Lookup => Box::new(MmapDirectory::open_with_madvice(dir, Advice::Random)?),
        // Advice is madvise(2): elsewhere the system's default readahead.
        #[cfg(not(unix))]
        Access::Lookup => Box::new(MmapDirectory::open(dir)?),
        Access::Read => Box::new(ReadDirectory::open(dir)?),
    })
}

/// IO failures while creating an index are about the directory (not writable,
/// full); say so.
fn create_error(dir: &Path, source: TantivyError) -> StoreError {
    match source {
        TantivyError::IoError(io) => StoreError::Create {
            path: dir.to_path_buf(),
            source: std::io::Error::new(io.kind(), io.to_string()),
        },
        TantivyError::OpenDirectoryError(e) => StoreError::Create {
            path: dir.to_path_buf(),
            source: std::io::Error::other(e.to_string()),
        },
        source => StoreError::Tantivy {
            path: dir.to_path_buf(),
            source,
        },
    }
}

pub fn has_index(dir: &Path) -> bool {
    dir.join("meta.json").is_file()
}

impl AtlasIndex {
    pub fn open(dir: &Path) -> Result<AtlasIndex, StoreError> {
        AtlasIndex::open_for(dir, Access::Scan)
    }

    pub fn open_for(dir: &Path, access: Access) -> Result<AtlasIndex, StoreError> {
        if dir.is_file() {
            return Err(StoreError::IsFile {
                path: dir.to_path_buf(),
            });
        }
        if !has_index(dir) {
            let empty = std::fs::read_dir(dir)
                .map(|entries| {
                    entries
                        .filter_map(Result::ok)
                        .all(|e| is_ignorable_entry(&e.file_name().to_string_lossy()))
                })
                .unwrap_or(true);
            return Err(if empty {
                StoreError::Missing(dir.to_path_buf())
            } else {
                StoreError::NotAtlas(dir.to_path_buf())
            });
        }
        let tantivy_err = |source| StoreError::Tantivy {
            path: dir.to_path_buf(),
            source,
        };
        let index = open_directory(dir, access)
            .and_then(Index::open)
            .map_err(|e| match e {
                TantivyError::DataCorruption(_) | TantivyError::SchemaError(_) => {
                    StoreError::NotAtlas(dir.to_path_buf())
                }
                other => tantivy_err(other),
            })?;
        let metas = index.load_metas().map_err(tantivy_err)?;
        if metas.payload.is_none() && metas.segments.is_empty() {
            // A first `atlas index` killed between tantivy creating the
            // index and atlas's first commit: nothing was ever committed.
            return Err(StoreError::Missing(dir.to_path_buf()));
        }
        let info: CommitInfo = metas
            .payload
            .as_deref()
            .and_then(|p| serde_json::from_str(p).ok())
            .ok_or_else(|| StoreError::NotAtlas(dir.to_path_buf()))?;
        if info.atlas_schema != SCHEMA_VERSION {
            return Err(StoreError::SchemaVersion {
                path: dir.to_path_buf(),
                found: info.atlas_schema,
                expected: SCHEMA_VERSION,
            });
        }
        let fields = schema::fields_of(&index.schema())
            .map_err(|_| StoreError::NotAtlas(dir.to_path_buf()))?;
        crate::analysis::register_analyzers(&index);
        let opened = (metas.segments.iter())
            .map(|s| (s.id(), s.delete_opstamp()))
            .collect();
        Ok(AtlasIndex {
            index,
            fields,
            dir: dir.to_path_buf(),
            info,
            reader: OnceLock::new(),
            opened,
        })
    }

    /// Creates an empty index and commits it at once, so that a run killed
    /// before its first real commit still leaves an index that opens.
    pub fn create(dir: &Path) -> Result<AtlasIndex, StoreError> {
        if dir.is_file() {
            return Err(StoreError::IsFile {
                path: dir.to_path_buf(),
            });
        }
        std::fs::create_dir_all(dir).map_err(|source| StoreError::Create {
            path: dir.to_path_buf(),
            source,
        })?;
        let not_empty = std::fs::read_dir(dir)
            .map_err(|source| StoreError::Create {
                path: dir.to_path_buf(),
                source,
            })?
            .filter_map(Result::ok)
            .any(|e| !is_ignorable_entry(&e.file_name().to_string_lossy()));
        if not_empty {
            return Err(StoreError::NotAtlas(dir.to_path_buf()));
        }
        let (schema, fields) = schema::build_schema();
        let index = Index::builder()
            .schema(schema)
            .settings(index_settings())
            .create_in_dir(dir)
            .map_err(|e| create_error(dir, e))?;
        AtlasIndex::first_commit(index, fields, dir)
    }

    /// Completes a creation that a killed run left without its first
    /// commit (see `open`): under the writer lock, so a run still busy
    /// creating it is not disturbed.
    pub fn finish_create(dir: &Path) -> Result<AtlasIndex, StoreError> {
        let index = Index::open_in_dir(dir).map_err(|source| StoreError::Tantivy {
            path: dir.to_path_buf(),
            source,
        })?;
        let fields = schema::fields_of(&index.schema())
            .map_err(|_| StoreError::NotAtlas(dir.to_path_buf()))?;
        AtlasIndex::first_commit(index, fields, dir)
    }

    /// Commits the empty index with atlas's payload, so that a run killed
    /// before its first real commit still leaves an index that opens.
    fn first_commit(index: Index, fields: Fields, dir: &Path) -> Result<AtlasIndex, StoreError> {
        let tantivy_err = |source| create_error(dir, source);
        crate::analysis::register_analyzers(&index);
        let atlas = AtlasIndex {
            index,
            fields,
            dir: dir.to_path_buf(),
            info: CommitInfo::current(),
            reader: OnceLock::new(),
            opened: Vec::new(),
        };
        let mut writer = atlas.writer(1, 15_000_000)?;
        let mut commit = writer.prepare_commit().map_err(tantivy_err)?;
        commit.set_payload(&CommitInfo::current().payload());
        commit.commit().map_err(tantivy_err)?;
        Ok(atlas)
    }

    /// An index in memory, never on disk, all name fields searched: the
    /// cluster re-checks a handful of candidates in one.
    pub fn in_memory() -> AtlasIndex {
        let (schema, fields) = schema::build_schema();
        let index = Index::create_in_ram(schema);
        crate::analysis::register_analyzers(&index);
        let info = CommitInfo {
            names_held: None,
            ..CommitInfo::current()
        };
        AtlasIndex {
            index,
            fields,
            dir: PathBuf::new(),
            info,
            reader: OnceLock::new(),
            opened: Vec::new(),
        }
    }

    /// Removes an index written with another schema, then creates a new one.
    pub fn recreate(dir: &Path) -> Result<AtlasIndex, StoreError> {
        if let Ok(entries) = std::fs::read_dir(dir) {
            for entry in entries.filter_map(Result::ok) {
                let name = entry.file_name().to_string_lossy().into_owned();
                if !is_ignorable_entry(&name) && entry.path().is_file() {
                    std::fs::remove_file(entry.path()).map_err(|source| StoreError::Create {
                        path: dir.to_path_buf(),
                        source,
                    })?;
                }
            }
        }
        AtlasIndex::create(dir)
    }

    /// The index's writer, with what a killed run left behind removed.
    ///
    /// A commit writes its files, then `meta.json`; a run killed between
    /// the two leaves files tantivy only collects after the next commit.
    /// A rerun of the same work writes a delete file under the same name
    /// (segment id and opstamp), so they are collected before it writes.
    pub fn writer(&self, threads: usize, budget_bytes: usize) -> Result<IndexWriter, StoreError> {
        let writer = self.writer_with_lock(threads, budget_bytes)?;
        (writer.garbage_collect_files().wait()).map_err(|source| StoreError::Tantivy {
            path: self.dir.clone(),
            source,
        })?;
        Ok(writer)
    }

    fn writer_with_lock(
        &self,
        threads: usize,
        budget_bytes: usize,
    ) -> Result<IndexWriter, StoreError> {
        self.index
            .writer_with_num_threads(threads, budget_bytes)
            .map_err(|e| match e {
                TantivyError::LockFailure(LockError::LockBusy, _) => {
                    StoreError::Locked(self.dir.clone())
                }
                TantivyError::LockFailure(LockError::IoError(io), _) => StoreError::Create {
                    path: self.dir.clone(),
                    source: std::io::Error::new(io.kind(), io.to_string()),
                },
                source => StoreError::Tantivy {
                    path: self.dir.clone(),
                    source,
                },
            })
    }

    pub fn reader(&self) -> Result<IndexReader, StoreError> {
        self.index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|source| StoreError::Tantivy {
                path: self.dir.clone(),
                source,
            })
    }

    /// The field handles for searching `searcher`: unfielded words skip
    /// the name fields the opened commit never held (`Fields::searching`),
    /// when `searcher` holds exactly that commit's segments. A later commit
    /// (the web server's reloaded reader) may hold articles that have them.
    pub fn fields_for(&self, searcher: &Searcher) -> Fields {
        let segments = searcher.segment_readers();
        let same = segments.len() == self.opened.len()
            && (segments.iter())
                .all(|s| (self.opened).contains(&(s.segment_id(), s.delete_opstamp())));
        match &self.info.names_held {
            Some(held) if same => self.fields.searching(held),
            _ => self.fields,
        }
    }

    /// A searcher over the latest commit.
    pub fn searcher(&self) -> Result<Searcher, StoreError> {
        if let Some(reader) = self.reader.get() {
            reader.reload().map_err(|source| StoreError::Tantivy {
                path: self.dir.clone(),
                source,
            })?;
            return Ok(reader.searcher());
        }
        let reader = self.reader()?;
        let searcher = reader.searcher();
        // Another thread may have set it meanwhile; either reader will do.
        let _ = self.reader.set(reader);
        Ok(searcher)
    }
}

/// The doc store is zstd level 3 in tantivy's 16 KB blocks. Measured on
/// 20k synthetic articles (BENCHMARKS.md, "Index size"): the store falls
/// from 0.72x to 0.48x the input and the whole index by 18 %, for about
/// 2.2M more instructions per search (ten blocks decompressed); 64 KB
/// blocks save 5 % more and cost 10M, so search start-up would pay.
fn index_settings() -> IndexSettings {
    IndexSettings {
        docstore_compression: Compressor::Zstd(ZstdCompressor {
            compression_level: Some(3),
        }),
        ..IndexSettings::default()
    }
}
