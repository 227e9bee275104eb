//! A web byline's text to person names: the label before the names in the
//! page's language (`By`, `Von`, `Autor:`, `Autorka`, `Par`, `Por`,
//! `Door`, `Text & Fotos:` — also glued to the name, `AuthorJane Doe`),
//! what follows them (a role, a date, an e-mail, `- Chrome team`), and
//! whether what is left is a person at all (not `admin`, a handle, a
//! label alone or a sentence).

use std::sync::LazyLock;

use regex::Regex;

pub use super::name_line::without_handles;
use super::name_line::{after_dated_label, cut_after_names, without_roles};
use crate::parse::clean::{normalize_space, split_names};

/// Labels that open a byline, longest first within each language so that
/// `written by` wins over `by`. Matched case-insensitively at the start.
pub(super) static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^(?:
          (?:written|posted|reported|reporting|words|story|text|article|published|authored|compiled|edited|interview)\s+by
        | (?:eine?\s+)?(?:blog\s*|gast)?(?:beitrag|artikel|text|bericht|kommentar|interview|kolumne|glosse|analyse|reportage|essay|rezension)\s+von
        | (?:geschrieben|verfasst|veröffentlicht|erstellt|gespeichert|publiziert|eingestellt|gepostet)\s+von
        | (?:escrito|publicado|redactado|enviado)\s+por | escribe
        | (?:écrit|rédigé|publié|proposé)\s+par
        | scritto\s+da | a\s+cura\s+di
        | geschreven\s+door
        | skre[vw]et\s+a[vf] | skrivet\s+av
        | napisa(?:ł|ła|li) | opracowanie | oprac\.
        | text\s*(?:&|und|and|y|et|e|i|\+)\s*(?:fotos?|photos?|bilder?|bild|foto)
        | autor(?:in|ka|ki|zy|a|es|en|innen|e|/in|:in|\*in|\(in\))? | authors? | auteure? | autrice | autore
        | texte? | tekst | texto | testo
        | redaktion | redakcja | redacción | rédaction
        | by | von | vo | por | par | door | di | da | av | af | от | автор | текст
        | 责任编辑 | 責任編輯 | 编辑 | 編輯 | 作者 | 记者 | 記者 | 撰文 | 執筆
        )",
    )
    .expect("valid regex")
});

/// `Jane Doe (Pressesprecherin)`, `Jane Doe [Reuters]`.
static BRACKETS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s*[(\[][^)\]]*[)\]]").expect("valid regex"));

/// Job titles: a name that holds one is cut before it (`Jane Doe Senior
/// Reporter` → `Jane Doe`), a part that starts with one is dropped.
pub(super) static ROLES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:correspondent|reporter|editor|writer|columnist|contributor|producer|analyst|staff writer|journalist|photographer|chief|senior|political|bureau|minutes? read|attorney|director|professor|fellow|counsel|president|manager|coordinator|officer|intern|associate|assistant|chefredakteur(?:in)?|redakteur(?:in)?|korrespondent(?:in)?|volontär(?:in)?|pressesprecher(?:in)?|fotograf(?:in)?|journalist(?:in)?|rédacteur|rédactrice|journaliste|periodista|redactor(?:a)?|corresponsal|giornalista|dziennikar(?:z|ka)|redaktor(?:ka)?|rechtsanw(?:alt|ältin))\b",
    )
    .expect("valid regex")
});

/// Units of an organisation (`ACLU Racial Justice Program`) and
/// organisations by their legal form or kind (`Hanns-Seidel-Stiftung
/// e.V.`, `Deutscher Caritasverband`, `Ford Foundation`), as a site's
/// `<meta name=author>` often gives its owner: not persons.
static UNITS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:program|programme|project|team|department|initiative|institute|\S+redaktion|company|inc|llc|ltd|gmbh|corporation|corp|\S*stiftung|\S*verband|foundation)\b|\be\.\s?V\.?$",
    )
    .expect("valid regex")
});

/// A credential or suffix after a name, split off by its comma (`Brenda
/// Goodman, MA`, `Jane Roe, PhD`): never an author of its own.
static CREDENTIAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:MA|MD|MS|MSc|BSc|BA|PhD|Ph\.\s?D\.?|MPH|MBA|MFA|MSW|LCSW|RN|NP|DO|JD|LLM|DDS|CPA|CFA|FACP|FAAP|Esq\.?|Jr\.?|Sr\.?|II|III|IV)$",
    )
    .expect("valid regex")
});

