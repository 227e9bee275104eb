//! The tree → a tantivy query, with the index's analyzers: words become
//! term queries, phrases and words with inner punctuation (`U.S.`) phrase
//! queries (over common grams where they help), prefixes regex or
//! phrase-prefix queries, dates range queries.

use std::ops::Bound;

use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, FuzzyTermQuery,
    InvertedIndexRangeQuery, Occur, PhrasePrefixQuery, PhraseQuery, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Searcher, Term};

use super::fuzzy::{self, FUZZY_MAX_EXPANSIONS};
use super::langs::{In, Other};
use super::syntax::{Expr, Leaf, Target};
use crate::analysis::{self, analyze, grams};
use crate::parse::date::PartialDate;
use crate::schema::{self, Fields};

/// Title matches count this much more than body matches.
pub const TITLE_BOOST: f32 = 2.0;
/// The last word of `"phrase prefix"*` matches at most this many words
/// (tantivy's `PhrasePrefixQuery` expansion limit); a single-word prefix is
/// not capped.
pub const PHRASE_PREFIX_MAX_EXPANSIONS: u32 = 200;

/// Builds tantivy queries from parsed expressions, with the index's
/// analyzers and (for phrase prefixes) its word lists.
pub struct QueryBuilder {
    fields: Fields,
    pub(super) text: TextAnalyzer,
    pub(super) unstemmed: TextAnalyzer,
    searcher: Option<Searcher>,
    /// Whether words are looked up in English.
    pub(super) english: bool,
    /// The other languages' analyses words are looked up in.
    pub(super) others: Vec<Other>,
}

impl QueryBuilder {
    pub fn new(fields: Fields) -> QueryBuilder {
        QueryBuilder {
            fields,
            text: analysis::text_analyzer(),
            unstemmed: analysis::unstemmed_analyzer(),
            searcher: None,
            english: true,
            others: Vec::new(),
        }
    }

    /// Phrase prefixes expand over the words this searcher's index holds;
    /// without one they match stems (tantivy's `PhrasePrefixQuery`).
    pub fn with_searcher(mut self, searcher: Searcher) -> QueryBuilder {
        self.searcher = Some(searcher);
        self
    }

    /// The field of words as written beside a stemmed field.
    fn words_field(&self, field: Field) -> Field {
        let f = self.fields;
        match field {
            _ if field == f.title => f.title_words,
            _ if field == f.body => f.body_words,
            _ if field == f.authors => f.author_words,
            _ if field == f.desk => f.desk_words,
            _ if field == f.tags => f.tag_words,
            other => other,
        }
    }

    fn target_fields(&self, target: Target) -> Vec<(Field, f32)> {
        let f = self.fields;
        match target {
            Target::Default => [
                (f.title, TITLE_BOOST),
                (f.body, 1.0),
                (f.authors, 1.0),
                (f.desk, 1.0),
                (f.tags, 1.0),
            ]
            .into_iter()
            .filter(|&(field, _)| f.searched_unfielded(field))
            .collect(),
            Target::Title => vec![(f.title, 1.0)],
            Target::Body => vec![(f.body, 1.0)],
            Target::Authors => vec![(f.authors, 1.0)],
            Target::Desk => vec![(f.desk, 1.0)],
            Target::Tags => vec![(f.tags, 1.0)],
            Target::Date | Target::Lang | Target::Id => vec![],
            // Resolved to article ids before building (`quotes/resolve.rs`);
            // an unresolved one matches nothing rather than dropping out.
            Target::Speaker | Target::Quote => vec![],
        }
    }

