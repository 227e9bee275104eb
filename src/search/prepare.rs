//! A request translated into one tantivy query (text and filters) and
//! what its snippets mark.

use std::path::Path;

use tantivy::Searcher;
use tantivy::query::{EmptyQuery, Query};

use crate::query::{Highlight, Languages, QueryBuilder, parse_query};
use crate::request::{SearchError, SearchRequest, filters_of};
use crate::schema::Fields;

pub struct PreparedQuery {
    pub query: Box<dyn Query>,
    pub highlight: Highlight,
    /// No words to score by (no query, only exclusions, only dates): see
    /// [`crate::request::Sort::for_query`].
    pub scoreless: bool,
}

pub fn prepare(
    searcher: &Searcher,
    fields: Fields,
    req: &SearchRequest,
) -> Result<PreparedQuery, SearchError> {
    prepare_in(searcher, fields, req, None)
}

/// [`prepare`] for an index whose quote index is at `quotes` (answering
/// `speaker:` and `quote:`).
pub fn prepare_in(
    searcher: &Searcher,
    fields: Fields,
    req: &SearchRequest,
    quotes: Option<&Path>,
) -> Result<PreparedQuery, SearchError> {
    let expr = parse_query(&req.query)?;
    let scoreless = expr.is_scoreless();
    let filters = filters_of(req)?;
    // Words are looked up in each language the index holds (`--lang`'s only).
    let langs = Languages::present(searcher, fields.lang).restricted_to(&filters.lang_codes());
    let highlight = Highlight::from_expr_in(&expr, &langs);
    let expr = crate::quotes::resolve(expr, quotes)?;
    let text_query = QueryBuilder::new(fields)
        .with_searcher(searcher.clone())
        .with_languages(&langs)
        .build(&expr)
        .unwrap_or_else(|| Box::new(EmptyQuery));
    Ok(PreparedQuery {
        query: filters.apply(fields, text_query),
        highlight,
        scoreless,
    })
}
