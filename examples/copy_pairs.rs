//! Pair precision and recall of the stored copy groups against the exact
//! rule (BENCHMARKS.md, "Copies"): `cargo run --release --example
//! copy_pairs -- INDEX_DIR`.
//!
//! The exact relation is computed without the quadratic scan: a copy pair
//! shares at least one shingle, so only pairs that meet in a shingle's
//! posting list are checked. Both sides are then compared as the set of
//! pairs that end up in one group (connected components), and the LSH
//! candidates (with the crowded-bucket cap) are counted too.

use std::collections::{HashMap, HashSet};
use std::time::Instant;

use atlas_search::backend::Backend;
use atlas_search::copies::{Fingerprint, Print, Status, candidates, fold_words, is_copy};
use atlas_search::indexer::copy_groups;
use atlas_search::store::AtlasIndex;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args()
        .nth(1)
        .ok_or("usage: copy_pairs INDEX_DIR")?;
    let atlas = AtlasIndex::open(std::path::Path::new(&dir))?;
    let searcher = atlas.reader()?.searcher();
    let stored = copy_groups(&searcher)?;
    let ids: Vec<&String> = stored.keys().collect();
    let t = Instant::now();
    let (bodies, fps): (Vec<_>, Vec<Fingerprint>) = (ids.iter())
        .map(|id| {
            let a = atlas.article(id).ok().flatten().unwrap_or_default();
            let p = Print::new(&fold_words(&a.body));
            (p.body, p.fingerprint)
        })
        .unzip();
    eprintln!(
        "{} bodies read in {:.1} s",
        bodies.len(),
        t.elapsed().as_secs_f64()
    );

    let t = Instant::now();
    let mut postings: HashMap<u32, Vec<u32>> = HashMap::new();
    for (i, b) in bodies.iter().enumerate() {
        for &s in b.shingles() {
            postings.entry(s).or_default().push(i as u32);
        }
    }
    let mut checked: HashSet<(u32, u32)> = HashSet::new();
    let mut exact_edges = Vec::new();
    for list in postings.values() {
        for (k, &a) in list.iter().enumerate() {
            for &b in &list[k + 1..] {
                if checked.insert((a, b)) && is_copy(&bodies[a as usize], &bodies[b as usize]) {
                    exact_edges.push((a, b));
                }
            }
        }
    }
    eprintln!(
        "exact: {} pairs sharing a shingle checked, {} copy pairs, {:.1} s",
        checked.len(),
        exact_edges.len(),
        t.elapsed().as_secs_f64()
    );

    let band = |n: u32, b: usize| fps[n as usize].bands().get(b).copied();
    let lsh = candidates(
        ids.len() as u32,
        band,
        |_| Status::Kept,
        |n| ids[n as usize].clone(),
        |_, _| true,
    );
    let candidates = lsh.pairs.len();
    let found = (lsh.pairs.iter())
        .filter(|&&(a, b)| is_copy(&bodies[a as usize], &bodies[b as usize]))
        .count();
    println!("articles {}", ids.len());
    println!("lsh candidate pairs {candidates}, of which copies {found}");
    println!(
        "copy edges: exact {}, found by lsh {} (edge recall {:.4})",
        exact_edges.len(),
        found,
        found as f64 / exact_edges.len().max(1) as f64
    );

    let exact_groups = components(ids.len(), &exact_edges);
    let stored_groups: Vec<u64> = ids.iter().map(|id| stored[*id]).collect();
    let same = |g: &dyn Fn(usize) -> u64| -> HashSet<(u32, u32)> {
        let mut by: HashMap<u64, Vec<u32>> = HashMap::new();
        for i in 0..ids.len() {
            by.entry(g(i)).or_default().push(i as u32);
        }
        let mut out = HashSet::new();
        for m in by.values() {
            for (k, &a) in m.iter().enumerate() {
                for &b in &m[k + 1..] {
                    out.insert((a, b));
                }
            }
        }
        out
    };
    let e = same(&|i| exact_groups[i] as u64);
    let s = same(&|i| stored_groups[i]);
    let both = e.intersection(&s).count();
    println!(
        "co-grouped pairs: exact {}, stored {}, both {} (precision {:.4}, recall {:.4})",
        e.len(),
        s.len(),
        both,
        both as f64 / s.len().max(1) as f64,
        both as f64 / e.len().max(1) as f64
    );
    Ok(())
}

fn components(n: usize, edges: &[(u32, u32)]) -> Vec<usize> {
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    for &(a, b) in edges {
        let (ra, rb) = (root(&mut parent, a as usize), root(&mut parent, b as usize));
        parent[ra.max(rb)] = ra.min(rb);
    }
    (0..n).map(|i| root(&mut parent, i)).collect()
}
