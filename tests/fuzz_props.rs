//! Property tests standing in for fuzzing: the query language, the tantivy
//! query built from it, snippets and whole searches must never panic on
//! anything a user can type, and what they return must be well-formed.
//!
//! Inputs come in two flavours: arbitrary Unicode strings, and "query soup"
//! built from the tokens the grammar cares about (`"`, `(`, `-`, `OR`,
//! `title:`, `*`, `~` …) mixed with words, so that the parser's interesting
//! paths are reached far more often than random text would reach them.
//! A crashing input found here stays below as a plain `#[test]`.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};

use common::strategies::{any_query, body, soup};
use common::{AtlasIndex, Env};

use atlas_search::query::{Highlight, QueryBuilder, parse_query};
use atlas_search::request::{SearchError, SearchRequest, Sort};
use atlas_search::schema::build_schema;
use atlas_search::search;
use atlas_search::snippet::{self, SNIPPET_CHARS, Snippet};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

/// What every snippet must satisfy, whatever the body and query.
fn check_snippet(s: &Snippet, body: &str) -> Result<(), TestCaseError> {
    let mut last_end = 0;
    for &(a, b) in &s.highlights {
        prop_assert!(
            a < b && b <= s.text.len(),
            "range {a}..{b} out of {:?}",
            s.text
        );
        prop_assert!(
            s.text.is_char_boundary(a) && s.text.is_char_boundary(b),
            "range {a}..{b} splits a character in {:?}",
            s.text
        );
        prop_assert!(
            a >= last_end,
            "overlapping or unsorted highlights {:?}",
            s.highlights
        );
        last_end = b;
    }
    prop_assert!(
        !s.text.contains('\n') && !s.text.contains('\u{a0}'),
        "{:?}",
        s.text
    );
    prop_assert!(!s.text.contains("  "), "double space in {:?}", s.text);
    // Long only when one match is long (a phrase, a very long word).
    let longest_word = body
        .split_whitespace()
        .map(|w| w.chars().count())
        .max()
        .unwrap_or(0);
    prop_assert!(
        s.text.chars().count() <= SNIPPET_CHARS + 2 * longest_word + 8,
        "snippet of {} chars: {:?}",
        s.text.chars().count(),
        s.text
    );
    Ok(())
}

/// `ATLAS_PROPTEST_SCALE=20 cargo test --test fuzz_props` for a long soak.
fn cases(n: u32) -> u32 {
    let scale = std::env::var("ATLAS_PROPTEST_SCALE")
        .ok()
        .and_then(|s| s.parse::<u32>().ok())
        .unwrap_or(1);
    n * scale.max(1)
}

fn translate(q: &str) {
    let (_, fields) = build_schema();
    if let Ok(expr) = parse_query(q) {
        let _ = QueryBuilder::new(fields).build(&expr);
        let _ = Highlight::from_expr(&expr);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(5000)))]

    #[test]
    fn parse_and_build_never_panic_on_any_string(q in any::<String>()) {
        translate(&q);
    }

    #[test]
    fn parse_and_build_never_panic_on_query_soup(q in soup(32)) {
        translate(&q);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(1500)))]

    #[test]
    fn snippets_are_well_formed(body in body(), q in any_query()) {
        if let Ok(expr) = parse_query(&q) {
            let s = snippet::make(&body, &Highlight::from_expr(&expr));
            check_snippet(&s, &body)?;
        }
    }

    #[test]
    fn parsers_never_panic(
        bytes in prop_oneof![
            prop::collection::vec(any::<u8>(), 0..600),
            any::<String>().prop_map(String::into_bytes),
            body().prop_map(String::into_bytes),
            (soup(8), body()).prop_map(|(h, b)| format!("---\n{h}\n---\n{b}").into_bytes()),
            (soup(8), body()).prop_map(|(h, b)| format!("+++\n{h}\n+++\n{b}").into_bytes()),
            (soup(8), body()).prop_map(|(h, b)| format!("Title: {h}\nDate: {h}\n\n{b}").into_bytes()),
            (soup(8), body()).prop_map(|(h, b)| format!("{{\"title\": \"{h}\", \"body\": \"{b}\"}}").into_bytes()),
        ],
        ext in prop::sample::select(&["a.txt", "a", "2024/06/24/a.md", "a.markdown", "a.json", "a.jsonl", "a.ndjson", "a.png"][..]),
    ) {
        let parsed = atlas_search::parse::parse(ext, &bytes);
        for item in &parsed.articles {
            prop_assert!(!item.article.title.is_empty(), "empty title for {bytes:?}");
        }
    }
}

