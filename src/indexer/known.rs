//! What the index already holds, read back from its fast columns: per file,
//! the stamp it had and the (id, content hash) of each article it yielded.
//! A run diffs the corpus against this table.

use std::collections::{BTreeMap, HashMap};

use tantivy::Searcher;

use crate::schema::{FileStamp, name};

/// What the index knows of one file from its last commit.
pub(super) struct KnownFile {
    pub stamp: FileStamp,
    /// (id, content hash) of each article the file yielded.
    pub articles: Vec<(String, String)>,
}

/// Reads id, path (or the id standing for it), hash and file stamp of every live article from the fast
/// columns (no stored documents are decompressed).
pub(super) fn load_known(searcher: &Searcher) -> tantivy::Result<HashMap<String, KnownFile>> {
    let mut known: HashMap<String, KnownFile> = HashMap::new();
    for segment in searcher.segment_readers() {
        let ff = segment.fast_fields();
        let (Some(ids), Some(hashes)) = (ff.str(name::ID)?, ff.str(name::HASH)?) else {
            continue;
        };
        // Absent where every article's path is its id (see `schema::Fields::path`).
        let paths = ff.str(name::PATH)?;
        let sizes = ff.u64(name::FILE_SIZE)?;
        let mtimes = ff.i64(name::FILE_MTIME)?;
        let flags = ff.u64(name::FILE_FLAGGED)?;
        let id_terms = all_terms(&ids)?;
        let path_terms = paths.as_ref().map(all_terms).transpose()?;
        let hash_terms = all_terms(&hashes)?;
        for doc in segment.doc_ids_alive() {
            let term = |col: &tantivy::columnar::StrColumn, terms: &[String]| {
                col.term_ords(doc)
                    .next()
                    .and_then(|o| terms.get(o as usize).cloned())
            };
            let id = term(&ids, &id_terms).unwrap_or_default();
            let path = paths
                .as_ref()
                .zip(path_terms.as_deref())
                .and_then(|(col, terms)| term(col, terms))
                .unwrap_or_else(|| id.clone());
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
                .push((id, term(&hashes, &hash_terms).unwrap_or_default()));
        }
    }
    Ok(known)
}

/// Every term of a string fast column, by ordinal: one sorted pass over the
/// dictionary instead of a lookup per document.
pub(super) fn all_terms(col: &tantivy::columnar::StrColumn) -> std::io::Result<Vec<String>> {
    let mut terms = Vec::with_capacity(col.num_terms());
    let mut stream = col.dictionary().stream()?;
    while stream.advance() {
        terms.push(String::from_utf8_lossy(stream.key()).into_owned());
    }
    Ok(terms)
}

/// Every article id in the index with its content hash: what a run
/// compares against, exposed for tests and tooling.
pub fn manifest(searcher: &Searcher) -> tantivy::Result<BTreeMap<String, String>> {
    Ok(load_known(searcher)?
        .into_values()
        .flat_map(|k| k.articles)
        .collect())
}
