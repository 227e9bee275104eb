//! `atlas quotes`, `speaker:`/`quote:` in searches, `quotes` in `show`,
//! incremental updates and alerts, through the real binary on the
//! hand-labelled fixture articles (`tests/fixtures/quotes/`). Expected
//! sets are computed by scanning every article's stored quotes (`show
//! --format json`), not written down.

mod common;

use std::collections::BTreeSet;

use atlas_search::quotes::{QuotesResults, ShownQuote};
use common::{Env, copy_dir, fixtures};
use serde::Deserialize;

#[derive(Deserialize)]
struct Shown {
    id: String,
    quotes: Vec<QuoteJson>,
}

#[derive(Deserialize, Clone, Debug)]
struct QuoteJson {
    text: String,
    speaker: Option<String>,
}

fn env() -> Env {
    let env = Env::empty();
    copy_dir(&fixtures().join("quotes"), &env.corpus(), &["labels.json"]);
    let report = env.index();
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    env
}

fn ids_of(env: &Env) -> Vec<String> {
    env.ids(&[]).into_iter().collect()
}

/// Every stored quote, by article: what the scans below compare against.
fn all_quotes(env: &Env) -> Vec<(String, QuoteJson)> {
    let mut out = Vec::new();
    for id in env.ids(&["--sort", "oldest"]) {
        let shown: Shown = env.json(&["show", &id, "--format", "json"]);
        out.extend(shown.quotes.into_iter().map(|q| (shown.id.clone(), q)));
    }
    out
}

fn folded_words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn quotes(env: &Env, args: &[&str]) -> QuotesResults {
    let mut all = vec!["quotes", "--format", "json", "--limit", "1000"];
    all.extend_from_slice(args);
    env.json(&all)
}

#[test]
fn quotes_search_speakers_and_the_json_contract() {
    let env = env();
    let stored = all_quotes(&env);
    assert!(stored.len() >= 140, "{} quotes stored", stored.len());

    // --speaker: any word of the name, any case.
    let r = quotes(&env, &["--speaker", "hernández"]);
    let expected = stored
        .iter()
        .filter(|(_, q)| {
            q.speaker
                .as_deref()
                .is_some_and(|s| folded_words(s).contains(&"hernández".to_string()))
        })
        .count();
    assert!(expected >= 5);
    assert_eq!(r.total_quotes, expected);
    assert!(
        r.quotes
            .iter()
            .all(|q| q.speaker.as_deref().unwrap().contains("Hernández"))
    );
    assert!(
        r.quotes
            .iter()
            .all(|q| q.title == "The valley that waited for the water"
                && q.id == "en-longform-valley.txt")
    );

    // A phrase over the quoted words: exactly the quotes holding it.
    let r = quotes(&env, &["\"the snow simply never came\""]);
    assert_eq!(r.total_quotes, 1);
    assert_eq!(r.quotes[0].speaker.as_deref(), Some("Maria Hernández"));

    // Facets count speakers over every match.
    let r: QuotesResults = env.json(&["quotes", "--format", "json", "--facets", "--limit", "0"]);
    assert!(r.quotes.is_empty());
    assert_eq!(r.total_quotes, stored.len());
    let otto = stored
        .iter()
        .filter(|(_, q)| q.speaker.as_deref() == Some("Friederike Otto"))
        .count() as u64;
    assert_eq!(
        r.facets.unwrap().speaker.get("Friederike Otto"),
        Some(&otto)
    );

    // Article filters apply to the quoting article.
    let r = quotes(&env, &["--lang", "fr"]);
    let fr = stored
        .iter()
        .filter(|(id, _)| id.starts_with("fr-"))
        .count();
    assert_eq!(r.total_quotes, fr);
    let r = quotes(&env, &["--author", "daniel okafor"]);
    assert!(
        r.total_quotes > 0
            && r.quotes
                .iter()
                .all(|q| q.authors == vec!["Daniel Okafor".to_string()])
    );
}

