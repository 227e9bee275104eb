//! The passage shown under each hit: about 200 characters of the body around
//! the window holding the most distinct query terms, cut at word boundaries,
//! whitespace shown as single spaces, with byte ranges of every highlight.
//!
//! The body is analyzed exactly like the index analyzes it, so whatever made
//! the article match (a stem, a folded accent, a phrase) is what lights up;
//! a phrase lights up only where the whole phrase occurs.

use tantivy::tokenizer::{TextAnalyzer, Token};

use crate::analysis::{self, lang::analysis_of, tokens};
use crate::query::{Highlight, fuzzy};

mod lang;

pub const SNIPPET_CHARS: usize = 200;
const ELLIPSIS: &str = "…";

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Snippet {
    pub text: String,
    /// Byte ranges `[start, end)` into `text`, sorted and non-overlapping.
    pub highlights: Vec<(usize, usize)>,
}

#[derive(Debug, Clone, Copy)]
struct Match {
    start: usize,
    end: usize,
    /// Which query element matched: distinct keys make a better window.
    key: usize,
}

/// One snippet; a search cutting several uses a [`Snippeter`].
pub fn make(body: &str, highlight: &Highlight) -> Snippet {
    Snippeter::new(highlight).make(body)
}

/// Cuts the snippets of one search: the analyzers (and so the stem memo)
/// are built once and shared by every hit.
pub struct Snippeter<'h> {
    highlight: &'h Highlight,
    text: TextAnalyzer,
    unstemmed: TextAnalyzer,
    /// Each other language's (stemmed, as written) analyzers, made on first use.
    others: Vec<(&'static str, TextAnalyzer, TextAnalyzer)>,
}

