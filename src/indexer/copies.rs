//! Copy groups kept right by every indexing run (SPEC "Copies and related
//! coverage"): each article carries its fingerprint and its group id, and a
//! run moves only the groups it touches.
//!
//! At the start of a run the fingerprint and group of every committed
//! article are read from fast columns (no stored document is opened) into
//! flat tables; added and changed articles are written at once with a
//! provisional group (their own) and their bands kept beside them. Before
//! the commit, [`Copies::settle`] finds the candidate pairs of the final set
//! band by band (`copies::candidates`), then recomputes the groups of the region the
//! run touched — the touched articles, the live members of the buckets they
//! were or are in, those articles' candidates, and every old group any of
//! them was in — by checking candidate pairs with the exact rule on the
//! bodies (`check.rs`). Articles whose group id moved are re-written:
//! committed ones from their stored document and fast columns, this run's
//! from their file. Nothing outside the region can change: an untouched
//! article's copies were all in its old group. A group's id is a hash of its
//! smallest article id, so a clean rebuild gives the same ids.

use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap;
use tantivy::columnar::StrColumn;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocSet, IndexWriter, Searcher, TERMINATED, Term};

use super::canon::Canon;
use super::known::str_of;
use super::walk::CorpusFile;
use crate::article::Article;
use crate::config::Configs;
use crate::copies::{Body, Print, Status, candidates};
use crate::schema::{Fields, FileStamp, name};

mod check;
mod nodes;
mod rewrite;
mod spill;

pub(super) use check::print_of;
use nodes::{BandKeys, BandTable, Bits, Ids, Strings};
use spill::Spill;

/// Shingles of this run's bodies kept in memory for verification (4 bytes
/// each, ~32 MB); beyond it bodies go to the run's spill file (`spill.rs`).
const BODY_BUDGET: usize = 8 << 20;

/// A fresh slot that holds no article (its id was only removed).
const NO_FILE: u32 = u32::MAX;

/// Node numbers: committed documents first (`segment base + doc`), then
/// this run's articles (`committed + slot`, a slot per interned id).
pub(super) struct Copies {
    fields: Fields,
    rebuild: bool,
    corpus: PathBuf,
    /// Committed documents (deleted ones included), numbered first.
    committed_nodes: u32,
    /// Per committed node: its bands (none for a deleted document) and
    /// group, read in `settle` only when the run changed something.
    committed: BandTable,
    groups: Vec<u64>,
    /// First node of each segment, by segment ordinal.
    bases: Vec<u32>,
    /// This run's ids, and per slot its bands, file and `indexed_at`.
    ids: Ids,
    fresh: BandTable,
    file_of: Vec<u32>,
    indexed_at: Vec<i64>,
    /// Files holding this run's articles (relative paths) and their stamps;
    /// the few whose path is not the corpus joined with their (lossy,
    /// UTF-8) relative path keep it whole.
    paths: Strings,
    stamps: Vec<FileStamp>,
    odd_paths: FxHashMap<u32, PathBuf>,
    bodies: FxHashMap<u32, Body>,
    cached: usize,
    body_budget: usize,
    spill: Spill,
    spill_dir: PathBuf,
}

/// A group's id: a hash of its smallest article id.
pub fn group_value(smallest_id: &str) -> u64 {
    let h = blake3::hash(smallest_id.as_bytes());
    u64::from_le_bytes(h.as_bytes()[..8].try_into().expect("8 bytes"))
}

/// Where a node's full document can be had again.
enum Place {
    Committed(DocAddress),
    /// Written by this run, from file number `.0`.
    Fresh(u32),
    Gone,
}

impl Copies {
    /// Nothing known: a rebuild, where every article is recomputed.
    /// `spill_dir` holds the spill file (the index directory: same disk).
    pub(super) fn empty(fields: Fields, corpus: &Path, spill_dir: &Path) -> Copies {
        Copies {
            fields,
            rebuild: true,
            corpus: corpus.to_path_buf(),
            committed_nodes: 0,
            committed: BandTable::default(),
            groups: Vec::new(),
            bases: Vec::new(),
            ids: Ids::default(),
            fresh: BandTable::default(),
            file_of: Vec::new(),
            indexed_at: Vec::new(),
            paths: Strings::default(),
            stamps: Vec::new(),
            odd_paths: FxHashMap::default(),
            bodies: FxHashMap::default(),
            cached: 0,
            // The variable exists for tests, which make every body spill.
            body_budget: (std::env::var("ATLAS_COPY_BODY_BUDGET").ok())
                .and_then(|v| v.parse().ok())
                .unwrap_or(BODY_BUDGET),
            spill: Spill::default(),
            spill_dir: spill_dir.to_path_buf(),
        }
    }

