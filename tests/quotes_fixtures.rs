//! The quote extractor on the hand-labelled fixtures
//! (`tests/fixtures/quotes/labels.json`, written before the extractor):
//! each article parsed as `atlas index` parses it, its quotes extracted in
//! its language. SPEC's figures (precision, recall, speaker accuracy) are
//! benchmark numbers (`bench/quotes_eval.py`, BENCHMARKS.md); here they
//! only guard against a regression, and the hard cases are checked one
//! by one.

use std::collections::HashMap;

use atlas_search::quotes::{Quote, extract};
use serde::Deserialize;

#[derive(Deserialize)]
struct Labels {
    articles: Vec<Labelled>,
}

#[derive(Deserialize)]
struct Labelled {
    file: String,
    quotes: Vec<Gold>,
}

#[derive(Deserialize, Clone)]
struct Gold {
    text: String,
    speaker: Option<String>,
}

fn dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/quotes")
}

fn labels() -> Labels {
    serde_json::from_str(&std::fs::read_to_string(dir().join("labels.json")).unwrap()).unwrap()
}

/// The article's body and its quotes, as the indexer would store them.
fn extracted(file: &str) -> (String, Vec<Quote>) {
    let parsed = atlas_search::parse::parse(file, &std::fs::read(dir().join(file)).unwrap());
    let a = &parsed.articles[0].article;
    let quotes = extract(&a.body, a.lang.as_deref().unwrap_or("en"));
    (a.body.clone(), quotes)
}

fn words(s: &str) -> HashMap<String, usize> {
    let mut m = HashMap::new();
    for w in s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        *m.entry(w.to_lowercase()).or_insert(0) += 1;
    }
    m
}

/// SPEC's match: the two share at least 90 % of the longer one's words.
fn same_quote(a: &str, b: &str) -> bool {
    let (wa, wb) = (words(a), words(b));
    let shared: usize = wa
        .iter()
        .map(|(w, n)| (*n).min(*wb.get(w).unwrap_or(&0)))
        .sum();
    let longer = wa.values().sum::<usize>().max(wb.values().sum());
    longer > 0 && shared * 10 >= longer * 9
}

fn find<'a>(quotes: &'a [Quote], start: &str) -> &'a Quote {
    quotes
        .iter()
        .find(|q| q.text.starts_with(start))
        .unwrap_or_else(|| panic!("no quote starting {start:?} in {quotes:#?}"))
}

#[test]
fn overall_quality_stays_above_its_floor() {
    let (mut found, mut gold, mut matched, mut right) = (0, 0, 0, 0);
    for art in labels().articles {
        let (_, quotes) = extracted(&art.file);
        found += quotes.len();
        gold += art.quotes.len();
        let mut used = vec![false; art.quotes.len()];
        for q in &quotes {
            if let Some(i) = (0..art.quotes.len())
                .find(|&i| !used[i] && same_quote(&q.text, &art.quotes[i].text))
            {
                used[i] = true;
                matched += 1;
                let norm = |s: &Option<String>| {
                    s.as_ref().map(|s| {
                        s.to_lowercase()
                            .trim_start_matches("the ")
                            .trim_start_matches("a ")
                            .to_string()
                    })
                };
                right += (norm(&q.speaker) == norm(&art.quotes[i].speaker)) as usize;
            }
        }
    }
    let (p, r) = (matched as f64 / found as f64, matched as f64 / gold as f64);
    let f1 = 2.0 * p * r / (p + r);
    let acc = right as f64 / matched as f64;
    eprintln!("precision {p:.3} recall {r:.3} F1 {f1:.3} speakers {acc:.3} ({matched} of {gold})");
    assert!(gold >= 150, "the fixtures hold {gold} labelled quotes");
    assert!(f1 >= 0.95, "quote F1 {f1:.3}");
    assert!(acc >= 0.80, "speaker accuracy {acc:.3}");
}

#[test]
fn no_speaker_that_is_not_in_the_article() {
    for art in labels().articles {
        let (body, quotes) = extracted(&art.file);
        for q in quotes {
            if let Some(s) = &q.speaker {
                assert!(
                    body.contains(s.as_str())
                        || body.contains(&s.replace(' ', " von "))
                        || s.split(' ').all(|w| body.contains(w)),
                    "{}: speaker {s:?} is not in the article",
                    art.file
                );
            }
        }
    }
}

