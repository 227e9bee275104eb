//! Merges an index's searchable segments into N groups, in segment-id
//! order: the measurement behind BENCHMARKS.md's "What the 1M run says"
//! (how fast atlas searches a 1M index with 4 segments instead of 18).
//! Run it on a copy; atlas's own runs never do this.
//!
//!   cp -r bench/work/idx-large /tmp/idx-merged
//!   cargo run --release --example merge_segments -- /tmp/idx-merged 4

use tantivy::merge_policy::NoMergePolicy;
use tantivy::{Index, IndexWriter, TantivyDocument};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(dir), Some(groups)) = (args.get(1), args.get(2)) else {
        return Err("usage: merge_segments INDEX_DIR GROUPS".into());
    };
    let groups: usize = groups.parse()?;
    let index = Index::open_in_dir(dir)?;
    let mut writer: IndexWriter<TantivyDocument> = index.writer_with_num_threads(1, 100 << 20)?;
    writer.set_merge_policy(Box::new(NoMergePolicy));
    let mut ids = index.searchable_segment_ids()?;
    ids.sort();
    let per_group = ids.len().div_ceil(groups.max(1)).max(1);
    let merges: Vec<_> = ids.chunks(per_group).map(|c| writer.merge(c)).collect();
    for merge in merges {
        merge.wait()?;
    }
    writer.wait_merging_threads()?;
    let left = Index::open_in_dir(dir)?.searchable_segment_ids()?.len();
    println!("{} segments -> {left}", ids.len());
    Ok(())
}