/// The samples and the search fixtures, indexed once by the real binary.
fn fixture_index(env: &Env) -> AtlasIndex {
    let report = env.index();
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    AtlasIndex::open(&env.index_dir()).expect("open fixture index")
}

fn date_bound() -> impl Strategy<Value = Option<String>> {
    prop::option::of(prop_oneof![
        prop::sample::select(
            &[
                "2024",
                "2024-06",
                "2024-06-24",
                "2024-13-45",
                "June 2024",
                "0",
                "9999-12-31",
                "",
                " ",
                "1e9"
            ][..]
        )
        .prop_map(String::from),
        "[ -~]{0,12}",
    ])
}

#[test]
fn searches_never_panic_and_answer_consistently() {
    let env = Env::with_samples_and_search();
    let atlas = fixture_index(&env);
    let searcher = atlas.reader().unwrap().searcher();
    let fields = atlas.fields;
    let docs = searcher.num_docs() as usize;
    let names = prop::sample::select(
        &[
            "Central Asia",
            "central asia",
            "",
            "Wilder Davenport",
            "mining",
            "🦀",
        ][..],
    )
    .prop_map(String::from);
    let strategy = (
        any_query(),
        prop::collection::vec(names.clone(), 0..2),
        prop::collection::vec(names.clone(), 0..2),
        prop::collection::vec(names, 0..2),
        date_bound(),
        date_bound(),
        prop::sample::select(&[Sort::Relevance, Sort::Newest, Sort::Oldest][..]),
        prop_oneof![0usize..20, Just(usize::MAX), Just(usize::MAX / 2)],
        prop_oneof![0usize..20, Just(usize::MAX), Just(usize::MAX - 1)],
        any::<bool>(),
    );
    let answered = AtomicUsize::new(0);
    let mut runner = TestRunner::new(Config {
        cases: cases(1000),
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(
            &strategy,
            |(query, desks, authors, tags, since, until, sort, limit, offset, facets)| {
                let req = SearchRequest {
                    query,
                    desks,
                    authors,
                    tags,
                    since,
                    until,
                    langs: Vec::new(),
                    sort,
                    limit,
                    offset,
                    facets,
                    histogram: None,
                    collapse: false,
                    exact: false,
                };
                match search::search(&searcher, fields, &req) {
                    Ok(res) => {
                        answered.fetch_add(1, Ordering::Relaxed);
                        prop_assert!(res.total_hits <= docs);
                        prop_assert!(res.hits.len() <= req.limit);
                        for (i, hit) in res.hits.iter().enumerate() {
                            prop_assert_eq!(hit.rank, req.offset + i + 1);
                            let body = searcher
                                .search(
                                    &tantivy::query::TermQuery::new(
                                        tantivy::Term::from_field_text(fields.id, &hit.id),
                                        tantivy::schema::IndexRecordOption::Basic,
                                    ),
                                    &tantivy::collector::Count,
                                )
                                .unwrap();
                            prop_assert_eq!(body, 1, "hit id {} is not in the index", &hit.id);
                            let s = Snippet {
                                text: hit.snippet.clone(),
                                highlights: hit.highlights.clone(),
                            };
                            check_snippet(&s, &"x".repeat(60))?;
                        }
                    }
                    Err(SearchError::Tantivy(e)) => {
                        prop_assert!(false, "runtime error for {req:?}: {e}");
                    }
                    Err(_usage) => {}
                }
                Ok(())
            },
        )
        .unwrap();
    // A property whose every input is refused tests nothing.
    let answered = answered.into_inner();
    eprintln!("{answered} of {} searches answered", cases(1000));
    assert!(answered > 0, "every generated search was refused");
}

/// Every real fixture file (the samples and the parser fixtures), as
/// (path relative to its fixture dir, bytes).
fn real_files() -> Vec<(String, Vec<u8>)> {
    // `html`: saved pages (and their expected-output sidecars) under their
    // real names, so damaged pages go through the web parser; `documents`:
    // Word, LibreOffice, RTF and mail files, through their readers.
    ["samples", "parse", "html", "documents"]
        .iter()
        .flat_map(|dir| common::walk(&common::fixtures().join(dir)))
        .filter(|(rel, _)| rel != "MANIFEST.json")
        .map(|(rel, path)| (rel, std::fs::read(path).unwrap()))
        .collect()
}

/// One way to damage a real file: keep it, cut it, overwrite bytes, or
/// splice query soup into it.
#[derive(Debug, Clone)]
enum Damage {
    None,
    Truncate(prop::sample::Index),
    Overwrite(prop::sample::Index, Vec<u8>),
    Splice(prop::sample::Index, String),
}

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        Just(Damage::None),
        any::<prop::sample::Index>().prop_map(Damage::Truncate),
        (
            any::<prop::sample::Index>(),
            prop::collection::vec(any::<u8>(), 1..8)
        )
            .prop_map(|(i, b)| Damage::Overwrite(i, b)),
        (any::<prop::sample::Index>(), soup(6)).prop_map(|(i, s)| Damage::Splice(i, s)),
    ]
}

