//! One merge of the bulk segments at the end of a run that left too many.
//!
//! The merge policy never merges a segment of more than
//! `IndexOptions::bulk_segment_docs` articles during a run: cascading merges
//! while reading cost a 1M build a third of its time and gigabytes of
//! mapped files (BENCHMARKS.md, "What each change bought": 179 → 127 s,
//! 3.1 → 0.89 GB). But every segment is
//! opened and searched by every query, so a 1M build that stopped at 18
//! bulk segments searched 1.3–1.9× slower than one with 4 (BENCHMARKS.md,
//! "What the 1M run says"). So after the commit, when more than
//! [`MAX_BULK_SEGMENTS`] bulk segments are left, they are merged once, the
//! smallest together first, down to that many: each segment is rewritten
//! once, and a small run never pays (its segments are below the bulk size).
//! The small segments join the smallest merge, so a run that merges
//! leaves exactly [`MAX_BULK_SEGMENTS`] segments.
//! The merges read through [`ReadDirectory`] and run `threads` at a time,
//! which is what bounds their memory.

use std::path::Path;

use tantivy::index::SegmentId;
use tantivy::merge_policy::NoMergePolicy;
use tantivy::{Index, IndexWriter, SegmentMeta, TantivyDocument};

use crate::store::ReadDirectory;

/// Bulk segments a run may leave before it merges them.
pub(super) const MAX_BULK_SEGMENTS: usize = 4;

/// The merges that bring the bulk segments among `segments` (id, live
/// articles; bulk above `bulk_docs`) down to [`MAX_BULK_SEGMENTS`]: groups of two or more ids.
/// Smallest first (Huffman's order), so sizes even out and the bulk of a
/// large archive is not rewritten to absorb one more segment. When there is
/// a merge, the small segments join the smallest one.
pub(super) fn plan(segments: &[(SegmentId, u32)], bulk_docs: u32) -> Vec<Vec<SegmentId>> {
    let mut groups: Vec<(u64, Vec<SegmentId>)> = (segments.iter())
        .filter(|(_, docs)| *docs > bulk_docs)
        .map(|&(id, docs)| (u64::from(docs), vec![id]))
        .collect();
    if groups.len() <= MAX_BULK_SEGMENTS {
        return Vec::new();
    }
    while groups.len() > MAX_BULK_SEGMENTS {
        // Largest first, so the two smallest are at the end; ids break
        // ties, so the plan is the same for the same segments.
        groups.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| b.1.cmp(&a.1)));
        let (docs_a, mut a) = groups.pop().expect("more than one group");
        let (docs_b, b) = groups.pop().expect("more than one group");
        a.extend(b);
        groups.push((docs_a + docs_b, a));
    }
    let mut merges: Vec<(u64, Vec<SegmentId>)> = (groups.into_iter())
        .filter(|(_, ids)| ids.len() > 1)
        .collect();
    // The small segments ride along in the smallest merge, which is
    // rewritten anyway: a fresh process then opens MAX_BULK_SEGMENTS
    // segments, not a few more.
    let smallest = merges
        .iter_mut()
        .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
    if let Some((_, ids)) = smallest {
        ids.extend(
            (segments.iter())
                .filter(|(_, docs)| *docs <= bulk_docs)
                .map(|(id, _)| *id),
        );
    }
    (merges.into_iter())
        .map(|(_, mut ids)| {
            ids.sort();
            ids
        })
        .collect()
}

/// Runs [`plan`] on the committed segments of the index at `dir`, `threads`
/// merges at a time, through a writer of its own (the run's writer must be
/// gone: it holds the lock). Each merged segment replaces its parts in
/// `meta.json`, payload kept.
pub(super) fn merge_bulk(dir: &Path, bulk_docs: u32, threads: usize) -> tantivy::Result<()> {
    let index = Index::open(ReadDirectory::open(dir)?)?;
    let groups = plan(&committed_segments(&index)?, bulk_docs);
    if groups.is_empty() {
        return Ok(());
    }
    // The smallest budget tantivy takes: this writer adds nothing.
    let mut writer: IndexWriter<TantivyDocument> = index.writer_with_num_threads(1, 15 << 20)?;
    writer.set_merge_policy(Box::new(NoMergePolicy));
    for wave in groups.chunks(threads.max(1)) {
        let merges: Vec<_> = wave.iter().map(|ids| writer.merge(ids)).collect();
        for merge in merges {
            merge.wait()?;
        }
    }
    writer.wait_merging_threads()
}

