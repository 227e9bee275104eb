//! atlas's query tree → a SphinxQL `MATCH()` expression.
//!
//! Every leaf is analysed by the local analyzers and sent as encoded
//! tokens (`tokens`), scoped to its fields with `@(…)` and parenthesised
//! (in Sphinx 2.2 `|` binds tighter than the implicit AND). Exclusions
//! start from the marker token every article holds; prefixes are expanded
//! from the word list `push` keeps beside the cluster file (`words`), since
//! the engine's own wildcard expansion is not atlas's. What SphinxQL cannot
//! say exactly — phrases with slop or with an empty position — becomes a
//! sure superset (a subset under a negation) and sets `recheck`: the caller
//! then runs atlas's own query over the candidates.

use tantivy::tokenizer::TextAnalyzer;

use super::schema::target_fields;
use super::tokens::{self, MARKER};
use super::words::WordList;
use crate::analysis::script::is_cjk;
use crate::analysis::{self, lang};
use crate::query::{Expr, Languages, Leaf, Target, cut_by_language, fuzzy};

/// Matches no article (a prefix nothing starts with, an empty date range).
pub(super) const NOTHING: &str = "(@meta atlasnone)";
/// Prefix expansions one query may carry in all. Each is a leaf of the
/// engine's query tree, and Sphinx 2.2 evaluates the tree recursively on a
/// thread stack of `thread_stack` bytes (~160 per leaf, measured): the
/// configs `atlas cluster config` writes (8M) carry 30,000; Sphinx's
/// default (1M) about 6,000, which the engine refuses as "query too
/// complex" (see `engine`).
pub const MAX_PREFIX_EXPANSIONS: usize = 20_000;

#[derive(Debug, Clone, PartialEq)]
pub enum Translation {
    /// No condition on the text (the query was empty).
    Everything,
    /// Matches nothing (the query was only punctuation).
    Nothing,
    Match(String),
}

pub struct Translator<'w> {
    pub(super) text: TextAnalyzer,
    pub(super) unstemmed: TextAnalyzer,
    /// Words as written in every language but English (`lang::unstemmed`).
    pub(super) script: TextAnalyzer,
    pub(super) words: Option<&'w WordList>,
    /// Whether words are looked up in English.
    english: bool,
    /// The other analyses words are looked up in.
    pub(super) others: Vec<TextAnalyzer>,
    /// Set when the expression is a superset of the query's matches.
    pub recheck: bool,
    /// Each prefix as typed and the words it expanded to, in query order.
    pub expansions: Vec<(String, usize)>,
    /// Article ids the query carries (what `speaker:` and `quote:` became).
    pub ids: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum TranslateError {
    #[error(
        "`{0}` takes the query past {MAX_PREFIX_EXPANSIONS} prefix expansions, more than one cluster query can carry (make the prefix longer; a local index has no such limit)"
    )]
    TooManyExpansions(String),
    #[error(
        "prefix searches on a cluster need the word list `atlas push` writes beside the cluster file ({0}); run `atlas push --cluster FILE` on this machine first"
    )]
    NoWordList(String),
    #[error(
        "`speaker:`/`quote:` match quotations in at least {0} articles here, more than one cluster query can carry ({MAX_PREFIX_EXPANSIONS} articles and prefix expansions in all): narrow them, e.g. with more words inside `quote:(…)` (a local index has no such limit)"
    )]
    TooManyQuoted(usize),
    /// `speaker:`/`quote:` are answered before translation (`quotes`).
    #[error(
        "`speaker:` and `quote:` reached the cluster's translation unanswered (a bug in atlas)"
    )]
    Quotes,
}

fn scope(target: Target) -> String {
    let names: Vec<&str> = target_fields(target).iter().map(|(f, _)| *f).collect();
    format!("@({})", names.join(","))
}

/// Articles in any of these languages (`lang:`, `--lang`).
pub fn lang_match(codes: &[String]) -> String {
    let tokens: Vec<String> = codes.iter().map(|c| tokens::lang_token(c)).collect();
    format!("(@meta ({}))", tokens.join(" | "))
}

fn everything() -> String {
    format!("(@meta {MARKER})")
}

