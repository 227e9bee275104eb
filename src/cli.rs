//! Command-line arguments. clap's types stop here: `cmd` turns them into the
//! library's plain request types. Doc comments are the `--help` text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "atlas",
    version,
    about = "Full-text search for a newsroom's article archive",
    after_help = "Examples:\n  atlas index corpus/\n  atlas search \"resolve for stability\"\n  atlas search --desk \"central asia\" --since 2024-06 --until 2024-06\n  atlas search pakistan --author \"wilder davenport\" --sort newest --format json"
)]
pub struct Cli {
    /// Index directory [default: ./index]
    #[arg(long, global = true, env = "ATLAS_INDEX", value_name = "DIR")]
    pub index: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Add new, changed and removed articles of a corpus to the index
    Index(IndexArgs),
    /// Search the index
    Search(SearchArgs),
    /// Show one article: metadata and full text
    Show(ShowArgs),
    /// What the index holds: articles, desks, authors, years, dates, size
    Stats(StatsArgs),
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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortArg {
    Relevance,
    Newest,
    Oldest,
}

#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Folder of articles (.txt, .md, .json, .jsonl …)
    #[arg(default_value = "corpus", value_name = "CORPUS_DIR")]
    pub corpus: PathBuf,
    /// Re-read and re-index every file (one atomic commit, as always)
    #[arg(long)]
    pub rebuild: bool,
    /// Threads for parsing and indexing [default: number of CPUs]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=64))]
    pub threads: Option<u16>,
    /// Print nothing but errors
    #[arg(long, short)]
    pub quiet: bool,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Query words; tantivy syntax: AND by default, OR, -word, "phrase", "phrase"~2,
    /// title:word, author:name, desk:"central asia", tag:x, date:2024-06, word*, ( )
    #[arg(value_name = "QUERY", allow_hyphen_values = true)]
    pub query: Vec<String>,
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
    #[arg(long, value_enum, default_value_t = SortArg::Relevance)]
    pub sort: SortArg,
    /// Hits to print (0: only the total and facets)
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    /// Hits to skip
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// Count desks, years and authors over all matching articles
    #[arg(long)]
    pub facets: bool,
    #[arg(long, value_enum, default_value_t = SearchFormat::Text)]
    pub format: SearchFormat,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Article id: its path in the corpus (plus #N for JSON Lines items)
    pub id: String,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}
