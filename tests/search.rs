//! `atlas search` through the real binary on the samples plus a fixture
//! corpus (`tests/fixtures/search/`) written so that each case is decisive.

mod common;

use std::sync::OnceLock;

use atlas_search::request::SearchResults;
use common::Env;
use predicates::prelude::*;

const SEED: &str = "atlas-news/intelligence-based-operations.txt";
const ZINC_LEVY: &str = "search/wire.jsonl#1";
const ZINC_MINE: &str = "search/wire.jsonl#2";
const STEEL: &str = "search/wire.jsonl#3";
const BANK: &str = "search/wire.jsonl#4";
const UNDATED: &str = "search/wire.jsonl#5";
const GLACIERS: &str = "search/desk-a/glaciers.txt";
const HYDRO: &str = "search/hydro.md";
const DESAL: &str = "search/2024/05/02/desalination.txt";

/// One indexed corpus shared by the read-only tests of this file.
fn env() -> &'static Env {
    static ENV: OnceLock<Env> = OnceLock::new();
    ENV.get_or_init(|| {
        let env = Env::with_samples_and_search();
        let report = env.index();
        assert!(report.skipped.is_empty(), "{:?}", report.skipped);
        env
    })
}

fn ids(args: &[&str]) -> Vec<String> {
    env().ids(args)
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

fn set(ids: &[&str]) -> Vec<String> {
    sorted(ids.iter().map(|s| s.to_string()).collect())
}

#[test]
fn terms_are_anded_by_default_and_or_widens() {
    assert_eq!(ids(&["zinc levy"]), vec![ZINC_LEVY]);
    assert_eq!(ids(&["zinc", "levy"]), vec![ZINC_LEVY], "words joined");
    assert_eq!(
        sorted(ids(&["zinc OR levy"])),
        set(&[ZINC_LEVY, ZINC_MINE, STEEL, UNDATED])
    );
}

#[test]
fn phrases_respect_word_order() {
    assert_eq!(ids(&["\"central bank independence\""]), vec![BANK]);
    assert!(ids(&["\"independence bank central\""]).is_empty());
    assert_eq!(ids(&["independence bank central"]), vec![BANK]);
    assert_eq!(ids(&["\"resolve for stability\""]), vec![SEED]);
    assert!(ids(&["\"stability for resolve\""]).is_empty());
}

#[test]
fn negation_excludes_and_may_stand_alone() {
    assert_eq!(sorted(ids(&["zinc -levy"])), set(&[ZINC_MINE, UNDATED]));
    let all = env().search(&["--limit", "0"]).total_hits;
    let not_zinc = env().search(&["--", "-zinc"]).total_hits;
    assert_eq!(not_zinc, all - 3);
}

#[test]
fn field_queries() {
    assert_eq!(ids(&["title:glaciers"]), vec![GLACIERS]);
    // The body of the hydro article mentions a glacier; default fields find both.
    assert_eq!(sorted(ids(&["glaciers"])), set(&[GLACIERS, HYDRO]));
    assert_eq!(sorted(ids(&["author:davenport"])), set(&[SEED, ZINC_LEVY]));
    assert_eq!(sorted(ids(&["desk:science"])), set(&[GLACIERS, HYDRO]));
    assert_eq!(ids(&["desk:\"central asia\""]), vec![SEED]);
    assert_eq!(ids(&["tag:canada"]), vec![HYDRO]);
}

#[test]
fn prefix_stemming_and_folding() {
    assert_eq!(ids(&["desalin*"]), vec![DESAL]);
    assert_eq!(sorted(ids(&["glacier"])), set(&[GLACIERS, HYDRO]));
    assert_eq!(ids(&["quebec hydro"]), vec![HYDRO]);
    for q in ["Pakistan's", "pakistan", "Pakistan’s", "Azm-i-Istehkam"] {
        assert!(ids(&[q]).contains(&SEED.to_string()), "{q}");
    }
}

/// Whether `text` has `word` as a whole word (case-insensitive): not part of
/// a longer word like `U.S.A.`.
fn has_word(text: &str, word: &str) -> bool {
    let (text, word) = (text.to_lowercase(), word.to_lowercase());
    text.match_indices(&word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(|c| c.is_alphanumeric() || c == '.')
            && !after.is_some_and(char::is_alphanumeric)
    })
}

#[test]
fn punctuation_inside_words_is_text() {
    // Its own corpus: the shared one plus articles with and without `U.S.`.
    let env = Env::with_samples_and_search();
    env.copy_fixture("punctuation", "punctuation");
    let report = env.index();
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    // The articles whose title or body has the word, scanned from the files.
    let (mut expected, mut in_titles) = (Vec::new(), Vec::new());
    for (rel, path) in common::walk(&env.corpus()) {
        for item in atlas_search::parse::parse(&rel, &std::fs::read(path).unwrap()).articles {
            let a = item.article;
            if has_word(&a.title, "U.S.") {
                in_titles.push(a.id.clone());
            }
            if has_word(&a.title, "U.S.") || has_word(&a.body, "U.S.") {
                expected.push(a.id);
            }
        }
    }
    expected.sort();
    assert!(
        expected.len() >= 2,
        "the fixtures lost their `U.S.`: {expected:?}"
    );
    assert_eq!(sorted(env.ids(&["U.S."])), expected);
    assert_eq!(sorted(env.ids(&["title:U.S."])).len(), 1);
}

