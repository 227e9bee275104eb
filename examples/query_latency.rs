//! # In-process query latency
//!
//! The benchmark harness (`bench/run.sh`) times `atlas search` as a whole
//! process; this example times the same searches inside one process, so the
//! cost of process start, index open and output can be told apart from the
//! cost of the query itself.
//!
//! It opens the index once, then for each query runs it once (`first_ms`:
//! the first run after the index is opened, with cold caches inside tantivy)
//! and then `RUNS` more times, and prints one JSON line per query with the
//! median and 95th percentile in milliseconds:
//!
//! ```text
//! cargo run --release --example query_latency -- INDEX_DIR QUERIES_FILE [RUNS]
//! ```
//!
//! `QUERIES_FILE` holds one query per line: either a plain query string, or
//! a JSON object `{"class": "...", "q": "...", "desk": "...", "since": "...",
//! "until": "..."}` (the format of `bench/queries.jsonl`; only `q` is
//! required). Blank lines and lines starting with `#` are skipped.

use std::path::Path;
use std::time::Instant;

use atlas_search::request::SearchRequest;
use atlas_search::search::search;
use atlas_search::store::AtlasIndex;

/// One line of the queries file.
#[derive(serde::Deserialize)]
struct QueryLine {
    #[serde(default)]
    class: Option<String>,
    q: String,
    #[serde(default)]
    desk: Option<String>,
    #[serde(default)]
    since: Option<String>,
    #[serde(default)]
    until: Option<String>,
}

fn parse_line(line: &str) -> anyhow::Result<QueryLine> {
    if line.trim_start().starts_with('{') {
        Ok(serde_json::from_str(line)?)
    } else {
        Ok(QueryLine {
            class: None,
            q: line.trim().to_string(),
            desk: None,
            since: None,
            until: None,
        })
    }
}

/// The value at quantile `p` of sorted samples (nearest rank).
fn quantile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 {
        anyhow::bail!("usage: query_latency INDEX_DIR QUERIES_FILE [RUNS]");
    }
    let runs: usize = args.get(2).map_or(Ok(20), |s| s.parse())?;
    let queries: Vec<QueryLine> = std::fs::read_to_string(&args[1])?
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(parse_line)
        .collect::<anyhow::Result<_>>()?;

    // Open once: this is what a long-running caller would pay once.
    let t0 = Instant::now();
    let atlas = AtlasIndex::open(Path::new(&args[0]))?;
    let searcher = atlas.reader()?.searcher();
    let open_ms = ms(t0);

    for (i, q) in queries.iter().enumerate() {
        let req = SearchRequest {
            query: q.q.clone(),
            desks: q.desk.iter().cloned().collect(),
            since: q.since.clone(),
            until: q.until.clone(),
            limit: 10,
            ..SearchRequest::default()
        };
        let t = Instant::now();
        let first = search(&searcher, atlas.fields, &req)?;
        let first_ms = ms(t);
        let mut times = Vec::with_capacity(runs);
        for _ in 0..runs {
            let t = Instant::now();
            std::hint::black_box(search(&searcher, atlas.fields, &req)?);
            times.push(ms(t));
        }
        times.sort_by(f64::total_cmp);
        let mut line = serde_json::json!({
            "class": q.class,
            "query": q.q,
            "total_hits": first.total_hits,
            "runs": runs,
            "first_ms": round3(first_ms),
            "median_ms": round3(quantile(&times, 0.5)),
            "p95_ms": round3(quantile(&times, 0.95)),
        });
        if i == 0 {
            line["open_ms"] = round3(open_ms).into();
        }
        println!("{line}");
    }
    Ok(())
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}
