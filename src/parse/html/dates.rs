//! Dates as pages show them to readers, in the page's language:
//! `19. November 2019`, `2019년 11월 19일`, `2019年11月19日`,
//! `19 de novembro de 2019`, `19 ноября 2019`, `2019.11.19`, and numeric
//! `05/10/2018` read day-first unless the page is US English (then ignored).
//! Machine timestamps keep the date as written (no time-zone conversion).

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;

use crate::parse::date::parse_date;

/// Month names by language, each list January first; abbreviations map to
/// the same month through `month_of`.
const MONTH_NAMES: &[&[&str]] = &[
    &[
        "januar",
        "january",
        "jänner",
        "janvier",
        "janeiro",
        "enero",
        "gennaio",
        "января",
        "январь",
        "jan",
        "stycznia",
        "styczeń",
        "ledna",
        "leden",
        "januari",
        "január",
        "janv",
        "ocak",
    ],
    &[
        "februar",
        "february",
        "février",
        "fevereiro",
        "febrero",
        "febbraio",
        "февраля",
        "февраль",
        "feb",
        "fév",
        "fev",
        "lutego",
        "luty",
        "února",
        "únor",
        "februari",
        "február",
        "févr",
        "şubat",
    ],
    &[
        "märz",
        "march",
        "mars",
        "março",
        "marzo",
        "марта",
        "март",
        "mär",
        "mrz",
        "mar",
        "marca",
        "marzec",
        "března",
        "březen",
        "maart",
        "marts",
        "március",
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
        "kwietnia",
        "kwiecień",
        "dubna",
        "duben",
        "április",
        "nisan",
    ],
    &[
        "mai", "maio", "mayo", "maggio", "мая", "май", "may", "maja", "maj", "května", "květen",
        "mei", "május", "mayıs",
    ],
    &[
        "juni", "june", "juin", "junho", "junio", "giugno", "июня", "июнь", "jun", "czerwca",
        "czerwiec", "června", "červen", "június", "haziran",
    ],
    &[
        "juli",
        "july",
        "juillet",
        "julho",
        "julio",
        "luglio",
        "июля",
        "июль",
        "jul",
        "juil",
        "lipca",
        "lipiec",
        "července",
        "červenec",
        "július",
        "temmuz",
    ],
    &[
        "august",
        "août",
        "agosto",
        "августа",
        "август",
        "aug",
        "ago",
        "sierpnia",
        "sierpień",
        "srpna",
        "srpen",
        "augustus",
        "augusti",
        "augusztus",
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
        "września",
        "wrzesień",
        "září",
        "szeptember",
        "eylül",
    ],
    &[
        "oktober",
        "october",
        "octobre",
        "outubro",
        "octubre",
        "ottobre",
        "октября",
        "октябрь",
        "okt",
        "oct",
        "out",
        "października",
        "październik",
        "října",
        "říjen",
        "október",
        "ekim",
    ],
    &[
        "november",
        "novembre",
        "novembro",
        "noviembre",
        "ноября",
        "ноябрь",
        "nov",
        "listopada",
        "listopad",
        "listopadu",
        "kasım",
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
        "grudnia",
        "grudzień",
        "prosince",
        "prosinec",
        "december",
        "aralık",
    ],
];

