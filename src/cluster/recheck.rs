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

/// Memory for the in-memory writer (tantivy's minimum is 15 MB).
const WRITER_BYTES: usize = 50 << 20;

pub fn search(
    articles: &[(Article, String)],
    req: &SearchRequest,
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
    writer.commit()?;
    local.search(req)
}
