//! Dates as newsrooms write them, and where an article's date comes from.
//!
//! `parse_date` is shared with the search side (`--since`/`--until`), so it
//! keeps the precision it was given: `2024-06` is a month, not June 1st, and
//! the caller decides whether that means the first or the last day. The
//! finders below (`path_date`, `dateline_date`, `latest_text_date`) are the
//! resolution steps after an explicit date; they only ever return valid
//! calendar dates, and never guess at ambiguous numeric forms (`06/07/2024`).

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::{Captures, Regex};

use super::ParseOptions;

/// A date with the precision it was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartialDate {
    Day(NaiveDate),
    Month { year: i32, month: u32 },
    Year(i32),
}

impl PartialDate {
    /// The first day of the period (what an article's partial date is stored as).
    pub fn first_day(&self) -> NaiveDate {
        match *self {
            PartialDate::Day(d) => d,
            PartialDate::Month { year, month } => ymd_clamped(year, month.clamp(1, 12), 1),
            PartialDate::Year(year) => ymd_clamped(year, 1, 1),
        }
    }

    /// The last day of the period (so `--until 2024-06` includes June 30th).
    pub fn last_day(&self) -> NaiveDate {
        match *self {
            PartialDate::Day(d) => d,
            PartialDate::Month { year, month } => {
                let month = month.clamp(1, 12);
                let next = if month == 12 {
                    NaiveDate::from_ymd_opt(year.saturating_add(1), 1, 1)
                } else {
                    NaiveDate::from_ymd_opt(year, month + 1, 1)
                };
                // The fields are public, so a hand-built value may lie outside
                // chrono's range; clamp rather than panic.
                next.and_then(|d| d.pred_opt())
                    .unwrap_or_else(|| ymd_clamped(year, month, 28))
            }
            PartialDate::Year(year) => ymd_clamped(year, 12, 31),
        }
    }
}

/// `from_ymd_opt`, falling back to chrono's extremes for out-of-range years.
fn ymd_clamped(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or(if year > 0 {
        NaiveDate::MAX
    } else {
        NaiveDate::MIN
    })
}

/// Month names and the abbreviations newsrooms use, longest first so the
/// alternation never stops at a prefix (`Sept` before `Sep`).
const MONTHS: &str = "january|february|march|april|may|june|july|august|september|october|november|december|sept|jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec";

/// The same list capitalised: in running text only `June 5, 2024` counts,
/// not `june` (and never the verb in "may 5 2024 …").
const MONTHS_CAPITALISED: &str = "January|February|March|April|May|June|July|August|September|October|November|December|Sept|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec";

/// `2024-06-24`, optionally followed by a time and zone (RFC 3339, or the
/// `2024-06-24 10:00:00` most databases print). The zone is accepted but
/// never applied: the date is taken as written.
static ISO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(\d{4})-(\d{1,2})-(\d{1,2})(?:[t ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(?:z|[+-]\d{2}(?::?\d{2})?|utc|gmt)?)?$",
    )
    .expect("valid regex")
});
/// Year-first with slashes is unambiguous, unlike `06/07/2024`.
static YMD_SLASH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{4})/(\d{1,2})/(\d{1,2})$").expect("valid regex"));
static YMD_COMPACT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{4})(\d{2})(\d{2})$").expect("valid regex"));
/// ISO 8601 basic with a time, as NITF and NewsML write it:
/// `20240624T103000Z`, `20240624T1030+0100`; the zone is not applied.
static ISO_BASIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(\d{4})(\d{2})(\d{2})t(\d{2})(\d{2})(\d{2})?(?:[.,]\d+)?(?:z|[+-]\d{2}(?::?\d{2})?)?$")
        .expect("valid regex")
});
static YEAR_MONTH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{4})[-/](\d{1,2})$").expect("valid regex"));
static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(\d{4})$").expect("valid regex"));

/// RFC 2822 and human forms may open with a weekday (`Mon, 24 Jun 2024`).
static WEEKDAY_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues|tue|wed|thurs|thur|thu|fri|sat|sun)\b\.?,?\s*",
    )
    .expect("valid regex")
});
/// …and close with a time and zone (`10:00:00 +0000`, `3:30 p.m. EST`).
static TIME_SUFFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i),?\s+(?:at\s+)?\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?(?:\s*(?:[+-]\d{2}:?\d{2}|[a-z]{1,5}))?$",
    )
    .expect("valid regex")
});
static MDY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^({MONTHS})\b\.?\s*(\d{{1,2}})(?:st|nd|rd|th)?,?\s*(\d{{4}})$"
    ))
    .expect("valid regex")
});
static DMY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^(\d{{1,2}})(?:st|nd|rd|th)?\s*(?:of\s+)?({MONTHS})\b\.?,?\s*(\d{{4}})$"
    ))
    .expect("valid regex")
});
static MY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)^({MONTHS})\b\.?,?\s*(\d{{4}})$")).expect("valid regex")
});

