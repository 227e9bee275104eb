//! The compact per-article state of a run's copy check, sized for a
//! million articles: ids interned in one string, band hashes in one flat
//! array, file paths in another string.

use std::hash::BuildHasher;

use hashbrown::HashTable;
use rustc_hash::{FxBuildHasher, FxHashSet};

use crate::copies::{BANDS, Fingerprint};

/// Strings stored back to back, each known by its number.
#[derive(Default)]
pub(super) struct Strings {
    text: String,
    ends: Vec<u32>,
}

impl Strings {
    pub(super) fn push(&mut self, s: &str) -> u32 {
        self.text.push_str(s);
        self.ends.push(self.text.len() as u32);
        (self.ends.len() - 1) as u32
    }

    pub(super) fn get(&self, n: u32) -> &str {
        let n = n as usize;
        let start = if n == 0 { 0 } else { self.ends[n - 1] as usize };
        &self.text[start..self.ends[n] as usize]
    }

    pub(super) fn len(&self) -> usize {
        self.ends.len()
    }
}

/// Article ids numbered in the order first seen (8 bytes of table and 4 of
/// offset per id, where a map of boxed strings costs ~100).
#[derive(Default)]
pub(super) struct Ids {
    strings: Strings,
    table: HashTable<u32>,
}

impl Ids {
    /// The id's number, and whether it was new.
    pub(super) fn intern(&mut self, id: &str) -> (u32, bool) {
        let hash = FxBuildHasher.hash_one(id);
        let strings = &self.strings;
        if let Some(&n) = self.table.find(hash, |&n| strings.get(n) == id) {
            return (n, false);
        }
        let n = self.strings.push(id);
        let strings = &self.strings;
        (self.table).insert_unique(hash, n, |&n| FxBuildHasher.hash_one(strings.get(n)));
        (n, true)
    }

    pub(super) fn find(&self, id: &str) -> Option<u32> {
        let hash = FxBuildHasher.hash_one(id);
        (self.table.find(hash, |&n| self.strings.get(n) == id)).copied()
    }

    pub(super) fn get(&self, n: u32) -> &str {
        self.strings.get(n)
    }

    pub(super) fn len(&self) -> usize {
        self.strings.len()
    }
}

/// Band hashes by row, [`BANDS`] slots per row whatever the fingerprint:
/// a short body's one band is slot 0.
#[derive(Default)]
pub(super) struct BandTable {
    values: Vec<u32>,
    /// 0: no fingerprint, else how many bands the row holds.
    kinds: Vec<u8>,
}

impl BandTable {
    pub(super) fn push(&mut self, fp: Option<&Fingerprint>) {
        self.kinds.push(0);
        self.values.extend([0; BANDS]);
        self.set(self.kinds.len() - 1, fp);
    }

    /// A row from stored fingerprint bytes; bytes that are not a
    /// fingerprint of this format make a row without one.
    pub(super) fn push_bytes(&mut self, bytes: &[u8]) {
        let row = self.kinds.len();
        self.kinds.push(0);
        self.values.extend([0; BANDS]);
        if let Ok(bands) = Fingerprint::bands_of(bytes) {
            let mut n = 0;
            for (slot, band) in self.values[row * BANDS..].iter_mut().zip(bands) {
                *slot = band;
                n += 1;
            }
            self.kinds[row] = n;
        }
    }

    /// A copy of row `row` of `from`, or a row without a fingerprint.
    pub(super) fn push_row(&mut self, from: &BandTable, row: Option<usize>) {
        match row.filter(|&r| r < from.kinds.len()) {
            Some(r) => {
                self.kinds.push(from.kinds[r]);
                (self.values).extend_from_slice(&from.values[r * BANDS..(r + 1) * BANDS]);
            }
            None => self.push(None),
        }
    }

    pub(super) fn set(&mut self, row: usize, fp: Option<&Fingerprint>) {
        let bands = fp.map_or(&[][..], |f| f.bands());
        self.kinds[row] = bands.len() as u8;
        self.values[row * BANDS..row * BANDS + bands.len()].copy_from_slice(bands);
    }

    /// The row's hash in band `b`, if it has one.
    pub(super) fn band(&self, row: usize, b: usize) -> Option<u32> {
        (b < self.kinds[row] as usize).then(|| self.values[row * BANDS + b])
    }

    pub(super) fn fingerprint(&self, row: usize) -> Option<Fingerprint> {
        let n = self.kinds[row] as usize;
        let bands = &self.values[row * BANDS..row * BANDS + n];
        (n > 0).then(|| Fingerprint::from_bands(bands.to_vec()).ok())?
    }
}

/// The band hashes of some nodes, band by band: the buckets an
/// incremental run has to form.
pub(super) struct BandKeys(Vec<FxHashSet<u32>>);

impl BandKeys {
    pub(super) fn of(
        nodes: impl Iterator<Item = u32>,
        band: impl Fn(u32, usize) -> Option<u32>,
    ) -> BandKeys {
        let mut keys = vec![FxHashSet::default(); BANDS];
        for n in nodes {
            for (b, set) in keys.iter_mut().enumerate() {
                set.extend(band(n, b));
            }
        }
        BandKeys(keys)
    }

    pub(super) fn has(&self, band: usize, hash: u32) -> bool {
        self.0[band].contains(&hash)
    }
}

/// A set of node numbers (one bit each).
pub(super) struct Bits(Vec<u64>);

impl Bits {
    pub(super) fn new(n: usize) -> Bits {
        Bits(vec![0; n.div_ceil(64)])
    }

    pub(super) fn insert(&mut self, i: u32) -> bool {
        let (w, b) = ((i / 64) as usize, i % 64);
        let was = self.0[w] >> b & 1 == 1;
        self.0[w] |= 1 << b;
        !was
    }

    pub(super) fn contains(&self, i: u32) -> bool {
        self.0[(i / 64) as usize] >> (i % 64) & 1 == 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::copies::Print;

    #[test]
    fn rows_from_stored_bytes_hold_the_fingerprints_bands() {
        let long: Vec<String> = (0..300).map(|i| format!("w{i}")).collect();
        let prints = [Print::new(&long), Print::new(&long[..10])];
        let mut by_ord = BandTable::default();
        for p in &prints {
            by_ord.push_bytes(&p.fingerprint.to_bytes());
        }
        by_ord.push_bytes(&[9, 1, 2, 3, 4]);
        let mut table = BandTable::default();
        for row in [Some(1), None, Some(0), Some(2), Some(7)] {
            table.push_row(&by_ord, row);
        }
        assert_eq!(table.fingerprint(0).as_ref(), Some(&prints[1].fingerprint));
        assert_eq!(table.fingerprint(1), None);
        assert_eq!(table.fingerprint(2).as_ref(), Some(&prints[0].fingerprint));
        assert_eq!(table.fingerprint(3), None, "unknown format");
        assert_eq!(table.fingerprint(4), None, "no such ord");
        assert_eq!(
            table.band(2, BANDS - 1),
            prints[0].fingerprint.bands().last().copied()
        );
        assert_eq!(table.band(0, 1), None, "a short body has one band");
    }
}
