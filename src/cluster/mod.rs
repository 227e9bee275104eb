//! atlas on a SphinxQL cluster (Manticore in production, Sphinx 2.2 in
//! tests): the same requests and results as the local index, with storage
//! and search handed to the engine.
//!
//! The rooms: `config` (cluster.toml and the searchd configs), `tokens`
//! (atlas's analysis as engine tokens), `push` (corpus → shards), `words`
//! (the word list prefixes expand from), `translate` (query tree →
//! `MATCH()`), `engine` (a search as SphinxQL, rows back to hits, facets
//! and stats). Only the MySQL text protocol is used: Sphinx 2.2 mishandles
//! prepared statements and `SELECT @@…`.

use std::path::{Path, PathBuf};

use mysql::prelude::Queryable;

pub mod config;
mod engine;
pub mod push;
mod recheck;
pub mod tokens;
pub mod translate;
pub mod words;

pub use config::{ClusterFile, Node};

use crate::article::Article;
use crate::backend::Backend;
use crate::related::Related;
use crate::search::{SearchError, SearchRequest, SearchResults};
use crate::stats::Stats;
use crate::store::AtlasIndex;

#[derive(Debug, thiserror::Error)]
pub enum ClusterError {
    #[error(transparent)]
    Config(#[from] config::ConfigError),
    #[error(
        "cannot reach searchd at {addr}: {message} (is it running? start it with `searchd --config …`)"
    )]
    Unreachable { addr: String, message: String },
    #[error("the cluster answered with an error: {0}")]
    Engine(#[from] mysql::Error),
    #[error(transparent)]
    Index(#[from] crate::indexer::IndexError),
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error("reading the push mirror {0}: {1}")]
    Mirror(PathBuf, tantivy::TantivyError),
    #[error("push state: {0}")]
    Io(#[from] std::io::Error),
}

impl ClusterError {
    pub fn is_usage(&self) -> bool {
        match self {
            ClusterError::Config(c) => c.is_usage(),
            ClusterError::Index(crate::indexer::IndexError::Config(_)) => true,
            _ => false,
        }
    }
}

impl From<ClusterError> for SearchError {
    fn from(e: ClusterError) -> SearchError {
        SearchError::Cluster(e.to_string())
    }
}

/// A text-protocol connection to one searchd. The packet limit is given,
/// not asked (`SELECT @@max_allowed_packet` is what 2.2 cannot answer).
pub fn connect(node: &Node) -> Result<mysql::Conn, ClusterError> {
    let opts = mysql::OptsBuilder::new()
        .ip_or_hostname(Some(node.host.clone()))
        .tcp_port(node.port)
        .prefer_socket(false)
        .max_allowed_packet(Some(32 << 20))
        .tcp_connect_timeout(Some(std::time::Duration::from_secs(5)));
    mysql::Conn::new(opts).map_err(|e| ClusterError::Unreachable {
        addr: format!("{}:{}", node.host, node.port),
        message: e.to_string(),
    })
}

/// A cluster opened from its `cluster.toml`.
pub struct Cluster {
    file: ClusterFile,
    mirror: PathBuf,
}

impl Cluster {
    pub fn open(cluster_file: &Path) -> Result<Cluster, ClusterError> {
        Ok(Cluster {
            file: ClusterFile::load(cluster_file)?,
            mirror: push::mirror_dir(cluster_file),
        })
    }

    fn aggregator(&self) -> Result<mysql::Conn, ClusterError> {
        connect(&self.file.aggregator)
    }

    /// The word list of the last push from this machine, if any.
    fn words(&self) -> Option<words::WordList> {
        let mirror = AtlasIndex::open(&self.mirror).ok()?;
        words::WordList::new(&mirror).ok()
    }
}

impl Backend for Cluster {
    fn search(&self, req: &SearchRequest) -> Result<SearchResults, SearchError> {
        let words = self.words();
        let mut conn = self.aggregator()?;
        engine::search(&mut conn, &self.file.aggregator.index, words.as_ref(), req)
    }

    fn article(&self, id: &str) -> Result<Option<Article>, SearchError> {
        let mut conn = self.aggregator()?;
        engine::article(&mut conn, &self.file.aggregator.index, id)
    }

    fn stats(&self) -> Result<Stats, SearchError> {
        let mut conn = self.aggregator()?;
        let mut stats = engine::stats(&mut conn, &self.file.aggregator.index)?;
        for shard in &self.file.shards {
            // Size is what each shard reports; one that does not answer adds nothing.
            if let Ok(mut c) = connect(shard) {
                stats.index_bytes += engine::index_bytes(&mut c, &shard.index);
            }
        }
        Ok(stats)
    }

    fn related(&self, _id: &str, _limit: usize) -> Result<Option<Related>, SearchError> {
        Err(SearchError::Unsupported(
            "related is not available on a cluster (ask the local index for it)".into(),
        ))
    }
}

/// Runs a statement whose result is ignored (used by tests and push).
pub fn execute(conn: &mut mysql::Conn, sql: &str) -> Result<(), ClusterError> {
    Ok(conn.query_drop(sql)?)
}
