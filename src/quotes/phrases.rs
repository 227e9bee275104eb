//! The words around a quotation read for who said it: the speech verb,
//! and the name, pronoun or role before or after it (`speaker.rs` decides
//! which words to read and what the answer stands for).

use super::lexicon::{self, pronoun};
use super::names::{self, Name, Tok, capitalised, name_at};
use super::speaker::{Article, Who};

fn lower(t: &Tok) -> String {
    t.word().map(str::to_lowercase).unwrap_or_default()
}

/// French inversion: `dit-elle`, `a-t-il`, `explique-t-il`.
fn hyphen_pronoun(w: &str) -> bool {
    w.contains('-')
        && w.rsplit('-')
            .next()
            .is_some_and(|p| pronoun(&p.to_lowercase()))
}

fn passive(w: &[Tok], j: usize) -> bool {
    j > 0
        && matches!(
            lower(&w[j - 1]).as_str(),
            "was" | "were" | "been" | "being" | "be" | "is" | "are"
        )
}

/// The words after a quotation, when they attribute it: `, Abid told…`,
/// `, said Ahmed Kamal…`, `, according to…`, `, sagte er`, `, añade`.
pub(super) fn from_after(art: &Article, w: &[Tok]) -> Option<Who> {
    for j in 0..w.len().min(10) {
        let Some(word) = w[j].word() else { continue };
        let lw = word.to_lowercase();
        if hyphen_pronoun(word) {
            return Some(Who::Pronoun);
        }
        if lw == "according" && w.get(j + 1).is_some_and(|t| lower(t) == "to") {
            return np_after(art, w, j + 2);
        }
        if lexicon::source_word(art.lang, &lw) && j <= 1 {
            return np_after(art, w, j + 1);
        }
        // A new clause (`, and urged…`, `Asked whether…`): no attribution.
        if lexicon::conjunction(&lw) || (capitalised(word) && lexicon::speech_verb(art.lang, &lw)) {
            return None;
        }
        if lexicon::speech_verb(art.lang, &lw) && !passive(w, j) {
            let before_empty = !w[..j].iter().any(|t| {
                t.word()
                    .is_some_and(|x| !lexicon::auxiliary(&x.to_lowercase()))
            });
            if before_empty {
                // `said Ahmed Kamal`; no subject at all is Spanish's `añade`.
                // Words right after the verb not understood: nobody, not
                // the person last named (`», añade, y se ríe` is the last).
                let nothing_after = w.get(j + 1).is_none_or(|t| t.word().is_none());
                return np_after(art, w, j + 1).or(nothing_after.then_some(Who::Pronoun));
            }
            return np_before(art, &w[..j]);
        }
    }
    None
}

pub(super) fn from_before(art: &Article, w: &[Tok]) -> Option<Who> {
    if w.first()
        .and_then(Tok::word)
        .is_some_and(|x| lexicon::opening_source_word(art.lang, &x.to_lowercase()))
        && let Some(Who::Name(n)) = np_after(art, w, 1)
    {
        return Some(Who::Name(n));
    }
    for j in (0..w.len()).rev() {
        let Some(word) = w[j].word() else { continue };
        let lw = word.to_lowercase();
        if hyphen_pronoun(word) {
            return Some(Who::Pronoun);
        }
        if lw == "according" && w.get(j + 1).is_some_and(|t| lower(t) == "to") {
            return np_after(art, w, j + 2);
        }
        if lexicon::source_word(art.lang, &lw) {
            return np_after(art, w, j + 1);
        }
        if lexicon::speech_verb(art.lang, &lw) && !passive(w, j) {
            return subject_of(art, w, j).or_else(|| np_after(art, w, j + 1));
        }
    }
    // `The opposition leader, Sofia Andersen, has posted a message:`
    if w.last().is_some_and(|t| t.is_punct(':')) {
        return first_person(art, w).map(Who::Name);
    }
    None
}

