//! What the snippet highlights: the positive parts of the query that can
//! match the body, analysed the way the body is.

use tantivy::tokenizer::TextAnalyzer;

use super::syntax::{Expr, Leaf};
use crate::analysis::{self, analyze};

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
        h
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty() && self.phrases.is_empty() && self.prefixes.is_empty()
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
