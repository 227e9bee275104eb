//! The seam between what answers a search and everything that shows it.
//!
//! `render`, `serve` and the CLI hold a `dyn Backend`: the local tantivy
//! index (`store::AtlasIndex`) or a SphinxQL cluster (`cluster::Cluster`).
//! Both take the same `SearchRequest` and give the same `SearchResults`,
//! so the output contract cannot drift between them.

use crate::article::Article;
use crate::related::Related;
use crate::search::{Hit, SearchError, SearchRequest, SearchResults};
use crate::stats::Stats;
use crate::store::AtlasIndex;

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
}

impl Backend for AtlasIndex {
    fn search(&self, req: &SearchRequest) -> Result<SearchResults, SearchError> {
        AtlasIndex::search(self, req)
    }

    fn search_each(
        &self,
        req: &SearchRequest,
        emit: &mut dyn FnMut(Hit) -> std::io::Result<()>,
    ) -> Result<SearchResults, SearchError> {
        AtlasIndex::search_each(self, req, emit)
    }

    fn article(&self, id: &str) -> Result<Option<Article>, SearchError> {
        AtlasIndex::article(self, id)
    }

    fn stats(&self) -> Result<Stats, SearchError> {
        AtlasIndex::stats(self)
    }

    fn related(&self, id: &str, limit: usize) -> Result<Option<Related>, SearchError> {
        AtlasIndex::related(self, id, limit)
    }
}
