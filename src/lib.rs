//! atlas: full-text search for a newsroom's article archive.
//!
//! Data flows one way. Indexing: the walker reads a file's bytes →
//! [`parse::parse`] makes [`article::Article`]s → [`schema`] turns each into a
//! tantivy document → [`indexer`] adds it and commits once. Searching: a
//! [`search::SearchRequest`] → [`query`] builds one tantivy query (text and
//! filters) → [`search::search`] collects hits, totals and facets and cuts
//! [`snippet`]s → [`render`] prints text or JSON.

pub mod analysis;
pub mod article;
pub mod facets;
pub mod histogram;
pub mod indexer;
pub mod parse;
pub mod query;
pub mod render;
pub mod schema;
pub mod search;
pub mod serve;
pub mod snippet;
pub mod stats;
pub mod store;

/// An error in what the user typed: printed as one line, exit code 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);
