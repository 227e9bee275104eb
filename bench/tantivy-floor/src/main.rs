//! # tantivy-floor: the least a tantivy-based search CLI has to do
//!
//! The atlas benchmark compares `atlas search` with this program because it
//! does the same essential work with nothing else: open the index, parse the
//! query with tantivy's `QueryParser`, collect the top 10 and the count, load
//! the stored fields of the hits and cut one snippet per hit with
//! `SnippetGenerator`, print JSON. Whatever atlas spends beyond this is
//! atlas's own overhead.
//!
//! It also indexes the harness's `peers.jsonl` with a schema like atlas's
//! (stemmed, ASCII-folded title/body/authors with positions, an exact desk
//! key, a fast date), or the same without stemming, so that indexing can be
//! compared on the same analysis.
//!
//! ```text
//! tantivy-floor index  INDEX_DIR PEERS_JSONL [--no-stem] [--threads N] [--heap-mb MB]
//! tantivy-floor search INDEX_DIR QUERY [--desk NAME] [--since DATE] [--until DATE]
//! tantivy-floor bench  INDEX_DIR QUERIES_JSONL RUNS      # in-process latency, JSON lines
//! ```
//! Dates are `YYYY-MM-DD`. A single-word prefix `word*` is turned into a
//! regex query (as atlas does), since `QueryParser` only takes `"phrase"*`.

use std::io::{BufRead, BufReader, Write};
use std::ops::Bound;
use std::path::Path;
use std::time::Instant;

use serde::Deserialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    BooleanQuery, ConstScoreQuery, Occur, Query, QueryParser, RangeQuery, RegexQuery, TermQuery,
};
use tantivy::schema::{
    DateOptions, DateTimePrecision, Field, IndexRecordOption, Schema, TextFieldIndexing,
    TextOptions, Value, FAST, INDEXED, STORED, STRING,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer,
    Stemmer, TextAnalyzer,
};
use tantivy::{DateTime, Index, IndexReader, ReloadPolicy, Searcher, TantivyDocument, Term};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// Field handles, built once from the schema.
#[derive(Clone, Copy)]
struct Fields {
    id: Field,
    title: Field,
    body: Field,
    authors: Field,
    desk: Field,
    desk_exact: Field,
    date: Field,
}

fn build_schema(stem: bool) -> Schema {
    let analyzer = if stem { "floor_stem" } else { "floor_plain" };
    let text = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(analyzer)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored();
    let exact = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("floor_exact")
            .set_index_option(IndexRecordOption::Basic)
            .set_fieldnorms(false),
    );
    let mut b = Schema::builder();
    b.add_text_field("id", STRING | STORED);
    b.add_text_field("title", text.clone());
    b.add_text_field("body", text.clone());
    b.add_text_field("authors", text.clone());
    b.add_text_field("desk", text);
    b.add_text_field("desk_exact", exact);
    b.add_date_field(
        "date",
        DateOptions::from(INDEXED | STORED | FAST).set_precision(DateTimePrecision::Seconds),
    );
    b.build()
}

fn fields(schema: &Schema) -> Result<Fields> {
    Ok(Fields {
        id: schema.get_field("id")?,
        title: schema.get_field("title")?,
        body: schema.get_field("body")?,
        authors: schema.get_field("authors")?,
        desk: schema.get_field("desk")?,
        desk_exact: schema.get_field("desk_exact")?,
        date: schema.get_field("date")?,
    })
}

/// The analyzers atlas uses: words, long-token removal, lowercase, ASCII
/// folding, and (in the stemming variant) the English stemmer.
fn register_analyzers(index: &Index) {
    let plain = || {
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(64))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
    };
    index.tokenizers().register("floor_plain", plain().build());
    index.tokenizers().register(
        "floor_stem",
        plain().filter(Stemmer::new(Language::English)).build(),
    );
    index.tokenizers().register(
        "floor_exact",
        TextAnalyzer::builder(RawTokenizer::default())
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .build(),
    );
}

#[derive(Deserialize)]
struct PeerDoc {
    id: String,
    title: String,
    #[serde(default)]
    authors: String,
    #[serde(default)]
    desk: Option<String>,
    #[serde(default)]
    date: Option<String>,
    body: String,
}

fn parse_day(s: &str) -> Result<DateTime> {
    // YYYY-MM-DD or an RFC 3339 timestamp starting with it.
    let d = &s[..10.min(s.len())];
    let parts: Vec<i64> = d
        .split('-')
        .map(|p| p.parse::<i64>())
        .collect::<std::result::Result<_, _>>()?;
    if parts.len() != 3 {
        return Err(format!("bad date {s}").into());
    }
    Ok(DateTime::from_timestamp_secs(
        days_from_civil(parts[0], parts[1], parts[2]) * 86_400,
    ))
}

