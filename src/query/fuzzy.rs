//! `word~`: the words as written (folded, never stemmed: the `*_words`
//! fields prefixes use) within a few edits of the word typed.
//!
//! The words are found by running tantivy's Levenshtein automaton
//! (`FuzzyTermQuery::automaton`, a swap of neighbours counting one edit)
//! over each segment's term dictionary, never by scanning it; they are
//! ranked by the articles holding them and the first
//! [`FUZZY_MAX_EXPANSIONS`] searched as one union of term queries. The
//! same expansion serves did-you-mean (`crate::suggest`) and the cluster's
//! word list, so every caller agrees on what a fuzzy word means.

use std::collections::HashMap;

use tantivy::query::{BooleanQuery, BoostQuery, EmptyQuery, FuzzyTermQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{Searcher, Term};

/// `word~3` and beyond match too much to be useful (and tantivy's automata
/// stop at 2).
pub const MAX_DISTANCE: u8 = 2;
/// A fuzzy word matches at most this many words: those in the most
/// articles (the word as typed, when the index holds it, always kept).
pub const FUZZY_MAX_EXPANSIONS: usize = 64;

/// The edits `word~` allows, by the length of the word as written: none
/// for one or two letters, one for three to five, two from six.
pub fn default_distance(word: &str) -> u8 {
    match word.chars().count() {
        0..=2 => 0,
        3..=5 => 1,
        _ => 2,
    }
}

/// One word a fuzzy word expanded to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expansion {
    pub word: String,
    /// Articles holding it (summed over segments).
    pub articles: u64,
    pub distance: u8,
}

/// The words of `field` within `distance` edits of `word` (folded), those
/// in the most articles first, at most `cap`.
pub fn expand(
    searcher: &Searcher,
    field: Field,
    word: &str,
    distance: u8,
    cap: usize,
) -> Vec<Expansion> {
    let query = FuzzyTermQuery::new(Term::from_field_text(field, word), distance, true);
    let Ok(automaton) = query.automaton() else {
        return Vec::new();
    };
    let mut articles: HashMap<String, u64> = HashMap::new();
    for segment in searcher.segment_readers() {
        let Ok(index) = segment.inverted_index(field) else {
            continue;
        };
        let Ok(mut stream) = index.terms().search(&automaton).into_stream() else {
            continue;
        };
        while stream.advance() {
            if let Ok(w) = std::str::from_utf8(stream.key()) {
                *articles.entry(w.to_string()).or_default() += u64::from(stream.value().doc_freq);
            }
        }
    }
    let mut found: Vec<Expansion> = articles
        .into_iter()
        .map(|(w, articles)| Expansion {
            distance: edit_distance(word, &w).min(usize::from(distance)) as u8,
            word: w,
            articles,
        })
        .collect();
    found.sort_by(|a, b| {
        (a.distance != 0)
            .cmp(&(b.distance != 0))
            .then(b.articles.cmp(&a.articles))
            .then(a.word.cmp(&b.word))
    });
    found.truncate(cap);
    found
}

/// The query of a fuzzy word's expansions in one `*_words` field: any of
/// them matches; a word nearer the one typed counts more.
pub fn expansions_query(field: Field, expansions: &[Expansion]) -> Box<dyn Query> {
    if expansions.is_empty() {
        return Box::new(EmptyQuery);
    }
    let clauses: Vec<Box<dyn Query>> = expansions
        .iter()
        .map(|e| {
            let term = Term::from_field_text(field, &e.word);
            let q: Box<dyn Query> = Box::new(TermQuery::new(term, IndexRecordOption::Basic));
            match e.distance {
                0 => q,
                d => Box::new(BoostQuery::new(q, 1.0 / (1.0 + f32::from(d)))),
            }
        })
        .collect();
    Box::new(BooleanQuery::union(clauses))
}

