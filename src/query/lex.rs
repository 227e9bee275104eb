//! The lexer: what the user typed, as tokens (words, prefixes, phrases
//! with their slop, ranges, fields, operators). Punctuation inside a word
//! is text, not syntax; a bracket opens a range only right after a field.

use super::syntax::{QueryError, Target};

/// The widest slop a phrase may ask for.
const MAX_SLOP: u32 = 100;

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Tok {
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
    /// `word~`, `word~1`: the distance when one is given.
    Fuzzy(String, Option<u8>),
    Phrase {
        text: String,
        slop: u32,
        prefix: bool,
    },
    Range(String),
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”')
}

/// Ends a word: space, a control character, a parenthesis or a quote.
fn ends_word(c: char) -> bool {
    c.is_whitespace() || c.is_control() || matches!(c, '(' | ')') || is_quote(c)
}

struct Lexer {
    chars: Vec<char>,
    i: usize,
    toks: Vec<Tok>,
}

impl Lexer {
    fn peek_at(&self, offset: usize) -> Option<char> {
        self.chars.get(self.i + offset).copied()
    }

    /// The whole input as tokens. `at_start` is false right after
    /// `field:`, where what follows is the field's value, not an operator.
    fn run(mut self) -> Result<Vec<Tok>, QueryError> {
        let mut at_start = true;
        while let Some(c) = self.peek_at(0) {
            if c.is_whitespace() || c.is_control() {
                at_start = true;
                self.i += 1;
                continue;
            }
            let after_field = match c {
                '(' | ')' => self.paren(c),
                c if is_quote(c) => self.phrase()?,
                '-' | '+'
                    if at_start
                        && self
                            .peek_at(1)
                            .is_some_and(|n| !n.is_whitespace() && n != ')') =>
                {
                    self.sign(c)
                }
                '[' | '{' if !at_start => self.range()?,
                _ => self.word(at_start)?,
            };
            at_start = !after_field;
        }
        Ok(self.toks)
    }

    fn paren(&mut self, c: char) -> bool {
        self.toks
            .push(if c == '(' { Tok::LParen } else { Tok::RParen });
        self.i += 1;
        false
    }

    fn sign(&mut self, c: char) -> bool {
        self.toks
            .push(if c == '-' { Tok::Minus } else { Tok::Plus });
        self.i += 1;
        false
    }

    /// `"…"`, then an optional `~N` slop and `*` prefix mark.
    fn phrase(&mut self) -> Result<bool, QueryError> {
        let start = self.i + 1;
        let close = self.chars[start..]
            .iter()
            .position(|&q| is_quote(q))
            .ok_or(QueryError::UnbalancedQuote)?;
        let text: String = self.chars[start..start + close].iter().collect();
        self.i = start + close + 1;
        let mut slop = 0;
        if self.peek_at(0) == Some('~') {
            let digits: String = self.chars[self.i + 1..]
                .iter()
                .take_while(|d| d.is_ascii_digit())
                .collect();
            self.i += 1 + digits.len();
            slop = digits.parse::<u32>().unwrap_or(0).min(MAX_SLOP);
        }
        let prefix = self.peek_at(0) == Some('*');
        if prefix {
            self.i += 1;
        }
        self.toks.push(Tok::Phrase { text, slop, prefix });
        Ok(false)
    }

    /// `[2023 TO 2024-06]` (or with braces) right after a field.
    fn range(&mut self) -> Result<bool, QueryError> {
        let close = self.chars[self.i..]
            .iter()
            .position(|&q| q == ']' || q == '}')
            .ok_or(QueryError::UnbalancedBracket)?;
        let inner = self.chars[self.i + 1..self.i + close].iter().collect();
        self.toks.push(Tok::Range(inner));
        self.i += close + 1;
        Ok(false)
    }

    /// A word, a prefix (`word*`), an operator, or `field:` (then returns
    /// true: the next token is that field's value).
    fn word(&mut self, at_start: bool) -> Result<bool, QueryError> {
        let end = self.chars[self.i..]
            .iter()
            .position(|&w| ends_word(w))
            .map_or(self.chars.len(), |p| self.i + p);
        let word: String = self.chars[self.i..end].iter().collect();
        if let Some((name, rest)) = word.split_once(':')
            && !name.is_empty()
            && name.chars().all(|c| c.is_ascii_alphabetic() || c == '_')
            && (end < self.chars.len() || !rest.is_empty())
        {
            let target =
                Target::from_name(name).ok_or_else(|| QueryError::UnknownField(name.into()))?;
            self.toks.push(Tok::Field(target));
            self.i += name.chars().count() + 1;
            return Ok(true);
        }
        self.i = end;
        self.toks.push(match word.as_str() {
            "AND" | "&&" if at_start => Tok::And,
            "OR" | "||" if at_start => Tok::Or,
            "NOT" if at_start => Tok::Not,
            "*" => Tok::Star,
            w if w.len() > 1 && w.ends_with('*') => Tok::Prefix(w.trim_end_matches('*').into()),
            w => fuzzy(w)?.unwrap_or(Tok::Word(word)),
        });
        Ok(false)
    }
}

/// `word~`, `word~1`, `word~2`; `None` when the `~` is text (alone, inside
/// a word, doubled).
fn fuzzy(w: &str) -> Result<Option<Tok>, QueryError> {
    let Some((stem, digits)) = w.rsplit_once('~') else {
        return Ok(None);
    };
    if stem.is_empty() || stem.ends_with('~') || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Ok(None);
    }
    let distance = match digits {
        "" => None,
        d => match d.parse::<u8>() {
            Ok(n) if n <= super::fuzzy::MAX_DISTANCE => Some(n),
            _ => return Err(QueryError::FuzzyDistance(w.to_string())),
        },
    };
    Ok(Some(Tok::Fuzzy(stem.to_string(), distance)))
}

pub(super) fn lex(input: &str) -> Result<Vec<Tok>, QueryError> {
    Lexer {
        chars: input.chars().collect(),
        i: 0,
        toks: Vec::new(),
    }
    .run()
}
