//! Every language the archive is written in (SPEC), searched: each
//! article is analysed in its own language, and a query word is analysed
//! in every language the index holds.
//!
//! `tests/fixtures/multilingual`: news articles in German, French, Spanish,
//! Russian, Chinese, Japanese, Korean and English, written for these tests.
//! Expected hit sets come from a brute-force scan of the fixture files that
//! calls the stemmer crate (frostem) directly on words cut and folded by
//! tantivy's own `SimpleTokenizer`, `LowerCaser` and `AsciiFoldingFilter`,
//! never through atlas's analyzers; CJK words are found by substring.

mod common;

use atlas_search::request::Related;
use std::collections::{BTreeMap, BTreeSet};

use common::scan::{self, folded_words, is_cjk, stem};
use common::{Article, Env};

struct Doc {
    lang: String,
    text: String,
}

/// Every fixture article with the language atlas gave it (`show`).
fn docs(env: &Env) -> BTreeMap<String, Doc> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(env.corpus()).unwrap() {
        let entry = entry.unwrap();
        let id = entry.file_name().to_string_lossy().into_owned();
        let article: Article = env.json(&["show", &id, "--format", "json"]);
        let lang = article.lang.expect("every article has a language");
        assert_eq!(Some(lang.as_str()), id.split('-').next(), "{id}");
        let text = std::fs::read_to_string(entry.path()).unwrap();
        out.insert(id, Doc { lang, text });
    }
    out
}

/// Does `doc` hold the words of `query` (one word, or a phrase) in a row,
/// each matching in the doc's own language?
fn holds(doc: &Doc, query: &str) -> bool {
    scan::holds(&doc.lang, &doc.text, query)
}

fn expected(docs: &BTreeMap<String, Doc>, query: &str, langs: &[&str]) -> BTreeSet<String> {
    (docs.iter())
        .filter(|(_, d)| langs.is_empty() || langs.contains(&d.lang.as_str()))
        .filter(|(_, d)| holds(d, query))
        .map(|(id, _)| id.clone())
        .collect()
}

fn found(env: &Env, args: &[&str]) -> BTreeSet<String> {
    env.ids(args).into_iter().collect()
}

fn indexed() -> (Env, BTreeMap<String, Doc>) {
    let env = Env::with_fixture("multilingual");
    let report = env.index();
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    let docs = docs(&env);
    assert!(docs.len() >= 20, "{}", docs.len());
    (env, docs)
}

#[test]
fn inflected_words_find_their_own_language_like_a_brute_force_scan() {
    let (env, docs) = indexed();
    let queries = [
        "Regierungen",
        "Regierung",
        "Wahlen",
        "beschlossen",
        "Länder",
        "landers",
        "grèves",
        "élection",
        "syndicat",
        "gouvernements",
        "elección",
        "gobiernos",
        "правительства",
        "выборах",
        "морозы",
        "government",
        "strikes",
        "harbour",
    ];
    let mut several = 0;
    for q in queries {
        let want = expected(&docs, q, &[]);
        several += usize::from(want.len() >= 2);
        assert_eq!(found(&env, &[q]), want, "{q}");
    }
    // The scan must find things for the comparison to mean anything.
    assert!(several >= 6, "{several}");
    // German `Regierungen` finds `Regierung` (the English stemmer did not).
    assert!(expected(&docs, "Regierungen", &[]).contains("de-landtagswahl.txt"));
}

/// A query typed decomposed (NFD, as macOS text may be) is read as NFC.
#[test]
fn a_decomposed_query_finds_what_the_composed_one_does() {
    let (env, docs) = indexed();
    let composed = "Länder";
    let decomposed = "La\u{308}nder";
    assert_ne!(composed, decomposed);
    let want = expected(&docs, composed, &[]);
    assert!(!want.is_empty());
    assert_eq!(found(&env, &[decomposed]), want);
}

#[test]
fn phrases_match_in_each_articles_language() {
    let (env, docs) = indexed();
    for phrase in [
        "neue Regierung",
        "neuen Regeln",
        "élections municipales",
        "élection municipale",
        "выборов в городскую думу",
        "lista de espera",
        "listas de espera",
    ] {
        let want = expected(&docs, phrase, &[]);
        assert!(!want.is_empty(), "{phrase}");
        assert_eq!(found(&env, &[&format!("\"{phrase}\"")]), want, "{phrase}");
    }
}

