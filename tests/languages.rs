//! Every language the archive is written in (SPEC): each article's
//! language in SPEC's order — `[language] fixed`, a reliable detection,
//! what the file states, `[language] default` —, stored and shown; text
//! normalised to NFC when parsed.
//!
//! `tests/fixtures/languages`: one news article per language, written for
//! these tests; the file name starts with the language it is written in.

mod common;

use common::{Article, Env, IndexReport};
use predicates::prelude::*;

fn lang_of(env: &Env, id: &str) -> Option<String> {
    let article: Article = env.json(&["show", id, "--format", "json"]);
    article.lang
}

#[test]
fn every_fixture_is_detected_in_its_language() {
    let env = Env::with_fixture("languages");
    let report = env.index();
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    let files: Vec<String> = std::fs::read_dir(env.corpus())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(files.len() >= 24, "{files:?}");
    for file in files {
        let written_in = file.split('-').next().unwrap();
        assert_eq!(lang_of(&env, &file).as_deref(), Some(written_in), "{file}");
    }
}

/// A page template states `en`; the text is German: the detection wins,
/// and the run says so.
#[test]
fn a_reliable_detection_beats_a_wrong_stated_language_with_a_warning() {
    let env = Env::empty();
    let german =
        std::fs::read_to_string(common::fixtures().join("languages/de-windkraft.txt")).unwrap();
    let (title, body) = german.split_once("\n\n").unwrap();
    env.write(
        "template-en.html",
        format!(
            "<!DOCTYPE html><html lang=\"en-US\"><head><meta charset=\"utf-8\">\
             <title>{title}</title></head><body><main><article><h1>{title}</h1>\
             <p>{body}</p><p>{body}</p></article></main></body></html>"
        ),
    );
    let report = env.index();
    assert_eq!(report.added, 1, "{report:?}");
    assert_eq!(lang_of(&env, "template-en.html").as_deref(), Some("de"));
    let warned = report.warnings.iter().any(|w| {
        w.path == "template-en.html" && w.message.contains("`en`") && w.message.contains("`de`")
    });
    assert!(warned, "{:?}", report.warnings);
}

/// Too short to detect: what the file states (each way a format states
/// it), else `[language] default`, else `en`.
#[test]
fn short_articles_take_the_stated_language_then_the_default() {
    let env = Env::empty();
    env.write(
        "stated.md",
        "---\ntitle: Kurz\nlanguage: de-AT\n---\nZwei Sätze nur. Mehr nicht.\n",
    );
    env.write(
        "stated.json",
        r#"{"title": "Bref", "body": "Deux phrases. Pas plus.", "lang": "fr-CA"}"#,
    );
    env.write("plain.txt", "Short\n\nTwo sentences only. No more.\n");
    env.write("norsk/atlas.toml", "[language]\ndefault = \"nb\"\n");
    env.write("norsk/kort.txt", "Kort\n\nTo setninger. Ikke mer.\n");
    let report = env.index();
    assert_eq!(report.added, 4, "{report:?}");
    assert_eq!(lang_of(&env, "stated.md").as_deref(), Some("de"));
    assert_eq!(lang_of(&env, "stated.json").as_deref(), Some("fr"));
    assert_eq!(lang_of(&env, "plain.txt").as_deref(), Some("en"));
    assert_eq!(lang_of(&env, "norsk/kort.txt").as_deref(), Some("no"));
}

#[test]
fn a_fixed_language_is_never_detected_over() {
    let env = Env::empty();
    env.copy_fixture("languages", "");
    env.write("atlas.toml", "[language]\nfixed = \"pt\"\n");
    env.index();
    assert_eq!(lang_of(&env, "de-windkraft.txt").as_deref(), Some("pt"));
    assert_eq!(lang_of(&env, "ja-tokyo.txt").as_deref(), Some("pt"));
}

