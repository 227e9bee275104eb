//! The query language, from what the user typed to a tantivy `Query`.
//!
//! The grammar is tantivy's (terms ANDed, `OR`, `AND`, `NOT`, `-term`,
//! `+term`, `"phrase"`, `"phrase"~N`, `"phrase prefix"*`, `field:value`,
//! parentheses), parsed here rather than by tantivy's `QueryParser` because
//! three things users type are ours to translate: single-word prefixes
//! (`desalin*`), punctuation inside words (`Pakistan's`, `U.S.`,
//! `Azm-i-Istehkam` are searches, not syntax) and friendly dates
//! (`date:2024-06`, `date:[2023 TO 2024-06]`). The same tree also tells the
//! snippet which words and phrases to highlight.

use std::ops::Bound;

use tantivy::Term;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, Occur, PhrasePrefixQuery,
    PhraseQuery, Query, RangeQuery, RegexQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;

use crate::grams;
use crate::parse::date::{PartialDate, parse_date};
use crate::schema::{self, Fields};

/// Title matches count this much more than body matches.
pub const TITLE_BOOST: f32 = 2.0;
/// Deeper nesting than this is not a query anyone types; refusing it keeps
/// the recursive parser's stack bounded.
const MAX_DEPTH: usize = 64;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum QueryError {
    #[error("unbalanced quote in the query (close the phrase with \")")]
    UnbalancedQuote,
    #[error("unbalanced parentheses in the query (every `(` needs a `)`)")]
    UnbalancedParen,
    #[error("unclosed range in the query (write `date:[2023 TO 2024-06]`, or quote a `[`)")]
    UnbalancedBracket,
    #[error("unknown field `{0}:` (fields: title, body, author, desk, tag, date)")]
    UnknownField(String),
    #[error("`{0}` needs a term after it")]
    DanglingOperator(String),
    #[error("invalid date `{0}` (use 2024-06-24, 2024-06, 2024, June 24, 2024 …)")]
    BadDate(String),
    #[error("the query nests parentheses too deeply")]
    TooDeep,
    #[error("empty prefix `*` after `{0}` (type at least one letter before `*`)")]
    EmptyPrefix(String),
}

/// Which index field(s) a leaf searches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Default,
    Title,
    Body,
    Authors,
    Desk,
    Tags,
    Date,
}

impl Target {
    fn from_name(name: &str) -> Option<Target> {
        Some(match name.to_ascii_lowercase().as_str() {
            "title" | "headline" => Target::Title,
            "body" | "text" => Target::Body,
            "author" | "authors" | "by" => Target::Authors,
            "desk" | "section" => Target::Desk,
            "tag" | "tags" => Target::Tags,
            "date" => Target::Date,
            _ => return None,
        })
    }

