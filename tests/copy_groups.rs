//! Copy groups as `atlas index` stores them: on the copies fixtures they
//! equal the exact rule by brute force, and after incremental adds, changes
//! and removals (a group merging, splitting, losing its smallest member)
//! they equal those of a clean `--rebuild`, ids included.

mod common;

use std::collections::BTreeMap;

use atlas_search::copies::{Body, fold_words, groups_exact};
use atlas_search::indexer::{copy_groups, group_value};
use common::{AtlasIndex, Backend, Env};

fn stored_groups(env: &Env) -> BTreeMap<String, u64> {
    let atlas = AtlasIndex::open(&env.index_dir()).unwrap();
    copy_groups(&atlas.reader().unwrap().searcher()).unwrap()
}

/// The exact rule over every pair of the index's stored bodies, as group
/// values (a hash of each component's smallest id).
fn brute_force(env: &Env) -> BTreeMap<String, u64> {
    let atlas = AtlasIndex::open(&env.index_dir()).unwrap();
    let ids: Vec<String> = stored_groups(env).into_keys().collect();
    let bodies: Vec<(u32, Body)> = (ids.iter().enumerate())
        .map(|(i, id)| {
            let article = atlas.article(id).unwrap().expect("stored article");
            (i as u32, Body::new(&fold_words(&article.body)))
        })
        .collect();
    let exact = groups_exact(&bodies);
    (ids.iter().enumerate())
        .map(|(i, id)| (id.clone(), group_value(&ids[exact[&(i as u32)] as usize])))
        .collect()
}

fn groups_of_two_or_more(groups: &BTreeMap<String, u64>) -> usize {
    let mut sizes: BTreeMap<u64, usize> = BTreeMap::new();
    for g in groups.values() {
        *sizes.entry(*g).or_default() += 1;
    }
    sizes.values().filter(|&&n| n > 1).count()
}

fn assert_like_a_rebuild(env: &Env) {
    let incremental = stored_groups(env);
    assert_eq!(
        incremental,
        brute_force(env),
        "groups differ from the exact rule"
    );
    let clean = Env::empty();
    common::copy_dir(&env.corpus(), &clean.corpus(), &[]);
    clean
        .run(&["index", "--rebuild", "--quiet"])
        .assert()
        .success();
    assert_eq!(
        incremental,
        stored_groups(&clean),
        "groups differ from a clean build"
    );
}

/// The body paragraphs of a copies fixture, for the variants below.
fn paragraphs(name: &str) -> Vec<String> {
    let text = std::fs::read_to_string(common::fixtures().join("copies").join(name)).unwrap();
    text.split("\n\n").skip(1).map(str::to_string).collect()
}

fn article(title: &str, paragraphs: &[String]) -> String {
    format!("{title}\n\n{}\n", paragraphs.join("\n\n"))
}

#[test]
fn the_index_groups_the_wire_variants_and_nothing_else() {
    let env = Env::with_fixture("copies");
    env.index();
    let groups = stored_groups(&env);
    assert_eq!(groups, brute_force(&env));
    let wire = groups["wire_original.txt"];
    for (id, g) in &groups {
        let expected = id.starts_with("wire_");
        assert_eq!(*g == wire, expected, "{id}");
    }
    assert_eq!(
        wire,
        group_value("wire_exact.txt"),
        "the id is the smallest member's"
    );
    assert_eq!(groups["short_bridge.txt"], groups["short_bridge_same.txt"]);
    assert_eq!(groups_of_two_or_more(&groups), 2);
    let stats: common::Stats = env.json(&["stats", "--format", "json"]);
    let in_groups = groups
        .values()
        .filter(|g| groups.values().filter(|h| h == g).count() > 1);
    assert_eq!(stats.copy_groups, Some(2));
    assert_eq!(
        stats.articles_in_copy_groups,
        Some(in_groups.count() as u64)
    );
    assert_eq!(stats.articles_in_copy_groups, Some(8));
    let out = env.run(&["stats"]).assert().success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        text.contains("copies:     2 groups of two or more, 8 articles in them"),
        "{text}"
    );
}

