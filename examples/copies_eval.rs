//! # Measuring copy detection
//!
//! Precision and recall of the LSH candidate pairs and of the final groups
//! against the brute-force exact rule (`groups_exact`), on the fixtures and
//! on a synthetic archive; time to fingerprint, bytes stored per article,
//! heap held by the `CopyIndex` (a counting allocator) at N articles.
//! Run: `cargo run --release --example copies_eval -- [N] [SAMPLE]`
//! (defaults 100000 and 5000: brute force is quadratic, so it runs on the
//! first SAMPLE articles and the LSH side on all N).
//!
//! The synthetic archive: bodies of 150–800 words drawn from a skewed
//! 20,000-word vocabulary, a fifth of them ending in one of five shared
//! boilerplate paragraphs; one article in ten is planted from an earlier one
//! as exact, retitled (same body), trimmed (55–95 % kept), local lede (40–80
//! new words first), typo-fixed (3 words changed), quoting (a new story with
//! a 100-word quote: must not group) or boundary (trimmed to 52 % with 2
//! typos: containment ≈ 0.9 at half length, the worst case of the design).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::Instant;

use atlas_search::copies::{
    Body, CopyIndex, Fingerprint, Print, fold_words, groups_exact, is_copy,
};
use rustc_hash::{FxHashMap, FxHashSet};

struct Counting;
static NOW: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let n = NOW.fetch_add(l.size(), Relaxed) + l.size();
        PEAK.fetch_max(n, Relaxed);
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        NOW.fetch_sub(l.size(), Relaxed);
        unsafe { System.dealloc(p, l) }
    }
}
#[global_allocator]
static A: Counting = Counting;

/// splitmix64: a seeded generator, so every run builds the same archive.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// Skewed word ids: common words common, as in text.
    fn word(&mut self) -> u32 {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        (20_000f64.powf(u * u) as u32).min(19_999)
    }
}

const KINDS: [&str; 7] = [
    "exact", "retitled", "trimmed", "lede", "typo", "quote", "boundary",
];

fn fresh(rng: &mut Rng, n: usize) -> Vec<u32> {
    (0..n).map(|_| rng.word()).collect()
}

/// Article `i`'s body as word ids, regenerated on demand (nothing stored).
fn article(i: usize) -> (Vec<u32>, Option<(usize, &'static str)>) {
    let mut rng = Rng(i as u64 * 7919 + 1);
    if i > 0 && rng.below(10) == 0 {
        let src = i - 1 - rng.below(i.min(500));
        let kind = KINDS[rng.below(KINDS.len())];
        let mut w = article(src).0;
        let n = w.len();
        match kind {
            "trimmed" => w.truncate(n * (55 + rng.below(40)) / 100),
            "lede" => {
                let k = 40 + rng.below(40);
                w.splice(0..0, fresh(&mut rng, k)).for_each(drop)
            }
            "typo" | "boundary" => {
                if kind == "boundary" {
                    w.truncate(n * 52 / 100);
                }
                for _ in 0..(if kind == "typo" { 3 } else { 2 }) {
                    let p = rng.below(w.len());
                    w[p] = 20_000 + rng.below(1000) as u32;
                }
            }
            "quote" => {
                let start = rng.below(n.saturating_sub(100).max(1));
                let mut own = fresh(&mut rng, 300);
                own.splice(150..150, w[start..(start + 100).min(n)].to_vec())
                    .for_each(drop);
                w = own;
            }
            _ => {}
        }
        return (w, Some((src, kind)));
    }
    let k = 150 + rng.below(650);
    let mut w = fresh(&mut rng, k);
    if rng.below(5) == 0 {
        let mut b = Rng(1000 + rng.below(5) as u64);
        w.extend(fresh(&mut b, 60));
    }
    (w, None)
}

fn print(i: usize) -> Print {
    let words: Vec<String> = article(i).0.iter().map(|w| format!("w{w}")).collect();
    Print::new(&words)
}

fn pairs_of(groups: &FxHashMap<u32, u32>) -> FxHashSet<(u32, u32)> {
    let mut by: FxHashMap<u32, Vec<u32>> = FxHashMap::default();
    for (&id, &g) in groups {
        by.entry(g).or_default().push(id);
    }
    let mut out = FxHashSet::default();
    for m in by.values_mut() {
        m.sort_unstable();
        for a in 0..m.len() {
            for b in a + 1..m.len() {
                out.insert((m[a], m[b]));
            }
        }
    }
    out
}

fn pr(name: &str, found: &FxHashSet<(u32, u32)>, truth: &FxHashSet<(u32, u32)>) {
    let hit = found.intersection(truth).count() as f64;
    println!(
        "{name}: {} found, {} true, precision {:.4}, recall {:.4}",
        found.len(),
        truth.len(),
        if found.is_empty() {
            1.0
        } else {
            hit / found.len() as f64
        },
        if truth.is_empty() {
            1.0
        } else {
            hit / truth.len() as f64
        }
    );
}

/// Candidate pairs, exact pairs and group co-membership pairs on `bodies`.
fn evaluate(label: &str, prints: &[(u32, Print)]) {
    let bodies: Vec<(u32, Body)> = (prints.iter()).map(|(i, p)| (*i, p.body.clone())).collect();
    let bodies = &bodies[..];
    let exact = groups_exact(bodies);
    let by_id: FxHashMap<u32, &Body> = bodies.iter().map(|(i, b)| (*i, b)).collect();
    let mut index = CopyIndex::new();
    let mut cand = FxHashSet::default();
    let mut truth = FxHashSet::default();
    for (id, p) in prints {
        let (b, fp) = (&p.body, &p.fingerprint);
        for c in index.candidates(*id, fp) {
            cand.insert((c.min(*id), c.max(*id)));
        }
        index.insert(*id, fp, b, |c| by_id.get(&c).map(|x| (*x).clone()));
    }
    for (i, (a, ba)) in bodies.iter().enumerate() {
        for (b, bb) in &bodies[i + 1..] {
            if is_copy(ba, bb) {
                truth.insert((*a.min(b), *a.max(b)));
            }
        }
    }
    let lsh: FxHashMap<u32, u32> = bodies
        .iter()
        .map(|(i, _)| (*i, index.group_of(*i)))
        .collect();
    println!("== {label}: {} articles", bodies.len());
    pr("candidate pairs vs exact-rule pairs", &cand, &truth);
    pr(
        "grouped pairs vs brute-force groups",
        &pairs_of(&lsh),
        &pairs_of(&exact),
    );
}

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let n = args.first().copied().unwrap_or(100_000);
    let sample = args.get(1).copied().unwrap_or(5_000).min(n);

    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/copies");
    let mut fx: Vec<(u32, Print)> = Vec::new();
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    for (i, p) in names.iter().enumerate() {
        let text = std::fs::read_to_string(p).unwrap();
        let b = text.split_once("\n\n").map(|x| x.1).unwrap_or("");
        fx.push((i as u32, Print::new(&fold_words(b))));
    }
    evaluate("fixtures", &fx);

    let t = Instant::now();
    let s: Vec<(u32, Print)> = (0..sample).map(|i| (i as u32, print(i))).collect();
    println!("(sample built in {:.1?})", t.elapsed());
    evaluate("synthetic sample (brute force)", &s);
    drop(s);
    boundary_recall();
    at_scale(n);
}

