//! Language detectors on labelled real text (see samples.py): accuracy per
//! language for short (~20 words) and long (~200 words) samples, how often
//! each detector calls itself sure and how often it is then right, and speed.
//!
//! usage: langdetect-bench samples.jsonl

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use lingua::{Language, LanguageDetectorBuilder};
use serde::Deserialize;

#[derive(Deserialize)]
struct Sample {
    lang: String,
    source: String,
    kind: String,
    text: String,
}

/// The languages of the samples, as lingua names them (what the lingua
/// build below knows: the bench enables only these models).
const LINGUA: &[Language] = &[
    Language::Arabic,
    Language::Catalan,
    Language::Chinese,
    Language::Czech,
    Language::Danish,
    Language::Dutch,
    Language::English,
    Language::Finnish,
    Language::French,
    Language::German,
    Language::Greek,
    Language::Hebrew,
    Language::Hindi,
    Language::Hungarian,
    Language::Indonesian,
    Language::Italian,
    Language::Japanese,
    Language::Korean,
    Language::Bokmal,
    Language::Nynorsk,
    Language::Persian,
    Language::Polish,
    Language::Portuguese,
    Language::Romanian,
    Language::Russian,
    Language::Spanish,
    Language::Swedish,
    Language::Tamil,
    Language::Turkish,
    Language::Ukrainian,
    Language::Vietnamese,
    Language::Thai,
];

fn whatlang_code(lang: whatlang::Lang) -> String {
    let code = lang.code();
    let two = match code {
        "eng" => "en",
        "deu" => "de",
        "fra" => "fr",
        "spa" => "es",
        "ita" => "it",
        "por" => "pt",
        "nld" => "nl",
        "swe" => "sv",
        "dan" => "da",
        "nob" => "no",
        "fin" => "fi",
        "pol" => "pl",
        "ces" => "cs",
        "rus" => "ru",
        "ukr" => "uk",
        "ell" => "el",
        "tur" => "tr",
        "ara" => "ar",
        "heb" => "he",
        "hun" => "hu",
        "ron" => "ro",
        "cmn" => "zh",
        "jpn" => "ja",
        "kor" => "ko",
        "pes" => "fa",
        "hin" => "hi",
        "ind" => "id",
        "cat" => "ca",
        "vie" => "vi",
        "tam" => "ta",
        other => other,
    };
    two.to_string()
}

fn whichlang_code(lang: whichlang::Lang) -> String {
    let two = match lang.three_letter_code() {
        "ara" => "ar",
        "cmn" => "zh",
        "deu" => "de",
        "eng" => "en",
        "fra" => "fr",
        "hin" => "hi",
        "ita" => "it",
        "jpn" => "ja",
        "kor" => "ko",
        "nld" => "nl",
        "por" => "pt",
        "rus" => "ru",
        "spa" => "es",
        "swe" => "sv",
        "tur" => "tr",
        "vie" => "vi",
        other => other,
    };
    two.to_string()
}

fn lingua_code(lang: Language) -> String {
    match lang.iso_code_639_1().to_string().as_str() {
        "nb" | "nn" => "no".to_string(),
        other => other.to_string(),
    }
}

/// One detector's answer: the code and a confidence in 0..=1 (whichlang
/// has none: always 1).
type Detect<'a> = Box<dyn Fn(&str) -> Option<(String, f64)> + 'a>;

#[derive(Default)]
struct Score {
    n: usize,
    right: usize,
    sure: usize,
    sure_right: usize,
    time: Duration,
}