    /// `None` when the expression can match nothing useful (a word that is
    /// only punctuation); such leaves drop out of their parent.
    pub fn build(&mut self, expr: &Expr) -> Option<Box<dyn Query>> {
        match expr {
            Expr::All => Some(Box::new(AllQuery)),
            Expr::Leaf(target, leaf) => self.leaf(*target, leaf),
            Expr::Not(inner) => {
                let inner = self.build(inner)?;
                Some(Box::new(BooleanQuery::new(vec![
                    (Occur::Must, Box::new(AllQuery) as Box<dyn Query>),
                    (Occur::MustNot, inner),
                ])))
            }
            Expr::And(clauses) => self.and(clauses),
            Expr::Or(alternatives) => {
                // A word's per-field clauses join the OR's own: one flat
                // union of term scorers rather than a union of unions, for
                // the same scores (both add their clauses' scores up).
                let mut parts: Vec<Box<dyn Query>> = Vec::new();
                for alternative in alternatives {
                    match alternative {
                        Expr::Leaf(target, leaf) => parts.extend(self.leaf_clauses(*target, leaf)),
                        other => parts.extend(self.build(other)),
                    }
                }
                (!parts.is_empty()).then(|| Box::new(BooleanQuery::union(parts)) as Box<dyn Query>)
            }
        }
    }

    /// Exclusions inside an AND are `MustNot` clauses of it; an AND of only
    /// exclusions starts from every article.
    fn and(&mut self, clauses: &[Expr]) -> Option<Box<dyn Query>> {
        let mut parts: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for clause in clauses {
            let (occur, expr) = match clause {
                Expr::Not(inner) => (Occur::MustNot, inner.as_ref()),
                other => (Occur::Must, other),
            };
            if let Some(q) = self.build(expr) {
                parts.push((occur, q));
            }
        }
        if parts.is_empty() {
            return None;
        }
        if parts.iter().all(|(o, _)| *o == Occur::MustNot) {
            parts.push((Occur::Must, Box::new(AllQuery)));
        }
        Some(Box::new(BooleanQuery::new(parts)))
    }

    fn leaf(&mut self, target: Target, leaf: &Leaf) -> Option<Box<dyn Query>> {
        let mut per_field = self.leaf_clauses(target, leaf);
        match per_field.len() {
            0 => None,
            1 => per_field.pop(),
            _ => Some(Box::new(BooleanQuery::union(per_field))),
        }
    }

    /// A leaf's alternatives, one per field it searches (boosted where the
    /// field is): any of them matches.
    fn leaf_clauses(&mut self, target: Target, leaf: &Leaf) -> Vec<Box<dyn Query>> {
        if let Leaf::DateRange(from, to) = leaf {
            return vec![date_range(self.fields.date, Some(*from), Some(*to))];
        }
        match (target, leaf) {
            (Target::Id, Leaf::Word(id)) => {
                let term = Term::from_field_text(self.fields.id, id);
                let q = TermQuery::new(term, IndexRecordOption::Basic);
                return vec![Box::new(ConstScoreQuery::new(Box::new(q), 0.0))];
            }
            (Target::Speaker | Target::Quote, _) => return vec![Box::new(EmptyQuery)],
            _ => {}
        }
        if let (Target::Lang, Leaf::Word(code)) = (target, leaf) {
            // Scoreless, like a date: the language is a filter.
            let term = Term::from_field_text(self.fields.lang, code);
            let q = TermQuery::new(term, IndexRecordOption::Basic);
            return vec![Box::new(ConstScoreQuery::new(Box::new(q), 0.0))];
        }
        let mut per_field: Vec<Box<dyn Query>> = Vec::new();
        for (field, boost) in self.target_fields(target) {
            let analyses = self.analyses(leaf);
            if analyses.is_empty() {
                // `title:x` where no language searched is held: nothing,
                // rather than a leaf dropped from its AND.
                per_field.push(Box::new(EmptyQuery));
            }
            for a in analyses {
                let query = match leaf {
                    Leaf::Word(w) => self.words(field, w, 0, false, a),
                    Leaf::Phrase { text, slop, prefix } => {
                        self.words(field, text, *slop, *prefix, a)
                    }
                    Leaf::Prefix(p) if a == In::English => self.prefix(field, p),
                    Leaf::Prefix(p) => self.words(field, p, 0, true, a),
                    Leaf::Fuzzy(w, d) => self.fuzzy(field, w, *d),
                    Leaf::DateRange(..) => None,
                };
                if let Some(q) = query {
                    let q: Box<dyn Query> = if boost != 1.0 {
                        Box::new(BoostQuery::new(q, boost))
                    } else {
                        q
                    };
                    per_field.push(q);
                }
            }
        }
        per_field
    }

