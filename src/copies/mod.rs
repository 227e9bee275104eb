//! Near-copy detection: a wire story runs in the archive many times
//! (retitled, trimmed, with a local lede) and should be shown once.
//!
//! SPEC "Copies and related coverage": two bodies are copies when at least
//! 90 % of the shorter body's 5-word shingles occur in the longer one and the
//! shorter has at least half as many words; bodies under 50 words are copies
//! only when identical. Groups are connected components of that relation.
//! [`Body`] holds what the exact rule needs, [`Fingerprint`] is the small
//! MinHash/LSH value stored per article, [`CopyIndex`] finds candidates by
//! band and keeps the verified groups incrementally. Everything here is pure:
//! the caller hands in folded words (lowercased, accent-folded, unstemmed).

mod buckets;
mod fingerprint;
mod index;
mod overlap;

pub use buckets::{BUCKET_CAP, Candidates, Status, WINDOW, candidates};
pub use fingerprint::{BANDS, Fingerprint, FingerprintError, ROWS};
pub use index::{Changes, CopyIndex};

/// What the indexer keeps of one body: the exact rule's view and the
/// fingerprint stored with the article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Print {
    pub body: Body,
    pub fingerprint: Fingerprint,
}

impl Print {
    pub fn new<S: AsRef<str>>(words: &[S]) -> Print {
        BodyBuilder::of(words).print()
    }
}

use rustc_hash::FxHashMap;

/// Words per shingle (SPEC).
pub const SHINGLE: usize = 5;
/// Bodies shorter than this are copies only when identical (SPEC).
pub const SHORT_WORDS: usize = 50;
/// Share of the shorter body's shingles that must occur in the longer (SPEC).
pub const MIN_CONTAINMENT: f64 = 0.9;

/// Folds text the way the index's word analyzers start (SimpleTokenizer,
/// LowerCaser, AsciiFoldingFilter, no stemming). For tests, fixtures and
/// tools; the indexer passes the words of its own analyzer.
pub fn fold_words(text: &str) -> Vec<String> {
    let mut analyzer = crate::analysis::unstemmed_analyzer();
    crate::analysis::tokens(&mut analyzer, text)
        .into_iter()
        .map(|t| t.text)
        .collect()
}

/// One body as the exact rule sees it: its word count, its distinct shingle
/// hashes (sorted) and, for short bodies, the words themselves, so that
/// "identical" is compared on words and not on hashes.
///
/// Shingle hashes are 32 bits here (the top half of the 64-bit ones the
/// fingerprint is made of): half the memory, so twice the bodies fit in the
/// indexer's check budget. Two different shingles of a pair collide with
/// odds of about 1 in 2³² each, far below what moves a 90 % containment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Body {
    words: usize,
    shingles: Vec<u32>,
    short: Option<Vec<Box<str>>>,
}

impl Body {
    pub fn new<S: AsRef<str>>(words: &[S]) -> Body {
        BodyBuilder::of(words).finish()
    }

    pub fn words(&self) -> usize {
        self.words
    }

    /// Distinct shingles held (what a body costs in memory, 4 bytes each).
    pub fn shingles_len(&self) -> usize {
        self.shingles.len()
    }

    /// The distinct shingle hashes, sorted.
    pub fn shingles(&self) -> &[u32] {
        &self.shingles
    }

    /// Appends the body's bytes to `out` (the indexer spills bodies to a
    /// temporary file; [`Body::decode`] reads them back).
    pub fn encode(&self, out: &mut Vec<u8>) {
        out.extend((self.words as u32).to_le_bytes());
        out.extend((self.shingles.len() as u32).to_le_bytes());
        for s in &self.shingles {
            out.extend(s.to_le_bytes());
        }
        for word in self.short.iter().flatten() {
            out.extend((word.len() as u32).to_le_bytes());
            out.extend(word.as_bytes());
        }
    }

