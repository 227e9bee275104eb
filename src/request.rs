//! The search contract: what every backend (the local index in
//! [`crate::search`], a SphinxQL cluster in [`crate::cluster`]) takes and
//! gives. The field names of [`Hit`], [`SearchResults`], [`Stats`] and
//! [`Related`] are the JSON the CLI prints and the server sends, so they
//! are written once, here, for both.

use std::collections::BTreeMap;

use serde::ser::SerializeStruct;
use serde::{Deserialize, Serialize, Serializer};

use crate::article::{Article, DateSource};
use crate::query::{Filters, QueryError, parse_date_bound};
use crate::snippet::Snippeter;
use crate::store::StoreError;

pub use crate::facets::Facets;
pub use crate::histogram::{Histogram, Period};

// `ValueEnum` here, not a mirror enum in cli/: one `Sort` is both the
// contract's and the `--sort` flag's (a wrapper would be the second spelling
// [3/8] removed). Plain comments on the variants: clap would print doc
// comments as help.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    // BM25, ties newest first; newest first when there are no query words.
    #[default]
    Relevance,
    Newest,
    Oldest,
}

impl Sort {
    /// The order a search really uses: a query without words to score by
    /// (no query, only exclusions, only dates) is ordered newest first
    /// rather than by a meaningless score.
    pub fn for_query(self, scoreless: bool) -> Sort {
        match (self, scoreless) {
            (Sort::Relevance, true) => Sort::Newest,
            (sort, _) => sort,
        }
    }
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
    /// `--lang`: language codes, ORed.
    pub langs: Vec<String>,
    pub sort: Sort,
    pub limit: usize,
    pub offset: usize,
    pub facets: bool,
    /// Count matches per period (`--histogram`).
    pub histogram: Option<Period>,
    /// One hit per copy group (`--collapse`, `search/collapse.rs`).
    pub collapse: bool,
    /// `--exact`: no `[variants]`.
    pub exact: bool,
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
            langs: Vec::new(),
            sort: Sort::Relevance,
            limit: 10,
            offset: 0,
            facets: false,
            histogram: None,
            collapse: false,
            exact: false,
        }
    }
}

/// One hit as `search --format json` prints it (field names are a contract).
/// The hits of `related` are the same without the snippet keys
/// ([`Related`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    pub rank: usize,
    /// For a copy in `related` the similarity (0–1), else the score.
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
    /// The article's language (ISO 639-1, or `und`).
    #[serde(default)]
    pub lang: Option<String>,
    /// A mail message's attachments atlas does not read (absent when none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<crate::article::Attachment>,
    #[serde(default)]
    pub snippet: String,
    #[serde(default)]
    pub highlights: Vec<(usize, usize)>,
    /// Documents with pages (PDF): the page the snippet is on, from 1.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub page: Option<u32>,
    /// Its text, or some of it, was read by OCR (absent when not).
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub ocr: bool,
    /// With `--collapse` only: the other matching members of its group.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub copies: Option<usize>,
    /// With `--collapse` only: those members' ids in rank order (at most 10).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub copy_ids: Option<Vec<String>>,
}

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
    /// What `[variants]` added: each query word or phrase (folded) → the
    /// other members it also matched; absent when none.
    #[serde(skip_serializing_if = "BTreeMap::is_empty", default)]
    pub expanded: BTreeMap<String, Vec<String>>,
    /// Did you mean (`crate::suggest`): absent when there is none.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub suggestions: Vec<Suggestion>,
    /// What the backend wants said on stderr (a shard that did not answer).
    #[serde(skip)]
    pub warnings: Vec<String>,
}

/// A corrected query, or the nearest name for a filter value that matched
/// nothing, with what it finds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Suggestion {
    Query {
        query: String,
        total_hits: usize,
    },
    Filter {
        field: String,
        value: String,
        total_hits: usize,
    },
}

impl Suggestion {
    pub fn total_hits(&self) -> usize {
        match self {
            Suggestion::Query { total_hits, .. } | Suggestion::Filter { total_hits, .. } => {
                *total_hits
            }
        }
    }
}

