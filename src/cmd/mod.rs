//! One function per subcommand: arguments → library request → call →
//! render. `run` is what `main` calls.

mod alert;
mod cluster;
mod index;
mod quotes;
mod related;
mod search;
mod serve;
mod show;
mod stats;
mod watch;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::cli::{Cli, ClusterArg, ColorChoice, Command};
use atlas_search::UsageError;
use atlas_search::alerts::AlertError;
use atlas_search::backend::Backend;
use atlas_search::cluster::{Cluster, ClusterError};
use atlas_search::indexer::IndexError;
use atlas_search::render::Style;
use atlas_search::request::SearchError;
use atlas_search::store::{Access, AtlasIndex};

/// The index location when neither `--index` nor `$ATLAS_INDEX` is given.
pub const DEFAULT_INDEX: &str = "index";
/// The corpus `search` indexes on a fresh checkout.
pub const DEFAULT_CORPUS: &str = "corpus";

pub fn run(cli: Cli) -> Result<()> {
    let explicit = cli.index.is_some();
    let index_dir = cli.index.unwrap_or_else(|| PathBuf::from(DEFAULT_INDEX));
    let style = stdout_style(cli.color);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match cli.command {
        Command::Index(args) => index::execute(&index_dir, args, &mut out)?,
        Command::Search(args) => search::execute(&index_dir, explicit, args, style, &mut out)?,
        Command::Quotes(args) => quotes::execute(&index_dir, args, &mut out)?,
        Command::Show(args) => show::execute(&index_dir, args, style, &mut out)?,
        Command::Stats(args) => stats::execute(&index_dir, args, &mut out)?,
        Command::Related(args) => related::execute(&index_dir, args, style, &mut out)?,
        Command::Serve(args) => serve::execute(&index_dir, args, &mut out)?,
        Command::Alert(command) => alert::execute(&index_dir, command, style, &mut out)?,
        Command::Cluster(command) => cluster::config(command, &mut out)?,
        Command::Push(args) => cluster::push(args, &mut out)?,
        Command::Completions(args) => crate::cli::write_completions(args.shell, &mut out)?,
        Command::Man => crate::cli::write_man(&mut out)?,
    }
    out.flush()?;
    Ok(())
}

/// The local index, read as `access` says, or the cluster of `--cluster FILE`.
fn open_backend(
    index_dir: &Path,
    cluster: &ClusterArg,
    access: Access,
) -> Result<Box<dyn Backend>> {
    Ok(match &cluster.file {
        Some(file) => Box::new(Cluster::open(file).map_err(exit_error)?),
        None => Box::new(AtlasIndex::open_for(index_dir, access)?),
    })
}

/// Library errors that know whether what was typed caused them (a bad
/// flag, query, name or `atlas.toml`).
trait Blame: std::error::Error + Send + Sync + 'static {
    fn is_usage(&self) -> bool;
}

impl Blame for SearchError {
    fn is_usage(&self) -> bool {
        SearchError::is_usage(self)
    }
}

impl Blame for ClusterError {
    fn is_usage(&self) -> bool {
        ClusterError::is_usage(self)
    }
}

/// An unknown alert name included exits 1, as SPEC says.
impl Blame for AlertError {
    fn is_usage(&self) -> bool {
        AlertError::is_usage(self)
    }
}

impl Blame for IndexError {
    fn is_usage(&self) -> bool {
        matches!(self, IndexError::Config(_))
    }
}

/// The error as `main` reports it: a mistake in what was typed is a
/// [`UsageError`] (exit 2), anything else exits 1.
fn exit_error<E: Blame>(e: E) -> anyhow::Error {
    if e.is_usage() {
        anyhow::Error::new(UsageError(e.to_string()))
    } else {
        anyhow::Error::new(e)
    }
}

/// The article `typed` names: the exact id first, else the id text output
/// printed as `typed` (escaped controls read back, SPEC "What atlas prints
/// and serves is safe").
///
/// No article: an error that says what ids are.
fn by_id<T, E: std::error::Error + Send + Sync + 'static>(
    typed: &str,
    mut find: impl FnMut(&str) -> Result<Option<T>, E>,
) -> Result<T> {
    if let Some(found) = find(typed)? {
        return Ok(found);
    }
    if let Some(id) = atlas_search::escape::unescape(typed)
        && let Some(found) = find(&id)?
    {
        return Ok(found);
    }
    anyhow::bail!(
        "no article with id `{}` (ids are corpus paths; find them with `atlas search`)",
        atlas_search::escape::text(typed)
    )
}

/// `--color auto`: colour only for a terminal, and never when `NO_COLOR`
/// is set; `always` and `never` say it outright.
fn stdout_style(choice: ColorChoice) -> Style {
    let color = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
            !no_color && std::io::stdout().is_terminal()
        }
    };
    Style { color }
}
