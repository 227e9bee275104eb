//! Running a search: the request (plain types, no clap) becomes one tantivy
//! query (text + filters), collected once for the page, the exact total and
//! optionally the facets; then each hit gets its stored fields and snippet.

use serde::{Deserialize, Serialize};
use tantivy::collector::{Count, TopDocs};
use tantivy::columnar::Column;
use tantivy::query::{EmptyQuery, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DateTime, DocAddress, DocId, Score, Searcher, SegmentReader, TantivyDocument, Term};

use crate::article::{Article, DateSource};
use crate::query::{Filters, Highlight, QueryBuilder, QueryError, parse_date_bound, parse_query};
use crate::schema::{self, Fields, name};
use crate::snippet;
use crate::store::{AtlasIndex, StoreError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    /// BM25, ties newest first; newest first when there are no query words.
    #[default]
    Relevance,
    Newest,
    Oldest,
}

impl std::str::FromStr for Sort {
    type Err = String;

    fn from_str(s: &str) -> Result<Sort, String> {
        match s {
            "relevance" => Ok(Sort::Relevance),
            "newest" => Ok(Sort::Newest),
            "oldest" => Ok(Sort::Oldest),
            _ => Err(format!(
                "`sort` must be relevance, newest or oldest, not `{s}`"
            )),
        }
    }
}

#[derive(Debug, Clone)]
pub struct SearchRequest {
    pub query: String,
    pub desks: Vec<String>,
    pub authors: Vec<String>,
    pub tags: Vec<String>,
    pub since: Option<String>,
    pub until: Option<String>,
    pub sort: Sort,
    pub limit: usize,
    pub offset: usize,
    pub facets: bool,
    /// Count matches per period (`--histogram`).
    pub histogram: Option<Period>,
    /// One hit per copy group (`--collapse`, `collapse.rs`).
    pub collapse: bool,
}

impl Default for SearchRequest {
    fn default() -> Self {
        SearchRequest {
            query: String::new(),
            desks: Vec::new(),
            authors: Vec::new(),
            tags: Vec::new(),
            since: None,
            until: None,
            sort: Sort::Relevance,
            limit: 10,
            offset: 0,
            facets: false,
            histogram: None,
            collapse: false,
        }
    }
}

/// One hit as `search --format json` prints it (field names are a contract).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    pub rank: usize,
    pub score: f64,
    pub id: String,
    pub path: String,
    pub title: String,
    pub authors: Vec<String>,
    pub desk: Option<String>,
    pub date: Option<String>,
    pub date_source: Option<DateSource>,
    pub tags: Vec<String>,
    pub url: Option<String>,
    pub snippet: String,
    pub highlights: Vec<(usize, usize)>,
    /// With `--collapse` only: the other matching members of its group.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub copies: Option<usize>,
    /// With `--collapse` only: those members' ids in rank order (at most 10).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub copy_ids: Option<Vec<String>>,
}