/// Parses every date form of the spec; `None` for anything else, including
/// impossible dates (`2024-13-45`, `February 30, 2024`).
pub fn parse_date(s: &str) -> Option<PartialDate> {
    // NBSPs and doubled spaces are common in scraped text; a final full stop
    // ("June 24, 2024.") is not part of the date.
    let normalised = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let s = normalised.trim_end_matches('.').trim();
    if s.is_empty() || s.len() > 100 {
        return None;
    }
    if let Some(date) = plain_iso_day(s) {
        return date;
    }
    if let Some(c) = ISO.captures(s) {
        if let (Some(h), Some(m)) = (c.get(4), c.get(5)) {
            let valid_time = h.as_str().parse::<u32>().is_ok_and(|h| h < 24)
                && m.as_str().parse::<u32>().is_ok_and(|m| m < 60)
                && c.get(6)
                    .is_none_or(|s| s.as_str().parse::<u32>().is_ok_and(|s| s <= 60));
            if !valid_time {
                return None;
            }
        }
        return day_from(&c, 1, 2, 3);
    }
    if let Some(c) = ISO_BASIC.captures(s) {
        let valid_time = num(&c, 4).is_some_and(|h| h < 24)
            && num(&c, 5).is_some_and(|m| m < 60)
            && c.get(6).is_none_or(|_| num(&c, 6).is_some_and(|s| s <= 60));
        return if valid_time {
            day_from(&c, 1, 2, 3)
        } else {
            None
        };
    }
    for re in [&*YMD_SLASH, &*YMD_COMPACT] {
        if let Some(c) = re.captures(s) {
            return day_from(&c, 1, 2, 3);
        }
    }
    if let Some(c) = YEAR_MONTH.captures(s) {
        let year = num(&c, 1)?;
        let month = u32::try_from(num(&c, 2)?).ok()?;
        return (1..=12)
            .contains(&month)
            .then_some(PartialDate::Month { year, month });
    }
    if let Some(c) = YEAR.captures(s) {
        return Some(PartialDate::Year(num(&c, 1)?));
    }

    let s = match WEEKDAY_PREFIX.find(s) {
        Some(m) => s.get(m.end()..).unwrap_or(""),
        None => s,
    };
    let s = match TIME_SUFFIX.find(s) {
        Some(m) => s.get(..m.start()).unwrap_or(""),
        None => s,
    };
    if let Some(c) = MDY.captures(s) {
        return day(num(&c, 3)?, month_number(c.get(1)?.as_str())?, num(&c, 2)?);
    }
    if let Some(c) = DMY.captures(s) {
        return day(num(&c, 3)?, month_number(c.get(2)?.as_str())?, num(&c, 1)?);
    }
    if let Some(c) = MY.captures(s) {
        let month = month_number(c.get(1)?.as_str())?;
        return Some(PartialDate::Month {
            year: num(&c, 2)?,
            month,
        });
    }
    None
}

fn num(c: &Captures, i: usize) -> Option<i32> {
    c.get(i)?.as_str().parse().ok()
}

fn day(year: i32, month: u32, day: i32) -> Option<PartialDate> {
    let day = u32::try_from(day).ok()?;
    NaiveDate::from_ymd_opt(year, month, day).map(PartialDate::Day)
}

/// `2024-06-22` without the regexes: the form every `--since` and most
/// metadata use, and compiling `ISO` costs more than a whole search
/// (~4M instructions). `None` when `s` is not of that form; what `ISO`
/// would have made of it otherwise.
fn plain_iso_day(s: &str) -> Option<Option<PartialDate>> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    let shaped = b.len() == 10 && b[4] == b'-' && b[7] == b'-';
    if !shaped || !digits(0..4) || !digits(5..7) || !digits(8..10) {
        return None;
    }
    let n = |r: std::ops::Range<usize>| s[r].parse::<u32>().ok();
    Some(day(n(0..4)? as i32, n(5..7)?, n(8..10)? as i32))
}

fn day_from(c: &Captures, y: usize, m: usize, d: usize) -> Option<PartialDate> {
    day(num(c, y)?, u32::try_from(num(c, m)?).ok()?, num(c, d)?)
}

/// `"Sept"` → 9; matched on the first three letters, case-insensitively.
fn month_number(name: &str) -> Option<u32> {
    let prefix: String = name.chars().take(3).collect::<String>().to_lowercase();
    let n = match prefix.as_str() {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    Some(n)
}

/// Path components that open with a date: `2024-06-24-slug.txt`,
/// `2024-06-24/`, `20240624-slug.txt`, `20240624/`. Two patterns, so that a
/// mixed `2024-0624` is not taken for a date.
static PATH_DASHED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{4})-(\d{2})-(\d{2})(?:[-_. ]|$)").expect("valid regex"));
static PATH_COMPACT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{4})(\d{2})(\d{2})(?:[-_. ]|$)").expect("valid regex"));
static PATH_YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\d{4}$").expect("valid regex"));
static PATH_MONTH_OR_DAY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d{1,2}$").expect("valid regex"));

