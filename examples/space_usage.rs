//! Where an index's bytes go, per component and field (for BENCHMARKS.md).
//!   cargo run --release --example space_usage -- INDEX_DIR
use std::collections::BTreeMap;

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
    // The common grams (`analysis::grams`: terms with a space) inside the
    // body's postings and positions.
    let (mut gram_postings, mut gram_positions, mut grams) = (0u64, 0u64, 0u64);
    let body = searcher.schema().get_field("body")?;
    for seg in searcher.segment_readers() {
        let inverted = seg.inverted_index(body)?;
        let mut stream = inverted.terms().stream()?;
        while stream.advance() {
            if stream.key().contains(&b' ') {
                let info = stream.value();
                grams += 1;
                gram_postings += info.postings_range.len() as u64;
                gram_positions += info.positions_range.len() as u64;
            }
        }
    }
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
        "of which common grams ({grams} terms over all segments): postings {:.2} MB, positions {:.2} MB",
        gram_postings as f64 / 1e6,
        gram_positions as f64 / 1e6
    );
    Ok(())
}
