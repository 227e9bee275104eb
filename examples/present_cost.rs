//! # What reading the index's languages costs a search, in process
//!
//! Every search reads which languages the index holds
//! (`Languages::present`: the `lang` terms of each segment) to know which
//! analyses a query word is looked up in. This times that read alone on
//! one searcher, then whole searches of each query through the local
//! backend (as the CLI's), and prints the read's share of each search:
//!
//! ```text
//! cargo run --release --example present_cost -- INDEX_DIR RUNS QUERY...
//! ```

use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

use atlas_search::backend::Backend;
use atlas_search::query::Languages;
use atlas_search::request::SearchRequest;
use atlas_search::store::AtlasIndex;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dir, runs, queries @ ..] = args.as_slice() else {
        anyhow::bail!("usage: present_cost INDEX_DIR RUNS QUERY...");
    };
    let runs: usize = runs.parse()?;
    let atlas = AtlasIndex::open(Path::new(dir))?;
    let searcher = atlas.searcher()?;
    let langs = Languages::present(&searcher, atlas.fields.lang);
    println!(
        "{} segments, English {}, others {:?}",
        searcher.segment_readers().len(),
        langs.english,
        langs.others
    );
    let reads = runs * 25;
    let started = Instant::now();
    for _ in 0..reads {
        black_box(Languages::present(&searcher, atlas.fields.lang));
    }
    let present_us = started.elapsed().as_secs_f64() * 1e6 / reads as f64;
    println!("present: {present_us:.2} µs a search");
    for query in queries {
        let req = SearchRequest {
            query: query.clone(),
            limit: 10,
            ..Default::default()
        };
        atlas.search(&req)?;
        let started = Instant::now();
        for _ in 0..runs {
            black_box(atlas.search(&req)?);
        }
        let search_us = started.elapsed().as_secs_f64() * 1e6 / runs as f64;
        let share = present_us / search_us * 100.0;
        println!("{query}: search {search_us:.0} µs, present {share:.2} % of it");
    }
    Ok(())
}