#[test]
fn the_bio_is_not_searchable() {
    assert!(!ids(&["\"creative writing\""]).contains(&SEED.to_string()));
    assert!(!ids(&["Iowa"]).contains(&SEED.to_string()));
}

#[test]
fn desk_and_author_filters_are_exact_and_case_insensitive() {
    let business = set(&[ZINC_LEVY, ZINC_MINE, STEEL, UNDATED]);
    assert_eq!(sorted(ids(&["--desk", "BUSINESS"])), business);
    assert_eq!(sorted(ids(&["--desk", "business"])), business);
    let mut both = business.clone();
    both.extend(set(&[GLACIERS, HYDRO]));
    assert_eq!(
        sorted(ids(&["--desk", "business", "--desk", "Science"])),
        sorted(both)
    );
    assert!(ids(&["--desk", "econ"]).is_empty(), "whole names only");
    assert_eq!(
        sorted(ids(&["--author", "wilder davenport"])),
        set(&[SEED, ZINC_LEVY])
    );
    assert_eq!(
        ids(&["--author", "wilder davenport", "--desk", "business"]),
        vec![ZINC_LEVY]
    );
    assert_eq!(ids(&["--tag", "CANADA"]), vec![HYDRO]);
}

#[test]
fn date_filters_cover_whole_periods_inclusively() {
    let june = set(&[ZINC_LEVY, ZINC_MINE]);
    assert_eq!(
        sorted(ids(&[
            "--desk", "business", "--since", "2024-06", "--until", "2024-06"
        ])),
        june
    );
    assert_eq!(
        sorted(ids(&[
            "--desk",
            "business",
            "--since",
            "2024-06-01",
            "--until",
            "2024-06-30"
        ])),
        june
    );
    assert_eq!(
        ids(&[
            "--desk",
            "business",
            "--since",
            "2024-06-30",
            "--until",
            "2024-06-30"
        ]),
        vec![ZINC_MINE]
    );
    assert_eq!(
        ids(&["--desk", "business", "--since", "July 1, 2024"]),
        vec![STEEL]
    );
    assert_eq!(
        sorted(ids(&["--since", "2023", "--until", "2023"])),
        set(&[GLACIERS, HYDRO])
    );
    assert_eq!(ids(&["--until", "2023-01-15"]), vec![GLACIERS]);
    assert_eq!(ids(&["date:2023-12"]), vec![HYDRO]);
    for args in [["--since", "1900"], ["--until", "2999"]] {
        assert!(
            !ids(&args).contains(&UNDATED.to_string()),
            "undated never passes a date filter"
        );
    }
}

#[test]
fn sort_orders_put_undated_last() {
    let dated = |r: &SearchResults| r.hits.iter().map(|h| h.date.clone()).collect::<Vec<_>>();
    let newest = env().search(&["--desk", "business", "--sort", "newest"]);
    assert_eq!(
        dated(&newest),
        vec![
            Some("2024-07-01".into()),
            Some("2024-06-30".into()),
            Some("2024-06-01".into()),
            None
        ]
    );
    let oldest = env().search(&["--desk", "business", "--sort", "oldest"]);
    assert_eq!(
        dated(&oldest),
        vec![
            Some("2024-06-01".into()),
            Some("2024-06-30".into()),
            Some("2024-07-01".into()),
            None
        ]
    );
    // No query words: newest first.
    assert_eq!(
        dated(&env().search(&["--desk", "business"])),
        dated(&newest)
    );
}

#[test]
fn pages_do_not_overlap_and_the_total_is_exact() {
    let first = env().search(&["--limit", "4"]);
    let second = env().search(&["--limit", "4", "--offset", "4"]);
    assert_eq!(first.total_hits, 17);
    assert_eq!(second.total_hits, first.total_hits);
    assert_eq!(second.hits[0].rank, 5);
    for h in &second.hits {
        assert!(
            !first.hits.iter().any(|f| f.id == h.id),
            "{} on both pages",
            h.id
        );
    }
    let beyond = env().search(&["--offset", "1000000", "--limit", "1000000000"]);
    assert!(beyond.hits.is_empty());
    assert_eq!(beyond.total_hits, 17);
    let only_total = env().search(&["zinc", "--limit", "0"]);
    assert!(only_total.hits.is_empty());
    assert_eq!(only_total.total_hits, 3);
}

