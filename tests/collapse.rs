//! `search --collapse`: every expectation is computed from the uncollapsed
//! results of the same search and the index's stored copy groups — the
//! first hit of each group shown, its other matching members as copies,
//! totals, facets and histogram counting each group once.

mod common;

use std::collections::BTreeMap;

use atlas_search::indexer::copy_groups;
use common::{AtlasIndex, Env, Hit, SearchResults};

const DESKS: [&str; 3] = ["Europe", "World", "Local"];
const AUTHORS: [&str; 3] = ["Ann Lee", "Bo Chen", "Cy Diaz"];

/// The copies fixtures, each given a desk, author and date (all different
/// days, so no two hits tie on score and date).
fn env() -> Env {
    let env = Env::empty();
    let dir = common::fixtures().join("copies");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for (i, name) in names.iter().enumerate() {
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        let (title, body) = text.split_once("\n\n").unwrap();
        let header = format!(
            "Title: {title}\nDesk: {}\nAuthor: {}\nDate: {}-03-{:02}\n\n",
            DESKS[i % 3],
            AUTHORS[i % 2],
            2022 + i % 3,
            i + 1
        );
        env.write(name, format!("{header}{body}"));
    }
    env.index();
    env
}

fn groups(env: &Env) -> BTreeMap<String, u64> {
    let atlas = AtlasIndex::open(&env.index_dir()).unwrap();
    copy_groups(&atlas.reader().unwrap().searcher()).unwrap()
}

/// What `--collapse` must print, from the plain results of the same search.
fn expected(plain: &SearchResults, groups: &BTreeMap<String, u64>) -> Vec<(Hit, Vec<String>)> {
    let mut order: Vec<u64> = Vec::new();
    let mut members: BTreeMap<u64, Vec<&Hit>> = BTreeMap::new();
    for hit in &plain.hits {
        let g = groups[&hit.id];
        if !members.contains_key(&g) {
            order.push(g);
        }
        members.entry(g).or_default().push(hit);
    }
    (order.iter())
        .map(|g| {
            let m = &members[g];
            (m[0].clone(), m[1..].iter().map(|h| h.id.clone()).collect())
        })
        .collect()
}

fn count<'a>(keys: impl Iterator<Item = &'a str>) -> BTreeMap<String, u64> {
    let mut out = BTreeMap::new();
    for k in keys {
        *out.entry(k.to_string()).or_insert(0) += 1;
    }
    out
}

#[test]
fn collapsed_results_equal_the_plain_ones_grouped() {
    let env = env();
    let groups = groups(&env);
    let mut collapsed_somewhere = false;
    for query in ["", "flood", "levee OR bridge", "river -rail"] {
        for sort in ["relevance", "newest", "oldest"] {
            let base = [
                "search", query, "--sort", sort, "--limit", "100", "--facets",
            ];
            let args = [&base[..], &["--histogram", "year", "--format", "json"]].concat();
            let plain: SearchResults = env.json(&args);
            let collapsed: SearchResults = env.json(&[&args[..], &["--collapse"]].concat());
            let want = expected(&plain, &groups);
            let ctx = format!("{query:?} by {sort}");
            collapsed_somewhere |= want.len() < plain.hits.len();
            assert_eq!(collapsed.total_hits, want.len(), "{ctx}");
            assert_eq!(collapsed.hits.len(), want.len(), "{ctx}");
            for (i, (hit, (best, copies))) in collapsed.hits.iter().zip(&want).enumerate() {
                assert_eq!(hit.id, best.id, "{ctx}: hit {i}");
                assert_eq!(hit.rank, i + 1);
                assert_eq!(hit.copies, Some(copies.len()), "{ctx}: {}", hit.id);
                let shown: Vec<String> = copies.iter().take(10).cloned().collect();
                assert_eq!(hit.copy_ids.as_ref(), Some(&shown), "{ctx}: {}", hit.id);
            }
            let shown: Vec<&Hit> = want.iter().map(|(h, _)| h).collect();
            let facets = collapsed.facets.expect("facets");
            let desks = count(shown.iter().filter_map(|h| h.desk.as_deref()));
            assert_eq!(facets.desk, desks, "{ctx}");
            let years = count(
                shown
                    .iter()
                    .filter_map(|h| h.date.as_deref().map(|d| &d[..4])),
            );
            assert_eq!(facets.year, years, "{ctx}");
            let authors = count(
                shown
                    .iter()
                    .flat_map(|h| h.authors.iter().map(String::as_str)),
            );
            assert_eq!(facets.author, authors, "{ctx}");
            let mut histogram = collapsed.histogram.expect("histogram");
            histogram.retain(|_, n| *n > 0);
            assert_eq!(histogram, years, "{ctx}");
        }
    }
    assert!(collapsed_somewhere, "no search had copies to collapse");
}

#[test]
fn paging_counts_groups_and_the_keys_appear_only_with_the_flag() {
    let env = env();
    let plain: SearchResults = env.json(&["search", "flood", "--limit", "100", "--format", "json"]);
    let want = expected(&plain, &groups(&env));
    assert!(want.len() >= 2);
    let page: SearchResults = env.json(&[
        "search",
        "flood",
        "--collapse",
        "--limit",
        "2",
        "--offset",
        "1",
        "--format",
        "json",
    ]);
    let ids: Vec<&str> = page.hits.iter().map(|h| h.id.as_str()).collect();
    let want_ids: Vec<&str> = want[1..]
        .iter()
        .take(2)
        .map(|(h, _)| h.id.as_str())
        .collect();
    assert_eq!(ids, want_ids);
    assert_eq!(page.hits[0].rank, 2);
    assert_eq!(page.total_hits, want.len());

    let out = |args: &[&str]| {
        let o = env.run(args).assert().success().get_output().stdout.clone();
        String::from_utf8(o).unwrap()
    };
    let json = out(&["search", "flood", "--format", "json"]);
    assert!(!json.contains("\"copies\"") && !json.contains("\"copy_ids\""));
    let jsonl = out(&["search", "flood", "--collapse", "--format", "jsonl"]);
    let first: serde_json::Value = serde_json::from_str(jsonl.lines().next().unwrap()).unwrap();
    assert_eq!(first["copies"], want[0].1.len());
    assert_eq!(jsonl.lines().count(), want.len().min(10));
    let csv = out(&["search", "flood", "--collapse", "--format", "csv"]);
    let plain_csv = out(&["search", "flood", "--format", "csv"]);
    assert_eq!(
        csv.lines().next(),
        plain_csv.lines().next(),
        "the CSV header is unchanged"
    );
    assert_eq!(csv.lines().count(), 1 + want.len().min(10));
    let text = out(&["search", "flood", "--collapse"]);
    let (_, copies) = want
        .iter()
        .find(|(_, c)| c.len() > 1)
        .expect("a group with copies");
    let line = format!("+ {} copies: {}", copies.len(), copies[0]);
    assert!(text.contains(&line), "{line} not in {text}");
}