pub(super) fn month_of(word: &str) -> Option<u32> {
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
/// `19. November 2019`, `19 de novembro de 2019`, `19 ноября 2019 г.`,
/// `1er janvier 2020`, `19 października 2019`.
static DAY_NAME_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(\d{1,2})(?:\.|st|nd|rd|th|er)?\s*(?:de\s+)?([\p{L}]{3,13})\.?,?\s*(?:de\s+)?(\d{4})\b")
        .expect("valid regex")
});
/// `2019. november 19.` (Hungarian), `2019 November 19`.
static YEAR_NAME_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(\d{4})\.?\s+([\p{L}]{3,13})\.?\s+(\d{1,2})\b").expect("valid regex")
});
/// `31.10.23` (a two-digit year, day first, as German pages write it), not
/// part of a longer dotted number (`4.47.4.1`).
static NUMERIC_SHORT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\d.])(\d{1,2})\.(\d{1,2})\.(\d{2})(?:$|[^\d.]|\.(?:\s|$))")
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
    // Only a whole day: `2019` alone or `2019-05` is not a publication date.
    parse_date(v)
        .and_then(|d| match d {
            crate::parse::date::PartialDate::Day(d) => Some(d),
            _ => None,
        })
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
    for c in YEAR_NAME_DAY.captures_iter(text) {
        if let (Ok(y), Some(m), Some(d)) = (c[1].parse(), month_of(&c[2]), num(&c[3]))
            && let Some(date) = NaiveDate::from_ymd_opt(y, m, d)
        {
            found.push((c.get(0).map_or(0, |m| m.start()), date));
        }
    }
    for c in NUMERIC_SHORT.captures_iter(text) {
        if let (Some(d), Some(m), Some(y)) = (num(&c[1]), num(&c[2]), num(&c[3]))
            && let Some(date) = NaiveDate::from_ymd_opt(short_year(y), m, d)
        {
            found.push((c.get(1).map_or(0, |m| m.start()), date));
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

/// `23` → 2023, `98` → 1998: a two-digit year up to next year's is this
/// century's.
fn short_year(yy: u32) -> i32 {
    let next = (chrono::Utc::now().year() + 1) % 100;
    let yy = yy as i32;
    if yy <= next { 2000 + yy } else { 1900 + yy }
}

/// A date after a word that says it is the publication date, anywhere in
/// the page's text: `Erschienen am: 01.11.2023`, `Pressemitteilung vom
/// 20.01.2022`, `Veröffentlicht am 4. Februar 2022`, `Mise en ligne 23 mai
/// 2019`, `Published on March 3, 2020`, `Opublikowano: 19 listopada 2019`.
pub fn labelled_date(text: &str, lang: &str) -> Option<NaiveDate> {
    static LABEL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:erschienen|erstellt|eingestellt|ver(?:ö|oe)ffentlicht|ver(?:ö|oe)ffentlichung|publiziert|gepostet|pressemitteilung|datum|published|posted|publication date|date published|publié|mis en ligne|mise en ligne|publicado|publicada|fecha|pubblicato|opublikowano|data publikacji|gepubliceerd|publicerad|publiceret|publisert)(?:\s+(?:am|vom|on|le|el|il|op|den|dnia))?\s*[:.]?\s*").expect("valid regex")
    });
    date_after(&LABEL, text, lang).or_else(|| posted_sentence(text, lang))
}

/// The sentence an old WordPress theme writes under each post: `This entry
/// was posted on Wednesday, May 19th, 2010 at 11:03 pm`, `Literatur und
/// Typografie wurde am 19. Mai 2010 um 23:03 Uhr gepostet` (the verb after
/// the date, so `wurde am` alone, which any sentence may hold, is not
/// enough).
fn posted_sentence(text: &str, lang: &str) -> Option<NaiveDate> {
    static POSTED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\bentry\s+was\s+posted\s+on\s+(?:\p{L}+,\s*)?|\bwurde\s+am\s+")
            .expect("valid regex")
    });
    static THEN_VERB: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^.{0,60}?\b(?:gepostet|ver(?:ö|oe)ffentlicht|publiziert|geschrieben|eingestellt|erstellt)\b")
            .expect("valid regex")
    });
    POSTED.find_iter(text).take(20).find_map(|m| {
        let head: String = text.get(m.end()..)?.chars().take(40).collect();
        let digits_at = head.find(|c: char| c.is_ascii_digit())?;
        let date = (digits_at <= 12)
            .then(|| find_date(&head, lang))
            .flatten()?;
        let german = m.as_str().to_lowercase().starts_with("wurde");
        let rest: String = text.get(m.end()..)?.chars().take(80).collect();
        (!german || THEN_VERB.is_match(&rest)).then_some(date)
    })
}

/// A date after a word that says it is the date of a change, anywhere in
/// the page's text: `Letzte Änderung: 14.01.2022`, `Aktualisiert am
/// 17.01.2021`, a wiki's `Diese Seite wurde zuletzt am 29. Januar 2020 …
/// geändert` or `This page was last edited on 3 May 2021`. The page's date
/// when it shows no other.
pub fn change_date(text: &str, lang: &str) -> Option<NaiveDate> {
    static LABEL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:letzte\s+änderung|zuletzt\s+geändert|zuletzt\s+aktualisiert|aktualisiert|geändert|zuletzt|stand|last\s+updated|updated|last\s+modified|last\s+edited|last\s+changed|mis\s+à\s+jour|modifié|actualizado|actualizada|aggiornato|zaktualizowano|bijgewerkt)(?:\s+(?:am|vom|on|le|el|il|op|den|dnia))?\s*[:.]?\s*").expect("valid regex")
    });
    date_after(&LABEL, text, lang)
}

/// The date that opens what follows one of `label`'s first 20 matches.
fn date_after(label: &Regex, text: &str, lang: &str) -> Option<NaiveDate> {
    label.find_iter(text).take(20).find_map(|m| {
        let head: String = text.get(m.end()..)?.chars().take(40).collect();
        // The date must open what follows the label.
        let digits_at = head.find(|c: char| c.is_ascii_digit())?;
        (digits_at <= 12).then(|| find_date(&head, lang)).flatten()
    })
}

/// `en`, `en-US` or no language at all: slashed numeric dates are ambiguous.
fn us_english(lang: &str) -> bool {
    let l = lang.trim().to_lowercase();
    l.is_empty() || l == "en" || l.starts_with("en-us") || l.starts_with("en_us")
}

#[cfg(test)]
#[path = "dates_tests.rs"]
mod tests;
