//! What the index already holds, read back from its fast columns: per file,
//! the stamp it had and the documents it yielded. A run diffs the corpus
//! against this table.
//!
//! Only paths and stamps are read up front: a run that finds a file
//! unchanged needs nothing else, and most files of a daily run are
//! unchanged. The ids and content hashes of a file's articles are looked up
//! when the run reads the file again or finds it gone (`Known::file`).

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;
use tantivy::columnar::StrColumn;
use tantivy::{DocAddress, DocId, Searcher};

use crate::schema::{FileStamp, name};

/// The files of the last commit, by relative path.
pub(super) struct Known {
    files: FxHashMap<String, KnownEntry>,
    /// Per segment ordinal: its id and hash columns.
    columns: Vec<Option<(StrColumn, StrColumn)>>,
}

/// One file of the last commit, its articles not yet looked up.
pub(super) struct KnownEntry {
    pub stamp: FileStamp,
    docs: Vec<DocAddress>,
}

impl KnownEntry {
    pub(super) fn articles(&self) -> usize {
        self.docs.len()
    }
}

/// What the index knows of one file from its last commit.
pub(super) struct KnownFile {
    pub stamp: FileStamp,
    /// (id, content hash) of each article the file yielded.
    pub articles: Vec<(String, String)>,
}

impl Known {
    /// Nothing known (a rebuild).
    pub(super) fn empty() -> Known {
        Known {
            files: FxHashMap::default(),
            columns: Vec::new(),
        }
    }

    /// Reads path (or the id standing for it) and file stamp of every live
    /// article from the fast columns (no stored documents are decompressed).
    pub(super) fn load(searcher: &Searcher) -> tantivy::Result<Known> {
        let mut known = Known::empty();
        for (ord, segment) in searcher.segment_readers().iter().enumerate() {
            let ff = segment.fast_fields();
            let (Some(ids), Some(hashes)) = (ff.str(name::ID)?, ff.str(name::HASH)?) else {
                known.columns.push(None);
                continue;
            };
            // A document without a path has its id as its path (see
            // `schema::Fields::path`): the column is absent when all do.
            let paths = ff.str(name::PATH)?;
            let sizes = ff.u64(name::FILE_SIZE)?;
            let mtimes = ff.i64(name::FILE_MTIME)?;
            let flags = ff.u64(name::FILE_FLAGGED)?;
            let stamp = |doc| FileStamp {
                size: sizes.first(doc).unwrap_or(0),
                mtime_ns: mtimes.first(doc).unwrap_or(0),
                flagged: flags.first(doc).unwrap_or(0) != 0,
            };
            let (mut by_path, mut by_id) = (Vec::new(), Vec::new());
            for doc in segment.doc_ids_alive() {
                match paths.as_ref().and_then(|p| p.term_ords(doc).next()) {
                    Some(o) => by_path.push((o, doc)),
                    None => by_id.extend(ids.term_ords(doc).next().map(|o| (o, doc))),
                }
            }
            if let Some(paths) = &paths {
                known.add(ord as u32, paths, by_path, &stamp)?;
            }
            known.add(ord as u32, &ids, by_id, &stamp)?;
            known.columns.push(Some((ids, hashes)));
        }
        Ok(known)
    }

    /// Adds documents known by (ordinal of their path in `col`, doc): one
    /// pass over the sorted dictionary, one string per file and none per
    /// document.
    fn add(
        &mut self,
        segment_ord: u32,
        col: &StrColumn,
        mut docs: Vec<(u64, u32)>,
        stamp: &dyn Fn(u32) -> FileStamp,
    ) -> std::io::Result<()> {
        docs.sort_unstable();
        let mut groups = docs.chunk_by(|a, b| a.0 == b.0).peekable();
        let mut stream = col.dictionary().stream()?;
        let mut term_ord = 0u64;
        while let Some(group) = groups.peek()
            && stream.advance()
        {
            if group[0].0 == term_ord {
                let path = String::from_utf8_lossy(stream.key()).into_owned();
                // A path is in several segments when its file was changed.
                let entry = (self.files.entry(path)).or_insert_with(|| KnownEntry {
                    stamp: stamp(group[0].1),
                    docs: Vec::new(),
                });
                let addrs = group.iter().map(|&(_, d)| DocAddress::new(segment_ord, d));
                entry.docs.extend(addrs);
                groups.next();
            }
            term_ord += 1;
        }
        Ok(())
    }

    /// Whether the index holds articles of the file at `rel`.
    pub(super) fn has(&self, rel: &str) -> bool {
        self.files.contains_key(rel)
    }

    pub(super) fn remove(&mut self, rel: &str) -> Option<KnownEntry> {
        self.files.remove(rel)
    }

    /// The files not yet removed: gone from the corpus (or now ignored).
    pub(super) fn drain(&mut self) -> Vec<KnownEntry> {
        self.files.drain().map(|(_, entry)| entry).collect()
    }

    /// A file's articles, with their ids and hashes looked up.
    pub(super) fn file(&self, entry: KnownEntry) -> KnownFile {
        let mut articles = Vec::with_capacity(entry.docs.len());
        for addr in entry.docs {
            let Some((ids, hashes)) = &self.columns[addr.segment_ord as usize] else {
                continue;
            };
            let (mut id, mut hash) = (String::new(), String::new());
            let _ = str_of(ids, addr.doc_id, &mut id);
            let _ = str_of(hashes, addr.doc_id, &mut hash);
            articles.push((id, hash));
        }
        KnownFile {
            stamp: entry.stamp,
            articles,
        }
    }
}

/// A document's value in a string fast column into `out` (empty when it
/// has none).
pub(super) fn str_of(col: &StrColumn, doc: DocId, out: &mut String) -> std::io::Result<()> {
    out.clear();
    if let Some(o) = col.term_ords(doc).next() {
        col.ord_to_str(o, out)?;
    }
    Ok(())
}

/// Every article id in the index with its content hash: what a run
/// compares against, exposed for tests and tooling.
pub fn manifest(searcher: &Searcher) -> tantivy::Result<BTreeMap<String, String>> {
    let mut known = Known::load(searcher)?;
    let entries = known.drain();
    Ok((entries.into_iter())
        .flat_map(|entry| known.file(entry).articles)
        .collect())
}