/// LSH recall where the design is tightest: planted "boundary" pairs only.
fn boundary_recall() {
    let (mut pairs, mut found) = (0, 0);
    for i in 0..200_000 {
        if let (_, Some((src, "boundary"))) = article(i) {
            let (a, b) = (print(i), print(src));
            if !is_copy(&a.body, &b.body) {
                continue;
            }
            pairs += 1;
            let (fa, fb) = (a.fingerprint, b.fingerprint);
            found += usize::from(fa.bands().iter().zip(fb.bands()).any(|(x, y)| x == y));
        }
    }
    println!("== boundary pairs (half length, containment ~0.9): {found}/{pairs} candidates");
}

fn at_scale(n: usize) {
    let t = Instant::now();
    let bodies_fps: Vec<Fingerprint> = (0..n).map(|i| print(i).fingerprint).collect();
    let genw = Instant::now();
    for i in 0..n.min(20_000) {
        std::hint::black_box(article(i));
    }
    let gen_per = genw.elapsed() / n.min(20_000) as u32;
    let per = t.elapsed() / n as u32;
    let bytes: usize = bodies_fps.iter().map(|f| f.to_bytes().len()).sum();
    println!("== {n} articles");
    println!(
        "fingerprint (words → Body → Fingerprint): {per:.1?}/article incl. {gen_per:.1?} to generate the words"
    );
    println!("stored: {:.1} bytes/article", bytes as f64 / n as f64);
    let base = NOW.load(Relaxed);
    PEAK.store(base, Relaxed);
    let t = Instant::now();
    let mut index = CopyIndex::new();
    for (i, fp) in bodies_fps.iter().enumerate() {
        index.insert(i as u32, fp, &print(i).body, |c| {
            Some(print(c as usize).body)
        });
    }
    let held = NOW.load(Relaxed) - base;
    let peak = PEAK.load(Relaxed) - base;
    let (groups, members) = index.group_counts();
    println!(
        "CopyIndex build: {:.1?} ({} verifications, {groups} groups, {members} articles in groups)",
        t.elapsed(),
        index.verifications
    );
    println!(
        "CopyIndex heap: {:.1} MB held, {:.1} MB peak during build ({:.0} bytes/article; ×1M ≈ {:.0} MB)",
        held as f64 / 1e6,
        peak as f64 / 1e6,
        held as f64 / n as f64,
        held as f64 / n as f64
    );
    let t = Instant::now();
    let id = (n / 2) as u32;
    let Print {
        body: b,
        fingerprint: fp,
    } = print(id as usize);
    index.remove(id, &fp);
    index.insert(id, &fp, &b, |c| Some(print(c as usize).body));
    println!("one remove + insert at {n}: {:.1?}", t.elapsed());
}
