//! How every language but English is cut into words (English keeps
//! tantivy's `SimpleTokenizer`, so its terms never move):
//!
//! - Han, Hiragana, Katakana and Hangul runs (no spaces between words) as
//!   Lucene's CJK analyzer and Elasticsearch's `cjk` do: each pair of
//!   neighbouring characters is a token (a bigram), so a two-character word
//!   is one term and a longer one a phrase of its bigrams; each character
//!   is also a token at its own position (the unigram), so a one-character
//!   query finds the character. A Korean word is its own run (Korean puts
//!   spaces between words), so `서울` finds `서울에서` through its bigram.
//! - everything else by Unicode word boundaries (UAX #29, `wordbreak`): combining marks stay in their word
//!   (Devanagari, Arabic, Hebrew points), numbers keep their separators
//!   (`3.5`); an apostrophe splits an elision (`l'élection` is `l` and
//!   `élection`), as English's tokenizer does.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use super::wordbreak::words;

/// Han (with 々〆〇), Hiragana, Katakana (and its sound mark ー) and Hangul:
/// the scripts written without spaces between words, or (Hangul) whose
/// words carry their particles.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3005..=0x3007
        | 0x3040..=0x30FF
        | 0x31F0..=0x31FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF
        | 0xFF66..=0xFF9F
        | 0x20000..=0x2FA1F
        | 0x1100..=0x11FF
        | 0x3130..=0x318F
        | 0xAC00..=0xD7AF)
}

#[derive(Clone, Default)]
pub struct ScriptTokenizer {
    token: Token,
    /// (from, to, position) of each token of the current text.
    spans: Vec<(usize, usize, usize)>,
}

pub struct ScriptTokenStream<'a> {
    text: &'a str,
    spans: std::slice::Iter<'a, (usize, usize, usize)>,
    token: &'a mut Token,
}

impl Tokenizer for ScriptTokenizer {
    type TokenStream<'a> = ScriptTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> ScriptTokenStream<'a> {
        self.token.reset();
        self.spans.clear();
        spans(text, &mut self.spans);
        ScriptTokenStream {
            text,
            spans: self.spans.iter(),
            token: &mut self.token,
        }
    }
}

impl TokenStream for ScriptTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let Some(&(from, to, position)) = self.spans.next() else {
            return false;
        };
        self.token.text.clear();
        self.token.text.push_str(&self.text[from..to]);
        self.token.offset_from = from;
        self.token.offset_to = to;
        self.token.position = position;
        self.token.position_length = 1;
        true
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

/// Every token of `text` as (byte from, byte to, position), in position
/// order (a bigram shares its position with its first character).
fn spans(text: &str, out: &mut Vec<(usize, usize, usize)>) {
    let mut position = 0;
    let mut rest_from = 0;
    let mut at = 0;
    while let Some(c) = next_cjk(text, &mut at) {
        words(text, rest_from, at, &mut position, out);
        let (mut from, mut len) = (at, c.len_utf8());
        loop {
            out.push((from, from + len, position));
            position += 1;
            let next = from + len;
            let Some(d) = text[next..].chars().next().filter(|&d| is_cjk(d)) else {
                break;
            };
            out.push((from, next + d.len_utf8(), position - 1));
            (from, len) = (next, d.len_utf8());
        }
        rest_from = from + len;
        at = rest_from;
    }
    words(text, rest_from, text.len(), &mut position, out);
}

/// The next CJK character at or after byte `at`, which is left on it. Every
/// CJK character is U+1100 or above, three or four bytes in UTF-8 with a
/// first byte of 0xE1 or more: the bytes below are skipped unread.
fn next_cjk(text: &str, at: &mut usize) -> Option<char> {
    let bytes = text.as_bytes();
    while *at < bytes.len() {
        if bytes[*at] < 0xE1 {
            *at += 1;
            continue;
        }
        let c = text[*at..].chars().next()?;
        if is_cjk(c) {
            return Some(c);
        }
        *at += c.len_utf8();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(text: &str) -> Vec<(String, usize)> {
        let mut t = ScriptTokenizer::default();
        let mut s = t.token_stream(text);
        let mut out = Vec::new();
        while s.advance() {
            out.push((s.token().text.clone(), s.token().position));
        }
        out
    }

    #[test]
    fn cjk_runs_are_characters_and_bigrams() {
        let got = cut("北京大学 in 東京");
        let want = [
            ("北", 0),
            ("北京", 0),
            ("京", 1),
            ("京大", 1),
            ("大", 2),
            ("大学", 2),
            ("学", 3),
            ("in", 4),
            ("東", 5),
            ("東京", 5),
            ("京", 6),
        ];
        let want: Vec<(String, usize)> = want.iter().map(|(t, p)| (t.to_string(), *p)).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn words_keep_marks_and_split_elisions() {
        let got: Vec<String> = cut("l'élection d’Amérique, नमस्ते 3.5 — Baden-Württemberg")
            .into_iter()
            .map(|(t, _)| t)
            .collect();
        assert_eq!(
            got,
            [
                "l",
                "élection",
                "d",
                "Amérique",
                "नमस्ते",
                "3.5",
                "Baden",
                "Württemberg"
            ]
        );
    }
}
