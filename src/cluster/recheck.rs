//! atlas's own search over a handful of candidate articles.
//!
//! Where SphinxQL can only fetch a sure superset (a phrase with slop: its
//! proximity ignores word order and counts differently), the candidates go
//! into a throw-away in-memory index with the local schema and analyzers,
//! and the unchanged local search answers: hit set, total, facets, paging
//! and snippets are then the local ones by construction.

use crate::article::Article;
use crate::backend::Backend;
use crate::request::{SearchError, SearchRequest, SearchResults};
use crate::schema::{self, FileStamp};
use crate::store::AtlasIndex;
use crate::variants::Variants;

/// Memory for the in-memory writer (tantivy's minimum is 15 MB).
const WRITER_BYTES: usize = 50 << 20;

pub fn search(
    articles: &[(Article, String)],
    req: &SearchRequest,
    variants: Option<&Variants>,
) -> Result<SearchResults, SearchError> {
    let local = AtlasIndex::in_memory();
    // tantivy's own writer: an in-memory index has no files to collect or lock.
    let mut writer = local.index.writer_with_num_threads(1, WRITER_BYTES)?;
    let stamp = FileStamp {
        size: 0,
        mtime_ns: 0,
        flagged: false,
    };
    for (article, hash) in articles {
        writer.add_document(schema::to_document(local.fields, article, hash, stamp))?;
    }
    // The cluster's `[variants]` go with the candidates, as a local index
    // records them, so the local search expands the query the same way.
    let mut commit = writer.prepare_commit()?;
    if let Some(v) = variants.filter(|v| !v.is_empty()) {
        commit.set_payload(&serde_json::json!({ "variants": v }).to_string());
    }
    commit.commit()?;
    local.search(req)
}