#[test]
fn facets_count_every_match_not_just_the_page() {
    let r = env().search(&["--facets", "--limit", "1"]);
    let facets = r.facets.expect("facets requested");
    for (desk, n) in &facets.desk {
        assert_eq!(
            env().search(&["--desk", desk, "--limit", "0"]).total_hits as u64,
            *n,
            "{desk}"
        );
    }
    for (year, n) in &facets.year {
        let got = env()
            .search(&["--since", year, "--until", year, "--limit", "0"])
            .total_hits;
        assert_eq!(got as u64, *n, "{year}");
    }
    for (author, n) in &facets.author {
        assert_eq!(
            env()
                .search(&["--author", author, "--limit", "0"])
                .total_hits as u64,
            *n,
            "{author}"
        );
    }
    assert_eq!(facets.desk["Business"], 4, "case variants are one desk");
    assert_eq!(facets.year.values().sum::<u64>(), 16, "undated not counted");
    let filtered = env().search(&["zinc", "--facets"]).facets.unwrap();
    assert_eq!(filtered.desk.len(), 1);
    assert_eq!(filtered.desk["Business"], 3);
}

#[test]
fn snippets_highlight_matches_and_phrases_only_where_they_occur() {
    let r = env().search(&["\"resolve for stability\""]);
    let hit = &r.hits[0];
    let lit: Vec<&str> = hit
        .highlights
        .iter()
        .map(|&(a, b)| &hit.snippet[a..b])
        .collect();
    assert!(!lit.is_empty());
    assert!(
        lit.iter()
            .all(|l| l.eq_ignore_ascii_case("resolve for stability")),
        "{lit:?}"
    );
    assert!(hit.snippet.chars().count() <= 210, "{}", hit.snippet);
    assert!(hit.snippet.starts_with("… "));

    let title_only = env().search(&["title:maldives"]);
    assert!(
        title_only.hits[0]
            .snippet
            .starts_with("The government of the Maldives")
    );
}

#[test]
fn json_has_the_contract_fields() {
    let out = env()
        .run(&[
            "search",
            "--format",
            "json",
            "\"resolve for stability\"",
            "--facets",
        ])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for key in ["query", "total_hits", "hits", "facets"] {
        assert!(v.get(key).is_some(), "{key}");
    }
    let hit = &v["hits"][0];
    for key in [
        "rank",
        "score",
        "id",
        "path",
        "title",
        "authors",
        "desk",
        "date",
        "date_source",
        "tags",
        "url",
        "snippet",
        "highlights",
    ] {
        assert!(hit.get(key).is_some(), "hit lacks {key}");
    }
    assert_eq!(hit["id"], SEED);
    assert_eq!(hit["date_source"], "text");
    for key in ["desk", "year", "author"] {
        assert!(v["facets"].get(key).is_some(), "facets lack {key}");
    }
    let lines = env()
        .run(&["search", "--format", "jsonl", "zinc"])
        .output()
        .unwrap();
    let lines = String::from_utf8(lines.stdout).unwrap();
    assert_eq!(lines.lines().count(), 3);
    for line in lines.lines() {
        let _: atlas_search::request::Hit = serde_json::from_str(line).unwrap();
    }
}

#[test]
fn text_output_is_plain_in_a_pipe() {
    env()
        .run(&["search", "resolve", "stability"])
        .env_remove("NO_COLOR")
        .assert()
        .success()
        .stdout(predicate::str::contains("1. Intelligence-Based Operations"))
        .stdout(predicate::str::contains(
            "2024-06-22 · Wilder Davenport · Central Asia",
        ))
        .stdout(predicate::str::contains("\x1b").not());
}

#[test]
fn usage_errors_exit_2_with_one_line() {
    for args in [
        vec!["search", "\"unbalanced"],
        vec!["search", "(a b"],
        vec!["search", "nosuchfield:x"],
        vec!["search", "x", "--since", "2024-13-45"],
        vec!["search", "x", "--until", "someday"],
        vec!["search", "x", "--facets", "--format", "jsonl"],
        vec!["search", "--sort", "sideways"],
    ] {
        let out = env().run(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.starts_with("error:"), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn unknown_desk_is_zero_hits_not_an_error() {
    let r = env().search(&["--desk", "Sports"]);
    assert_eq!(r.total_hits, 0);
    env()
        .run(&["search", "zzzzqqq"])
        .assert()
        .success()
        .stdout(predicate::str::contains("0 hits"));
}

#[test]
fn first_search_on_a_fresh_checkout_builds_the_index() {
    let env = Env::with_fixture("samples");
    env.atlas_default_index()
        .args(["search", "Resolve for Stability"])
        .assert()
        .success()
        .stderr(predicate::str::contains("indexing"))
        .stdout(predicate::str::contains("Intelligence-Based Operations"));
    assert!(env.path().join("index/meta.json").is_file());
    // The second time it is just a search.
    env.atlas_default_index()
        .args(["search", "Resolve for Stability"])
        .assert()
        .success()
        .stderr("");
}
