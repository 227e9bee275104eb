//! The incremental side: band buckets that find candidates, the verified copy
//! edges, and the groups they make, kept right through add, change and remove.
//!
//! A group's id is its smallest member id. It is a function of the final set
//! alone (never of insertion order), so an incremental run and a clean
//! rebuild agree; it moves only when the smallest member leaves or groups
//! merge or split, so a run re-writes only the articles it reports. An
//! article without copies is its own group (its id). Edges exist iff two
//! articles share a band hash and pass the exact rule: also order-free.
//! Memory: per band one map of u32 band hash → u32 id (a second map only for
//! the rare shared hashes); edges and group ids only for articles with copies.
//! The fingerprints are not kept: `remove` is given the stored one back.

use rustc_hash::{FxHashMap, FxHashSet};

use super::{Body, Fingerprint, is_copy};

/// Articles whose group id changed, with the new one. An inserted article is
/// always listed (it has no value yet); a removed one never.
pub type Changes = Vec<(u32, u32)>;

/// One band's buckets: band hash → ids (a second map only for shared hashes).
#[derive(Default)]
struct Table {
    first: FxHashMap<u32, u32>,
    more: FxHashMap<u32, Vec<u32>>,
}

impl Table {
    fn ids(&self, key: u32) -> impl Iterator<Item = u32> + '_ {
        let more = self.more.get(&key).map(|v| v.as_slice()).unwrap_or(&[]);
        self.first
            .get(&key)
            .copied()
            .into_iter()
            .chain(more.iter().copied())
    }

    fn insert(&mut self, key: u32, id: u32) {
        if let Some(&f) = self.first.get(&key) {
            if f != id && !self.ids(key).any(|x| x == id) {
                self.more.entry(key).or_default().push(id);
            }
        } else {
            self.first.insert(key, id);
        }
    }

    fn remove(&mut self, key: u32, id: u32) -> bool {
        if self.first.get(&key) == Some(&id) {
            match self.more.get_mut(&key).and_then(|v| v.pop()) {
                Some(next) => {
                    self.first.insert(key, next);
                    if self.more.get(&key).is_some_and(|v| v.is_empty()) {
                        self.more.remove(&key);
                    }
                }
                None => {
                    self.first.remove(&key);
                }
            }
            return true;
        }
        let Some(v) = self.more.get_mut(&key) else {
            return false;
        };
        let Some(pos) = v.iter().position(|&x| x == id) else {
            return false;
        };
        v.swap_remove(pos);
        if v.is_empty() {
            self.more.remove(&key);
        }
        true
    }
}

/// Band buckets, copy edges and groups of every article inserted.
pub struct CopyIndex {
    tables: Vec<Table>,
    edges: FxHashMap<u32, Vec<u32>>,
    group: FxHashMap<u32, u32>,
    len: usize,
    /// Exact-rule checks done (for measurements).
    pub verifications: u64,
}

impl Default for CopyIndex {
    fn default() -> Self {
        CopyIndex {
            tables: (0..super::BANDS).map(|_| Table::default()).collect(),
            edges: FxHashMap::default(),
            group: FxHashMap::default(),
            len: 0,
            verifications: 0,
        }
    }
}

