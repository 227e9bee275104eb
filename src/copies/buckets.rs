//! Band buckets at corpus scale, for the indexer: which articles may be
//! copies of which, without the quadratic cost of crowded buckets.
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

use rustc_hash::FxHashMap;

use super::index::Table;
use super::{BANDS, Fingerprint};

/// Buckets holding more ids than this pair each id with its neighbours only.
pub const BUCKET_CAP: usize = 64;
/// Neighbours on each side paired in a crowded bucket.
pub const WINDOW: usize = 2;

/// The band buckets of every article, by u32 id.
pub struct Buckets {
    tables: Vec<Table>,
    sizes: Vec<FxHashMap<u32, u32>>,
}

impl Default for Buckets {
    fn default() -> Self {
        Buckets {
            tables: (0..BANDS).map(|_| Table::default()).collect(),
            sizes: (0..BANDS).map(|_| FxHashMap::default()).collect(),
        }
    }
}

impl Buckets {
    pub fn new() -> Buckets {
        Buckets::default()
    }

    /// Adds `id` under each band of `fp`. Returns the members of buckets that
    /// became crowded (their pairs change, so their groups must be redone).
    pub fn insert(&mut self, id: u32, fp: &Fingerprint) -> Vec<u32> {
        let mut crossed = Vec::new();
        for (b, &key) in fp.bands().iter().enumerate() {
            self.tables[b].insert(key, id);
            let n = self.sizes[b].entry(key).or_insert(0);
            *n += 1;
            if *n as usize == BUCKET_CAP + 1 {
                crossed.extend(self.tables[b].ids(key));
            }
        }
        crossed
    }

    /// Removes `id`; returns the members of buckets that stopped being crowded.
    pub fn remove(&mut self, id: u32, fp: &Fingerprint) -> Vec<u32> {
        let mut crossed = Vec::new();
        for (b, &key) in fp.bands().iter().enumerate() {
            if !self.tables[b].remove(key, id) {
                continue;
            }
            let n = self.sizes[b].entry(key).or_insert(1);
            *n -= 1;
            if *n == 0 {
                self.sizes[b].remove(&key);
            } else if *n as usize == BUCKET_CAP {
                crossed.extend(self.tables[b].ids(key));
            }
        }
        crossed
    }

    /// Ids that may be copies of `id` (which holds `fp`): every member of its
    /// small buckets, the [`WINDOW`] neighbours in `order` in crowded ones.
    /// Sorted, without `id`.
    pub fn candidates<K: Ord>(
        &self,
        id: u32,
        fp: &Fingerprint,
        order: impl Fn(u32) -> K,
    ) -> Vec<u32> {
        let mut out = Vec::new();
        for (b, &key) in fp.bands().iter().enumerate() {
            let size = self.sizes[b].get(&key).copied().unwrap_or(0) as usize;
            if size <= BUCKET_CAP {
                out.extend(self.tables[b].ids(key));
                continue;
            }
            let mut ids: Vec<u32> = self.tables[b].ids(key).collect();
            ids.sort_by_cached_key(|&x| order(x));
            if let Some(pos) = ids.iter().position(|&x| x == id) {
                let lo = pos.saturating_sub(WINDOW);
                let hi = (pos + WINDOW + 1).min(ids.len());
                out.extend_from_slice(&ids[lo..hi]);
            }
        }
        out.retain(|&x| x != id);
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Every member of the crowded buckets `fp` is in: pairs among them
    /// shift when an id comes or goes there.
    pub fn crowded_members(&self, fp: &Fingerprint) -> Vec<u32> {
        let mut out = Vec::new();
        for (b, &key) in fp.bands().iter().enumerate() {
            if self.sizes[b]
                .get(&key)
                .is_some_and(|&n| n as usize > BUCKET_CAP)
            {
                out.extend(self.tables[b].ids(key));
            }
        }
        out
    }

    /// The largest bucket (for measurements).
    pub fn largest(&self) -> usize {
        (self.sizes.iter())
            .flat_map(|m| m.values())
            .copied()
            .max()
            .unwrap_or(0) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::copies::Body;

    #[test]
    fn crowded_buckets_pair_neighbours_only() {
        let words: Vec<String> = (0..300).map(|i| format!("w{i}")).collect();
        let fp = Fingerprint::of(&Body::new(&words));
        let mut b = Buckets::new();
        let n = BUCKET_CAP as u32 + 10;
        let mut crossed = Vec::new();
        for id in 0..n {
            crossed.extend(b.insert(id, &fp));
        }
        assert_eq!(crossed.len(), BANDS * (BUCKET_CAP + 1));
        assert_eq!(b.candidates(30, &fp, |x| x), vec![28, 29, 31, 32]);
        assert_eq!(b.candidates(0, &fp, |x| x), vec![1, 2]);
        for id in 0..10 {
            b.remove(id, &fp);
        }
        assert_eq!(b.candidates(30, &fp, |x| x).len(), BUCKET_CAP - 1);
        assert_eq!(b.largest(), BUCKET_CAP);
    }
}
