//! What the user typed, as a tree: the recursive-descent parser over the
//! lexer's tokens (`lex.rs`) and the errors a query can have.
//!
//! The grammar is tantivy's (terms ANDed, `OR`, `AND`, `NOT`, `-term`,
//! `+term`, `"phrase"`, `"phrase"~N`, `"phrase prefix"*`, `field:value`,
//! parentheses). Punctuation inside a word is text, not syntax; brackets
//! are a range only right after a field; dates are parsed here so that a
//! bad date is a syntax error rather than zero hits.

use super::lex::{Tok, lex};
use crate::parse::date::{PartialDate, parse_date};

/// Deeper nesting than this is not a query anyone types; refusing it keeps
/// the recursive parser's stack bounded.
const MAX_DEPTH: usize = 64;
/// Open-ended date ranges (`date:[* TO 2024]`) stop at these years, the
/// range the index can store.
const FIRST_YEAR: i32 = 1700;
const LAST_YEAR: i32 = 2250;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum QueryError {
    #[error("unbalanced quote in the query (close the phrase with \")")]
    UnbalancedQuote,
    #[error("unbalanced parentheses in the query (every `(` needs a `)`)")]
    UnbalancedParen,
    #[error("unclosed range in the query (write `date:[2023 TO 2024-06]`, or quote a `[`)")]
    UnbalancedBracket,
    #[error("unknown field `{0}:` (fields: {fields})", fields = Target::field_list())]
    UnknownField(String),
    #[error("`{0}` needs a term after it")]
    DanglingOperator(String),
    #[error("invalid date `{0}` (use 2024-06-24, 2024-06, 2024, June 24, 2024 …)")]
    BadDate(String),
    #[error("the query nests parentheses too deeply")]
    TooDeep,
    #[error("`{0}` is not a language code (use lang:de, lang:pt-BR …)")]
    BadLang(String),
    #[error("`{0}`: a fuzzy word allows at most 2 edits (write word~, word~1 or word~2)")]
    FuzzyDistance(String),
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
    /// `lang:de`: the article's language (a filter, like `date:`).
    Lang,
    /// `speaker:sharif`, `quote:(dam water)`: words of one quotation or of
    /// its speaker (answered by the quote index, `quotes/resolve.rs`).
    Speaker,
    Quote,
    /// An article id, exactly: what a `speaker:`/`quote:` part becomes
    /// once the quote index answered it (never typed).
    Id,
}

/// The field names users type before `:`, each with its aliases; the first
/// name of each is the one error messages list.
const FIELD_NAMES: &[(Target, &[&str])] = &[
    (Target::Title, &["title", "headline"]),
    (Target::Body, &["body", "text"]),
    (Target::Authors, &["author", "authors", "by"]),
    (Target::Desk, &["desk", "section"]),
    (Target::Tags, &["tag", "tags"]),
    (Target::Date, &["date"]),
    (Target::Lang, &["lang", "language"]),
    (Target::Speaker, &["speaker", "speakers"]),
    (Target::Quote, &["quote", "quotes"]),
];

impl Target {
    pub(super) fn from_name(name: &str) -> Option<Target> {
        let name = name.to_ascii_lowercase();
        FIELD_NAMES
            .iter()
            .find(|(_, names)| names.contains(&name.as_str()))
            .map(|(target, _)| *target)
    }

    /// `title, body, author, desk, tag, date, lang`.
    fn field_list() -> String {
        let names: Vec<&str> = FIELD_NAMES.iter().map(|(_, names)| names[0]).collect();
        names.join(", ")
    }

    /// Whether matches of this leaf are in the body (and so highlighted).
    pub fn reaches_body(self) -> bool {
        matches!(self, Target::Default | Target::Body | Target::Quote)
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
    /// `word~N`: the words within N edits of it as written (`fuzzy`);
    /// `None`: the distance its length gives.
    Fuzzy(String, Option<u8>),
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
            Expr::Leaf(target, _) => matches!(target, Target::Date | Target::Lang | Target::Id),
            Expr::And(children) | Expr::Or(children) => children.iter().all(Expr::is_scoreless),
        }
    }
}

