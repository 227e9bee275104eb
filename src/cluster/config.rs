//! `cluster.toml` and the `searchd` configs `atlas cluster config` writes.
//!
//! The cluster file is all a search or a push needs to find the engine: the
//! aggregator (a `type = distributed` index) that searches go to, and the
//! shards that pushes write to directly. The searchd configs are written to
//! match it, so that a fresh directory becomes a running cluster with one
//! `searchd --config` per file. Every analysis decision is atlas's: the
//! indexes get `morphology = none` and a charset of exactly the characters
//! atlas's token encoding emits (see `tokens`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::schema;

/// The first port when `--base-port` is not given.
pub const DEFAULT_BASE_PORT: u16 = 9410;
/// Name of the distributed index on the aggregator.
pub const AGGREGATE_INDEX: &str = "atlas";
/// The largest `max_packet_size` the engines accept: Sphinx 2.2 and
/// Manticore both refuse to start above it ("max_packet_size out of bounds
/// (128K..128M)"). The configs ask for it, so that an article is refused
/// only when even this cannot carry it.
pub const ENGINE_MAX_PACKET: u64 = 128 << 20;
/// What configs written before `max_packet` was recorded set (32M): the
/// limit assumed for a `cluster.toml` that does not say.
pub const LEGACY_MAX_PACKET: u64 = 32 << 20;
/// Per-thread stack of every searchd. Sphinx 2.2's default (1M) refuses a
/// prefix that expands to about 6,000 words ("query too complex, not
/// enough stack"; it needs ~160 bytes per word); 8M carries more than the
/// 20,000 expansions a query may hold (`translate::MAX_PREFIX_EXPANSIONS`,
/// measured: 30,000 pass).
pub const THREAD_STACK: &str = "8M";

/// One searchd: where SphinxQL is spoken and (for shards) the index it holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Node {
    pub host: String,
    /// SphinxQL (MySQL protocol) port.
    pub port: u16,
    /// SphinxAPI port: what the aggregator's agents speak to a shard.
    pub api_port: u16,
    pub index: String,
}

/// The contents of `cluster.toml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClusterFile {
    /// The largest statement every searchd here accepts, in bytes: their
    /// `max_packet_size`, which must not be lower (searchd drops the
    /// connection on a larger packet, without an error to read).
    #[serde(default = "legacy_max_packet")]
    pub max_packet: u64,
    pub aggregator: Node,
    pub shards: Vec<Node>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read cluster file {path}: {source} (write one with `atlas cluster config`)")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cluster file {path} is not valid: {message}")]
    Invalid { path: PathBuf, message: String },
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("--shards must be between 1 and 64, not {0}")]
    Shards(usize),
    #[error("--base-port {0} leaves no room for {1} ports below 65536")]
    Ports(u16, usize),
}

fn legacy_max_packet() -> u64 {
    LEGACY_MAX_PACKET
}

impl ConfigError {
    /// Bad flags (exit 2) rather than IO.
    pub fn is_usage(&self) -> bool {
        matches!(self, ConfigError::Shards(_) | ConfigError::Ports(..))
    }
}

impl ClusterFile {
    pub fn load(path: &Path) -> Result<ClusterFile, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let file: ClusterFile = toml::from_str(&text).map_err(|e| ConfigError::Invalid {
            path: path.to_path_buf(),
            message: e.message().to_string(),
        })?;
        if file.shards.is_empty() {
            return Err(ConfigError::Invalid {
                path: path.to_path_buf(),
                message: "it lists no shards".into(),
            });
        }
        if !(1 << 17..=ENGINE_MAX_PACKET).contains(&file.max_packet) {
            return Err(ConfigError::Invalid {
                path: path.to_path_buf(),
                message: format!(
                    "max_packet = {} is outside what searchd accepts (131072 to {ENGINE_MAX_PACKET})",
                    file.max_packet
                ),
            });
        }
        Ok(file)
    }

    /// Ports from `base` upward: the aggregator's SphinxQL and API ports,
    /// then two per shard.
    pub fn loopback(shards: usize, base: u16) -> Result<ClusterFile, ConfigError> {
        if !(1..=64).contains(&shards) {
            return Err(ConfigError::Shards(shards));
        }
        let needed = 2 * (shards + 1);
        if base as usize + needed > 65536 || base == 0 {
            return Err(ConfigError::Ports(base, needed));
        }
        let node = |k: usize, index: String| Node {
            host: "127.0.0.1".into(),
            port: base + 2 * k as u16,
            api_port: base + 2 * k as u16 + 1,
            index,
        };
        Ok(ClusterFile {
            max_packet: ENGINE_MAX_PACKET,
            aggregator: node(0, AGGREGATE_INDEX.into()),
            shards: (1..=shards)
                .map(|k| node(k, format!("atlas_shard{k}")))
                .collect(),
        })
    }
}

