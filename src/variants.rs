//! `[variants]` in the corpus root's `atlas.toml`: groups of words that
//! mean the same name or thing (`gaddafi = ["qaddafi", "kadhafi"]`),
//! matched both ways. `[variants.de]` groups apply only to articles in that
//! language.
//!
//! The groups are checked when `atlas index` reads the config (a word in two
//! groups, an empty group, `[variants]` below the root: exit 2 naming file
//! and line), recorded in the index's commit payload (no article is
//! re-indexed when only they change: the config's hash leaves them out)
//! and applied to the query tree before it is built ([`expand`]): a query
//! word, a run of consecutive query words or a quoted phrase equal to a
//! member becomes "it, or any other member". Members are folded like query
//! words and matched as written (a one-word member is an exact `word~0`
//! over the words as written; a longer one a phrase).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use tantivy::tokenizer::TextAnalyzer;

use crate::analysis::{self, analyze};
use crate::config::ConfigError;
use crate::query::{Expr, Leaf, Target};

/// The groups of one corpus.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Variants {
    pub groups: Vec<Group>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    /// Only for articles in this language (`[variants.de]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// Folded, words joined by one space; the key first.
    pub members: Vec<String>,
}

fn fold(analyzer: &mut TextAnalyzer, text: &str) -> String {
    let words: Vec<String> = analyze(analyzer, text)
        .into_iter()
        .map(|(_, w)| w)
        .collect();
    words.join(" ")
}

/// The line of the `[variants…]` section `header` (`variants` or
/// `variants.de`), or of the first line at or after `from` holding `needle`.
fn line_after(text: &str, from: usize, needle: &str) -> usize {
    text.lines()
        .enumerate()
        .skip(from.saturating_sub(1))
        .find(|(_, l)| l.contains(needle))
        .map_or(from.max(1), |(i, _)| i + 1)
}

/// The line at or after `from` where `key = …` is written (bare or quoted).
fn key_line(text: &str, from: usize, key: &str) -> usize {
    let starts = |l: &str| {
        let l = l.trim_start();
        let rest = [format!("\"{key}\""), format!("'{key}'"), key.to_string()]
            .into_iter()
            .find_map(|k| l.strip_prefix(k.as_str()).map(str::to_string));
        rest.is_some_and(|r| r.trim_start().starts_with('='))
    };
    text.lines()
        .enumerate()
        .skip(from.saturating_sub(1))
        .find(|(_, l)| starts(l))
        .map_or(from.max(1), |(i, _)| i + 1)
}

fn header_line(text: &str, lang: Option<&str>) -> usize {
    text.lines()
        .position(|l| {
            let t: String = l
                .split('#')
                .next()
                .unwrap_or("")
                .split_whitespace()
                .collect();
            match lang {
                None => t == "[variants]",
                Some(code) => {
                    t == format!("[variants.{code}]") || t == format!("[variants.\"{code}\"]")
                }
            }
        })
        .map_or_else(|| line_after(text, 1, "variants"), |i| i + 1)
}

