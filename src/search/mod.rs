//! The local engine: [`Backend`] for [`AtlasIndex`]. A request (the
//! contract of [`crate::request`]) becomes one tantivy query, text and
//! filters ([`prepare`]); it is collected once for the page, the exact
//! total and optionally the facets and histogram (`collect`, or `collapse`
//! for one hit per copy group); then the page's hits are loaded, each with
//! its stored fields and snippet (`load`). `related` and `stats` answer the
//! other two questions a backend is asked.

mod collapse;
mod collect;
mod load;
mod prepare;
mod related;
mod stats;

pub use collapse::MAX_COPY_IDS;
pub use prepare::{PreparedQuery, QuoteScope, prepare, prepare_in};
pub use related::{MAX_DOC_SHARE, MAX_QUERY_TERMS, MIN_DOC_FREQ, MIN_WORD_CHARS, related};
pub use stats::stats;

use std::path::Path;

use tantivy::Searcher;

use crate::article::Article;
use crate::backend::Backend;
use crate::request::{Hit, Related, SearchError, SearchRequest, SearchResults, Stats};
use crate::schema::Fields;
use crate::store::{self, AtlasIndex};

impl Backend for AtlasIndex {
    /// Runs one search request over the latest commit.
    fn search(&self, req: &SearchRequest) -> Result<SearchResults, SearchError> {
        let mut hits = Vec::new();
        let mut results = self.search_each(req, &mut |hit| {
            hits.push(hit);
            Ok(())
        })?;
        results.hits = hits;
        Ok(results)
    }

    fn search_each(
        &self,
        req: &SearchRequest,
        emit: &mut dyn FnMut(Hit) -> std::io::Result<()>,
    ) -> Result<SearchResults, SearchError> {
        let searcher = self.searcher()?;
        let fields = self.fields_for(&searcher);
        // An index in memory (the cluster's re-check) has no quote index.
        let quotes =
            (!self.dir.as_os_str().is_empty()).then(|| crate::quotes::quotes_dir(&self.dir));
        let prepared = prepare_in(
            &searcher,
            fields,
            req,
            QuoteScope::Articles(quotes.as_deref()),
        )?;
        let mut results = search_prepared(&searcher, fields, req, prepared, emit)?;
        suggest(&searcher, fields, req, quotes.as_deref(), &mut results);
        Ok(results)
    }

    fn article(&self, id: &str) -> Result<Option<Article>, SearchError> {
        Ok(store::article(&self.searcher()?, self.fields, id)?)
    }

    /// What the index holds: counts by desk, author and year, the date range.
    fn stats(&self) -> Result<Stats, SearchError> {
        let mut stats = stats(&self.searcher()?, &self.dir)?;
        stats.configs = self.info.configs.keys().cloned().collect();
        stats.variants = self.info.variants.as_ref().map(|v| v.groups.len());
        Ok(stats)
    }

    fn quotes(
        &self,
        req: &crate::quotes::QuotesRequest,
    ) -> Result<crate::quotes::QuotesResults, SearchError> {
        let quotes = crate::quotes::open_quotes(&self.dir)?;
        crate::quotes::search_quotes(&quotes, req)
    }

    fn related(&self, id: &str, limit: usize) -> Result<Option<Related>, SearchError> {
        related(&self.searcher()?, self.fields, id, limit)
    }
}

/// [`search`] over the quote index, where `speaker:` and `quote:` are
/// each quote document's own fields.
pub fn search_quote_docs(
    searcher: &Searcher,
    fields: Fields,
    req: &SearchRequest,
) -> Result<SearchResults, SearchError> {
    search_in(searcher, fields, req, QuoteScope::QuoteDocs)
}

impl AtlasIndex {
    /// [`Backend::search`] with the `speaker:`/`quote:` parts of the query
    /// answered already: a cluster's candidates, re-checked in memory,
    /// whose quote tables gave the `answers`.
    pub fn search_answered(
        &self,
        req: &SearchRequest,
        answers: &crate::quotes::QuoteAnswers,
    ) -> Result<SearchResults, SearchError> {
        let searcher = self.searcher()?;
        let fields = self.fields_for(&searcher);
        search_in(&searcher, fields, req, QuoteScope::Answered(answers))
    }
}

/// A search with its hits collected, `speaker:`/`quote:` answered by `quotes`.
fn search_in(
    searcher: &Searcher,
    fields: Fields,
    req: &SearchRequest,
    quotes: QuoteScope,
) -> Result<SearchResults, SearchError> {
    let mut hits = Vec::new();
    let prepared = prepare_in(searcher, fields, req, quotes)?;
    let mut results = search_prepared(searcher, fields, req, prepared, &mut |hit| {
        hits.push(hit);
        Ok(())
    })?;
    results.hits = hits;
    Ok(results)
}

pub fn search(
    searcher: &Searcher,
    fields: Fields,
    req: &SearchRequest,
) -> Result<SearchResults, SearchError> {
    let mut hits = Vec::new();
    let mut results = search_each(searcher, fields, req, &mut |hit| {
        hits.push(hit);
        Ok(())
    })?;
    results.hits = hits;
    Ok(results)
}

/// Like [`search`], but hands each hit to `emit` as soon as it is loaded
/// instead of collecting them: a `--limit 100000` CSV export holds one
/// article at a time (plus the page's addresses), not all of them. The
/// returned results carry the total, facets and histogram, and no hits.
pub fn search_each(
    searcher: &Searcher,
    fields: Fields,
    req: &SearchRequest,
    emit: &mut dyn FnMut(Hit) -> std::io::Result<()>,
) -> Result<SearchResults, SearchError> {
    let prepared = prepare(searcher, fields, req)?;
    search_prepared(searcher, fields, req, prepared, emit)
}

/// Did you mean (`crate::suggest`) for a search of `searcher` that found
/// `results`: counted by this same engine, without suggestions of its own.
/// One that cannot be worked out is left out, never an error.
fn suggest(
    searcher: &Searcher,
    fields: Fields,
    req: &SearchRequest,
    quotes: Option<&Path>,
    results: &mut SearchResults,
) {
    let mut run = |r: &SearchRequest| search_in(searcher, fields, r, QuoteScope::Articles(quotes));
    let found = crate::suggest::suggest(req, results.total_hits, (searcher, fields), &mut run);
    results.suggestions = found.unwrap_or_default();
}

/// [`search_each`] with the query already prepared, so that a caller may
/// narrow it further (alerts add "indexed since").
pub fn search_prepared(
    searcher: &Searcher,
    fields: Fields,
    req: &SearchRequest,
    prepared: PreparedQuery,
    emit: &mut dyn FnMut(Hit) -> std::io::Result<()>,
) -> Result<SearchResults, SearchError> {
    let sort = req.sort.for_query(prepared.scoreless);
    let mut hits = load::Hits::new(searcher, fields, &prepared.highlight, emit);
    let mut results = if req.collapse {
        collapse::collect(searcher, req, &prepared.query, sort, &mut hits)
    } else {
        collect::collect(searcher, req, &prepared.query, sort, &mut hits)
    }?;
    results.expanded = prepared.expanded;
    results.warnings.extend(prepared.warnings);
    Ok(results)
}