/// Words that open a line but never a name (`Zur Artikelübersicht`,
/// `Mehr von …`, `Full Name`, `Zuletzt geändert`).
const NOT_NAMES: &[&str] = &[
    "admin",
    "administrator",
    "staff",
    "staff reports",
    "editor",
    "editors",
    "newsroom",
    "user",
    "guest",
    "anonymous",
    "and",
    "with",
    "full name",
    "name",
    "news",
    "nachrichten",
    "foto",
    "fotos",
    "photo",
    "photos",
    "bild",
    "bilder",
    "published",
    "updated",
    "publiziert",
    "veröffentlicht",
    "aktualisiert",
    "zuletzt geändert",
    "kommentar",
    "kommentare",
    "comments",
    "share",
    "teilen",
    "read more",
    "weiterlesen",
];
const NOT_FIRST_WORDS: &[&str] = &[
    "zur", "zum", "mehr", "alle", "weitere", "more", "all", "read", "see", "view", "lesen", "zu",
    "to",
];

/// Lowercase words that belong inside names (`Ludwig van Beethoven`).
const PARTICLES: &[&str] = &[
    "de", "da", "di", "del", "della", "der", "den", "van", "von", "la", "le", "du", "dos", "das",
    "bin", "ibn", "al", "el", "ter", "ten", "zu", "y", "e", "vom", "zum",
];

/// A lowercase word that belongs inside a name (`van`, `de`).
pub fn is_particle(word: &str) -> bool {
    PARTICLES.contains(&word)
}

/// The line without its opening label: `Von: Jane Doe`, `AutorinJane Doe`
/// (glued, as `<span>Autorin</span><a>Jane Doe</a>` reads), `byJane Doe`
/// → `Jane Doe`; `Byron Bee`, `Di Maio` stay.
pub fn strip_label(line: &str) -> &str {
    // Bullets and dashes before the label go; an `@` stays (a handle).
    let line = line.trim_start_matches(|c: char| c.is_whitespace() || "-–—•·|:,;*>~".contains(c));
    let Some(m) = LABEL.find(line) else {
        return line;
    };
    let label = m.as_str();
    let rest = line.get(m.end()..).unwrap_or("");
    let next = rest.chars().next();
    let separated = match next {
        None => return "",
        Some(c) if c == ':' || c == '：' || c.is_whitespace() => true,
        // Glued: only before a capital, and a short label only when it
        // is written lowercase (`byJane`, not `DiCaprio`).
        Some(c) if c.is_uppercase() => {
            label.chars().count() >= 4 || !label.chars().any(char::is_uppercase)
        }
        _ => false,
    };
    if !separated {
        return line;
    }
    // A two-letter label written capitalised is a name's first part
    // (`Di Maio`, `Da Silva`), except `By`.
    if label.chars().count() <= 2
        && label.chars().next().is_some_and(char::is_uppercase)
        && !label.eq_ignore_ascii_case("by")
    {
        return line;
    }
    rest.trim_start_matches(|c: char| c == ':' || c == '：' || c.is_whitespace())
}

/// `By Jane Doe and John Roe, CNN | Updated 10:00` → `["Jane Doe", "John Roe", "CNN"]`.
pub fn split_byline(raw: &str) -> Vec<String> {
    // `jo[at]example.org` is an address, whatever the brackets do below.
    let line = normalize_space(raw)
        .replace("[at]", "@")
        .replace("(at)", "@");
    // `Redaktion` alone is the staff byline, not a label before a name,
    // also after a label (`von Redaktion,`).
    let staff = |l: &str| {
        l.trim()
            .trim_end_matches(',')
            .eq_ignore_ascii_case("redaktion")
    };
    if staff(&line) {
        return vec![line.trim().trim_end_matches(',').to_string()];
    }
    let line = without_handles(&line);
    let line = strip_label(after_dated_label(&line));
    if staff(line) {
        return vec![line.trim().trim_end_matches(',').to_string()];
    }
    let line = BRACKETS.replace_all(line, "");
    let line = cut_after_names(&line);
    let line = without_roles(line);
    split_names(&line)
        .iter()
        .flat_map(|n| spanish_pair(n))
        .map(|n| tidy(strip_label(&n)))
        .filter(|n| !n.is_empty())
        .collect()
}

