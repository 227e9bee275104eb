//! Command-line arguments. clap's types stop here: `cmd` turns them into the
//! library's plain request types. Doc comments are the `--help` text.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

use atlas_search::request::Sort;
use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "atlas",
    version,
    about = "Full-text search for a newsroom's article archive",
    after_help = "Examples:\n  atlas index corpus/\n  atlas search \"resolve for stability\"\n  atlas search --desk \"central asia\" --since 2024-06 --until 2024-06\n  atlas search pakistan --author \"wilder davenport\" --sort newest --format json"
)]
pub struct Cli {
    /// Index directory [default: ./index]
    #[arg(
        long,
        global = true,
        env = "ATLAS_INDEX",
        hide_env_values = true,
        value_name = "DIR"
    )]
    pub index: Option<PathBuf>,

    /// Colour highlights: auto (a terminal, unless NO_COLOR is set), always, never
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
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
    /// An article's copies, then related coverage of the same subject
    Related(RelatedArgs),
    /// Serve a web UI and a JSON API over the index
    Serve(ServeArgs),
    /// Saved searches that report what is new since their last run
    #[command(subcommand)]
    Alert(AlertCommand),
    /// Set up a SphinxQL cluster (searchd configs and cluster.toml)
    #[command(subcommand)]
    Cluster(ClusterCommand),
    /// Load a corpus into a SphinxQL cluster (walked and parsed as `atlas index` does)
    Push(PushArgs),
    /// Print a shell completion script (e.g. `atlas completions bash > /etc/bash_completion.d/atlas`)
    Completions(CompletionsArgs),
    /// Print the manual page in roff (e.g. `atlas man | man -l -`)
    Man,
}

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

#[derive(Debug, Args)]
pub struct PushArgs {
    /// The cluster file (`atlas cluster config` writes one)
    #[arg(long, value_name = "FILE")]
    pub cluster: PathBuf,
    /// Folder of articles
    #[arg(default_value = "corpus", value_name = "CORPUS_DIR")]
    pub corpus: PathBuf,
    /// Threads for parsing [default: number of CPUs]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=64))]
    pub threads: Option<u16>,
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
    #[arg(long, value_enum, default_value_t = SearchFormat::Text)]
    pub format: SearchFormat,
    /// Search this SphinxQL cluster (its cluster.toml) instead of the local index
    #[arg(long, value_name = "FILE")]
    pub cluster: Option<PathBuf>,
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
    /// Read from this SphinxQL cluster (its cluster.toml)
    #[arg(long, value_name = "FILE")]
    pub cluster: Option<PathBuf>,
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
    /// Count what this SphinxQL cluster (its cluster.toml) holds
    #[arg(long, value_name = "FILE")]
    pub cluster: Option<PathBuf>,
    /// On a cluster: exit 1 when a shard did not answer (the counts are partial)
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on (loopback unless told otherwise; port 0 picks a free port)
    #[arg(long, default_value = "127.0.0.1:7700", value_name = "ADDR")]
    pub addr: String,
    /// Serve this SphinxQL cluster (its cluster.toml) instead of the local index
    #[arg(long, value_name = "FILE")]
    pub cluster: Option<PathBuf>,
    /// Require the access token in FILE (needed beyond loopback; TLS belongs to a reverse proxy)
    #[arg(long, value_name = "FILE")]
    pub token_file: Option<PathBuf>,
}

/// Lets query words start with `-` (`atlas search -pakistan india`) while
/// flags still work anywhere: the words of `search` are moved behind a `--`
/// in their order, the flags (and their values) stay in front. clap alone
/// can only do one of the two.
pub fn normalize_args(args: Vec<OsString>) -> Vec<OsString> {
    let command = Cli::command();
    // The first word that is not a global flag or its value names the
    // command; only `search` and `alert add` take query words.
    let mut at = 1;
    while let Some(arg) = args.get(at).and_then(|a| a.to_str()) {
        match arg {
            "--index" | "--color" => at += 2,
            _ if arg.starts_with("--index=") || arg.starts_with("--color=") => at += 1,
            _ => break,
        }
    }
    let (search_at, search) = match args.get(at).and_then(|a| a.to_str()) {
        Some("search") => (at, command.find_subcommand("search")),
        Some("alert") if args.get(at + 1).is_some_and(|a| a == "add") => (
            at + 1,
            (command.find_subcommand("alert")).and_then(|a| a.find_subcommand("add")),
        ),
        _ => return args,
    };
    let search = search.expect("subcommand exists");
    let global: Vec<clap::Arg> = command.get_arguments().cloned().collect();
    let flags: Vec<&clap::Arg> = search.get_arguments().chain(global.iter()).collect();
    let takes_value = |arg: &str| -> Option<bool> {
        if matches!(arg, "-h" | "--help" | "-V" | "--version") {
            return Some(false);
        }
        let name = arg.split('=').next().unwrap_or(arg);
        flags.iter().find_map(|f| {
            let long = f
                .get_long()
                .is_some_and(|l| name.strip_prefix("--") == Some(l));
            let short = f
                .get_short()
                .is_some_and(|c| name.len() == 2 && name.strip_prefix('-') == Some(&c.to_string()));
            (long || short).then(|| f.get_action().takes_values() && !arg.contains('='))
        })
    };
    let mut out: Vec<OsString> = args[..=search_at].to_vec();
    let mut words = Vec::new();
    let mut rest = args[search_at + 1..].iter();
    while let Some(arg) = rest.next() {
        let text = arg.to_string_lossy();
        if text == "--" {
            words.extend(rest.by_ref().cloned());
            break;
        }
        match takes_value(&text) {
            Some(true) => {
                out.push(arg.clone());
                if let Some(value) = rest.next() {
                    out.push(value.clone());
                }
            }
            Some(false) => out.push(arg.clone()),
            // Unknown `--flags` stay flags, so clap reports them.
            None if text.starts_with("--") => out.push(arg.clone()),
            None => words.push(arg.clone()),
        }
    }
    if !words.is_empty() {
        out.push("--".into());
        out.extend(words);
    }
    out
}

