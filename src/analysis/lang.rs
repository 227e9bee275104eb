//! Each article analysed in its own language, in the same text fields
//! (title, body, authors, desk, tags) for every language.
//!
//! English text is indexed as it always was (no mark, `SimpleTokenizer`,
//! English stems, common grams in title and body), so an English-only
//! index holds exactly the terms it held before languages. Any other
//! article's text fields (each name value alone) are given to the index
//! behind a mark naming its analysis, `\u{1}de\u{1}`
//! (control characters never survive parsing, so no text starts with one);
//! the field's analyzer ([`ByLanguage`]) reads the mark, cuts the rest with
//! [`ScriptTokenizer`], folds it as English is folded (lowercase, ASCII
//! folding), stems it with the language's Snowball stemmer and puts the
//! mark in front of every term: `\u{1}de\u{1}regier`. A German article
//! therefore never matches an English stem, and a query word is analysed
//! once per language the index holds. Languages without a stemmer share
//! one analysis, [`PLAIN`] (the same terms in each: folded words, CJK
//! bigrams). The stored text keeps the mark; `schema::to_article` takes it
//! off.
//!
//! Why one field and not a field per language: tantivy keeps one norm byte
//! per document for every indexed field, so 30 languages × title and body
//! would cost 60 bytes an article whatever its language, and scoring would
//! see 60 average lengths.

use std::borrow::Cow;

use rustc_hash::FxHashMap;
use tantivy::tokenizer::{
    AsciiFoldingFilter, BoxTokenStream, RemoveLongFilter, TextAnalyzer, TextAnalyzerBuilder,
    Tokenizer,
};

use super::lowercase::LowerCase;
use super::script::{ScriptTokenizer, is_cjk};
use super::snowball::{Snowball, Tag};
use super::stemmers::algorithm;

/// Starts and ends the mark in front of a non-English text and its terms.
pub const MARK: char = '\u{1}';

/// The analysis of every language without a Snowball stemmer (Chinese,
/// Japanese, Korean, `und`, …): words and CJK bigrams, folded, unstemmed.
pub const PLAIN: &str = "xx";

/// The languages with a stemmer, as analysis names (see `stemmers`).
const STEMMED: [&str; 31] = [
    "ar", "da", "de", "el", "es", "fi", "fr", "hu", "it", "nl", "no", "pt", "ro", "ru", "sv", "ta",
    "tr", "ca", "cs", "pl", "id", "lt", "et", "hy", "eu", "ga", "sr", "hi", "ne", "eo", "yi",
];

/// Every analysis but English's, sorted.
pub const ANALYSES: [&str; 32] = [
    "ar", "ca", "cs", "da", "de", "el", "eo", "es", "et", "eu", "fi", "fr", "ga", "hi", "hu", "hy",
    "id", "it", "lt", "ne", "nl", "no", "pl", "pt", "ro", "ru", "sr", "sv", "ta", "tr", "xx", "yi",
];

/// The analysis of an article in `lang`: `None` for English (and for an
/// article without a language), else a stemmer's code or [`PLAIN`].
pub fn analysis_of(lang: Option<&str>) -> Option<&'static str> {
    let code = lang?;
    if code == "en" {
        return None;
    }
    Some(
        STEMMED
            .iter()
            .find(|&&s| s == code)
            .copied()
            .unwrap_or(PLAIN),
    )
}

/// `\u{1}de\u{1}`: what the text and terms of analysis `tag` start with.
pub fn mark(tag: &str) -> String {
    format!("{MARK}{tag}{MARK}")
}

/// The text as the index is given it: marked unless English.
pub fn marked<'t>(lang: Option<&str>, text: &'t str) -> Cow<'t, str> {
    match analysis_of(lang) {
        None => Cow::Borrowed(text),
        Some(tag) => Cow::Owned(format!("{}{text}", mark(tag))),
    }
}

/// The analysis named by a marked text, and the text after the mark.
pub fn split_mark(text: &str) -> Option<(&str, &str)> {
    let rest = text.strip_prefix(MARK)?;
    let end = rest.find(MARK)?;
    Some((&rest[..end], &rest[end + 1..]))
}

/// A stored text without its mark.
pub fn unmarked(text: &str) -> &str {
    split_mark(text).map_or(text, |(_, rest)| rest)
}

/// The term as the text field holds it, without its mark (`regier`).
pub fn untagged(term: &str) -> &str {
    unmarked(term)
}

fn script_words() -> TextAnalyzerBuilder<impl Tokenizer> {
    TextAnalyzer::builder(ScriptTokenizer::default())
        .filter(RemoveLongFilter::limit(64))
        .filter(LowerCase)
        .filter(AsciiFoldingFilter)
}

/// Words of analysis `tag` folded and stemmed, unmarked: what snippets and
/// highlights compare.
pub fn stemmed(tag: &str) -> TextAnalyzer {
    match algorithm(tag) {
        Some(a) => script_words()
            .filter(Snowball(frostem::Stemmer::new(a)))
            .build(),
        None => script_words().build(),
    }
}