/// Writes `shard-K.conf`, `aggregator.conf` and `cluster.toml` into `dir`
/// (created if needed); returns the files written.
pub fn write_configs(dir: &Path, shards: usize, base: u16) -> Result<Vec<PathBuf>, ConfigError> {
    let cluster = ClusterFile::loopback(shards, base)?;
    let write_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| ConfigError::Write { path, source }
    };
    std::fs::create_dir_all(dir).map_err(write_err(dir))?;
    let dir = std::fs::canonicalize(dir).map_err(write_err(dir))?;
    let mut files = Vec::new();
    let mut put = |name: String, text: String| -> Result<(), ConfigError> {
        let path = dir.join(name);
        std::fs::write(&path, text).map_err(write_err(&path))?;
        files.push(path);
        Ok(())
    };
    for (k, shard) in cluster.shards.iter().enumerate() {
        let data = dir.join(format!("shard-{}", k + 1));
        std::fs::create_dir_all(&data).map_err(write_err(&data))?;
        put(format!("shard-{}.conf", k + 1), shard_conf(shard, &data))?;
    }
    let data = dir.join("aggregator");
    std::fs::create_dir_all(&data).map_err(write_err(&data))?;
    put("aggregator.conf".into(), aggregator_conf(&cluster, &data))?;
    let toml = toml::to_string(&cluster).map_err(|e| ConfigError::Invalid {
        path: dir.join("cluster.toml"),
        message: e.to_string(),
    })?;
    let header = "# Written by `atlas cluster config`: the aggregator searches go to, the shards pushes write to.\n\
                  # max_packet: the searchd configs' max_packet_size in bytes (lower it with them, never above).\n";
    put("cluster.toml".into(), format!("{header}{toml}"))?;
    Ok(files)
}

/// The real-time indexes of one shard: its articles, and their quotations
/// in rows of the same shape (`schema::quotes_table`).
fn shard_conf(shard: &Node, data: &Path) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# Shard of an atlas cluster (written by `atlas cluster config`)."
    );
    rt_index(&mut s, &shard.index, data);
    rt_index(&mut s, &schema::quotes_table(&shard.index), data);
    s.push_str(&searchd_section(shard, data));
    s
}

/// One real-time index: atlas's token fields, the stored article as string
/// attributes, and the filter/sort attributes.
fn rt_index(s: &mut String, name: &str, data: &Path) {
    let _ = writeln!(s, "index {name}\n{{");
    let _ = writeln!(s, "    type = rt");
    let _ = writeln!(s, "    path = {}", data.join(name).display());
    for field in schema::FIELDS {
        let _ = writeln!(s, "    rt_field = {field}");
    }
    for attr in schema::STRING_ATTRS {
        let _ = writeln!(s, "    rt_attr_string = {attr}");
    }
    for attr in schema::UINT_ATTRS {
        let _ = writeln!(s, "    rt_attr_uint = {attr}");
    }
    let _ = writeln!(s, "    rt_attr_bigint = {}", schema::DESK_HASH);
    let _ = writeln!(s, "    rt_attr_bigint = {}", schema::LANG_HASH);
    for attr in schema::MULTI_ATTRS {
        let _ = writeln!(s, "    rt_attr_multi_64 = {attr}");
    }
    // atlas analyses: the engine must keep each token exactly as sent.
    let _ = writeln!(s, "    morphology = none");
    let _ = writeln!(s, "    charset_table = 0..9, a..z, _");
    let _ = writeln!(s, "    min_word_len = 1");
    let _ = writeln!(s, "    dict = keywords");
    let _ = writeln!(s, "    rt_mem_limit = 256M");
    let _ = writeln!(s, "}}\n");
}

