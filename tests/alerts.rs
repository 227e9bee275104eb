//! Following a story: each article's `indexed_at`, and saved searches
//! (`atlas alert`) that report what is new since their last run. What must
//! not fire them (a parser-version bump, `--rebuild`, a schema upgrade) is
//! simulated by editing the commit payload, as `index.rs` does.

mod common;

use common::{Article, Env, edit_payload, indexed_ats};
use predicates::prelude::*;

const EDITED: &str = "atlas-news/intelligence-based-operations.txt";

#[test]
fn indexed_at_is_rfc3339_utc_to_the_second_in_show_json() {
    let env = Env::with_fixture("samples");
    env.index();
    let shown: serde_json::Value = env.json(&["show", EDITED, "--format", "json"]);
    let at = shown["indexed_at"]
        .as_str()
        .expect("show json has indexed_at");
    let parsed = chrono::DateTime::parse_from_rfc3339(at).unwrap();
    assert_eq!(parsed.offset().local_minus_utc(), 0);
    assert!(
        at.ends_with('Z') && at.len() == "2026-12-02T00:26:19Z".len(),
        "{at}"
    );
}

#[test]
fn indexed_at_changes_only_when_stored_fields_change() {
    let env = Env::with_fixture("samples");
    env.index();
    let first = indexed_ats(&env.index_dir());
    assert_eq!(first.len(), 9);

    // Re-processed unchanged, four ways: none of them is news.
    edit_payload(&env.index_dir(), |p| p["parser"] = 0.into());
    let bumped = env.index();
    assert_eq!(
        (bumped.unchanged, bumped.bytes > 0),
        (9, true),
        "{bumped:?}"
    );
    assert_eq!(indexed_ats(&env.index_dir()), first, "parser-version bump");
    env.run(&["index", "corpus", "--rebuild", "--quiet"])
        .assert()
        .success();
    assert_eq!(indexed_ats(&env.index_dir()), first, "--rebuild");
    edit_payload(&env.index_dir(), |p| p["atlas_schema"] = 3.into());
    env.run(&["index", "corpus"])
        .assert()
        .success()
        .stderr(predicate::str::contains("rebuilt it in place"));
    assert_eq!(indexed_ats(&env.index_dir()), first, "schema upgrade");
    let touched = env.corpus().join("markdown/argentina-peso-band.md");
    let bytes = std::fs::read(&touched).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(&touched, bytes).unwrap();
    env.index();
    assert_eq!(indexed_ats(&env.index_dir()), first, "touched file");

    // A real edit: that article alone is stamped, later than all the others.
    let path = env.corpus().join(EDITED);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("Last Saturday", "Last Sunday")).unwrap();
    env.index();
    let after = indexed_ats(&env.index_dir());
    for (id, at) in &after {
        if id == EDITED {
            assert!(at > first.values().max().unwrap(), "{id}: {at}");
        } else {
            assert_eq!(at, &first[id], "{id}");
        }
    }
    let shown: Article = env.json(&["show", EDITED, "--format", "json"]);
    assert_eq!(shown.indexed_at.as_ref(), after.get(EDITED));
}

