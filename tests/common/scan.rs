//! The brute-force side of the language tests: words cut and folded by
//! tantivy's own `SimpleTokenizer`, `LowerCaser` and `AsciiFoldingFilter`
//! and stemmed by the stemmer crate (frostem) called directly, never
//! through atlas's analyzers, so a wrong analysis in atlas cannot make its
//! own expected answer.

use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, SimpleTokenizer, TextAnalyzer, TokenStream,
};

pub fn folded_words(text: &str) -> Vec<String> {
    let mut analyzer = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build();
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

/// The Snowball stem of `word` in `lang`, the word itself where Snowball
/// has no stemmer for the language.
pub fn stem(lang: &str, word: &str) -> String {
    match frostem::Stemmer::try_from_name(lang) {
        Ok(s) => s.stem(word).into_owned(),
        Err(_) => word.to_string(),
    }
}

pub fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF)
}

/// Does `text`, read in `lang`, hold the words of `query` (one word, or a
/// phrase) in a row, each stemmed in `lang`? CJK words (outside English)
/// are found by substring: bigrams match wherever the characters are.
pub fn holds(lang: &str, text: &str, query: &str) -> bool {
    if query.chars().any(is_cjk) && lang != "en" {
        return text.contains(query);
    }
    let wanted: Vec<String> = (folded_words(query).iter())
        .map(|w| stem(lang, w))
        .collect();
    let stems: Vec<String> = (folded_words(text).iter()).map(|w| stem(lang, w)).collect();
    !wanted.is_empty() && stems.windows(wanted.len()).any(|w| w == wanted.as_slice())
}
