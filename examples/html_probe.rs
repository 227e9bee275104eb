//! # atlas's page reader, page by page, for bench/html_eval.py
//!
//! Reads a list of pages (`NAME<TAB>PATH` lines on stdin), parses each with
//! `atlas_search::parse::parse` exactly as `atlas index` would (the same
//! pure parser, without the index), and prints one JSON line per page: the
//! body, title, authors, date, desk, the skip reason if any, the warnings,
//! and the parse time (best of REPS runs, one core). The harness scores the
//! lines against the dev sets' expected results.
//!
//! Run: `cargo build --release --example html_probe`, then
//! `target/release/examples/html_probe [REPS] < pages.tsv`.

use std::io::{BufRead, Write};
use std::time::Instant;

fn main() {
    let reps: usize = std::env::args()
        .nth(1)
        .and_then(|r| r.parse().ok())
        .unwrap_or(1)
        .max(1);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for line in std::io::stdin().lock().lines() {
        let line = line.expect("stdin");
        let Some((name, path)) = line.split_once('\t') else {
            continue;
        };
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("error: {path}: {e}");
                continue;
            }
        };
        // The page's own file name: `.html` pages keep it, others (a page
        // saved without extension) are read as the web page they are.
        let rel = match path.rsplit('/').next() {
            Some(f) if f.ends_with(".html") || f.ends_with(".htm") => f.to_string(),
            _ => format!("{name}.html"),
        };
        let mut best = f64::MAX;
        let mut parsed = None;
        for _ in 0..reps {
            let t = Instant::now();
            let p = atlas_search::parse::parse(&rel, &bytes);
            best = best.min(t.elapsed().as_secs_f64());
            parsed = Some(p);
        }
        let parsed = parsed.expect("at least one rep");
        let skip = parsed.skipped.first().map(|s| s.reason.to_string());
        let warnings: Vec<&str> = parsed.warnings.iter().map(|w| w.message.as_str()).collect();
        let row = match parsed.articles.first().map(|a| &a.article) {
            Some(a) => serde_json::json!({
                "page": name, "tool": "atlas", "secs": best, "body": a.body,
                "meta": {"title": a.title, "authors": a.authors,
                         "date": a.date.map(|d| d.to_string()), "desk": a.desk},
                "skip": skip, "warnings": warnings,
            }),
            None => serde_json::json!({
                "page": name, "tool": "atlas", "secs": best, "body": "", "meta": {},
                "skip": skip.unwrap_or_else(|| "no article".into()), "warnings": warnings,
            }),
        };
        writeln!(out, "{row}").expect("stdout");
    }
}
