//! The language of an article (SPEC, "Every language the archive is
//! written in"): codes as the archive states them normalised to ISO 639-1,
//! detection from the text, and the order in which the sources win.
//!
//! Pure: text and stated codes in, a code out; no IO, no tantivy.

pub mod detect;
pub mod english;

use std::borrow::Cow;

/// The code of a language nobody could name (the detector knows the script
/// but not the language, or the text has no letters): analysed without
/// stemming.
pub const UNDETERMINED: &str = "und";

/// `[language] default` when no config sets one.
pub const DEFAULT: &str = "en";

/// The ISO 639-1 primary subtag of a stated language (`en-US`, `EN_us`,
/// `en` → `en`; `nb`/`nn` → `no`; the three-letter codes NewsML-G2 and
/// JSON-LD sometimes carry → their two-letter code). `None` for what is not
/// a language code (`x-default`, `*`, empty).
pub fn normalize_code(stated: &str) -> Option<String> {
    let primary = stated
        .trim()
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    if !primary.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    let code = match primary.len() {
        2 => primary,
        3 => detect::two_letter(&primary)
            .map(str::to_string)
            .unwrap_or(primary),
        _ => return None,
    };
    Some(match code.as_str() {
        "nb" | "nn" => "no".to_string(),
        // Deprecated ISO 639-1 codes still found in old exports.
        "iw" => "he".to_string(),
        "in" => "id".to_string(),
        "ji" => "yi".to_string(),
        _ => code,
    })
}

/// A normalised language code small enough to be `Copy` (options carry
/// it): two letters, or `und`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Code([u8; 3]);

impl Code {
    /// `stated` normalised (`normalize_code`); `None` if it names no language.
    pub fn parse(stated: &str) -> Option<Code> {
        let code = normalize_code(stated)?;
        let bytes = code.as_bytes();
        (bytes.len() <= 3).then(|| {
            let mut b = [b' '; 3];
            b[..bytes.len()].copy_from_slice(bytes);
            Code(b)
        })
    }

    pub fn as_str(&self) -> &str {
        let len = if self.0[2] == b' ' { 2 } else { 3 };
        std::str::from_utf8(&self.0[..len]).unwrap_or(UNDETERMINED)
    }
}

/// `[language]` of `atlas.toml`: what the parser needs to name an
/// article's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// Every article below is in this language: no detection.
    pub fixed: Option<Code>,
    /// For articles whose language is neither detected reliably nor stated.
    pub default: Code,
}

impl Default for Rule {
    fn default() -> Rule {
        Rule {
            fixed: None,
            default: Code(*b"en "),
        }
    }
}

/// Where an article's language came from: what `resolve` weighed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub code: String,
    /// A reliable detection overrode what the file states: the warning
    /// SPEC asks for (`stated`, the normalised stated code).
    pub overrode: Option<String>,
}

/// SPEC's order: `fixed` (`[language] fixed`); else a reliable detection
/// of `title` and `body`; else the file's `stated` language; else
/// `default` (`[language] default`, itself `en`).
pub fn resolve(
    fixed: Option<&str>,
    title: &str,
    body: &str,
    stated: Option<&str>,
    default: &str,
) -> Resolved {
    if let Some(code) = fixed.and_then(normalize_code) {
        return Resolved {
            code,
            overrode: None,
        };
    }
    let stated = stated.and_then(normalize_code);
    if let Some(detected) = detect::reliable(title, body) {
        let overrode = stated.filter(|s| *s != detected);
        return Resolved {
            code: detected,
            overrode,
        };
    }
    Resolved {
        code: stated
            .or_else(|| normalize_code(default))
            .unwrap_or_else(|| DEFAULT.to_string()),
        overrode: None,
    }
}

/// Text in Unicode normalisation form C: `ä` written as `a` + combining
/// diaeresis (macOS file names, some CMS exports) becomes the one character
/// every other source writes, so it is one word, not `a` and `r`.
/// Borrowed when the text is already NFC (nearly always).
pub fn nfc(text: &str) -> Cow<'_, str> {
    use icu_normalizer::ComposingNormalizerBorrowed;
    let normalizer = ComposingNormalizerBorrowed::new_nfc();
    if normalizer.is_normalized(text) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(normalizer.normalize(text).into_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stated_codes_become_their_primary_subtag() {
        for (stated, code) in [
            ("en-US", Some("en")),
            ("EN_gb", Some("en")),
            ("de", Some("de")),
            ("nb-NO", Some("no")),
            ("nn", Some("no")),
            ("deu", Some("de")),
            ("fra", Some("fr")),
            ("iw", Some("he")),
            ("x-default", None),
            ("", None),
            ("*", None),
            ("english", None),
        ] {
            assert_eq!(normalize_code(stated).as_deref(), code, "{stated}");
        }
    }

    const GERMAN: &str = "Die Bundesregierung hat am Mittwoch neue Regeln für den Ausbau der \
        Windkraft beschlossen. Die Länder sollen künftig zwei Prozent ihrer Fläche für \
        Windräder ausweisen, teilte das Wirtschaftsministerium in Berlin mit.";

    #[test]
    fn fixed_beats_detection_beats_stated_beats_default() {
        let r = resolve(Some("fr"), "Titel", GERMAN, Some("en"), "en");
        assert_eq!(r.code, "fr");
        let r = resolve(None, "Titel", GERMAN, Some("en-US"), "en");
        assert_eq!(r.code, "de");
        assert_eq!(
            r.overrode.as_deref(),
            Some("en"),
            "a wrong template `en` is reported"
        );
        let r = resolve(None, "Titel", GERMAN, Some("de-AT"), "en");
        assert_eq!((r.code.as_str(), r.overrode), ("de", None));
        // Too short to detect: what the file states.
        let r = resolve(None, "Kurz", "Zwei Wörter.", Some("de"), "en");
        assert_eq!(r.code, "de");
        let r = resolve(None, "Kurz", "Zwei Wörter.", None, "es");
        assert_eq!(r.code, "es");
        let r = resolve(None, "Kurz", "Zwei Wörter.", None, "en");
        assert_eq!(r.code, "en");
    }

    #[test]
    fn nfc_composes_decomposed_accents() {
        let decomposed = "ha\u{308}r und Cafe\u{301}";
        assert_eq!(nfc(decomposed), "här und Café");
        assert!(matches!(nfc("här"), Cow::Borrowed(_)));
    }
}
