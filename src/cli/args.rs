//! The arguments of each subcommand. Doc comments are the `--help` text.

use std::path::PathBuf;

use atlas_search::request::Sort;
use clap::{Args, Subcommand, ValueEnum};

#[derive(Debug, Subcommand)]
pub enum ClusterCommand {
    /// Write DIR/shard-K.conf, DIR/aggregator.conf and DIR/cluster.toml (loopback ports from P up)
    Config(ClusterConfigArgs),
}

#[derive(Debug, Args)]
pub struct ClusterConfigArgs {
    /// Number of shards
    #[arg(long, value_name = "N")]
    pub shards: usize,
    /// Folder for the configs, data and logs (created if needed)
    #[arg(long, value_name = "DIR")]
    pub dir: PathBuf,
    /// First port: the aggregator's SphinxQL port, then an API port, then two per shard
    #[arg(long, value_name = "P", default_value_t = 9410)]
    pub base_port: u16,
}

/// `--cluster FILE`: a SphinxQL cluster (its cluster.toml) answers
/// instead of the local index. Declared once; each command that takes it
/// words its help for what it does there (`mut_arg`).
#[derive(Debug, Args)]
pub struct ClusterArg {
    /// Search this SphinxQL cluster (its cluster.toml) instead of the local index
    #[arg(id = "cluster", long = "cluster", value_name = "FILE")]
    pub file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct PushArgs {
    #[command(flatten)]
    pub cluster: ClusterArg,
    /// Folder of articles
    #[arg(default_value = "corpus", value_name = "CORPUS_DIR")]
    pub corpus: PathBuf,
    /// Threads for parsing [default: number of CPUs]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=64))]
    pub threads: Option<u16>,
    /// Read scanned PDF pages and images (.png, .jpg, .tif) by OCR with Tesseract
    /// (needs tesseract-ocr; also `[ocr] enabled` in atlas.toml)
    #[arg(long)]
    pub ocr: bool,
    /// Print nothing but errors
    #[arg(long, short)]
    pub quiet: bool,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SearchFormat {
    Text,
    Json,
    Jsonl,
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PeriodArg {
    Day,
    Week,
    Month,
    Year,
}

#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Folder of articles (.txt, .md, .json, .jsonl …)
    #[arg(default_value = "corpus", value_name = "CORPUS_DIR")]
    pub corpus: PathBuf,
    /// Re-read and re-index every file (one atomic commit, as always)
    #[arg(long)]
    pub rebuild: bool,
    /// Read scanned PDF pages and images (.png, .jpg, .tif) by OCR with Tesseract
    /// (needs tesseract-ocr; also `[ocr] enabled` in atlas.toml)
    #[arg(long)]
    pub ocr: bool,
    /// Threads for parsing and indexing [default: number of CPUs]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=64))]
    pub threads: Option<u16>,
    /// Print nothing but errors
    #[arg(long, short)]
    pub quiet: bool,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Then keep watching the corpus, one commit per batch of changes (Ctrl-C stops)
    #[arg(long)]
    pub watch: bool,
    /// With --watch: look for changes every SECS seconds instead of waiting for
    /// file-system events (network shares) [default: events, polling if none]
    #[arg(long, value_name = "SECS", requires = "watch",
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub poll: Option<u64>,
}

/// The filters of `search` and of a saved search.
#[derive(Debug, Args)]
pub struct FilterArgs {
    /// Only this desk (whole name, any case); repeat for several
    #[arg(long, value_name = "NAME")]
    pub desk: Vec<String>,
    /// Only articles by this author (whole name, any case); repeat for several
    #[arg(long, value_name = "NAME")]
    pub author: Vec<String>,
    /// Only articles with this tag; repeat for several
    #[arg(long, value_name = "NAME")]
    pub tag: Vec<String>,
    /// From this date on (2024, 2024-06, 2024-06-24, "June 24, 2024" …), inclusive
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Up to the end of this date's period (2024-06 ends June 30), inclusive
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Only articles in this language (de, pt-BR …); repeat for several
    #[arg(long, value_name = "CODE")]
    pub lang: Vec<String>,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Query words; tantivy syntax: AND by default, OR, -word, "phrase", "phrase"~2,
    /// title:word, author:name, desk:"central asia", tag:x, date:2024-06, word*, ( )
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,
    #[command(flatten)]
    pub filters: FilterArgs,
    #[arg(long, value_enum, default_value_t = Sort::Relevance)]
    pub sort: Sort,
    /// Hits to print (0: only the total and facets)
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    /// Hits to skip
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// Count desks, years and authors over all matching articles
    #[arg(long)]
    pub facets: bool,
    /// Count matching articles per day, week (ISO), month or year
    #[arg(long, value_enum, value_name = "PERIOD")]
    pub histogram: Option<PeriodArg>,
    /// One hit per copy group (its best-ranked member), with its copies counted
    #[arg(long)]
    pub collapse: bool,
    /// Match words only as typed: no [variants] from atlas.toml
    #[arg(long)]
    pub exact: bool,
    #[arg(long, value_enum, default_value_t = SearchFormat::Text)]
    pub format: SearchFormat,
    #[command(flatten)]
    pub cluster: ClusterArg,
    /// On a cluster: exit 1 when a shard did not answer (results are partial)
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Subcommand)]
pub enum AlertCommand {
    /// Save a search (query words and filters as for `search`)
    Add(AlertAddArgs),
    /// List the saved searches
    List(AlertListArgs),
    /// Remove a saved search
    Rm {
        /// The alert's name
        name: String,
    },
    /// Print what is new for each alert (or the named ones), and remember it
    Run(AlertRunArgs),
}

#[derive(Debug, Args)]
pub struct AlertAddArgs {
    /// A name for the alert
    pub name: String,
    /// Query words, as for `search` (may start with `-`)
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Report each story once, not each of its copies
    #[arg(long)]
    pub collapse: bool,
}

#[derive(Debug, Args)]
pub struct AlertListArgs {
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AlertFormat {
    Text,
    Json,
    Csv,
}

#[derive(Debug, Args)]
pub struct AlertRunArgs {
    /// Alerts to run [default: all]
    pub names: Vec<String>,
    #[arg(long, value_enum, default_value_t = AlertFormat::Text)]
    pub format: AlertFormat,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Article id: its path in the corpus (plus #N for JSON Lines items)
    pub id: String,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    #[command(flatten)]
    pub cluster: ClusterArg,
}

#[derive(Debug, Args)]
pub struct RelatedArgs {
    /// Article id: its path in the corpus (plus #N for JSON Lines items)
    pub id: String,
    /// Related articles to list (copies are always all listed)
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    #[command(flatten)]
    pub cluster: ClusterArg,
    /// On a cluster: exit 1 when a shard did not answer (the counts are partial)
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on (loopback unless told otherwise; port 0 picks a free port)
    #[arg(long, default_value = "127.0.0.1:7700", value_name = "ADDR")]
    pub addr: String,
    #[command(flatten)]
    pub cluster: ClusterArg,
    /// Require the access token in FILE (needed beyond loopback; TLS belongs to a reverse proxy)
    #[arg(long, value_name = "FILE")]
    pub token_file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct QuotesArgs {
    /// Words of the quotation, in the query language of `search`
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,
    /// Only quotes by this speaker (whole name or any of its words, any case); repeat for several
    #[arg(long, value_name = "NAME")]
    pub speaker: Vec<String>,
    /// Only quotes in articles of this desk (whole name, any case); repeat for several
    #[arg(long, value_name = "NAME")]
    pub desk: Vec<String>,
    /// Only quotes in articles by this author (whole name, any case); repeat for several
    #[arg(long, value_name = "NAME")]
    pub author: Vec<String>,
    /// From this date on (2024, 2024-06, 2024-06-24 …), inclusive
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Up to the end of this date's period, inclusive
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Only quotes in articles in this language; repeat for several
    #[arg(long, value_name = "CODE")]
    pub lang: Vec<String>,
    #[arg(long, value_enum, default_value_t = Sort::Relevance)]
    pub sort: Sort,
    /// Quotes to print (0: only the total and facets)
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    /// Quotes to skip
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// Count speakers over all matching quotes
    #[arg(long)]
    pub facets: bool,
    /// Count matching quotes per day, week (ISO), month or year
    #[arg(long, value_enum, value_name = "PERIOD")]
    pub histogram: Option<PeriodArg>,
    /// A quotation repeated in copies of one story once, with its copies counted
    #[arg(long)]
    pub collapse: bool,
    #[arg(long, value_enum, default_value_t = SearchFormat::Text)]
    pub format: SearchFormat,
    #[command(flatten)]
    pub cluster: ClusterArg,
}
