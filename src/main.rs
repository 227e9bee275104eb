//! The `atlas` binary: parse arguments, run the command, print any error
//! once as `error: …` and map it to the exit code (2 usage, 1 runtime).

use std::process::ExitCode;

mod alloc;
mod cli;
mod cmd;

use atlas_search::UsageError;

fn main() -> ExitCode {
    alloc::tune();
    let cli = match cli::parse(std::env::args_os().collect()) {
        Ok(cli) => cli,
        Err(code) => return code,
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
            // Errors name files and ids: escaped like all text output.
            let message = format!("{err:#}");
            eprintln!("error: {}", atlas_search::escape::text(&message));
            if err.chain().any(|c| c.is::<UsageError>()) {
                ExitCode::from(2)
            } else {
                ExitCode::from(1)
            }
        }
    }
}