#[test]
fn speaker_and_quote_in_searches_equal_a_scan_of_the_quotes() {
    let env = env();
    let stored = all_quotes(&env);
    let scan = |keep: &dyn Fn(&QuoteJson) -> bool| -> BTreeSet<String> {
        stored
            .iter()
            .filter(|(_, q)| keep(q))
            .map(|(id, _)| id.clone())
            .collect()
    };
    let got = |q: &str| -> BTreeSet<String> { env.ids(&[q]).into_iter().collect() };

    let by_weselsky = scan(&|q| q.speaker.as_deref().is_some_and(|s| s.contains("Weselsky")));
    assert_eq!(got("speaker:weselsky"), by_weselsky);
    assert!(!by_weselsky.is_empty());

    // Two words inside one quotation, not across two.
    let both = |q: &QuoteJson| {
        let w = folded_words(&q.text);
        w.contains(&"patience".to_string()) && w.contains(&"weakness".to_string())
    };
    assert_eq!(got("quote:(patience weakness)"), scan(&both));
    assert_eq!(got("quote:(patience weakness)").len(), 1);
    // `water` and `sell` are in one article but in two of its quotes.
    let across = |q: &QuoteJson| {
        let w = folded_words(&q.text);
        w.contains(&"snow".to_string()) && w.contains(&"bucket".to_string())
    };
    assert!(scan(&across).is_empty());
    assert!(got("quote:(snow bucket)").is_empty());
    assert!(got("snow bucket").contains("en-longform-valley.txt"));

    // Mixed with ordinary words and exclusions.
    let all: BTreeSet<String> = ids_of(&env).into_iter().collect();
    let not_weselsky: BTreeSet<String> = all.difference(&by_weselsky).cloned().collect();
    assert_eq!(got("-speaker:weselsky"), not_weselsky);
}

