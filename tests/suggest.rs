//! Did you mean: corrections of rare words and of filter values that match
//! nothing, on a corpus made here with known counts (a common Gaddafi, rare
//! Qaddafi and Kadhafi, Iran beside a more common Iraq). What a suggestion
//! should be is worked out in the test from the articles' own words; its
//! `total_hits` must be what running it finds; the typed query's hits never
//! change.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use atlas_search::request::Suggestion;
use common::Env;

struct Doc {
    id: String,
    text: String,
}

/// Article `i` holds `gaddafi` when i % 2 == 0 (40 of 80), `tripoli` when
/// i % 3 == 0, `iraq` when i % 4 < 3, `iran` in 5, `qaddafi` in 2,
/// `kadhafi` in 1.
fn corpus(env: &Env) -> Vec<Doc> {
    let mut docs = Vec::new();
    for i in 0..80 {
        let mut words = vec!["the", "minister", "said"];
        if i % 2 == 0 {
            words.push("gaddafi");
        }
        if i % 3 == 0 {
            words.push("tripoli");
        }
        if i % 4 < 3 {
            words.push("iraq");
        }
        if [1, 11, 21, 31, 41].contains(&i) {
            words.push("iran");
        }
        if [5, 7].contains(&i) {
            words.push("qaddafi");
        }
        if i == 9 {
            words.push("kadhafi");
        }
        let author = if i % 8 == 0 {
            "Wilder Davenport"
        } else {
            "Ana Ruiz"
        };
        let desk = if i % 5 == 0 { "Middle East" } else { "Africa" };
        let id = format!("a{i:02}.json");
        let title = format!("Dispatch {i}");
        let body = words.join(" ");
        let json =
            serde_json::json!({"title": title, "body": body, "author": author, "desk": desk});
        env.write(&id, json.to_string());
        docs.push(Doc {
            id,
            text: format!("{title} {body} {author} {desk}").to_lowercase(),
        });
    }
    docs
}

fn words(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Restricted Damerau–Levenshtein.
fn distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut d = vec![vec![0; b.len() + 1]; a.len() + 1];
    for i in 0..=a.len() {
        for j in 0..=b.len() {
            d[i][j] = if i == 0 || j == 0 {
                i + j
            } else {
                let mut v = (d[i - 1][j - 1] + usize::from(a[i - 1] != b[j - 1]))
                    .min(d[i - 1][j] + 1)
                    .min(d[i][j - 1] + 1);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    v = v.min(d[i - 2][j - 2] + 1);
                }
                v
            };
        }
    }
    d[a.len()][b.len()]
}

fn articles_per_word(docs: &[Doc]) -> BTreeMap<String, usize> {
    let mut n = BTreeMap::new();
    for d in docs {
        for w in words(&d.text) {
            *n.entry(w).or_default() += 1;
        }
    }
    n
}

/// SPEC's correction of one word: the word within the length's distance in
/// the most articles, if it is in at least 20× as many (and in one); the
/// word itself when it is in 3 articles or more.
fn correction(docs: &[Doc], word: &str) -> Option<String> {
    let n = articles_per_word(docs);
    let typed = n.get(word).copied().unwrap_or(0);
    if typed >= 3 {
        return None;
    }
    let max = match word.chars().count() {
        0..=2 => 0,
        3..=5 => 1,
        _ => 2,
    };
    n.iter()
        .filter(|(w, c)| *w != word && distance(word, w) <= max && **c >= (20 * typed).max(1))
        .max_by_key(|(w, c)| (**c, std::cmp::Reverse((*w).clone())))
        .map(|(w, _)| w.clone())
}

fn queries(results: &atlas_search::request::SearchResults) -> Vec<(String, usize)> {
    results
        .suggestions
        .iter()
        .filter_map(|s| match s {
            Suggestion::Query { query, total_hits } => Some((query.clone(), *total_hits)),
            Suggestion::Filter { .. } => None,
        })
        .collect()
}

fn ids(env: &Env, args: &[&str]) -> BTreeSet<String> {
    env.ids(args).into_iter().collect()
}