/// `Rocío Latorre y José Miguel Wilson` is two persons, where `José
/// Ortega y Gasset` is one: the Spanish `y` splits only between two full
/// names (two capitalised words each side).
fn spanish_pair(part: &str) -> Vec<String> {
    let full = |s: &str| {
        let words: Vec<&str> = s.split_whitespace().collect();
        words.len() >= 2
            && words
                .iter()
                .all(|w| w.starts_with(char::is_uppercase) || is_particle(w))
    };
    match part.split_once(" y ") {
        Some((a, b)) if full(a) && full(b) => vec![a.trim().to_string(), b.trim().to_string()],
        _ => vec![part.to_string()],
    }
}

/// One name without a trailing role (`Christoph Hein Chefredakteur`) or
/// punctuation.
fn tidy(name: &str) -> String {
    let mut name = name.trim_end_matches([':', ',']).trim();
    // `Joe S.` keeps its initial's dot; `Rodolfo Costa.` loses the stray one.
    let initial = name.split_whitespace().count() >= 2
        && name.rsplit(' ').next().is_some_and(|w| {
            let mut c = w.chars();
            c.next().is_some_and(char::is_uppercase) && c.next() == Some('.') && c.next().is_none()
        });
    if !initial {
        name = name.trim_end_matches(['.', ':', ',']).trim();
    }
    if let Some(m) = ROLES.find(name)
        && name
            .get(..m.start())
            .unwrap_or("")
            .split_whitespace()
            .count()
            >= 2
    {
        name = name
            .get(..m.start())
            .unwrap_or("")
            .trim_end_matches([',', ' ']);
    }
    name.to_string()
}

/// Keeps the names that are persons (or a shown staff/organisation byline):
/// no roles, handles, URLs, e-mail addresses, `admin`, labels
/// alone, `Staff Reports`, or a phrase with lowercase words in it.
pub fn keep_name(name: &str) -> bool {
    let lower = name.to_lowercase();
    let words: Vec<&str> = name.split_whitespace().collect();
    let first_lower = words
        .first()
        .is_some_and(|w| w.chars().next().is_some_and(char::is_lowercase));
    // `Mobasir hassan` is a name written carelessly; `stephangoeldi said`,
    // `deinen Hochzeitsbloggern`, `Ebenfalls alles Gute` are not names.
    let lowercase_inside = words
        .iter()
        .skip(1)
        .filter(|w| w.chars().next().is_some_and(char::is_lowercase) && !PARTICLES.contains(w))
        .count();
    let sentence = (first_lower && words.len() >= 2) || (lowercase_inside > 0 && words.len() >= 3);
    !(name.is_empty()
        || !name.chars().any(char::is_alphabetic)
        || name.chars().count() > 60
        || words.len() > 5
        || sentence
        // `ahiza_garcia` is a handle; `ThE_PaiN` a forum's display name.
        || (name.contains('_') && !name.chars().any(char::is_uppercase))
        // `PETA-Team` is a staff byline (SPEC: it counts); `X team` a unit.
        || (UNITS.is_match(name) && !(words.len() == 1 && lower.ends_with("-team")))
        || CREDENTIAL.is_match(name.trim())
        || name.starts_with('@')
        || lower.contains("http")
        || lower.contains("www.")
        || name.contains('@')
        || lower.contains("[at]")
        || lower.contains("(at)")
        || (words.len() == 1 && lower.contains("admin"))
        || name.chars().any(|c| c.is_ascii_digit())
        || ROLES.is_match(name)
        // `Redaktion` alone is a German site's staff byline (SPEC: a
        // staff byline counts); other labels alone are not names.
        || (strip_label(name).is_empty() && lower != "redaktion")
        || NOT_NAMES.contains(&lower.as_str())
        || words
            .first()
            .is_some_and(|w| words.len() >= 2 && NOT_FIRST_WORDS.contains(&w.to_lowercase().as_str())))
}

#[cfg(test)]
#[path = "names_tests.rs"]
mod tests;