#[test]
fn show_lists_the_quotes_and_csv_jsonl_and_text_carry_them() {
    let env = env();
    let shown: Shown = env.json(&["show", "en-wire-dam.txt", "--format", "json"]);
    assert!(
        shown
            .quotes
            .iter()
            .any(|q| q.speaker.as_deref() == Some("Shehbaz Sharif"))
    );
    let _: Option<ShownQuote> = None;

    let out = env
        .run(&["quotes", "--speaker", "sharif", "--format", "csv"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let mut rdr = csv::Reader::from_reader(&out.stdout[..]);
    assert_eq!(
        rdr.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "rank", "score", "text", "speaker", "id", "title", "date", "desk", "authors", "url"
        ]
    );
    assert_eq!(rdr.records().count(), 2);

    let out = env
        .run(&["quotes", "--speaker", "sharif", "--format", "jsonl"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 2);

    env.run(&["quotes", "patient", "--speaker", "sharif"]).assert().success().stdout(
        predicates::str::contains("“We have been patient. Our patience should not be mistaken for weakness,” — Shehbaz Sharif · Pakistan and Afghanistan trade warnings over Kunar river dam"),
    );
    env.run(&["quotes", "--facets", "--format", "csv"])
        .assert()
        .code(2);
    env.run(&["quotes", "x", "--cluster", "cluster.toml"])
        .assert()
        .code(2);
}

#[test]
fn quotes_follow_their_article_and_alerts_see_them() {
    let env = env();
    env.run(&["alert", "add", "sharif", "speaker:sharif"])
        .assert()
        .success();
    let before = quotes(&env, &["--speaker", "kakakhel"]).total_quotes;
    assert_eq!(before, 1);

    // Changed: the quote is gone, a new one is there.
    let path = env.corpus().join("en-wire-dam.txt");
    let text = std::fs::read_to_string(&path).unwrap().replace(
        "\"There is no agreement, no commission, no data sharing. Nothing,\" according to Shafqat Kakakhel",
        "\"We will go to every court in the world over this,\" according to Shafqat Kakakhel",
    );
    std::fs::write(&path, text).unwrap();
    // A new article quoting Sharif.
    env.write("new-sharif.txt", "Sharif visits the dam\nBy Aisha Raza\n\nPrime Minister Shehbaz Sharif flew to the site on Monday. \"We will build our own dam on the river within five years,\" Sharif said.\n");
    env.index();
    let r = quotes(&env, &["--speaker", "kakakhel"]);
    assert_eq!(r.total_quotes, 1);
    assert!(r.quotes[0].text.starts_with("We will go to every court"));
    assert_eq!(quotes(&env, &["\"no data sharing\""]).total_quotes, 0);

    #[derive(Deserialize)]
    struct Run {
        hits: Vec<common::Hit>,
    }
    let out = env
        .run(&["alert", "run", "sharif", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let run: Run =
        serde_json::from_slice(out.stdout.split(|b| *b == b'\n').next().unwrap()).unwrap();
    let ids: Vec<&str> = run.hits.iter().map(|h| h.id.as_str()).collect();
    assert!(ids.contains(&"new-sharif.txt"), "{ids:?}");

    // Removed: its quotes go with it.
    std::fs::remove_file(env.corpus().join("new-sharif.txt")).unwrap();
    env.index();
    let r = quotes(&env, &["--speaker", "sharif"]);
    assert!(r.quotes.iter().all(|q| q.id != "new-sharif.txt"));
    assert_eq!(r.total_quotes, 2);
}

#[test]
fn the_api_answers_what_the_cli_prints() {
    let env = env();
    let server = common::serve::Server::start(&env);
    let api = server.get("/api/quotes?q=tree&speaker=hern%C3%A1ndez&facets=true&limit=5");
    assert_eq!(api.status, 200, "{}", api.body);
    let cli: serde_json::Value = env.json(&[
        "quotes",
        "tree",
        "--speaker",
        "hernández",
        "--facets",
        "--limit",
        "5",
        "--format",
        "json",
    ]);
    assert_eq!(api.json(), cli);
    assert!(cli["total_quotes"].as_u64().unwrap() > 0);
    server.get("/api/quotes?tag=x").assert_error(400);
    server.get("/api/quotes?limit=1000").assert_error(400);
    // The article's quotes, as `show --format json` gives them.
    let article = server.get("/api/articles/en-wire-dam.txt").json();
    let shown: serde_json::Value = env.json(&["show", "en-wire-dam.txt", "--format", "json"]);
    assert_eq!(article["quotes"], shown["quotes"]);
    assert!(article["quotes"].as_array().unwrap().len() >= 10);
}

#[test]
fn collapse_shows_a_wire_quote_once_and_histogram_counts_by_date() {
    let env = env();
    let dam = std::fs::read_to_string(env.corpus().join("en-wire-dam.txt")).unwrap();
    env.write(
        "copy/dam-local.txt",
        dam.replacen(
            "Pakistan and Afghanistan trade warnings",
            "Local view: Pakistan and Afghanistan trade warnings",
            1,
        ),
    );
    env.write("dated.txt", "Sharif at the dam\nBy Aisha Raza\nDate: 2024-06-29\n\n\"We will finish the survey of the river by the winter,\" Shehbaz Sharif said.\n");
    env.index();
    let all = quotes(&env, &["--speaker", "sharif"]);
    assert_eq!(all.total_quotes, 5, "two in each copy, one dated");
    let collapsed = quotes(&env, &["--speaker", "sharif", "--collapse"]);
    assert_eq!(collapsed.total_quotes, 3);
    for q in collapsed.quotes.iter().filter(|q| q.id != "dated.txt") {
        assert_eq!(q.copies, Some(1), "{q:?}");
        let other = if q.id == "en-wire-dam.txt" {
            "copy/dam-local.txt"
        } else {
            "en-wire-dam.txt"
        };
        assert_eq!(q.copy_ids.as_deref(), Some(&[other.to_string()][..]));
    }
    let h: serde_json::Value = env.json(&[
        "quotes",
        "--speaker",
        "sharif",
        "--histogram",
        "month",
        "--format",
        "json",
    ]);
    assert_eq!(h["histogram"]["2024-06"], 1, "{}", h["histogram"]);
}

#[test]
fn speaker_and_quote_inside_atlas_quotes_apply_to_each_quote() {
    let env = env();
    let stored = all_quotes(&env);
    let texts =
        |r: QuotesResults| -> BTreeSet<String> { r.quotes.into_iter().map(|q| q.text).collect() };
    let scan = |keep: &dyn Fn(&QuoteJson) -> bool| -> BTreeSet<String> {
        stored
            .iter()
            .filter(|(_, q)| keep(q))
            .map(|(_, q)| q.text.clone())
            .collect()
    };
    let weselsky = |q: &QuoteJson| q.speaker.as_deref().is_some_and(|s| s.contains("Weselsky"));
    let by_weselsky = scan(&weselsky);
    assert!(!by_weselsky.is_empty());
    assert_eq!(texts(quotes(&env, &["speaker:weselsky"])), by_weselsky);
    assert_eq!(texts(quotes(&env, &["--speaker", "weselsky"])), by_weselsky);
    assert_eq!(
        texts(quotes(&env, &["--", "-speaker:weselsky"])),
        scan(&|q| !weselsky(q))
    );
    let both = |q: &QuoteJson| {
        let w = folded_words(&q.text);
        w.contains(&"patience".to_string()) && w.contains(&"weakness".to_string())
    };
    assert_eq!(
        texts(quotes(&env, &["quote:(patience weakness)"])),
        scan(&both)
    );
    assert_eq!(scan(&both).len(), 1);
}
