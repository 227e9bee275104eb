//! Tags, desk and authors in each article's own language (SPEC "Every
//! language the archive is written in"): a German article's tags are
//! stemmed by the German stemmer, never the English one, exactly as its
//! title and body are, and a query on them is analysed in each language
//! the index holds.
//!
//! `tests/fixtures/multilingual_names`: news articles in German, French,
//! Spanish, Russian, Chinese, Japanese and English with a `Key: value`
//! header (author, desk, tags), written for these tests. Expected hit sets
//! come from a brute-force scan of the names `show` gives back, stemmed by
//! the stemmer crate called directly (`common::scan`).

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::scan;
use common::{Article, Env, edit_payload, indexed_ats};
use predicates::prelude::*;

/// Every fixture article as `show` gives it back.
fn docs(env: &Env) -> BTreeMap<String, Article> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(env.corpus()).unwrap() {
        let id = entry.unwrap().file_name().to_string_lossy().into_owned();
        let article: Article = env.json(&["show", &id, "--format", "json"]);
        let lang = article
            .lang
            .as_deref()
            .expect("every article has a language");
        assert_eq!(Some(lang), id.split('-').next(), "{id}");
        out.insert(id, article);
    }
    out
}

/// The values of `field` (`tag`, `desk`, `author`; empty: every field an
/// unfielded word searches).
fn values<'a>(a: &'a Article, field: &str) -> Vec<&'a str> {
    let names = |f: &str| -> Vec<&'a str> {
        match f {
            "tag" => a.tags.iter().map(String::as_str).collect(),
            "desk" => a.desk.iter().map(String::as_str).collect(),
            "author" => a.authors.iter().map(String::as_str).collect(),
            other => panic!("no field {other}"),
        }
    };
    match field {
        "" => [a.title.as_str(), a.body.as_str()]
            .into_iter()
            .chain(["tag", "desk", "author"].into_iter().flat_map(names))
            .collect(),
        f => names(f),
    }
}

/// The articles whose `field` holds `query` (a word or a phrase, within one
/// value), each read in the language `read_in` gives it.
fn expected(
    docs: &BTreeMap<String, Article>,
    field: &str,
    query: &str,
    read_in: impl Fn(&Article) -> String,
) -> BTreeSet<String> {
    (docs.iter())
        .filter(|(_, a)| {
            let lang = read_in(a);
            (values(a, field).iter()).any(|v| scan::holds(&lang, v, query))
        })
        .map(|(id, _)| id.clone())
        .collect()
}

fn own(a: &Article) -> String {
    a.lang.clone().unwrap_or_default()
}

fn found(env: &Env, field: &str, query: &str, more: &[&str]) -> BTreeSet<String> {
    let q = match field {
        "" => query.to_string(),
        f => format!("{f}:{query}"),
    };
    let mut args = vec![q.as_str()];
    args.extend_from_slice(more);
    env.ids(&args).into_iter().collect()
}

fn indexed() -> (Env, BTreeMap<String, Article>) {
    let env = Env::with_fixture("multilingual_names");
    let report = env.index();
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    let docs = docs(&env);
    assert!(docs.len() >= 15, "{}", docs.len());
    (env, docs)
}

/// Fielded words and phrases: the first half German, French, Spanish and
/// Russian inflections; then CJK words inside longer names; then English.
const QUERIES: &[(&str, &str)] = &[
    ("tag", "Landtagswahl"),
    ("tag", "Landtagswahlen"),
    ("tag", "Koalition"),
    ("tag", "Regierungsbildungen"),
    ("tag", "Streik"),
    ("tag", "Gewerkschaft"),
    ("tag", "Tarifverhandlung"),
    ("desk", "Landespolitik"),
    ("tag", "grève"),
    ("tag", "syndicat"),
    ("tag", "\"élection municipale\""),
    ("tag", "maire"),
    ("desk", "économique"),
    ("tag", "\"lista de espera\""),
    ("tag", "hospital"),
    ("tag", "elección"),
    ("tag", "regional"),
    ("desk", "políticas"),
    ("tag", "выборах"),
    ("tag", "думы"),
    ("tag", "мороз"),
    ("desk", "политики"),
    ("desk", "погоде"),
    ("author", "Соколовой"),
    ("tag", "地铁"),
    ("tag", "交通"),
    ("tag", "就业"),
    ("desk", "交通"),
    ("tag", "知事"),
    ("tag", "少子化"),
    ("author", "小明"),
    ("tag", "strike"),
    ("tag", "union"),
    ("tag", "election"),
    ("desk", "politics"),
    ("author", "albers"),
    ("author", "Dumas"),
];