#[test]
fn cjk_words_of_one_two_and_more_characters_are_found() {
    let (env, docs) = indexed();
    let mut sizes = Vec::new();
    for q in [
        "北京",
        "京",
        "南京",
        "東京",
        "京都",
        "就业",
        "国务院",
        "知事",
        "記者会見",
        "정부",
        "육아휴직",
        "雨",
    ] {
        let want = expected(&docs, q, &[]);
        assert!(!want.is_empty(), "{q}");
        sizes.push((q, want.len()));
        assert_eq!(found(&env, &[q]), want, "{q}");
    }
    // One character finds every word holding it: 京 is in 北京, 南京, 東京, 京都.
    assert!(expected(&docs, "京", &[]).len() >= 4, "{sizes:?}");
    assert_eq!(expected(&docs, "北京", &[]).len(), 1, "{sizes:?}");
}

#[test]
fn lang_restricts_the_analysis_and_the_hits() {
    let (env, docs) = indexed();
    for q in ["Regierungen", "gouvernements", "京", "government"] {
        for langs in [&["de"][..], &["fr"], &["zh", "ja"], &["en"], &["de", "en"]] {
            let mut args = vec![q];
            for l in langs {
                args.extend(["--lang", l]);
            }
            assert_eq!(
                found(&env, &args),
                expected(&docs, q, langs),
                "{q} {langs:?}"
            );
        }
        let query = format!("{q} lang:de");
        assert_eq!(
            found(&env, &[&query]),
            expected(&docs, q, &["de"]),
            "{query}"
        );
    }
}

#[test]
fn prefixes_match_words_as_written_in_every_language() {
    let (env, docs) = indexed();
    for prefix in ["regier", "elect", "gobi", "выбор"] {
        let want: BTreeSet<String> = (docs.iter())
            .filter(|(_, d)| folded_words(&d.text).iter().any(|w| w.starts_with(prefix)))
            .map(|(id, _)| id.clone())
            .collect();
        assert!(!want.is_empty(), "{prefix}");
        assert_eq!(found(&env, &[&format!("{prefix}*")]), want, "{prefix}");
    }
}

/// What lights up in a German hit is the German stem of the query word.
#[test]
fn snippets_highlight_in_the_articles_own_language() {
    let (env, _) = indexed();
    let results = env.search(&["Regierungen", "--lang", "de"]);
    assert!(results.hits.len() >= 2, "{:?}", results.hits);
    for hit in &results.hits {
        assert!(!hit.highlights.is_empty(), "{}: {}", hit.id, hit.snippet);
        for &(from, to) in &hit.highlights {
            let word = &hit.snippet[from..to];
            let stems: Vec<String> = folded_words(word).iter().map(|w| stem("de", w)).collect();
            assert_eq!(stems, [stem("de", "regierungen")], "{}: {word}", hit.id);
        }
    }
    let results = env.search(&["北京"]);
    assert_eq!(results.hits.len(), 1);
    let hit = &results.hits[0];
    let lit: Vec<&str> = (hit.highlights.iter())
        .map(|&(a, b)| &hit.snippet[a..b])
        .collect();
    assert!(
        !lit.is_empty() && lit.iter().all(|w| *w == "北京"),
        "{lit:?}"
    );
}

#[test]
fn related_reads_an_article_in_its_own_analysis() {
    let (env, _) = indexed();
    // Terms picked by another analysis than the article's own would not
    // exist in the index (non-English terms carry their language's mark),
    // so nothing would be related.
    let related: Related = env.json(&["related", "de-landtagswahl.txt", "--format", "json"]);
    assert!(!related.related.is_empty(), "{related:?}");
    for hit in &related.related {
        assert!(hit.id.starts_with("de-"), "{}", hit.id);
    }
}

/// A Japanese report on Beijing's metro: Han words it shares with the
/// Chinese one (`北京`, `交通`, `安全`), and a topic of its own.
const JA_BEIJING: &str = "北京の地下鉄に新路線、年末に開業へ

北京市の交通当局は、市の北部を走る地下鉄の新しい路線を年末までに開業させると発表した。全長はおよそ三十キロで、二十の駅が設けられる。北京では朝夕の交通渋滞が深刻で、新路線によって北部地区の混雑が和らぐと期待されている。当局は開業前に安全点検を徹底するとしており、北京を訪れる日本人観光客にとっても便利になりそうだ。
";

