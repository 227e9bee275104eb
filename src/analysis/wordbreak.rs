//! Unicode word boundaries (UAX #29) for every script but CJK, with a fast
//! path that gives the same words.
//!
//! `unicode-segmentation` applies the whole rule set to every character,
//! and on real non-English text it took twice the time English's
//! `SimpleTokenizer` takes (BENCHMARKS.md, "Every language"). Most text is
//! words of letters and digits between spaces and plain punctuation, where
//! the rules reduce to a few: letters and digits join (WB5, WB8–WB10), a
//! `MidLetter` joins two letters (WB6/7), a `MidNum` two digits (WB11/12), a
//! `MidNumLet` either, and anything else breaks. A chunk between whitespace
//! made only of characters whose class [`class`] knows is cut by those
//! rules; any other chunk (combining marks, `_`, Hebrew, Thai, emoji, …)
//! goes to `unicode-segmentation` whole, from the whitespace before it. The
//! tests check the two agree character by character, on real text of every
//! language of `tests/fixtures/languages` and on random text.

use unicode_segmentation::UnicodeSegmentation;

/// A character's UAX #29 word-break class, for the characters the fast path
/// handles.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Class {
    Letter,
    Digit,
    MidLetter,
    MidNum,
    MidNumLet,
    Other,
}

/// The class of the Latin, Greek and Cyrillic letters, ASCII digits and
/// common punctuation; `None` for everything else.
fn class(c: char) -> Option<Class> {
    use Class::*;
    Some(match c as u32 {
        0x41..=0x5A | 0x61..=0x7A => Letter,
        0x30..=0x39 => Digit,
        // . ' ‘ ’ ․
        0x2E | 0x27 | 0x2018 | 0x2019 | 0x2024 => MidNumLet,
        // : · (and Greek ano teleia)
        0x3A | 0xB7 | 0x387 => MidLetter,
        // , ;
        0x2C | 0x3B | 0x37E => MidNum,
        // `_` joins words (ExtendNumLet); `"` is Double_Quote (Hebrew rules)
        0x5F | 0x22 => return None,
        0x21..=0x7E => Other,
        0xAA | 0xB5 | 0xBA => Letter,
        0xAD => return None, // soft hyphen: Format, kept inside its word
        // ² ³ ¹ ¼ ½ ¾: no word class, yet a word of their own (numeric)
        0xB2 | 0xB3 | 0xB9 | 0xBC..=0xBE => return None,
        0xB8 => return None, // cedilla: joins letters in unicode-segmentation
        0xA1..=0xBF => Other,
        0xD7 | 0xF7 => Other,
        0xC0..=0x24F => Letter,
        0x386 | 0x388..=0x38A | 0x38C | 0x38E..=0x3A1 | 0x3A3..=0x3CE => Letter,
        0x400..=0x481 | 0x48A..=0x4FF => Letter,
        0x2010..=0x2017 | 0x201A..=0x2023 | 0x2025..=0x2026 | 0x2030..=0x203A => Other,
        _ => return None,
    })
}

/// Every word of `text[from..to]` (which holds no CJK) as (byte from, byte
/// to, position), split at apostrophes (`l'élection` is `l` and `élection`,
/// as English's tokenizer cuts it). One pass: a chunk is cut by the reduced
/// rules as it is read, and cut again by the whole rule set if a character
/// of it turns out to have no known class.
pub fn words(
    text: &str,
    from: usize,
    to: usize,
    position: &mut usize,
    out: &mut Vec<(usize, usize, usize)>,
) {
    let region = &text[from..to];
    let mut chars = region.char_indices().peekable();
    // Where the whitespace before the current chunk began, and what had
    // been emitted when the chunk began.
    let mut gap = 0;
    let mut chunk: Option<(usize, usize)> = None;
    let mut piece: Option<usize> = None;
    let mut before = Class::Other;
    while let Some((at, c)) = chars.next() {
        if c.is_whitespace() {
            if let Some(start) = piece.take() {
                out.push((from + start, from + at, *position));
                *position += 1;
            }
            if chunk.take().is_some() {
                gap = at;
            }
            before = Class::Other;
            continue;
        }
        let (emitted, at_position) = *chunk.get_or_insert((out.len(), *position));
        let Some(kind) = class(c) else {
            out.truncate(emitted);
            *position = at_position;
            let end = region[at..]
                .find(char::is_whitespace)
                .map_or(region.len(), |e| at + e);
            // From the whitespace before: a combining mark after a space
            // belongs to the space's segment (WB4).
            uax29_words(text, from + gap, from + end, position, out);
            while chars.next_if(|&(i, _)| i < end).is_some() {}
            (chunk, piece, gap, before) = (None, None, end, Class::Other);
            continue;
        };
        let next = chars.peek().and_then(|&(_, d)| class(d));
        let joins = match kind {
            Class::Letter | Class::Digit => true,
            Class::MidLetter => before == Class::Letter && next == Some(Class::Letter),
            Class::MidNum => before == Class::Digit && next == Some(Class::Digit),
            Class::MidNumLet => {
                (before == Class::Letter && next == Some(Class::Letter))
                    || (before == Class::Digit && next == Some(Class::Digit))
            }
            Class::Other => false,
        };
        before = kind;
        match piece {
            None if joins => piece = Some(at),
            Some(start) if !joins || is_apostrophe(c) => {
                out.push((from + start, from + at, *position));
                *position += 1;
                piece = joins.then(|| at + c.len_utf8());
            }
            _ => {}
        }
    }
    if let Some(start) = piece {
        out.push((from + start, to, *position));
        *position += 1;
    }
}