    /// A body from [`Body::encode`]'s bytes; `None` when they are not one.
    pub fn decode(bytes: &[u8]) -> Option<Body> {
        fn take<'a>(rest: &mut &'a [u8], n: usize) -> Option<&'a [u8]> {
            let (head, tail) = (rest.len() >= n).then(|| rest.split_at(n))?;
            *rest = tail;
            Some(head)
        }
        fn number(rest: &mut &[u8]) -> Option<u32> {
            Some(u32::from_le_bytes(take(rest, 4)?.try_into().ok()?))
        }
        let mut rest = bytes;
        let words = number(&mut rest)? as usize;
        let count = number(&mut rest)? as usize;
        let shingles = (0..count)
            .map(|_| number(&mut rest))
            .collect::<Option<Vec<u32>>>()?;
        let short = if words < SHORT_WORDS {
            let mut list = Vec::with_capacity(words);
            for _ in 0..words {
                let len = number(&mut rest)? as usize;
                list.push(std::str::from_utf8(take(&mut rest, len)?).ok()?.into());
            }
            Some(list)
        } else {
            None
        };
        rest.is_empty().then_some(Body {
            words,
            shingles,
            short,
        })
    }
}

/// A [`Body`] (or a whole [`Print`]) made word by word, for callers that
/// stream tokens (the indexer) rather than hold a word list.
#[derive(Default)]
pub struct BodyBuilder {
    hashes: Vec<u64>,
    /// The first words, kept while the body might still be short.
    first: Vec<Box<str>>,
}

impl BodyBuilder {
    fn of<S: AsRef<str>>(words: &[S]) -> BodyBuilder {
        let mut builder = BodyBuilder::default();
        for w in words {
            builder.push(w.as_ref());
        }
        builder
    }

    pub fn push(&mut self, word: &str) {
        if self.hashes.len() < SHORT_WORDS {
            self.first.push(word.into());
        }
        self.hashes.push(word_hash(word));
    }

    /// The body alone (re-read bodies need no fingerprint).
    pub fn finish(self) -> Body {
        let (body, _) = self.shingled();
        body
    }

    /// The body and its fingerprint.
    pub fn print(self) -> Print {
        let (body, wide) = self.shingled();
        Print {
            fingerprint: Fingerprint::of(body.words, body.short.is_some(), &wide),
            body,
        }
    }

    /// The body, and its distinct 64-bit shingle hashes (sorted) that the
    /// stored fingerprint is made of.
    fn shingled(self) -> (Body, Vec<u64>) {
        let hashes = self.hashes;
        let mut wide: Vec<u64> = hashes.windows(SHINGLE).map(shingle_hash).collect();
        if wide.is_empty() && !hashes.is_empty() {
            // Fewer than five words: the whole sequence is the one shingle.
            wide.push(shingle_hash(&hashes));
        }
        wide.sort_unstable();
        wide.dedup();
        // The top halves of sorted values are sorted too.
        let mut shingles: Vec<u32> = wide.iter().map(|&s| (s >> 32) as u32).collect();
        shingles.dedup();
        let short = (hashes.len() < SHORT_WORDS).then_some(self.first);
        let body = Body {
            words: hashes.len(),
            shingles,
            short,
        };
        (body, wide)
    }
}

/// Containment of the shorter body's shingles in the longer one, 0–1 (the
/// "score" of a copy in `atlas related`). The shorter is the one with fewer
/// words; on a tie the one with fewer distinct shingles, so it is symmetric.
pub fn containment(a: &Body, b: &Body) -> f64 {
    let (s, l) = shorter_first(a, b);
    if s.shingles.is_empty() {
        return if l.shingles.is_empty() { 1.0 } else { 0.0 };
    }
    overlap::intersection(&s.shingles, &l.shingles) as f64 / s.shingles.len() as f64
}

fn shorter_first<'a>(a: &'a Body, b: &'a Body) -> (&'a Body, &'a Body) {
    if (a.words, a.shingles.len()) <= (b.words, b.shingles.len()) {
        (a, b)
    } else {
        (b, a)
    }
}

/// [`containment`] from two word lists.
pub fn similarity<S: AsRef<str>, T: AsRef<str>>(a: &[S], b: &[T]) -> f32 {
    containment(&Body::new(a), &Body::new(b)) as f32
}

/// The exact rule of SPEC, on two bodies.
pub fn is_copy(a: &Body, b: &Body) -> bool {
    if a.words < SHORT_WORDS || b.words < SHORT_WORDS {
        return a.short.is_some() && a.short == b.short;
    }
    let (s, l) = (a.words.min(b.words), a.words.max(b.words));
    2 * s >= l && contains_at_least(a, b, MIN_CONTAINMENT)
}