#[test]
fn incremental_runs_keep_groups_like_a_clean_rebuild() {
    let env = Env::with_fixture("copies");
    let p = paragraphs("wire_original.txt");
    assert!(p.len() >= 9, "{}", p.len());
    // a ⊂ b and c ⊂ b, but a and c share two paragraphs: a chain (of a
    // story no longer in the corpus otherwise).
    let q = paragraphs("quote_analysis.txt");
    let n = q.len();
    assert_eq!(n, 8);
    std::fs::remove_file(env.corpus().join("quote_analysis.txt")).unwrap();
    env.write("chain/a.txt", article("Chain a", &q[..5]));
    env.write("chain/b.txt", article("Chain b", &q));
    env.write("chain/c.txt", article("Chain c", &q[3..]));
    std::fs::remove_file(env.corpus().join("wire_exact.txt")).unwrap();
    env.index();
    assert_like_a_rebuild(&env);
    let before = stored_groups(&env);
    assert_eq!(before["chain/a.txt"], before["chain/c.txt"]);
    assert_eq!(before["chain/a.txt"], before["chain/b.txt"]);

    // Removing b splits the chain's story from c; removing the smallest
    // member renames the wire group; a changed boilerplate story joins it.
    std::fs::remove_file(env.corpus().join("chain/b.txt")).unwrap();
    std::fs::remove_file(env.corpus().join("chain/a.txt")).unwrap();
    env.write("wire_exact.txt", article("Back again", &p));
    env.write("boiler_legal_1.txt", article("Now a copy", &p[1..]));
    env.write("new/zz_wire.txt", article("Late copy", &p[..8]));
    let report = env.index();
    assert_eq!((report.added, report.removed), (2, 2));
    assert_like_a_rebuild(&env);
    let after = stored_groups(&env);
    assert_ne!(
        after["chain/c.txt"], before["chain/c.txt"],
        "the chain split"
    );
    assert_eq!(after["boiler_legal_1.txt"], after["wire_original.txt"]);
    assert_eq!(after["new/zz_wire.txt"], after["wire_original.txt"]);

    // A member changed into another story leaves; its old group stays.
    env.write(
        "wire_retitled.txt",
        article("Other", &paragraphs("boiler_about_1.txt")),
    );
    std::fs::remove_file(env.corpus().join("wire_exact.txt")).unwrap();
    env.index();
    assert_like_a_rebuild(&env);
    let last = stored_groups(&env);
    assert_ne!(last["wire_retitled.txt"], last["wire_original.txt"]);
    assert_eq!(last["wire_original.txt"], group_value("boiler_legal_1.txt"));
}

#[test]
fn pairs_checked_block_by_block_give_the_same_groups() {
    // A budget of one shingle: every block holds one pair, and each
    // committed body is fetched from the store and dropped again.
    let env = Env::with_fixture("copies");
    env.index();
    let mut lede = paragraphs("wire_original.txt");
    lede.insert(
        0,
        "A local first paragraph written for this edition.".into(),
    );
    env.write("wire_local.txt", article("Local Edition", &lede));
    std::fs::remove_file(env.corpus().join("wire_exact.txt")).unwrap();
    env.run(&["index", "--quiet"])
        .env("ATLAS_COPY_CHECK_BUDGET", "1")
        .assert()
        .success();
    let groups = stored_groups(&env);
    assert_eq!(groups, brute_force(&env));
    assert_eq!(groups["wire_local.txt"], groups["wire_original.txt"]);
    assert_like_a_rebuild(&env);
}

#[test]
fn bodies_spilled_to_disk_give_the_same_groups() {
    // No body kept in memory: every one this run reads goes to the spill
    // file, and blocks of one pair read each back from it.
    let env = Env::with_fixture("copies");
    env.run(&["index", "--rebuild", "--quiet"])
        .env("ATLAS_COPY_BODY_BUDGET", "0")
        .env("ATLAS_COPY_CHECK_BUDGET", "1")
        .assert()
        .success();
    let groups = stored_groups(&env);
    assert_eq!(groups, brute_force(&env));
    assert!(groups_of_two_or_more(&groups) >= 2, "{groups:?}");
}

#[test]
fn the_smallest_member_leaving_a_chain_renames_the_rest_of_it() {
    // a ⊂ b and c ⊂ b (a and c are not copies): when a turns into another
    // story, b and c stay one group, now named after b. c shares no bucket
    // with a, so only its old group brings it into the recomputed region.
    let env = Env::with_fixture("copies");
    let q = paragraphs("quote_analysis.txt");
    std::fs::remove_file(env.corpus().join("quote_analysis.txt")).unwrap();
    env.write("chain/a.txt", article("Chain a", &q[..5]));
    env.write("chain/b.txt", article("Chain b", &q));
    env.write("chain/c.txt", article("Chain c", &q[3..]));
    env.index();
    let before = stored_groups(&env);
    assert_eq!(before["chain/c.txt"], group_value("chain/a.txt"));
    env.write(
        "chain/a.txt",
        article("Other", &paragraphs("boiler_about_1.txt")),
    );
    env.index();
    let after = stored_groups(&env);
    assert_eq!(after["chain/b.txt"], group_value("chain/b.txt"));
    assert_eq!(after["chain/c.txt"], group_value("chain/b.txt"));
    assert_like_a_rebuild(&env);
}
