//! The seam between what answers a search and everything that shows it.
//!
//! `render`, `serve` and the CLI hold a `dyn Backend`: the local tantivy
//! index (`store::AtlasIndex`, implemented in `search/`) or a SphinxQL
//! cluster (`cluster::Cluster`). Both speak the contract of `request`: the
//! same `SearchRequest` in, the same `SearchResults` out, so the output
//! cannot drift between them.

use crate::article::Article;
use crate::quotes::{QuotesRequest, QuotesResults};
use crate::request::{Hit, Related, SearchError, SearchRequest, SearchResults, Stats};

pub trait Backend: Send + Sync {
    fn search(&self, req: &SearchRequest) -> Result<SearchResults, SearchError>;

    /// Hits handed to `emit` one at a time (bounded memory for big exports);
    /// the results returned carry totals and facets, no hits.
    fn search_each(
        &self,
        req: &SearchRequest,
        emit: &mut dyn FnMut(Hit) -> std::io::Result<()>,
    ) -> Result<SearchResults, SearchError> {
        let mut results = self.search(req)?;
        for hit in std::mem::take(&mut results.hits) {
            emit(hit).map_err(SearchError::Output)?;
        }
        Ok(results)
    }

    /// The article with this id, if the backend holds it.
    fn article(&self, id: &str) -> Result<Option<Article>, SearchError>;

    fn stats(&self) -> Result<Stats, SearchError>;

    /// The copies and related coverage of `id` (`None`: no such article).
    fn related(&self, id: &str, limit: usize) -> Result<Option<Related>, SearchError>;

    /// Quotations and their speakers (`atlas quotes`, `/api/quotes`).
    fn quotes(&self, _req: &QuotesRequest) -> Result<QuotesResults, SearchError> {
        Err(SearchError::Unsupported(
            "quotes are not served by a cluster yet (run `atlas quotes` on a local index)".into(),
        ))
    }
}
