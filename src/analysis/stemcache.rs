//! English stemming with a memo: a newsroom's vocabulary is small next to
//! its word count, so most tokens are words the stemmer has already seen.
//! Measured on a machine like ours (`../shared/PERF_NOTES.md`): the memo
//! cuts indexing time by about a sixth; the output is the stemmer's own.
//!
//! Words of up to 16 bytes (nearly all) are kept in the table itself, word
//! and stem inline: a memo of `String`s made each lookup chase the key's
//! heap copy to compare it and the stem's to copy it, a cache miss each,
//! which made the memo's `memcmp` 3.4 % of a 100k build's CPU
//! (BENCHMARKS.md, "The stem memo without pointers").

use rustc_hash::FxHashMap;

use tantivy::tokenizer::{
    Language, RawTokenizer, Stemmer, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
};

/// Entries kept before the memo is cleared (bounds memory on odd corpora).
const MAX_ENTRIES: usize = 200_000;

/// Longest word kept inline.
const INLINE: usize = 16;

/// A word or stem of at most `INLINE` bytes, zero-padded: tokens hold no
/// NUL, so the padding cannot be mistaken for text.
type Inline = [u8; INLINE];

fn inline(text: &str) -> Option<Inline> {
    let bytes = text.as_bytes();
    let mut out = [0u8; INLINE];
    out.get_mut(..bytes.len())?.copy_from_slice(bytes);
    Some(out)
}

fn inline_text(stem: &Inline) -> &str {
    let len = stem.iter().position(|&b| b == 0).unwrap_or(INLINE);
    // Copied whole from a `str` of exactly this length.
    std::str::from_utf8(&stem[..len]).unwrap_or_default()
}

/// Stems already made: short words inline, longer ones (and stems that
/// would not fit) as strings.
#[derive(Clone, Default)]
struct Memo {
    short: FxHashMap<Inline, Inline>,
    long: FxHashMap<String, String>,
}

impl Memo {
    /// Replaces `word` with its stem, if known (in place: the token keeps
    /// its buffer).
    fn stem_in_place(&self, word: &mut String) -> bool {
        let short = inline(word).and_then(|key| self.short.get(&key));
        let stem = match short {
            Some(stem) => Some(inline_text(stem)),
            None => self.long.get(word.as_str()).map(String::as_str),
        };
        let Some(stem) = stem else {
            return false;
        };
        word.clear();
        word.push_str(stem);
        true
    }

    fn insert(&mut self, word: &str, stem: &str) {
        if self.short.len() + self.long.len() >= MAX_ENTRIES {
            self.short.clear();
            self.long.clear();
        }
        match (inline(word), inline(stem)) {
            (Some(key), Some(value)) if !word.contains('\0') => {
                self.short.insert(key, value);
            }
            _ => {
                self.long.insert(word.to_string(), stem.to_string());
            }
        }
    }
}

/// A drop-in for `Stemmer::new(Language::English)` that remembers stems.
#[derive(Clone, Default)]
pub struct CachedStemmer;

impl TokenFilter for CachedStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CachedStemmerFilter<T> {
        CachedStemmerFilter {
            inner: tokenizer,
            memo: Memo::default(),
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
    memo: Memo,
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
    memo: &'a mut Memo,
    stemmer: &'a mut TextAnalyzer,
}

impl<T: TokenStream> TokenStream for CachedStemmerStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if self.memo.stem_in_place(&mut token.text) {
            return true;
        }
        let mut stream = self.stemmer.token_stream(&token.text);
        let stem = if stream.advance() {
            stream.token().text.clone()
        } else {
            token.text.clone()
        };
        drop(stream);
        self.memo.insert(&token.text, &stem);
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

    /// A real vocabulary (63,875 words, 96 of them over 16 bytes), its
    /// stems made and then remembered: both give the stemmer's stem, on each
    /// side of the inline limit.
    #[test]
    fn remembered_stems_are_the_stemmers_on_a_real_vocabulary() {
        use std::io::Read;
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/lang/english-stems.tsv.gz"
        );
        let mut tsv = String::new();
        flate2::read::GzDecoder::new(std::fs::File::open(path).expect("fixture"))
            .read_to_string(&mut tsv)
            .expect("gzip");
        let (words, expected): (Vec<&str>, Vec<&str>) =
            tsv.lines().filter_map(|l| l.split_once('\t')).unzip();
        let long = words.iter().filter(|w| w.len() > INLINE).count();
        assert!(
            long > 50 && words.len() > 50_000,
            "{long} of {}",
            words.len()
        );
        let mut cached = TextAnalyzer::builder(RawTokenizer::default())
            .filter(CachedStemmer)
            .build();
        for round in ["made", "remembered"] {
            for (word, stem) in words.iter().zip(&expected) {
                let mut stream = cached.token_stream(word);
                assert!(stream.advance());
                assert_eq!(&stream.token().text, stem, "{word}, {round}");
            }
        }
    }
}
