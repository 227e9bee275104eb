//! # Quickstart: index a folder of articles and search it from Rust
//!
//! atlas is a command-line tool first, but everything it does is a library
//! call. This example covers the whole path in one `main`:
//!
//! - write a tiny corpus (two plain-text articles) to a temporary folder;
//! - index it with [`atlas_search::indexer::run`];
//! - open the index and search it with [`Backend::search`](atlas_search::backend::Backend::search);
//! - print the hits with their highlighted snippets, and fetch one article
//!   in full with [`Backend::article`](atlas_search::backend::Backend::article).
//!
//! ```text
//! cargo run --example quickstart
//! ```

use atlas_search::backend::Backend;
use atlas_search::indexer::{self, IndexOptions, NoProgress};
use atlas_search::request::SearchRequest;
use atlas_search::store::AtlasIndex;

fn main() -> anyhow::Result<()> {
    // A corpus is any folder of articles. Plain text: the title on the
    // first line, an optional byline, then the body.
    let dir = tempfile::tempdir()?;
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(corpus.join("science"))?;
    std::fs::write(
        corpus.join("science/glaciers.txt"),
        "Glaciers Retreat Faster Than Expected\n\nBy Ana Ruiz\n\n\
         Alpine glaciers lost a tenth of their volume in two summers, \
         researchers said on June 24, 2024.\n",
    )?;
    std::fs::write(
        corpus.join("science/ice.txt"),
        "Sea Ice at a Record Low\n\nArctic sea ice shrank again this year, \
         though the glacier survey was delayed.\n",
    )?;

    // Index it: the run reports what it added, updated, removed and skipped.
    let index_dir = dir.path().join("index");
    let report = indexer::run(&index_dir, &IndexOptions::new(corpus), &NoProgress)?;
    println!(
        "indexed {} articles, skipped {}",
        report.added,
        report.skipped.len()
    );
    assert_eq!(report.added, 2);

    // Search it. Words are stemmed and folded: `glacier` finds `Glaciers`.
    let atlas = AtlasIndex::open(&index_dir)?;
    let request = SearchRequest {
        query: "glacier".into(),
        ..SearchRequest::default()
    };
    let results = atlas.search(&request)?;
    println!("{} hits for {:?}", results.total_hits, results.query);
    for hit in &results.hits {
        println!(
            "{}. {} ({})\n   {}",
            hit.rank, hit.title, hit.id, hit.snippet
        );
    }
    assert_eq!(results.total_hits, 2);
    // The title match ranks first (titles are boosted).
    assert_eq!(results.hits[0].id, "science/glaciers.txt");

    // One article in full, with the metadata atlas understood.
    let article = atlas
        .article("science/glaciers.txt")?
        .expect("the article was indexed");
    println!("by {:?}, dated {:?}", article.authors, article.date);
    assert_eq!(article.authors, ["Ana Ruiz"]);
    Ok(())
}
