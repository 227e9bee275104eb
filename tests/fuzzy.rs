//! `word~`: fuzzy words against a brute-force scan. The corpus is made
//! here (names spelt many ways, Iran beside Iraq), and the expected hit set
//! of each fuzzy query is computed by an edit distance written in this
//! file over the articles' own text — never by atlas's automata or word
//! lists, so a wrong expansion shows up as a difference.

mod common;

use std::collections::BTreeSet;

use common::Env;

/// The spellings and near-misses the articles are made of.
const NAMES: &[&str] = &[
    "gaddafi",
    "qaddafi",
    "kadhafi",
    "gadhafi",
    "gadafi",
    "qadhafi",
    "gaddafy",
    "iran",
    "iraq",
    "iraqi",
    "irate",
    "brian",
    "oman",
    "libya",
    "lybia",
    "tripoli",
    "sanctions",
    "oil",
];
const FILLER: &[&str] = &[
    "the", "minister", "said", "talks", "on", "tuesday", "border", "deal", "crude", "exports",
];
const AUTHORS: &[&str] = &[
    "Wilder Davenport",
    "Mira Davenpart",
    "Jon Devonport",
    "Ana Ruiz",
];
const DESKS: &[&str] = &["Middle East", "Africa", "Markets"];

struct Doc {
    id: String,
    title: String,
    body: String,
    author: String,
    desk: String,
}

/// A deterministic pseudo-random corpus (a fixed LCG), written as one JSON
/// file per article.
fn corpus(env: &Env) -> Vec<Doc> {
    let mut seed: u64 = 0x5eed;
    let mut next = |n: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((seed >> 33) as usize) % n
    };
    let mut docs = Vec::new();
    for i in 0..60 {
        let mut words = Vec::new();
        for _ in 0..12 {
            // Names are rarer than filler, and some much rarer than others.
            let w = if next(3) == 0 {
                NAMES[next(NAMES.len()).min(next(NAMES.len()))]
            } else {
                FILLER[next(FILLER.len())]
            };
            words.push(w);
        }
        let title = format!("Report {} on {}", i, NAMES[next(NAMES.len())]);
        let doc = Doc {
            id: format!("a{i:02}.json"),
            title,
            body: words.join(" ") + ".",
            author: AUTHORS[next(AUTHORS.len())].to_string(),
            desk: DESKS[next(DESKS.len())].to_string(),
        };
        let json = serde_json::json!({
            "title": doc.title, "body": doc.body, "author": doc.author, "desk": doc.desk,
        });
        env.write(&doc.id, json.to_string());
        docs.push(doc);
    }
    docs
}

/// Restricted Damerau–Levenshtein: a swap of neighbours is one edit.
fn distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut d = vec![vec![0; b.len() + 1]; a.len() + 1];
    for i in 0..=a.len() {
        for j in 0..=b.len() {
            d[i][j] = if i == 0 || j == 0 {
                i + j
            } else {
                let sub = d[i - 1][j - 1] + usize::from(a[i - 1] != b[j - 1]);
                let mut v = sub.min(d[i - 1][j] + 1).min(d[i][j - 1] + 1);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    v = v.min(d[i - 2][j - 2] + 1);
                }
                v
            };
        }
    }
    d[a.len()][b.len()]
}

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// SPEC: 0 edits for 1–2 letters, 1 for 3–5, 2 from 6.
fn spec_distance(word: &str) -> usize {
    match word.chars().count() {
        0..=2 => 0,
        3..=5 => 1,
        _ => 2,
    }
}

/// The articles with a word within `max` edits of `typed` in the text
/// `field` picks.
fn expected(docs: &[Doc], typed: &str, max: usize, field: fn(&Doc) -> String) -> BTreeSet<String> {
    docs.iter()
        .filter(|d| words(&field(d)).iter().any(|w| distance(typed, w) <= max))
        .map(|d| d.id.clone())
        .collect()
}

fn every_field(d: &Doc) -> String {
    format!("{} {} {} {}", d.title, d.body, d.author, d.desk)
}

