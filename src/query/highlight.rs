//! What the snippet highlights: the positive parts of the query that can
//! match the body, analysed the way the body is.

use tantivy::tokenizer::TextAnalyzer;

use super::langs::Languages;
use super::syntax::{Expr, Leaf};
use crate::analysis::script::is_cjk;
use crate::analysis::{self, analyze, lang};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Highlight {
    /// Stemmed single words.
    pub terms: Vec<String>,
    /// Stemmed word sequences (phrases, and words like `Pakistan's`).
    pub phrases: Vec<Vec<String>>,
    /// Unstemmed prefixes.
    pub prefixes: Vec<String>,
    /// Fuzzy words as written (folded) and the edits they allow: a body
    /// word within them lights up.
    pub fuzzy: Vec<(String, u8)>,
    /// The same in each other language searched (`analysis::lang`): what
    /// an article in that language lights up.
    pub others: Vec<(&'static str, LangHighlight)>,
}

/// [`Highlight`] in one non-English analysis: stems and prefixes without
/// their mark, phrases with each word's position (a CJK phrase of bigrams
/// skips the positions its bigrams cover).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LangHighlight {
    pub terms: Vec<String>,
    pub phrases: Vec<Vec<(usize, String)>>,
    pub prefixes: Vec<String>,
    /// As in [`Highlight::fuzzy`]: words as written are one field for
    /// every language.
    pub fuzzy: Vec<(String, u8)>,
}

impl Highlight {
    pub fn from_expr(expr: &Expr) -> Highlight {
        let mut h = Highlight::default();
        let mut analyzers = Analyzers {
            text: analysis::text_analyzer(),
            unstemmed: analysis::unstemmed_analyzer(),
        };
        analyzers.collect(expr, &mut h);
        h.terms.sort();
        h.terms.dedup();
        h.phrases.sort();
        h.phrases.dedup();
        h.prefixes.sort();
        h.prefixes.dedup();
        h.fuzzy.sort();
        h.fuzzy.dedup();
        h
    }

    /// [`Highlight::from_expr`], and the same in each of `langs`' other
    /// analyses.
    pub fn from_expr_in(expr: &Expr, langs: &Languages) -> Highlight {
        let mut h = Highlight::from_expr(expr);
        let fuzzy = h.fuzzy.clone();
        h.others = (langs.others.iter())
            .map(|&tag| {
                let mut l = LangHighlight {
                    fuzzy: fuzzy.clone(),
                    ..LangHighlight::default()
                };
                let mut analyzers = Analyzers {
                    text: lang::stemmed(tag),
                    unstemmed: lang::unstemmed(tag),
                };
                analyzers.collect_in(expr, &mut l);
                l.terms.sort();
                l.terms.dedup();
                l.phrases.sort();
                l.phrases.dedup();
                l.prefixes.sort();
                l.prefixes.dedup();
                (tag, l)
            })
            .collect();
        h
    }

    /// The highlight of analysis `tag`.
    pub fn of(&self, tag: &str) -> Option<&LangHighlight> {
        self.others.iter().find(|(t, _)| *t == tag).map(|(_, h)| h)
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
            && self.phrases.is_empty()
            && self.prefixes.is_empty()
            && self.fuzzy.is_empty()
    }
}

struct Analyzers {
    text: TextAnalyzer,
    unstemmed: TextAnalyzer,
}

fn texts(tokens: Vec<(usize, String)>) -> Vec<String> {
    tokens.into_iter().map(|(_, t)| t).collect()
}

impl Analyzers {
    fn collect(&mut self, expr: &Expr, h: &mut Highlight) {
        match expr {
            Expr::All | Expr::Not(_) => {}
            Expr::And(children) | Expr::Or(children) => {
                for child in children {
                    self.collect(child, h);
                }
            }
            Expr::Leaf(target, leaf) if target.reaches_body() => self.leaf(leaf, h),
            Expr::Leaf(..) => {}
        }
    }

