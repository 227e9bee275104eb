//! `atlas index`, `show` and `stats` through the real binary: the samples
//! as the manifest describes them, incremental runs, rebuilds and the
//! index's failure modes. Bad corpus files, an index path that is a file and
//! a second indexer are tested once each, in `hostile_files.rs` and
//! `reliability.rs`.

mod common;

use std::collections::BTreeMap;

use common::{Article, Env, IndexReport, Stats, fixtures, ids_and_hashes};
use predicates::prelude::*;
use serde_json::Value;

fn manifest() -> BTreeMap<String, Value> {
    let text = std::fs::read_to_string(fixtures().join("samples/MANIFEST.json")).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    serde_json::from_value(v["articles"].clone()).unwrap()
}

#[test]
fn samples_index_as_the_manifest_says() {
    let env = Env::with_fixture("samples");
    let report = env.index();
    assert_eq!(report.added, 9, "{report:?}");
    assert_eq!(report.articles, 9);
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);

    let stats: Stats = env.json(&["stats", "--format", "json"]);
    assert_eq!(stats.articles, 9);
    assert_eq!(stats.undated, 0);
    assert_eq!(stats.desks["South Asia"], 2);

    for (id, want) in manifest() {
        let shown: Value = env.json(&["show", &id, "--format", "json"]);
        for key in ["title", "authors", "desk", "date", "date_source"] {
            assert_eq!(shown[key], want[key], "{id} {key}");
        }
        for key in ["id", "path", "body", "bio", "tags", "url"] {
            assert!(shown.get(key).is_some(), "{id}: show JSON lacks {key}");
        }
    }
}

#[test]
fn second_run_changes_nothing_then_one_of_each() {
    let env = Env::with_fixture("samples");
    env.index();
    let again = env.index();
    assert_eq!(
        (again.added, again.updated, again.removed, again.unchanged),
        (0, 0, 0, 9)
    );
    assert_eq!(again.bytes, 0, "unchanged files are not read");

    // Modify one, delete one, add one.
    let seed = env
        .corpus()
        .join("atlas-news/intelligence-based-operations.txt");
    let text = std::fs::read_to_string(&seed).unwrap();
    std::fs::write(&seed, text.replace("Last Saturday", "Last Sunday")).unwrap();
    std::fs::remove_file(env.corpus().join("atlas-news/lebanon-power-crisis.txt")).unwrap();
    env.write(
        "atlas-news/new-article.txt",
        "Ports Reopen After the Strike\n\nBy Ana Ruiz\n\nDockworkers returned on 3 May 2024 after a week-long strike.\n",
    );
    let report = env.index();
    assert_eq!(
        (
            report.added,
            report.updated,
            report.removed,
            report.unchanged
        ),
        (1, 1, 1, 7),
        "{report:?}"
    );
    assert_eq!(report.articles, 9);

    let stats: Stats = env.json(&["stats", "--format", "json"]);
    assert_eq!(stats.articles, 9);
    assert!(!stats.desks.contains_key("Middle East"));
    let shown: Article = env.json(&[
        "show",
        "atlas-news/intelligence-based-operations.txt",
        "--format",
        "json",
    ]);
    assert!(shown.body.contains("Last Sunday"));
    let added: Article = env.json(&["show", "atlas-news/new-article.txt", "--format", "json"]);
    assert_eq!(added.authors, vec!["Ana Ruiz"]);
    env.run(&["show", "atlas-news/lebanon-power-crisis.txt"])
        .assert()
        .code(1)
        .stderr(predicate::str::starts_with("error: no article with id"));
}

#[test]
fn touched_but_unchanged_file_is_unchanged() {
    let env = Env::with_fixture("samples");
    env.index();
    let path = env.corpus().join("markdown/argentina-peso-band.md");
    let bytes = std::fs::read(&path).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(&path, bytes).unwrap();
    let report = env.index();
    assert_eq!(
        (
            report.added,
            report.updated,
            report.removed,
            report.unchanged
        ),
        (0, 0, 0, 9)
    );
    assert_eq!(
        report.bytes as usize,
        std::fs::metadata(&path).unwrap().len() as usize
    );
    // The new mtime was recorded: the next run reads nothing.
    assert_eq!(env.index().bytes, 0);
}

#[test]
fn rebuild_gives_the_same_ids_and_hashes_as_a_fresh_index() {
    let env = Env::with_fixture("samples");
    env.index();
    let before = ids_and_hashes(&env.index_dir());
    let rebuilt: IndexReport = env.json(&["index", "corpus", "--rebuild", "--format", "json"]);
    assert_eq!(rebuilt.articles, 9);
    assert_eq!(ids_and_hashes(&env.index_dir()), before);
    assert_eq!(before.len(), 9);
}

#[test]
fn text_summary_names_counts_and_skips() {
    let env = Env::with_fixture("samples");
    env.write("bad/empty.txt", "");
    env.run(&["index", "corpus"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "9 added, 0 updated, 0 removed, 0 unchanged, 1 skipped",
        ))
        .stdout(predicate::str::contains("skipped bad/empty.txt: empty"))
        .stdout(predicate::str::contains("9 articles in the index"));
    env.run(&["index", "corpus", "--quiet"])
        .assert()
        .success()
        .stdout("");
}

