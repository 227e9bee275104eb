//! Who said it: the speech verb and the name in a quotation's sentence or
//! the next, pronouns and bare continuations to the person last named,
//! every name completed to its fullest form in the article.

use std::collections::BTreeMap;

use super::fullest::Names;
use super::lexicon;
use super::marks::{Para, Span};
use super::names::{self, Name, Tok, capitalised, name_at};
use super::phrases::{from_after, from_before};

/// What a sentence says about who spoke.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Who {
    Name(Name),
    /// `he`, `sie`, `dit-elle`, or a verb with no subject (`añade`).
    Pronoun,
    /// A role with no name, as written (`a ministry spokesman`).
    Role(String),
}

pub(super) struct Article<'a> {
    pub(super) lang: &'a str,
    /// Every name outside quotations, in order.
    pub(super) names: Names,
    /// People named so far, by position: sentence subjects and speakers.
    named: BTreeMap<usize, String>,
    paras: &'a [Para],
}

/// The speaker of each span in `spans` whose `keep` is set (`None` for
/// the others, and when the text attributes a quotation to no one).
pub(crate) fn attribute(
    body: &str,
    lang: &str,
    paras: &[Para],
    spans: &[Span],
    keep: &[bool],
) -> Vec<Option<String>> {
    // Each paragraph's counted quotations, found in one pass over the
    // spans: a search of every span per paragraph is quadratic in an
    // interview transcript of 100,000 quoted paragraphs.
    let mut in_para: Vec<Vec<usize>> = vec![Vec::new(); paras.len()];
    for (s, span) in spans.iter().enumerate() {
        if keep[s] {
            for list in in_para
                .iter_mut()
                .take(span.last_para + 1)
                .skip(span.first_para)
            {
                list.push(s);
            }
        }
    }
    let toks: Vec<Vec<Tok>> = (0..paras.len())
        .map(|i| para_tokens(body, paras, spans, &in_para[i], i))
        .collect();
    let mut names = Vec::new();
    for t in &toks {
        names.extend(names::all_names(t, lang));
    }
    let mut art = Article {
        lang,
        names: Names::new(names),
        named: BTreeMap::new(),
        paras,
    };
    for t in &toks {
        subjects(&mut art, t);
    }
    let mut out = vec![None; spans.len()];
    for (s, span) in spans.iter().enumerate() {
        if !keep[s] {
            continue;
        }
        let who = find_who(&art, body, &toks, spans, s);
        let speaker = who.and_then(|w| resolve(&art, w, span.open, span.first_para, span.start()));
        if let Some(name) = &speaker {
            art.named.insert(span.open, name.clone());
        }
        out[s] = speaker;
    }
    out
}

/// Paragraph `i` as tokens, each counted quotation in it (`in_para`) one
/// `Tok::Quote`.
fn para_tokens<'a>(
    body: &'a str,
    paras: &[Para],
    spans: &[Span],
    in_para: &[usize],
    i: usize,
) -> Vec<Tok<'a>> {
    let p = paras[i];
    let mut cuts: Vec<(usize, usize, usize)> = Vec::new();
    for &s in in_para {
        let span = &spans[s];
        let from = if span.first_para == i {
            span.open
        } else {
            p.start
        };
        let to = match span.close {
            Some(c) if span.last_para == i => c,
            _ => p.end,
        };
        cuts.push((from, to, s));
    }
    cuts.sort();
    let mut out = Vec::new();
    let mut at = p.start;
    for (from, to, s) in cuts {
        if from >= at {
            names::tokenize(&body[at..from], at, &mut out);
            out.push(Tok::Quote(s, from));
            at = to;
        }
    }
    if at < p.end {
        names::tokenize(&body[at..p.end], at, &mut out);
    }
    out
}

/// Whether a sentence ends after token `t`.
fn ends_after(toks: &[Tok], t: usize, body: &str, spans: &[Span]) -> bool {
    let next_starts = match toks.get(t + 1) {
        None => true,
        Some(Tok::Word(w, _)) => capitalised(w),
        Some(Tok::Quote(..)) => true,
        Some(Tok::Punct(c, _)) => "\"“„«»‘'(".contains(*c),
    };
    match &toks[t] {
        Tok::Punct(c, _) if ".!?".contains(*c) => {
            let abbrev = t > 0
                && toks[t - 1].word().is_some_and(|w| {
                    lexicon::title(w) || (w.chars().count() == 1 && capitalised(w))
                });
            next_starts && !(*c == '.' && abbrev)
        }
        Tok::Quote(s, _) => {
            let text = &body[spans[*s].start()..spans[*s].end()];
            next_starts
                && text.ends_with(['.', '!', '?'])
                && !matches!(toks.get(t + 1), Some(Tok::Quote(..)))
        }
        _ => false,
    }
}

