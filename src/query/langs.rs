//! Which analyses a query word is looked up in: those of the languages the
//! index holds (its `lang` terms, read once per search), or only those of
//! `--lang`. An English-only index gets English alone, so its queries are
//! exactly what they were before languages.

use tantivy::Searcher;
use tantivy::schema::Field;
use tantivy::tokenizer::TextAnalyzer;

use super::build::QueryBuilder;
use super::syntax::Leaf;
use crate::analysis::analyze;
use crate::analysis::lang::{self, analysis_of};
use crate::analysis::script::is_cjk;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Languages {
    /// English articles (or articles without a language) may match.
    pub english: bool,
    /// The other analyses (`analysis::lang`), sorted.
    pub others: Vec<&'static str>,
}

impl Default for Languages {
    /// English only: what a query built without an index means.
    fn default() -> Languages {
        Languages {
            english: true,
            others: Vec::new(),
        }
    }
}

impl Languages {
    /// The analyses of these language codes.
    pub fn of_codes<'a>(codes: impl IntoIterator<Item = &'a str>) -> Languages {
        let mut langs = Languages {
            english: false,
            others: Vec::new(),
        };
        for code in codes {
            match analysis_of(Some(code)) {
                None => langs.english = true,
                Some(tag) => langs.others.push(tag),
            }
        }
        langs.others.sort_unstable();
        langs.others.dedup();
        langs
    }

    /// Every analysis: where the languages held are not known.
    pub fn every() -> Languages {
        Languages {
            english: true,
            others: lang::ANALYSES.to_vec(),
        }
    }

    /// The languages `searcher`'s index holds: its `lang` terms; English
    /// too when some article has no language.
    pub fn present(searcher: &Searcher, lang: Field) -> Languages {
        let mut codes: Vec<String> = Vec::new();
        let mut unlabelled = false;
        for segment in searcher.segment_readers() {
            let Ok(index) = segment.inverted_index(lang) else {
                unlabelled = true;
                continue;
            };
            let mut labelled = 0u64;
            let Ok(mut stream) = index.terms().stream() else {
                unlabelled = true;
                continue;
            };
            while stream.advance() {
                labelled += u64::from(stream.value().doc_freq);
                if let Ok(code) = std::str::from_utf8(stream.key()) {
                    codes.push(code.to_string());
                }
            }
            unlabelled |= labelled < u64::from(segment.max_doc());
        }
        let mut langs = Languages::of_codes(codes.iter().map(String::as_str));
        langs.english |= unlabelled;
        langs
    }

    /// Only the analyses of `codes` too (`--lang`); unchanged when empty.
    pub fn restricted_to(self, codes: &[String]) -> Languages {
        if codes.is_empty() {
            return self;
        }
        let wanted = Languages::of_codes(codes.iter().map(String::as_str));
        Languages {
            english: self.english && wanted.english,
            others: (self.others.into_iter())
                .filter(|t| wanted.others.contains(t))
                .collect(),
        }
    }
}

/// Whether a prefix may be several tokens in some language (`d'électri*`,
/// and CJK, where `東京都*` is the bigrams `東京 京都`): it is then a phrase
/// prefix in each language's own analysis. A prefix of letters alone is
/// one word as written in every language, English's prefix query.
pub fn cut_by_language(prefix: &str) -> bool {
    prefix.chars().any(|c| is_cjk(c) || !c.is_alphanumeric())
}

/// A non-English analysis of query words (`analysis::lang`).
pub(super) struct Other {
    pub(super) text: TextAnalyzer,
    pub(super) unstemmed: TextAnalyzer,
}

/// Which analysis a query word is looked up in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum In {
    English,
    Other(usize),
}

impl QueryBuilder {
    /// Words are looked up in these languages' analyses (English alone by
    /// default).
    pub fn with_languages(mut self, langs: &Languages) -> QueryBuilder {
        self.english = langs.english;
        self.others = (langs.others.iter())
            .map(|tag| Other {
                text: lang::tagged(tag),
                unstemmed: lang::unstemmed(tag),
            })
            .collect();
        self
    }

    /// The analyses `leaf` is looked up in: every text field (title, body
    /// and the names) is analysed in each article's own language, so a
    /// word is looked up in each language searched; prefixes and fuzzy
    /// words (words as written, in one field for every language) in
    /// English's.
    pub(super) fn analyses(&self, leaf: &Leaf) -> Vec<In> {
        let own_words = match leaf {
            Leaf::Prefix(p) => cut_by_language(p),
            Leaf::Fuzzy(..) => false,
            _ => true,
        };
        if !own_words {
            return vec![In::English];
        }
        if matches!(leaf, Leaf::Prefix(_)) {
            // English's prefix query (words as written) and, for the other
            // languages, the phrase prefix their own tokens make.
            return std::iter::once(In::English)
                .chain((0..self.others.len()).map(In::Other))
                .collect();
        }
        // A phrase prefix of one word is English's prefix query, which
        // matches words as written in every language.
        let one_query = matches!(leaf, Leaf::Phrase { prefix: true, .. });
        let english = (self.english || one_query).then_some(In::English);
        english
            .into_iter()
            .chain((0..self.others.len()).map(In::Other))
            .collect()
    }

    /// `text`'s tokens in analysis `a` (stemmed, or as written), positions
    /// from the first; CJK words as phrases of their bigrams.
    pub(super) fn tokens_in(&mut self, a: In, text: &str, unstemmed: bool) -> Vec<(usize, String)> {
        match a {
            In::English if unstemmed => analyze(&mut self.unstemmed, text),
            In::English => analyze(&mut self.text, text),
            In::Other(i) => {
                let other = &mut self.others[i];
                let analyzer = match unstemmed {
                    true => &mut other.unstemmed,
                    false => &mut other.text,
                };
                lang::query_tokens(analyze(analyzer, text))
            }
        }
    }
}