    /// One token: a term query; several (a phrase, or `Pakistan's`): a phrase query.
    fn words(
        &mut self,
        field: Field,
        text: &str,
        slop: u32,
        prefix: bool,
        a: In,
    ) -> Option<Box<dyn Query>> {
        let mut terms: Vec<(usize, Term)> = self
            .tokens_in(a, text, prefix)
            .into_iter()
            .map(|(pos, t)| (pos, Term::from_field_text(field, &t)))
            .collect();
        if prefix {
            // The words before the last are whole words: match their stems.
            let stems = self.tokens_in(a, text, false);
            for ((_, term), (_, stem)) in terms.iter_mut().zip(stems.iter()).rev().skip(1) {
                *term = Term::from_field_text(field, stem);
            }
        }
        if !prefix && slop == 0 && terms.len() > 1 && a == In::English && self.has_grams(field) {
            let stems: Vec<(usize, String)> = terms
                .iter()
                .filter_map(|(p, t)| Some((*p, t.value().as_str()?.to_string())))
                .collect();
            terms = grams::phrase_terms(&stems)
                .into_iter()
                .map(|(p, t)| (p, Term::from_field_text(field, &t)))
                .collect();
        }
        match terms.len() {
            0 => None,
            // A lone prefix is one query for every language (English's).
            1 if prefix && a != In::English => None,
            1 if prefix => {
                let text = terms[0].1.value().as_str()?.to_string();
                self.prefix(field, &text)
            }
            _ if prefix && self.searcher.is_some() => self.expanded_phrase_prefix(field, terms, a),
            1 => Some(Box::new(TermQuery::new(
                terms.pop()?.1,
                IndexRecordOption::WithFreqs,
            ))),
            _ if prefix => Some(phrase_prefix(terms)),
            _ => Some(Box::new(PhraseQuery::new_with_offset_and_slop(terms, slop))),
        }
    }

    /// Title and body are indexed with common grams (see `grams`).
    pub(super) fn has_grams(&self, field: Field) -> bool {
        field == self.fields.title || field == self.fields.body
    }

    /// A word prefix matches the words as written (`savin*` finds
    /// `savings`, whose stem is `save`), however many there are.
    fn prefix(&mut self, field: Field, prefix: &str) -> Option<Box<dyn Query>> {
        let mut tokens = analyze(&mut self.unstemmed, prefix);
        match tokens.len() {
            0 => None,
            1 => {
                // A term range rather than a `prefix.*` regex: building the
                // regex's Unicode DFA was 60 % of a whole-process prefix
                // search. U+10FFFF is the greatest UTF-8 sequence, so the
                // range holds exactly the words that start with the prefix.
                let words = self.words_field(field);
                let prefix = tokens.pop()?.1;
                let range = InvertedIndexRangeQuery::new(
                    Bound::Included(Term::from_field_text(words, &prefix)),
                    Bound::Excluded(Term::from_field_text(words, &format!("{prefix}\u{10FFFF}"))),
                );
                Some(Box::new(ConstScoreQuery::new(Box::new(range), 1.0)))
            }
            _ => Some(phrase_prefix(
                tokens
                    .into_iter()
                    .map(|(p, t)| (p, Term::from_field_text(field, &t)))
                    .collect(),
            )),
        }
    }
}

impl QueryBuilder {
    /// `word~`: the words as written within the distance (see `fuzzy`). A
    /// "word" that is several (`U.S.~`) is searched exactly, as a phrase.
    fn fuzzy(&mut self, field: Field, word: &str, distance: Option<u8>) -> Option<Box<dyn Query>> {
        let mut tokens = analyze(&mut self.unstemmed, word);
        if tokens.len() != 1 {
            return self.words(field, word, 0, false, In::English);
        }
        let word = tokens.pop()?.1;
        let distance = distance.unwrap_or_else(|| fuzzy::default_distance(&word));
        let words = self.words_field(field);
        let term = Term::from_field_text(words, &word);
        let Some(searcher) = &self.searcher else {
            return Some(Box::new(FuzzyTermQuery::new(term, distance, true)));
        };
        let found = fuzzy::expand(searcher, words, &word, distance, FUZZY_MAX_EXPANSIONS);
        Some(fuzzy::expansions_query(words, &found))
    }

