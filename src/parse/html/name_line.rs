//! What interrupts the names on a byline line, cut before they are split
//! into persons: a handle after a name, a posting line's date before
//! them, what ends them (a separator bar, `Updated`, a time, a date
//! — also one written with a month name, with the weekday or `le` that led
//! into it) and the job titles inside (a role, its complement, the
//! affiliation after it). Pure string functions for `names::split_byline`.

use std::sync::LazyLock;

use regex::Regex;

use super::dates::month_of;
use super::names::ROLES;

/// A posting line that gives the date before the names (`Posted on
/// September 21, 2020 by Jane Doe`, `Am 3. Mai 2021 von Anna Becker`,
/// `12.03.2020 par Louis Martin`): the short dated part before the label
/// ends nothing, the names follow it.
static DATED_BY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:(?:posted|published|written|veröffentlicht|gepostet|geschrieben|erschienen|publié|écrit|publicado|pubblicato)\s+(?:on\s+|am\s+|le\s+|el\s+|il\s+)?|(?:on|am|le|el|il)\s+)?([^|]{1,40}?)\s+(?:by|von|par|por|door|da|di)\s+(\S.*)$",
    )
    .expect("valid regex")
});

/// The names after a dated posting line's label; the line itself when it is
/// none (the part before the label must hold a date: a day's digits).
pub(super) fn after_dated_label(line: &str) -> &str {
    if super::names::LABEL.is_match(line) {
        return line;
    }
    match DATED_BY.captures(line) {
        Some(c)
            if c[1].chars().any(|ch| ch.is_ascii_digit())
                && c[1].split_whitespace().count() <= 6 =>
        {
            c.get(2).map_or(line, |m| m.as_str())
        }
        _ => line,
    }
}

/// A person's account handle after the name (`Williams Perdomo
/// @wperdomod`, `Jane Doe (@janedoe)`): not part of it. A handle alone
/// stays, to be dropped as no name.
static HANDLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\S)\s+\(?@[\w.]+\)?").expect("valid regex"));

/// The line without the handles after its names.
pub fn without_handles(line: &str) -> std::borrow::Cow<'_, str> {
    HANDLE.replace_all(line, "$1")
}

/// What ends the names on a byline line: a separator bar, a date or time,
/// `Updated`, ` - team name`, an obfuscated e-mail.
static CUT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\s*(?:[|•·]|\s[-–—](?:\s|$)|\[email|\blast\s+updated\b|\bupdated\b|\bpublished\b|\bposted\b|\bver(?:ö|oe)ffentlicht\b|\bpubliziert\b|\baktualisiert\b|\berschienen\b|\bpubli(?:é|cado|kowano)\b|\bon\s+\w+\s+\d|\bam\s+\d|\d{1,2}:\d{2}|\d{4}-\d{2}|\d{1,2}\.\d{1,2}\.\d{2,4}|\s/\s*\d|\bam\b|\bpm\b).*$",
    )
    .expect("valid regex")
});

/// The line up to what ends its names (`CUT`, or a date written with a
/// month name: `MARIA OKAFOR March 11, 2015`, `Jane Doe 11. März 2015`),
/// without the words that only led into it: a weekday (`Mi,`), a
/// separator (`//`, `/`) or a connective (`le`, `am`, `on`).
pub(super) fn cut_after_names(line: &str) -> String {
    let cut_at = CUT
        .find(line)
        .map(|m| m.start())
        .into_iter()
        .chain(month_date_at(line))
        .min();
    let Some(at) = cut_at else {
        return line.to_string();
    };
    let head = line.get(..at).unwrap_or("");
    LEAD_IN.replace(head, "").trim().to_string()
}

/// Where a date written with a month name next to its day starts
/// (`March 11`, `11. März`, `3 de mayo`).
fn month_date_at(line: &str) -> Option<usize> {
    static MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b(\p{L}{3,12})\.?\s+\d{1,2}(?:st|nd|rd|th)?\b").expect("valid regex")
    });
    static DAY_MONTH: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b\d{1,2}(?:\.|st|nd|rd|th|er)?\s+(?:de\s+)?(\p{L}{3,12})\b")
            .expect("valid regex")
    });
    MONTH_DAY
        .captures_iter(line)
        .chain(DAY_MONTH.captures_iter(line))
        .filter(|c| month_of(&c[1]).is_some())
        .filter_map(|c| c.get(0).map(|m| m.start()))
        .min()
}