impl Variants {
    /// The `[variants]` of the config at `rel_path` (whose text is `text`).
    pub fn parse(rel_path: &str, text: &str, value: &toml::Value) -> Result<Variants, ConfigError> {
        let error = |line: usize, message: String| ConfigError {
            path: rel_path.to_string(),
            line,
            message,
        };
        if rel_path.contains('/') {
            return Err(error(
                header_line(text, None),
                "[variants] belongs in the atlas.toml at the corpus root only".into(),
            ));
        }
        let table = value
            .as_table()
            .ok_or_else(|| error(header_line(text, None), "[variants] must be a table".into()))?;
        let mut analyzer = analysis::unstemmed_analyzer();
        let mut groups = Vec::new();
        // (lang, folded member) → the group's key, for "in two groups".
        let mut seen: BTreeMap<(Option<String>, String), String> = BTreeMap::new();
        let mut sections: Vec<(Option<String>, &toml::Table)> = vec![(None, table)];
        for (key, v) in table {
            if let toml::Value::Table(inner) = v {
                let code = crate::lang::normalize_code(key).ok_or_else(|| {
                    error(
                        line_after(text, 1, key),
                        format!("[variants.{key}]: `{key}` is not a language code (e.g. de, fr)"),
                    )
                })?;
                sections.push((Some(code), inner));
            }
        }
        for (lang, section) in sections {
            let start = header_line(text, lang.as_deref());
            for (key, v) in section {
                if v.is_table() && lang.is_none() {
                    continue;
                }
                let at = key_line(text, start, key);
                let toml::Value::Array(items) = v else {
                    return Err(error(
                        at,
                        format!("variants group `{key}` must be a list of words"),
                    ));
                };
                let mut members = vec![fold(&mut analyzer, key)];
                for item in items {
                    let Some(s) = item.as_str() else {
                        return Err(error(
                            at,
                            format!("variants group `{key}`: members are words in quotes"),
                        ));
                    };
                    members.push(fold(&mut analyzer, s));
                }
                if items.is_empty() || members.iter().any(String::is_empty) {
                    return Err(error(
                        at,
                        format!(
                            "variants group `{key}` is empty (list the words that mean the same as `{key}`)"
                        ),
                    ));
                }
                for (i, m) in members.iter().enumerate() {
                    if members[..i].contains(m) {
                        return Err(error(
                            at,
                            format!("variants group `{key}` names `{m}` twice"),
                        ));
                    }
                    if let Some(other) = seen.insert((lang.clone(), m.clone()), key.clone()) {
                        return Err(error(
                            at,
                            format!(
                                "`{m}` is in two variants groups (`{other}` and `{key}`): merge them"
                            ),
                        ));
                    }
                }
                groups.push(Group {
                    lang: lang.clone(),
                    members,
                });
            }
        }
        Ok(Variants { groups })
    }

    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }
}

/// The query with every variant matched: what it searches, and per query
/// word or phrase (folded) the other members it also matched.
pub fn expand(expr: &Expr, variants: &Variants) -> (Expr, BTreeMap<String, Vec<String>>) {
    let mut x = Expander {
        variants,
        analyzer: analysis::unstemmed_analyzer(),
        expanded: BTreeMap::new(),
    };
    if variants.is_empty() {
        return (expr.clone(), x.expanded);
    }
    let out = x.expr(expr);
    (out, x.expanded)
}

struct Expander<'v> {
    variants: &'v Variants,
    analyzer: TextAnalyzer,
    expanded: BTreeMap<String, Vec<String>>,
}

/// The fields of articles' own text (not filters, nor the quote index's
/// `speaker:`/`quote:`, answered apart).
fn searches_text(target: Target) -> bool {
    matches!(
        target,
        Target::Default
            | Target::Title
            | Target::Body
            | Target::Authors
            | Target::Desk
            | Target::Tags
    )
}

/// A member matched as written in `target`.
fn member_leaf(target: Target, member: &str) -> Expr {
    if member.contains(' ') {
        let text = member.to_string();
        return Expr::Leaf(
            target,
            Leaf::Phrase {
                text,
                slop: 0,
                prefix: false,
            },
        );
    }
    Expr::Leaf(target, Leaf::Fuzzy(member.to_string(), Some(0)))
}