    /// The state of an incremental run: committed documents are numbered
    /// now, their bands and groups read only if something changes.
    pub(super) fn new(
        searcher: &Searcher,
        fields: Fields,
        corpus: &Path,
        spill_dir: &Path,
    ) -> Copies {
        let mut c = Copies::empty(fields, corpus, spill_dir);
        c.rebuild = false;
        for segment in searcher.segment_readers() {
            c.bases.push(c.committed_nodes);
            c.committed_nodes += segment.max_doc();
        }
        c
    }

    /// Every committed article's bands and group, from fast columns.
    fn load_committed(&mut self, searcher: &Searcher) -> tantivy::Result<()> {
        for segment in searcher.segment_readers() {
            let ff = segment.fast_fields();
            let fps = ff.bytes(name::COPY_FP)?;
            let groups = ff.u64(name::COPY_GROUP)?;
            let by_ord = match &fps {
                Some(col) => bands_by_ord(col)?,
                None => BandTable::default(),
            };
            for doc in 0..segment.max_doc() {
                let ord = (!segment.is_deleted(doc))
                    .then(|| fps.as_ref()?.term_ords(doc).next())
                    .flatten();
                (self.committed).push_row(&by_ord, ord.map(|o| o as usize));
                self.groups.push(groups.first(doc).unwrap_or(0));
            }
        }
        Ok(())
    }

    fn committed_nodes(&self) -> u32 {
        self.committed_nodes
    }

    fn slot(&mut self, id: &str) -> u32 {
        let (slot, new) = self.ids.intern(id);
        if new {
            self.fresh.push(None);
            self.file_of.push(NO_FILE);
            self.indexed_at.push(0);
        }
        slot
    }

    /// An added or changed article about to be written: its fingerprint
    /// bytes and provisional group for the document. `print` is its body's
    /// print, made by the caller in parallel.
    pub(super) fn put(
        &mut self,
        article: &Article,
        print: Print,
        file: &CorpusFile,
        stamp: FileStamp,
        indexed_at: i64,
    ) -> (Vec<u8>, u64) {
        let Print {
            body,
            fingerprint: fp,
        } = print;
        let slot = self.slot(&article.id);
        let node = self.committed_nodes() + slot;
        if let Some(b) = self.bodies.remove(&node) {
            self.cached -= b.shingles_len();
        }
        self.spill.forget(slot);
        let last = self.paths.len().checked_sub(1);
        let file_no = match last {
            Some(n) if self.paths.get(n as u32) == file.rel => n as u32,
            _ => {
                self.stamps.push(stamp);
                let n = self.paths.push(&file.rel);
                if self.corpus.join(&file.rel) != file.abs {
                    self.odd_paths.insert(n, file.abs.clone());
                }
                n
            }
        };
        self.fresh.set(slot as usize, Some(&fp));
        self.file_of[slot as usize] = file_no;
        self.indexed_at[slot as usize] = indexed_at;
        if self.cached + body.shingles_len() <= self.body_budget {
            self.cached += body.shingles_len();
            self.bodies.insert(node, body);
        } else {
            self.spill.put(&self.spill_dir, slot, &body);
        }
        (fp.to_bytes(), group_value(&article.id))
    }

    /// An article deleted by this run.
    pub(super) fn remove(&mut self, id: &str) {
        let slot = self.slot(id);
        self.fresh.set(slot as usize, None);
        self.file_of[slot as usize] = NO_FILE;
        if let Some(b) = self.bodies.remove(&(self.committed_nodes() + slot)) {
            self.cached -= b.shingles_len();
        }
        self.spill.forget(slot);
    }

