//! The `atlas` binary: parse arguments, run the command, print any error
//! once as `error: …` and map it to the exit code (2 usage, 1 runtime).

use std::process::ExitCode;

use atlas_search::{UsageError, cli::Cli, cmd};
use clap::Parser;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = atlas_search::cli::normalize_args(std::env::args_os().collect());
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e)
            if e.use_stderr()
                && e.kind() != clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand =>
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
            return ExitCode::from(2);
        }
        Err(e) => {
            // --help and --version print to stdout and succeed; a missing
            // subcommand prints the help to stderr and exits 2.
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match cmd::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // `atlas search … | head` closing the pipe is not a failure.
            let broken_pipe = err.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            });
            if broken_pipe {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {err:#}");
            if err.chain().any(|c| c.is::<UsageError>()) {
                ExitCode::from(2)
            } else {
                ExitCode::from(1)
            }
        }
    }
}
