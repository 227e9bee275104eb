//! Query words that start with `-` (`atlas search -pakistan india`): moved
//! behind a `--` before clap sees the command line.

use std::ffi::OsString;

use clap::CommandFactory;

use super::Cli;

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
