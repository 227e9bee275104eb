//! # Fuzzy words and did-you-mean, in process
//!
//! For each word given: `word~1` and `word~2` against the OR of the words
//! each expanded to (the same hits, typed out), and the word itself when it
//! finds nothing (a zero-hit query and its suggestion). Searches go through
//! the local backend (`Backend::search`), as the CLI's do, so suggestions
//! are included. Prints one JSON line per measurement (median / p95 ms):
//!
//! ```text
//! cargo run --release --example fuzzy_latency -- INDEX_DIR RUNS WORD...
//! ```

use std::path::Path;
use std::time::Instant;

use atlas_search::backend::Backend;
use atlas_search::query::fuzzy::{FUZZY_MAX_EXPANSIONS, expand};
use atlas_search::request::SearchRequest;
use atlas_search::store::AtlasIndex;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dir, runs, words @ ..] = args.as_slice() else {
        anyhow::bail!("usage: fuzzy_latency INDEX_DIR RUNS WORD...");
    };
    let runs: usize = runs.parse()?;
    let atlas = AtlasIndex::open(Path::new(dir))?;
    let searcher = atlas.reader()?.searcher();
    for word in words {
        for d in [1u8, 2] {
            let fuzzy = format!("{word}~{d}");
            // What it expands to in the body's words (the widest field).
            let found = expand(
                &searcher,
                atlas.fields.body_words,
                word,
                d,
                FUZZY_MAX_EXPANSIONS,
            );
            let or: Vec<String> = found.iter().map(|e| e.word.clone()).collect();
            time(&atlas, &fuzzy, runs, or.len())?;
            time(&atlas, &or.join(" OR "), runs, or.len())?;
        }
        time(&atlas, word, runs, 0)?;
    }
    Ok(())
}

fn time(atlas: &AtlasIndex, query: &str, runs: usize, words: usize) -> anyhow::Result<()> {
    let req = SearchRequest {
        query: query.to_string(),
        ..SearchRequest::default()
    };
    let first = atlas.search(&req)?;
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        std::hint::black_box(atlas.search(&req)?);
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    let at = |p: f64| times[((times.len() as f64 - 1.0) * p).round() as usize];
    let shown: String = query.chars().take(60).collect();
    let line = serde_json::json!({
        "query": shown,
        "words": words,
        "total_hits": first.total_hits,
        "suggestions": first.suggestions,
        "median_ms": (at(0.5) * 1000.0).round() / 1000.0,
        "p95_ms": (at(0.95) * 1000.0).round() / 1000.0,
    });
    println!("{line}");
    Ok(())
}