#[test]
fn a_bad_language_code_in_the_config_is_an_error() {
    let env = Env::empty();
    env.write("a.txt", "Title\n\nBody text.\n");
    env.write(
        "atlas.toml",
        "[desk]\nfrom = \"directory\"\n\n[language]\ndefault = \"english\"\n",
    );
    env.run(&["index", "corpus"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("atlas.toml, line 5"))
        .stderr(predicate::str::contains("[language] default"));
}

/// `här` written decomposed (`a` + U+0308, as macOS and some CMS exports
/// store it) is one word, found by the composed spelling and shown composed.
#[test]
fn decomposed_text_is_composed_when_parsed() {
    let env = Env::empty();
    env.write(
        "nfd.txt",
        "Ha\u{308}r i stan\n\nDe flesta bor ha\u{308}r sedan la\u{308}nge.\n",
    );
    env.write("other.txt", "Other\n\nNothing about it.\n");
    let report: IndexReport = env.index();
    assert_eq!(report.added, 2);
    assert_eq!(env.ids(&["här"]), vec!["nfd.txt".to_string()]);
    let article: Article = env.json(&["show", "nfd.txt", "--format", "json"]);
    assert_eq!(article.title, "Här i stan");
    assert!(
        article.body.contains("bor här sedan länge"),
        "{}",
        article.body
    );
}

/// The fixture files written in any of `langs` (their names say which).
fn written_in(env: &Env, langs: &[&str]) -> Vec<String> {
    let mut ids: Vec<String> = std::fs::read_dir(env.corpus())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|f| langs.iter().any(|l| f.starts_with(&format!("{l}-"))))
        .collect();
    ids.sort();
    ids
}

fn sorted(mut ids: Vec<String>) -> Vec<String> {
    ids.sort();
    ids
}

#[test]
fn lang_flag_and_lang_field_filter_by_language() {
    let env = Env::with_fixture("languages");
    env.index();
    assert_eq!(
        sorted(env.ids(&["--lang", "de"])),
        written_in(&env, &["de"])
    );
    assert_eq!(
        sorted(env.ids(&["--lang", "ru", "--lang", "pt-BR"])),
        written_in(&env, &["ru", "pt"])
    );
    assert_eq!(sorted(env.ids(&["lang:ja"])), written_in(&env, &["ja"]));
    assert_eq!(
        sorted(env.ids(&["lang:es OR language:it"])),
        written_in(&env, &["es", "it"])
    );
    let all = env.ids(&[]);
    let not_english = sorted(env.ids(&["-lang:en"]));
    assert_eq!(
        not_english.len(),
        all.len() - written_in(&env, &["en"]).len()
    );
    assert!(env.ids(&["--lang", "xx"]).is_empty());
    // A filter: it changes no score. `regierungen` (German text) is found
    // only with the German article.
    let scored = env.search(&["bundesregierung"]);
    let filtered = env.search(&["bundesregierung", "lang:de"]);
    assert_eq!(scored.hits.len(), 1);
    assert_eq!(filtered.hits[0].score, scored.hits[0].score);
    assert_eq!(filtered.hits[0].lang.as_deref(), Some("de"));
    env.run(&["search", "lang:english"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a language code"));
}

#[test]
fn json_and_csv_carry_the_language() {
    let env = Env::with_fixture("languages");
    env.index();
    let results = env.search(&["--limit", "100"]);
    assert!(results.hits.len() >= 24);
    for hit in &results.hits {
        let written_in = hit.id.split('-').next().unwrap();
        assert_eq!(hit.lang.as_deref(), Some(written_in), "{}", hit.id);
    }
    let out = env
        .run(&["search", "--format", "csv", "lang:el"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let lang = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "lang")
        .expect("a lang column");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert!(!rows.is_empty());
    for row in &rows {
        assert_eq!(&row[lang], "el", "{row:?}");
    }
}

/// `stats` and `--facets` count articles per language; the counts are the
/// fixture's own, by file name.
#[test]
fn stats_and_facets_count_languages() {
    let env = Env::with_fixture("languages");
    env.write("de-kurz.md", "---\ntitle: Kurz\nlang: de\n---\nEin Satz.\n");
    env.index();
    let mut expected: std::collections::BTreeMap<String, u64> = Default::default();
    for id in env.ids(&[]) {
        *expected
            .entry(id.split('-').next().unwrap().to_string())
            .or_default() += 1;
    }
    assert_eq!(expected["de"], 2);
    let stats: common::Stats = env.json(&["stats", "--format", "json"]);
    assert_eq!(stats.languages, expected);
    let faceted = env.search(&["--facets", "--limit", "0", "-lang:ko"]);
    let mut without_korean = expected.clone();
    without_korean.remove("ko");
    assert_eq!(faceted.facets.unwrap().lang, without_korean);
    env.run(&["stats"])
        .assert()
        .success()
        .stdout(predicate::str::contains("languages:  de (2)"));
}