struct Parser {
    toks: Vec<Tok>,
    pos: usize,
}

/// Tokens after which an operator has nothing to apply to.
fn ends_operand(t: Option<&Tok>) -> bool {
    matches!(t, None | Some(Tok::RParen | Tok::Or | Tok::And))
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
            if ends_operand(self.peek()) {
                return Err(QueryError::DanglingOperator("OR".into()));
            }
            alternatives.push(self.and_expr(target, depth)?);
        }
        Ok(if alternatives.len() == 1 {
            alternatives.swap_remove(0)
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
                    if clauses.is_empty() || ends_operand(self.peek()) {
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
            clauses.swap_remove(0)
        } else {
            Expr::And(clauses)
        })
    }

    fn unary(&mut self, target: Target, depth: usize) -> Result<Expr, QueryError> {
        match self.peek() {
            Some(Tok::Minus | Tok::Not) => {
                let op = if self.peek() == Some(&Tok::Not) {
                    "NOT"
                } else {
                    "-"
                };
                self.pos += 1;
                if ends_operand(self.peek()) {
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
                Some(_) => self.primary(field, depth + 1),
            },
            Some(Tok::Star) => Ok(Expr::All),
            Some(Tok::Word(w)) => leaf(target, Leaf::Word(w)),
            Some(Tok::Prefix(p)) => leaf(target, Leaf::Prefix(p)),
            Some(Tok::Fuzzy(w, d)) => leaf(target, Leaf::Fuzzy(w, d)),
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

/// A `date:` leaf becomes a date range here, so a bad date is a syntax
/// error; a `lang:` leaf becomes the code it names (`pt-BR` → `pt`).
fn leaf(target: Target, leaf: Leaf) -> Result<Expr, QueryError> {
    if target == Target::Lang {
        let text = match &leaf {
            Leaf::Word(w) | Leaf::Prefix(w) | Leaf::Fuzzy(w, _) => w.clone(),
            Leaf::Phrase { text, .. } => text.clone(),
            Leaf::DateRange(..) => String::new(),
        };
        let code = crate::lang::normalize_code(&text).ok_or(QueryError::BadLang(text))?;
        return Ok(Expr::Leaf(target, Leaf::Word(code)));
    }
    if target != Target::Date {
        return Ok(Expr::Leaf(target, leaf));
    }
    let text = match &leaf {
        Leaf::Word(w) | Leaf::Prefix(w) | Leaf::Fuzzy(w, _) => w.clone(),
        Leaf::Phrase { text, .. } => text.clone(),
        Leaf::DateRange(..) => return Ok(Expr::Leaf(target, leaf)),
    };
    if let Some(inner) = text.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
        let (from, to) = inner
            .split_once(" TO ")
            .ok_or_else(|| QueryError::BadDate(inner.to_string()))?;
        let bound = |s: &str, open: i32| match s.trim() {
            "*" => Ok(PartialDate::Year(open)),
            s => parse_date_bound(s),
        };
        let range = Leaf::DateRange(bound(from, FIRST_YEAR)?, bound(to, LAST_YEAR)?);
        return Ok(Expr::Leaf(target, range));
    }
    let d = parse_date_bound(&text)?;
    Ok(Expr::Leaf(target, Leaf::DateRange(d, d)))
}

/// Parses the query text. An empty query is `Expr::All`.
pub fn parse_query(input: &str) -> Result<Expr, QueryError> {
    // NFC as the articles are (SPEC): a decomposed `ä` typed or pasted
    // (macOS) is one letter, not `a` and a lone accent.
    let toks = lex(&crate::lang::nfc(input))?;
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

#[cfg(test)]
#[path = "syntax_tests.rs"]
mod tests;