/// The first person named in each sentence is its subject: what a later
/// `he` or `she` stands for.
fn subjects(art: &mut Article, toks: &[Tok]) {
    // Per sentence: its first person; an owner (`Sofia Andersen's campaign
    // chief, Lars Nygaard, …`) only when no other person follows.
    let mut found: Option<(usize, String, bool)> = None;
    let mut i = 0;
    while i <= toks.len() {
        if i == toks.len() || matches!(toks[i], Tok::Punct('.' | '!' | '?', _)) {
            if let Some((pos, name, _)) = found.take() {
                art.named.insert(pos, name);
            }
            i += 1;
            continue;
        }
        let weak = found.as_ref().is_none_or(|f| f.2);
        if weak && let Some((n, end)) = name_at(toks, i, art.lang) {
            let full = art.names.fullest(&n, n.pos);
            let after_prep = i > 0 && toks[i - 1].word().is_some_and(lexicon::preposition);
            let owner = toks[end - 1]
                .word()
                .is_some_and(|w| w.ends_with("'s") || w.ends_with("’s"));
            if names::person(&full) && !after_prep && (found.is_none() || !owner) {
                found = Some((n.pos, full.text(), owner));
            }
            i = end.max(i + 1);
            continue;
        }
        i += 1;
    }
}

fn find_who(art: &Article, body: &str, toks: &[Vec<Tok>], spans: &[Span], s: usize) -> Option<Who> {
    let span = &spans[s];
    let last = &toks[span.last_para];
    let first = &toks[span.first_para];
    let qa = last
        .iter()
        .position(|t| matches!(t, Tok::Quote(x, _) if *x == s))?;
    let qb = first
        .iter()
        .position(|t| matches!(t, Tok::Quote(x, _) if *x == s))?;
    // The rest of the quotation's sentence, or the next sentence.
    let mut after = Vec::new();
    let next_sentence = ends_after(last, qa, body, spans);
    for t in qa + 1..last.len() {
        if matches!(last[t], Tok::Quote(..)) {
            break;
        }
        after.push(last[t].clone());
        if ends_after(last, t, body, spans) {
            break;
        }
    }
    let mut before = Vec::new();
    let mut t = qb;
    while t > 0 && !matches!(first[t - 1], Tok::Quote(..)) && !ends_after(first, t - 1, body, spans)
    {
        t -= 1;
        before.push(first[t].clone());
    }
    before.reverse();
    if !next_sentence && let Some(w) = from_after(art, &after) {
        return Some(w);
    }
    if let Some(w) = from_before(art, &before) {
        return Some(w);
    }
    if next_sentence {
        // A verb early in the next sentence: `"…." Sharif said on Monday.`
        if let Some(w) = from_after(art, &after[..after.len().min(6)]) {
            return Some(w);
        }
    }
    // A whole sentence quoted with no attribution continues the person
    // last named; words after it in its sentence that were not understood
    // as an attribution leave it without a speaker.
    let rest_of_sentence = !next_sentence && after.iter().any(|t| t.word().is_some());
    if !rest_of_sentence && !before.iter().any(|t| t.word().is_some()) {
        return Some(Who::Pronoun);
    }
    None
}

/// A speaker as stored: a name in its fullest form, a pronoun's person, a
/// role as written (or the one person the article gives that title).
fn resolve(art: &Article, who: Who, pos: usize, para: usize, start: usize) -> Option<String> {
    match who {
        Who::Name(n) => Some(art.names.fullest(&n, start).text()),
        Who::Pronoun => last_named(art, pos, para),
        Who::Role(r) => {
            let bare = strip_article(&r).to_lowercase();
            let titled: Vec<&Name> = art
                .names
                .list
                .iter()
                .filter(|n| !n.titles.is_empty() && n.titles == bare)
                .collect();
            if let Some(n) = titled.first()
                && titled.iter().all(|m| m.words == n.words)
            {
                return Some(art.names.fullest(n, start).text());
            }
            let definite = matches!(
                r.split(' ').next().map(str::to_lowercase).as_deref(),
                Some("der" | "die" | "le" | "la" | "el")
            );
            if definite && r.split(' ').count() == 2 && art.lang != "en" {
                return last_named(art, pos, para);
            }
            Some(r)
        }
    }
}

fn strip_article(r: &str) -> &str {
    for a in ["the ", "The ", "a ", "A ", "an ", "An "] {
        if let Some(rest) = r.strip_prefix(a) {
            return rest;
        }
    }
    r
}

/// The person last named as a speaker or subject in this paragraph or the
/// one before.
fn last_named(art: &Article, pos: usize, para: usize) -> Option<String> {
    let floor = art.paras[para.saturating_sub(1)].start;
    art.named
        .range(floor..pos)
        .next_back()
        .map(|(_, n)| n.clone())
}
