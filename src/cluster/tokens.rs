//! atlas's own analysis, as token strings a SphinxQL engine indexes verbatim.
//!
//! The engine is told not to analyse (`morphology = none`, a charset of
//! `0..9 a..z _`), so matching on the cluster is atlas's matching: every
//! field is sent as the token stream of the analyzer the local index uses
//! (folded and stemmed; folded only for the `*_w` prefix fields), position
//! for position, with a filler token where tantivy leaves a position empty
//! (between the values of a multi-valued field, and where an over-long
//! word was dropped). Query leaves go through the same functions.

use chrono::{Datelike, NaiveDate};
use tantivy::tokenizer::TextAnalyzer;

use crate::analysis::{self, exact_key};

/// Indexed in every article's `meta` field: what pure exclusions start from.
pub const MARKER: &str = "atlasall";
/// Stands in for an empty position, so phrases cannot bridge two values.
pub const GAP: &str = "_g_";
/// The engine truncates longer keywords (Sphinx 2.2: 42 bytes).
const MAX_TOKEN: usize = 42;
/// Escaped tokens up to this length are sent as they are; longer ones
/// become exactly `MAX_TOKEN` bytes (visible start + hash), so the two
/// kinds never collide.
const KEEP: usize = 40;

/// A token in the engine's alphabet: `[a-z0-9]` kept, any other character
/// as `_hex_` (atlas's tokens never contain `_`, so this is injective),
/// over-long results shortened with a hash of the whole token.
pub fn encode(token: &str) -> String {
    let mut out = String::with_capacity(token.len());
    for c in token.chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else {
            out.push_str(&format!("_{:x}_", c as u32));
        }
    }
    if out.len() <= KEEP {
        return out;
    }
    let hash = blake3::hash(token.as_bytes()).to_hex();
    let start = MAX_TOKEN - 14;
    format!("{}_{}", &out[..start], &hash[..13])
}

/// The engine text of a field with these values: tokens in tantivy's
/// positions (one empty position between values, as tantivy leaves).
pub fn field_text(analyzer: &mut TextAnalyzer, values: &[&str]) -> String {
    let mut out = String::new();
    field_text_into(&mut out, analyzer, values);
    out
}

/// [`field_text`], appended to `out` straight from the token stream: a
/// 30 MB article is millions of tokens, never held as a list.
///
/// Gaps are counted in tantivy's positions, not the engine's: a CJK
/// character and its bigram share a tantivy position and take two in the
/// engine's stream, so after a CJK run the engine is ahead, and an empty
/// position must still be filled there (else a phrase would bridge it).
pub fn field_text_into(out: &mut String, analyzer: &mut TextAnalyzer, values: &[&str]) {
    // The tantivy position after the last one written.
    let mut next = 0usize;
    let mut offset = 0usize;
    let mut first = true;
    for value in values {
        let mut end = offset;
        let mut stream = analyzer.token_stream(value);
        while stream.advance() {
            let token = stream.token();
            let pos = offset + token.position;
            for _ in next..pos {
                put(out, &mut first, GAP);
            }
            put(out, &mut first, &encode(&token.text));
            next = next.max(pos + 1);
            end = end.max(pos + 1);
        }
        offset = end + 1;
    }
}

fn put(out: &mut String, first: &mut bool, token: &str) {
    if !*first {
        out.push(' ');
    }
    *first = false;
    out.push_str(token);
}

/// The encoded tokens of one query leaf with their relative positions.
pub fn leaf_tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(usize, String)> {
    analysis::analyze(analyzer, text)
        .into_iter()
        .map(|(p, t)| (p, encode(&t)))
        .collect()
}

/// The range of dates the local index can hold (`schema::date_to_tantivy`
/// clamps to it); the cluster clamps the same way.
pub fn clamp(date: NaiveDate) -> NaiveDate {
    let lo = NaiveDate::from_ymd_opt(1700, 1, 1).expect("valid date");
    let hi = NaiveDate::from_ymd_opt(2250, 12, 31).expect("valid date");
    date.clamp(lo, hi)
}

/// The `day` attribute: days since 0001-01-01 plus one (0 means undated).
pub fn day_number(date: NaiveDate) -> u32 {
    clamp(date).num_days_from_ce() as u32
}

/// The language token of an article (in `meta`): `lgde`, `lgund`. Codes
/// are ASCII lowercase letters, so the token needs no encoding.
pub fn lang_token(code: &str) -> String {
    let code: String = code.chars().filter(char::is_ascii_lowercase).collect();
    format!("lg{code}")
}

/// Year, month and day tokens of an article's date (in `meta`).
pub fn date_tokens(date: NaiveDate) -> [String; 3] {
    let d = clamp(date);
    [
        format!("dy{:04}", d.year()),
        format!("dm{:04}{:02}", d.year(), d.month()),
        format!("dd{:04}{:02}{:02}", d.year(), d.month(), d.day()),
    ]
}