/// Chinese, Japanese and Korean share one analysis (no stemmer): a Han
/// bigram, a number or a Latin word is the same term in each. Related
/// coverage stays in the article's own language all the same, as a German
/// article's does (its terms carry the German mark).
#[test]
fn related_stays_in_the_articles_own_language_across_cjk() {
    let env = Env::with_fixture("multilingual");
    env.write("ja-beijing-metro.txt", JA_BEIJING);
    env.index();
    let shown: Article = env.json(&["show", "ja-beijing-metro.txt", "--format", "json"]);
    assert_eq!(shown.lang.as_deref(), Some("ja"));
    // The Japanese and the Chinese report share terms: a leak could show.
    let shared = found(&env, &["北京 交通 安全"]);
    assert!(shared.contains("ja-beijing-metro.txt"), "{shared:?}");
    assert!(shared.contains("zh-beijing-metro.txt"), "{shared:?}");
    let mut with_related = 0;
    for entry in std::fs::read_dir(env.corpus()).unwrap() {
        let id = entry.unwrap().file_name().to_string_lossy().into_owned();
        let lang = id.split('-').next().unwrap().to_string();
        if !["zh", "ja", "ko"].contains(&lang.as_str()) {
            continue;
        }
        let related: Related = env.json(&["related", &id, "--format", "json"]);
        with_related += usize::from(!related.related.is_empty());
        for hit in &related.related {
            assert!(hit.id.starts_with(&format!("{lang}-")), "{id}: {}", hit.id);
        }
    }
    assert!(with_related >= 4, "{with_related}");
}

/// Does `doc` hold `query`'s words in a row, the last one only as the
/// start of a word (as written) and the others in the doc's own language?
/// CJK text holds it when it holds the characters (no spaces to end a word).
fn holds_prefix(doc: &Doc, query: &str) -> bool {
    if query.chars().any(is_cjk) && doc.lang != "en" {
        return doc.text.contains(query);
    }
    let wanted = folded_words(query);
    let Some((last, head)) = wanted.split_last() else {
        return false;
    };
    let head: Vec<String> = head.iter().map(|w| stem(&doc.lang, w)).collect();
    let words = folded_words(&doc.text);
    words.windows(wanted.len()).any(|w| {
        let (start, end) = w.split_at(head.len());
        start
            .iter()
            .map(|x| stem(&doc.lang, x))
            .eq(head.iter().cloned())
            && end[0].starts_with(last)
    })
}

/// Prefixes that are several words (`d'électri*`, `"die Regier"*`) or CJK
/// words longer than a bigram (`東京都*`) match in each article's own
/// language, like a brute-force scan.
#[test]
fn phrase_and_cjk_prefixes_match_in_every_language() {
    let (env, docs) = indexed();
    for (query, written) in [
        ("東京都*", "東京都"),
        ("少子化*", "少子化"),
        ("d'électri*", "d'électri"),
        ("\"die Regier\"*", "die Regier"),
        ("\"neue Reg\"*", "neue Reg"),
        ("\"北京地\"*", "北京地"),
        ("\"北京\"*", "北京"),
        ("京*", "京"),
    ] {
        let want: BTreeSet<String> = (docs.iter())
            .filter(|(_, d)| holds_prefix(d, written))
            .map(|(id, _)| id.clone())
            .collect();
        assert!(!want.is_empty(), "{query}");
        assert_eq!(found(&env, &[query]), want, "{query}");
    }
}

/// The strings lit in every hit of `args`.
fn lit(env: &Env, args: &[&str]) -> Vec<String> {
    let results = env.search(args);
    assert!(!results.hits.is_empty(), "{args:?}");
    (results.hits.iter())
        .flat_map(|h| {
            h.highlights
                .iter()
                .map(|&(a, b)| h.snippet[a..b].to_string())
        })
        .collect()
}

/// CJK highlights light what the query matched: a character alone, a
/// word (its bigrams), not every character of it; an elided phrase whole.
#[test]
fn cjk_and_elided_highlights_light_only_what_matched() {
    let (env, _) = indexed();
    for (query, allowed) in [
        ("京", &["京"][..]),
        ("北京*", &["北京"]),
        ("\"北京地铁\"~2", &["北京", "京地", "地铁"]),
        ("\"交通 压力\"", &["交通压力"]),
        ("\"d'électricité\"", &["d'électricité"]),
    ] {
        let got = lit(&env, &[query]);
        assert!(!got.is_empty(), "{query}");
        for s in &got {
            assert!(allowed.contains(&s.as_str()), "{query}: {s} in {got:?}");
        }
    }
}