/// The command line, parsed; `Err` is the exit code after clap printed help,
/// the version or a usage error.
pub fn parse(args: Vec<OsString>) -> Result<Cli, ExitCode> {
    let e = match Cli::try_parse_from(normalize_args(args)) {
        Ok(cli) => return Ok(cli),
        Err(e) => e,
    };
    if e.use_stderr()
        && e.kind() != clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    {
        // A usage error is one line with a hint (SPEC "Exit codes"), like
        // every other: clap's message, its tip or possible values, `--help`.
        let text = e.render().to_string();
        let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
        let first = lines.next().unwrap_or("error: invalid arguments");
        let detail = lines.find_map(|l| {
            l.strip_prefix("tip: ")
                .or_else(|| l.starts_with("[possible values").then_some(l))
        });
        match detail {
            Some(d) => eprintln!("{first} ({d}; try `--help`)"),
            None => eprintln!("{first} (try `--help`)"),
        }
        return Err(ExitCode::from(2));
    }
    // --help and --version print to stdout and succeed; a missing
    // subcommand prints the help to stderr and exits 2.
    let _ = e.print();
    Err(ExitCode::from(if e.use_stderr() { 2 } else { 0 }))
}

/// `atlas completions SHELL`. Generated into memory first: clap_complete
/// panics on a write error, and `| head` closing the pipe is not a failure.
pub fn write_completions(
    shell: clap_complete::Shell,
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "atlas", &mut script);
    out.write_all(&script)
}

/// `atlas man`: the page of `atlas` and, after it, one per subcommand.
pub fn write_man(out: &mut impl std::io::Write) -> std::io::Result<()> {
    let command = Cli::command();
    clap_mangen::Man::new(command.clone()).render(out)?;
    for sub in command.get_subcommands() {
        let name = format!("atlas-{}", sub.get_name());
        let sub = sub.clone().name(name);
        clap_mangen::Man::new(sub).render(out)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(args: &[&str]) -> Vec<String> {
        normalize_args(args.iter().map(OsString::from).collect())
            .into_iter()
            .map(|a| a.into_string().unwrap())
            .collect()
    }

    #[test]
    fn query_words_may_start_with_a_dash_and_flags_go_anywhere() {
        assert_eq!(
            norm(&[
                "atlas",
                "search",
                "-pakistan",
                "india",
                "--desk",
                "x",
                "--facets"
            ]),
            [
                "atlas",
                "search",
                "--desk",
                "x",
                "--facets",
                "--",
                "-pakistan",
                "india"
            ]
        );
        assert_eq!(
            norm(&["atlas", "search", "a", "--limit=3", "-b", "--", "--c"]),
            ["atlas", "search", "--limit=3", "--", "a", "-b", "--c"]
        );
        assert_eq!(
            norm(&["atlas", "--index", "search", "stats"]),
            ["atlas", "--index", "search", "stats"]
        );
        assert_eq!(norm(&["atlas", "search", "-h"]), ["atlas", "search", "-h"]);
        assert_eq!(
            norm(&[
                "atlas", "alert", "add", "pk", "-india", "--desk", "x", "search"
            ]),
            [
                "atlas", "alert", "add", "--desk", "x", "--", "pk", "-india", "search"
            ]
        );
        assert_eq!(
            norm(&["atlas", "--index", "i", "show", "search"]),
            ["atlas", "--index", "i", "show", "search"]
        );
    }
}