/// The distributed indexes searches go to: the shards' articles, and
/// their quote tables.
fn aggregator_conf(cluster: &ClusterFile, data: &Path) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# Aggregator of an atlas cluster (written by `atlas cluster config`)."
    );
    let tables = [
        (cluster.aggregator.index.clone(), None),
        (
            schema::quotes_table(&cluster.aggregator.index),
            Some(schema::QUOTES_SUFFIX),
        ),
    ];
    for (name, suffix) in tables {
        let _ = writeln!(s, "index {name}\n{{");
        let _ = writeln!(s, "    type = distributed");
        for shard in &cluster.shards {
            let _ = writeln!(
                s,
                "    agent = {}:{}:{}{}",
                shard.host,
                shard.api_port,
                shard.index,
                suffix.unwrap_or("")
            );
        }
        // A shard that does not answer must not hold the whole search up.
        let _ = writeln!(s, "    agent_connect_timeout = 1000");
        let _ = writeln!(s, "    agent_query_timeout = 30000");
        let _ = writeln!(s, "}}\n");
    }
    s.push_str(&searchd_section(&cluster.aggregator, data));
    s
}

fn searchd_section(node: &Node, data: &Path) -> String {
    let path = |name: &str| data.join(name).display().to_string();
    let mut s = String::new();
    let _ = writeln!(s, "searchd\n{{");
    let _ = writeln!(s, "    listen = {}:{}:mysql41", node.host, node.port);
    let _ = writeln!(s, "    listen = {}:{}", node.host, node.api_port);
    let _ = writeln!(s, "    log = {}", path("searchd.log"));
    let _ = writeln!(s, "    query_log = {}", path("query.log"));
    let _ = writeln!(s, "    pid_file = {}", path("searchd.pid"));
    let _ = writeln!(s, "    binlog_path = {}", data.display());
    let _ = writeln!(s, "    workers = threads");
    let _ = writeln!(s, "    max_packet_size = {}M", ENGINE_MAX_PACKET >> 20);
    let _ = writeln!(s, "    thread_stack = {THREAD_STACK}");
    let _ = writeln!(s, "    max_batch_queries = 64");
    let _ = writeln!(s, "    read_timeout = 30");
    let _ = writeln!(s, "}}");
    continue_long_lines(&s)
}

/// searchd reads lines of limited length: long values are split with `\`
/// continuations at spaces.
pub fn continue_long_lines(text: &str) -> String {
    const MAX: usize = 100;
    let mut out = String::new();
    for line in text.lines() {
        let mut rest = line;
        while rest.len() > MAX {
            let cut = rest[..MAX].rfind(' ').filter(|&c| c > 8).unwrap_or(MAX);
            let cut = (0..=cut)
                .rev()
                .find(|&c| rest.is_char_boundary(c))
                .unwrap_or(0);
            out.push_str(&rest[..cut]);
            out.push_str(" \\\n");
            rest = &rest[cut..];
        }
        out.push_str(rest);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ports_are_consecutive_from_the_base() {
        let c = ClusterFile::loopback(2, 9500).unwrap();
        assert_eq!((c.aggregator.port, c.aggregator.api_port), (9500, 9501));
        assert_eq!((c.shards[1].port, c.shards[1].api_port), (9504, 9505));
        assert!(ClusterFile::loopback(0, 9500).is_err());
        assert!(ClusterFile::loopback(2, 65530).is_ok());
        assert!(ClusterFile::loopback(2, 65531).is_err());
    }

    #[test]
    fn each_table_has_its_quote_table_of_one_schema() {
        let c = ClusterFile::loopback(2, 9500).unwrap();
        let data = Path::new("/data");
        let shard = shard_conf(&c.shards[1], data);
        let tables: Vec<&str> = (shard.lines())
            .filter_map(|l| l.strip_prefix("index "))
            .collect();
        assert_eq!(tables, ["atlas_shard2", "atlas_shard2_quotes"]);
        let (articles, quotes) = shard.split_at(shard.find("index atlas_shard2_quotes").unwrap());
        let schema = |s: &str| -> Vec<String> {
            (s.lines())
                .filter(|l| l.trim_start().starts_with("rt_"))
                .map(String::from)
                .collect()
        };
        assert_eq!(schema(articles), schema(quotes));
        let agg = aggregator_conf(&c, data);
        assert!(agg.contains("index atlas_quotes\n{\n    type = distributed"));
        assert!(agg.contains("agent = 127.0.0.1:9505:atlas_shard2_quotes\n"));
        assert!(agg.contains("agent = 127.0.0.1:9505:atlas_shard2\n"));
    }

    #[test]
    fn long_lines_get_continuations() {
        let long = format!("    agent = {}", "x ".repeat(120));
        let out = continue_long_lines(&long);
        assert!(out.lines().count() > 1);
        assert!(out.lines().all(|l| l.len() <= 102));
        assert_eq!(out.replace(" \\\n", ""), format!("{long}\n"));
    }
}
