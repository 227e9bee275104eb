//! Words and names in the text around quotations: a small tokenizer that
//! keeps punctuation, runs of capitalised words read as names, and the
//! fullest form of a name the article uses.

use super::lexicon;

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Tok<'a> {
    Word(&'a str, usize),
    Punct(char, usize),
    /// A quotation long enough to count (index into the article's spans).
    Quote(usize, usize),
}

impl<'a> Tok<'a> {
    pub fn word(&self) -> Option<&'a str> {
        match self {
            Tok::Word(w, _) => Some(w),
            _ => None,
        }
    }
    pub fn pos(&self) -> usize {
        match self {
            Tok::Word(_, p) | Tok::Punct(_, p) | Tok::Quote(_, p) => *p,
        }
    }
    pub fn is_punct(&self, c: char) -> bool {
        matches!(self, Tok::Punct(p, _) if *p == c)
    }
}

fn word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Splits `text` (at byte `base` of the body) into words and punctuation.
/// A word keeps inner `'`, `’`, `-` and `.` between letters (`O'Brien`,
/// `a-t-il`, `U.S`).
pub(crate) fn tokenize<'a>(text: &'a str, base: usize, out: &mut Vec<Tok<'a>>) {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut k = 0;
    while k < chars.len() {
        let (off, c) = chars[k];
        if word_char(c) {
            let mut e = k + 1;
            while e < chars.len() {
                let ch = chars[e].1;
                let inner = "'’-.".contains(ch) && chars.get(e + 1).is_some_and(|n| word_char(n.1));
                if word_char(ch) || inner {
                    e += if inner { 2 } else { 1 };
                } else {
                    break;
                }
            }
            let end = chars.get(e).map_or(text.len(), |x| x.0);
            out.push(Tok::Word(&text[off..end], base + off));
            k = e;
        } else {
            if !c.is_whitespace() && c != '\u{a0}' && c != '\u{202f}' {
                out.push(Tok::Punct(c, base + off));
            }
            k += 1;
        }
    }
}

pub(crate) fn capitalised(w: &str) -> bool {
    w.chars().next().is_some_and(|c| c.is_uppercase())
}

/// A name as written: its words, where it starts, the titles before it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Name {
    pub words: Vec<String>,
    pub pos: usize,
    /// Lower-cased titles written before it (`prime minister`).
    pub titles: String,
    /// Written after `The` (`The Rain Keepers`, `The FA`): a work or an
    /// organisation, never taken for a person.
    pub led_by_article: bool,
}

impl Name {
    pub fn text(&self) -> String {
        self.words.join(" ")
    }
}

/// The name that starts at token `i`, if one does, and the index after
/// it. Titles before it are dropped (and remembered), as are `The`, a
/// possessive `'s` and a quoted nickname (`Robert "Bobby" Lang`).
pub(crate) fn name_at(toks: &[Tok], i: usize, lang: &str) -> Option<(Name, usize)> {
    let mut words: Vec<&str> = Vec::new();
    let mut pos = 0;
    let mut k = i;
    while k < toks.len() {
        match &toks[k] {
            Tok::Word(w, p) if capitalised(w) => {
                if words.is_empty() {
                    pos = *p;
                }
                words.push(w);
                k += 1;
            }
            Tok::Word(w, _)
                if lexicon::name_particle(w)
                    && toks.get(k + 1).and_then(Tok::word).is_some_and(capitalised)
                    && (lang != "en" || !words.is_empty()) =>
            {
                if words.is_empty() {
                    pos = toks[k].pos();
                }
                words.push(w);
                k += 1;
            }
            Tok::Punct('.', _)
                if words.last().is_some_and(|w| lexicon::title(w))
                    && toks.get(k + 1).and_then(Tok::word).is_some_and(capitalised) =>
            {
                // `Mr. Kessler`, `U.S. District Judge`
                k += 1;
            }
            Tok::Punct(q, _) if !words.is_empty() && "\"“‘'".contains(*q) => {
                // A nickname: `"Bobby"` between two names.
                let nick = toks.get(k + 1).and_then(Tok::word).is_some_and(capitalised)
                    && toks
                        .get(k + 2)
                        .is_some_and(|t| matches!(t, Tok::Punct(c, _) if "\"”’'".contains(*c)))
                    && toks.get(k + 3).and_then(Tok::word).is_some_and(capitalised);
                if !nick {
                    break;
                }
                k += 3;
            }
            _ => break,
        }
    }
    if words.is_empty() {
        return None;
    }
    let end = k;
    // Leading words that are no names, then titles.
    let mut titles = Vec::new();
    let mut s = 0;
    while s < words.len() && lexicon::not_name(words[s]) {
        s += 1;
    }
    let led_by_article =
        lang == "en" && s > 0 && s < words.len() && lexicon::determiner(words[s - 1]);
    while s + 1 < words.len() && lexicon::title(words[s]) && !lexicon::name_particle(words[s + 1]) {
        titles.push(words[s].to_lowercase());
        s += 1;
    }
    let mut words: Vec<String> = words[s..].iter().map(|w| w.to_string()).collect();
    while words.len() > 1 && words.last().is_some_and(|w| lexicon::title_after(w)) {
        words.pop();
    }
    while words.last().is_some_and(|w| lexicon::name_particle(w)) {
        words.pop();
    }
    while words
        .first()
        .is_some_and(|w| lexicon::name_particle(w) && lang == "en")
    {
        words.remove(0);
    }
    if let Some(last) = words.last_mut() {
        for suffix in ["'s", "’s"] {
            if let Some(stem) = last.strip_suffix(suffix) {
                *last = stem.to_string();
            }
        }
    }
    // `Ruth Adeyemi of Eastfield University` is Ruth Adeyemi;
    // `Transport for Wales` and `Institute of …` stay whole.
    if let Some(i) = words.iter().position(|w| w == "of" || w == "for")
        && i >= 2
        && !words[..i].iter().any(|w| lexicon::org_word(w))
    {
        words.truncate(i);
    }
    if lang == "de" {
        words = german_name(words);
    }
    if words.is_empty() || words.iter().all(|w| lexicon::not_name(w)) {
        return None;
    }
    Some((
        Name {
            words,
            pos,
            titles: titles.join(" "),
            led_by_article,
        },
        end,
    ))
}

/// German capitalises nouns: `GDL-Chef Claus Weselsky` and `Meteorologe
/// Hans von Storch` keep their last two capitalised words (and the
/// particles between them).
fn german_name(words: Vec<String>) -> Vec<String> {
    let caps: Vec<usize> = (0..words.len())
        .filter(|&i| capitalised(&words[i]))
        .collect();
    if caps.len() <= 2 {
        return words;
    }
    words[caps[caps.len() - 2]..].to_vec()
}

/// Every name outside the quotations, in order: what speakers are
/// completed from.
pub(crate) fn all_names(toks: &[Tok], lang: &str) -> Vec<Name> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        match name_at(toks, i, lang) {
            Some((n, end)) => {
                out.push(n);
                i = end.max(i + 1);
            }
            None => i += 1,
        }
    }
    out
}

/// Whether a name stands for a person (not a place or an organisation):
/// its fullest form has two words, none of them an organisation's.
pub(crate) fn person(full: &Name) -> bool {
    let possessive = |w: &String| w.ends_with("'s") || w.ends_with("’s");
    !full.led_by_article
        && full.words.len() >= 2
        && full.words.len() <= 4
        && !full.words[..full.words.len() - 1].iter().any(possessive)
        && !full
            .words
            .iter()
            .any(|w| lexicon::org_word(w) || !capitalised(w) && !lexicon::name_particle(w))
}
