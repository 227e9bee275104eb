//! atlas on a SphinxQL cluster (Manticore in production, Sphinx 2.2 in
//! tests): the same requests and results as the local index, with storage
//! and search handed to the engine.
//!
//! The rooms: `schema` (the engine's fields and attributes, named once),
//! `config` (cluster.toml and the searchd configs), `tokens`
//! (atlas's analysis as engine tokens), `push` (corpus → shards), `words`
//! (the word list prefixes expand from), `translate` (query tree →
//! `MATCH()`), `engine` (a search as SphinxQL, rows back to hits, facets
//! and stats), `quotes` (the quote tables: `speaker:` and `quote:`). Only the MySQL text protocol is used: Sphinx 2.2 mishandles
//! prepared statements and `SELECT @@…`. The cluster speaks the contract
//! of [`crate::request`]; of the local engine it uses only the store (the
//! push mirror) and, for a re-check, an in-memory index through
//! [`Backend`].

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use mysql::prelude::Queryable;

pub mod config;
mod engine;
mod journal;
mod prefixes;
pub mod push;
mod quotes;
mod recheck;
mod row;
pub mod schema;
pub mod tokens;
pub mod translate;
pub mod words;

pub use config::{ClusterFile, Node};

use crate::article::Article;
use crate::backend::Backend;
use crate::request::{Related, SearchError, SearchRequest, SearchResults, Stats};
use crate::store::AtlasIndex;

#[derive(Debug, thiserror::Error)]
pub enum ClusterError {
    #[error(transparent)]
    Config(#[from] config::ConfigError),
    #[error(
        "cannot reach searchd at {addr}: {message} (is it running? start it with `searchd --config …`)"
    )]
    Unreachable { addr: String, message: String },
    /// One line: the engine's own message (not the client's debug text),
    /// and where to look.
    #[error(
        "the cluster answered with an error: {0} (the searchd logs beside its config say more)"
    )]
    Engine(String),
    #[error(transparent)]
    Index(#[from] crate::indexer::IndexError),
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error("reading the push mirror {0}: {1}")]
    Mirror(PathBuf, tantivy::TantivyError),
    /// Not a `source`: `error: …` prints the chain, which would say it twice.
    #[error("push state beside the cluster file: {0}")]
    Io(std::io::Error),
}

impl From<std::io::Error> for ClusterError {
    fn from(e: std::io::Error) -> ClusterError {
        ClusterError::Io(e)
    }
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

impl From<mysql::Error> for ClusterError {
    fn from(e: mysql::Error) -> ClusterError {
        ClusterError::Engine(describe(&e))
    }
}

/// What went wrong, in one line: the server's message for an error the
/// engine returned, the cause for a connection that failed.
pub fn describe(e: &mysql::Error) -> String {
    let text = match e {
        mysql::Error::MySqlError(m) => m.message.clone(),
        mysql::Error::IoError(io) => format!("the connection failed: {io}"),
        mysql::Error::CodecError(c) => format!("the connection failed: {c}"),
        mysql::Error::DriverError(d) => d.to_string(),
        other => other.to_string(),
    };
    // Sphinx 2.2 ends some messages with a NUL.
    let text = text.replace('\0', "");
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match is_schema_mismatch(&text) {
        true => format!(
            "{text} (the shards were configured by an earlier atlas: write new configs with `atlas cluster config`, start searchd on them with empty data directories, and push again)"
        ),
        false => text,
    }
}

/// Whether the engine's message says a column or a table atlas uses is
/// missing (the quote tables came with `speaker:` on a cluster).
pub fn is_schema_mismatch(message: &str) -> bool {
    let m = message.to_ascii_lowercase();
    (m.contains("column") || m.contains(schema::QUOTES_SUFFIX))
        && (m.contains("unknown") || m.contains("no such"))
}

impl From<ClusterError> for SearchError {
    fn from(e: ClusterError) -> SearchError {
        SearchError::Cluster(e.to_string())
    }
}

/// A text-protocol connection to one searchd. The packet limit is given,
/// not asked (`SELECT @@max_allowed_packet` is what 2.2 cannot answer):
/// the client accepts what any engine may send; what atlas sends is kept
/// under the cluster's own `max_packet` by `push`.
pub fn connect(node: &Node) -> Result<mysql::Conn, ClusterError> {
    let opts = mysql::OptsBuilder::new()
        .ip_or_hostname(Some(node.host.clone()))
        .tcp_port(node.port)
        .prefer_socket(false)
        .max_allowed_packet(Some(config::ENGINE_MAX_PACKET as usize))
        .tcp_connect_timeout(Some(std::time::Duration::from_secs(5)));
    mysql::Conn::new(opts).map_err(|e| ClusterError::Unreachable {
        addr: format!("{}:{}", node.host, node.port),
        message: describe(&e),
    })
}

/// A cluster opened from its `cluster.toml`.
pub struct Cluster {
    file: ClusterFile,
    mirror_dir: PathBuf,
    /// The push mirror, opened on the first search that needs its word
    /// list; later searches reload its reader (a new push shows at once).
    /// A push that rebuilds the mirror in place (only a newer atlas with
    /// another schema does) needs the long-running `serve --cluster`
    /// restarted to see the new word list.
    mirror: OnceLock<AtlasIndex>,
    /// The mirror's quote index (`INDEX/.quotes`): the word list
    /// `speaker:` and `quote:` prefixes expand from.
    quote_mirror: OnceLock<AtlasIndex>,
}

impl Cluster {
    pub fn open(cluster_file: &Path) -> Result<Cluster, ClusterError> {
        Ok(Cluster {
            file: ClusterFile::load(cluster_file)?,
            mirror_dir: push::mirror_dir(cluster_file),
            mirror: OnceLock::new(),
            quote_mirror: OnceLock::new(),
        })
    }

