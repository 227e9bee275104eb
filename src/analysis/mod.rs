//! How text becomes terms: the analyzers every index field and every query
//! leaf goes through, so that what is indexed and what is searched agree.
//!
//! - `atlas_text` (title, body): words, lowercased, ASCII-folded, English
//!   stems (memoised, `stemcache`), plus common grams (`grams`); an article
//!   in another language in its own analysis (`lang`, `script`, `snowball`);
//! - `atlas_words` (authors, desk, tags, and every query leaf): the same
//!   without the grams, an article in another language in its own analysis
//!   too;
//! - `atlas_exact` (filters): the whole value, lowercased and folded, so
//!   `--desk "central asia"` matches the desk `Central Asia`.
//!
//! This module depends on tantivy only: the schema, the query builder and
//! the snippets import it, never the other way round.

use tantivy::Index;
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
    TextAnalyzerBuilder, Token, TokenStream, Tokenizer,
};

pub mod grams;
pub mod lang;
pub mod lowercase;
pub mod script;
pub mod snowball;
pub mod stemcache;
pub mod stemmers;
pub mod wordbreak;

use grams::CommonGrams;
use stemcache::CachedStemmer;

/// Title and body: words plus common grams (see `grams`).
pub const TEXT_ANALYZER: &str = "atlas_text";
/// Authors, desk and tags: words only.
pub const WORDS_ANALYZER: &str = "atlas_words";
pub const EXACT_ANALYZER: &str = "atlas_exact";
/// The `*_words` fields: folded words as written, for prefixes.
pub const UNSTEMMED_ANALYZER: &str = "atlas_unstemmed";

/// Words, lowercased and ASCII-folded: the start of every word analyzer
/// below, so their token streams align one to one (snippets rely on it).
fn folded_words() -> TextAnalyzerBuilder<impl Tokenizer> {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(64))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
}

/// Words lowercased, folded and stemmed: how queries, snippets and the
/// name fields see text.
pub fn text_analyzer() -> TextAnalyzer {
    folded_words().filter(CachedStemmer).build()
}

/// `text_analyzer` plus common grams: how title and body are indexed.
pub fn indexing_analyzer() -> TextAnalyzer {
    folded_words()
        .filter(CachedStemmer)
        .filter(CommonGrams)
        .build()
}

/// Like `text_analyzer` without the stemmer: prefix queries and their
/// highlights compare what the user typed with the start of words.
pub fn unstemmed_analyzer() -> TextAnalyzer {
    folded_words().build()
}

pub fn exact_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(RawTokenizer::default())
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

pub fn register_analyzers(index: &Index) {
    let tokenizers = index.tokenizers();
    // Every text field and its words: English as before, other languages
    // by the mark in front of their text (`lang`).
    let text = lang::ByLanguage::new(indexing_analyzer(), lang::tagged);
    tokenizers.register(TEXT_ANALYZER, TextAnalyzer::from(text));
    let names = lang::ByLanguage::new(text_analyzer(), lang::tagged);
    tokenizers.register(WORDS_ANALYZER, TextAnalyzer::from(names));
    tokenizers.register(EXACT_ANALYZER, exact_analyzer());
    let words = lang::ByLanguage::new(unstemmed_analyzer(), lang::unstemmed);
    tokenizers.register(UNSTEMMED_ANALYZER, TextAnalyzer::from(words));
}

/// Every token `analyzer` makes of `text`, with positions and byte offsets.
pub fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while stream.advance() {
        out.push(stream.token().clone());
    }
    out
}

/// (position, token text) of each token, positions counted from the first
/// token: the shape phrase queries take.
pub fn analyze(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(usize, String)> {
    let tokens = tokens(analyzer, text);
    let first = tokens.first().map_or(0, |t| t.position);
    tokens
        .into_iter()
        .map(|t| (t.position - first, t.text))
        .collect()
}

/// The key an exact filter looks up: `--desk "central asia"` and the desk
/// `Central Asia` both become `central asia`.
pub fn exact_key(value: &str) -> String {
    tokens(&mut exact_analyzer(), &normalize_space(value))
        .into_iter()
        .map(|t| t.text)
        .collect()
}

/// NBSPs (and every other Unicode space) become one ASCII space; runs
/// collapse; the ends are trimmed. Titles, names, desks and tags.
pub fn normalize_space(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
