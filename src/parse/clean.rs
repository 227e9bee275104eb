//! Small text helpers every format shares: whitespace normalisation for
//! titles and names, splitting author strings, the person-name test behind
//! the byline rule, desk names in bios, and file names.
//!
//! The person-name test is deliberately conservative: the spec would rather
//! miss an author than take a heading ("What Comes Next") for one, and the
//! byline rule adds a second signal (repetition, `By `, a bio) on top.

use std::sync::LazyLock;

use regex::Regex;

pub use crate::analysis::normalize_space;

/// Separators of an author list: `A and B`, `A, B and C`, `A, B, and C`,
/// `A & B`, and `and` in the archive's other languages written lowercase
/// (`A und B`, `A et B`, `A i B`, `A e B`, `A og B`, `A och B`; not the
/// `y` of `Ortega y Gasset`).
static NAME_SEPARATOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\s*,\s*(?:(?i:and)\s+)?|\s+(?i:and)\s+|\s+(?:und|et|i|e|og|och|oraz)\s+|\s*&\s*|\s*;\s*",
    )
    .expect("valid regex")
});

/// Splits an author string on `,`, `and`, `&` and `;`; empty parts dropped.
/// A leading `By ` is not part of the first name (`"byline": "By Jo Li"`).
pub fn split_names(s: &str) -> Vec<String> {
    let s = normalize_space(s);
    let s = match BY_PREFIX.find(&s) {
        Some(m) => s.get(m.end()..).unwrap_or(""),
        None => s.as_str(),
    };
    let mut names: Vec<String> = Vec::new();
    for part in NAME_SEPARATOR.split(s).map(str::trim) {
        let part = CREDENTIALS.replace(part, "");
        let part = part.trim();
        if part.is_empty() || is_credential(part) {
            continue;
        }
        // `Martin Luther King, Jr.` is one person, `Jr.` part of his name.
        if SUFFIXES.contains(&part.trim_end_matches('.').to_lowercase().as_str()) {
            if let Some(last) = names.last_mut() {
                last.push(' ');
                last.push_str(part);
            }
            continue;
        }
        names.push(part.to_string());
    }
    names
}

/// Generational suffixes: part of the name before them.
const SUFFIXES: &[&str] = &["jr", "sr", "ii", "iii", "iv"];

/// Degrees and credentials written after a name (`Jane Doe, MD`, `Jane Doe
/// PhD`): not a person of their own, and not part of the name either.
static CREDENTIALS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\s+(?:Ph\.?\s?D\.?|M\.?D\.?|MPH|M\.?Sc?\.?|B\.?Sc\.?|MBA|RN|DDS|DrPH|PharmD|Psy\.?D\.?|FACP|FRCP|FACS|CPA|Esq\.?))+$")
        .expect("valid regex")
});

fn is_credential(part: &str) -> bool {
    CREDENTIALS.is_match(&format!(" {part}"))
}

/// Splits a comma-separated tag string.
pub fn split_tags(s: &str) -> Vec<String> {
    s.split(',')
        .map(normalize_space)
        .filter(|t| !t.is_empty())
        .collect()
}

/// `By `, as a byline opens (any case: `BY JANE DOE`).
static BY_PREFIX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^by\s+").expect("valid regex"));

/// The names of a byline line and whether it opened with `By `; `None` when
/// the line is not a list of person names.
pub fn byline_names(line: &str) -> Option<(Vec<String>, bool)> {
    let line = normalize_space(line);
    if line.chars().count() > 160 {
        return None;
    }
    let (rest, by) = match BY_PREFIX.find(&line) {
        Some(m) => (line.get(m.end()..).unwrap_or(""), true),
        None => (line.as_str(), false),
    };
    let names = split_names(rest);
    if names.is_empty() || names.len() > 12 {
        return None;
    }
    // Without `By `, a single word is more likely a heading than a person.
    let min_words = if by { 1 } else { 2 };
    names
        .iter()
        .all(|n| looks_like_person(n, min_words))
        .then_some((names, by))
}

/// Lowercase words that belong inside names (`Ludwig van Beethoven`).
const NAME_PARTICLES: &[&str] = &[
    "de", "da", "di", "del", "della", "der", "den", "van", "von", "la", "le", "du", "dos", "das",
    "bin", "ibn", "al", "el", "ter", "ten", "zu", "y",
];

