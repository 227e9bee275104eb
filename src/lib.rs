//! atlas: full-text search for a newsroom's article archive.
//!
//! The face of the library is [`store::AtlasIndex`]: `open` an index, then
//! ask it as a [`backend::Backend`]: `search` (a [`request::SearchRequest`]
//! in, [`request::SearchResults`] out), `article` (one by id), `stats` and
//! `related`; [`indexer::run`] builds and updates an index from a corpus
//! folder. `examples/quickstart.rs` shows them. ARCHITECTURE.md maps the
//! folders.
//!
//! Data flows one way. Indexing: the walker reads a file's bytes →
//! [`parse::parse`] makes [`article::Article`]s (under the folder's
//! [`config`]) → [`schema`] turns each into a tantivy document, analysed by
//! [`analysis`] → [`indexer`] adds it and commits once. Searching: a
//! [`request`] (the contract every [`backend`] speaks) → [`query`] builds
//! one tantivy query (text and filters) → [`search`], the local engine,
//! collects hits, totals and [`facets`] and cuts [`snippet`]s (or
//! [`cluster`] asks a SphinxQL cluster) → [`render`] prints text or JSON.
//! [`copies`] finds near-copies of a story; `search --collapse` shows each
//! group once; `related` lists an article's copies and related coverage.

pub mod alerts;
pub mod analysis;
pub mod article;
pub mod backend;
pub mod cluster;
pub mod config;
pub mod copies;
pub mod escape;
pub mod facets;
pub mod histogram;
pub mod indexer;
pub mod lang;
pub mod ocr;
pub mod parse;
pub mod query;
pub mod quotes;
pub mod render;
pub mod request;
pub mod schema;
pub mod search;
pub mod serve;
pub mod snippet;
pub mod store;
pub mod suggest;
pub mod variants;

/// An error in what the user typed: printed as one line, exit code 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);