    /// Whether matches of this leaf are in the body (and so highlighted).
    fn reaches_body(self) -> bool {
        matches!(self, Target::Default | Target::Body)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Leaf {
    Word(String),
    Phrase {
        text: String,
        slop: u32,
        prefix: bool,
    },
    Prefix(String),
    DateRange(PartialDate, PartialDate),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    All,
    Leaf(Target, Leaf),
    Not(Box<Expr>),
    And(Vec<Expr>),
    Or(Vec<Expr>),
}

impl Expr {
    /// Whether nothing in the query scores (everything, exclusions, dates):
    /// such results are listed newest first.
    pub fn is_scoreless(&self) -> bool {
        match self {
            Expr::All | Expr::Not(_) => true,
            Expr::Leaf(target, _) => *target == Target::Date,
            Expr::And(children) | Expr::Or(children) => children.iter().all(Expr::is_scoreless),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    LParen,
    RParen,
    Minus,
    Plus,
    And,
    Or,
    Not,
    Star,
    Field(Target),
    Word(String),
    Prefix(String),
    Phrase {
        text: String,
        slop: u32,
        prefix: bool,
    },
    Range(String),
}

fn lex(input: &str) -> Result<Vec<Tok>, QueryError> {
    let chars: Vec<char> = input.chars().collect();
    let mut toks = Vec::new();
    let mut i = 0;
    // Set right after `field:` so that the value is read as a value.
    let mut after_field = false;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() || c.is_control() {
            after_field = false;
            i += 1;
            continue;
        }
        let at_start = !after_field;
        after_field = false;
        match c {
            '(' => {
                toks.push(Tok::LParen);
                i += 1;
            }
            ')' => {
                toks.push(Tok::RParen);
                i += 1;
            }
            '"' | '“' | '”' => {
                let close = chars[i + 1..]
                    .iter()
                    .position(|&q| q == '"' || q == '“' || q == '”')
                    .ok_or(QueryError::UnbalancedQuote)?;
                let text: String = chars[i + 1..i + 1 + close].iter().collect();
                i += close + 2;
                let mut slop = 0;
                if chars.get(i) == Some(&'~') {
                    let digits: String = chars[i + 1..]
                        .iter()
                        .take_while(|d| d.is_ascii_digit())
                        .collect();
                    i += 1 + digits.len();
                    slop = digits.parse::<u32>().unwrap_or(0).min(100);
                }
                let prefix = chars.get(i) == Some(&'*');
                if prefix {
                    i += 1;
                }
                toks.push(Tok::Phrase { text, slop, prefix });
            }
            '-' | '+'
                if at_start
                    && chars
                        .get(i + 1)
                        .is_some_and(|n| !n.is_whitespace() && *n != ')') =>
            {
                toks.push(if c == '-' { Tok::Minus } else { Tok::Plus });
                i += 1;
            }
            // Ranges only right after a field (`date:[2023 TO 2024]`);
            // elsewhere a bracket is text (`[sic]`).
            '[' | '{' if !at_start => {
                let close = chars[i..]
                    .iter()
                    .position(|&q| q == ']' || q == '}')
                    .ok_or(QueryError::UnbalancedBracket)?;
                toks.push(Tok::Range(chars[i + 1..i + close].iter().collect()));
                i += close + 1;
            }
            _ => {
                let end = chars[i..]
                    .iter()
                    .position(|&w| {
                        w.is_whitespace()
                            || w.is_control()
                            || matches!(w, '(' | ')' | '"' | '“' | '”')
                    })
                    .map_or(chars.len(), |p| i + p);
                let word: String = chars[i..end].iter().collect();
                if let Some((name, rest)) = word.split_once(':')
                    && !name.is_empty()
                    && name.chars().all(|c| c.is_ascii_alphabetic() || c == '_')
                    && (end < chars.len() || !rest.is_empty())
                {
                    let target = Target::from_name(name)
                        .ok_or_else(|| QueryError::UnknownField(name.to_string()))?;
                    toks.push(Tok::Field(target));
                    i += name.chars().count() + 1;
                    after_field = true;
                    continue;
                }
                i = end;
                toks.push(match word.as_str() {
                    "AND" | "&&" if at_start => Tok::And,
                    "OR" | "||" if at_start => Tok::Or,
                    "NOT" if at_start => Tok::Not,
                    "*" => Tok::Star,
                    w if w.len() > 1 && w.ends_with('*') => {
                        Tok::Prefix(w.trim_end_matches('*').to_string())
                    }
                    _ => Tok::Word(word),
                });
            }
        }
    }
    Ok(toks)
}

struct Parser {
    toks: Vec<Tok>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }

    fn next(&mut self) -> Option<Tok> {
        let t = self.toks.get(self.pos).cloned();
        self.pos += 1;
        t
    }

    fn or_expr(&mut self, target: Target, depth: usize) -> Result<Expr, QueryError> {
        let mut alternatives = vec![self.and_expr(target, depth)?];
        while self.peek() == Some(&Tok::Or) {
            self.pos += 1;
            if matches!(self.peek(), None | Some(Tok::RParen | Tok::Or | Tok::And)) {
                return Err(QueryError::DanglingOperator("OR".into()));
            }
            alternatives.push(self.and_expr(target, depth)?);
        }
        Ok(if alternatives.len() == 1 {
            alternatives.pop().expect("one alternative")
        } else {
            Expr::Or(alternatives)
        })
    }

    fn and_expr(&mut self, target: Target, depth: usize) -> Result<Expr, QueryError> {
        let mut clauses = Vec::new();
        loop {
            match self.peek() {
                None | Some(Tok::RParen | Tok::Or) => break,
                Some(Tok::And) => {
                    self.pos += 1;
                    if clauses.is_empty()
                        || matches!(self.peek(), None | Some(Tok::RParen | Tok::Or | Tok::And))
                    {
                        return Err(QueryError::DanglingOperator("AND".into()));
                    }
                }
                _ => clauses.push(self.unary(target, depth)?),
            }
        }
        if clauses.is_empty() && self.peek() == Some(&Tok::Or) {
            return Err(QueryError::DanglingOperator("OR".into()));
        }
        Ok(if clauses.len() == 1 {
            clauses.pop().expect("one clause")
        } else {
            Expr::And(clauses)
        })
    }

    fn unary(&mut self, target: Target, depth: usize) -> Result<Expr, QueryError> {
        match self.peek() {
            Some(Tok::Minus) | Some(Tok::Not) => {
                let op = if self.peek() == Some(&Tok::Not) {
                    "NOT"
                } else {
                    "-"
                };
                self.pos += 1;
                if matches!(self.peek(), None | Some(Tok::RParen | Tok::Or | Tok::And)) {
                    return Err(QueryError::DanglingOperator(op.into()));
                }
                Ok(Expr::Not(Box::new(self.unary(target, depth)?)))
            }
            Some(Tok::Plus) => {
                self.pos += 1;
                self.unary(target, depth)
            }
            _ => self.primary(target, depth),
        }
    }

    fn primary(&mut self, target: Target, depth: usize) -> Result<Expr, QueryError> {
        if depth > MAX_DEPTH {
            return Err(QueryError::TooDeep);
        }
        match self.next() {
            Some(Tok::LParen) => {
                let inner = self.or_expr(target, depth + 1)?;
                if self.next() != Some(Tok::RParen) {
                    return Err(QueryError::UnbalancedParen);
                }
                Ok(inner)
            }
            Some(Tok::Field(field)) => match self.peek() {
                None => Err(QueryError::DanglingOperator("field:".into())),
                Some(Tok::LParen) => self.primary(field, depth + 1),
                _ => self.primary(field, depth + 1),
            },
            Some(Tok::Star) => Ok(Expr::All),
            Some(Tok::Word(w)) => leaf(target, Leaf::Word(w)),
            Some(Tok::Prefix(p)) => leaf(target, Leaf::Prefix(p)),
            Some(Tok::Phrase { text, slop, prefix }) => {
                leaf(target, Leaf::Phrase { text, slop, prefix })
            }
            Some(Tok::Range(r)) => leaf(target, Leaf::Word(format!("[{r}]"))),
            Some(Tok::RParen) => Err(QueryError::UnbalancedParen),
            Some(t @ (Tok::And | Tok::Or | Tok::Not | Tok::Minus | Tok::Plus)) => Err(
                QueryError::DanglingOperator(format!("{t:?}").to_uppercase()),
            ),
            None => Err(QueryError::DanglingOperator("query".into())),
        }
    }
}

/// Dates are parsed here, so a bad date is a syntax error, not zero hits.
fn leaf(target: Target, leaf: Leaf) -> Result<Expr, QueryError> {
    if target != Target::Date {
        return Ok(Expr::Leaf(target, leaf));
    }
    let text = match &leaf {
        Leaf::Word(w) | Leaf::Prefix(w) => w.clone(),
        Leaf::Phrase { text, .. } => text.clone(),
        Leaf::DateRange(..) => return Ok(Expr::Leaf(target, leaf)),
    };
    let date = |s: &str| parse_date(s.trim()).ok_or_else(|| QueryError::BadDate(s.trim().into()));
    if let Some(inner) = text.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
        let (from, to) = inner
            .split_once(" TO ")
            .ok_or_else(|| QueryError::BadDate(inner.to_string()))?;
        let from = if from.trim() == "*" {
            PartialDate::Year(1700)
        } else {
            date(from)?
        };
        let to = if to.trim() == "*" {
            PartialDate::Year(2250)
        } else {
            date(to)?
        };
        return Ok(Expr::Leaf(target, Leaf::DateRange(from, to)));
    }
    let d = date(&text)?;
    Ok(Expr::Leaf(target, Leaf::DateRange(d, d)))
}

/// Parses the query text. An empty query is `Expr::All`.
pub fn parse_query(input: &str) -> Result<Expr, QueryError> {
    let toks = lex(input)?;
    if toks.is_empty() {
        return Ok(Expr::All);
    }
    let mut parser = Parser { toks, pos: 0 };
    let expr = parser.or_expr(Target::Default, 0)?;
    if parser.pos < parser.toks.len() {
        // `or_expr` only stops early at a `)` nobody opened.
        return Err(QueryError::UnbalancedParen);
    }
    Ok(expr)
}

/// Friendly `--since`/`--until` values: the whole period they name.
pub fn parse_date_bound(s: &str) -> Result<PartialDate, QueryError> {
    parse_date(s.trim()).ok_or_else(|| QueryError::BadDate(s.trim().to_string()))
}

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
            text: schema::text_analyzer(),
            unstemmed: schema::unstemmed_analyzer(),
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
            Expr::And(clauses) => {
                let mut parts: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                for clause in clauses {
                    match clause {
                        Expr::Not(inner) => {
                            if let Some(q) = self.build(inner) {
                                parts.push((Occur::MustNot, q));
                            }
                        }
                        other => {
                            if let Some(q) = self.build(other) {
                                parts.push((Occur::Must, q));
                            }
                        }
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
            Expr::Or(alternatives) => {
                let parts: Vec<(Occur, Box<dyn Query>)> = alternatives
                    .iter()
                    .filter_map(|a| self.build(a))
                    .map(|q| (Occur::Should, q))
                    .collect();
                if parts.is_empty() {
                    None
                } else {
                    Some(Box::new(BooleanQuery::new(parts)))
                }
            }
        }
    }

    fn leaf(&mut self, target: Target, leaf: &Leaf) -> Option<Box<dyn Query>> {
        if let Leaf::DateRange(from, to) = leaf {
            return Some(date_range(self.fields.date, *from, *to));
        }
        let mut per_field: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (field, boost) in self.target_fields(target) {
            let query: Option<Box<dyn Query>> = match leaf {
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
        let terms = analyze(analyzer, text);
        let mut terms: Vec<(usize, Term)> = terms
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
            1 if prefix => self.prefix_terms(field, terms),
            1 => Some(Box::new(TermQuery::new(
                terms.pop().expect("one term").1,
                IndexRecordOption::WithFreqs,
            ))),
            _ if prefix => self.prefix_terms(field, terms),
            _ => Some(Box::new(PhraseQuery::new_with_offset_and_slop(terms, slop))),
        }
    }

    /// Title and body are indexed with common grams (see `grams`).
    fn has_grams(&self, field: Field) -> bool {
        field == self.fields.title || field == self.fields.body
    }

    fn prefix_terms(&self, field: Field, terms: Vec<(usize, Term)>) -> Option<Box<dyn Query>> {
        if terms.len() == 1 {
            let text = terms[0].1.value().as_str()?.to_string();
            return self.prefix(field, &text);
        }
        let mut q = PhrasePrefixQuery::new_with_offset(terms);
        q.set_max_expansions(200);
        Some(Box::new(q))
    }

    fn prefix(&self, field: Field, prefix: &str) -> Option<Box<dyn Query>> {
        let mut unstemmed = schema::unstemmed_analyzer();
        let tokens = analyze(&mut unstemmed, prefix);
        match tokens.len() {
            0 => None,
            1 => {
                let pattern = format!("{}.*", regex::escape(&tokens[0].1));
                RegexQuery::from_pattern(&pattern, field)
                    .ok()
                    .map(|q| Box::new(ConstScoreQuery::new(Box::new(q), 1.0)) as Box<dyn Query>)
            }
            _ => {
                let terms = tokens
                    .into_iter()
                    .map(|(p, t)| (p, Term::from_field_text(field, &t)))
                    .collect();
                let mut q = PhrasePrefixQuery::new_with_offset(terms);
                q.set_max_expansions(200);
                Some(Box::new(q))
            }
        }
    }
}

pub fn date_range(field: Field, from: PartialDate, to: PartialDate) -> Box<dyn Query> {
    let lo = schema::date_to_tantivy(from.first_day());
    let hi = schema::date_to_tantivy(to.last_day());
    if lo > hi {
        return Box::new(EmptyQuery);
    }
    Box::new(RangeQuery::new(
        Bound::Included(Term::from_field_date(field, lo)),
        Bound::Included(Term::from_field_date(field, hi)),
    ))
}

/// (position, token text) of each token `analyzer` makes of `text`.
pub fn analyze(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while let Some(token) = tantivy::tokenizer::TokenStream::next(&mut stream) {
        out.push((token.position, token.text.clone()));
    }
    if let Some(first) = out.first().map(|(p, _)| *p) {
        for (p, _) in &mut out {
            *p -= first;
        }
    }
    out
}

/// What the snippet highlights: the positive parts of the query that can
/// match the body, already analyzed like the body is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Highlight {
    /// Stemmed single words.
    pub terms: Vec<String>,
    /// Stemmed word sequences (phrases, and words like `Pakistan's`).
    pub phrases: Vec<Vec<String>>,
    /// Unstemmed prefixes.
    pub prefixes: Vec<String>,
}

impl Highlight {
    pub fn from_expr(expr: &Expr) -> Highlight {
        let mut h = Highlight::default();
        let mut text = schema::text_analyzer();
        let mut unstemmed = schema::unstemmed_analyzer();
        collect(expr, &mut h, &mut text, &mut unstemmed);
        h.terms.sort();
        h.terms.dedup();
        h.phrases.sort();
        h.phrases.dedup();
        h.prefixes.sort();
        h.prefixes.dedup();
        h
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty() && self.phrases.is_empty() && self.prefixes.is_empty()
    }
}

fn collect(expr: &Expr, h: &mut Highlight, text: &mut TextAnalyzer, unstemmed: &mut TextAnalyzer) {
    match expr {
        Expr::All | Expr::Not(_) => {}
        Expr::And(children) | Expr::Or(children) => {
            for child in children {
                collect(child, h, text, unstemmed);
            }
        }
        Expr::Leaf(target, leaf) if target.reaches_body() => match leaf {
            Leaf::Word(w)
            | Leaf::Phrase {
                text: w,
                prefix: false,
                ..
            } => {
                let words: Vec<String> = analyze(text, w).into_iter().map(|(_, t)| t).collect();
                match (words.len(), leaf) {
                    (0, _) => {}
                    (1, _) => h.terms.extend(words),
                    (_, Leaf::Phrase { slop, .. }) if *slop > 0 => h.terms.extend(words),
                    _ => h.phrases.push(words),
                }
            }
            Leaf::Phrase {
                text: w,
                prefix: true,
                ..
            }
            | Leaf::Prefix(w) => {
                let mut words: Vec<String> =
                    analyze(unstemmed, w).into_iter().map(|(_, t)| t).collect();
                if let Some(last) = words.pop() {
                    h.prefixes.push(last);
                }
                for word in words {
                    h.terms
                        .extend(analyze(text, &word).into_iter().map(|(_, t)| t));
                }
            }
            Leaf::DateRange(..) => {}
        },
        Expr::Leaf(..) => {}
    }
}

/// Exact-name filters and the date range, ANDed with the query text; they
/// never change scores.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    pub desks: Vec<String>,
    pub authors: Vec<String>,
    pub tags: Vec<String>,
    pub since: Option<PartialDate>,
    pub until: Option<PartialDate>,
}