/// Days since 1970-01-01 (Howard Hinnant's algorithm), to avoid a date crate.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn cmd_index(dir: &Path, jsonl: &Path, stem: bool, threads: usize, heap_mb: usize) -> Result<()> {
    let start = Instant::now();
    if dir.exists() {
        std::fs::remove_dir_all(dir)?;
    }
    std::fs::create_dir_all(dir)?;
    let schema = build_schema(stem);
    let f = fields(&schema)?;
    let index = Index::create_in_dir(dir, schema)?;
    register_analyzers(&index);
    let mut writer =
        index.writer_with_num_threads::<TantivyDocument>(threads, heap_mb * 1024 * 1024)?;
    let mut n = 0u64;
    let mut bytes = 0u64;
    for line in BufReader::with_capacity(1 << 20, std::fs::File::open(jsonl)?).lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        bytes += line.len() as u64 + 1;
        let p: PeerDoc = serde_json::from_str(&line)?;
        let mut doc = TantivyDocument::default();
        doc.add_text(f.id, &p.id);
        doc.add_text(f.title, &p.title);
        doc.add_text(f.body, &p.body);
        doc.add_text(f.authors, &p.authors);
        if let Some(desk) = &p.desk {
            doc.add_text(f.desk, desk);
            doc.add_text(f.desk_exact, desk);
        }
        if let Some(date) = &p.date {
            doc.add_date(f.date, parse_day(date)?);
        }
        writer.add_document(doc)?;
        n += 1;
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{}",
        serde_json::json!({"docs": n, "bytes": bytes, "elapsed_ms": (secs * 1000.0).round(),
                           "docs_per_s": (n as f64 / secs).round(), "stem": stem})
    );
    Ok(())
}

struct Request {
    query: String,
    desk: Option<String>,
    since: Option<String>,
    until: Option<String>,
}

struct Floor {
    index: Index,
    reader: IndexReader,
    f: Fields,
}

impl Floor {
    fn open(dir: &Path) -> Result<Floor> {
        let index = Index::open_in_dir(dir)?;
        register_analyzers(&index);
        let f = fields(&index.schema())?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(Floor { index, reader, f })
    }

    fn build_query(&self, req: &Request) -> Result<Box<dyn Query>> {
        let f = self.f;
        let mut parser =
            QueryParser::for_index(&self.index, vec![f.title, f.body, f.authors, f.desk]);
        parser.set_field_boost(f.title, 2.0);
        parser.set_conjunction_by_default();
        // Single-word prefixes: QueryParser rejects `word*`, so one regex
        // query over title and body (what atlas does too).
        let text: Box<dyn Query> = match req.query.strip_suffix('*') {
            Some(p) if !p.contains(' ') && !p.contains('"') => {
                let pat = format!("{}.*", p.to_lowercase());
                let mut should: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                for field in [f.title, f.body] {
                    should.push((
                        Occur::Should,
                        Box::new(ConstScoreQuery::new(
                            Box::new(RegexQuery::from_pattern(&pat, field)?),
                            1.0,
                        )),
                    ));
                }
                Box::new(BooleanQuery::new(should))
            }
            _ => parser.parse_query(&req.query)?,
        };
        let mut must: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, text)];
        if let Some(desk) = &req.desk {
            let term = Term::from_field_text(f.desk_exact, &desk.to_lowercase());
            must.push((
                Occur::Must,
                Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
            ));
        }
        if req.since.is_some() || req.until.is_some() {
            let lo = match &req.since {
                Some(s) => Bound::Included(Term::from_field_date(f.date, parse_day(s)?)),
                None => Bound::Unbounded,
            };
            let hi = match &req.until {
                Some(s) => Bound::Included(Term::from_field_date(f.date, parse_day(s)?)),
                None => Bound::Unbounded,
            };
            must.push((Occur::Must, Box::new(RangeQuery::new(lo, hi))));
        }
        Ok(if must.len() == 1 {
            must.pop().unwrap().1
        } else {
            Box::new(BooleanQuery::new(must))
        })
    }

    fn search(&self, searcher: &Searcher, req: &Request) -> Result<serde_json::Value> {
        let f = self.f;
        let query = self.build_query(req)?;
        let (count, top) =
            searcher.search(&query, &(Count, TopDocs::with_limit(10).order_by_score()))?;
        let snippets = SnippetGenerator::create(searcher, &*query, f.body)?;
        let mut hits = Vec::new();
        for (rank, (score, addr)) in top.into_iter().enumerate() {
            let doc: TantivyDocument = searcher.doc(addr)?;
            let text = |field| {
                doc.get_first(field)
                    .and_then(|v| v.as_str())
                    .unwrap_or("")
                    .to_string()
            };
            let snippet = snippets.snippet_from_doc(&doc);
            hits.push(serde_json::json!({
                "rank": rank + 1, "score": score, "id": text(f.id), "title": text(f.title),
                "authors": text(f.authors), "desk": text(f.desk),
                "date": doc.get_first(f.date).and_then(|v| v.as_datetime()).map(|d| d.into_timestamp_secs() / 86_400),
                "snippet": snippet.fragment(), "highlights": snippet.highlighted().iter().map(|r| (r.start, r.end)).collect::<Vec<_>>(),
            }));
        }
        Ok(serde_json::json!({"query": req.query, "total_hits": count, "hits": hits}))
    }
}

