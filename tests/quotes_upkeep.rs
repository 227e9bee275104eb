//! The quote index as something that can be missing or stale: an index
//! made before quotes were extracted has no `INDEX/.quotes`, and the
//! commands and the web page must say so rather than match nothing.
//! Through the real binary on the hand-labelled quote fixtures.

mod common;

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
