//! tantivy's `LowerCaser` for every language but English, without its
//! cost on CJK: Han, kana and Hangul have no case, yet the `LowerCaser`
//! looks every character of every non-ASCII token up in the case tables,
//! and CJK text is two tokens a character (`script`). The output is the
//! `LowerCaser`'s own, character by character (no final-sigma rule).

use std::mem;

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

use super::script::is_cjk;

#[derive(Clone, Copy)]
pub struct LowerCase;

impl TokenFilter for LowerCase {
    type Tokenizer<T: Tokenizer> = LowerCaseFilter<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> LowerCaseFilter<T> {
        LowerCaseFilter {
            inner,
            buffer: String::new(),
        }
    }
}

#[derive(Clone)]
pub struct LowerCaseFilter<T> {
    inner: T,
    buffer: String,
}

impl<T: Tokenizer> Tokenizer for LowerCaseFilter<T> {
    type TokenStream<'a> = LowerCaseStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        LowerCaseStream {
            tail: self.inner.token_stream(text),
            buffer: &mut self.buffer,
        }
    }
}

pub struct LowerCaseStream<'a, T> {
    tail: T,
    buffer: &'a mut String,
}

impl<T: TokenStream> TokenStream for LowerCaseStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let text = &mut self.tail.token_mut().text;
        if text.is_ascii() {
            text.make_ascii_lowercase();
        } else if !text.chars().all(is_cjk) {
            self.buffer.clear();
            self.buffer
                .extend(text.chars().flat_map(char::to_lowercase));
            mem::swap(text, self.buffer);
        }
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
    use super::*;
    use tantivy::tokenizer::{LowerCaser, TextAnalyzer, WhitespaceTokenizer};

    #[test]
    fn cjk_characters_have_no_case() {
        let cased: Vec<char> = (0..=0x10FFFFu32)
            .filter_map(char::from_u32)
            .filter(|&c| is_cjk(c) && c.to_lowercase().ne([c]))
            .collect();
        assert!(cased.is_empty(), "{cased:?}");
    }

    #[test]
    fn lowercases_as_tantivy_does() {
        let text = "ΟΔΟΣ Straße İstanbul МОСКВА 東京タワー Ｔｏｋｙｏ 서울 ǅemal ÀÉÎ abc 北京Ǆ";
        let words = |filtered: TextAnalyzer| -> Vec<String> {
            let mut filtered = filtered;
            crate::analysis::tokens(&mut filtered, text)
                .into_iter()
                .map(|t| t.text)
                .collect()
        };
        let ours = words(
            TextAnalyzer::builder(WhitespaceTokenizer::default())
                .filter(LowerCase)
                .build(),
        );
        let theirs = words(
            TextAnalyzer::builder(WhitespaceTokenizer::default())
                .filter(LowerCaser)
                .build(),
        );
        assert_eq!(ours, theirs);
        assert_eq!(ours[0], "οδοσ");
    }
}
