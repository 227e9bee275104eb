//! English stemming with a memo: a newsroom's vocabulary is small next to
//! its word count, so most tokens are words the stemmer has already seen.
//! Measured on a machine like ours (`../shared/PERF_NOTES.md`): the memo
//! cuts indexing time by about a sixth; the output is the stemmer's own.

use rustc_hash::FxHashMap;

use tantivy::tokenizer::{
    Language, RawTokenizer, Stemmer, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
};

/// Entries kept before the memo is cleared (bounds memory on odd corpora).
const MAX_ENTRIES: usize = 200_000;

/// A drop-in for `Stemmer::new(Language::English)` that remembers stems.
#[derive(Clone, Default)]
pub struct CachedStemmer;

impl TokenFilter for CachedStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CachedStemmerFilter<T> {
        CachedStemmerFilter {
            inner: tokenizer,
            memo: FxHashMap::default(),
            stemmer: TextAnalyzer::builder(RawTokenizer::default())
                .filter(Stemmer::new(Language::English))
                .build(),
        }
    }
}

/// Each clone (tantivy clones an analyzer per indexing thread and segment)
/// has its own memo, so there is no locking.
#[derive(Clone)]
pub struct CachedStemmerFilter<T> {
    inner: T,
    memo: FxHashMap<String, String>,
    stemmer: TextAnalyzer,
}

impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CachedStemmerStream {
            tail: self.inner.token_stream(text),
            memo: &mut self.memo,
            stemmer: &mut self.stemmer,
        }
    }
}

pub struct CachedStemmerStream<'a, T> {
    tail: T,
    memo: &'a mut FxHashMap<String, String>,
    stemmer: &'a mut TextAnalyzer,
}

impl<T: TokenStream> TokenStream for CachedStemmerStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if let Some(stem) = self.memo.get(&token.text) {
            token.text.clone_from(stem);
            return true;
        }
        let mut stream = self.stemmer.token_stream(&token.text);
        let stem = if stream.advance() {
            stream.token().text.clone()
        } else {
            token.text.clone()
        };
        drop(stream);
        if self.memo.len() >= MAX_ENTRIES {
            self.memo.clear();
        }
        self.memo
            .insert(std::mem::take(&mut token.text), stem.clone());
        token.text = stem;
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use tantivy::tokenizer::{LowerCaser, SimpleTokenizer};

    use super::*;

    fn stems(mut analyzer: TextAnalyzer, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut stream = analyzer.token_stream(text);
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    }

    #[test]
    fn same_output_as_the_stemmer() {
        let text = "Glaciers retreating; the glaciers RETREATED as running runners ran. Glaciers!";
        let cached = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(CachedStemmer)
            .build();
        let plain = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(Stemmer::new(Language::English))
            .build();
        assert_eq!(stems(cached, text), stems(plain, text));
    }
}