#[test]
fn missing_index_is_an_error_with_a_hint() {
    let env = Env::empty();
    env.run(&["stats"])
        .assert()
        .code(1)
        .stderr(predicate::str::starts_with("error: no index at"))
        .stderr(predicate::str::contains("atlas index"));
    // An explicit index location is never built implicitly.
    env.run(&["search", "anything"]).assert().code(1);
}

#[test]
fn a_directory_that_is_not_an_index_is_refused() {
    let env = Env::empty();
    std::fs::create_dir_all(env.index_dir()).unwrap();
    std::fs::write(env.index_dir().join("notes.txt"), "mine").unwrap();
    env.run(&["stats"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("is not an atlas index"));
    env.run(&["index", "corpus"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("is not an atlas index"));
    assert_eq!(
        std::fs::read_to_string(env.index_dir().join("notes.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn another_schema_version_asks_for_a_rebuild() {
    let env = Env::with_fixture("samples");
    env.index();
    let meta_path = env.index_dir().join("meta.json");
    let mut meta: Value =
        serde_json::from_str(&std::fs::read_to_string(&meta_path).unwrap()).unwrap();
    meta["payload"] = Value::String("{\"atlas_schema\":999,\"parser\":1}".into());
    std::fs::write(&meta_path, meta.to_string()).unwrap();
    env.run(&["stats"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("schema version 999"))
        .stderr(predicate::str::contains("atlas index --rebuild"));
    env.run(&["index", "corpus"]).assert().code(1);
    env.run(&["index", "corpus", "--rebuild", "--quiet"])
        .assert()
        .success();
    let stats: Stats = env.json(&["stats", "--format", "json"]);
    assert_eq!(stats.articles, 9);
}

#[test]
fn an_older_schema_is_rebuilt_in_place_by_the_next_index_run() {
    let env = Env::with_fixture("samples");
    env.index();
    let meta_path = env.index_dir().join("meta.json");
    let mut meta: Value =
        serde_json::from_str(&std::fs::read_to_string(&meta_path).unwrap()).unwrap();
    meta["payload"] = Value::String("{\"atlas_schema\":1,\"parser\":1}".into());
    std::fs::write(&meta_path, meta.to_string()).unwrap();
    env.run(&["search", "pakistan"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "run `atlas index` to rebuild it in place",
        ));
    env.run(&["index", "corpus"])
        .assert()
        .success()
        .stderr(predicate::str::contains("rebuilt it in place"));
    let stats: Stats = env.json(&["stats", "--format", "json"]);
    assert_eq!(stats.articles, 9);
}

#[test]
fn missing_corpus_is_an_error() {
    let env = Env::empty();
    env.run(&["index", "nope"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("does not exist"));
}

#[test]
fn files_with_problems_are_reported_every_run_without_being_read_again() {
    let env = Env::with_fixture("samples");
    env.write("broken.json", "{\"title\": \"Half an export\",");
    env.write(
        "latin1.txt",
        b"Caf\xe9 society\n\nA body in Windows-1252 bytes.\n",
    );
    env.write(
        "items.jsonl",
        "{\"title\":\"One\",\"body\":\"First.\"}\n[1]\n",
    );
    let first = env.index();
    let again = env.index();
    assert_eq!(
        again.bytes, 0,
        "unchanged files, problems included, are not read"
    );
    assert_eq!(again.skipped, first.skipped);
    assert_eq!(again.warnings, first.warnings);
    for path in ["broken.json", "items.jsonl#2"] {
        assert!(again.skipped.iter().any(|s| s.path == path), "{path}");
    }
    assert!(again.warnings.iter().any(|w| w.path == "latin1.txt"));
    assert_eq!(again.unchanged, first.added);
    // Fixed, the file is read again and its problem is gone.
    env.write(
        "broken.json",
        "{\"title\": \"Whole\", \"body\": \"Now an article.\"}",
    );
    let fixed = env.index();
    assert!(fixed.bytes > 0);
    assert!(!fixed.skipped.iter().any(|s| s.path == "broken.json"));
    assert_eq!(fixed.added, 1);
}

/// A page saved "complete" by a browser brings a `Name_files/` folder of
/// images, scripts and iframes: one warning counts them, none is a skip or
/// an article. A `_files` folder without its page is read like any folder.
#[test]
fn saved_page_asset_folders_are_one_warning() {
    let env = Env::empty();
    let page = std::fs::read(fixtures().join("html/opengraph-only.html")).unwrap();
    env.write("saved/Lighthouse.html", &page);
    for asset in [
        "logo.png",
        "app.js",
        "style.css",
        "ad-frame.html",
        "js/vendor.js",
    ] {
        env.write(
            &format!("saved/Lighthouse_files/{asset}"),
            b"\x89PNG\x00\x01 not text",
        );
    }
    env.write("saved/Seite-Dateien/bild.jpg", b"\xff\xd8\xff\x00");
    env.write("saved/Seite.htm", &page);
    env.write(
        "notes_files/memo.txt",
        "Memo\n\nThe archive's own notes folder.\n",
    );
    let report = env.index();
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    assert_eq!(report.articles, 3, "{report:?}");
    assert_eq!(report.warnings.len(), 1, "{:?}", report.warnings);
    let message = &report.warnings[0].message;
    assert!(
        message.starts_with("6 file(s) in 2 saved-page asset folder(s)"),
        "{message}"
    );
    assert!(message.contains("saved/Lighthouse_files/"), "{message}");
}
