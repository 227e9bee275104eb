//! Band buckets at corpus scale: which articles may be copies of which,
//! without the quadratic cost of crowded buckets, found one band at a time:
//! the (hash, node) entries of one band sorted, and each run of equal
//! hashes is a bucket. Only one band's entries are held at once (8 bytes a
//! node), where buckets kept in hash maps for a whole run cost ~400 bytes
//! an article — the memory that grew with the archive.
//!
//! Shared boilerplate (an "About the author" paragraph, a legal footer) makes
//! the minimum of both rows of a band fall on the same shingle in many
//! different stories, so a few buckets hold hundreds of ids that are not
//! copies of each other, and checking every pair of such a bucket is
//! quadratic. We chose to cap what a bucket contributes rather than to drop
//! corpus-frequent shingles before MinHash: a frequency cut-off makes every
//! stored fingerprint depend on the rest of the corpus (an incremental run
//! would have to recompute them all when the frequencies move), while the cap
//! depends only on the bucket. A bucket of at most [`BUCKET_CAP`] ids pairs
//! all its members; a larger one pairs each member with its [`WINDOW`]
//! neighbours on each side in a stable order (the ids as strings). Copies in
//! a crowded bucket (a wire story run hundreds of times) are then linked as a
//! chain, which gives the same connected component; two copies kept apart
//! there by strangers are still found through their other 25 bands. The
//! result is a function of the set of articles alone (never of the order
//! they came in), so incremental runs and a clean rebuild agree.

use super::BANDS;

/// Buckets holding more ids than this pair each id with its neighbours only.
pub const BUCKET_CAP: usize = 64;
/// Neighbours on each side paired in a crowded bucket.
pub const WINDOW: usize = 2;

/// What one node (an article, by number) is in an indexing run.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Committed before and kept.
    Kept,
    /// Committed before, deleted or replaced by this run: its old buckets
    /// change, but it pairs with nothing.
    Dead,
    /// Written by this run.
    Fresh,
    /// No fingerprint (a deleted document, or an id this run only removed).
    Absent,
}

/// The candidate pairs among live nodes (each once, smaller node first,
/// sorted), and the live members of every bucket that holds a dead or
/// fresh node: their pairs may have changed, so their groups are redone.
pub struct Candidates {
    pub pairs: Vec<(u32, u32)>,
    pub touched: Vec<u32>,
}

/// The candidates among the buckets `wanted` accepts (by band and hash):
/// every bucket on a rebuild, the few an incremental run can change
/// otherwise. A bucket is always formed whole, from every node in it, so
/// its pairs do not depend on what else is wanted.
pub fn candidates(
    nodes: u32,
    band: impl Fn(u32, usize) -> Option<u32>,
    status: impl Fn(u32) -> Status,
    id: impl Fn(u32) -> String,
    wanted: impl Fn(usize, u32) -> bool,
) -> Candidates {
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    let mut band_pairs = Vec::new();
    let mut touched = Vec::new();
    let mut entries: Vec<(u32, u32)> = Vec::with_capacity(nodes as usize);
    let mut live = Vec::new();
    for b in 0..BANDS {
        entries.clear();
        entries.extend((0..nodes).filter_map(|n| {
            let hash = band(n, b).filter(|&h| wanted(b, h))?;
            (status(n) != Status::Absent).then_some((hash, n))
        }));
        entries.sort_unstable();
        band_pairs.clear();
        for bucket in entries.chunk_by(|x, y| x.0 == y.0) {
            if bucket.len() < 2 {
                continue;
            }
            live.clear();
            live.extend((bucket.iter().map(|&(_, n)| n)).filter(|&n| status(n) != Status::Dead));
            if bucket.iter().any(|&(_, n)| status(n) != Status::Kept) {
                touched.extend_from_slice(&live);
            }
            if live.len() <= BUCKET_CAP {
                for (i, &x) in live.iter().enumerate() {
                    band_pairs.extend(live[i + 1..].iter().map(|&y| (x.min(y), x.max(y))));
                }
            } else {
                live.sort_by_cached_key(|&n| id(n));
                for (i, &x) in live.iter().enumerate() {
                    let near = &live[i + 1..(i + 1 + WINDOW).min(live.len())];
                    band_pairs.extend(near.iter().map(|&y| (x.min(y), x.max(y))));
                }
            }
        }
        // Copies share most of their bands: merged band by band, the pairs
        // are held once (4M at a million articles), not once per band.
        band_pairs.sort_unstable();
        band_pairs.dedup();
        pairs = merge(&pairs, &band_pairs);
    }
    touched.sort_unstable();
    touched.dedup();
    Candidates { pairs, touched }
}

/// The union of two sorted, duplicate-free lists.
fn merge(a: &[(u32, u32)], b: &[(u32, u32)]) -> Vec<(u32, u32)> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => {
                out.push(a[i]);
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                out.push(b[j]);
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crowded_buckets_pair_neighbours_and_small_ones_everyone() {
        // Node n is in bucket 7 of every band; 0..3 also share bucket 1.
        let n = BUCKET_CAP as u32 + 10;
        let band = |node: u32, b: usize| Some(if b == 0 && node < 3 { 1 } else { 7 });
        let every = |_, _| true;
        let c = candidates(n, band, |_| Status::Kept, |x| format!("{x:03}"), every);
        let of = |x: u32| -> Vec<u32> {
            let mut v: Vec<u32> = (c.pairs.iter())
                .filter_map(|&(a, b)| (a == x).then_some(b).or((b == x).then_some(a)))
                .collect();
            v.sort();
            v
        };
        assert_eq!(of(30), vec![28, 29, 31, 32]);
        assert_eq!(of(0), vec![1, 2]);
        assert!(c.touched.is_empty());
        // A fresh node touches every bucket it is in; a dead one leaves its
        // buckets touched but is no one's candidate.
        let status = |x: u32| match x {
            5 => Status::Fresh,
            6 => Status::Dead,
            _ => Status::Kept,
        };
        let c = candidates(n, band, status, |x| format!("{x:03}"), every);
        assert_eq!(c.touched.len() as u32, n - 1);
        assert!(c.pairs.iter().all(|&(a, b)| a != 6 && b != 6));
        assert!(c.pairs.contains(&(5, 7)));
        // Asked for one bucket, a run gets that bucket whole and no other.
        let one = |b: usize, h: u32| b == 0 && h == 1;
        let c = candidates(n, band, |_| Status::Kept, |x| format!("{x:03}"), one);
        assert_eq!(c.pairs, vec![(0, 1), (0, 2), (1, 2)]);
    }
}