impl Expander<'_> {
    fn expr(&mut self, expr: &Expr) -> Expr {
        match expr {
            Expr::All => Expr::All,
            Expr::Not(inner) => Expr::Not(Box::new(self.expr(inner))),
            Expr::Or(children) => Expr::Or(children.iter().map(|c| self.expr(c)).collect()),
            Expr::And(children) => Expr::And(self.and(children)),
            Expr::Leaf(target, leaf) => self.leaf(*target, leaf).unwrap_or_else(|| expr.clone()),
        }
    }

    /// A word or a slop-free phrase equal to a member: it or the others.
    fn leaf(&mut self, target: Target, leaf: &Leaf) -> Option<Expr> {
        let text = match leaf {
            Leaf::Word(w) => w,
            Leaf::Phrase {
                text,
                slop: 0,
                prefix: false,
            } => text,
            _ => return None,
        };
        if !searches_text(target) {
            return None;
        }
        let folded = fold(&mut self.analyzer, text);
        self.alternatives(target, &folded, Expr::Leaf(target, leaf.clone()))
    }

    /// `original` or every other member of the groups holding `folded`.
    fn alternatives(&mut self, target: Target, folded: &str, original: Expr) -> Option<Expr> {
        let mut alternatives = vec![original];
        let mut others = Vec::new();
        for group in &self.variants.groups {
            if folded.is_empty() || !group.members.iter().any(|m| m == folded) {
                continue;
            }
            for m in group.members.iter().filter(|m| *m != folded) {
                let leaf = member_leaf(target, m);
                alternatives.push(match &group.lang {
                    None => leaf,
                    Some(code) => Expr::And(vec![
                        leaf,
                        Expr::Leaf(Target::Lang, Leaf::Word(code.clone())),
                    ]),
                });
                others.push(m.clone());
            }
        }
        if others.is_empty() {
            return None;
        }
        self.expanded
            .entry(folded.to_string())
            .or_default()
            .extend(others);
        Some(Expr::Or(alternatives))
    }

    /// Runs of consecutive words (same field) equal to a multi-word member
    /// become that member's alternatives; the longest run wins.
    fn and(&mut self, children: &[Expr]) -> Vec<Expr> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < children.len() {
            if let Some((len, expr)) = self.run_at(&children[i..]) {
                out.push(expr);
                i += len;
            } else {
                out.push(self.expr(&children[i]));
                i += 1;
            }
        }
        out
    }

    fn run_at(&mut self, children: &[Expr]) -> Option<(usize, Expr)> {
        let Some(Expr::Leaf(target, Leaf::Word(_))) = children.first() else {
            return None;
        };
        if !searches_text(*target) {
            return None;
        }
        let words: Vec<&String> = children
            .iter()
            .map_while(|c| match c {
                Expr::Leaf(t, Leaf::Word(w)) if t == target => Some(w),
                _ => None,
            })
            .collect();
        for len in (2..=words.len()).rev() {
            let text = words[..len]
                .iter()
                .map(|w| w.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            let folded = fold(&mut self.analyzer, &text);
            if !folded.contains(' ') {
                continue;
            }
            // The words still match as typed (ANDed), or any other member.
            let typed = Expr::And(children[..len].to_vec());
            if let Some(expr) = self.alternatives(*target, &folded, typed) {
                return Some((len, expr));
            }
        }
        None
    }
}

/// The groups recorded in an index's commit payload (none when it holds
/// none, or an older atlas wrote it).
pub fn of_payload(payload: Option<&str>) -> Variants {
    #[derive(Deserialize)]
    struct Payload {
        #[serde(default)]
        variants: Option<Variants>,
    }
    payload
        .and_then(|p| serde_json::from_str::<Payload>(p).ok())
        .and_then(|p| p.variants)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::parse_query;

    fn parse(text: &str) -> Result<Variants, ConfigError> {
        let value: toml::Table = toml::from_str(text).unwrap();
        Variants::parse("atlas.toml", text, &value["variants"])
    }

    #[test]
    fn groups_are_folded_and_errors_name_the_line() {
        let v = parse("[variants]\nGaddafi = [\"Qaddafi\", \"kadhafi\"]\n\"international monetary fund\" = [\"IMF\"]\n[variants.de]\n\"vereinte nationen\" = [\"UNO\"]\n").unwrap();
        assert_eq!(v.groups.len(), 3);
        assert_eq!(v.groups[0].members, ["gaddafi", "qaddafi", "kadhafi"]);
        assert_eq!(v.groups[2].lang.as_deref(), Some("de"));
        let e = parse("[variants]\na = [\"b\"]\nc = []\n").unwrap_err();
        assert_eq!(e.line, 3, "{e}");
        let e = parse("[variants]\na = [\"b\"]\n\nc = [\"d\", \"B\"]\n").unwrap_err();
        assert_eq!(e.line, 4, "{e}");
    }

    #[test]
    fn words_runs_and_phrases_expand() {
        let v =
            parse("[variants]\ngaddafi = [\"qaddafi\"]\n\"monetary fund\" = [\"imf\"]\n").unwrap();
        let (e, x) = expand(&parse_query("Qaddafi talks").unwrap(), &v);
        assert_eq!(x["qaddafi"], ["gaddafi"]);
        assert!(matches!(e, Expr::And(ref c) if matches!(c[0], Expr::Or(_))));
        let (_, x) = expand(&parse_query("the monetary fund said").unwrap(), &v);
        assert_eq!(x["monetary fund"], ["imf"]);
        let (_, x) = expand(&parse_query("\"monetary fund\" OR imf").unwrap(), &v);
        assert_eq!(x.len(), 2);
    }
}