impl<'w> Translator<'w> {
    pub fn new(words: Option<&'w WordList>) -> Translator<'w> {
        Translator {
            text: analysis::text_analyzer(),
            unstemmed: analysis::unstemmed_analyzer(),
            script: lang::unstemmed(lang::PLAIN),
            words,
            english: true,
            others: Vec::new(),
            recheck: false,
            expansions: Vec::new(),
            ids: 0,
        }
    }

    /// Words are looked up in these languages' analyses, as the local
    /// builder does (`query::Languages`).
    pub fn with_languages(mut self, langs: &Languages) -> Translator<'w> {
        self.english = langs.english;
        self.others = langs.others.iter().map(|t| lang::tagged(t)).collect();
        self
    }

    pub fn translate(&mut self, expr: &Expr) -> Result<Translation, TranslateError> {
        if *expr == Expr::All {
            return Ok(Translation::Everything);
        }
        Ok(match self.expr(expr, true)? {
            Some(m) => Translation::Match(m),
            None => Translation::Nothing,
        })
    }

    /// `None` where the local builder drops the clause (nothing to match).
    /// `positive` is false under an odd number of negations, where an
    /// inexact leaf must shrink rather than grow.
    fn expr(&mut self, expr: &Expr, positive: bool) -> Result<Option<String>, TranslateError> {
        Ok(match expr {
            Expr::All => Some(everything()),
            Expr::Leaf(target, leaf) => self.leaf(*target, leaf, positive)?,
            Expr::Not(inner) => self
                .expr(inner, !positive)?
                .map(|q| format!("({} -{q})", everything())),
            Expr::And(clauses) => self.and(clauses, positive)?,
            Expr::Or(alternatives)
                if !alternatives.is_empty() && alternatives.iter().all(is_id) =>
            {
                let ids: Vec<String> = (alternatives.iter())
                    .filter_map(|a| match a {
                        Expr::Leaf(_, Leaf::Word(id)) => Some(id.clone()),
                        _ => None,
                    })
                    .collect();
                self.ids(&ids)?
            }
            Expr::Or(alternatives) => {
                let mut parts = Vec::new();
                for a in alternatives {
                    parts.extend(self.expr(a, positive)?);
                }
                (!parts.is_empty()).then(|| format!("({})", parts.join(" | ")))
            }
        })
    }

    fn and(&mut self, clauses: &[Expr], positive: bool) -> Result<Option<String>, TranslateError> {
        let (mut musts, mut nots) = (Vec::new(), Vec::new());
        for clause in clauses {
            match clause {
                Expr::Not(inner) => nots.extend(self.expr(inner, !positive)?),
                other => musts.extend(self.expr(other, positive)?),
            }
        }
        if musts.is_empty() && nots.is_empty() {
            return Ok(None);
        }
        if musts.is_empty() {
            musts.push(everything());
        }
        let nots = nots.iter().map(|n| format!("-{n}"));
        let all: Vec<String> = musts.into_iter().chain(nots).collect();
        Ok(Some(format!("({})", all.join(" "))))
    }

    fn leaf(
        &mut self,
        target: Target,
        leaf: &Leaf,
        positive: bool,
    ) -> Result<Option<String>, TranslateError> {
        if matches!(target, Target::Speaker | Target::Quote) {
            return Err(TranslateError::Quotes);
        }
        match leaf {
            // Never typed: a quote part's articles (`quotes::resolve_with`);
            // none is "".
            Leaf::Word(id) if target == Target::Id => self.ids(std::slice::from_ref(id)),
            Leaf::DateRange(from, to) => {
                let (lo, hi) = (from.first_day(), to.last_day());
                if lo > hi {
                    return Ok(Some(NOTHING.into()));
                }
                let cover = tokens::date_cover(lo, hi);
                Ok(Some(format!("(@meta ({}))", cover.join(" | "))))
            }
            Leaf::Word(code) if target == Target::Lang => {
                Ok(Some(lang_match(std::slice::from_ref(code))))
            }
            Leaf::Word(w) => Ok(self.words(target, w, 0, positive)),
            Leaf::Phrase {
                text,
                slop,
                prefix: false,
            } => Ok(self.words(target, text, *slop, positive)),
            Leaf::Phrase {
                text, prefix: true, ..
            } => self.phrase_prefix(target, text, positive),
            Leaf::Prefix(p) => self.prefix_leaf(target, p, positive),
            Leaf::Fuzzy(w, d) => self.fuzzy(target, w, *d, positive),
        }
    }