/// What leads into a date after the names: separators, a weekday (a short
/// one only with its `,` or `.`: `Sun` and `Do` are surnames too), a
/// lowercase connective (`le`, `am`, `on`; `Le` is a surname).
static LEAD_IN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:\s*[,;:/|·•–—-]+|\s+(?:on|am|um|le|el|il|den|vom|du|at)|\s+(?i:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|mo|di|mi|do|fr|sa|so|lun|mar|mer|jeu|ven|sam|dim)[.,]|\s+(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lunes|martes|miércoles|jueves|viernes|sábado|domingo),?)+\s*$",
    )
    .expect("valid regex")
});

/// Separators between the persons of a byline; `,` alone may also open a
/// role or an affiliation.
static PERSON_SEP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\s*(?:,\s*(?:and|und|et|y)\s+|;|\s+(?:and|und|et|y|e)\s+|&|,)\s*")
        .expect("valid regex")
});

/// A role with a complement (`Redakteur für Wirtschaft und Umwelt`,
/// `Correspondent for Europe and Asia`): its `und`/`and` joins the
/// complement's parts, not persons.
static ROLE_COMPLEMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:für|for|of|at|on|in|im|bei|beim|de|du|des|pour|para|per|en|w|ds\.?)\b")
        .expect("valid regex")
});

/// The byline without its job titles and what hangs on them: `Dana
/// Whitfield, Senior Staff Attorney, Voting Rights, Elections, and Democracy
/// Project` → `Dana Whitfield and Democracy Project` (an affiliation runs on
/// after a role up to the next `and`, which may bring a person; `keep_name`
/// then drops the unit); `Lena Hofmann Redakteurin für Wirtschaft und
/// Umwelt` → `Lena Hofmann` (a role's complement runs on up to a `;` or
/// `, and`).
pub(super) fn without_roles(line: String) -> String {
    if !ROLES.is_match(&line) {
        return line;
    }
    // (separator before, text) pairs.
    let mut pieces: Vec<(&str, &str)> = Vec::new();
    let (mut from, mut sep) = (0, "");
    for m in PERSON_SEP.find_iter(&line) {
        pieces.push((sep, line.get(from..m.start()).unwrap_or("")));
        sep = m.as_str().trim();
        from = m.end();
    }
    pieces.push((sep, line.get(from..).unwrap_or("")));
    let mut out = String::new();
    // Inside a role: `Some(true)` when it has a complement.
    let mut role: Option<bool> = None;
    for (sep, text) in pieces {
        let new_person = sep == ";" || (!sep.is_empty() && sep != ",");
        // `, and` ends a complement too; a bare `und` joins its parts.
        let ends_complement = sep == ";" || (sep.starts_with(',') && sep.len() > 1);
        match role {
            Some(true) if !ends_complement => continue,
            Some(false) if !new_person => continue,
            _ => role = None,
        }
        let kept = match ROLES.find(text) {
            Some(m) => {
                let head = text
                    .get(..m.start())
                    .unwrap_or("")
                    .trim_end_matches([',', ' ']);
                role = Some(ROLE_COMPLEMENT.is_match(text.get(m.start()..).unwrap_or("")));
                // `Redakteurin Jane Doe`: the role before the name, where
                // a person begins (not `Jane Doe, Senior Staff Technologist`).
                let opens_person = sep.is_empty() || new_person;
                match head.split_whitespace().count() {
                    0 if !opens_person => continue,
                    0 => match name_after_role(text.get(m.end()..).unwrap_or("")) {
                        Some(name) => {
                            role = None;
                            name
                        }
                        None => continue,
                    },
                    1 => text,
                    _ => head,
                }
            }
            None => text,
        };
        if !out.is_empty() {
            out.push_str(match sep {
                ";" => "; ",
                "," | "" => ", ",
                _ => " and ",
            });
        }
        out.push_str(kept);
    }
    out
}

/// The name after a role that opens a part (`Redakteurin Jane Doe`,
/// `Rechtsanwalt Sebastian Einbock`): two to four capitalised words and
/// nothing else (a complement's `für`, `for` is lowercase), no further
/// role (`Senior Staff Attorney`).
fn name_after_role(rest: &str) -> Option<&str> {
    let rest = rest.trim_start_matches([':', ',']).trim();
    let words: Vec<&str> = rest.split_whitespace().collect();
    let capitalised = words
        .iter()
        .all(|w| w.chars().next().is_some_and(char::is_uppercase) || super::names::is_particle(w));
    ((2..=4).contains(&words.len()) && capitalised && !ROLES.is_match(rest)).then_some(rest)
}