fn main() {
    let path = std::env::args().nth(1).expect("usage: langdetect-bench samples.jsonl");
    let samples: Vec<Sample> = std::fs::read_to_string(&path)
        .expect("read samples")
        .lines()
        .map(|l| serde_json::from_str(l).expect("sample"))
        .collect();
    let threshold: f64 = std::env::var("LINGUA_SURE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0.5);
    let whatlang_sure: f64 = std::env::var("WHATLANG_SURE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0.9);
    let started = Instant::now();
    let lingua = LanguageDetectorBuilder::from_languages(LINGUA)
        .with_preloaded_language_models()
        .build();
    let lingua_load = started.elapsed();
    let lingua_low = LanguageDetectorBuilder::from_languages(LINGUA)
        .with_preloaded_language_models()
        .with_low_accuracy_mode()
        .build();
    let allow: Vec<whatlang::Lang> = whatlang::Lang::all()
        .iter()
        .copied()
        .filter(|l| whatlang_code(*l).len() == 2)
        .collect();
    let whatlang_30 = whatlang::Detector::with_allowlist(allow);
    let detectors: Vec<(&str, Detect)> = vec![
        (
            "whatlang",
            Box::new(|t: &str| {
                whatlang::detect(t).map(|i| (whatlang_code(i.lang()), i.confidence()))
            }),
        ),
        (
            "whatlang-30",
            Box::new(|t: &str| {
                whatlang_30
                    .detect(t)
                    .map(|i| (whatlang_code(i.lang()), i.confidence()))
            }),
        ),
        (
            "lingua",
            Box::new(|t: &str| {
                lingua
                    .compute_language_confidence_values(t)
                    .first()
                    .map(|(l, c)| (lingua_code(*l), *c))
            }),
        ),
        (
            "lingua-low",
            Box::new(|t: &str| {
                lingua_low
                    .compute_language_confidence_values(t)
                    .first()
                    .map(|(l, c)| (lingua_code(*l), *c))
            }),
        ),
        (
            "whichlang",
            Box::new(|t: &str| Some((whichlang_code(whichlang::detect_language(t)), 1.0))),
        ),
    ];
    println!("lingua: {} languages preloaded in {lingua_load:.2?}", LINGUA.len());
    println!("sure = whatlang confidence > {whatlang_sure} (0.9: its is_reliable) / lingua top confidence >= {threshold}");
    // (detector, kind, lang) -> score
    let mut scores: BTreeMap<(String, String, String), Score> = BTreeMap::new();
    for (name, detect) in &detectors {
        for s in &samples {
            let t0 = Instant::now();
            let got = detect(&s.text);
            let dt = t0.elapsed();
            let right = got.as_ref().is_some_and(|(c, _)| *c == s.lang);
            let sure_wrong = !right && got.as_ref().is_some_and(|(_, c)| *c > whatlang_sure);
            if sure_wrong && *name == "whatlang" && std::env::var_os("MISSES").is_some() {
                let head: String = s.text.chars().take(90).collect();
                eprintln!("{}-{} {} -> {:?}: {head}", s.source, s.kind, s.lang, got);
            }
            let sure = got.as_ref().is_some_and(|(_, conf)| match *name {
                "whatlang" | "whatlang-30" => *conf > whatlang_sure,
                _ => *conf >= threshold,
            });
            for lang in [s.lang.as_str(), "ALL"] {
                let key = (name.to_string(), format!("{}-{}", s.source, s.kind), lang.to_string());
                let e = scores.entry(key).or_default();
                e.n += 1;
                e.right += right as usize;
                e.sure += sure as usize;
                e.sure_right += (sure && right) as usize;
                e.time += dt;
            }
        }
    }
    let names: Vec<&str> = detectors.iter().map(|(n, _)| *n).collect();
    for set in ["udhr-short", "udhr-long", "news-short", "news-mid", "news-long", "fix-short"] {
        if !scores.keys().any(|(_, k, _)| k == set) {
            continue;
        }
        println!("\n## {set}: accuracy % (sure %, right when sure %)");
        print!("| lang | n |");
        for n in &names {
            print!(" {n} |");
        }
        println!();
        let langs: Vec<String> = {
            let mut l: Vec<String> = scores
                .keys()
                .filter(|(_, k, _)| k == set)
                .map(|(_, _, l)| l.clone())
                .collect();
            l.sort();
            l.dedup();
            l.retain(|l| l != "ALL");
            l.push("ALL".into());
            l
        };
        for lang in langs {
            let first = &scores[&(names[0].to_string(), set.to_string(), lang.clone())];
            print!("| {lang} | {} |", first.n);
            for n in &names {
                let s = &scores[&(n.to_string(), set.to_string(), lang.clone())];
                let pct = |a: usize, b: usize| if b == 0 { 0.0 } else { 100.0 * a as f64 / b as f64 };
                print!(
                    " {:.0} ({:.0}, {:.0}) |",
                    pct(s.right, s.n),
                    pct(s.sure, s.n),
                    pct(s.sure_right, s.sure)
                );
            }
            println!();
        }
        print!("| µs/sample | |");
        for n in &names {
            let s = &scores[&(n.to_string(), set.to_string(), "ALL".to_string())];
            print!(" {:.0} |", s.time.as_secs_f64() * 1e6 / s.n as f64);
        }
        println!();
    }
}
