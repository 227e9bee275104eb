//! Which Snowball stemmer analyses each language (frostem, the crate
//! tantivy's own `Stemmer` is built on): the 18 languages SPEC names and
//! those Snowball adds that the detector or a file can name.

use frostem::Algorithm;

/// The stemmer of an ISO 639-1 code, `None` for a language without one
/// (analysed without stemming: Chinese, Japanese, Korean, `und`, …).
pub fn algorithm(code: &str) -> Option<Algorithm> {
    Some(match code {
        "ar" => Algorithm::Arabic,
        "da" => Algorithm::Danish,
        "de" => Algorithm::German,
        "el" => Algorithm::Greek,
        "en" => Algorithm::English,
        "es" => Algorithm::Spanish,
        "fi" => Algorithm::Finnish,
        "fr" => Algorithm::French,
        "hu" => Algorithm::Hungarian,
        "it" => Algorithm::Italian,
        "nl" => Algorithm::Dutch,
        "no" => Algorithm::Norwegian,
        "pt" => Algorithm::Portuguese,
        "ro" => Algorithm::Romanian,
        "ru" => Algorithm::Russian,
        "sv" => Algorithm::Swedish,
        "ta" => Algorithm::Tamil,
        "tr" => Algorithm::Turkish,
        "ca" => Algorithm::Catalan,
        "cs" => Algorithm::Czech,
        "pl" => Algorithm::Polish,
        "id" => Algorithm::Indonesian,
        "lt" => Algorithm::Lithuanian,
        "et" => Algorithm::Estonian,
        "hy" => Algorithm::Armenian,
        "eu" => Algorithm::Basque,
        "ga" => Algorithm::Irish,
        "sr" => Algorithm::Serbian,
        "hi" => Algorithm::Hindi,
        "ne" => Algorithm::Nepali,
        "eo" => Algorithm::Esperanto,
        "yi" => Algorithm::Yiddish,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use std::io::{BufRead, BufReader, Write};

    use flate2::Compression;
    use flate2::read::GzDecoder;
    use flate2::write::GzEncoder;
    use tantivy::tokenizer::{Language, RawTokenizer, Stemmer, TextAnalyzer, TokenStream};

    use super::*;

    const VOCABULARY: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/lang/english-stems.tsv.gz"
    );

    /// The stem `analysis::text_analyzer` gave before languages: tantivy's
    /// English `Stemmer` filter.
    fn stem_as_before(analyzer: &mut TextAnalyzer, word: &str) -> String {
        let mut stream = analyzer.token_stream(word);
        assert!(stream.advance());
        stream.token().text.clone()
    }

    /// Writes the fixture: every lowercase ASCII word of Debian's
    /// `wamerican` list (`/usr/share/dict/american-english`: 63,875 words)
    /// with the stem the English analysis gave it before languages.
    /// `cargo test --lib english_vocabulary_fixture -- --ignored`.
    #[test]
    #[ignore = "regenerates the fixture"]
    fn english_vocabulary_fixture() {
        let words = std::fs::read_to_string("/usr/share/dict/american-english").unwrap();
        let mut analyzer = TextAnalyzer::builder(RawTokenizer::default())
            .filter(Stemmer::new(Language::English))
            .build();
        let file = std::fs::File::create(VOCABULARY).unwrap();
        let mut out = GzEncoder::new(file, Compression::best());
        for word in words.lines() {
            if !word.is_empty() && word.bytes().all(|b| b.is_ascii_lowercase()) {
                writeln!(out, "{word}\t{}", stem_as_before(&mut analyzer, word)).unwrap();
            }
        }
        out.finish().unwrap();
    }

    /// SPEC: English stems exactly as before the per-language analysis,
    /// on a real vocabulary (a stemmer crate upgrade that changed one
    /// English stem would move hits of English searches).
    #[test]
    fn english_vocabulary_stems_as_before() {
        let file = std::fs::File::open(VOCABULARY).expect("fixture");
        let stemmer = frostem::Stemmer::new(algorithm("en").unwrap());
        let mut tantivy = TextAnalyzer::builder(RawTokenizer::default())
            .filter(Stemmer::new(Language::English))
            .build();
        let mut n = 0;
        for line in BufReader::new(GzDecoder::new(file)).lines() {
            let line = line.unwrap();
            let (word, stem) = line.split_once('\t').expect("word\tstem");
            assert_eq!(stemmer.stem(word), stem, "{word}");
            assert_eq!(stem_as_before(&mut tantivy, word), stem, "{word}");
            n += 1;
        }
        assert!(n > 50_000, "{n} words");
    }

    #[test]
    fn the_eighteen_languages_of_spec_have_stemmers() {
        for code in "ar da de el en es fi fr hu it nl no pt ro ru sv ta tr".split(' ') {
            assert!(algorithm(code).is_some(), "{code}");
        }
        assert!(algorithm("zh").is_none());
        assert!(algorithm("und").is_none());
        let de = frostem::Stemmer::new(algorithm("de").unwrap());
        assert_eq!(de.stem("regierungen"), de.stem("regierung"));
    }
}