/// The words of `text[from..to]` by the whole UAX #29 rule set.
fn uax29_words(
    text: &str,
    from: usize,
    to: usize,
    position: &mut usize,
    out: &mut Vec<(usize, usize, usize)>,
) {
    for (start, segment) in text[from..to].split_word_bound_indices() {
        if segment.chars().any(char::is_alphanumeric) {
            let at = from + start;
            pieces(text, at, at + segment.len(), position, out);
        }
    }
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// The pieces of the word `text[from..to]` between apostrophes that hold a
/// letter or digit, each a token.
fn pieces(
    text: &str,
    from: usize,
    to: usize,
    position: &mut usize,
    out: &mut Vec<(usize, usize, usize)>,
) {
    let segment = &text[from..to];
    let mut piece_from = 0;
    let ends = (segment.char_indices())
        .filter(|&(_, c)| is_apostrophe(c))
        .map(|(i, c)| (i, i + c.len_utf8()))
        .chain([(segment.len(), segment.len())]);
    for (end, next) in ends {
        let piece = &segment[piece_from..end];
        if piece.chars().any(char::is_alphanumeric) {
            out.push((from + piece_from, from + end, *position));
            *position += 1;
        }
        piece_from = next;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn fast(text: &str) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        words(text, 0, text.len(), &mut 0, &mut out);
        out
    }

    fn full(text: &str) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        uax29_words(text, 0, text.len(), &mut 0, &mut out);
        out
    }

    /// Every character the fast path classifies, in every context where its
    /// class decides a boundary, cut as `unicode-segmentation` cuts it.
    #[test]
    fn each_classified_character_breaks_as_uax29_says() {
        let contexts = [
            "a{}b", "1{}2", "a{}1", "1{}a", "{}", "{}a", "a{}", "{}{}", "a.{}", "{}.a", "1,{}",
            "{},1", "a:{}", "é{}é", "я{}я", "{}'b", "a {} b", "x{}{}y",
        ];
        let mut checked = 0;
        let mut wrong = Vec::new();
        for c in (0..0x3000u32).filter_map(char::from_u32) {
            if class(c).is_none() {
                continue;
            }
            checked += 1;
            for context in contexts {
                let text = context.replace("{}", &c.to_string());
                if fast(&text) != full(&text) {
                    wrong.push(format!("U+{:04X} in {text:?}", c as u32));
                    break;
                }
            }
        }
        assert!(wrong.is_empty(), "{wrong:#?}");
        assert!(checked > 800, "{checked}");
    }

    #[test]
    fn the_fast_path_gives_the_words_uax29_gives() {
        let texts = [
            "l'élection d’Amérique, 3.5 — Baden-Württemberg",
            "U.S. e.g. 1,000,000 3.14.15 a..b 1,,2 ab12cd 3rd x:y:z a :b 1 ,2",
            "Министерство иностранных дел России, т.е. «Известия».",
            "Η κυβέρνηση ανακοίνωσε· τα μέτρα; 2.5%",
            "snake_case naïve coöperate piñata \u{AD}soft hy\u{AD}phen",
            "a \u{301}mark after a space, שלום \"x\" ไทย 🙂 עמ\"ה",
        ];
        for text in texts {
            assert_eq!(fast(text), full(text), "{text:?}");
        }
    }

    #[test]
    fn real_text_in_every_language_is_cut_as_uax29_cuts_it() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/languages");
        let mut read = 0;
        for entry in std::fs::read_dir(dir).expect("fixtures") {
            let text = std::fs::read_to_string(entry.expect("entry").path()).expect("text");
            assert_eq!(fast(&text), full(&text));
            read += 1;
        }
        assert!(read >= 20, "{read}");
    }

    proptest! {
        #[test]
        fn random_text_is_cut_as_uax29_cuts_it(
            text in "[a-zA-Z0-9éßøЯяΩω .,:;'’‘_\"\\-\u{301}\u{AD}\u{B7}\u{5D0}\u{E01}\u{1F642}\u{200D}\t\n]{0,40}"
        ) {
            prop_assert_eq!(fast(&text), full(&text));
        }
    }
}