/// [`stemmed`] with the mark in front of each term: how title and body
/// are indexed, and query words looked up.
pub fn tagged(tag: &str) -> TextAnalyzer {
    match algorithm(tag) {
        Some(a) => script_words()
            .filter(Snowball(frostem::Stemmer::new(a)))
            .filter(Tag(mark(tag)))
            .build(),
        None => script_words().filter(Tag(mark(tag))).build(),
    }
}

/// Words as written (folded, unmarked) in any language but English.
pub fn unstemmed(_tag: &str) -> TextAnalyzer {
    script_words().build()
}

/// A field's analyzer: English text through `english`, marked text
/// through its own language's analyzer (made on first use).
#[derive(Clone)]
pub struct ByLanguage {
    english: TextAnalyzer,
    others: FxHashMap<String, TextAnalyzer>,
    make: fn(&str) -> TextAnalyzer,
}

impl ByLanguage {
    pub fn new(english: TextAnalyzer, make: fn(&str) -> TextAnalyzer) -> ByLanguage {
        ByLanguage {
            english,
            others: FxHashMap::default(),
            make,
        }
    }
}

impl Tokenizer for ByLanguage {
    type TokenStream<'a> = BoxTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> BoxTokenStream<'a> {
        match split_mark(text) {
            None => self.english.token_stream(text),
            Some((tag, rest)) => {
                let make = self.make;
                let analyzer = self
                    .others
                    .entry(tag.to_string())
                    .or_insert_with(|| make(tag));
                analyzer.token_stream(rest)
            }
        }
    }
}

/// A query's tokens of a CJK analysis as a phrase: each character is
/// indexed alone and as the start of a bigram, so a word of two or more
/// characters is the phrase of its bigrams (a character covered by one is
/// left out, leaving gaps in the positions), and a character alone is
/// itself. Tokens of other scripts pass unchanged.
pub fn query_tokens(tokens: Vec<(usize, String)>) -> Vec<(usize, String)> {
    let is_bigram = |t: &str| {
        let t = untagged(t);
        t.chars().count() == 2 && t.chars().all(is_cjk)
    };
    let bigram_at: Vec<usize> = (tokens.iter())
        .filter(|(_, t)| is_bigram(t))
        .map(|(p, _)| *p)
        .collect();
    tokens
        .into_iter()
        .filter(|(p, t)| {
            let core = untagged(t);
            let unigram = core.chars().count() == 1 && core.chars().all(is_cjk);
            !unigram || !(bigram_at.contains(p) || (*p > 0 && bigram_at.contains(&(p - 1))))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyze;

    #[test]
    fn english_is_unmarked_and_others_are_marked() {
        assert_eq!(marked(Some("en"), "x"), "x");
        assert_eq!(marked(None, "x"), "x");
        assert_eq!(marked(Some("de"), "x"), "\u{1}de\u{1}x");
        assert_eq!(marked(Some("zh"), "x"), "\u{1}xx\u{1}x");
        assert_eq!(unmarked("\u{1}de\u{1}Wahl"), "Wahl");
        assert_eq!(unmarked("Wahl"), "Wahl");
        for code in STEMMED {
            assert!(algorithm(code).is_some(), "{code}");
        }
        let mut all: Vec<&str> = STEMMED.iter().copied().chain([PLAIN]).collect();
        all.sort_unstable();
        assert_eq!(all, ANALYSES);
    }

    #[test]
    fn a_marked_text_is_analysed_in_its_language() {
        let mut a = TextAnalyzer::from(ByLanguage::new(
            crate::analysis::indexing_analyzer(),
            tagged,
        ));
        let de = analyze(&mut a, &marked(Some("de"), "Die Regierungen"));
        assert_eq!(de[1].1, "\u{1}de\u{1}regier");
        let en = analyze(&mut a, "governments");
        assert_eq!(en[0].1, "govern");
    }

    #[test]
    fn cjk_query_words_are_bigram_phrases() {
        let mut a = tagged(PLAIN);
        let q = |a: &mut TextAnalyzer, s: &str| -> Vec<(usize, String)> {
            query_tokens(analyze(a, s))
                .into_iter()
                .map(|(p, t)| (p, untagged(&t).to_string()))
                .collect()
        };
        assert_eq!(q(&mut a, "北"), vec![(0, "北".to_string())]);
        assert_eq!(q(&mut a, "北京"), vec![(0, "北京".to_string())]);
        assert_eq!(
            q(&mut a, "北京大学"),
            vec![
                (0, "北京".to_string()),
                (1, "京大".into()),
                (2, "大学".into())
            ]
        );
        assert_eq!(
            q(&mut a, "北京 x"),
            vec![(0, "北京".to_string()), (2, "x".into())]
        );
    }
}
