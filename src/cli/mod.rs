//! Command-line arguments. clap's types stop here: `cmd` turns them into the
//! library's plain request types. Doc comments are the `--help` text.

mod args;
mod normalize;

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

pub use args::*;
pub use normalize::normalize_args;

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
    /// Search what was said: quotations and their speakers
    #[command(mut_arg("cluster", |a| a.help("Not served by a cluster yet (exits 2)")))]
    Quotes(QuotesArgs),
    /// Show one article: metadata and full text
    #[command(mut_arg("cluster", |a| a.help("Read from this SphinxQL cluster (its cluster.toml)")))]
    Show(ShowArgs),
    /// What the index holds: articles, desks, authors, years, dates, size
    #[command(mut_arg("cluster", |a| a.help("Count what this SphinxQL cluster (its cluster.toml) holds")))]
    Stats(StatsArgs),
    /// An article's copies, then related coverage of the same subject
    Related(RelatedArgs),
    /// Serve a web UI and a JSON API over the index
    #[command(mut_arg("cluster", |a| a.help("Serve this SphinxQL cluster (its cluster.toml) instead of the local index")))]
    Serve(ServeArgs),
    /// Saved searches that report what is new since their last run
    #[command(subcommand)]
    Alert(AlertCommand),
    /// Set up a SphinxQL cluster (searchd configs and cluster.toml)
    #[command(subcommand)]
    Cluster(ClusterCommand),
    /// Load a corpus into a SphinxQL cluster (walked and parsed as `atlas index` does)
    #[command(mut_arg("cluster", |a| a.required(true)
        .help("The cluster file (`atlas cluster config` writes one)")))]
    Push(PushArgs),
    /// Print a shell completion script (e.g. `atlas completions bash > /etc/bash_completion.d/atlas`)
    Completions(CompletionsArgs),
    /// Print the manual page in roff (e.g. `atlas man | man -l -`)
    Man,
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
