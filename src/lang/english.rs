//! Plainly English text, told without the detector. whatlang compares a
//! sample with the trigram profile of every language of its script, a
//! fixed cost of ~60–100 µs however short the sample: the largest single
//! cost of indexing an English archive (BENCHMARKS.md, "Speed, round
//! three"). English prose is a seventh function words; a handful of them
//! are words of no other language whatlang reads in Latin script, so a
//! sample made of enough of them is English without asking, and whatlang
//! decides the rest. `examples/english_markers.rs` measures the share in
//! real text of every language against whatlang's verdict.

/// English function words that are not words (or only rare ones) of the
/// other Latin-script languages. Left out for that reason: `was` and
/// `will` (German), `have` (Danish), `are` (Romanian), `has` (Spanish),
/// `is` and `of` (Dutch), `to` (Polish, Czech), `them` (Romani), `in`,
/// `a`, `for`, `but`.
const MARKERS: [&str; 22] = [
    "the", "and", "that", "with", "which", "this", "they", "their", "were", "would", "been",
    "from", "said", "there", "what", "when", "about", "into", "could", "should", "these", "those",
];

/// Fewer words than this are left to the detector: over a short sample the
/// share moves too much to trust.
const MIN_WORDS: usize = 40;

/// Markers per hundred words from which a sample is English. English news
/// and speeches run at 10–20; other languages' text stays under 3, even
/// where it quotes English (measured: `examples/english_markers.rs`).
const MIN_SHARE_PERCENT: usize = 8;

/// Words of `sample` and how many of them are markers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MarkerCount {
    pub words: usize,
    pub markers: usize,
}

pub fn count(sample: &str) -> MarkerCount {
    let mut tally = MarkerCount {
        words: 0,
        markers: 0,
    };
    // A hyphen or apostrophe joins: Romani's `and-o` is not `and`.
    let joins = |c: char| c.is_alphanumeric() || c == '-' || c == '\'' || c == '’';
    for word in sample.split(|c: char| !joins(c)) {
        if word.is_empty() {
            continue;
        }
        tally.words += 1;
        if is_marker(word) {
            tally.markers += 1;
        }
    }
    tally
}

fn is_marker(word: &str) -> bool {
    (3..=6).contains(&word.len()) && MARKERS.iter().any(|m| m.eq_ignore_ascii_case(word))
}

/// The sample is English beyond doubt: enough words, enough of them markers.
pub fn plainly(sample: &str) -> bool {
    let tally = count(sample);
    tally.words >= MIN_WORDS && tally.markers * 100 >= tally.words * MIN_SHARE_PERCENT
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_counted_whatever_their_case() {
        let c = count("The cat and THE dog, with 3 fish.");
        assert_eq!(
            c,
            MarkerCount {
                words: 8,
                markers: 4
            }
        );
    }

    #[test]
    fn a_short_sample_is_never_plainly_english() {
        assert!(!plainly("The cat and the dog that were there."));
    }

    #[test]
    fn joined_words_are_not_markers() {
        // Romani writes its articles onto words with a hyphen.
        let c = count("Sarkas si les and-o them thaj they're");
        assert_eq!(
            c,
            MarkerCount {
                words: 7,
                markers: 0
            }
        );
    }

    /// Every language fixture, read as detection reads it: only the English
    /// ones are plainly English, and they are, with whatlang agreeing.
    #[test]
    fn only_english_fixtures_are_plainly_english() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/languages");
        let mut english = 0;
        for entry in std::fs::read_dir(dir).expect("fixtures") {
            let path = entry.expect("entry").path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            let text = std::fs::read_to_string(&path).expect("utf-8");
            let (title, body) = text.split_once("\n\n").expect("title, blank line, body");
            let sample = crate::lang::detect::sample(title, body);
            let is_english = name.starts_with("en-");
            assert_eq!(plainly(&sample), is_english, "{name}: {:?}", count(&sample));
            if is_english {
                let detected = whatlang::detect(&sample).expect("detected");
                assert_eq!(detected.lang(), whatlang::Lang::Eng, "{name}");
                english += 1;
            }
        }
        assert_eq!(english, 1);
    }
}
