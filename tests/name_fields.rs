//! Unfielded words skip the name fields (authors, desk, tags) that no
//! article of the index has held (`CommitInfo::names_held`), and find them
//! again as soon as one does: through the CLI's fresh open of each commit,
//! and through an index opened before the commit (the web server's case).
//! The fixture corpus is `tests/fixtures/search/`, whose only tagged
//! article, `hydro.md`, has the word `canada` in its tags and nowhere else.

mod common;

use atlas_search::backend::Backend;
use atlas_search::request::SearchRequest;
use atlas_search::store::AtlasIndex;
use common::{Env, copy_dir, fixtures};

const HYDRO: &str = "search/hydro.md";

/// The search fixtures without their one tagged article, indexed.
fn untagged() -> Env {
    let env = Env::empty();
    copy_dir(
        &fixtures().join("search"),
        &env.corpus().join("search"),
        &["hydro.md"],
    );
    env.index();
    env
}

fn names_held(env: &Env) -> Option<Vec<String>> {
    let meta: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(env.index_dir().join("meta.json")).unwrap())
            .unwrap();
    let payload: serde_json::Value =
        serde_json::from_str(meta["payload"].as_str().unwrap()).unwrap();
    serde_json::from_value(payload["names_held"].clone()).unwrap()
}

fn add_hydro(env: &Env) {
    env.write(
        HYDRO,
        std::fs::read(fixtures().join("search/hydro.md")).unwrap(),
    );
    let report = env.index();
    assert_eq!(report.added, 1, "{report:?}");
}

#[test]
fn the_record_grows_with_the_first_tagged_article_and_its_tags_are_found() {
    let env = untagged();
    let held = names_held(&env).expect("recorded");
    assert!(!held.iter().any(|n| n == "tags"), "{held:?}");
    assert!(env.ids(&["canada"]).is_empty());

    add_hydro(&env);
    assert!(names_held(&env).unwrap().iter().any(|n| n == "tags"));
    assert_eq!(env.ids(&["canada"]), [HYDRO]);
    assert_eq!(env.ids(&["tags:canada"]), [HYDRO]);
}

#[test]
fn an_index_opened_before_the_commit_still_finds_the_new_tags() {
    let env = untagged();
    let atlas = AtlasIndex::open(&env.index_dir()).expect("open");
    let search = |q: &str| -> Vec<String> {
        let req = SearchRequest {
            query: q.into(),
            ..SearchRequest::default()
        };
        let results = atlas.search(&req).expect("search");
        results.hits.into_iter().map(|h| h.id).collect()
    };
    assert!(search("canada").is_empty());
    add_hydro(&env);
    assert_eq!(search("canada"), [HYDRO]);
}

#[test]
fn an_index_written_by_an_older_atlas_searches_every_name_field() {
    let env = Env::empty();
    env.copy_fixture("search", "search");
    env.index();
    // As an older atlas left it: no record at all.
    common::edit_payload(&env.index_dir(), |p| {
        p.as_object_mut().unwrap().remove("names_held");
    });
    assert_eq!(env.ids(&["canada"]), [HYDRO]);
    // The next run records every name field, not only those it reads now.
    env.write("search/extra.txt", "Extra\n\nNothing here is tagged.\n");
    env.index();
    let held = names_held(&env).unwrap();
    assert_eq!(held, ["authors", "desk", "tags"]);
}
