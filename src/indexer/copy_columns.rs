//! The fast columns of the copy fields read back: one article's hash and
//! stamp (to re-write it with a new group), and every article's group (for
//! `stats`, tests and tools).

use tantivy::{DocAddress, Searcher};

use super::copies::group_value;
use super::known::str_of;
use crate::schema::{FileStamp, name};
use crate::store::columns::all_terms;

/// The content hash and file stamp of a committed article (fast columns only).
pub(super) fn stamp_of(
    searcher: &Searcher,
    addr: DocAddress,
) -> tantivy::Result<(String, FileStamp)> {
    let ff = searcher.segment_reader(addr.segment_ord).fast_fields();
    let hash = match ff.str(name::HASH)? {
        Some(col) => {
            let mut out = String::new();
            str_of(&col, addr.doc_id, &mut out)?;
            out
        }
        None => String::new(),
    };
    let stamp = FileStamp {
        size: ff.u64(name::FILE_SIZE)?.first(addr.doc_id).unwrap_or(0),
        mtime_ns: ff.i64(name::FILE_MTIME)?.first(addr.doc_id).unwrap_or(0),
        flagged: ff.u64(name::FILE_FLAGGED)?.first(addr.doc_id).unwrap_or(0) != 0,
    };
    Ok((hash, stamp))
}

/// Every article id with its stored copy group (for `stats`, tests and tools).
pub fn copy_groups(
    searcher: &Searcher,
) -> tantivy::Result<std::collections::BTreeMap<String, u64>> {
    let mut out = std::collections::BTreeMap::new();
    for segment in searcher.segment_readers() {
        let ff = segment.fast_fields();
        let Some(ids) = ff.str(name::ID)? else {
            continue;
        };
        let groups = ff.u64(name::COPY_GROUP)?;
        let terms = all_terms(&ids)?;
        for doc in segment.doc_ids_alive() {
            if let Some(id) = ids
                .term_ords(doc)
                .next()
                .and_then(|o| terms.get(o as usize))
            {
                let group = groups.first(doc).unwrap_or_else(|| group_value(id));
                out.insert(id.clone(), group);
            }
        }
    }
    Ok(out)
}
