//! Matches in an article of another language than English: its words cut
//! and stemmed by its own analysis (`analysis::lang`), compared with the
//! query analysed the same way.

use tantivy::tokenizer::Token;

use super::Match;
use crate::query::{LangHighlight, fuzzy};

/// `stems[i]` is the stem of `words[i]` (both analyses share the
/// tokenizer, so they align one to one). A phrase matches where each of
/// its words is at its position from the first (CJK bigrams leave gaps).
pub(super) fn find_in(h: &LangHighlight, words: &[Token], stems: &[String]) -> Vec<Match> {
    let mut matches = Vec::new();
    for (i, word) in words.iter().enumerate() {
        let stem = stems.get(i).map(String::as_str);
        if let Some(k) = h.terms.iter().position(|t| stem == Some(t)) {
            matches.push(Match {
                start: word.offset_from,
                end: word.offset_to,
                key: k,
            });
        }
        if let Some(k) = (h.prefixes.iter()).position(|p| word.text.starts_with(p.as_str())) {
            matches.push(Match {
                start: word.offset_from,
                end: word.offset_to,
                key: h.terms.len() + k,
            });
        }
        if let Some(k) = (h.fuzzy.iter()).position(|(f, d)| fuzzy::within(f, &word.text, *d)) {
            matches.push(Match {
                start: word.offset_from,
                end: word.offset_to,
                key: h.terms.len() + h.prefixes.len() + h.phrases.len() + k,
            });
        }
        for (k, phrase) in h.phrases.iter().enumerate() {
            if let Some(end) = phrase_end(phrase, words, stems, i) {
                matches.push(Match {
                    start: word.offset_from,
                    end,
                    key: h.terms.len() + h.prefixes.len() + k,
                });
            }
        }
    }
    matches.sort_by_key(|m| (m.start, m.end));
    matches
}

/// Where `phrase` starting at word `i` ends, if it does.
fn phrase_end(
    phrase: &[(usize, String)],
    words: &[Token],
    stems: &[String],
    i: usize,
) -> Option<usize> {
    let first = words[i].position;
    let mut end = words[i].offset_to;
    (stems.get(i) == phrase.first().map(|(_, s)| s)).then_some(())?;
    for (offset, stem) in &phrase[1..] {
        let at = first + offset;
        let found = (i..words.len())
            .take_while(|&j| words[j].position <= at)
            .find(|&j| words[j].position == at && stems[j] == *stem)?;
        end = end.max(words[found].offset_to);
    }
    Some(end)
}