#[test]
fn the_fullest_name_in_the_article() {
    let (_, q) = extracted("en-wire-dam.txt");
    // `Prime Minister Shehbaz Sharif told…`, then `…," he said`.
    assert_eq!(
        find(&q, "We have been patient").speaker.as_deref(),
        Some("Shehbaz Sharif")
    );
    // `Abid told` after `Matiullah Abid` was named.
    assert_eq!(
        find(&q, "Afghanistan has every right").speaker.as_deref(),
        Some("Matiullah Abid")
    );
    let (_, q) = extracted("en-wire-storm.txt");
    assert_eq!(
        find(&q, "We are not out of the woods").speaker.as_deref(),
        Some("Eluned Morgan")
    );
}

#[test]
fn pronouns_are_the_person_last_named() {
    let (_, q) = extracted("en-longform-valley.txt");
    // `she told me`, after `The first thing Maria Hernández noticed…`.
    assert_eq!(
        find(&q, "I thought somebody upstream").speaker.as_deref(),
        Some("Maria Hernández")
    );
    assert_eq!(
        find(&q, "They used to call me").speaker.as_deref(),
        Some("Rodrigo Mundaca")
    );
    let (_, q) = extracted("de-bahn-streik.txt");
    assert_eq!(
        find(&q, "Die Leute arbeiten").speaker.as_deref(),
        Some("Mehmet Yılmaz")
    );
}

#[test]
fn a_quote_continued_over_paragraphs_is_one() {
    let (_, q) = extracted("en-longform-valley.txt");
    let long = find(&q, "We have cut the workers");
    assert!(
        long.text.ends_with("It is in our bank statements."),
        "{long:?}"
    );
    assert_eq!(long.speaker.as_deref(), Some("Tomás Hernández"));
}

#[test]
fn an_unbalanced_mark_stops_at_its_paragraph() {
    let (_, q) = extracted("en-wire-hardcases.txt");
    let open = find(&q, "I have never seen anything");
    assert!(open.text.ends_with("public audit work."), "{open:?}");
    let open = find(&q, "Now I know why");
    assert!(!open.text.contains("sceptical"), "{open:?}");
}

#[test]
fn apostrophes_and_short_quotes_are_not_quotes() {
    let (_, q) = extracted("en-british-council.txt");
    assert!(
        q.iter()
            .all(|x| !x.text.contains("90s") && x.text != "fundamentally flawed"),
        "{q:#?}"
    );
    assert!(q.iter().any(|x| x.text == "cut to the bone"));
    let (_, q) = extracted("en-wire-hardcases.txt");
    assert!(
        q.iter()
            .all(|x| x.text != "missing" && x.text != "chaotic" && x.text != "Bobby")
    );
}

#[test]
fn french_spanish_and_german_marks_and_verbs() {
    let (_, q) = extracted("fr-retraites.txt");
    assert_eq!(
        find(&q, "Nous ne voulons pas").speaker.as_deref(),
        Some("Laurent Berger")
    );
    assert_eq!(
        find(&q, "le dialogue n'a jamais").speaker.as_deref(),
        Some("Olivier Dussopt")
    );
    let (_, q) = extracted("es-sequia.txt");
    assert_eq!(
        find(&q, "Estamos ante la peor").speaker.as_deref(),
        Some("Pere Aragonès")
    );
    let (_, q) = extracted("de-interview-klima.txt");
    assert_eq!(
        find(&q, "Man muss aufpassen").speaker.as_deref(),
        Some("Hans von Storch")
    );
}

#[test]
fn a_huge_unclosed_quote_and_a_transcript_stay_bounded() {
    let huge = format!("“{}", "word ".repeat(1_000_000));
    let t = std::time::Instant::now();
    let q = extract(&huge, "en");
    assert_eq!(q.len(), 1);
    assert!(t.elapsed().as_secs() < 10);
    let transcript: String = (0..2000)
        .map(|i| format!("“Answer number {i} goes on for a while.\n\n"))
        .collect();
    let q = extract(&transcript, "en");
    assert_eq!(q.len(), 1, "one quotation continued over every paragraph");
}
