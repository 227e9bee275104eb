//! The command line itself: `--help` of every command (snapshots: a change
//! of the help text is a reviewed change), shell completions, the man page
//! and `--color`.

mod common;

use common::Env;

/// Every subcommand, from the binary's own `--help` list.
fn subcommands(env: &Env) -> Vec<String> {
    let out = env.run(&["--help"]).output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    help.split("Commands:")
        .nth(1)
        .unwrap()
        .lines()
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .map(str::to_string)
        .collect()
}

#[test]
fn help_of_every_command_is_snapshotted() {
    let env = Env::empty();
    let commands = subcommands(&env);
    for expected in [
        "index",
        "search",
        "show",
        "stats",
        "serve",
        "completions",
        "man",
    ] {
        assert!(commands.iter().any(|c| c == expected), "{expected} missing");
    }
    let help = |args: &[&str]| {
        let out = env.run(args).output().unwrap();
        assert!(out.status.success(), "{args:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    insta::assert_snapshot!("atlas", help(&["--help"]));
    for command in &commands {
        insta::assert_snapshot!(command.as_str(), help(&[command, "--help"]));
    }
}

#[test]
fn completions_for_every_shell() {
    let env = Env::empty();
    for (shell, marker) in [
        ("bash", "complete -F _atlas"),
        ("zsh", "#compdef atlas"),
        ("fish", "complete -c atlas"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "edit:completion:arg-completer[atlas]"),
    ] {
        let out = env.run(&["completions", shell]).output().unwrap();
        assert!(out.status.success(), "{shell}");
        let script = String::from_utf8(out.stdout).unwrap();
        assert!(script.contains(marker), "{shell}: no {marker:?}");
        // Every subcommand is completed.
        assert!(
            script.contains("search") && script.contains("completions"),
            "{shell}"
        );
    }
    env.run(&["completions", "tcsh"]).assert().code(2);
}

#[test]
fn man_page_is_roff_with_every_command() {
    let env = Env::empty();
    let out = env.run(&["man"]).output().unwrap();
    assert!(out.status.success());
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(
        page.starts_with(".ie") || page.contains(".TH atlas 1"),
        "{}",
        &page[..80]
    );
    for command in subcommands(&env) {
        assert!(
            page.contains(&format!(".TH atlas-{command} 1")),
            "{command}"
        );
    }
}

#[test]
fn color_always_and_never_override_the_terminal_test() {
    let env = Env::with_fixture("samples");
    env.index();
    let run = |color: &str| {
        let out = env
            .run(&["--color", color, "search", "pakistan", "--limit", "1"])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    // Not a terminal, NO_COLOR set by the test environment: `always` still colours.
    assert!(run("always").contains("\x1b["));
    assert!(!run("never").contains("\x1b["));
    assert!(!run("auto").contains("\x1b["));
    env.run(&["--color", "sometimes", "stats"]).assert().code(2);
}