/// The words right before a verb that follows a quotation: `, Abid told`,
/// `, Prime Minister Shehbaz Sharif told`, `, he said`, `a spokesman said`.
fn np_before(art: &Article, w: &[Tok]) -> Option<Who> {
    let words: Vec<usize> = (0..w.len()).filter(|&i| w[i].word().is_some()).collect();
    let mut words = words;
    while words
        .last()
        .is_some_and(|&i| lexicon::auxiliary(&lower(&w[i])))
    {
        words.pop();
    }
    let (&a, &b) = (words.first()?, words.last()?);
    if w[a..=b].iter().any(|t| matches!(t, Tok::Punct(..)))
        && !w[a..=b]
            .iter()
            .all(|t| t.word().is_some() || t.is_punct('.'))
    {
        return None;
    }
    if a == b && pronoun(&lower(&w[a])) {
        return Some(Who::Pronoun);
    }
    if let Some((n, end)) = name_at(w, a, art.lang)
        && end > b
    {
        return Some(name_or_role(art, w, a, b, n));
    }
    role(w, a, b)
}

/// A German single noun after an article (`Ein Sprecher`) is a role.
fn name_or_role(art: &Article, w: &[Tok], a: usize, b: usize, n: Name) -> Who {
    if art.lang == "de" && n.words.len() == 1 && lexicon::not_name(w[a].word().unwrap_or("")) {
        return Who::Role(words_text(w, a, b));
    }
    Who::Name(n)
}

fn words_text(w: &[Tok], a: usize, b: usize) -> String {
    w[a..=b]
        .iter()
        .filter_map(Tok::word)
        .collect::<Vec<_>>()
        .join(" ")
}

/// A role without a name opens with a determiner and is short (`a
/// ministry spokesman`, `The foundation`, `Ein Sprecher`).
fn role(w: &[Tok], a: usize, b: usize) -> Option<Who> {
    let text = words_text(w, a, b);
    let det = text.split(' ').next().is_some_and(lexicon::determiner);
    (det && text.split(' ').count() <= 6).then_some(Who::Role(text))
}

/// Who follows a verb or `according to`: `said Ahmed Kamal, a former…`,
/// `dijo el presidente de la Generalitat, Pere Aragonès`, `sagte er`.
fn np_after(art: &Article, w: &[Tok], j: usize) -> Option<Who> {
    let mut k = j;
    // After the verb `a` is English's article (`said a spokesman`), not
    // French's auxiliary.
    while k < w.len()
        && w[k].word().is_some_and(|x| {
            let x = x.to_lowercase();
            lexicon::auxiliary(&x) && !pronoun(&x) && x != "a"
        })
    {
        k += 1;
    }
    let first = w.get(k)?.word()?;
    if pronoun(&first.to_lowercase()) {
        return Some(Who::Pronoun);
    }
    if (capitalised(first) || lexicon::name_particle(first))
        && !lexicon::not_name(first)
        && let Some((n, end)) = name_at(w, k, art.lang)
    {
        return Some(name_or_role(art, w, k, end.saturating_sub(1), n));
    }
    // A role: up to a comma or a word that ends the phrase.
    let mut e = k;
    // Up to a word that ends the phrase or a determiner opening another
    // (`der FDP-Politiker der „Süddeutschen Zeitung“`).
    let opens_another = |e: usize, x: &str| {
        lexicon::determiner(x)
            && !w[e]
                .word()
                .is_some_and(|p| lexicon::name_particle(p) || lexicon::preposition(p))
    };
    while e + 1 < w.len()
        && w[e + 1]
            .word()
            .is_some_and(|x| !phrase_end(x) && !opens_another(e, x))
    {
        e += 1;
    }
    if w.get(e + 1).is_some_and(|t| t.is_punct(','))
        && let Some((n, _)) = name_at(w, e + 2, art.lang)
    {
        return Some(Who::Name(n));
    }
    let mut i = k;
    while i <= e {
        if let Some((n, end)) = name_at(w, i, art.lang) {
            if n.words.iter().filter(|x| capitalised(x)).count() >= 2 {
                return Some(Who::Name(n));
            }
            i = end.max(i + 1);
        } else {
            i += 1;
        }
    }
    role(w, k, e)
}