fn found(env: &Env, query: &str) -> BTreeSet<String> {
    env.ids(&[query]).into_iter().collect()
}

#[test]
fn fuzzy_words_find_what_a_brute_force_scan_finds() {
    let env = Env::empty();
    let docs = corpus(&env);
    env.index();
    for typed in [
        "gadafi", "gaddafi", "qadafi", "kadafi", "iran", "lybia", "oman", "saction",
    ] {
        let want = expected(&docs, typed, spec_distance(typed), every_field);
        assert_eq!(found(&env, &format!("{typed}~")), want, "{typed}~");
        for n in 0..=2 {
            let want = expected(&docs, typed, n, every_field);
            assert_eq!(found(&env, &format!("{typed}~{n}")), want, "{typed}~{n}");
        }
    }
    // The corpus really has near-misses for these to find.
    assert!(found(&env, "gadafi~").len() > found(&env, "gadafi").len());
    // Folded as typed: case does not matter.
    assert_eq!(found(&env, "GADAFI~"), found(&env, "gadafi~"));
}

#[test]
fn fuzzy_words_in_fields_and_combined() {
    let env = Env::empty();
    let docs = corpus(&env);
    env.index();
    let author = |d: &Doc| d.author.clone();
    let want = expected(&docs, "davenprot", 2, author);
    assert!(want.len() > 1, "the corpus has authors near davenprot");
    assert_eq!(found(&env, "author:davenprot~"), want);
    assert_eq!(
        found(&env, "author:davenprot~1"),
        expected(&docs, "davenprot", 1, author)
    );
    let title = |d: &Doc| d.title.clone();
    assert_eq!(
        found(&env, "title:iraq~"),
        expected(&docs, "iraq", 1, title)
    );
    // ANDed and negated like any word.
    let a = expected(&docs, "gadafi", 2, every_field);
    let b = expected(&docs, "tripoli", 0, every_field);
    let both: BTreeSet<String> = a.intersection(&b).cloned().collect();
    assert_eq!(found(&env, "gadafi~ tripoli"), both);
    let minus: BTreeSet<String> = b.difference(&a).cloned().collect();
    assert_eq!(found(&env, "tripoli -gadafi~"), minus);
}

#[test]
fn two_letter_words_are_exact_and_tildes_elsewhere_are_text() {
    let env = Env::empty();
    let docs = corpus(&env);
    env.index();
    // `on~`: two letters allow no edit (`oil`, `oman` are not found by it).
    assert_eq!(found(&env, "on~"), expected(&docs, "on", 0, every_field));
    // A lone `~`, or one inside a word, is text: `oil ~` is `oil`.
    assert_eq!(found(&env, "oil ~"), found(&env, "oil"));
    assert_eq!(found(&env, "oil~x"), found(&env, "\"oil x\""));
    // `"phrase"~N` is still slop.
    let slop = found(&env, "\"minister tuesday\"~3");
    let exact = found(&env, "\"minister tuesday\"");
    assert!(slop.len() > exact.len(), "{slop:?} vs {exact:?}");
    // Too many edits: exit 2 with a hint.
    env.run(&["search", "gadafi~3"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("word~2"));
}

#[test]
fn fuzzy_matches_are_highlighted() {
    let env = Env::empty();
    let _docs = corpus(&env);
    env.index();
    let results = env.search(&["--limit", "100", "body:gadafi~"]);
    assert!(!results.hits.is_empty());
    for hit in &results.hits {
        let marked: Vec<&str> = hit
            .highlights
            .iter()
            .map(|&(a, b)| &hit.snippet[a..b])
            .collect();
        let near: Vec<String> = words(&hit.snippet)
            .into_iter()
            .filter(|w| distance("gadafi", w) <= 2)
            .collect();
        assert!(!near.is_empty(), "{}: {}", hit.id, hit.snippet);
        let marked_words: Vec<String> = marked.iter().map(|m| m.to_lowercase()).collect();
        assert_eq!(marked_words, near, "{}: {}", hit.id, hit.snippet);
    }
}
