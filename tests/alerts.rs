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
