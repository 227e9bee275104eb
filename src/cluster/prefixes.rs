//! Phrase prefixes on a cluster (`"resolve for stab"*`, `d'électri*`,
//! `東京都*`): the last word expanded from the push mirror's word list,
//! in English and in each other language searched, as the local builder
//! does (`query::build`).

use super::schema::target_fields;
use super::tokens;
use super::translate::{NOTHING, TranslateError, Translator, one_of};
use crate::analysis::script::is_cjk;
use crate::analysis::{self, lang};
use crate::query::{PHRASE_PREFIX_MAX_EXPANSIONS, Target};

impl Translator<'_> {
    /// `"resolve for stab"*`: the last word expanded over the words as
    /// written (capped, alphabetical), the phrase searched with each
    /// expansion's stem; in English and in every other language searched.
    pub(super) fn phrase_prefix(
        &mut self,
        target: Target,
        text: &str,
        positive: bool,
    ) -> Result<Option<String>, TranslateError> {
        let raw = analysis::analyze(&mut self.unstemmed, text);
        let stems = analysis::analyze(&mut self.text, text);
        let english = match raw.len() {
            0 => return Ok(None),
            1 => return self.prefix_leaf(target, &raw[0].1, positive),
            n => {
                let first: Vec<String> = stems[..n - 1]
                    .iter()
                    .map(|(_, t)| tokens::encode(t))
                    .collect();
                self.phrase_alternatives(target, &first, &raw[n - 1].1, true)?
            }
        };
        let mut alternatives: Vec<String> = english.into_iter().collect();
        alternatives.extend(self.other_phrase_prefixes(target, text, positive)?);
        Ok(one_of(alternatives))
    }

    /// The phrase prefix of `text` in each non-English language searched,
    /// in each field of the target: its words before the last in the language's
    /// analysis, the last expanded over the words as written and each
    /// expansion analysed in the language (one token, or it is no word
    /// there). Where the engine's positions are not tantivy's (CJK runs)
    /// a superset, rechecked by atlas; under a negation, nothing (a subset).
    pub(super) fn other_phrase_prefixes(
        &mut self,
        target: Target,
        text: &str,
        positive: bool,
    ) -> Result<Vec<String>, TranslateError> {
        let mut out = Vec::new();
        let raw = lang::query_tokens(analysis::analyze(&mut self.script, text));
        if self.others.is_empty() || raw.len() < 2 {
            return Ok(out);
        }
        let words = self.word_list()?;
        let (offset, last) = raw[raw.len() - 1].clone();
        let cap = PHRASE_PREFIX_MAX_EXPANSIONS as usize;
        for (field, words_field) in target_fields(target) {
            let found = words.starting_with(words_field, &last, cap);
            for i in 0..self.others.len() {
                let stems = lang::query_tokens(analysis::analyze(&mut self.others[i], text));
                if stems.len() != raw.len() {
                    continue;
                }
                let head = &stems[..stems.len() - 1];
                let mut ends: Vec<String> = Vec::new();
                for w in &found {
                    if let [(_, stem)] =
                        lang::query_tokens(analysis::analyze(&mut self.others[i], w)).as_slice()
                    {
                        ends.push(stem.clone());
                    }
                }
                ends.sort();
                ends.dedup();
                if ends.is_empty() {
                    continue;
                }
                let cjk = (head.iter().map(|(_, t)| t).chain(&ends))
                    .any(|t| lang::untagged(t).chars().any(is_cjk));
                let in_a_row = head.iter().enumerate().all(|(i, (p, _))| *p == i);
                let exact = !cjk && in_a_row && offset == head.len();
                let head: Vec<String> = head.iter().map(|(_, t)| tokens::encode(t)).collect();
                let ends: Vec<String> = ends.iter().map(|e| tokens::encode(e)).collect();
                let head = head.join(" ");
                if exact {
                    let phrases: Vec<String> =
                        ends.iter().map(|e| format!("\"{head} {e}\"")).collect();
                    out.push(format!("(@{field} ({}))", phrases.join(" | ")));
                    continue;
                }
                // The engine's stream holds each CJK character before its
                // bigram: the phrase is checked by atlas.
                self.recheck = true;
                if positive {
                    out.push(format!("(@{field} ({head} ({})))", ends.join(" | ")));
                }
            }
        }
        if out.is_empty() && !positive {
            out.push(NOTHING.into());
        }
        Ok(out)
    }

    /// One phrase per field and expansion of `last`; `over_words`: expand
    /// over the words as written and use their stems (else over the
    /// stemmed field's own terms).
    pub(super) fn phrase_alternatives(
        &mut self,
        target: Target,
        first: &[String],
        last: &str,
        over_words: bool,
    ) -> Result<Option<String>, TranslateError> {
        let words = self.word_list()?;
        let cap = PHRASE_PREFIX_MAX_EXPANSIONS as usize;
        let mut parts = Vec::new();
        for (field, words_field) in target_fields(target) {
            let mut ends: Vec<String> = if over_words {
                let found = words.starting_with(words_field, last, cap);
                found
                    .iter()
                    .flat_map(|w| analysis::analyze(&mut self.text, w))
                    .map(|(_, s)| s)
                    .collect()
            } else {
                words.starting_with(field, last, cap)
            };
            ends.sort();
            ends.dedup();
            let head = first.join(" ");
            let phrases: Vec<String> = ends
                .iter()
                .map(|e| format!("\"{head} {}\"", tokens::encode(e)))
                .collect();
            if !phrases.is_empty() {
                parts.push(format!("(@{field} ({}))", phrases.join(" | ")));
            }
        }
        Ok(Some(match parts.is_empty() {
            true => NOTHING.into(),
            false => format!("({})", parts.join(" | ")),
        }))
    }
}