/// The fewest date tokens that together cover `lo..=hi` exactly: days up
/// to a month start, months up to a year start, whole years, then back down.
pub fn date_cover(lo: NaiveDate, hi: NaiveDate) -> Vec<String> {
    let (mut cur, hi) = (clamp(lo), clamp(hi));
    let mut out = Vec::new();
    while cur <= hi {
        let year_end = NaiveDate::from_ymd_opt(cur.year(), 12, 31).expect("valid date");
        let month_end = last_of_month(cur);
        let [y, m, d] = date_tokens(cur);
        let (token, next_from) = if cur.ordinal() == 1 && year_end <= hi {
            (y, year_end)
        } else if cur.day() == 1 && month_end <= hi {
            (m, month_end)
        } else {
            (d, cur)
        };
        out.push(token);
        match next_from.succ_opt() {
            Some(next) => cur = next,
            None => break,
        }
    }
    out
}

fn last_of_month(d: NaiveDate) -> NaiveDate {
    let (y, m) = if d.month() == 12 {
        (d.year() + 1, 1)
    } else {
        (d.year(), d.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)
        .and_then(|n| n.pred_opt())
        .expect("valid date")
}

/// A desk, author or tag as the engine's integer attribute: a 63-bit hash
/// of atlas's normalised name (`--desk "central asia"` = `Central Asia`).
pub fn name_hash(name: &str) -> u64 {
    hash63(&exact_key(name))
}

/// Indexed in an article's `meta` field (and its quotations'): the
/// article's id, for the id sets `speaker:` and `quote:` become.
pub fn id_token(id: &str) -> String {
    format!("atlasid{}", doc_id(id))
}

/// The engine's document id of an article id (never 0).
pub fn doc_id(id: &str) -> u64 {
    hash63(id).max(1)
}

fn hash63(s: &str) -> u64 {
    let h = blake3::hash(s.as_bytes());
    let mut b = [0u8; 8];
    b.copy_from_slice(&h.as_bytes()[..8]);
    u64::from_le_bytes(b) >> 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::lang;

    #[test]
    fn encoding_is_plain_for_ascii_and_escaped_otherwise() {
        assert_eq!(encode("pakistan"), "pakistan");
        assert_eq!(encode("ж"), "_436_");
        let long = "a".repeat(41);
        let short = encode(&long);
        assert_eq!(short.len(), MAX_TOKEN);
        assert!(short.starts_with("aaaaaaaaaaaaaaaaaaaaaaaaaaaa_"));
        assert_ne!(encode(&"a".repeat(42)), short);
        assert!(encode(&"a".repeat(40)).len() <= KEEP);
    }

    #[test]
    fn values_are_separated_by_an_empty_position() {
        let mut a = analysis::text_analyzer();
        assert_eq!(
            field_text(&mut a, &["Wilder Davenport", "Ann Smith"]),
            "wilder davenport _g_ ann smith"
        );
        let long = "x".repeat(70);
        assert_eq!(field_text(&mut a, &[&format!("a {long} b")]), "a _g_ b");
        // After a CJK run (character and bigram at one tantivy position)
        // the empty position is still filled.
        let mut zh = TextAnalyzer::from(lang::ByLanguage::new(
            analysis::text_analyzer(),
            lang::tagged,
        ));
        let raw = format!("北京 a {long} b");
        let text = lang::marked(Some("zh"), &raw);
        let got = field_text(&mut zh, &[&text]);
        let words: Vec<&str> = got.split(' ').collect();
        assert_eq!(words.len(), 6, "{got}");
        assert_eq!(words[4], GAP, "{got}");
    }

    #[test]
    fn date_cover_is_exact() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(date_cover(d("2024-01-01"), d("2024-12-31")), ["dy2024"]);
        assert_eq!(
            date_cover(d("2024-05-31"), d("2025-02-01")),
            [
                "dd20240531",
                "dm202406",
                "dm202407",
                "dm202408",
                "dm202409",
                "dm202410",
                "dm202411",
                "dm202412",
                "dm202501",
                "dd20250201"
            ]
        );
        // Brute force: every day in a span is covered by exactly one token.
        let (lo, hi) = (d("2023-11-17"), d("2026-03-02"));
        let cover = date_cover(lo, hi);
        let mut day = d("2023-10-01");
        while day <= d("2026-05-01") {
            let hits = date_tokens(day)
                .iter()
                .filter(|t| cover.contains(t))
                .count();
            assert_eq!(hits, usize::from(day >= lo && day <= hi), "{day}");
            day = day.succ_opt().unwrap();
        }
    }
}
