//! Language detection from an article's own text, with whatlang: measured
//! against lingua and whichlang on real text of 30 languages (BENCHMARKS.md,
//! "Language detection"): as accurate on 20 words and more, 15–30× faster
//! than lingua, and it reports a confidence (whichlang does not).

use whatlang::Lang;

/// SPEC: fewer words are never a reliable detection.
pub const MIN_WORDS: usize = 20;

/// Detection reads at most this much of title + body (about 100 English
/// words). whatlang's time grows with the text; on the news pages measured,
/// 60 words are as accurate as 200 (BENCHMARKS.md), and a body's opening is
/// its most typical prose. 1,500 bytes made detection a tenth of a 100k
/// build's CPU (the profile in BENCHMARKS.md, round three).
const SAMPLE_BYTES: usize = 600;

/// Chinese and Japanese write no spaces: this many characters of theirs
/// count as the 20 words.
const MIN_CJK_CHARS: usize = 40;

/// The documented threshold: a detection is reliable above this
/// confidence. whatlang's own `is_reliable` (0.9) left Danish and Norwegian
/// unsure in a third of 20-word samples; on the real text measured, no
/// threshold down to 0.5 calls a wrong language sure, 0.3 does
/// (BENCHMARKS.md, "Language detection").
pub const MIN_CONFIDENCE: f64 = 0.5;

/// The language of `title` and `body` when the detector is sure
/// (confidence above [`MIN_CONFIDENCE`]) on at least [`MIN_WORDS`] words. A language the detector knows but atlas has no code
/// for is [`super::UNDETERMINED`].
pub fn reliable(title: &str, body: &str) -> Option<String> {
    let sample = sample(title, body);
    if !long_enough(&sample) {
        return None;
    }
    if super::english::plainly(&sample) {
        return Some("en".to_string());
    }
    let info = whatlang::detect(&sample)?;
    if info.confidence() <= MIN_CONFIDENCE {
        return None;
    }
    Some(
        two_letter(info.lang().code())
            .unwrap_or(super::UNDETERMINED)
            .to_string(),
    )
}

/// Title and the start of the body, cut at a character boundary: what
/// detection reads.
pub fn sample(title: &str, body: &str) -> String {
    let mut s = String::with_capacity(SAMPLE_BYTES + 4);
    s.push_str(title);
    s.push_str(".\n");
    let mut end = body.len().min(SAMPLE_BYTES.saturating_sub(s.len()));
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    s.push_str(&body[..end]);
    s
}

fn long_enough(sample: &str) -> bool {
    let words = sample
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .count();
    if words >= MIN_WORDS {
        return true;
    }
    let cjk = sample.chars().filter(|&c| is_han_or_kana(c)).count();
    cjk >= MIN_CJK_CHARS
}

fn is_han_or_kana(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30ff}' // Hiragana, Katakana
        | '\u{3400}'..='\u{4dbf}' // CJK extension A
        | '\u{4e00}'..='\u{9fff}' // CJK unified ideographs
        | '\u{f900}'..='\u{faff}') // compatibility ideographs
}

/// The ISO 639-1 code of an ISO 639-3 code whatlang knows (`deu` → `de`;
/// `cmn` Mandarin → `zh`; `pes` Western Farsi → `fa`; `nob` → `no`).
pub fn two_letter(three: &str) -> Option<&'static str> {
    let lang = Lang::from_code(three).or(match three {
        // Codes archives write that whatlang spells otherwise.
        "ger" => Some(Lang::Deu),
        "fre" => Some(Lang::Fra),
        "zho" | "chi" => Some(Lang::Cmn),
        "ara" => Some(Lang::Ara),
        "fas" | "per" => Some(Lang::Pes),
        "nor" | "nno" => Some(Lang::Nob),
        "dut" => Some(Lang::Nld),
        "gre" => Some(Lang::Ell),
        "cze" => Some(Lang::Ces),
        "rum" => Some(Lang::Ron),
        "slo" => Some(Lang::Slk),
        _ => None,
    })?;
    Some(match lang {
        Lang::Epo => "eo",
        Lang::Eng => "en",
        Lang::Rus => "ru",
        Lang::Cmn => "zh",
        Lang::Spa => "es",
        Lang::Por => "pt",
        Lang::Ita => "it",
        Lang::Ben => "bn",
        Lang::Fra => "fr",
        Lang::Deu => "de",
        Lang::Ukr => "uk",
        Lang::Kat => "ka",
        Lang::Ara => "ar",
        Lang::Hin => "hi",
        Lang::Jpn => "ja",
        Lang::Heb => "he",
        Lang::Yid => "yi",
        Lang::Pol => "pl",
        Lang::Amh => "am",
        Lang::Jav => "jv",
        Lang::Kor => "ko",
        Lang::Nob => "no",
        Lang::Dan => "da",
        Lang::Swe => "sv",
        Lang::Fin => "fi",
        Lang::Tur => "tr",
        Lang::Nld => "nl",
        Lang::Hun => "hu",
        Lang::Ces => "cs",
        Lang::Ell => "el",
        Lang::Bul => "bg",
        Lang::Bel => "be",
        Lang::Mar => "mr",
        Lang::Kan => "kn",
        Lang::Ron => "ro",
        Lang::Slv => "sl",
        Lang::Hrv => "hr",
        Lang::Srp => "sr",
        Lang::Mkd => "mk",
        Lang::Lit => "lt",
        Lang::Lav => "lv",
        Lang::Est => "et",
        Lang::Tam => "ta",
        Lang::Vie => "vi",
        Lang::Urd => "ur",
        Lang::Tha => "th",
        Lang::Guj => "gu",
        Lang::Uzb => "uz",
        Lang::Pan => "pa",
        Lang::Aze => "az",
        Lang::Ind => "id",
        Lang::Tel => "te",
        Lang::Pes => "fa",
        Lang::Mal => "ml",
        Lang::Ori => "or",
        Lang::Mya => "my",
        Lang::Nep => "ne",
        Lang::Sin => "si",
        Lang::Khm => "km",
        Lang::Tuk => "tk",
        Lang::Aka => "ak",
        Lang::Zul => "zu",
        Lang::Sna => "sn",
        Lang::Afr => "af",
        Lang::Lat => "la",
        Lang::Slk => "sk",
        Lang::Cat => "ca",
        Lang::Tgl => "tl",
        Lang::Hye => "hy",
        Lang::Cym => "cy",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_detector_language_has_a_two_letter_code() {
        for lang in Lang::all() {
            let code = two_letter(lang.code()).expect("mapped");
            assert_eq!(code.len(), 2, "{lang:?}");
        }
    }

    #[test]
    fn short_text_is_never_reliable() {
        assert_eq!(reliable("Wahl", "Die Regierung tritt zurück."), None);
        assert_eq!(reliable("", ""), None);
    }

    #[test]
    fn the_sample_is_cut_at_a_character_boundary() {
        let body = "ä".repeat(2_000);
        let s = sample("t", &body);
        assert!(s.len() <= SAMPLE_BYTES + 1);
    }
}
