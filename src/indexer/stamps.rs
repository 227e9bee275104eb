//! `indexed_at`: when each article's stored fields last changed. Saved
//! searches fire on it, so a run that only re-processes an article
//! unchanged (a parser-version bump, a config edit that changes nothing, a
//! `--rebuild`, a schema upgrade) must carry the old value over instead of
//! stamping it anew. What the index held before the run answers "what was
//! its hash, and when was it indexed": looked up by id in the old commit,
//! or, when the old index is about to be deleted (schema upgrade), read
//! into a table first.

use std::collections::HashMap;
use std::path::Path;

use tantivy::columnar::{Column, StrColumn};
use tantivy::schema::IndexRecordOption;
use tantivy::{DateTime, DocSet, Index, Searcher, TERMINATED, Term};

use super::known::str_of;
use crate::schema::name;
use crate::store::columns::all_terms;

/// What the index held before this run, by article id.
pub(super) enum Previous {
    /// The commit this run starts from (normal runs and `--rebuild`, whose
    /// old segments stay readable until the new commit lands).
    Commit(Vec<SegmentColumns>),
    /// Read from an index of another schema before it was recreated.
    Table(HashMap<String, (String, i64)>),
}

pub(super) struct SegmentColumns {
    segment: tantivy::SegmentReader,
    hashes: Option<StrColumn>,
    stamps: Option<Column<DateTime>>,
}

impl Previous {
    pub(super) fn of_commit(searcher: &Searcher) -> Previous {
        let segments = (searcher.segment_readers().iter())
            .map(|segment| {
                let ff = segment.fast_fields();
                SegmentColumns {
                    segment: segment.clone(),
                    hashes: ff.str(name::HASH).ok().flatten(),
                    stamps: ff.date(name::INDEXED_AT).ok(),
                }
            })
            .collect();
        Previous::Commit(segments)
    }

    /// When the article `id` was indexed, if the index held it with this
    /// same `hash` (otherwise its stored fields changed: stamp it anew).
    pub(super) fn indexed_at(&self, id: &str, hash: &str) -> Option<i64> {
        match self {
            Previous::Table(table) => {
                (table.get(id)).and_then(|(h, at)| (h == hash).then_some(*at))
            }
            Previous::Commit(segments) => segments.iter().find_map(|s| s.lookup(id, hash)),
        }
    }

    /// The newest stamp it holds (a table's; a commit's is in its payload).
    pub(super) fn newest(&self) -> Option<i64> {
        match self {
            Previous::Table(table) => table.values().map(|(_, at)| *at).max(),
            Previous::Commit(_) => None,
        }
    }
}

impl SegmentColumns {
    fn lookup(&self, id: &str, hash: &str) -> Option<i64> {
        let (hashes, stamps) = (self.hashes.as_ref()?, self.stamps.as_ref()?);
        let id_field = self.segment.schema().get_field(name::ID).ok()?;
        let inverted = self.segment.inverted_index(id_field).ok()?;
        let term = Term::from_field_text(id_field, id);
        let mut postings = inverted
            .read_postings(&term, IndexRecordOption::Basic)
            .ok()??;
        let mut doc = postings.doc();
        while doc != TERMINATED {
            if !self.segment.is_deleted(doc) {
                let mut old = String::new();
                str_of(hashes, doc, &mut old).ok()?;
                return (old == hash)
                    .then(|| stamps.first(doc).map(|d| d.into_timestamp_secs()))
                    .flatten();
            }
            doc = postings.advance();
        }
        None
    }
}

/// id → (hash, indexed_at) of every live article of the index in `dir`,
/// whatever its schema version (fast columns read by name; an index from
/// before `indexed_at` existed yields an empty table).
pub(super) fn read_table(dir: &Path) -> HashMap<String, (String, i64)> {
    let mut table = HashMap::new();
    let Ok(searcher) = Index::open_in_dir(dir)
        .and_then(|index| index.reader())
        .map(|reader| reader.searcher())
    else {
        return table;
    };
    for segment in searcher.segment_readers() {
        let ff = segment.fast_fields();
        let (Ok(Some(ids)), Ok(Some(hashes)), Ok(stamps)) = (
            ff.str(name::ID),
            ff.str(name::HASH),
            ff.date(name::INDEXED_AT),
        ) else {
            continue;
        };
        let (Ok(id_terms), Ok(hash_terms)) = (all_terms(&ids), all_terms(&hashes)) else {
            continue;
        };
        for doc in segment.doc_ids_alive() {
            let term = |col: &StrColumn, terms: &[String]| {
                (col.term_ords(doc).next()).and_then(|o| terms.get(o as usize).cloned())
            };
            let (Some(id), Some(hash), Some(at)) = (
                term(&ids, &id_terms),
                term(&hashes, &hash_terms),
                stamps.first(doc),
            ) else {
                continue;
            };
            table.insert(id, (hash, at.into_timestamp_secs()));
        }
    }
    table
}

/// This run's stamp for what it adds or changes: now, but always later than
/// the last commit's, so that every commit's new articles are strictly
/// newer than anything an alert has already seen (two runs in one second,
/// or a clock set back, included).
pub(super) fn next_stamp(last: Option<i64>) -> i64 {
    let now = chrono::Utc::now().timestamp();
    last.map_or(now, |last| now.max(last + 1))
}