/// Lowercase prefixes glued to a capitalised name: `al-Khatib`, `d'Arcy`.
static GLUED_PARTICLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\p{Ll}{1,3}['’-]\p{Lu}").expect("valid regex"));

/// A person's name: 1–6 words (at least `min_words`), each capitalised (or a
/// name particle), made of letters and `.'’-` only, the first capitalised.
fn looks_like_person(name: &str, min_words: usize) -> bool {
    let words: Vec<&str> = name.split(' ').collect();
    if words.len() < min_words || words.len() > 6 {
        return false;
    }
    words.iter().enumerate().all(|(i, w)| {
        let chars_ok = w
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '.' | '\'' | '’' | '-'));
        // Caseless scripts (Chinese, Arabic…) count as capitalised.
        let starts_upper = w
            .chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() && !c.is_lowercase());
        let particle = i > 0 && NAME_PARTICLES.contains(w);
        chars_ok && (starts_upper || particle || GLUED_PARTICLE.is_match(w))
    })
}

/// Honorifics skipped when finding a first name (`Dr. Jane Smith` → `Jane`).
const HONORIFICS: &[&str] = &["dr", "prof", "mr", "mrs", "ms", "mx", "sir", "dame"];

/// The first name of a person, as a bio would open with it.
pub fn first_name(name: &str) -> Option<&str> {
    name.split_whitespace().find(|w| {
        let bare = w.trim_end_matches('.').to_lowercase();
        !HONORIFICS.contains(&bare.as_str())
    })
}

/// True when `text` opens with the word `word` (not just a prefix of a
/// longer word: `Ann` does not open `Anniversary`).
pub fn starts_with_word(text: &str, word: &str) -> bool {
    text.trim_start()
        .strip_prefix(word)
        .is_some_and(|rest| !rest.chars().next().is_some_and(char::is_alphanumeric))
}

/// A run of capitalised words right before `Desk`, allowing `and`/`&`/`of`
/// between capitalised words (`Middle East and North Africa Desk`).
static DESK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(\p{Lu}[\p{L}\p{M}’'.-]*(?:\s+(?:(?:and|&|of)\s+)?\p{Lu}[\p{L}\p{M}’'.-]*)*)\s+Desk\b",
    )
    .expect("valid regex")
});

/// Words that may open the capitalised run but are not part of the desk
/// name (a sentence-initial `The Europe Desk …`).
const DESK_ARTICLES: &[&str] = &["The", "A", "An", "Our", "Its", "His", "Her", "Their"];

/// The desk a bio names: `… to the Central Asia Desk for Atlas News.` →
/// `Central Asia`.
pub fn desk_in(text: &str) -> Option<String> {
    let caps = DESK.captures(text)?;
    let run = normalize_space(caps.get(1)?.as_str());
    let mut words: Vec<&str> = run.split(' ').collect();
    while words.len() > 1 && words.first().is_some_and(|w| DESK_ARTICLES.contains(w)) {
        words.remove(0);
    }
    let desk = words.join(" ");
    (!desk.is_empty() && !DESK_ARTICLES.contains(&desk.as_str())).then_some(desk)
}

/// The last path component without its extension (`a/b/slug.txt` → `slug`),
/// the title of last resort.
pub fn file_stem(rel_path: &str) -> String {
    let name = rel_path.rsplit('/').next().unwrap_or(rel_path);
    match name.rfind('.') {
        Some(i) if i > 0 => name.get(..i).unwrap_or(name).to_string(),
        _ => name.to_string(),
    }
}

/// The lowercase extension of the last path component, if any (a leading
/// dot, as in `.profile`, is not an extension).
pub fn extension(rel_path: &str) -> Option<String> {
    let name = rel_path.rsplit('/').next().unwrap_or(rel_path);
    match name.rfind('.') {
        Some(i) if i > 0 => name.get(i + 1..).map(str::to_lowercase),
        _ => None,
    }
}