/// The date a path carries, if it carries a valid complete one. Where a
/// path holds several (an archive folder and a dated file name), the one
/// nearest the file wins: it describes the article, the folder a batch.
pub fn path_date(rel_path: &str) -> Option<NaiveDate> {
    let parts: Vec<&str> = rel_path.split('/').collect();
    let mut found = None;
    for (i, part) in parts.iter().enumerate() {
        // `YYYY/MM/DD/` as three components.
        if let [y, m, d, ..] = parts.get(i..).unwrap_or(&[])
            && PATH_YEAR.is_match(y)
            && PATH_MONTH_OR_DAY.is_match(m)
            && PATH_MONTH_OR_DAY.is_match(d)
            && let Some(date) = ymd_str(y, m, d)
        {
            found = Some(date);
        }
        for re in [&*PATH_DASHED, &*PATH_COMPACT] {
            if let Some(c) = re.captures(part)
                && let (Some(y), Some(m), Some(d)) = (c.get(1), c.get(2), c.get(3))
                && let Some(date) = ymd_str(y.as_str(), m.as_str(), d.as_str())
            {
                found = Some(date);
            }
        }
    }
    found
}

fn ymd_str(y: &str, m: &str, d: &str) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// Separators a dateline may trail (`June 24, 2024 —`).
const DATELINE_TRAILERS: &[char] = &['—', '–', '-', ':', '|', ' ', '\u{a0}'];

/// Whether a dateline or text date is plausible: not before the earliest
/// year (1800, or `atlas.toml`'s), not after the day of indexing.
fn plausible(date: NaiveDate, opts: &ParseOptions) -> bool {
    date.year() >= opts.earliest_year && date <= opts.today
}

/// The body's first non-blank line, when that line holds only a complete,
/// plausible date.
pub fn dateline_date(body: &str, opts: &ParseOptions) -> Option<NaiveDate> {
    let first = body.lines().map(str::trim).find(|l| !l.is_empty())?;
    let candidate = first.trim_end_matches(DATELINE_TRAILERS).trim();
    parse_date(candidate)
        .map(|d| d.first_day())
        .filter(|d| plausible(*d, opts))
}

static TEXT_MDY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b({MONTHS_CAPITALISED})\b\.?[^\S\n]+(\d{{1,2}})(?:st|nd|rd|th)?,?[^\S\n]+(\d{{4}})\b"
    ))
    .expect("valid regex")
});
static TEXT_DMY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b(\d{{1,2}})(?:st|nd|rd|th)?[^\S\n]+(?:of[^\S\n]+)?({MONTHS_CAPITALISED})\b\.?,?[^\S\n]+(\d{{4}})\b"
    ))
    .expect("valid regex")
});
static TEXT_ISO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{4})-(\d{2})-(\d{2})\b").expect("valid regex"));

/// What follows a four-digit number that makes it a time of day, not a
/// year: `1400 GMT`, `0930 BST`, `1700 hrs`, `2100h`.
static TIME_OF_DAY_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[^\S\n]*(?:GMT|BST|UTC|CET|CEST|EST|EDT|CST|CDT|PST|PDT|IST|JST|AEST|AEDT|[A-Z]{2,4}T\b|hrs\b|hours\b|h\b|local time\b)",
    )
    .expect("valid regex")
});

/// The year group `year` of `c` is a time of day (`26 February 1400 GMT`).
fn is_time_of_day(body: &str, c: &Captures, year: usize) -> bool {
    c.get(year)
        .is_some_and(|y| TIME_OF_DAY_AFTER.is_match(&body[y.end()..]))
}

/// The latest complete day-month-year date mentioned in `body`, written on
/// one line. Bare years and months do not count, nor slash dates (their
/// order is ambiguous), four-digit times of day, or implausible dates
/// (before the earliest year, after the day of indexing).
pub fn latest_text_date(body: &str, opts: &ParseOptions) -> Option<NaiveDate> {
    let mdy = TEXT_MDY
        .captures_iter(body)
        .filter(|c| !is_time_of_day(body, c, 3))
        .filter_map(|c| day(num(&c, 3)?, month_number(c.get(1)?.as_str())?, num(&c, 2)?));
    let dmy = TEXT_DMY
        .captures_iter(body)
        .filter(|c| !is_time_of_day(body, c, 3))
        .filter_map(|c| day(num(&c, 3)?, month_number(c.get(2)?.as_str())?, num(&c, 1)?));
    let iso = TEXT_ISO
        .captures_iter(body)
        .filter_map(|c| day_from(&c, 1, 2, 3));
    mdy.chain(dmy)
        .chain(iso)
        .map(|d| d.first_day())
        .filter(|d| plausible(*d, opts))
        .max()
}

#[cfg(test)]
#[path = "date_tests.rs"]
mod tests;
