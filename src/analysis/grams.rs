//! Common grams: cheap exact phrases over very frequent words.
//!
//! A phrase such as `"the american people"` is slow because `the` occurs in
//! nearly every article and the phrase check must read its positions
//! everywhere. Lucene's answer, done here: at index time, a very common
//! word is also indexed joined to the word after it (`the american`, at the
//! position of `the`); at query time an exact phrase uses those pairs in
//! place of the common words, so it reads a short postings list instead of
//! the longest ones. Only pairs that *start* with a common word are
//! indexed, which costs far less than all pairs; a phrase that ends in a
//! common word falls back to that word's own postings.

use std::sync::LazyLock;

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// The most frequent English words (as typed; their stems are what count).
/// Six words keep the cost at about +25 % indexing time and +9 % index size
/// on the 100k benchmark corpus, for 3-word phrases about 3× faster at 1M
/// (BENCHMARKS.md); 32 words cost +50 % time for little more.
const COMMON_WORDS: &[&str] = &["the", "of", "and", "to", "a", "in"];

/// Joins the two words of a gram; no single-word token contains a space.
const JOIN: char = ' ';

static COMMON_STEMS: LazyLock<rustc_hash::FxHashSet<String>> = LazyLock::new(|| {
    let mut analyzer = super::text_analyzer();
    COMMON_WORDS
        .iter()
        .flat_map(|w| super::analyze(&mut analyzer, w))
        .map(|(_, stem)| stem)
        .collect()
});

pub fn is_common(stem: &str) -> bool {
    COMMON_STEMS.contains(stem)
}

pub fn gram(first: &str, second: &str) -> String {
    let mut g = String::with_capacity(first.len() + second.len() + 1);
    g.push_str(first);
    g.push(JOIN);
    g.push_str(second);
    g
}

/// The terms an exact phrase is searched with, as (offset, term): each
/// common word joined with its successor, and every word no gram covers.
/// `stems` are (position, stem) pairs as the query analyzer makes them.
pub fn phrase_terms(stems: &[(usize, String)]) -> Vec<(usize, String)> {
    let mut covered = vec![false; stems.len()];
    let mut terms = Vec::new();
    for i in 0..stems.len().saturating_sub(1) {
        let (pos, first) = &stems[i];
        let (next_pos, second) = &stems[i + 1];
        if is_common(first) && *next_pos == pos + 1 {
            terms.push((*pos, gram(first, second)));
            covered[i] = true;
            covered[i + 1] = true;
        }
    }
    for (i, (pos, stem)) in stems.iter().enumerate() {
        if !covered[i] {
            terms.push((*pos, stem.clone()));
        }
    }
    terms.sort();
    terms
}

/// The index-time filter: after each common word, also emits the gram of
/// it and the next word, at the common word's position.
#[derive(Clone, Default)]
pub struct CommonGrams;

impl TokenFilter for CommonGrams {
    type Tokenizer<T: Tokenizer> = CommonGramsFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CommonGramsFilter<T> {
        CommonGramsFilter { inner: tokenizer }
    }
}

#[derive(Clone)]
pub struct CommonGramsFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for CommonGramsFilter<T> {
    type TokenStream<'a> = CommonGramsStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CommonGramsStream {
            tail: self.inner.token_stream(text),
            common: None,
            common_text: String::new(),
            gram: Token::default(),
            gram_pending: false,
            on_gram: false,
        }
    }
}

pub struct CommonGramsStream<T> {
    tail: T,
    /// (position, offset_from) of the last word, when it was common; its
    /// text is in `common_text`.
    common: Option<(usize, usize)>,
    common_text: String,
    gram: Token,
    /// A gram is ready and goes out on the next `advance`.
    gram_pending: bool,
    /// Whether `token()` is the gram rather than the tail's word.
    on_gram: bool,
}

impl<T: TokenStream> TokenStream for CommonGramsStream<T> {
    fn advance(&mut self) -> bool {
        if self.gram_pending {
            self.gram_pending = false;
            self.on_gram = true;
            return true;
        }
        self.on_gram = false;
        if !self.tail.advance() {
            return false;
        }
        let word = self.tail.token();
        if let Some((position, from)) = self.common
            && word.position == position + 1
        {
            self.gram.text.clear();
            self.gram.text.push_str(&self.common_text);
            self.gram.text.push(JOIN);
            self.gram.text.push_str(&word.text);
            self.gram.position = position;
            self.gram.offset_from = from;
            self.gram.offset_to = word.offset_to;
            self.gram.position_length = 2;
            self.gram_pending = true;
        }
        if is_common(&word.text) {
            self.common = Some((word.position, word.offset_from));
            self.common_text.clone_from(&word.text);
        } else {
            self.common = None;
        }
        true
    }

    fn token(&self) -> &Token {
        if self.on_gram {
            &self.gram
        } else {
            self.tail.token()
        }
    }

    fn token_mut(&mut self) -> &mut Token {
        if self.on_gram {
            &mut self.gram
        } else {
            self.tail.token_mut()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis;

    fn tokens(text: &str) -> Vec<(usize, String)> {
        analysis::tokens(&mut analysis::indexing_analyzer(), text)
            .into_iter()
            .map(|t| (t.position, t.text))
            .collect()
    }

    fn terms(text: &str) -> Vec<(usize, String)> {
        phrase_terms(&analysis::analyze(&mut analysis::text_analyzer(), text))
    }

    fn owned(v: &[(usize, &str)]) -> Vec<(usize, String)> {
        v.iter().map(|(p, s)| (*p, s.to_string())).collect()
    }

    #[test]
    fn grams_follow_common_words_at_their_position() {
        assert_eq!(
            tokens("The American people of the north"),
            owned(&[
                (0, "the"),
                (1, "american"),
                (0, "the american"),
                (2, "peopl"),
                (3, "of"),
                (4, "the"),
                (3, "of the"),
                (5, "north"),
                (4, "the north"),
            ])
        );
        assert_eq!(tokens("people"), owned(&[(0, "peopl")]));
        assert_eq!(tokens("the"), owned(&[(0, "the")]));
    }

    #[test]
    fn phrases_use_grams_in_place_of_common_words() {
        assert_eq!(
            terms("the American people"),
            owned(&[(0, "the american"), (2, "peopl")])
        );
        assert_eq!(
            terms("Resolve for Stability"),
            owned(&[(0, "resolv"), (1, "for"), (2, "stabil")]),
            "`for` is not common enough to pay for its grams"
        );
        assert_eq!(
            terms("a state of emergency"),
            owned(&[(0, "a state"), (2, "of emergenc")])
        );
        assert_eq!(
            terms("state of the union"),
            owned(&[(0, "state"), (1, "of the"), (2, "the union")])
        );
        // Ending in a common word: that word stands alone.
        assert_eq!(terms("best of"), owned(&[(0, "best"), (1, "of")]));
        assert_eq!(terms("central bank"), owned(&[(0, "central"), (1, "bank")]));
    }
}
