//! The tree → a tantivy query, with the index's analyzers: words become
//! term queries, phrases and words with inner punctuation (`U.S.`) phrase
//! queries (over common grams where they help), prefixes regex or
//! phrase-prefix queries, dates range queries.

use std::ops::Bound;

use tantivy::Term;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, Occur, PhrasePrefixQuery,
    PhraseQuery, Query, RangeQuery, RegexQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;

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

/// Builds tantivy queries from parsed expressions, with the index's analyzers.
pub struct QueryBuilder {
    fields: Fields,
    text: TextAnalyzer,
    unstemmed: TextAnalyzer,
}

impl QueryBuilder {
    pub fn new(fields: Fields) -> QueryBuilder {
        QueryBuilder {
            fields,
            text: analysis::text_analyzer(),
            unstemmed: analysis::unstemmed_analyzer(),
        }
    }

    fn target_fields(&self, target: Target) -> Vec<(Field, f32)> {
        let f = self.fields;
        match target {
            Target::Default => vec![
                (f.title, TITLE_BOOST),
                (f.body, 1.0),
                (f.authors, 1.0),
                (f.desk, 1.0),
                (f.tags, 1.0),
            ],
            Target::Title => vec![(f.title, 1.0)],
            Target::Body => vec![(f.body, 1.0)],
            Target::Authors => vec![(f.authors, 1.0)],
            Target::Desk => vec![(f.desk, 1.0)],
            Target::Tags => vec![(f.tags, 1.0)],
            Target::Date => vec![],
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
                let parts: Vec<(Occur, Box<dyn Query>)> = alternatives
                    .iter()
                    .filter_map(|a| self.build(a))
                    .map(|q| (Occur::Should, q))
                    .collect();
                (!parts.is_empty()).then(|| Box::new(BooleanQuery::new(parts)) as Box<dyn Query>)
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
        if let Leaf::DateRange(from, to) = leaf {
            return Some(date_range(self.fields.date, Some(*from), Some(*to)));
        }
        let mut per_field: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (field, boost) in self.target_fields(target) {
            let query = match leaf {
                Leaf::Word(w) => self.words(field, w, 0, false),
                Leaf::Phrase { text, slop, prefix } => self.words(field, text, *slop, *prefix),
                Leaf::Prefix(p) => self.prefix(field, p),
                Leaf::DateRange(..) => None,
            };
            if let Some(q) = query {
                let q: Box<dyn Query> = if boost != 1.0 {
                    Box::new(BoostQuery::new(q, boost))
                } else {
                    q
                };
                per_field.push((Occur::Should, q));
            }
        }
        match per_field.len() {
            0 => None,
            1 => per_field.pop().map(|(_, q)| q),
            _ => Some(Box::new(BooleanQuery::new(per_field))),
        }
    }

    /// One token: a term query; several (a phrase, or `Pakistan's`): a phrase query.
    fn words(
        &mut self,
        field: Field,
        text: &str,
        slop: u32,
        prefix: bool,
    ) -> Option<Box<dyn Query>> {
        let analyzer = if prefix {
            &mut self.unstemmed
        } else {
            &mut self.text
        };
        let mut terms: Vec<(usize, Term)> = analyze(analyzer, text)
            .into_iter()
            .map(|(pos, t)| (pos, Term::from_field_text(field, &t)))
            .collect();
        if prefix {
            // The words before the last are whole words: match their stems.
            let stems = analyze(&mut self.text, text);
            for ((_, term), (_, stem)) in terms.iter_mut().zip(stems.iter()).rev().skip(1) {
                *term = Term::from_field_text(field, stem);
            }
        }
        if !prefix && slop == 0 && terms.len() > 1 && self.has_grams(field) {
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
            1 if prefix => {
                let text = terms[0].1.value().as_str()?.to_string();
                self.prefix(field, &text)
            }
            1 => Some(Box::new(TermQuery::new(
                terms.pop()?.1,
                IndexRecordOption::WithFreqs,
            ))),
            _ if prefix => Some(phrase_prefix(terms)),
            _ => Some(Box::new(PhraseQuery::new_with_offset_and_slop(terms, slop))),
        }
    }

    /// Title and body are indexed with common grams (see `grams`).
    fn has_grams(&self, field: Field) -> bool {
        field == self.fields.title || field == self.fields.body
    }

    fn prefix(&mut self, field: Field, prefix: &str) -> Option<Box<dyn Query>> {
        let mut tokens = analyze(&mut self.unstemmed, prefix);
        match tokens.len() {
            0 => None,
            1 => {
                let pattern = format!("{}.*", regex::escape(&tokens.pop()?.1));
                RegexQuery::from_pattern(&pattern, field)
                    .ok()
                    .map(|q| Box::new(ConstScoreQuery::new(Box::new(q), 1.0)) as Box<dyn Query>)
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