    /// Any of these articles: the token each one's `meta` holds
    /// (`tokens::id_token`), one flat alternative each, counted with the
    /// prefix expansions against what one engine query can carry.
    fn ids(&mut self, ids: &[String]) -> Result<Option<String>, TranslateError> {
        let tokens: Vec<String> = (ids.iter())
            .filter(|id| !id.is_empty())
            .map(|id| tokens::id_token(id))
            .collect();
        self.ids += tokens.len();
        if self.expanded() + self.ids > MAX_PREFIX_EXPANSIONS {
            return Err(TranslateError::TooManyQuoted(self.ids));
        }
        Ok(Some(match tokens.is_empty() {
            true => NOTHING.into(),
            false => format!("(@meta ({}))", tokens.join(" | ")),
        }))
    }

    /// A word or phrase in each analysis searched, in every field of the
    /// target (each is analysed in the article's own language).
    fn words(&mut self, target: Target, text: &str, slop: u32, positive: bool) -> Option<String> {
        let scope = scope(target);
        if self.english && self.others.is_empty() {
            let toks = tokens::leaf_tokens(&mut self.text, text);
            return self.phrase_in(&scope, toks, slop, positive, true);
        }
        if !self.english && self.others.is_empty() {
            // No language searched is held: nothing.
            return (!target_fields(target).is_empty()).then(|| NOTHING.into());
        }
        let mut alternatives = Vec::new();
        if self.english {
            let toks = tokens::leaf_tokens(&mut self.text, text);
            alternatives.extend(self.phrase_in(&scope, toks, slop, positive, true));
        }
        for i in 0..self.others.len() {
            let toks = lang::query_tokens(analysis::analyze(&mut self.others[i], text));
            // The engine's stream holds each CJK character before its
            // bigram, so bigrams are never neighbours there: a phrase of
            // them is checked by atlas (`recheck`).
            let cjk = (toks.iter()).any(|(_, t)| lang::untagged(t).chars().any(is_cjk));
            let toks = (toks.into_iter())
                .map(|(p, t)| (p, tokens::encode(&t)))
                .collect();
            alternatives.extend(self.phrase_in(&scope, toks, slop, positive, !cjk));
        }
        match alternatives.len() {
            0 => None,
            1 => alternatives.pop(),
            _ => Some(format!("({})", alternatives.join(" | "))),
        }
    }

    /// One token is a term, several a phrase.
    pub(super) fn phrase_in(
        &mut self,
        scope: &str,
        toks: Vec<(usize, String)>,
        slop: u32,
        positive: bool,
        in_order: bool,
    ) -> Option<String> {
        match toks.len() {
            0 => None,
            1 => Some(format!("({scope} {})", toks[0].1)),
            _ => {
                let exact = in_order && toks.iter().enumerate().all(|(i, (p, _))| *p == i);
                let words: Vec<&str> = toks.iter().map(|(_, t)| t.as_str()).collect();
                if slop == 0 && exact {
                    return Some(format!("({scope} \"{}\")", words.join(" ")));
                }
                // Sphinx's proximity is not tantivy's slop: a superset
                // here, atlas's phrase check after.
                self.recheck = true;
                Some(match (positive, exact) {
                    (true, _) => format!("({scope} {})", words.join(" ")),
                    (false, true) => format!("({scope} \"{}\")", words.join(" ")),
                    (false, false) => NOTHING.into(),
                })
            }
        }
    }

    /// Prefix expansions so far in this query.
    fn expanded(&self) -> usize {
        self.expansions.iter().map(|(_, n)| n).sum()
    }

