//! Who said what: each article's direct quotations and their speakers
//! (SPEC "Who said what: quotes"). Pure: a body and its language in,
//! quotes out; the indexer stores them with the article.
//!
//! `marks` finds the quotations (paired marks, continued paragraphs,
//! unbalanced marks kept to their paragraph), `speaker` reads who said
//! them (`names` for the names, `lexicon` for each language's words).

mod fullest;
mod index;
mod lexicon;
mod marks;
mod names;
pub mod output;
mod phrases;
mod resolve;
mod search;
mod speaker;

pub use index::quote_article;
pub use index::{QUOTES_DIR, QUOTES_VERSION, SyncReport, quotes_dir, rebuild, sync};
pub use resolve::{QuoteAnswers, QuoteLookup, resolve, resolve_with};
pub(crate) use resolve::{article_ids, mentions_quotes, to_quote_fields};
pub use search::{QuoteFacets, QuoteHit, QuotesRequest, QuotesResults, open_quotes, search_quotes};

use serde::{Deserialize, Serialize};

/// One direct quotation in an article's body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// The quoted words, without the marks; a quotation continued over
    /// paragraphs has them joined by one space.
    pub text: String,
    /// Byte range in the body from the first quoted word to the last.
    pub start: usize,
    pub end: usize,
    /// The speaker's fullest name in the article, a role as written, or
    /// `None` when the text attributes the quotation to no one.
    pub speaker: Option<String>,
}

/// The quotations of `body`, in order. `lang` is the article's language
/// code (`en`, `de`, `pt-BR`); languages without their own speech verbs
/// are read with English's.
pub fn extract(body: &str, lang: &str) -> Vec<Quote> {
    let lang = primary(lang);
    let paras = marks::paragraphs(body);
    let spans = marks::spans(body, &paras);
    let texts: Vec<String> = spans
        .iter()
        .map(|s| {
            s.pieces
                .iter()
                .map(|&(a, b)| &body[a..b])
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    let keep: Vec<bool> = texts.iter().map(|t| marks::long_enough(t)).collect();
    if !keep.contains(&true) {
        // Nothing to attribute: the names of a long article cost memory.
        return Vec::new();
    }
    let speakers = speaker::attribute(body, &lang, &paras, &spans, &keep);
    spans
        .iter()
        .zip(texts)
        .zip(speakers)
        .zip(&keep)
        .filter(|(_, keep)| **keep)
        .map(|(((span, text), speaker), _)| Quote {
            text,
            start: span.start(),
            end: span.end(),
            speaker,
        })
        .collect()
}

/// The quotations of an article's body, read in its language (English's
/// rules when it has none).
pub fn of_article(article: &crate::article::Article) -> Vec<Quote> {
    extract(&article.body, article.lang.as_deref().unwrap_or("en"))
}

/// An article as `show --format json` and `/api/articles/ID` give it:
/// its fields and its `quotes` (`text`, `speaker`), read from its body.
#[derive(Debug, Serialize)]
pub struct ShownArticle<'a> {
    #[serde(flatten)]
    pub article: &'a crate::article::Article,
    pub quotes: Vec<ShownQuote>,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct ShownQuote {
    pub text: String,
    pub speaker: Option<String>,
}

impl<'a> ShownArticle<'a> {
    pub fn new(article: &'a crate::article::Article) -> ShownArticle<'a> {
        let quotes = of_article(article)
            .into_iter()
            .map(|q| ShownQuote {
                text: q.text,
                speaker: q.speaker,
            })
            .collect();
        ShownArticle { article, quotes }
    }
}

fn primary(lang: &str) -> String {
    let p = lang
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    match p.as_str() {
        "de" | "fr" | "es" => p,
        _ => "en".to_string(),
    }
}

#[cfg(test)]
mod tests;