    fn place(&self, node: u32) -> Place {
        let committed = self.committed_nodes();
        if node >= committed {
            return match self.file_of[(node - committed) as usize] {
                NO_FILE => Place::Gone,
                file => Place::Fresh(file),
            };
        }
        let seg = self.bases.partition_point(|&b| b <= node) - 1;
        Place::Committed(DocAddress::new(seg as u32, node - self.bases[seg]))
    }

    /// The committed documents this run replaces or deletes (every live
    /// document with one of this run's ids).
    fn dead(&self, searcher: &Searcher) -> tantivy::Result<Bits> {
        let mut dead = Bits::new(self.committed_nodes as usize);
        if self.rebuild {
            return Ok(dead);
        }
        for (ord, segment) in searcher.segment_readers().iter().enumerate() {
            let inverted = segment.inverted_index(self.fields.id)?;
            for slot in 0..self.ids.len() as u32 {
                let term = Term::from_field_text(self.fields.id, self.ids.get(slot));
                let Some(mut postings) = inverted.read_postings(&term, IndexRecordOption::Basic)?
                else {
                    continue;
                };
                let mut doc = postings.doc();
                while doc != TERMINATED {
                    if !segment.is_deleted(doc) {
                        dead.insert(self.bases[ord] + doc);
                    }
                    doc = postings.advance();
                }
            }
        }
        Ok(dead)
    }

    /// Recomputes the touched groups and re-writes the articles whose
    /// group id moved. Returns how many were re-written.
    pub(super) fn settle(
        &mut self,
        pool: &rayon::ThreadPool,
        searcher: &Searcher,
        writer: &IndexWriter,
        configs: &Configs,
        canon: &mut Canon,
    ) -> tantivy::Result<usize> {
        if !self.rebuild && self.ids.len() == 0 {
            return Ok(0);
        }
        if !self.rebuild {
            self.load_committed(searcher)?;
        }
        let dead = self.dead(searcher)?;
        let committed = self.committed_nodes();
        let nodes = committed + self.ids.len() as u32;
        let id_columns = (searcher.segment_readers().iter())
            .map(|s| s.fast_fields().str(name::ID))
            .collect::<tantivy::Result<Vec<_>>>()?;
        let status = |n: u32| {
            if n >= committed {
                match self.file_of[(n - committed) as usize] {
                    NO_FILE => Status::Absent,
                    _ => Status::Fresh,
                }
            } else if self.committed.band(n as usize, 0).is_none() {
                Status::Absent
            } else if dead.contains(n) {
                Status::Dead
            } else {
                Status::Kept
            }
        };
        let band = |n: u32, b: usize| match n.checked_sub(committed) {
            Some(slot) => self.fresh.band(slot as usize, b),
            None => self.committed.band(n as usize, b),
        };
        let id = |n: u32| self.id_of(n, &id_columns);
        let (region, pairs) = if self.rebuild {
            let found = candidates(nodes, band, status, id, |_, _| true);
            (self.region(nodes, &found.touched, status), found.pairs)
        } else {
            // Two narrow passes instead of every bucket of the archive: the
            // buckets of changed articles give the region, the buckets of
            // the region give every pair inside it.
            let changed = (0..nodes).filter(|&n| matches!(status(n), Status::Dead | Status::Fresh));
            let keys = BandKeys::of(changed, band);
            let found = candidates(nodes, band, status, id, |b, h| keys.has(b, h));
            let region = self.region(nodes, &found.touched, status);
            let keys = BandKeys::of(region.iter().copied(), band);
            let found = candidates(nodes, band, status, id, |b, h| keys.has(b, h));
            (region, found.pairs)
        };
        let mut index = vec![u32::MAX; nodes as usize];
        for (i, &n) in region.iter().enumerate() {
            index[n as usize] = i as u32;
        }
        let in_region = (pairs.into_iter())
            .map(|(a, b)| (index[a as usize], index[b as usize]))
            .filter(|&(i, j)| i != u32::MAX && j != u32::MAX)
            .collect();
        drop(index);
        self.spill.finish_writing();
        let copies = self.check_pairs(pool, &region, in_region, searcher, configs)?;
        let mut parent: Vec<u32> = (0..region.len() as u32).collect();
        for (i, j) in copies {
            let (ri, rj) = (root(&mut parent, i), root(&mut parent, j));
            parent[ri.max(rj) as usize] = ri.min(rj);
        }
        // The member with the smallest id of each root, then its group value.
        let mut smallest: Vec<u32> = (0..region.len() as u32).collect();
        let (mut a, mut b) = (String::new(), String::new());
        for i in 0..region.len() as u32 {
            let r = root(&mut parent, i) as usize;
            self.id_into(region[i as usize], &id_columns, &mut a);
            self.id_into(region[smallest[r] as usize], &id_columns, &mut b);
            if a < b {
                smallest[r] = i;
            }
        }
        let mut value = vec![0u64; region.len()];
        for (r, &m) in smallest.iter().enumerate() {
            if root(&mut parent, r as u32) == r as u32 {
                self.id_into(region[m as usize], &id_columns, &mut a);
                value[r] = group_value(&a);
            }
        }
        let moved: Vec<(u32, u64)> = (region.iter().enumerate())
            .map(|(i, &n)| (n, value[root(&mut parent, i as u32) as usize]))
            .filter(|&(n, g)| self.written_group(n, &id_columns) != g)
            .collect();
        self.rewrite(&moved, searcher, writer, configs, canon)?;
        Ok(moved.len())
    }

