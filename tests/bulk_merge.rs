//! A run that leaves more than four bulk segments merges them once after
//! its commit (`indexer::compact`): the index keeps every article and its
//! payload, and the segment count stays bounded run after run. Bulk size
//! is lowered (`IndexOptions::bulk_segment_docs`) so that each one-thread
//! run's single segment is a bulk segment.

mod common;

use std::path::Path;

use atlas_search::indexer::{IndexOptions, NoProgress, run};
use common::{AtlasIndex, Backend};

fn searchable_segments(index: &Path) -> usize {
    let index = tantivy::Index::open_in_dir(index).unwrap();
    index.searchable_segment_ids().unwrap().len()
}

fn write_story(corpus: &Path, n: usize) {
    let body = format!(
        "Story {n} of the harbour series. The council met on day {n} to vote on the dredging budget, \
         and the port authority said ships of {n} metres could berth within a year."
    );
    std::fs::write(
        corpus.join(format!("story-{n:03}.txt")),
        format!("Harbour story {n}\n\n{body}\n"),
    )
    .unwrap();
}

#[test]
fn many_bulk_segments_are_merged_down_to_four_keeping_every_article() {
    let dir = tempfile::tempdir().unwrap();
    let (corpus, index) = (dir.path().join("corpus"), dir.path().join("index"));
    std::fs::create_dir(&corpus).unwrap();
    let opts = IndexOptions {
        threads: 1,
        bulk_segment_docs: 2,
        ..IndexOptions::new(corpus.clone())
    };
    let mut written = 0;
    let mut most = 0;
    for _ in 0..7 {
        for _ in 0..3 {
            write_story(&corpus, written);
            written += 1;
        }
        let report = run(&index, &opts, &NoProgress).unwrap();
        assert!(report.warnings.is_empty(), "{:?}", report.warnings);
        assert_eq!(report.articles, written as u64);
        most = most.max(searchable_segments(&index));
        assert!(
            searchable_segments(&index) <= 4,
            "{} segments",
            searchable_segments(&index)
        );
    }
    // Seven runs wrote seven bulk segments: without the merge there would
    // be seven now.
    assert_eq!(most, 4);
    let atlas = AtlasIndex::open(&index).unwrap();
    assert_eq!(
        atlas.reader().unwrap().searcher().num_docs(),
        written as u64
    );
    for n in 0..written {
        let article = atlas.article(&format!("story-{n:03}.txt")).unwrap();
        assert_eq!(article.expect("kept").title, format!("Harbour story {n}"));
    }
    // The payload survived the merges: a run with nothing new changes nothing.
    let again = run(&index, &opts, &NoProgress).unwrap();
    assert_eq!((again.added, again.updated), (0, 0), "{again:?}");
}