    pub(super) fn word_list(&self) -> Result<&'w WordList, TranslateError> {
        self.words
            .ok_or_else(|| TranslateError::NoWordList("no word list".into()))
    }

    /// `word*`: every word as written that starts so, in each field.
    pub(super) fn prefix_leaf(
        &mut self,
        target: Target,
        prefix: &str,
        positive: bool,
    ) -> Result<Option<String>, TranslateError> {
        let english = self.english_prefix(target, prefix)?;
        if !cut_by_language(prefix) {
            return Ok(english);
        }
        // As locally: in the other languages a phrase prefix of their own
        // tokens (`d'électri*`, `東京都*`).
        let mut alternatives: Vec<String> = english.into_iter().collect();
        alternatives.extend(self.other_phrase_prefixes(target, prefix, positive)?);
        Ok(one_of(alternatives))
    }

    fn english_prefix(
        &mut self,
        target: Target,
        prefix: &str,
    ) -> Result<Option<String>, TranslateError> {
        let toks = analysis::analyze(&mut self.unstemmed, prefix);
        if toks.len() > 1 {
            // `u.s*`: tantivy's phrase prefix over the stemmed field.
            let (first, last) = toks.split_at(toks.len() - 1);
            let first: Vec<String> = first.iter().map(|(_, t)| tokens::encode(t)).collect();
            return self.phrase_alternatives(target, &first, &last[0].1, false);
        }
        let Some((_, p)) = toks.into_iter().next() else {
            return Ok(None);
        };
        let words = self.word_list()?;
        let mut parts = Vec::new();
        let mut total = 0;
        for (_, words_field) in target_fields(target) {
            let room = MAX_PREFIX_EXPANSIONS - self.expanded();
            let found = words.starting_with(words_field, &p, room.saturating_sub(total) + 1);
            total += found.len();
            if self.expanded() + total > MAX_PREFIX_EXPANSIONS {
                return Err(TranslateError::TooManyExpansions(format!("{prefix}*")));
            }
            if !found.is_empty() {
                let enc: Vec<String> = found.iter().map(|w| tokens::encode(w)).collect();
                parts.push(format!("(@{words_field} ({}))", enc.join(" | ")));
            }
        }
        self.expansions.push((format!("{prefix}*"), total));
        Ok(Some(match parts.is_empty() {
            true => NOTHING.into(),
            false => format!("({})", parts.join(" | ")),
        }))
    }

    /// `word~`: the words as written within the distance, in each field,
    /// expanded from the word list exactly as the local index expands them.
    fn fuzzy(
        &mut self,
        target: Target,
        word: &str,
        distance: Option<u8>,
        positive: bool,
    ) -> Result<Option<String>, TranslateError> {
        let toks = analysis::analyze(&mut self.unstemmed, word);
        let [(_, w)] = toks.as_slice() else {
            return Ok(self.words(target, word, 0, positive));
        };
        let distance = distance.unwrap_or_else(|| fuzzy::default_distance(w));
        let words = self.word_list()?;
        let mut parts = Vec::new();
        let mut total = 0;
        for (_, words_field) in target_fields(target) {
            let found = words.fuzzy(words_field, w, distance);
            total += found.len();
            if !found.is_empty() {
                let enc: Vec<String> = found.iter().map(|w| tokens::encode(w)).collect();
                parts.push(format!("(@{words_field} ({}))", enc.join(" | ")));
            }
        }
        if self.expanded() + total > MAX_PREFIX_EXPANSIONS {
            return Err(TranslateError::TooManyExpansions(format!("{word}~")));
        }
        self.expansions.push((format!("{word}~"), total));
        Ok(Some(match parts.is_empty() {
            true => NOTHING.into(),
            false => format!("({})", parts.join(" | ")),
        }))
    }
}

/// An article id leaf (what a quote part became).
fn is_id(expr: &Expr) -> bool {
    matches!(expr, Expr::Leaf(Target::Id, Leaf::Word(_)))
}

/// Any of `alternatives`; `None` when there is none.
pub(super) fn one_of(mut alternatives: Vec<String>) -> Option<String> {
    match alternatives.len() {
        0 => None,
        1 => alternatives.pop(),
        _ => Some(format!("({})", alternatives.join(" | "))),
    }
}