impl SearchResults {
    /// No hits yet: the answer to `req` before a backend fills it in.
    pub fn empty(req: &SearchRequest) -> SearchResults {
        SearchResults {
            query: req.query.clone(),
            total_hits: 0,
            hits: Vec::new(),
            facets: None,
            histogram: None,
            partial: None,
            expanded: BTreeMap::new(),
            suggestions: Vec::new(),
            warnings: Vec::new(),
        }
    }
}

/// `stats --format json` (field names are a contract).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    pub articles: u64,
    pub undated: u64,
    pub desks: BTreeMap<String, u64>,
    pub authors: BTreeMap<String, u64>,
    pub years: BTreeMap<String, u64>,
    /// Articles per language code.
    #[serde(default)]
    pub languages: BTreeMap<String, u64>,
    pub first_date: Option<String>,
    pub last_date: Option<String>,
    pub index_bytes: u64,
    /// Copy groups of two or more articles (`None` on a cluster, which
    /// does not compute them: the key is then absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copy_groups: Option<u64>,
    /// Articles in those groups.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub articles_in_copy_groups: Option<u64>,
    /// The `atlas.toml` files in force, relative to the corpus root.
    #[serde(default)]
    pub configs: Vec<String>,
    /// `[variants]` groups recorded with the index (absent: none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variants: Option<usize>,
    /// Cluster answers only: `Some(true)` when a shard did not answer (as
    /// in search results).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub partial: Option<bool>,
    /// What the backend wants said on stderr (a shard that did not answer).
    #[serde(skip)]
    pub warnings: Vec<String>,
}

/// `related --format json`: hits without the snippet keys (nothing was
/// searched for, so nothing is marked).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Related {
    pub id: String,
    #[serde(serialize_with = "listed")]
    pub copies: Vec<Hit>,
    #[serde(serialize_with = "listed")]
    pub related: Vec<Hit>,
}

fn listed<S: Serializer>(hits: &[Hit], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(hits.iter().map(Listed))
}

/// A hit as an entry of a list: its fields up to `url`.
struct Listed<'a>(&'a Hit);

impl Serialize for Listed<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let h = self.0;
        let mut out = s.serialize_struct("Hit", 11)?;
        out.serialize_field("rank", &h.rank)?;
        out.serialize_field("score", &h.score)?;
        out.serialize_field("id", &h.id)?;
        out.serialize_field("path", &h.path)?;
        out.serialize_field("title", &h.title)?;
        out.serialize_field("authors", &h.authors)?;
        out.serialize_field("desk", &h.desk)?;
        out.serialize_field("date", &h.date)?;
        out.serialize_field("date_source", &h.date_source)?;
        out.serialize_field("tags", &h.tags)?;
        out.serialize_field("url", &h.url)?;
        out.end()
    }
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

/// The request's filters, dates parsed; an empty date range is an error.
/// Every backend starts from these.
pub fn filters_of(req: &SearchRequest) -> Result<Filters, SearchError> {
    let filters = Filters {
        desks: req.desks.clone(),
        authors: req.authors.clone(),
        tags: req.tags.clone(),
        since: req.since.as_deref().map(parse_date_bound).transpose()?,
        until: req.until.as_deref().map(parse_date_bound).transpose()?,
        langs: req.langs.clone(),
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

/// A search hit of one loaded article (no copy keys: collapsing adds them),
/// whichever backend found it.
pub fn to_hit(rank: usize, score: f64, article: Article, snippets: &mut Snippeter) -> Hit {
    let (snippet, at) = snippets.make_in_at(&article.body, article.lang.as_deref());
    let page = article.page_at(at);
    let mut hit = listed_hit(rank, score, article);
    hit.page = page;
    hit.snippet = snippet.text;
    hit.highlights = snippet.highlights;
    hit
}

/// A hit without a snippet: an entry of [`Related`].
pub fn listed_hit(rank: usize, score: f64, article: Article) -> Hit {
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
        lang: article.lang,
        attachments: article.attachments,
        snippet: String::new(),
        highlights: Vec::new(),
        page: None,
        ocr: article.ocr,
        copies: None,
        copy_ids: None,
    }
}
