//! Hostile queries and flags, through the real binary on the samples: very
//! long, deeply nested, unbalanced, control characters, other scripts, huge
//! numbers. Every one either answers (exit 0, JSON) or refuses with one
//! `error:` line (exit 2); none panics or hangs.

mod common;

use std::time::Duration;

use common::{Env, SearchResults};
use predicates::prelude::*;

const TIMEOUT: Duration = Duration::from_secs(20);

/// Runs a search; it must answer (exit 0, JSON) or refuse (exit 2, one
/// `error:` line). Returns the exit code.
fn hostile_search(env: &Env, args: &[&str]) -> i32 {
    let out = env
        .run(args)
        .timeout(TIMEOUT)
        .output()
        .unwrap_or_else(|e| panic!("{args:?}: {e}"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"),
        "{args:?} panicked: {stderr}"
    );
    let code = out
        .status
        .code()
        .unwrap_or_else(|| panic!("{args:?} killed (timeout?): {stderr}"));
    match code {
        0 => {
            if args.contains(&"json") {
                let r: SearchResults = common::decode(args, &out.stdout);
                assert!(r.hits.len() <= r.total_hits, "{args:?}: {r:?}");
            }
        }
        2 => {
            assert!(stderr.starts_with("error: "), "{args:?}: {stderr:?}");
            assert_eq!(
                stderr.trim_end().lines().count(),
                1,
                "{args:?}: not one line: {stderr:?}"
            );
        }
        other => panic!("{args:?} exited {other}: {stderr}"),
    }
    code
}

#[test]
fn hostile_queries_answer_or_refuse_cleanly() {
    let env = Env::with_fixture("samples");
    env.index();
    let long_words = "pakistan ".repeat(1200);
    let long_one = "x".repeat(10_000);
    let long_phrase = format!("\"{}\"", "resolve for stability ".repeat(500));
    let nested_ok = format!("{}pakistan{}", "(".repeat(40), ")".repeat(40));
    let nested_deep = format!("{}pakistan{}", "(".repeat(5000), ")".repeat(5000));
    let unbalanced_deep = "(".repeat(10_000);
    let many_or = vec!["pakistan"; 2000].join(" OR ");
    let many_prefix = (0..500)
        .map(|i| format!("a{i}*"))
        .collect::<Vec<_>>()
        .join(" OR ");
    let control: String = (0u8..32).map(char::from).filter(|c| *c != '\0').collect();

    // (query, expected exit code: Some(n) when it is a contract, None when
    // either a clean refusal or an answer is fine)
    let queries: Vec<(&str, Option<i32>)> = vec![
        (&long_words, Some(0)),
        (&long_one, Some(0)),
        (&long_phrase, Some(0)),
        ("\"resolve for stability", Some(2)),
        ("resolve\"", Some(2)),
        ("(pakistan", Some(2)),
        ("pakistan)", Some(2)),
        (")(", Some(2)),
        ("nosuchfield:pakistan", Some(2)),
        ("*", None),
        ("**", None),
        ("*pakistan", None),
        ("title:*", None),
        (&nested_ok, Some(0)),
        (&nested_deep, Some(2)),
        (&unbalanced_deep, Some(2)),
        (&many_or, Some(0)),
        (&many_prefix, Some(0)),
        ("OR", None),
        ("AND", None),
        ("NOT", None),
        ("-", None),
        ("+", None),
        ("- +", None),
        ("pakistan OR", Some(2)),
        ("AND pakistan", None),
        ("pakistan AND AND lebanon", None),
        ("title:", None),
        ("date:2024-13-45", Some(2)),
        ("date:[2024 TO", Some(2)),
        ("date:[2024 TO 2023]", None),
        ("\"pakistan\"~99999999999999999999", Some(0)),
        (&control, None),
        // Brackets outside `field:[…]` are text: the escape codes are no syntax.
        ("\u{1b}[31mpakistan\u{1b}[0m", None),
        ("🦀 pakistan 👩‍👩‍👧", Some(0)),
        ("🦀", Some(0)),
        ("שלום עולם", Some(0)),
        ("مرحبا بالعالم", Some(0)),
        ("\u{202e}natsikap", Some(0)),
        ("\u{200b}", Some(0)),
        ("U.S. Pakistan's Azm-i-Istehkam", Some(0)),
        ("\\", None),
        ("a:b:c:d", None),
        ("title:\"\"", None),
        ("\"\"", None),
        ("[", Some(0)), // a bracket outside `field:[…]` is text
        ("{", Some(0)),
        ("^~!?", None),
    ];
    for (query, want) in &queries {
        for format in ["json", "text"] {
            let code = hostile_search(&env, &["search", "--format", format, "--", query]);
            if let Some(want) = want {
                let shown: String = query.chars().take(40).collect();
                assert_eq!(code, *want, "query {shown:?} ({format})");
            }
        }
    }

    // An unclosed range names the range, not parentheses.
    env.run(&["search", "pakistan date:[2024"])
        .timeout(TIMEOUT)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("range"));

    // Flags, not queries.
    let max = u64::MAX.to_string();
    let over = "18446744073709551616";
    let flags: Vec<(Vec<&str>, i32)> = vec![
        (vec!["--limit", &max], 0),
        (vec!["--offset", &max], 0),
        (vec!["--limit", &max, "--offset", &max], 0),
        (vec!["--limit", over], 2),
        (vec!["--limit", "-1"], 2),
        (vec!["--since", "2024-13-45"], 2),
        (vec!["--until", "2024-02-30"], 2),
        (vec!["--since", ""], 2),
        (vec!["--since", "🦀"], 2),
        (vec!["--since", "2025", "--until", "2024"], 2),
        (vec!["--desk", ""], 0),
        (vec!["--author", "\u{1b}[31m"], 0),
        (vec!["--tag", &long_one], 0),
        (vec!["--sort", "sideways"], 2),
        (vec!["--facets", "--format", "jsonl"], 2),
    ];
    for (args, want) in flags {
        let mut all = vec!["search", "--format", "json"];
        all.extend(&args);
        all.push("pakistan");
        assert_eq!(hostile_search(&env, &all), want, "{args:?}");
    }
    // A huge limit still returns every hit, once.
    let all = env.search(&["--limit", &max]);
    assert_eq!(all.hits.len(), 9);
}