/// Removes what could rewrite a terminal (SPEC "Terminal safety"): ANSI
/// escape sequences (CSI `ESC [ … final`, OSC `ESC ] … BEL|ESC \\`, and
/// two-byte `ESC x`; the 8-bit CSI U+009B) and every other C0/C1 control character except
/// newline and tab. Borrowed when there is nothing to remove.
pub fn strip_controls(s: &str) -> std::borrow::Cow<'_, str> {
    let is_control = |c: char| c.is_control() && c != '\n' && c != '\t';
    if !s.chars().any(is_control) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let introducer = match c {
            '\u{1b}' => chars.next(),
            // The 8-bit CSI is `ESC [` in one character.
            '\u{9b}' => Some('['),
            c => {
                if !is_control(c) {
                    out.push(c);
                }
                continue;
            }
        };
        match introducer {
            // CSI: parameters and intermediates up to a final byte @–~.
            Some('[') => {
                for c in chars.by_ref() {
                    if ('@'..='~').contains(&c) {
                        break;
                    }
                }
            }
            // OSC (and DCS, PM, APC): up to BEL or the string terminator.
            Some(']' | 'P' | '^' | '_') => {
                while let Some(c) = chars.next() {
                    if c == '\u{7}' || (c == '\u{1b}' && chars.next_if_eq(&'\\').is_some()) {
                        break;
                    }
                }
            }
            _ => {}
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        let cases: &[(&str, &[&str])] = &[
            ("Wilder Davenport", &["Wilder Davenport"]),
            ("A Bee and C Dee", &["A Bee", "C Dee"]),
            ("A Bee, C Dee and E Eff", &["A Bee", "C Dee", "E Eff"]),
            ("A Bee, C Dee, and E Eff", &["A Bee", "C Dee", "E Eff"]),
            ("A Bee & C Dee", &["A Bee", "C Dee"]),
            ("By A Bee and C Dee", &["A Bee", "C Dee"]),
            ("Byron Bee", &["Byron Bee"]),
            (
                "Michael L. Anderson, PhD, Carlos Dobkin, PhD",
                &["Michael L. Anderson", "Carlos Dobkin"],
            ),
            ("Jane Roe MD and Ann Lee, M.D.", &["Jane Roe", "Ann Lee"]),
            ("Martin Luther King, Jr.", &["Martin Luther King Jr."]),
            ("Md Rahman", &["Md Rahman"]),
            (
                "Lars Fischer und Alina Schadwinkel",
                &["Lars Fischer", "Alina Schadwinkel"],
            ),
            ("Jan Kowalski i Anna Nowak", &["Jan Kowalski", "Anna Nowak"]),
        ];
        for (s, want) in cases {
            assert_eq!(split_names(s), *want, "{s}");
        }
    }

    #[test]
    fn bylines() {
        let cases = [
            ("Wilder Davenport", true),
            ("By Staff", true),
            ("BY JANE DOE", true),
            ("Noor Al-Khatib", true),
            ("Ludwig van Beethoven", true),
            ("José Álvarez", true),
            ("Conan O’Brien and Jean-Luc Picard", true),
            ("John Q. Public", true),
            ("Noor al-Khatib", true),
            ("Money and Politics", false),
            ("Criticism of the Resolve for Stability", false),
            ("Here’s what you need to know.", false),
            ("By the way, this matters", false),
            ("Staff", false),
            ("Chapter 3", false),
        ];
        for (line, want) in cases {
            assert_eq!(byline_names(line).is_some(), want, "{line}");
        }
    }

    #[test]
    fn desks() {
        let cases = [
            (
                "brings a nuanced perspective to the Central Asia Desk for Atlas News.",
                Some("Central Asia"),
            ),
            (
                "reports for the Africa Desk for Atlas News.",
                Some("Africa"),
            ),
            ("for the Europe Desk", Some("Europe")),
            ("The Europe Desk hired her.", Some("Europe")),
            (
                "for the Middle East and North Africa Desk",
                Some("Middle East and North Africa"),
            ),
            ("writes at her desk", None),
            ("for the desk", None),
        ];
        for (text, want) in cases {
            assert_eq!(desk_in(text).as_deref(), want, "{text}");
        }
    }

    #[test]
    fn controls() {
        assert_eq!(strip_controls("a\x1b[31mred\x1b[0m b"), "ared b");
        assert_eq!(strip_controls("t\x1b]0;pwned\x07x"), "tx");
        assert_eq!(strip_controls("a\u{9b}2Jb\u{85}c\rd\n\te"), "abcd\n\te");
    }

    #[test]
    fn paths() {
        assert_eq!(file_stem("a/b/slug.txt"), "slug");
        assert_eq!(file_stem("README"), "README");
        assert_eq!(file_stem(".hidden"), ".hidden");
        assert_eq!(extension("a/b.TXT"), Some("txt".into()));
        assert_eq!(extension("a.b/c"), None);
        assert_eq!(extension(".profile"), None);
    }
}