#[test]
fn misspelt_words_suggest_the_correction_and_its_count() {
    let env = Env::empty();
    let docs = corpus(&env);
    env.index();
    for typed in ["gadafi", "qaddafi", "kadhafi", "gaddaffi"] {
        let results = env.search(&[typed]);
        let fix = correction(&docs, typed).expect("the corpus has a correction");
        assert_eq!(fix, "gaddafi", "{typed}");
        let got = queries(&results);
        assert!(!got.is_empty(), "{typed}: {results:?}");
        assert_eq!(got[0].0, fix, "{typed}: the most articles first");
        // Each suggestion's count is what running it finds, and more than typed.
        for (query, total) in &got {
            assert_eq!(env.search(&["--limit", "0", query]).total_hits, *total);
            assert!(*total > results.total_hits);
        }
        let totals: Vec<usize> = got.iter().map(|(_, n)| *n).collect();
        assert!(totals.windows(2).all(|w| w[0] >= w[1]), "{got:?}");
    }
    // Several words: each rare one corrected.
    let results = env.search(&["gadafi tripolli"]);
    assert_eq!(correction(&docs, "tripolli").as_deref(), Some("tripoli"));
    assert_eq!(queries(&results)[0].0, "gaddafi tripoli");
}

#[test]
fn suggestions_never_change_the_hits_and_common_words_are_not_corrected() {
    let env = Env::empty();
    let docs = corpus(&env);
    env.index();
    // `qaddafi` finds its own two articles, with a suggestion beside them.
    let results = env.search(&["--limit", "100", "qaddafi"]);
    let want: BTreeSet<String> = docs
        .iter()
        .filter(|d| words(&d.text).contains("qaddafi"))
        .map(|d| d.id.clone())
        .collect();
    let got: BTreeSet<String> = results.hits.iter().map(|h| h.id.clone()).collect();
    assert_eq!(got, want);
    assert_eq!(results.total_hits, 2);
    assert!(!results.suggestions.is_empty());
    // Iran is in 5 articles: a search finding fewer (with a desk filter)
    // still never "corrects" it to the more common Iraq.
    assert_eq!(correction(&docs, "iran"), None);
    let narrow = env.search(&["--desk", "Middle East", "iran"]);
    assert!(narrow.total_hits < 3, "{narrow:?}");
    assert!(narrow.suggestions.is_empty(), "{narrow:?}");
    // Nothing to suggest: the key is absent from the JSON.
    let out = env
        .run(&["search", "--format", "json", "xyzzyq"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(json.get("suggestions").is_none(), "{json}");
    // Enough hits: no suggestions even for a rare word among them.
    assert!(env.search(&["gaddafi OR qaddafi"]).suggestions.is_empty());
}

#[test]
fn filter_values_that_match_nothing_suggest_the_nearest_names() {
    let env = Env::empty();
    let docs = corpus(&env);
    env.index();
    let results = env.search(&["--author", "wilder davenprot", "gaddafi"]);
    assert_eq!(results.total_hits, 0);
    let davenport: usize = docs
        .iter()
        .filter(|d| d.text.contains("wilder davenport") && words(&d.text).contains("gaddafi"))
        .count();
    assert!(davenport > 0);
    assert_eq!(
        results.suggestions,
        vec![Suggestion::Filter {
            field: "author".into(),
            value: "Wilder Davenport".into(),
            total_hits: davenport,
        }]
    );
    let desk = env.search(&["--desk", "Midle East"]);
    assert!(matches!(
        desk.suggestions.as_slice(),
        [Suggestion::Filter { field, value, .. }] if field == "desk" && value == "Middle East"
    ));
    // A name that exists matches (no suggestion), even with no hits.
    let none = env.search(&["--author", "wilder davenport", "kadhafi"]);
    assert_eq!(none.total_hits, 0);
    assert!(
        none.suggestions
            .iter()
            .all(|s| matches!(s, Suggestion::Query { .. })),
        "{none:?}"
    );
}

#[test]
fn text_says_did_you_mean_and_jsonl_tells_stderr() {
    let env = Env::empty();
    let _docs = corpus(&env);
    env.index();
    let n = ids(&env, &["gaddafi"]).len();
    env.run(&["search", "gadafi"])
        .assert()
        .success()
        .stdout(predicates::str::contains(format!(
            "did you mean: gaddafi ({n} articles)"
        )));
    for format in ["jsonl", "csv"] {
        let out = env
            .run(&["search", "--format", format, "gadafi"])
            .output()
            .unwrap();
        assert!(out.status.success());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains("did you mean: gaddafi"), "{stderr}");
        assert!(!String::from_utf8_lossy(&out.stdout).contains("did you mean"));
    }
}
