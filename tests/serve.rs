//! `atlas serve` through the real binary: a child process on an ephemeral
//! port over a temp copy of the samples, queried over HTTP. The API must
//! answer with exactly the CLI's JSON; errors are JSON with the right status.

mod common;

use common::Env;
use common::serve::{SEED, Server, WIRE_1, XSS_ID, encode, samples_env as env};
use predicates::prelude::*;
use serde_json::Value;

fn cli_stdout(env: &Env, args: &[&str]) -> String {
    let out = env.run(args).output().unwrap();
    assert!(out.status.success(), "atlas {args:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// API parameters and the CLI arguments that mean the same search.
type Case<'a> = (&'a [(&'a str, &'a str)], &'a [&'a str]);

#[test]
fn search_answers_exactly_the_cli_json() {
    let server = Server::start(env());
    let cases: [Case; 5] = [
        (
            &[("q", "pakistan"), ("collapse", "true"), ("facets", "true")],
            &["--collapse", "--facets", "pakistan"],
        ),
        (
            &[("q", "\"resolve for stability\""), ("facets", "true")],
            &["--facets", "--", "\"resolve for stability\""],
        ),
        (
            &[
                ("q", "pakistan"),
                ("sort", "newest"),
                ("limit", "2"),
                ("offset", "1"),
            ],
            &[
                "--sort", "newest", "--limit", "2", "--offset", "1", "pakistan",
            ],
        ),
        (
            &[
                ("desk", "Central Asia"),
                ("desk", "security"),
                ("since", "2024-06"),
                ("until", "2024-07"),
            ],
            &[
                "--desk",
                "Central Asia",
                "--desk",
                "security",
                "--since",
                "2024-06",
                "--until",
                "2024-07",
            ],
        ),
        (
            &[("q", "-pakistan"), ("limit", "0"), ("facets", "1")],
            &["--limit", "0", "--facets", "--", "-pakistan"],
        ),
    ];
    for (params, args) in cases {
        let answer = server.search(params);
        assert_eq!(answer.status, 200, "{params:?}: {}", answer.body);
        let mut cli = vec!["search", "--format", "json"];
        cli.extend_from_slice(args);
        assert_eq!(answer.body, cli_stdout(env(), &cli), "{params:?}");
    }
    // The contract's field names, decoded back into the library's type.
    let results: common::SearchResults =
        serde_json::from_str(&server.search(&[("q", "\"resolve for stability\"")]).body).unwrap();
    assert_eq!(results.hits[0].id, SEED);
    assert!(!results.hits[0].highlights.is_empty());
}

#[test]
fn articles_and_stats_answer_the_cli_json() {
    let server = Server::start(env());
    for id in [SEED, WIRE_1, XSS_ID] {
        let answer = server.get(&format!("/api/articles/{}", encode(id)));
        assert_eq!(answer.status, 200, "{id}: {}", answer.body);
        assert_eq!(
            answer.body,
            cli_stdout(env(), &["show", id, "--format", "json"])
        );
    }
    // A plain `/` in the path works too.
    let raw = server.get(&format!("/api/articles/{SEED}"));
    assert_eq!(raw.json()["id"], SEED);

    let stats = server.get("/api/stats");
    assert_eq!(stats.status, 200);
    let cli: Value =
        serde_json::from_str(&cli_stdout(env(), &["stats", "--format", "json"])).unwrap();
    assert_eq!(stats.json(), cli);
}

#[test]
fn related_answers_the_cli_json() {
    let server = Server::start(env());
    let answer = server.get(&format!("/api/articles/{SEED}/related"));
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(
        answer.body,
        cli_stdout(env(), &["related", SEED, "--format", "json"])
    );
    assert_eq!(answer.json()["id"], SEED);
    server
        .get("/api/articles/nope.txt/related")
        .assert_error(404);
}

#[test]
fn articles_indexed_while_serving_appear_without_a_restart() {
    let env = Env::with_fixture("samples");
    env.index();
    let server = Server::start(&env);
    let total = |q: &str| {
        server.search(&[("q", q)]).json()["total_hits"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(total("axolotl"), 0);
    env.write(
        "late/axolotl.md",
        "---\ndate: 2024-09-01\n---\n# Axolotl census\n\nThe axolotl count rose.\n",
    );
    env.run(&["index", "corpus", "--quiet"]).assert().success();
    assert_eq!(total("axolotl"), 1);
    assert_eq!(
        server.get("/api/articles/late%2Faxolotl.md").json()["title"],
        "Axolotl census"
    );
}

#[test]
fn a_missing_index_is_the_usual_error() {
    let env = Env::empty();
    env.run(&["serve", "--addr", "127.0.0.1:0"])
        .assert()
        .code(1)
        .stderr(predicate::str::starts_with("error: no index at"));
}

#[test]
fn csv_download_and_histogram_answer_what_the_cli_prints() {
    let server = Server::start(env());
    let csv = server.get("/api/search.csv?q=pakistan&limit=5");
    assert_eq!(csv.status, 200);
    assert_eq!(
        csv.header("content-disposition"),
        "attachment; filename=\"atlas-search.csv\""
    );
    let cli = cli_stdout(
        env(),
        &[
            "search", "--limit", "5", "--format", "csv", "--", "pakistan",
        ],
    );
    assert_eq!(csv.body, cli);
    let api = server.search(&[("q", "pakistan"), ("histogram", "month"), ("limit", "0")]);
    let cli = cli_stdout(
        env(),
        &[
            "search",
            "--limit",
            "0",
            "--histogram",
            "month",
            "--format",
            "json",
            "--",
            "pakistan",
        ],
    );
    let cli: Value = serde_json::from_str(&cli).unwrap();
    assert_eq!(api.json()["histogram"], cli["histogram"]);
    assert!(!cli["histogram"].as_object().unwrap().is_empty());
}
