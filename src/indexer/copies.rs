//! Copy groups kept right by every indexing run (SPEC "Copies and related
//! coverage"): each article carries its fingerprint and its group id, and a
//! run moves only the groups it touches.
//!
//! At the start of a run the fingerprint and group of every article are read
//! from fast columns (no stored document is opened) into band buckets. Added
//! and changed articles are written at once with a provisional group (their
//! old one, or their own); before the commit, [`Copies::settle`] recomputes
//! the groups of the region the run touched — the touched articles, their
//! old groups, the groups of their candidates and the members of any crowded
//! bucket they are in — by checking candidate pairs with the exact rule on
//! the bodies (stored bodies for committed articles, this run's bodies from
//! memory or by reading their file again). Articles whose group id moved are
//! re-written: committed ones from their stored document and fast columns,
//! this run's from their file. Nothing outside the region can change: an
//! untouched article's copies were all in its old group. A group's id is a
//! hash of its smallest article id, so a clean rebuild gives the same ids.

use rustc_hash::{FxHashMap, FxHashSet};
use tantivy::schema::Value;
use tantivy::{DocAddress, IndexWriter, Searcher, TantivyDocument, Term};

use super::canon::Canon;
use super::copy_columns::{all_bytes, stamp_of};
use super::known::all_terms;
use super::walk::CorpusFile;
use crate::article::Article;
use crate::config::Configs;
use crate::copies::{Body, Buckets, Fingerprint, Print};
use crate::schema::{self, Fields, FileStamp, name};

mod check;

pub(super) use check::body_of;

/// Shingles of this run's bodies kept in memory for verification (8 bytes
/// each, ~32 MB); beyond it a body is read again from its file when needed.
const BODY_BUDGET: usize = 4 << 20;

/// Where an article's full document can be had again.
enum Place {
    Committed(DocAddress),
    /// Written by this run, from `files[file]`.
    New {
        file: u32,
        hash: Box<str>,
        stamp: FileStamp,
        indexed_at: i64,
    },
    Gone,
}

struct Slot {
    fp: Option<Fingerprint>,
    /// The group value the writer holds for the article now.
    group: u64,
    /// Its group at the last commit (committed articles only).
    old: Option<u64>,
    place: Place,
}

pub(super) struct Copies {
    fields: Fields,
    rebuild: bool,
    ids: Vec<Box<str>>,
    slot_of: FxHashMap<Box<str>, u32>,
    slots: Vec<Slot>,
    buckets: Buckets,
    /// Old group value → its committed members.
    members: FxHashMap<u64, Vec<u32>>,
    /// Articles whose groups must be recomputed.
    seeds: FxHashSet<u32>,
    files: Vec<CorpusFile>,
    bodies: FxHashMap<u32, Body>,
    cached: usize,
}

/// A group's id: a hash of its smallest article id.
pub fn group_value(smallest_id: &str) -> u64 {
    let h = blake3::hash(smallest_id.as_bytes());
    u64::from_le_bytes(h.as_bytes()[..8].try_into().expect("8 bytes"))
}

impl Copies {
    /// Nothing known: a rebuild, where every article is recomputed.
    pub(super) fn empty(fields: Fields) -> Copies {
        Copies {
            fields,
            rebuild: true,
            ids: Vec::new(),
            slot_of: FxHashMap::default(),
            slots: Vec::new(),
            buckets: Buckets::new(),
            members: FxHashMap::default(),
            seeds: FxHashSet::default(),
            files: Vec::new(),
            bodies: FxHashMap::default(),
            cached: 0,
        }
    }

    /// Every committed article's fingerprint and group, from fast columns.
    pub(super) fn load(searcher: &Searcher, fields: Fields) -> tantivy::Result<Copies> {
        let mut c = Copies::empty(fields);
        c.rebuild = false;
        let n = searcher.num_docs() as usize;
        c.ids.reserve(n);
        c.slots.reserve(n);
        c.slot_of.reserve(n);
        for (ord, segment) in searcher.segment_readers().iter().enumerate() {
            let ff = segment.fast_fields();
            let (Some(ids), Some(fps)) = (ff.str(name::ID)?, ff.bytes(name::COPY_FP)?) else {
                continue;
            };
            let groups = ff.u64(name::COPY_GROUP)?;
            let id_terms = all_terms(&ids)?;
            let fp_terms = all_bytes(&fps)?;
            for doc in segment.doc_ids_alive() {
                let Some(id) = ids
                    .term_ords(doc)
                    .next()
                    .and_then(|o| id_terms.get(o as usize))
                else {
                    continue;
                };
                let fp = (fps.term_ords(doc).next())
                    .and_then(|o| fp_terms.get(o as usize))
                    .and_then(|b| Fingerprint::from_bytes(b).ok());
                let group = groups.first(doc).unwrap_or_else(|| group_value(id));
                let u = c.intern(id);
                c.members.entry(group).or_default().push(u);
                c.slots[u as usize] = Slot {
                    fp,
                    group,
                    old: Some(group),
                    place: Place::Committed(DocAddress::new(ord as u32, doc)),
                };
            }
        }
        let all =
            (c.slots.iter().enumerate()).filter_map(|(u, s)| Some((u as u32, s.fp.as_ref()?)));
        c.buckets = Buckets::bulk(all);
        Ok(c)
    }