#[derive(Deserialize)]
struct BenchQuery {
    class: String,
    q: String,
    #[serde(default)]
    desk: Option<String>,
    #[serde(default)]
    since: Option<String>,
    #[serde(default)]
    until: Option<String>,
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn cmd_bench(dir: &Path, queries: &Path, runs: usize) -> Result<()> {
    let t0 = Instant::now();
    let floor = Floor::open(dir)?;
    let searcher = floor.reader.searcher();
    let open_ms = t0.elapsed().as_secs_f64() * 1000.0;
    let mut first = true;
    for line in std::fs::read_to_string(queries)?
        .lines()
        .filter(|l| !l.trim().is_empty())
    {
        let q: BenchQuery = serde_json::from_str(line)?;
        let req = Request {
            query: q.q.clone(),
            desk: q.desk,
            since: q.since,
            until: q.until,
        };
        let t = Instant::now();
        let out = floor.search(&searcher, &req)?;
        let first_ms = t.elapsed().as_secs_f64() * 1000.0;
        let mut times = Vec::with_capacity(runs);
        for _ in 0..runs {
            let t = Instant::now();
            std::hint::black_box(floor.search(&searcher, &req)?);
            times.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        times.sort_by(|a, b| a.partial_cmp(b).unwrap());
        let mut rec = serde_json::json!({
            "class": q.class, "query": q.q, "total_hits": out["total_hits"], "runs": runs,
            "first_ms": first_ms, "median_ms": percentile(&times, 0.5), "p95_ms": percentile(&times, 0.95),
        });
        if first {
            rec["open_ms"] = open_ms.into();
            first = false;
        }
        println!("{rec}");
    }
    Ok(())
}

fn run() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let positional: Vec<&String> = {
        let mut out = Vec::new();
        let mut skip = false;
        for a in &args {
            if skip {
                skip = false;
            } else if a == "--no-stem" {
            } else if a.starts_with("--") {
                skip = true;
            } else {
                out.push(a);
            }
        }
        out
    };
    match positional.first().map(|s| String::as_str(s)) {
        Some("index") if positional.len() == 3 => cmd_index(
            Path::new(positional[1]),
            Path::new(positional[2]),
            !args.iter().any(|a| a == "--no-stem"),
            flag("--threads").map_or(Ok(2), |s| s.parse())?,
            flag("--heap-mb").map_or(Ok(1024), |s| s.parse())?,
        ),
        Some("search") if positional.len() >= 3 => {
            let floor = Floor::open(Path::new(positional[1]))?;
            let req = Request {
                query: positional[2..].iter().map(|s| String::as_str(s)).collect::<Vec<_>>().join(" "),
                desk: flag("--desk"),
                since: flag("--since"),
                until: flag("--until"),
            };
            let out = floor.search(&floor.reader.searcher(), &req)?;
            let mut stdout = std::io::stdout().lock();
            serde_json::to_writer(&mut stdout, &out)?;
            writeln!(stdout)?;
            Ok(())
        }
        Some("bench") if positional.len() == 4 => {
            cmd_bench(Path::new(positional[1]), Path::new(positional[2]), positional[3].parse()?)
        }
        _ => Err("usage: tantivy-floor index DIR JSONL [--no-stem] [--threads N] [--heap-mb MB] | search DIR QUERY [--desk D] [--since D] [--until D] | bench DIR QUERIES_JSONL RUNS".into()),
    }
}

fn main() {
    if let Err(e) = run() {
        eprintln!("tantivy-floor: {e}");
        std::process::exit(1);
    }
}
