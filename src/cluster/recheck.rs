//! atlas's own search over a handful of candidate articles.
//!
//! Where SphinxQL can only fetch a sure superset (a phrase with slop: its
//! proximity ignores word order and counts differently; a CJK word of three
//! or more characters: its bigrams are not neighbours in the engine's
//! stream, which holds each character before its bigram), the candidates go
//! into a throw-away in-memory index with the local schema and analyzers,
//! and the unchanged local search answers: hit set, total, facets, paging
//! and snippets are then the local ones by construction.

use super::engine::{MAX_RECHECK, article_of, note_warnings, rows, total};
use super::schema::ARTICLE_COLUMNS;
use crate::article::Article;
use crate::quotes::QuoteAnswers;
use crate::request::{SearchError, SearchRequest, SearchResults};
use crate::schema::{self, FileStamp};
use crate::store::AtlasIndex;
use crate::variants::Variants;

/// Memory for the in-memory writer (tantivy's minimum is 15 MB).
const WRITER_BYTES: usize = 50 << 20;

/// The candidates in a throw-away index with the local schema (and the
/// cluster's `[variants]`, as a local index records them, so that a local
/// search expands a query the same way).
pub(super) fn in_memory(
    articles: &[(Article, String)],
    variants: Option<&Variants>,
) -> Result<AtlasIndex, SearchError> {
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
    let mut commit = writer.prepare_commit()?;
    if let Some(v) = variants.filter(|v| !v.is_empty()) {
        commit.set_payload(&serde_json::json!({ "variants": v }).to_string());
    }
    commit.commit()?;
    Ok(local)
}

/// The superset's candidates, searched again by atlas itself: the hit set,
/// totals, facets and paging are then exactly the local ones.
pub(super) fn recheck_search(
    conn: &mut mysql::Conn,
    index: &str,
    filter: &str,
    req: &SearchRequest,
    variants: Option<&Variants>,
    answers: &QuoteAnswers,
    mut results: SearchResults,
) -> Result<SearchResults, SearchError> {
    let sql = format!("SELECT id FROM {index}{filter} LIMIT 1");
    let (_, mut warnings) = rows(conn, &sql)?;
    let (n, meta_warnings) = total(conn)?;
    warnings.extend(meta_warnings);
    if n > MAX_RECHECK {
        return Err(SearchError::Unsupported(format!(
            "this query has {n} candidate articles on the cluster, more than the {MAX_RECHECK} atlas re-checks (a phrase with slop, or a Chinese, Japanese or Korean word of three or more characters, is checked by atlas itself; narrow it with more words or filters)"
        )));
    }
    let sql = format!(
        "SELECT {ARTICLE_COLUMNS} FROM {index}{filter} LIMIT 0, {} OPTION max_matches={}",
        n.max(1),
        n.max(1)
    );
    let (candidates, more) = rows(conn, &sql)?;
    let articles: Vec<(Article, String)> = (candidates.iter())
        .map(|r| (article_of(r), r.get(12).cloned().unwrap_or_default()))
        .collect();
    let local = in_memory(&articles, variants)?.search_answered(req, answers)?;
    let (partial, expanded) = (results.partial, std::mem::take(&mut results.expanded));
    // Suggestions are the cluster's (over its word list), not the candidates'.
    results = SearchResults {
        partial,
        expanded,
        suggestions: Vec::new(),
        ..local
    };
    note_warnings(&mut results, warnings);
    note_warnings(&mut results, more);
    Ok(results)
}