/// `alert run --format json NAMES…`, one object per line, decoded.
fn alert_runs(env: &Env, names: &[&str]) -> Vec<serde_json::Value> {
    let mut args = vec!["alert", "run", "--format", "json"];
    args.extend_from_slice(names);
    let out = env.run(&args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (String::from_utf8(out.stdout).unwrap().lines())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn hit_ids(run: &serde_json::Value) -> std::collections::BTreeSet<String> {
    let ids = run["hits"].as_array().unwrap().iter();
    ids.map(|h| h["id"].as_str().unwrap().to_string()).collect()
}

/// What an alert on `query` must report: the matching articles stamped
/// after `seen`, computed from `search` and every article's `indexed_at`.
fn expected(env: &Env, query: &str, seen: &str) -> std::collections::BTreeSet<String> {
    let stamps = indexed_ats(&env.index_dir());
    (env.ids(&[query]).into_iter())
        .filter(|id| stamps[id].as_str() > seen)
        .collect()
}

fn edit_and_add(env: &Env) {
    let path = env.corpus().join(EDITED);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("Last Saturday", "Last Sunday")).unwrap();
    env.copy_fixture("alerts", "alerts");
}

#[test]
fn new_and_changed_articles_are_reported_once() {
    let env = Env::with_fixture("samples");
    env.index();
    env.run(&["alert", "add", "pk", "pakistan"])
        .assert()
        .success();
    let first = alert_runs(&env, &["pk"]);
    assert_eq!(first.len(), 1);
    assert_eq!(first[0]["total_hits"], 0, "nothing is new yet: {first:?}");
    let seen = first[0]["since"].as_str().unwrap().to_string();

    edit_and_add(&env);
    env.index();
    let want = expected(&env, "pakistan", &seen);
    // The edited article, and the new one about Pakistan (not the other new one).
    assert_eq!(want.len(), 2, "{want:?}");
    let run = alert_runs(&env, &["pk"]);
    assert_eq!(hit_ids(&run[0]), want);
    assert_eq!(run[0]["total_hits"], 2);
    assert_eq!(
        (run[0]["name"].as_str(), run[0]["query"].as_str()),
        (Some("pk"), Some("pakistan"))
    );
    assert_eq!(run[0]["since"].as_str(), Some(seen.as_str()));
    assert_eq!(
        alert_runs(&env, &["pk"])[0]["total_hits"],
        0,
        "reported once"
    );
    env.run(&["alert", "run"])
        .assert()
        .success()
        .stdout(predicate::str::contains("pk: nothing new since"));
}

#[test]
fn rebuilds_upgrades_and_parser_bumps_fire_nothing() {
    let env = Env::with_fixture("samples");
    env.index();
    // No query words: every article matches, so any restamp would show.
    env.run(&["alert", "add", "all"]).assert().success();
    let before = std::fs::read_to_string(env.index_dir().join("alerts.toml")).unwrap();
    env.run(&["index", "corpus", "--rebuild", "--quiet"])
        .assert()
        .success();
    edit_payload(&env.index_dir(), |p| p["parser"] = 0.into());
    env.index();
    edit_payload(&env.index_dir(), |p| p["atlas_schema"] = 3.into());
    env.run(&["index", "corpus", "--quiet"]).assert().success();
    let after = std::fs::read_to_string(env.index_dir().join("alerts.toml")).unwrap();
    assert_eq!(after, before, "alerts.toml survives rebuilds untouched");
    let run = alert_runs(&env, &[]);
    assert_eq!(run[0]["total_hits"], 0, "{run:?}");
    edit_and_add(&env);
    env.index();
    assert_eq!(alert_runs(&env, &[])[0]["total_hits"], 3);
}

#[test]
fn concurrent_runs_report_each_article_once() {
    let env = Env::with_fixture("samples");
    env.index();
    env.run(&["alert", "add", "all"]).assert().success();
    let seen = alert_runs(&env, &["all"])[0]["since"]
        .as_str()
        .unwrap()
        .to_string();
    edit_and_add(&env);
    env.index();
    let want = expected(&env, "", &seen);
    assert_eq!(want.len(), 3);
    let children: Vec<_> = (0..6)
        .map(|_| {
            let mut cmd = env.std_command_at(&env.index_dir());
            cmd.args(["alert", "run", "--format", "json"]);
            cmd.stdout(std::process::Stdio::piped()).spawn().unwrap()
        })
        .collect();
    let mut reported = Vec::new();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success());
        let run: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        reported.extend(hit_ids(&run));
    }
    reported.sort();
    assert_eq!(
        reported,
        want.into_iter().collect::<Vec<_>>(),
        "each exactly once"
    );
}

#[test]
fn add_list_rm_and_run_follow_the_command_line_contract() {
    let env = Env::with_fixture("samples");
    env.index();
    // Query words may start with `-`; flags go anywhere.
    env.run(&[
        "alert",
        "add",
        "not-pk",
        "-pakistan",
        "--desk",
        "south asia",
    ])
    .assert()
    .success();
    env.run(&["alert", "add", "pk", "pakistan", "--collapse"])
        .assert()
        .success();
    env.run(&["alert", "add", "pk", "india"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with(
            "error: an alert named `pk` exists",
        ));
    env.run(&["alert", "add", "bad", "\"unbalanced"])
        .assert()
        .code(2);
    let list: serde_json::Value = env.json(&["alert", "list", "--format", "json"]);
    assert_eq!(list[0]["query"], "-pakistan");
    assert_eq!(list[0]["desks"][0], "south asia");
    assert_eq!(list[1]["collapse"], true);
    env.run(&["alert", "rm", "nope"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no alert named `nope`"));
    env.run(&["alert", "run", "nope"]).assert().code(1);

    edit_and_add(&env);
    env.index();
    let runs = alert_runs(&env, &["pk", "not-pk"]);
    let names: Vec<_> = runs.iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        ["pk", "not-pk"],
        "one object per line, in the order asked"
    );
    env.run(&["alert", "rm", "pk"]).assert().success();
    let list: serde_json::Value = env.json(&["alert", "list", "--format", "json"]);
    assert_eq!(list.as_array().unwrap().len(), 1);
}

#[test]
fn csv_has_a_leading_alert_column() {
    let env = Env::with_fixture("samples");
    env.index();
    env.run(&["alert", "add", "pk", "pakistan"])
        .assert()
        .success();
    env.run(&["alert", "add", "all"]).assert().success();
    edit_and_add(&env);
    env.index();
    let out = env
        .run(&["alert", "run", "--format", "csv"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header[0], "alert");
    assert_eq!(&header[1..], atlas_search::render::CSV_HEADER);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let count = |name: &str| rows.iter().filter(|r| &r[0] == name).count();
    assert_eq!((count("pk"), count("all")), (2, 3));
}