    /// The live nodes whose groups this run must recompute: this run's
    /// articles, the live members of every bucket that held one of them or
    /// a replaced article (`copies::Candidates::touched`), and every member
    /// of those members' old groups. It is closed: a pair of unchanged
    /// bodies keeps its verdict unless its buckets changed, which makes
    /// both touched; so an untouched article's copies are all in its old
    /// group. A rebuild recomputes all.
    fn region(&self, nodes: u32, touched: &[u32], status: impl Fn(u32) -> Status) -> Vec<u32> {
        let live = |n: u32| matches!(status(n), Status::Kept | Status::Fresh);
        if self.rebuild {
            return (0..nodes).filter(|&n| live(n)).collect();
        }
        let committed = self.committed_nodes();
        let mut seeds = Bits::new(nodes as usize);
        for n in (committed..nodes).chain(touched.iter().copied()) {
            seeds.insert(n);
        }
        let old_groups: rustc_hash::FxHashSet<u64> = (0..committed)
            .filter(|&n| seeds.contains(n))
            .map(|n| self.groups[n as usize])
            .collect();
        (0..nodes)
            .filter(|&n| live(n))
            .filter(|&n| {
                seeds.contains(n)
                    || (n < committed && old_groups.contains(&self.groups[n as usize]))
            })
            .collect()
    }

    /// A node's article id: this run's from memory, a committed one from
    /// its segment's id column.
    fn id_of(&self, n: u32, columns: &[Option<StrColumn>]) -> String {
        let mut out = String::new();
        self.id_into(n, columns, &mut out);
        out
    }

    fn id_into(&self, n: u32, columns: &[Option<StrColumn>], out: &mut String) {
        out.clear();
        match self.place(n) {
            Place::Committed(addr) => {
                if let Some(col) = &columns[addr.segment_ord as usize] {
                    let _ = str_of(col, addr.doc_id, out);
                }
            }
            _ => out.push_str(self.ids.get(n - self.committed_nodes())),
        }
    }

    /// The group value the writer holds for a node now.
    fn written_group(&self, n: u32, columns: &[Option<StrColumn>]) -> u64 {
        match self.groups.get(n as usize) {
            Some(&g) if g != 0 => g,
            _ => group_value(&self.id_of(n, columns)),
        }
    }
}

/// The bands of each distinct fingerprint in a segment's column, by ord
/// (the dictionary streamed once).
fn bands_by_ord(col: &tantivy::columnar::BytesColumn) -> std::io::Result<BandTable> {
    let mut out = BandTable::default();
    let mut stream = col.dictionary().stream()?;
    while stream.advance() {
        out.push_bytes(stream.key());
    }
    Ok(out)
}

fn root(parent: &mut [u32], mut i: u32) -> u32 {
    while parent[i as usize] != i {
        parent[i as usize] = parent[parent[i as usize] as usize];
        i = parent[i as usize];
    }
    i
}
