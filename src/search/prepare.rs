//! A request translated into one tantivy query (text and filters) and
//! what its snippets mark.

use tantivy::Searcher;
use tantivy::query::{EmptyQuery, Query};

use crate::query::{Highlight, QueryBuilder, parse_query};
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
    let expr = parse_query(&req.query)?;
    let scoreless = expr.is_scoreless();
    let highlight = Highlight::from_expr(&expr);
    let text_query = QueryBuilder::new(fields)
        .with_searcher(searcher.clone())
        .build(&expr)
        .unwrap_or_else(|| Box::new(EmptyQuery));
    let filters = filters_of(req)?;
    Ok(PreparedQuery {
        query: filters.apply(fields, text_query),
        highlight,
        scoreless,
    })
}
