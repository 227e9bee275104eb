//! The quote index as something that can be missing or stale: an index
//! made before quotes were extracted has no `INDEX/.quotes`, and the
//! commands and the web page must say so rather than match nothing.
//! Through the real binary on the hand-labelled quote fixtures.

mod common;

use atlas_search::quotes::QuotesResults;
use common::{Env, copy_dir, fixtures};

fn env() -> Env {
    let env = Env::empty();
    copy_dir(&fixtures().join("quotes"), &env.corpus(), &["labels.json"]);
    let report = env.index();
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    env
}

fn remove_quote_index(env: &Env) {
    let dir = env.index_dir().join(".quotes");
    assert!(dir.is_dir(), "`atlas index` made {}", dir.display());
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn the_api_says_the_quote_index_is_missing_and_the_rest_still_answers() {
    let env = env();
    let server = common::serve::Server::start(&env);
    let found = server.get("/api/quotes?q=dam").json();
    assert!(found["total_quotes"].as_u64().unwrap() > 0, "{found}");

    remove_quote_index(&env);
    let answer = server.get("/api/quotes?q=dam");
    let message = answer.assert_error(503);
    assert!(message.contains("no quote index"), "{message}");
    assert!(message.contains("atlas index"), "a hint: {message}");
    // A server path is not the web page's business.
    let index = env.index_dir().display().to_string();
    assert!(!message.contains(&index), "{message}");
    // Searches and articles (their quotes read from the text) still answer.
    let search = server.get("/api/search?q=dam");
    assert_eq!(search.status, 200, "{}", search.body);
    let article = server.get("/api/articles/en-wire-dam.txt");
    assert_eq!(article.status, 200, "{}", article.body);
    assert!(!article.json()["quotes"].as_array().unwrap().is_empty());
}

#[test]
fn a_search_using_speaker_or_quote_without_a_quote_index_warns() {
    let env = env();
    let quoted = |env: &Env| {
        let out = env
            .run(&["search", "speaker:hernández", "--format", "json"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        let r: common::SearchResults = serde_json::from_slice(&out.stdout).unwrap();
        (r.total_hits, String::from_utf8(out.stderr).unwrap())
    };
    let (found, said) = quoted(&env);
    assert!(found > 0);
    assert!(!said.contains("quote index"), "{said}");

    remove_quote_index(&env);
    let (found, said) = quoted(&env);
    assert_eq!(found, 0);
    assert!(
        said.contains("warning: this index has no quote index"),
        "{said}"
    );
    assert!(
        said.contains("`speaker:` and `quote:` match nothing"),
        "{said}"
    );
    assert!(said.contains("atlas index"), "a hint: {said}");
    assert!(!said.contains("partial"), "not a cluster's warning: {said}");
    // A search not asking for quotes has nothing to warn about.
    let out = env.run(&["search", "dam"]).output().unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stderr).unwrap(), "");
}

/// Empties the quote index but keeps its commit's record, so it looks up
/// to date to an ordinary run (what a damaged or hand-edited one can be).
fn empty_quote_index_keeping_its_stamp(index: &std::path::Path) {
    let dir = index.join(".quotes");
    let meta: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("meta.json")).unwrap()).unwrap();
    let payload = meta["payload"].as_str().unwrap().to_string();
    let quotes = tantivy::Index::open_in_dir(&dir).unwrap();
    let mut writer: tantivy::IndexWriter = quotes.writer(15_000_000).unwrap();
    writer.delete_all_documents().unwrap();
    let mut commit = writer.prepare_commit().unwrap();
    commit.set_payload(&payload);
    commit.commit().unwrap();
}

#[test]
fn index_rebuild_rebuilds_the_quote_index() {
    let env = env();
    let count = |env: &Env| -> QuotesResults {
        env.json(&["quotes", "--format", "json", "--limit", "0", "--facets"])
    };
    let before = count(&env);
    assert!(before.total_quotes > 10, "{}", before.total_quotes);

    empty_quote_index_keeping_its_stamp(&env.index_dir());
    assert_eq!(count(&env).total_quotes, 0);
    // An ordinary run trusts the stamp: nothing changed.
    env.index();
    assert_eq!(count(&env).total_quotes, 0);

    let out = env
        .run(&["index", "corpus", "--rebuild", "--quiet"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(count(&env), before);
}