    fn intern(&mut self, id: &str) -> u32 {
        if let Some(&u) = self.slot_of.get(id) {
            return u;
        }
        let u = self.ids.len() as u32;
        self.ids.push(id.into());
        self.slot_of.insert(id.into(), u);
        self.slots.push(Slot {
            fp: None,
            group: group_value(id),
            old: None,
            place: Place::Gone,
        });
        u
    }

    /// An added or changed article about to be written: its fingerprint
    /// bytes and provisional group for the document. `print` is its body's
    /// print, made by the caller in parallel.
    pub(super) fn put(
        &mut self,
        article: &Article,
        print: Print,
        file: &CorpusFile,
        hash: &str,
        stamp: FileStamp,
        indexed_at: i64,
    ) -> (Vec<u8>, u64) {
        let Print {
            body,
            fingerprint: fp,
        } = print;
        let u = self.intern(&article.id);
        self.forget(u);
        self.seeds.insert(u);
        let crossed = self.buckets.insert(u, &fp);
        self.seeds.extend(crossed);
        self.seeds.extend(self.buckets.crowded_members(&fp));
        if self.files.last().is_none_or(|f| f.rel != file.rel) {
            self.files.push(file.clone());
        }
        let slot = &mut self.slots[u as usize];
        slot.place = Place::New {
            file: (self.files.len() - 1) as u32,
            hash: hash.into(),
            stamp,
            indexed_at,
        };
        let bytes = fp.to_bytes();
        slot.fp = Some(fp);
        if self.cached + body.shingles_len() <= BODY_BUDGET {
            self.cached += body.shingles_len();
            self.bodies.insert(u, body);
        }
        (bytes, slot.group)
    }

    /// An article deleted by this run.
    pub(super) fn remove(&mut self, id: &str) {
        if let Some(&u) = self.slot_of.get(id) {
            self.forget(u);
            self.seeds.insert(u);
        }
    }

    /// Takes an article's old fingerprint out of the buckets; the pairs it
    /// was in are redone (its old candidates become seeds).
    fn forget(&mut self, u: u32) {
        let Some(old) = self.slots[u as usize].fp.take() else {
            return;
        };
        let ids = &self.ids;
        let near = self.buckets.candidates(u, &old, |x| &ids[x as usize]);
        self.seeds.extend(near);
        self.seeds.extend(self.buckets.crowded_members(&old));
        let crossed = self.buckets.remove(u, &old);
        self.seeds.extend(crossed);
        self.slots[u as usize].place = Place::Gone;
        if let Some(b) = self.bodies.remove(&u) {
            self.cached -= b.shingles_len();
        }
    }

