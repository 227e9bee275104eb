//! `atlas quotes` and `GET /api/quotes`: a search of the quote index with
//! the query language over the quoted words, the speaker and the quoting
//! article's filters. Answered by the local engine over the quote index
//! (`index.rs` says what a quote document holds).

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::request::{Histogram, Period, SearchError, SearchRequest, SearchResults, Sort};
use crate::store::{AtlasIndex, StoreError};

use super::index::quotes_dir;

#[derive(Debug, Clone, Default)]
pub struct QuotesRequest {
    /// Over the quoted words (the title of a quote document).
    pub query: String,
    /// A speaker's whole name or any of its words, any case; ORed.
    pub speakers: Vec<String>,
    /// The quoting article's desk, authors, dates and language.
    pub desks: Vec<String>,
    pub authors: Vec<String>,
    pub since: Option<String>,
    pub until: Option<String>,
    pub langs: Vec<String>,
    pub sort: Sort,
    pub limit: usize,
    pub offset: usize,
    pub facets: bool,
    pub histogram: Option<Period>,
    pub collapse: bool,
}

/// One quote as `atlas quotes --format json` prints it (a contract).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuoteHit {
    pub rank: usize,
    pub score: f64,
    pub text: String,
    pub speaker: Option<String>,
    pub id: String,
    pub title: String,
    pub date: Option<String>,
    pub desk: Option<String>,
    pub authors: Vec<String>,
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub copies: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub copy_ids: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuoteFacets {
    pub speaker: BTreeMap<String, u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuotesResults {
    pub query: String,
    pub total_quotes: usize,
    pub quotes: Vec<QuoteHit>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub facets: Option<QuoteFacets>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub histogram: Option<Histogram>,
}

/// The query text the engine runs: the user's query, and one of the
/// speakers (a phrase over the speaker's words).
fn engine_query(req: &QuotesRequest) -> String {
    let speakers: Vec<String> = (req.speakers.iter())
        .map(|s| s.replace('"', " "))
        .filter(|s| !s.trim().is_empty())
        .map(|s| format!("author:\"{}\"", s.trim()))
        .collect();
    match (req.query.trim().is_empty(), speakers.is_empty()) {
        (_, true) => req.query.clone(),
        (true, false) => speakers.join(" OR "),
        (false, false) => format!("({}) AND ({})", req.query, speakers.join(" OR ")),
    }
}

/// The quote index of the index at `index_dir` (made by `atlas index`).
pub fn open_quotes(index_dir: &Path) -> Result<AtlasIndex, SearchError> {
    if !crate::store::has_index(index_dir) {
        return Err(StoreError::Missing(index_dir.to_path_buf()).into());
    }
    Ok(AtlasIndex::open(&quotes_dir(index_dir))?)
}

pub fn search_quotes(
    quotes: &AtlasIndex,
    req: &QuotesRequest,
) -> Result<QuotesResults, SearchError> {
    let sreq = SearchRequest {
        query: engine_query(req),
        desks: req.desks.clone(),
        // A quote document's tags are its article's authors.
        tags: req.authors.clone(),
        authors: Vec::new(),
        since: req.since.clone(),
        until: req.until.clone(),
        langs: req.langs.clone(),
        sort: req.sort,
        limit: req.limit,
        offset: req.offset,
        facets: req.facets,
        histogram: req.histogram,
        collapse: req.collapse,
        exact: false,
    };
    let searcher = quotes.searcher()?;
    // Unfielded words search the quoted words only, never the speaker.
    let fields = quotes.fields.searching(&[]);
    let r: SearchResults = crate::search::search_quote_docs(&searcher, fields, &sreq)?;
    Ok(QuotesResults {
        query: req.query.clone(),
        total_quotes: r.total_hits,
        quotes: r
            .hits
            .into_iter()
            .map(|h| QuoteHit {
                rank: h.rank,
                score: h.score,
                text: h.title,
                speaker: h.authors.into_iter().next(),
                title: h.path,
                id: h.id,
                date: h.date,
                desk: h.desk,
                authors: h.tags,
                url: h.url,
                copies: h.copies,
                copy_ids: h.copy_ids,
            })
            .collect(),
        facets: r.facets.map(|f| QuoteFacets { speaker: f.author }),
        histogram: r.histogram,
    })
}