/// Restricted Damerau–Levenshtein (optimal string alignment) distance in
/// characters: what tantivy's automaton with transpositions counts.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (n, m) = (a.len(), b.len());
    let mut d = vec![vec![0usize; m + 1]; n + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    d[0] = (0..=m).collect();
    for i in 1..=n {
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[n][m]
}

/// Words up to this many characters are compared on the stack.
const SHORT: usize = 32;

/// Whether `word` is within `distance` edits of `typed`, as
/// [`edit_distance`] counts them. Snippets ask this of every body word, so
/// short words are compared without allocating, row by row, stopping at
/// the first row whose best is past `distance` (no later row can be less:
/// each is at most one more than the row before it, or two rows before).
pub fn within(typed: &str, word: &str, distance: u8) -> bool {
    let limit = usize::from(distance);
    let (mut a, mut b) = (['\0'; SHORT], ['\0'; SHORT]);
    let (Some(n), Some(m)) = (fill(&mut a, typed), fill(&mut b, word)) else {
        let (n, m) = (typed.chars().count(), word.chars().count());
        return n.abs_diff(m) <= limit && edit_distance(typed, word) <= limit;
    };
    if n.abs_diff(m) > limit {
        return false;
    }
    let mut before = [0usize; SHORT + 1];
    let mut prev: [usize; SHORT + 1] = std::array::from_fn(|j| j);
    let mut row = [0usize; SHORT + 1];
    for i in 1..=n {
        row[0] = i;
        let mut best = i;
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(row[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(before[j - 2] + 1);
            }
            row[j] = v;
            best = best.min(v);
        }
        if best > limit {
            return false;
        }
        before = prev;
        prev = row;
    }
    prev[m] <= limit
}

/// `text`'s characters into `out`, and their count; `None` when too long.
fn fill(out: &mut [char; SHORT], text: &str) -> Option<usize> {
    let mut n = 0;
    for c in text.chars() {
        *out.get_mut(n)? = c;
        n += 1;
    }
    Some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_by_length_and_swaps() {
        assert_eq!(default_distance("ab"), 0);
        assert_eq!(default_distance("iran"), 1);
        assert_eq!(default_distance("gadafi"), 2);
        assert_eq!(edit_distance("gadafi", "gaddafi"), 1);
        assert_eq!(edit_distance("davenprot", "davenport"), 1);
        assert_eq!(edit_distance("qaddafi", "kadhafi"), 2);
        assert!(within("iran", "iraq", 1));
        assert!(!within("iran", "iraqi", 1));
    }

    proptest::proptest! {
        /// The early-stopping comparison agrees with the full table, for
        /// short words, words past the stack's length, and swaps.
        #[test]
        fn within_is_the_edit_distance(
            a in "[abcé]{0,7}|[ab]{30,36}",
            b in "[abcé]{0,7}|[ab]{30,36}",
            d in 0u8..=2,
        ) {
            proptest::prop_assert_eq!(within(&a, &b, d), edit_distance(&a, &b) <= usize::from(d));
        }
    }

    /// 72 words one edit from `kam`, word `j` in `j + 1` articles: the cap
    /// keeps the 64 in the most articles.
    #[test]
    fn the_cap_keeps_the_words_in_the_most_articles() {
        use tantivy::schema::{STRING, Schema};
        use tantivy::{Index, TantivyDocument};
        let mut schema = Schema::builder();
        let field = schema.add_text_field("w", STRING);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        let alphabet: Vec<char> = ('a'..='z').chain('0'..='9').collect();
        let words: Vec<String> = (alphabet.iter().map(|c| format!("ka{c}")))
            .chain(alphabet.iter().map(|c| format!("k{c}m")))
            .filter(|w| w != "kam")
            .collect();
        assert_eq!(words.len(), 70);
        for (j, w) in words.iter().enumerate() {
            for _ in 0..=j {
                let mut doc = TantivyDocument::default();
                doc.add_text(field, w);
                writer.add_document(doc).unwrap();
            }
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let found = expand(&searcher, field, "kam", 1, FUZZY_MAX_EXPANSIONS);
        let got: Vec<&str> = found.iter().map(|e| e.word.as_str()).collect();
        let want: Vec<&str> = words.iter().rev().take(64).map(String::as_str).collect();
        assert_eq!(got, want);
        assert_eq!(found[0].articles, 70);
    }
}