#[test]
fn shown_names_carry_no_mark_of_their_language() {
    let (env, docs) = indexed();
    for (id, a) in &docs {
        let text = std::fs::read_to_string(env.corpus().join(id)).unwrap();
        let header = |key: &str| -> Vec<String> {
            (text.lines().take_while(|l| !l.is_empty()))
                .filter_map(|l| l.strip_prefix(key)?.strip_prefix(": "))
                .flat_map(|v| v.split(',').map(|t| t.trim().to_string()))
                .collect()
        };
        assert_eq!(a.tags, header("Tags"), "{id}");
        assert_eq!(a.desk.iter().cloned().collect::<Vec<_>>(), header("Desk"));
        assert_eq!(a.authors, header("Author"), "{id}");
    }
}

#[test]
fn names_are_analysed_in_the_articles_own_language() {
    let (env, docs) = indexed();
    let mut several = 0;
    let mut not_english = 0;
    for &(field, q) in QUERIES {
        let want = expected(&docs, field, q, own);
        assert!(!want.is_empty(), "{field}:{q}");
        several += usize::from(want.len() >= 2);
        assert_eq!(found(&env, field, q, &[]), want, "{field}:{q}");
        // Read through the English stemmer, the scan answers otherwise:
        // the query tells the two analyses apart.
        not_english += usize::from(expected(&docs, field, q, |_| "en".into()) != want);
    }
    assert!(several >= 6, "{several}");
    assert!(not_english >= 15, "{not_english}");
}

/// A word with no field searches the names too, in their own language.
#[test]
fn unfielded_words_find_names_in_their_own_language() {
    let (env, docs) = indexed();
    for q in [
        "Landtagswahl",
        "Gewerkschaft",
        "syndicat",
        "hospital",
        "выборах",
        "地铁",
        "知事",
        "strike",
    ] {
        let want = expected(&docs, "", q, own);
        assert!(!want.is_empty(), "{q}");
        assert_eq!(found(&env, "", q, &[]), want, "{q}");
    }
}

/// `--lang` restricts the analysis of names as of title and body: German
/// tags are not found when only English is searched.
#[test]
fn lang_restricts_the_analysis_of_names() {
    let (env, docs) = indexed();
    for (field, q) in [
        ("tag", "Landtagswahl"),
        ("tag", "地铁"),
        ("desk", "политики"),
    ] {
        for langs in [&["de"][..], &["en"], &["zh", "ja"], &["ru", "en"]] {
            let want: BTreeSet<String> = (expected(&docs, field, q, own).into_iter())
                .filter(|id| langs.iter().any(|l| id.starts_with(&format!("{l}-"))))
                .collect();
            let more: Vec<&str> = langs.iter().flat_map(|l| ["--lang", *l]).collect();
            assert_eq!(found(&env, field, q, &more), want, "{field}:{q} {langs:?}");
        }
    }
}

/// A CJK prefix longer than a bigram in a tag: a phrase prefix of its
/// bigrams, as in title and body.
#[test]
fn cjk_prefixes_match_inside_names() {
    let (env, docs) = indexed();
    let written = "北京地";
    let want: BTreeSet<String> = (docs.iter())
        .filter(|(_, a)| a.lang.as_deref() != Some("en"))
        .filter(|(_, a)| a.tags.iter().any(|t| t.contains(written)))
        .map(|(id, _)| id.clone())
        .collect();
    assert_eq!(want.len(), 1);
    assert_eq!(found(&env, "tag", &format!("{written}*"), &[]), want);
}

/// An index of the schema before names were analysed per language is
/// rebuilt in place by the next run, without moving any `indexed_at`.
#[test]
fn the_upgrade_reanalyses_names_without_moving_indexed_at() {
    let (env, docs) = indexed();
    let before = indexed_ats(&env.index_dir());
    assert_eq!(before.len(), docs.len());
    let schema = atlas_search::schema::SCHEMA_VERSION;
    edit_payload(&env.index_dir(), |p| {
        p["atlas_schema"] = (schema - 1).into()
    });
    env.run(&["index", "corpus"])
        .assert()
        .success()
        .stderr(predicate::str::contains("rebuilt it in place"));
    assert_eq!(indexed_ats(&env.index_dir()), before);
    let want = expected(&docs, "tag", "Landtagswahl", own);
    assert_eq!(found(&env, "tag", "Landtagswahl", &[]), want);
}
