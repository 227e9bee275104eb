//! The command line itself: `--help` of every command (snapshots: a change
//! of the help text is a reviewed change), shell completions, the man page,
//! and `--color`; what text output shows of hostile names (escapes).

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

/// A file name made to fool a terminal: a new line with a fake `error:`,
/// and a screen clear.
const HOSTILE_NAME: &str = "evil\nerror: fake\x1b[2J.txt";
/// How text output shows it (SPEC: "What atlas prints and serves is safe").
const HOSTILE_SHOWN: &str = "evil\\nerror: fake\\u{1b}[2J.txt";
/// An article under that name; its author holds a right-to-left override.
const HOSTILE_ARTICLE: &str = "Title: The Turbine Letter\nBy: Eve \u{202e}Mallory\nDesk: Science\nDate: 2024-05-02\n\nA turbine story filed under a hostile name.\n";

/// Text a terminal shows as it is: no escape character, no bidi control,
/// no line that pretends to be atlas's error.
fn assert_inert(what: &str, text: &str) {
    assert!(!text.contains('\x1b'), "{what}: raw ESC in {text:?}");
    assert!(!text.contains('\u{202e}'), "{what}: raw bidi in {text:?}");
    assert!(
        !text.lines().any(|l| l.starts_with("error: fake")),
        "{what}: a forged line in {text:?}"
    );
}

fn stdout_of(env: &Env, args: &[&str]) -> String {
    let out = env.run(args).output().unwrap();
    assert!(out.status.success(), "atlas {args:?}: {:?}", out);
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn names_from_files_print_as_visible_escapes() {
    let env = Env::empty();
    env.write("plain.txt", "Title: Turbine Plain\n\nA turbine story.\n");
    env.index();
    env.run(&["alert", "add", "turbines", "turbine"])
        .assert()
        .success();
    env.write(HOSTILE_NAME, HOSTILE_ARTICLE);
    env.write("empty\nerror: fake\x1b[2J.txt", "");

    let index = stdout_of(&env, &["index", "corpus"]);
    assert_inert("index", &index);
    assert!(
        index.contains("skipped empty\\nerror: fake\\u{1b}[2J.txt: "),
        "{index}"
    );
    let search = stdout_of(&env, &["search", "turbine"]);
    assert_inert("search", &search);
    assert!(
        search.contains(&format!("   {HOSTILE_SHOWN}\n")),
        "{search}"
    );
    assert!(search.contains("Eve \\u{202e}Mallory"), "{search}");
    let alert = stdout_of(&env, &["alert", "run", "turbines"]);
    assert_inert("alert run", &alert);
    assert!(alert.contains(HOSTILE_SHOWN), "{alert}");
    let stats = stdout_of(&env, &["stats"]);
    assert_inert("stats", &stats);
    assert!(stats.contains("Eve \\u{202e}Mallory (1)"), "{stats}");
    let related = stdout_of(&env, &["related", HOSTILE_SHOWN]);
    assert_inert("related", &related);
    assert!(
        related.contains(&format!("of {HOSTILE_SHOWN}:")),
        "{related}"
    );

    // JSON is exact, and `show` takes the id as printed or as it is.
    let hit = env
        .search(&["turbine"])
        .hits
        .into_iter()
        .find(|h| h.id == HOSTILE_NAME)
        .expect("the hostile file is found under its exact id");
    assert_eq!(hit.authors, ["Eve \u{202e}Mallory"]);
    for id in [HOSTILE_SHOWN, HOSTILE_NAME] {
        let article: common::Article = env.json(&["show", id, "--format", "json"]);
        assert_eq!(article.id, HOSTILE_NAME);
        let shown = stdout_of(&env, &["show", id]);
        assert_inert("show", &shown);
        assert!(
            shown.contains(&format!("id:      {HOSTILE_SHOWN}\n")),
            "{shown}"
        );
    }
    // The error line names the id escaped too, on one line.
    let out = env
        .run(&["show", "no\x1b[2J\nerror: fake"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_inert("error", &stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("no\\u{1b}[2J\\nerror: fake"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn a_name_that_is_not_utf8_gets_hex_escapes_in_its_id() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let env = Env::empty();
    let name = OsStr::from_bytes(b"caf\xe9 \xff.txt");
    std::fs::write(
        env.corpus().join(name),
        "Title: Cafe Turbine\n\nA turbine.\n",
    )
    .unwrap();
    env.index();
    let id = "caf\\xe9 \\xff.txt";
    assert_eq!(env.ids(&["turbine"]), [id]);
    let article: common::Article = env.json(&["show", id, "--format", "json"]);
    assert_eq!(article.title, "Cafe Turbine");
    let search = stdout_of(&env, &["search", "turbine"]);
    assert!(search.contains(&format!("   {id}\n")), "{search}");
}