    fn aggregator(&self) -> Result<mysql::Conn, ClusterError> {
        connect(&self.file.aggregator)
    }

    /// The word list of the last push from this machine, if any.
    fn words(&self) -> Option<words::WordList> {
        word_list(&self.mirror, &self.mirror_dir)
    }

    /// The word list of the last push's quotations, if any.
    fn quote_words(&self) -> Option<words::WordList> {
        let dir = crate::quotes::quotes_dir(&self.mirror_dir);
        word_list(&self.quote_mirror, &dir)
    }
}

/// The word list of the index at `dir`, opened once into `slot`.
fn word_list(slot: &OnceLock<AtlasIndex>, dir: &Path) -> Option<words::WordList> {
    let index = match slot.get() {
        Some(index) => index,
        None => {
            let opened = AtlasIndex::open(dir).ok()?;
            slot.get_or_init(|| opened)
        }
    };
    words::WordList::new(index).ok()
}

impl Backend for Cluster {
    fn search(&self, req: &SearchRequest) -> Result<SearchResults, SearchError> {
        let (words, quote_words) = (self.words(), self.quote_words());
        let mut conn = self.aggregator()?;
        let index = &self.file.aggregator.index;
        let qw = quote_words.as_ref();
        let mut results = engine::search(&mut conn, index, words.as_ref(), qw, req)?;
        // Did you mean, from the word list (which keeps each word's
        // article count), counted by the cluster itself.
        if let Some(w) = &words {
            let mut run = |r: &SearchRequest| engine::search(&mut conn, index, Some(w), qw, r);
            // One that cannot be worked out is left out, never an error.
            results.suggestions =
                crate::suggest::suggest(req, results.total_hits, w.vocabulary(), &mut run)
                    .unwrap_or_default();
        }
        Ok(results)
    }

    fn article(&self, id: &str) -> Result<Option<Article>, SearchError> {
        let mut conn = self.aggregator()?;
        engine::article(&mut conn, &self.file.aggregator.index, id)
    }

    fn stats(&self) -> Result<Stats, SearchError> {
        let mut conn = self.aggregator()?;
        let mut stats = engine::stats(&mut conn, &self.file.aggregator.index)?;
        for shard in &self.file.shards {
            // Size is what each shard reports; one that does not answer
            // adds nothing, and says so.
            match connect(shard) {
                Ok(mut c) => stats.index_bytes += engine::index_bytes(&mut c, &shard.index),
                // The aggregator's own warning already names a shard it missed.
                Err(e) if stats.partial != Some(true) => {
                    stats.partial = Some(true);
                    stats.warnings.push(e.to_string());
                }
                Err(_) => {}
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