impl<'h> Snippeter<'h> {
    pub fn new(highlight: &'h Highlight) -> Snippeter<'h> {
        Snippeter {
            highlight,
            text: analysis::text_analyzer(),
            unstemmed: analysis::unstemmed_analyzer(),
            others: Vec::new(),
        }
    }

    /// The snippet of an English article.
    pub fn make(&mut self, body: &str) -> Snippet {
        self.make_in(body, None)
    }

    /// The snippet of an article in `lang`, found with its own analysis
    /// (English's where the query was not analysed in `lang`).
    pub fn make_in(&mut self, body: &str, lang: Option<&str>) -> Snippet {
        self.make_in_at(body, lang).0
    }

    /// `make_in`, and the byte offset in `body` of the snippet's first
    /// highlight (else of its first word): where a hit is, for its page.
    pub fn make_in_at(&mut self, body: &str, lang: Option<&str>) -> (Snippet, usize) {
        let h = self.highlight;
        let own = analysis_of(lang).and_then(|tag| Some((tag, h.of(tag)?)));
        let matches = match own {
            Some((tag, lh)) => {
                let i = match self.others.iter().position(|(t, ..)| *t == tag) {
                    Some(i) => i,
                    None => {
                        let (stemmed, unstemmed) =
                            (analysis::lang::stemmed(tag), analysis::lang::unstemmed(tag));
                        self.others.push((tag, stemmed, unstemmed));
                        self.others.len() - 1
                    }
                };
                let (_, stemmed, unstemmed) = &mut self.others[i];
                let words = tokens(unstemmed, body);
                let stems: Vec<String> =
                    tokens(stemmed, body).into_iter().map(|t| t.text).collect();
                lang::find_in(lh, &words, &stems)
            }
            None => self.find_matches(body),
        };
        let (start, end) = window(body, &matches);
        let at = (matches.iter())
            .find(|m| m.start >= start && m.end <= end)
            .map_or(start, |m| m.start);
        (render(body, start, end, &matches), at)
    }

    fn find_matches(&mut self, body: &str) -> Vec<Match> {
        let h = self.highlight;
        if h.is_empty() {
            return Vec::new();
        }
        // The words as written, once; stems only where one could match.
        let words = tokens(&mut self.unstemmed, body);
        let stems = self.stems_of(&words);
        find_in(h, &words, &stems)
    }

    /// The body's stems, aligned one to one with its words (both analyzers
    /// share the tokenizer and length filter). Stemming every word of ten
    /// bodies was over half of a whole-process search; English stemming
    /// only rewrites a word's end, never its first letter, so a word whose
    /// first letter starts no query stem cannot match one and is left
    /// unstemmed, `None` (`stem_keeps_the_first_letter` checks the premise).
    fn stems_of(&mut self, words: &[Token]) -> Vec<Option<String>> {
        let h = self.highlight;
        let firsts: Vec<char> = h
            .terms
            .iter()
            .chain(h.phrases.iter().flatten())
            .filter_map(|t| t.chars().next())
            .collect();
        words
            .iter()
            .map(|word| {
                let first = word.text.chars().next()?;
                firsts.contains(&first).then_some(())?;
                tokens(&mut self.text, &word.text).pop().map(|t| t.text)
            })
            .collect()
    }
}

/// `stems[i]` is the stem of `words[i]`, or `None` where it cannot match.
fn find_in(h: &Highlight, words: &[Token], stems: &[Option<String>]) -> Vec<Match> {
    let stem = |i: usize| stems.get(i).and_then(|s| s.as_deref());
    let mut matches = Vec::new();
    for (i, word) in words.iter().enumerate() {
        if let Some(k) = h.terms.iter().position(|t| stem(i) == Some(t)) {
            matches.push(Match {
                start: word.offset_from,
                end: word.offset_to,
                key: k,
            });
        }
        if let Some(k) = h
            .prefixes
            .iter()
            .position(|p| word.text.starts_with(p.as_str()))
        {
            matches.push(Match {
                start: word.offset_from,
                end: word.offset_to,
                key: h.terms.len() + k,
            });
        }
        if let Some(k) = h
            .fuzzy
            .iter()
            .position(|(f, d)| fuzzy::within(f, &word.text, *d))
        {
            matches.push(Match {
                start: word.offset_from,
                end: word.offset_to,
                key: h.terms.len() + h.prefixes.len() + h.phrases.len() + k,
            });
        }
        for (k, phrase) in h.phrases.iter().enumerate() {
            let Some(run) = words.get(i..i + phrase.len()) else {
                continue;
            };
            let consecutive = run.windows(2).all(|w| w[1].position == w[0].position + 1);
            if consecutive
                && phrase
                    .iter()
                    .enumerate()
                    .all(|(j, p)| stem(i + j) == Some(p))
            {
                matches.push(Match {
                    start: word.offset_from,
                    end: run[run.len() - 1].offset_to,
                    key: h.terms.len() + h.prefixes.len() + k,
                });
            }
        }
    }
    matches.sort_by_key(|m| (m.start, m.end));
    matches
}

/// Byte range of the body to show.
fn window(body: &str, matches: &[Match]) -> (usize, usize) {
    let text_start = body.len() - body.trim_start().len();
    let text_end = body.trim_end().len();
    if text_end <= text_start {
        // Only whitespace: nothing to show (and the two ends have crossed).
        return (0, 0);
    }
    if matches.is_empty() {
        return (
            text_start,
            advance_chars(body, text_start, SNIPPET_CHARS, text_end),
        );
    }
    // The anchor match that starts the window with the most distinct keys.
    let mut best = (0usize, 0usize, 0usize); // (distinct, count, index)
    for (i, first) in matches.iter().enumerate().take(2000) {
        let limit = advance_chars(body, first.start, SNIPPET_CHARS * 3 / 4, text_end);
        let mut keys: Vec<usize> = Vec::new();
        let mut count = 0;
        for m in matches[i..].iter().take_while(|m| m.end <= limit) {
            count += 1;
            if !keys.contains(&m.key) {
                keys.push(m.key);
            }
        }
        if (keys.len(), count) > (best.0, best.1) {
            best = (keys.len(), count, i);
        }
    }
    let anchor = matches[best.2];
    let span_end = matches[best.2..]
        .iter()
        .take(best.1.max(1))
        .map(|m| m.end)
        .max()
        .unwrap_or(anchor.end);
    let span_chars = body[anchor.start..span_end].chars().count();
    let spare = SNIPPET_CHARS.saturating_sub(span_chars);
    // A little context before the first match, the rest after it.
    let mut start = retreat_chars(body, anchor.start, spare * 2 / 5, text_start);
    if start > text_start {
        // Begin at a word: skip the partial word we landed in.
        let next_space = body[start..anchor.start]
            .char_indices()
            .find(|(_, c)| c.is_whitespace())
            .map(|(i, _)| start + i);
        start = match next_space {
            Some(s) => s,
            None => anchor.start,
        };
        start += body[start..].len() - body[start..].trim_start().len();
    }
    let used = body[start..span_end].chars().count();
    let mut end = advance_chars(body, span_end, SNIPPET_CHARS.saturating_sub(used), text_end);
    if end < text_end {
        // End at a word: drop the partial word we landed in.
        if let Some(space) = body[span_end..end].rfind(char::is_whitespace) {
            end = span_end + space;
        } else if !body[end..].starts_with(char::is_whitespace) {
            end = span_end;
        }
    }
    (start, end.max(span_end))
}

/// The byte offset `n` characters after `from`, at most `limit`.
fn advance_chars(body: &str, from: usize, n: usize, limit: usize) -> usize {
    body[from..limit]
        .char_indices()
        .nth(n)
        .map_or(limit, |(i, _)| from + i)
}

/// The byte offset `n` characters before `from`, at least `floor`.
fn retreat_chars(body: &str, from: usize, n: usize, floor: usize) -> usize {
    if n == 0 {
        return from;
    }
    body[floor..from]
        .char_indices()
        .rev()
        .nth(n - 1)
        .map_or(floor, |(i, _)| floor + i)
}

fn render(body: &str, start: usize, end: usize, matches: &[Match]) -> Snippet {
    let text_start = body.len() - body.trim_start().len();
    let text_end = body.trim_end().len();
    let mut text = String::with_capacity(end - start + 16);
    if start > text_start {
        text.push_str(ELLIPSIS);
        text.push(' ');
    }
    // out_at[i] = where body byte `start + i` landed in `text`.
    let mut out_at = vec![0usize; end - start + 1];
    let mut in_space = false;
    for (i, c) in body[start..end].char_indices() {
        out_at[i] = text.len();
        if c.is_whitespace() {
            if !in_space {
                text.push(' ');
            }
            in_space = true;
        } else {
            in_space = false;
            text.push(c);
        }
        for j in 1..c.len_utf8() {
            out_at[i + j] = text.len();
        }
    }
    out_at[end - start] = text.len();
    let body_len = text.trim_end().len();
    text.truncate(body_len);
    if end < text_end {
        text.push(' ');
        text.push_str(ELLIPSIS);
    }
    let mut highlights: Vec<(usize, usize)> = matches
        .iter()
        .filter(|m| m.start >= start && m.end <= end)
        .map(|m| (out_at[m.start - start], out_at[m.end - start].min(body_len)))
        .filter(|(a, b)| a < b)
        .collect();
    highlights.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(highlights.len());
    for (a, b) in highlights {
        match merged.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    Snippet {
        text,
        highlights: merged,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::{Highlight, parse_query};

    fn snip(body: &str, q: &str) -> Snippet {
        make(body, &Highlight::from_expr(&parse_query(q).unwrap()))
    }

    fn lit(s: &Snippet) -> Vec<&str> {
        s.highlights.iter().map(|&(a, b)| &s.text[a..b]).collect()
    }

    #[test]
    fn stem_keeps_the_first_letter() {
        let mut text = analysis::text_analyzer();
        let mut words = analysis::unstemmed_analyzer();
        let corpus = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus");
        let mut seen = 0;
        for entry in ignore::WalkBuilder::new(corpus).build().flatten() {
            let Ok(body) = std::fs::read_to_string(entry.path()) else {
                continue;
            };
            for word in tokens(&mut words, &body) {
                let stem = tokens(&mut text, &word.text).pop().expect("one token");
                assert_eq!(
                    word.text.chars().next(),
                    stem.text.chars().next(),
                    "{}",
                    word.text
                );
                seen += 1;
            }
        }
        for w in [
            "dying", "lying", "tying", "skies", "yearly", "ugly", "news", "'tis",
        ] {
            for word in tokens(&mut words, w) {
                let stem = tokens(&mut text, &word.text).pop().expect("one token");
                assert_eq!(word.text.chars().next(), stem.text.chars().next(), "{w}");
            }
        }
        assert!(seen > 5_000, "only {seen} words in corpus/");
    }

    #[test]
    fn highlights_stems_and_folds() {
        let s = snip("The glaciers of Québec are melting.", "glacier quebec");
        assert_eq!(lit(&s), vec!["glaciers", "Québec"]);
        assert_eq!(s.text, "The glaciers of Québec are melting.");
    }

    #[test]
    fn phrase_only_where_the_phrase_occurs() {
        let s = snip(
            "Vote for me. Resolve for Stability was announced for all.",
            "\"resolve for stability\"",
        );
        assert_eq!(lit(&s), vec!["Resolve for Stability"]);
    }

    #[test]
    fn long_body_is_cut_at_words_with_ellipses() {
        let filler = "lorem ipsum dolor sit amet ".repeat(30);
        let body = format!("{filler}the needle\u{a0}is  here {filler}");
        let s = snip(&body, "needle");
        assert!(
            s.text.starts_with("… ") && s.text.ends_with(" …"),
            "{}",
            s.text
        );
        assert!(s.text.contains("the needle is here"));
        assert_eq!(lit(&s), vec!["needle"]);
        let inner = s.text.trim_start_matches("… ").trim_end_matches(" …");
        assert!(
            inner
                .split(' ')
                .all(|w| "lorem ipsum dolor sit amet the needle is here".contains(w))
        );
        assert!(s.text.chars().count() <= SNIPPET_CHARS + 6);
    }

    #[test]
    fn no_body_match_shows_the_opening() {
        let s = snip("Opening words of the article. More text.", "zzz");
        assert_eq!(s.text, "Opening words of the article. More text.");
        assert!(s.highlights.is_empty());
    }

    #[test]
    fn prefixes_highlight_whole_words() {
        let s = snip("Desalination plants and desalinated water.", "desalin*");
        assert_eq!(lit(&s), vec!["Desalination", "desalinated"]);
    }
}