    /// The articles whose groups this run must recompute (closed: no copy
    /// edge leaves it).
    fn region(&self) -> Vec<u32> {
        let live = |u: u32| self.slots[u as usize].fp.is_some();
        if self.rebuild {
            return (0..self.slots.len() as u32).filter(|&u| live(u)).collect();
        }
        let mut region: FxHashSet<u32> = FxHashSet::default();
        let add_group = |u: u32, region: &mut FxHashSet<u32>| {
            region.insert(u);
            if let Some(m) = self.slots[u as usize]
                .old
                .and_then(|g| self.members.get(&g))
            {
                region.extend(m.iter().copied());
            }
        };
        for &s in &self.seeds {
            add_group(s, &mut region);
            if let Some(fp) = &self.slots[s as usize].fp {
                let ids = &self.ids;
                for c in self.buckets.candidates(s, fp, |x| &ids[x as usize]) {
                    add_group(c, &mut region);
                }
            }
        }
        let mut out: Vec<u32> = region.into_iter().filter(|&u| live(u)).collect();
        out.sort_unstable();
        out
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
        let region = self.region();
        let pos: FxHashMap<u32, usize> = region.iter().enumerate().map(|(i, &u)| (u, i)).collect();
        let mut pairs = Vec::new();
        for (i, &a) in region.iter().enumerate() {
            let fp = self.slots[a as usize].fp.as_ref().expect("region is live");
            let ids = &self.ids;
            for c in self.buckets.candidates(a, fp, |x| &ids[x as usize]) {
                if let Some(&j) = pos.get(&c).filter(|&&j| j > i) {
                    pairs.push((i, j));
                }
            }
        }
        let copies = self.check_pairs(pool, &region, pairs, searcher, configs)?;
        let mut parent: Vec<usize> = (0..region.len()).collect();
        for (i, j) in copies {
            let (ri, rj) = (root(&mut parent, i), root(&mut parent, j));
            parent[ri.max(rj)] = ri.min(rj);
        }
        let mut smallest: FxHashMap<usize, &str> = FxHashMap::default();
        for (i, &u) in region.iter().enumerate() {
            let r = root(&mut parent, i);
            let id: &str = &self.ids[u as usize];
            let m = smallest.entry(r).or_insert(id);
            if id < *m {
                *m = id;
            }
        }
        let moved: Vec<(u32, u64)> = (region.iter().enumerate())
            .map(|(i, &u)| (u, group_value(smallest[&root(&mut parent, i)])))
            .filter(|&(u, g)| self.slots[u as usize].group != g)
            .collect();
        self.rewrite(&moved, searcher, writer, configs, canon)?;
        Ok(moved.len())
    }

    /// This run's articles of one file, read and parsed again.
    fn reread(&self, file: u32, configs: &Configs, canon: &mut Canon) -> Vec<Article> {
        let file = &self.files[file as usize];
        let mut out = super::apply::reparse(file, configs.nearest(&file.rel));
        for article in &mut out {
            canon.apply(article);
        }
        out
    }

    /// Re-writes each moved article with its new group value.
    fn rewrite(
        &mut self,
        moved: &[(u32, u64)],
        searcher: &Searcher,
        writer: &IndexWriter,
        configs: &Configs,
        canon: &mut Canon,
    ) -> tantivy::Result<()> {
        let f = self.fields;
        let mut by_file: FxHashMap<u32, FxHashMap<Box<str>, u64>> = FxHashMap::default();
        for &(u, group) in moved {
            let slot = &self.slots[u as usize];
            let fp = slot.fp.as_ref().map(|fp| fp.to_bytes()).unwrap_or_default();
            match &slot.place {
                Place::Committed(addr) => {
                    let doc: TantivyDocument = searcher.doc(*addr)?;
                    let article = schema::to_article(f, &doc);
                    let (hash, stamp) = stamp_of(searcher, *addr)?;
                    let indexed_at = doc.get_first(f.indexed_at).and_then(|v| v.as_datetime());
                    let mut doc = schema::to_document(f, &article, &hash, stamp);
                    if let Some(at) = indexed_at {
                        schema::set_indexed_at(f, &mut doc, at.into_timestamp_secs());
                    }
                    schema::add_copy_fields(f, &mut doc, &fp, group);
                    writer.delete_term(Term::from_field_text(f.id, &article.id));
                    writer.add_document(doc)?;
                }
                Place::New { file, .. } => {
                    (by_file.entry(*file).or_default()).insert(self.ids[u as usize].clone(), group);
                }
                Place::Gone => {}
            }
        }
        for (file, groups) in by_file {
            for article in self.reread(file, configs, canon) {
                let Some((&group, &u)) = groups
                    .get(article.id.as_str())
                    .zip(self.slot_of.get(article.id.as_str()))
                else {
                    continue;
                };
                let slot = &self.slots[u as usize];
                let (
                    Place::New {
                        hash,
                        stamp,
                        indexed_at,
                        ..
                    },
                    Some(fp),
                ) = (&slot.place, &slot.fp)
                else {
                    continue;
                };
                let mut doc = schema::to_document(f, &article, hash, *stamp);
                schema::set_indexed_at(f, &mut doc, *indexed_at);
                schema::add_copy_fields(f, &mut doc, &fp.to_bytes(), group);
                writer.delete_term(Term::from_field_text(f.id, &article.id));
                writer.add_document(doc)?;
            }
        }
        for &(u, group) in moved {
            self.slots[u as usize].group = group;
        }
        Ok(())
    }
}

fn root(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}