fn phrase_end(word: &str) -> bool {
    matches!(
        word,
        "at" | "in"
            | "on"
            | "during"
            | "after"
            | "before"
            | "when"
            | "while"
            | "as"
            | "by"
            | "am"
            | "im"
            | "bei"
            | "auf"
            | "vor"
            | "lors"
            | "sur"
            | "dans"
            | "en"
            | "durante"
            | "tras"
            | "a"
            | "to"
            | "that"
            | "dass"
            | "que"
            | "with"
            | "mit"
            | "avec"
            | "con"
    )
}

/// The subject of the verb at `j` in the words before a quotation.
fn subject_of(art: &Article, w: &[Tok], j: usize) -> Option<Who> {
    let mut k = j;
    while k > 0
        && w[k - 1]
            .word()
            .is_some_and(|x| lexicon::auxiliary(&x.to_lowercase()))
    {
        k -= 1;
    }
    // The sentence's own subject: its first person, or a pronoun opening it.
    let sentence_subject = || {
        first_person(art, &w[..j]).map(Who::Name).or_else(|| {
            w.first()
                .and_then(Tok::word)
                .filter(|x| pronoun(&x.to_lowercase()))
                .map(|_| Who::Pronoun)
        })
    };
    let participle = w[j].word().is_some_and(|x| x.ends_with("ing"));
    let k = k.checked_sub(1)?;
    if participle {
        return sentence_subject();
    }
    match &w[k] {
        Tok::Word(x, _) if pronoun(&x.to_lowercase()) => Some(Who::Pronoun),
        Tok::Word(x, _) if capitalised(x) => name_ending(art, w, k).or_else(sentence_subject),
        Tok::Punct(',', _) => appositive(art, w, k).or_else(sentence_subject),
        // `…and urged passengers "…"`: the subject is the sentence's, said
        // before (perhaps with an earlier quotation).
        Tok::Word(x, _) if lexicon::conjunction(x) => sentence_subject().or(Some(Who::Pronoun)),
        Tok::Word(..) => {
            let start = (0..k)
                .rev()
                .find(|&i| matches!(w[i], Tok::Punct(..)))
                .map_or(0, |i| i + 1);
            role(w, start, k).or_else(sentence_subject)
        }
        _ => None,
    }
}

/// The name that ends at token `k`.
fn name_ending(art: &Article, w: &[Tok], k: usize) -> Option<Who> {
    let mut s = k;
    while s > 0 {
        let prev = &w[s - 1];
        let joins = prev
            .word()
            .is_some_and(|x| capitalised(x) || lexicon::name_particle(x))
            || (prev.is_punct('.') && s >= 2 && w[s - 2].word().is_some_and(lexicon::title));
        if !joins {
            break;
        }
        s -= 1;
    }
    (s..=k).find_map(|a| {
        name_at(w, a, art.lang)
            .filter(|(_, end)| *end == k + 1)
            .map(|(n, _)| name_or_role(art, w, a, k, n))
    })
}

/// `Its new chair, Dr Simon Achebe, said`; `Frank Russo, who owns a
/// store, said`; `The foundation, which was renamed, said`.
fn appositive(art: &Article, w: &[Tok], comma: usize) -> Option<Who> {
    let start = (0..comma)
        .rev()
        .find(|&i| w[i].is_punct(','))
        .map_or(0, |i| i + 1);
    if let Some((n, _)) = name_at(w, start, art.lang) {
        return Some(Who::Name(n));
    }
    if start == 0 {
        return None;
    }
    let prev = start - 1;
    let b = prev.checked_sub(1)?;
    if w[b].word().is_some_and(capitalised) {
        return name_ending(art, w, b);
    }
    let a = (0..b)
        .rev()
        .find(|&i| matches!(w[i], Tok::Punct(..)))
        .map_or(0, |i| i + 1);
    role(w, a, b)
}

/// The first person named in a stretch of text.
fn first_person(art: &Article, w: &[Tok]) -> Option<Name> {
    let mut i = 0;
    while i < w.len() {
        if let Some((n, end)) = name_at(w, i, art.lang) {
            let full = art.names.fullest(&n, n.pos);
            if names::person(&full)
                || n.words.len() == 1 && w[i].word().is_some_and(|x| x == n.words[0]) && i > 0
            {
                return Some(n);
            }
            i = end.max(i + 1);
        } else {
            i += 1;
        }
    }
    None
}
