//! Dates as pages show them to readers, in the page's language:
//! `19. November 2019`, `2019년 11월 19일`, `2019年11月19日`,
//! `19 de novembro de 2019`, `19 ноября 2019`, `2019.11.19`, and numeric
//! `05/10/2018` read day-first unless the page is US English (then ignored).
//! Machine timestamps keep the date as written (no time-zone conversion).

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use crate::parse::date::parse_date;

/// Month names by language, each list January first; abbreviations map to
/// the same month through `month_of`.
const MONTH_NAMES: &[&[&str]] = &[
    &[
        "januar",
        "jänner",
        "janvier",
        "janeiro",
        "enero",
        "gennaio",
        "января",
        "январь",
        "jan",
    ],
    &[
        "februar",
        "février",
        "fevereiro",
        "febrero",
        "febbraio",
        "февраля",
        "февраль",
        "feb",
        "fév",
        "fev",
    ],
    &[
        "märz",
        "mars",
        "março",
        "marzo",
        "марта",
        "март",
        "mär",
        "mrz",
        "mar",
    ],
    &[
        "april",
        "avril",
        "abril",
        "aprile",
        "апреля",
        "апрель",
        "apr",
        "avr",
        "abr",
    ],
    &["mai", "maio", "mayo", "maggio", "мая", "май", "may"],
    &[
        "juni", "juin", "junho", "junio", "giugno", "июня", "июнь", "jun",
    ],
    &[
        "juli", "juillet", "julho", "julio", "luglio", "июля", "июль", "jul", "juil",
    ],
    &[
        "august",
        "août",
        "agosto",
        "августа",
        "август",
        "aug",
        "ago",
    ],
    &[
        "september",
        "septembre",
        "setembro",
        "septiembre",
        "settembre",
        "сентября",
        "сентябрь",
        "sept",
        "sep",
        "set",
    ],
    &[
        "oktober",
        "octobre",
        "outubro",
        "octubre",
        "ottobre",
        "октября",
        "октябрь",
        "okt",
        "oct",
        "out",
    ],
    &[
        "november",
        "novembre",
        "novembro",
        "noviembre",
        "ноября",
        "ноябрь",
        "nov",
    ],
    &[
        "dezember",
        "décembre",
        "dezembro",
        "diciembre",
        "dicembre",
        "декабря",
        "декабрь",
        "dez",
        "déc",
        "dic",
        "dec",
    ],
];

fn month_of(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_lowercase();
    MONTH_NAMES
        .iter()
        .position(|names| names.iter().any(|n| *n == w))
        .map(|i| i as u32 + 1)
}

static CJK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d{4})\s*[년年]\s*(\d{1,2})\s*[월月]\s*(\d{1,2})\s*[일日]").expect("valid regex")
});
/// `2019.11.19`, `2019-11-19`, `2019/11/19` (year first is unambiguous).
static YMD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{4})[./-](\d{1,2})[./-](\d{1,2})\b").expect("valid regex"));
/// `19. November 2019`, `19 de novembro de 2019`, `19 ноября 2019 г.`
static DAY_NAME_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(\d{1,2})(?:\.|st|nd|rd|th)?\s*(?:de\s+)?([\p{L}]{3,10})\.?,?\s*(?:de\s+)?(\d{4})\b")
        .expect("valid regex")
});
/// `November 19, 2019` (English, via `parse_date`).
static NAME_DAY_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
        .expect("valid regex")
});
/// `19.11.2019` (day first everywhere dots are used) and `05/10/2018`.
static NUMERIC: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{1,2})([./])(\d{1,2})[./](\d{4})\b").expect("valid regex"));

/// The date of a machine timestamp (`2019-11-19T23:30:00-05:00` → the 19th),
/// or of any form `find_date` knows.
pub fn machine_date(value: &str, lang: &str) -> Option<NaiveDate> {
    let v = value.trim();
    if let Some(d) = v
        .get(..10)
        .and_then(|p| NaiveDate::parse_from_str(p, "%Y-%m-%d").ok())
    {
        return Some(d);
    }
    parse_date(v)
        .map(|d| d.first_day())
        .or_else(|| find_date(v, lang))
}

/// The first complete date written in `text`.
pub fn find_date(text: &str, lang: &str) -> Option<NaiveDate> {
    let text = text.get(..text.len().min(400)).unwrap_or(text);
    let mut found: Vec<(usize, NaiveDate)> = Vec::new();
    let num = |s: &str| s.parse::<u32>().ok();
    for c in CJK.captures_iter(text).chain(YMD.captures_iter(text)) {
        if let (Some(y), Some(m), Some(d)) = (c.get(1), num(&c[2]), num(&c[3]))
            && let Some(date) = y
                .as_str()
                .parse()
                .ok()
                .and_then(|y| NaiveDate::from_ymd_opt(y, m, d))
        {
            found.push((y.start(), date));
        }
    }
    for c in DAY_NAME_YEAR.captures_iter(text) {
        if let (Some(d), Some(m), Ok(y)) = (num(&c[1]), month_of(&c[2]), c[3].parse())
            && let Some(date) = NaiveDate::from_ymd_opt(y, m, d)
        {
            found.push((c.get(0).map_or(0, |m| m.start()), date));
        }
    }
    for c in NAME_DAY_YEAR.captures_iter(text) {
        if let Some(date) = parse_date(&c[0]).and_then(|d| match d {
            crate::parse::date::PartialDate::Day(d) => Some(d),
            _ => None,
        }) {
            found.push((c.get(0).map_or(0, |m| m.start()), date));
        }
    }
    let us = us_english(lang);
    for c in NUMERIC.captures_iter(text) {
        if &c[2] == "/" && us {
            continue;
        }
        if let (Some(d), Some(m), Ok(y)) = (num(&c[1]), num(&c[3]), c[4].parse())
            && let Some(date) = NaiveDate::from_ymd_opt(y, m, d)
        {
            found.push((c.get(0).map_or(0, |m| m.start()), date));
        }
    }
    found.into_iter().min_by_key(|(at, _)| *at).map(|(_, d)| d)
}

/// `en`, `en-US` or no language at all: slashed numeric dates are ambiguous.
fn us_english(lang: &str) -> bool {
    let l = lang.trim().to_lowercase();
    l.is_empty() || l == "en" || l.starts_with("en-us") || l.starts_with("en_us")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        let cases = [
            ("19. November 2019, 10:31 Uhr", "de", d(2019, 11, 19)),
            ("입력 2019년 11월 19일 오전 10:00", "ko", d(2019, 11, 19)),
            ("2019年11月19日 10時", "ja", d(2019, 11, 19)),
            ("19 de novembro de 2019", "pt-BR", d(2019, 11, 19)),
            ("19 ноября 2019 г., 10:00", "ru", d(2019, 11, 19)),
            ("Published November 19, 2019", "en", d(2019, 11, 19)),
            ("05/10/2018", "en-GB", d(2018, 10, 5)),
            ("05/10/2018", "en-US", None),
            ("19.11.2019", "de", d(2019, 11, 19)),
            ("19.nov.2019 às 22h30", "pt-BR", d(2019, 11, 19)),
            ("기사입력 2019.11.19 10:00", "ko", d(2019, 11, 19)),
        ];
        for (text, lang, want) in cases {
            assert_eq!(find_date(text, lang), want, "{text}");
        }
        assert_eq!(
            machine_date("2019-11-19T23:30:00-05:00", "en"),
            d(2019, 11, 19)
        );
    }
}
