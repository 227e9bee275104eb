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

use rustc_hash::FxHashSet;

use super::index::Table;
use super::{BANDS, Fingerprint};

/// Buckets holding more ids than this pair each id with its neighbours only.
pub const BUCKET_CAP: usize = 64;
/// Neighbours on each side paired in a crowded bucket.
pub const WINDOW: usize = 2;

/// The band buckets of every article, by u32 id: what an index held at the
/// start of a run as sorted arrays (built in one pass, a sort per band: a
/// run that changes one file must not pay for 26 hash maps of the whole
/// archive), what the run added in hash maps, and the ids whose loaded
/// entries no longer count.
pub struct Buckets {
    base: Vec<Vec<(u32, u32)>>,
    dead: FxHashSet<u32>,
    tables: Vec<Table>,
}

impl Default for Buckets {
    fn default() -> Self {
        Buckets {
            base: (0..BANDS).map(|_| Vec::new()).collect(),
            dead: FxHashSet::default(),
            tables: (0..BANDS).map(|_| Table::default()).collect(),
        }
    }
}

impl Buckets {
    pub fn new() -> Buckets {
        Buckets::default()
    }

    /// The buckets of many articles at once (an index's, at load).
    pub fn bulk<'a>(all: impl Iterator<Item = (u32, &'a Fingerprint)>) -> Buckets {
        let mut b = Buckets::new();
        for (id, fp) in all {
            for (band, &key) in fp.bands().iter().enumerate() {
                b.base[band].push((key, id));
            }
        }
        for band in &mut b.base {
            band.sort_unstable();
        }
        b
    }

    /// Every id in one bucket.
    fn ids(&self, band: usize, key: u32) -> Vec<u32> {
        let base = &self.base[band];
        let from = base.partition_point(|&(k, _)| k < key);
        let mut out: Vec<u32> = (base[from..].iter())
            .take_while(|&&(k, _)| k == key)
            .map(|&(_, id)| id)
            .filter(|id| !self.dead.contains(id))
            .collect();
        out.extend(self.tables[band].ids(key));
        out
    }

    /// Adds `id` under each band of `fp`. Returns the members of buckets that
    /// became crowded (their pairs change, so their groups must be redone).
    pub fn insert(&mut self, id: u32, fp: &Fingerprint) -> Vec<u32> {
        let mut crossed = Vec::new();
        for (b, &key) in fp.bands().iter().enumerate() {
            self.tables[b].insert(key, id);
            let ids = self.ids(b, key);
            if ids.len() == BUCKET_CAP + 1 {
                crossed.extend(ids);
            }
        }
        crossed
    }

    /// Removes `id` (which holds `fp`); returns the members of buckets that
    /// stopped being crowded.
    pub fn remove(&mut self, id: u32, fp: &Fingerprint) -> Vec<u32> {
        let mut crossed = Vec::new();
        for (b, &key) in fp.bands().iter().enumerate() {
            if !self.tables[b].remove(key, id) {
                // A loaded entry: all of them go at once (`fp` is the whole set).
                self.dead.insert(id);
            }
            let ids = self.ids(b, key);
            if ids.len() == BUCKET_CAP {
                crossed.extend(ids);
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
            let mut ids = self.ids(b, key);
            if ids.len() <= BUCKET_CAP {
                out.extend(ids);
                continue;
            }
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
            let ids = self.ids(b, key);
            if ids.len() > BUCKET_CAP {
                out.extend(ids);
            }
        }
        out
    }

    /// The largest bucket (for measurements).
    pub fn largest(&self) -> usize {
        let mut best = 0;
        for (b, base) in self.base.iter().enumerate() {
            let keys = base.iter().map(|&(k, _)| k);
            let added = self.tables[b].keys();
            let mut all: Vec<u32> = keys.chain(added).collect();
            all.dedup();
            for key in all {
                best = best.max(self.ids(b, key).len());
            }
        }
        best
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

    #[test]
    fn loaded_buckets_answer_like_inserted_ones() {
        let fps: Vec<Fingerprint> = (0..90u32)
            .map(|i| {
                let w: Vec<String> = (0..120).map(|j| format!("s{}w{j}", i % 3)).collect();
                Fingerprint::of(&Body::new(&w))
            })
            .collect();
        let mut loaded = Buckets::bulk(fps.iter().enumerate().map(|(i, f)| (i as u32, f)));
        let mut inserted = Buckets::new();
        for (i, f) in fps.iter().enumerate() {
            inserted.insert(i as u32, f);
        }
        for b in [&mut loaded, &mut inserted] {
            b.remove(4, &fps[4]);
            b.remove(7, &fps[7]);
            b.insert(7, &fps[8]);
        }
        for i in [0u32, 1, 2, 7, 8, 30] {
            let fp = if i == 7 { &fps[8] } else { &fps[i as usize] };
            assert_eq!(
                loaded.candidates(i, fp, |x| x),
                inserted.candidates(i, fp, |x| x),
                "{i}"
            );
            assert_eq!(
                loaded.crowded_members(fp).len(),
                inserted.crowded_members(fp).len()
            );
        }
        assert_eq!(loaded.largest(), inserted.largest());
    }
}
