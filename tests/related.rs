//! `atlas related ID` on the copies fixtures: all copies first (with their
//! similarity, from the stored groups), then related coverage with the
//! topical neighbour first and neither the article nor its copies in it.

mod common;

use atlas_search::copies::{fold_words, similarity};
use atlas_search::indexer::copy_groups;
use atlas_search::request::Related;
use common::{AtlasIndex, Backend, Env};
use predicates::prelude::*;

fn env() -> Env {
    let env = Env::with_fixture("copies");
    env.index();
    env
}

#[test]
fn copies_come_first_then_the_topical_neighbour() {
    let env = env();
    let atlas = AtlasIndex::open(&env.index_dir()).unwrap();
    let groups = copy_groups(&atlas.reader().unwrap().searcher()).unwrap();
    let body = |id: &str| fold_words(&atlas.article(id).unwrap().unwrap().body);
    for (id, neighbour) in [
        ("wire_original.txt", "quote_analysis.txt"),
        ("short_bridge.txt", "short_bridge_near.txt"),
    ] {
        let r: Related = env.json(&["related", id, "--format", "json"]);
        assert_eq!(r.id, id);
        let mut want: Vec<&String> = (groups.iter())
            .filter(|(other, g)| *g == &groups[id] && other.as_str() != id)
            .map(|(other, _)| other)
            .collect();
        let mut got: Vec<&String> = r.copies.iter().map(|h| &h.id).collect();
        assert!(!want.is_empty(), "{id} has copies in the fixtures");
        want.sort();
        got.sort();
        assert_eq!(got, want, "{id}: all copies, nothing else");
        for (i, c) in r.copies.iter().enumerate() {
            assert_eq!(c.rank, i + 1);
            let s = f64::from(similarity(&body(id), &body(&c.id)));
            assert!((c.score - s).abs() < 1e-3, "{}: {} vs {s}", c.id, c.score);
            assert!(i == 0 || r.copies[i - 1].score >= c.score, "best first");
        }
        assert_eq!(
            r.related.first().map(|h| h.id.as_str()),
            Some(neighbour),
            "{id}: {:?}",
            r.related
        );
        assert!(
            r.related
                .iter()
                .all(|h| h.id != id && !want.contains(&&h.id))
        );
        assert!(r.related.len() <= 10);
    }
}

#[test]
fn limit_unknown_ids_and_text() {
    let env = env();
    let r: Related = env.json(&[
        "related",
        "wire_original.txt",
        "--limit",
        "1",
        "--format",
        "json",
    ]);
    assert_eq!(r.related.len(), 1);
    assert_eq!(r.copies.len(), 5, "the limit is for the related list only");
    env.run(&["related", "nope.txt"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "error: no article with id `nope.txt`",
        ));
    env.run(&["related", "short_bridge.txt"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Copies of short_bridge.txt: 1"))
        .stdout(predicate::str::contains("short_bridge_near.txt"));
    let raw = env
        .run(&["related", "short_bridge.txt", "--format", "json"])
        .assert()
        .success();
    let raw = String::from_utf8(raw.get_output().stdout.clone()).unwrap();
    assert!(!raw.contains("snippet") && !raw.contains("highlights"));
}
