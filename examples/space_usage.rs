//! Where an index's bytes go, per component and field (for BENCHMARKS.md).
//!   cargo run --release --example space_usage -- INDEX_DIR
use std::collections::{BTreeMap, HashMap};

fn main() -> anyhow::Result<()> {
    let dir = std::env::args()
        .nth(1)
        .expect("usage: space_usage INDEX_DIR");
    let index = atlas_search::store::AtlasIndex::open(std::path::Path::new(&dir))?;
    let searcher = index.searcher()?;
    let usage = searcher.space_usage()?;
    let mut rows: BTreeMap<String, u64> = BTreeMap::new();
    for seg in usage.segments() {
        for (kind, per) in [
            ("termdict", seg.termdict()),
            ("postings", seg.postings()),
            ("positions", seg.positions()),
            ("fast", seg.fast_fields()),
            ("fieldnorms", seg.fieldnorms()),
        ] {
            for f in per.fields() {
                *rows
                    .entry(format!("{kind} {}", f.field_name()))
                    .or_default() += f.total().get_bytes();
            }
        }
        *rows.entry("store".into()).or_default() += seg.store().total().get_bytes();
    }
    let grams = common_grams(&searcher)?;
    let total: u64 = rows.values().sum();
    let mut sorted: Vec<_> = rows.into_iter().collect();
    sorted.sort_by_key(|(_, b)| std::cmp::Reverse(*b));
    for (k, b) in sorted {
        println!(
            "{:>8.2} MB {:>5.1}%  {k}",
            b as f64 / 1e6,
            100.0 * b as f64 / total as f64
        );
    }
    println!(
        "of which common grams ({} terms over all segments): postings {:.2} MB, positions {:.2} MB",
        grams.terms,
        grams.postings as f64 / 1e6,
        grams.positions as f64 / 1e6
    );
    // What grams only before frequent words would keep: a gram's bytes
    // counted when its second word is in at least this share of articles.
    let docs = searcher.num_docs() as f64;
    for share in [0.01, 0.05, 0.10] {
        let kept: u64 = (grams.each.iter())
            .filter(|(second, _)| grams.df.get(second).copied().unwrap_or(0) as f64 >= share * docs)
            .map(|(_, bytes)| bytes)
            .sum();
        println!(
            "  grams whose second word is in >= {:.0}% of articles: {:.2} MB",
            share * 100.0,
            kept as f64 / 1e6
        );
    }
    Ok(())
}

/// The common grams (`analysis::grams`: terms with a space) inside the
/// body's postings and positions, and each word's document frequency.
#[derive(Default)]
struct Grams {
    terms: u64,
    postings: u64,
    positions: u64,
    /// (second word, postings + positions bytes) of each gram.
    each: Vec<(Vec<u8>, u64)>,
    df: HashMap<Vec<u8>, u64>,
}

fn common_grams(searcher: &tantivy::Searcher) -> anyhow::Result<Grams> {
    let mut g = Grams::default();
    let body = searcher.schema().get_field("body")?;
    for seg in searcher.segment_readers() {
        let inverted = seg.inverted_index(body)?;
        let mut stream = inverted.terms().stream()?;
        while stream.advance() {
            let info = stream.value();
            match stream.key().iter().position(|&c| c == b' ') {
                Some(space) => {
                    g.terms += 1;
                    g.postings += info.postings_range.len() as u64;
                    g.positions += info.positions_range.len() as u64;
                    let bytes = (info.postings_range.len() + info.positions_range.len()) as u64;
                    g.each.push((stream.key()[space + 1..].to_vec(), bytes));
                }
                None => *g.df.entry(stream.key().to_vec()).or_default() += info.doc_freq as u64,
            }
        }
    }
    Ok(g)
}