/// `containment(a, b) >= min`, decided without the whole merge: it stops
/// once too many of the shorter body's shingles are missing, which for the
/// many candidate pairs that are not copies is after a tenth of them.
fn contains_at_least(a: &Body, b: &Body, min: f64) -> bool {
    let (s, l) = shorter_first(a, b);
    if s.shingles.is_empty() {
        return containment(a, b) >= min;
    }
    let needed = overlap::needed(s.shingles.len(), min);
    overlap::shares_at_least(&s.shingles, &l.shingles, needed)
}

/// Groups by brute force: the exact rule on every pair, then connected
/// components. Quadratic: the reference that tests and measurements compare
/// the fingerprint grouping against. Maps each id to its group (the smallest
/// member id, like [`CopyIndex`]).
pub fn groups_exact(bodies: &[(u32, Body)]) -> FxHashMap<u32, u32> {
    let mut parent: Vec<usize> = (0..bodies.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for i in 0..bodies.len() {
        for j in i + 1..bodies.len() {
            if is_copy(&bodies[i].1, &bodies[j].1) {
                let (ri, rj) = (root(&mut parent, i), root(&mut parent, j));
                parent[ri.max(rj)] = ri.min(rj);
            }
        }
    }
    let mut min_of: FxHashMap<usize, u32> = FxHashMap::default();
    for (i, (id, _)) in bodies.iter().enumerate() {
        let r = root(&mut parent, i);
        let m = min_of.entry(r).or_insert(*id);
        *m = (*m).min(*id);
    }
    let mut out = FxHashMap::default();
    for (i, (id, _)) in bodies.iter().enumerate() {
        let r = root(&mut parent, i);
        out.insert(*id, min_of[&r]);
    }
    out
}

/// splitmix64's finalizer: our own, so fingerprints stored in an index stay
/// valid across crate and compiler versions (std's and Fx's hashes may change).
/// Always inlined, so that vectorised callers (`fingerprint::minima`) vectorise it too.
#[inline(always)]
pub(crate) fn mix64(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// FNV-1a over the word's bytes, then mixed.
fn word_hash(w: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in w.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    mix64(h)
}

/// Order-sensitive combination of word hashes.
fn shingle_hash(words: &[u64]) -> u64 {
    let mut h: u64 = 0x9e37_79b9_7f4a_7c15;
    for &w in words {
        h = mix64(h.rotate_left(17) ^ w);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(n: usize, salt: &str) -> Vec<String> {
        (0..n).map(|i| format!("{salt}{i}")).collect()
    }

    #[test]
    fn bodies_decode_from_their_bytes_and_not_from_cut_ones() {
        for body in [
            Body::new(&words(120, "w")),
            Body::new(&words(7, "é")),
            Body::new(&words(0, "")),
        ] {
            let mut bytes = Vec::new();
            body.encode(&mut bytes);
            assert_eq!(Body::decode(&bytes), Some(body.clone()));
            assert_eq!(Body::decode(&bytes[..bytes.len() - 1]), None);
            bytes.push(0);
            assert_eq!(Body::decode(&bytes), None, "trailing bytes");
        }
    }

    #[test]
    fn similarity_is_containment_of_the_shorter() {
        let long = words(100, "w");
        let half = long[..60].to_vec();
        // 56 of the shorter's 56 shingles are in the longer.
        assert_eq!(similarity(&half, &long), 1.0);
        assert_eq!(similarity(&long, &half), 1.0);
        let mut changed = half.clone();
        changed[30] = "x".into(); // breaks 5 of 56 shingles
        let s = similarity(&changed, &long);
        assert!((s - 51.0 / 56.0).abs() < 1e-6, "{s}");
        assert_eq!(similarity(&words(80, "a"), &words(80, "b")), 0.0);
    }

    #[test]
    fn the_exact_rule_needs_half_the_length_and_ninety_percent() {
        let long = Body::new(&words(200, "w"));
        assert!(is_copy(&Body::new(&words(100, "w")), &long));
        assert!(!is_copy(&Body::new(&words(99, "w")), &long));
        let short = words(40, "w");
        assert!(is_copy(&Body::new(&short), &Body::new(&short)));
        let mut near = short.clone();
        near[39] = "x".into();
        assert!(!is_copy(&Body::new(&short), &Body::new(&near)));
        assert!(!is_copy(&Body::new(&short), &long));
    }

    #[test]
    fn folding_lowercases_and_strips_accents() {
        assert_eq!(fold_words("Élysée, São-Paulo!"), ["elysee", "sao", "paulo"]);
    }
}