impl CopyIndex {
    pub fn new() -> CopyIndex {
        CopyIndex::default()
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The group id of an article (its own id when it has no copies).
    pub fn group_of(&self, id: u32) -> u32 {
        self.group.get(&id).copied().unwrap_or(id)
    }

    /// The other members of an article's group, ascending.
    pub fn copies_of(&self, id: u32) -> Vec<u32> {
        let mut c = self.component(id);
        c.retain(|&x| x != id);
        c.sort_unstable();
        c
    }

    /// `stats`: (groups of two or more, articles in them).
    pub fn group_counts(&self) -> (usize, usize) {
        let groups: FxHashSet<u32> = self.group.values().copied().collect();
        (groups.len(), self.group.len())
    }

    /// Ids that share a band with `fp` (a superset of its copies).
    pub fn candidates(&self, id: u32, fp: &Fingerprint) -> Vec<u32> {
        let mut c: Vec<u32> = (fp.bands().iter().zip(&self.tables))
            .flat_map(|(&key, t)| t.ids(key))
            .filter(|&x| x != id)
            .collect();
        c.sort_unstable();
        c.dedup();
        c
    }

    /// Adds an article. `lookup` gives a candidate's body for the exact rule
    /// (a candidate it cannot give is taken as no copy).
    pub fn insert(
        &mut self,
        id: u32,
        fp: &Fingerprint,
        body: &Body,
        lookup: impl FnMut(u32) -> Option<Body>,
    ) -> Changes {
        let mut before = FxHashMap::default();
        self.insert_inner(id, fp, body, lookup, &mut before);
        self.diff(before)
    }

    /// Removes an article, given the fingerprint it was inserted with.
    pub fn remove(&mut self, id: u32, fp: &Fingerprint) -> Changes {
        let mut before = FxHashMap::default();
        self.remove_inner(id, fp, &mut before);
        self.diff(before)
    }

    /// A changed article: remove with the old fingerprint, insert the new.
    pub fn update(
        &mut self,
        id: u32,
        old: &Fingerprint,
        new: &Fingerprint,
        body: &Body,
        lookup: impl FnMut(u32) -> Option<Body>,
    ) -> Changes {
        let mut before = FxHashMap::default();
        self.remove_inner(id, old, &mut before);
        self.insert_inner(id, new, body, lookup, &mut before);
        self.diff(before)
    }

    fn insert_inner(
        &mut self,
        id: u32,
        fp: &Fingerprint,
        body: &Body,
        mut lookup: impl FnMut(u32) -> Option<Body>,
        before: &mut FxHashMap<u32, Option<u32>>,
    ) {
        let mut copies = Vec::new();
        for c in self.candidates(id, fp) {
            self.verifications += 1;
            if lookup(c).is_some_and(|other| is_copy(body, &other)) {
                copies.push(c);
            }
        }
        before.entry(id).or_insert(None);
        for &c in &copies {
            for m in self.component(c) {
                before.entry(m).or_insert(Some(self.group_of(m)));
            }
        }
        for (&key, t) in fp.bands().iter().zip(&mut self.tables) {
            t.insert(key, id);
        }
        self.len += 1;
        for &c in &copies {
            self.edges.entry(id).or_default().push(c);
            self.edges.entry(c).or_default().push(id);
        }
        self.relabel(id);
    }

    fn remove_inner(
        &mut self,
        id: u32,
        fp: &Fingerprint,
        before: &mut FxHashMap<u32, Option<u32>>,
    ) {
        let mut present = false;
        for (&key, t) in fp.bands().iter().zip(&mut self.tables) {
            present |= t.remove(key, id);
        }
        if !present {
            return;
        }
        self.len -= 1;
        for m in self.component(id) {
            before.entry(m).or_insert(Some(self.group_of(m)));
        }
        let neighbours = self.edges.remove(&id).unwrap_or_default();
        for &n in &neighbours {
            if let Some(v) = self.edges.get_mut(&n) {
                v.retain(|&x| x != id);
                if v.is_empty() {
                    self.edges.remove(&n);
                }
            }
        }
        self.group.remove(&id);
        before.remove(&id);
        // The old group may have split: each piece takes its own smallest id.
        for n in neighbours {
            self.relabel(n);
        }
    }

    /// Members of `id`'s component over the copy edges (breadth first).
    fn component(&self, id: u32) -> Vec<u32> {
        let mut seen: FxHashSet<u32> = FxHashSet::default();
        seen.insert(id);
        let mut queue = vec![id];
        let mut i = 0;
        while i < queue.len() {
            for &n in self
                .edges
                .get(&queue[i])
                .map(|v| v.as_slice())
                .unwrap_or(&[])
            {
                if seen.insert(n) {
                    queue.push(n);
                }
            }
            i += 1;
        }
        queue
    }

    fn relabel(&mut self, id: u32) {
        let members = self.component(id);
        let min = members.iter().copied().min().unwrap_or(id);
        for m in members {
            if members_alone(&self.edges, m) {
                self.group.remove(&m);
            } else {
                self.group.insert(m, min);
            }
        }
    }

    fn diff(&self, before: FxHashMap<u32, Option<u32>>) -> Changes {
        let mut out: Changes = before
            .into_iter()
            .filter_map(|(id, old)| {
                let now = self.group_of(id);
                (old != Some(now)).then_some((id, now))
            })
            .collect();
        out.sort_unstable();
        out
    }
}

fn members_alone(edges: &FxHashMap<u32, Vec<u32>>, id: u32) -> bool {
    !edges.contains_key(&id)
}