    fn leaf(&mut self, leaf: &Leaf, h: &mut Highlight) {
        match leaf {
            Leaf::Word(w)
            | Leaf::Phrase {
                text: w,
                prefix: false,
                ..
            } => {
                let words = texts(analyze(&mut self.text, w));
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
                let mut words = texts(analyze(&mut self.unstemmed, w));
                if let Some(last) = words.pop() {
                    h.prefixes.push(last);
                }
                for word in words {
                    h.terms.extend(texts(analyze(&mut self.text, &word)));
                }
            }
            Leaf::Fuzzy(w, distance) => {
                let words = texts(analyze(&mut self.unstemmed, w));
                match words.as_slice() {
                    [word] => {
                        let d = distance.unwrap_or_else(|| super::fuzzy::default_distance(word));
                        h.fuzzy.push((word.clone(), d));
                    }
                    // Several words (`U.S.~`) are searched as a phrase.
                    _ => self.leaf(&Leaf::Word(w.clone()), h),
                }
            }
            Leaf::DateRange(..) => {}
        }
    }
}

impl Analyzers {
    /// [`Analyzers::collect`] in a non-English analysis, whose query words
    /// are the tokens the query builder looks up (`lang::query_tokens`:
    /// a CJK word is its bigrams, not also its characters).
    fn collect_in(&mut self, expr: &Expr, l: &mut LangHighlight) {
        match expr {
            Expr::All | Expr::Not(_) => {}
            Expr::And(children) | Expr::Or(children) => {
                for child in children {
                    self.collect_in(child, l);
                }
            }
            Expr::Leaf(target, leaf) if target.reaches_body() => self.leaf_in(leaf, l),
            Expr::Leaf(..) => {}
        }
    }

    fn leaf_in(&mut self, leaf: &Leaf, l: &mut LangHighlight) {
        match leaf {
            Leaf::Word(w)
            | Leaf::Phrase {
                text: w,
                prefix: false,
                ..
            } => {
                let slop = match leaf {
                    Leaf::Phrase { slop, .. } => *slop,
                    _ => 0,
                };
                let mut words = lang::query_tokens(analyze(&mut self.text, w));
                match words.len() {
                    0 => {}
                    1 => l.terms.extend(words.pop().map(|(_, t)| t)),
                    _ if slop > 0 => l.terms.extend(texts(words)),
                    _ => l.phrases.push(words),
                }
            }
            Leaf::Phrase {
                text: w,
                prefix: true,
                ..
            }
            | Leaf::Prefix(w) => {
                let raw = lang::query_tokens(analyze(&mut self.unstemmed, w));
                let mut stems = lang::query_tokens(analyze(&mut self.text, w));
                let Some((_, last)) = raw.last() else {
                    return;
                };
                // A CJK bigram is a whole token (none is longer): a prefix
                // ending in one matches exactly its tokens, as a phrase.
                let bigram = last.chars().count() == 2 && last.chars().all(is_cjk);
                if bigram && stems.len() == raw.len() {
                    match stems.len() {
                        1 => l.terms.extend(stems.pop().map(|(_, t)| t)),
                        _ => l.phrases.push(stems),
                    }
                    return;
                }
                l.prefixes.push(last.clone());
                stems.truncate(raw.len() - 1);
                l.terms.extend(texts(stems));
            }
            Leaf::Fuzzy(w, _) => {
                // One word is in `fuzzy` (words as written, every language);
                // several (`U.S.~`) are searched as a phrase.
                if analyze(&mut self.unstemmed, w).len() > 1 {
                    self.leaf_in(&Leaf::Word(w.clone()), l);
                }
            }
            Leaf::DateRange(..) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::parse_query;

    fn ok(q: &str) -> Expr {
        parse_query(q).unwrap_or_else(|e| panic!("{q}: {e}"))
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
