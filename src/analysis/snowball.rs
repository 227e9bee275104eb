//! A language's Snowball stemmer (frostem) as a token filter, with the same
//! memo as English's `stemcache`: most tokens are words already seen.

use rustc_hash::FxHashMap;
use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Entries kept before the memo is cleared (bounds memory on odd corpora).
const MAX_ENTRIES: usize = 200_000;

#[derive(Clone, Copy)]
pub struct Snowball(pub frostem::Stemmer);

impl TokenFilter for Snowball {
    type Tokenizer<T: Tokenizer> = SnowballFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> SnowballFilter<T> {
        SnowballFilter {
            inner: tokenizer,
            stemmer: self.0,
            memo: FxHashMap::default(),
        }
    }
}

/// Each clone (one per indexing thread and segment) has its own memo.
#[derive(Clone)]
pub struct SnowballFilter<T> {
    inner: T,
    stemmer: frostem::Stemmer,
    memo: FxHashMap<String, String>,
}

impl<T: Tokenizer> Tokenizer for SnowballFilter<T> {
    type TokenStream<'a> = SnowballStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        SnowballStream {
            tail: self.inner.token_stream(text),
            stemmer: self.stemmer,
            memo: &mut self.memo,
        }
    }
}

pub struct SnowballStream<'a, T> {
    tail: T,
    stemmer: frostem::Stemmer,
    memo: &'a mut FxHashMap<String, String>,
}

impl<T: TokenStream> TokenStream for SnowballStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if let Some(stem) = self.memo.get(&token.text) {
            token.text.clone_from(stem);
            return true;
        }
        let stem = self.stemmer.stem(&token.text).into_owned();
        if self.memo.len() >= MAX_ENTRIES {
            self.memo.clear();
        }
        self.memo
            .insert(std::mem::replace(&mut token.text, stem.clone()), stem);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// Puts `tag` in front of every token: the terms of each language apart
/// in the one title and body field (see `analysis::lang`).
#[derive(Clone)]
pub struct Tag(pub String);

impl TokenFilter for Tag {
    type Tokenizer<T: Tokenizer> = TagFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> TagFilter<T> {
        TagFilter {
            inner: tokenizer,
            tag: self.0,
        }
    }
}

#[derive(Clone)]
pub struct TagFilter<T> {
    inner: T,
    tag: String,
}

impl<T: Tokenizer> Tokenizer for TagFilter<T> {
    type TokenStream<'a> = TagStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        TagStream {
            tail: self.inner.token_stream(text),
            tag: &self.tag,
        }
    }
}

pub struct TagStream<'a, T> {
    tail: T,
    tag: &'a str,
}

impl<T: TokenStream> TokenStream for TagStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        token.text.insert_str(0, self.tag);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}
