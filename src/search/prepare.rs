//! A request translated into one tantivy query (text and filters) and
//! what its snippets mark.

use std::collections::BTreeMap;
use std::path::Path;

use tantivy::Searcher;
use tantivy::query::{EmptyQuery, Query};

use crate::query::{Highlight, Languages, QueryBuilder, parse_query};
use crate::request::{SearchError, SearchRequest, filters_of};
use crate::schema::Fields;
use crate::variants::{self, Variants};

pub struct PreparedQuery {
    pub query: Box<dyn Query>,
    pub highlight: Highlight,
    /// No words to score by (no query, only exclusions, only dates): see
    /// [`crate::request::Sort::for_query`].
    pub scoreless: bool,
    /// What `[variants]` added (`SearchResults::expanded`).
    pub expanded: BTreeMap<String, Vec<String>>,
    /// What the search should say on stderr (`SearchResults::warnings`).
    pub warnings: Vec<String>,
}

pub fn prepare(
    searcher: &Searcher,
    fields: Fields,
    req: &SearchRequest,
) -> Result<PreparedQuery, SearchError> {
    prepare_in(searcher, fields, req, QuoteScope::Articles(None))
}

/// What `speaker:` and `quote:` are answered by.
#[derive(Clone, Copy)]
pub enum QuoteScope<'a> {
    /// An article index, with its quote index at this path (if any).
    Articles(Option<&'a Path>),
    /// Articles whose quote parts were already answered elsewhere (a
    /// cluster's candidates, re-checked in memory).
    Answered(&'a crate::quotes::QuoteAnswers),
    /// The quote index itself (`atlas quotes`).
    QuoteDocs,
}

/// [`prepare`] for an index whose quote index is at `quotes` (answering
/// `speaker:` and `quote:`).
pub fn prepare_in(
    searcher: &Searcher,
    fields: Fields,
    req: &SearchRequest,
    quotes: QuoteScope,
) -> Result<PreparedQuery, SearchError> {
    let expr = parse_query(&req.query)?;
    let (expr, expanded) = match req.exact {
        true => (expr, BTreeMap::new()),
        false => variants::expand(&expr, &recorded_variants(searcher)),
    };
    let scoreless = expr.is_scoreless();
    let filters = filters_of(req)?;
    // Words are looked up in each language the index holds (`--lang`'s only).
    let langs = Languages::present(searcher, fields.lang).restricted_to(&filters.lang_codes());
    let highlight = Highlight::from_expr_in(&expr, &langs);
    let warnings = missing_quotes_warning(&expr, quotes).into_iter().collect();
    let expr = match quotes {
        QuoteScope::Articles(quotes) => crate::quotes::resolve(expr, quotes)?,
        QuoteScope::Answered(answers) => {
            crate::quotes::resolve_with(expr, &mut |part| answers.lookup(part))?
        }
        // A quote document is one quotation: `speaker:`/`quote:` are its
        // own fields.
        QuoteScope::QuoteDocs => crate::quotes::to_quote_fields(&expr),
    };
    let text_query = QueryBuilder::new(fields)
        .with_searcher(searcher.clone())
        .with_languages(&langs)
        .build(&expr)
        .unwrap_or_else(|| Box::new(EmptyQuery));
    Ok(PreparedQuery {
        query: filters.apply(fields, text_query),
        highlight,
        scoreless,
        expanded,
        warnings,
    })
}

/// An index made before quotes were extracted has no quote index: its
/// `speaker:` and `quote:` match nothing, which must not pass for "never
/// quoted" in silence.
fn missing_quotes_warning(expr: &crate::query::Expr, quotes: QuoteScope) -> Option<String> {
    let QuoteScope::Articles(Some(dir)) = quotes else {
        return None;
    };
    (crate::quotes::mentions_quotes(expr) && !crate::store::has_index(dir)).then(|| {
        format!(
            "this index has no quote index ({} is missing), so `speaker:` and `quote:` \
             match nothing: run `atlas index CORPUS_DIR` once more to build it",
            dir.display()
        )
    })
}

/// The `[variants]` the index's last commit recorded. Read per search
/// rather than when the index is opened, so a long-running server follows
/// `atlas index` runs.
fn recorded_variants(searcher: &Searcher) -> Variants {
    let metas = searcher.index().load_metas().ok();
    variants::of_payload(metas.as_ref().and_then(|m| m.payload.as_deref()))
}