impl Filters {
    pub fn is_empty(&self) -> bool {
        self.desks.is_empty()
            && self.authors.is_empty()
            && self.tags.is_empty()
            && self.since.is_none()
            && self.until.is_none()
    }

    pub fn apply(&self, fields: Fields, query: Box<dyn Query>) -> Box<dyn Query> {
        if self.is_empty() {
            return query;
        }
        let mut parts: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, query)];
        for (field, names) in [
            (fields.desk_exact, &self.desks),
            (fields.author_exact, &self.authors),
            (fields.tag_exact, &self.tags),
        ] {
            if names.is_empty() {
                continue;
            }
            let any: Vec<(Occur, Box<dyn Query>)> = names
                .iter()
                .map(|n| {
                    let q: Box<dyn Query> = Box::new(TermQuery::new(
                        schema::exact_term(field, n),
                        IndexRecordOption::Basic,
                    ));
                    (Occur::Should, q)
                })
                .collect();
            parts.push((
                Occur::Must,
                Box::new(ConstScoreQuery::new(Box::new(BooleanQuery::new(any)), 0.0)),
            ));
        }
        if self.since.is_some() || self.until.is_some() {
            let bound = |d: Option<PartialDate>, last: bool| match d {
                Some(d) => Bound::Included(Term::from_field_date(
                    fields.date,
                    schema::date_to_tantivy(if last { d.last_day() } else { d.first_day() }),
                )),
                None => Bound::Unbounded,
            };
            let range = RangeQuery::new(bound(self.since, false), bound(self.until, true));
            parts.push((
                Occur::Must,
                Box::new(ConstScoreQuery::new(Box::new(range), 0.0)),
            ));
        }
        Box::new(BooleanQuery::new(parts))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(q: &str) -> Expr {
        parse_query(q).unwrap_or_else(|e| panic!("{q}: {e}"))
    }

    fn word(w: &str) -> Expr {
        Expr::Leaf(Target::Default, Leaf::Word(w.into()))
    }

    #[test]
    fn grammar() {
        assert_eq!(ok(""), Expr::All);
        assert_eq!(ok("a b"), Expr::And(vec![word("a"), word("b")]));
        assert_eq!(ok("a AND b"), Expr::And(vec![word("a"), word("b")]));
        assert_eq!(
            ok("a b OR c"),
            Expr::Or(vec![Expr::And(vec![word("a"), word("b")]), word("c")])
        );
        assert_eq!(ok("-a"), Expr::Not(Box::new(word("a"))));
        assert_eq!(ok("NOT a"), Expr::Not(Box::new(word("a"))));
        assert_eq!(ok("Pakistan's"), word("Pakistan's"));
        assert_eq!(ok("Azm-i-Istehkam"), word("Azm-i-Istehkam"));
        assert_eq!(ok("U.S."), word("U.S."));
        assert_eq!(
            ok("desalin*"),
            Expr::Leaf(Target::Default, Leaf::Prefix("desalin".into()))
        );
        assert_eq!(
            ok("title:pakistan"),
            Expr::Leaf(Target::Title, Leaf::Word("pakistan".into()))
        );
        assert_eq!(
            ok("desk:\"central asia\"~2"),
            Expr::Leaf(
                Target::Desk,
                Leaf::Phrase {
                    text: "central asia".into(),
                    slop: 2,
                    prefix: false
                }
            )
        );
        assert_eq!(
            ok("(a OR b) c"),
            Expr::And(vec![Expr::Or(vec![word("a"), word("b")]), word("c")])
        );
        assert_eq!(ok("*"), Expr::All);
        assert_eq!(ok("[sic]"), word("[sic]"));
        assert!(matches!(
            ok("date:2024-06"),
            Expr::Leaf(Target::Date, Leaf::DateRange(..))
        ));
        assert!(matches!(
            ok("date:[2023 TO 2024-06]"),
            Expr::Leaf(Target::Date, Leaf::DateRange(..))
        ));
    }

    #[test]
    fn syntax_errors() {
        for (q, want) in [
            ("\"resolve for", QueryError::UnbalancedQuote),
            ("(a b", QueryError::UnbalancedParen),
            ("a b)", QueryError::UnbalancedParen),
            ("nope:x", QueryError::UnknownField("nope".into())),
            ("a OR", QueryError::DanglingOperator("OR".into())),
            ("date:2024-13-45", QueryError::BadDate("2024-13-45".into())),
        ] {
            assert_eq!(parse_query(q), Err(want), "{q}");
        }
        assert_eq!(parse_query(&"(".repeat(10_000)), Err(QueryError::TooDeep));
    }

    #[test]
    fn highlight_skips_negated_and_other_fields() {
        let h = Highlight::from_expr(&ok(
            "glaciers -ice title:melt \"resolve for stability\" desalin*",
        ));
        assert_eq!(h.terms, vec!["glacier".to_string()]);
        assert_eq!(
            h.phrases,
            vec![vec!["resolv".to_string(), "for".into(), "stabil".into()]]
        );
        assert_eq!(h.prefixes, vec!["desalin".to_string()]);
    }
}