pub use crate::facets::Facets;
pub use crate::histogram::{Histogram, Period};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchResults {
    pub query: String,
    pub total_hits: usize,
    pub hits: Vec<Hit>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub facets: Option<Facets>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub histogram: Option<Histogram>,
    /// Cluster answers only: `Some(true)` when a shard did not answer.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub partial: Option<bool>,
    /// What the backend wants said on stderr (a shard that did not answer).
    #[serde(skip)]
    pub warnings: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error(transparent)]
    Query(#[from] QueryError),
    #[error("the date range is empty: since {since} is after until {until}")]
    EmptyRange { since: String, until: String },
    #[error("search failed: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("writing results: {0}")]
    Output(#[source] std::io::Error),
    /// What a backend cannot serve (exit 2, naming it).
    #[error("{0}")]
    Unsupported(String),
    /// The cluster failed (unreachable, an error from the engine).
    #[error("{0}")]
    Cluster(String),
}

impl SearchError {
    /// Errors in what the user typed (exit 2), as opposed to runtime failures.
    pub fn is_usage(&self) -> bool {
        !matches!(
            self,
            SearchError::Tantivy(_)
                | SearchError::Store(_)
                | SearchError::Output(_)
                | SearchError::Cluster(_)
        )
    }
}

/// A request translated into a tantivy query and what to highlight.
pub struct PreparedQuery {
    pub query: Box<dyn Query>,
    pub highlight: Highlight,
    /// No words to score by (no query, only exclusions, only dates): order
    /// by date rather than by a meaningless score.
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

impl AtlasIndex {
    /// Runs one search request over the latest commit.
    pub fn search(&self, req: &SearchRequest) -> Result<SearchResults, SearchError> {
        let searcher = self.searcher()?;
        search(&searcher, self.fields_for(&searcher), req)
    }

    /// [`search_each`] over the latest commit: hits streamed to `emit`.
    pub fn search_each(
        &self,
        req: &SearchRequest,
        emit: &mut dyn FnMut(Hit) -> std::io::Result<()>,
    ) -> Result<SearchResults, SearchError> {
        let searcher = self.searcher()?;
        search_each(&searcher, self.fields_for(&searcher), req, emit)
    }

    /// The article with this id, if the index holds it.
    pub fn article(&self, id: &str) -> Result<Option<Article>, SearchError> {
        Ok(article(&self.searcher()?, self.fields, id)?)
    }
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

/// [`search_each`] with the query already prepared, so that a caller may
/// narrow it further (alerts add "indexed since").
pub fn search_prepared(
    searcher: &Searcher,
    fields: Fields,
    req: &SearchRequest,
    prepared: PreparedQuery,
    emit: &mut dyn FnMut(Hit) -> std::io::Result<()>,
) -> Result<SearchResults, SearchError> {
    let sort = match (req.sort, prepared.scoreless) {
        (Sort::Relevance, true) => Sort::Newest,
        (sort, _) => sort,
    };
    let mut snippets = snippet::Snippeter::new(&prepared.highlight);
    let mut make_hit = |rank: usize, score: Score, address: DocAddress| {
        let article = load_article(searcher, fields, address)?;
        Ok(to_hit(rank, score as f64, article, &mut snippets))
    };
    if req.collapse {
        return crate::collapse::search_each(searcher, req, &prepared, sort, &mut make_hit, emit);
    }
    // Never ask tantivy for more slots than there are documents: a huge
    // `--limit` must not allocate a huge heap.
    let docs = searcher.num_docs() as usize;
    let want = req.limit.min(docs.saturating_sub(req.offset));
    let page = || TopDocs::with_limit(want.max(1)).and_offset(req.offset);
    // By relevance, tantivy's own top-k (which skips documents that cannot
    // make the page) does the work, and ties are put newest first within
    // the page below. Date orders need every match's date.
    let by_score = (want > 0 && sort == Sort::Relevance).then(|| page().order_by_score());
    let by_date = (want > 0 && sort != Sort::Relevance).then(|| {
        page().tweak_score(move |segment: &SegmentReader| {
            let dates: Option<Column<DateTime>> = segment.fast_fields().date(name::DATE).ok();
            move |doc: DocId, score: Score| date_key(sort, score, dates.as_ref(), doc)
        })
    });
    let facets = req.facets.then_some(crate::facets::FacetCollector);
    let histogram = req.histogram.map(crate::histogram::HistogramCollector);
    // tantivy's tuple collectors stop at four: the counters share a slot.
    let (total, by_score, by_date, (facets, counts)) = searcher.search(
        &prepared.query,
        &(Count, by_score, by_date, (facets, histogram)),
    )?;
    let histogram = req
        .histogram
        .zip(counts)
        .map(|(period, counts)| crate::histogram::fill(period, &counts));
    let mut page: Vec<(Score, DocAddress)> = match (by_score, by_date) {
        (Some(hits), _) => hits,
        (_, Some(hits)) => hits.into_iter().map(|(key, a)| (key.score, a)).collect(),
        _ => Vec::new(),
    };
    if sort == Sort::Relevance {
        // Stable: only equal scores move, newest first, undated last. The
        // dates come from the fast column, so no article is loaded twice.
        let date = |a: &DocAddress| -> Option<i64> {
            let segment = searcher.segment_reader(a.segment_ord);
            let column: Column<DateTime> = segment.fast_fields().date(name::DATE).ok()?;
            column.first(a.doc_id).map(|d| d.into_timestamp_secs())
        };
        page.sort_by_cached_key(|(score, a)| {
            (
                std::cmp::Reverse(OrdScore(*score)),
                std::cmp::Reverse(date(a)),
            )
        });
    }
    for (i, (score, address)) in page.into_iter().enumerate() {
        let hit = make_hit(req.offset + i + 1, score, address)?;
        emit(hit).map_err(SearchError::Output)?;
    }
    Ok(SearchResults {
        query: req.query.clone(),
        total_hits: total,
        hits: Vec::new(),
        facets,
        histogram,
        partial: None,
        warnings: Vec::new(),
    })
}

/// The request's filters, dates parsed; an empty date range is an error.
/// Every backend starts from these.
pub fn filters_of(req: &SearchRequest) -> Result<Filters, SearchError> {
    let filters = Filters {
        desks: req.desks.clone(),
        authors: req.authors.clone(),
        tags: req.tags.clone(),
        since: req.since.as_deref().map(parse_date_bound).transpose()?,
        until: req.until.as_deref().map(parse_date_bound).transpose()?,
    };
    if let (Some(s), Some(u)) = (filters.since, filters.until)
        && s.first_day() > u.last_day()
    {
        return Err(SearchError::EmptyRange {
            since: req.since.clone().unwrap_or_default(),
            until: req.until.clone().unwrap_or_default(),
        });
    }
    Ok(filters)
}

/// A search hit of one loaded article (no copy keys: `collapse.rs` adds them),
/// whichever backend found it.
pub(crate) fn to_hit(
    rank: usize,
    score: f64,
    article: Article,
    snippets: &mut snippet::Snippeter,
) -> Hit {
    let snippet = snippets.make(&article.body);
    Hit {
        rank,
        score: (score * 1000.0).round() / 1000.0,
        id: article.id,
        path: article.path,
        title: article.title,
        authors: article.authors,
        desk: article.desk,
        date: article.date.map(|d| d.format("%Y-%m-%d").to_string()),
        date_source: article.date_source,
        tags: article.tags,
        url: article.url,
        snippet: snippet.text,
        highlights: snippet.highlights,
        copies: None,
        copy_ids: None,
    }
}

/// A score with a total order (NaN equal to everything is not one).
#[derive(Debug, Clone, Copy, PartialEq)]
struct OrdScore(Score);

impl Eq for OrdScore {}

impl PartialOrd for OrdScore {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for OrdScore {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

pub fn load_article(
    searcher: &Searcher,
    fields: Fields,
    address: DocAddress,
) -> tantivy::Result<Article> {
    let doc: TantivyDocument = searcher.doc(address)?;
    Ok(schema::to_article(fields, &doc))
}

/// Date orders, compared descending: the date first (undated articles get
/// the lowest key, i.e. come last either way), the score as the tie-break.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct DateKey {
    primary: f64,
    score: f32,
}

fn date_key(sort: Sort, score: Score, dates: Option<&Column<DateTime>>, doc: DocId) -> DateKey {
    let date = dates
        .and_then(|c| c.first(doc))
        .map(|d| d.into_timestamp_secs() as f64);
    let primary = match sort {
        Sort::Oldest => date.map_or(f64::MIN, |d| -d),
        Sort::Newest | Sort::Relevance => date.unwrap_or(f64::MIN),
    };
    DateKey { primary, score }
}

/// The article with this id, if the index holds it.
pub fn article(searcher: &Searcher, fields: Fields, id: &str) -> tantivy::Result<Option<Article>> {
    let query = TermQuery::new(
        Term::from_field_text(fields.id, id),
        IndexRecordOption::Basic,
    );
    let top = searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
    match top.first() {
        Some((_, address)) => load_article(searcher, fields, *address).map(Some),
        None => Ok(None),
    }
}