fn committed_segments(index: &Index) -> tantivy::Result<Vec<(SegmentId, u32)>> {
    let metas: Vec<SegmentMeta> = index.searchable_segment_metas()?;
    Ok(metas.iter().map(|m| (m.id(), m.num_docs())).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(n: usize) -> Vec<SegmentId> {
        let mut ids: Vec<SegmentId> = (0..n).map(|_| SegmentId::generate_random()).collect();
        ids.sort();
        ids
    }

    /// The live articles of a planned group.
    fn docs(segments: &[(SegmentId, u32)], group: &[SegmentId]) -> u32 {
        (group.iter())
            .map(|id| segments.iter().find(|s| s.0 == *id).unwrap().1)
            .sum()
    }

    #[test]
    fn few_bulk_segments_are_left_alone() {
        let ids = ids(MAX_BULK_SEGMENTS + 3);
        let mut segments: Vec<_> = ids
            .iter()
            .take(MAX_BULK_SEGMENTS)
            .map(|&id| (id, 60_000))
            .collect();
        // Small segments are the merge policy's, whatever their number.
        segments.extend(ids.iter().skip(MAX_BULK_SEGMENTS).map(|&id| (id, 900)));
        assert!(plan(&segments, 50_000).is_empty());
    }

    #[test]
    fn many_bulk_segments_merge_down_to_the_limit_each_once() {
        let ids = ids(18);
        let segments: Vec<_> = (ids.iter().enumerate())
            .map(|(i, &id)| (id, 50_001 + 1_000 * i as u32))
            .collect();
        let merges = plan(&segments, 50_000);
        let merged: Vec<SegmentId> = merges.iter().flatten().copied().collect();
        let mut unique = merged.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), merged.len(), "a segment in two merges");
        let left = segments.len() - merged.len() + merges.len();
        assert_eq!(left, MAX_BULK_SEGMENTS);
        // Huffman's order evens the sizes out: no group twice another.
        let sizes: Vec<u32> = merges.iter().map(|g| docs(&segments, g)).collect();
        let (lo, hi) = (sizes.iter().min().unwrap(), sizes.iter().max().unwrap());
        assert!(*hi < 2 * lo, "uneven groups: {sizes:?}");
    }

    #[test]
    fn small_segments_join_the_smallest_merge_when_there_is_one() {
        let ids = ids(MAX_BULK_SEGMENTS + 4);
        let mut segments: Vec<_> = (ids.iter().take(MAX_BULK_SEGMENTS + 2))
            .enumerate()
            .map(|(i, &id)| (id, 100_000 + 10_000 * i as u32))
            .collect();
        let small: Vec<_> = ids.iter().skip(MAX_BULK_SEGMENTS + 2).copied().collect();
        segments.extend(small.iter().map(|&id| (id, 3_000)));
        let merges = plan(&segments, 50_000);
        // Two bulk merges: 100k + 110k, then 120k + 130k.
        assert_eq!(merges.len(), 2, "{merges:?}");
        let smallest = merges.iter().min_by_key(|g| docs(&segments, g)).unwrap();
        for id in &small {
            assert!(smallest.contains(id), "small segment {id:?} left out");
        }
        let placed: usize = merges.iter().map(Vec::len).sum();
        assert_eq!(placed, 4 + small.len(), "a segment in two merges");
    }

    #[test]
    fn one_more_bulk_segment_joins_the_smallest_not_the_largest() {
        let ids = ids(MAX_BULK_SEGMENTS + 1);
        let mut segments: Vec<_> = (ids.iter().take(MAX_BULK_SEGMENTS))
            .map(|&id| (id, 250_000))
            .collect();
        segments[2].1 = 200_000;
        segments.push((ids[MAX_BULK_SEGMENTS], 60_000));
        let merges = plan(&segments, 50_000);
        let mut expected = vec![ids[2], ids[MAX_BULK_SEGMENTS]];
        expected.sort();
        assert_eq!(merges, vec![expected]);
    }
}