fn apply(bytes: &[u8], damage: &Damage) -> Vec<u8> {
    let at = |i: &prop::sample::Index| i.index(bytes.len() + 1);
    let mut out = bytes.to_vec();
    match damage {
        Damage::None => {}
        Damage::Truncate(i) => out.truncate(at(i)),
        Damage::Overwrite(i, b) => {
            let start = at(i).min(out.len());
            for (o, b) in out[start..].iter_mut().zip(b) {
                *o = *b;
            }
        }
        Damage::Splice(i, s) => {
            let at = at(i);
            out.splice(at..at, s.bytes());
        }
    }
    out
}

/// Real sample bodies, damaged, under their real paths: parsing never
/// panics, what it accepts is well-formed, and some of it is accepted (a
/// property over inputs that are all refused would test nothing).
#[test]
fn parsers_never_panic_on_damaged_real_files() {
    let files = real_files();
    assert!(files.len() >= 20, "fixtures missing: {}", files.len());
    let accepted = AtomicUsize::new(0);
    let mut runner = TestRunner::new(Config {
        cases: cases(1500),
        source_file: Some(file!()),
        ..Config::default()
    });
    runner
        .run(
            &(prop::sample::select(files), damage()),
            |((rel, bytes), damage)| {
                let input = apply(&bytes, &damage);
                let parsed = atlas_search::parse::parse(&rel, &input);
                if !parsed.articles.is_empty() {
                    accepted.fetch_add(1, Ordering::Relaxed);
                }
                for item in &parsed.articles {
                    prop_assert!(
                        !item.article.title.is_empty(),
                        "empty title: {rel} {damage:?}"
                    );
                }
                Ok(())
            },
        )
        .unwrap();
    let accepted = accepted.into_inner();
    eprintln!(
        "{accepted} of {} damaged real files parsed into articles",
        cases(1500)
    );
    assert!(accepted > 0, "every damaged real file was refused");
}

// Inputs the properties above found, kept as plain regression tests.

/// A whitespace-only body made `window` slice past its own end.
#[test]
fn regression_snippet_of_a_whitespace_only_body() {
    for body in ["\u{a0} ", " ", "\n\t\u{a0}", ""] {
        for q in ["*", "", "word", "\"a b\"", "pre*"] {
            let s = snippet::make(body, &Highlight::from_expr(&parse_query(q).unwrap()));
            assert_eq!(s, Snippet::default(), "{body:?} {q:?}");
        }
    }
}