    /// `"resolve for stab"*`: the last word's prefix is expanded over the
    /// words as written (at most `PHRASE_PREFIX_MAX_EXPANSIONS`, in
    /// alphabetical order), and the phrase is searched with each
    /// expansion's stem in its place.
    fn expanded_phrase_prefix(
        &mut self,
        field: Field,
        mut terms: Vec<(usize, Term)>,
        a: In,
    ) -> Option<Box<dyn Query>> {
        let (offset, last) = terms.pop()?;
        let prefix = last.value().as_str()?.to_string();
        let words = self.expand(self.words_field(field), &prefix);
        let mut stems: Vec<String> = Vec::new();
        for w in &words {
            let tokens = self.tokens_in(a, w, false);
            // Another language's reading of a word as written may be
            // several tokens (a CJK run an English article holds whole):
            // not a word that ends this phrase.
            if a != In::English && tokens.len() != 1 {
                continue;
            }
            stems.extend(tokens.into_iter().map(|(_, stem)| stem));
        }
        stems.sort();
        stems.dedup();
        let phrases: Vec<(Occur, Box<dyn Query>)> = stems
            .iter()
            .map(|stem| {
                let mut phrase = terms.clone();
                phrase.push((offset, Term::from_field_text(field, stem)));
                let q: Box<dyn Query> = Box::new(PhraseQuery::new_with_offset(phrase));
                (Occur::Should, q)
            })
            .collect();
        Some(match phrases.is_empty() {
            true => Box::new(EmptyQuery),
            false => Box::new(BooleanQuery::new(phrases)),
        })
    }

    /// The words of `field` that start with `prefix`, the first
    /// `PHRASE_PREFIX_MAX_EXPANSIONS` in alphabetical order.
    fn expand(&self, field: Field, prefix: &str) -> Vec<String> {
        let mut words = std::collections::BTreeSet::new();
        let Some(searcher) = &self.searcher else {
            return Vec::new();
        };
        let limit = PHRASE_PREFIX_MAX_EXPANSIONS as usize;
        for segment in searcher.segment_readers() {
            let Ok(index) = segment.inverted_index(field) else {
                continue;
            };
            let Ok(mut stream) = index.terms().range().ge(prefix.as_bytes()).into_stream() else {
                continue;
            };
            let mut taken = 0;
            while taken < limit && stream.advance() {
                let Some(word) = std::str::from_utf8(stream.key()).ok() else {
                    continue;
                };
                if !word.starts_with(prefix) {
                    break;
                }
                words.insert(word.to_string());
                taken += 1;
            }
        }
        words.into_iter().take(limit).collect()
    }
}

fn phrase_prefix(terms: Vec<(usize, Term)>) -> Box<dyn Query> {
    let mut q = PhrasePrefixQuery::new_with_offset(terms);
    q.set_max_expansions(PHRASE_PREFIX_MAX_EXPANSIONS);
    Box::new(q)
}

/// Every article dated from the first day of `from` to the last day of
/// `to`, both inclusive (`None`: open). Used by `date:` and `--since/--until`.
pub fn date_range(
    field: Field,
    from: Option<PartialDate>,
    to: Option<PartialDate>,
) -> Box<dyn Query> {
    let lo = from.map(|d| schema::date_to_tantivy(d.first_day()));
    let hi = to.map(|d| schema::date_to_tantivy(d.last_day()));
    if let (Some(lo), Some(hi)) = (lo, hi)
        && lo > hi
    {
        return Box::new(EmptyQuery);
    }
    let bound = |d: Option<tantivy::DateTime>| match d {
        Some(d) => Bound::Included(Term::from_field_date(field, d)),
        None => Bound::Unbounded,
    };
    Box::new(RangeQuery::new(bound(lo), bound(hi)))
}
