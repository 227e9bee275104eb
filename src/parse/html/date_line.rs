//! A line at the top of a body that only dates the story (`Published July
//! 14, 2021`): the page's date is the article's own field, so the line is
//! furniture there.

use super::dates::{find_date, month_of};

/// Words a line that only dates the story may hold beside the date's own
/// numbers and month: its label, weekday, clock and zone, in the archive's
/// languages (`Published July 14, 2021`, `Mi, 18. Oktober 2023 um 12:50
/// Uhr`, `Stand: 07.11.2023, 07:30 Uhr`, `Publicado: Jueves, 21 Abril 2022`).
const DATE_LINE_WORDS: &[&str] = &[
    "published",
    "updated",
    "posted",
    "last",
    "on",
    "at",
    "am",
    "pm",
    "veröffentlicht",
    "aktualisiert",
    "zuletzt",
    "stand",
    "erstellt",
    "um",
    "uhr",
    "publié",
    "mis",
    "à",
    "jour",
    "le",
    "publicado",
    "actualizado",
    "el",
    "de",
    "opublikowano",
    "zaktualizowano",
    "gmt",
    "utc",
    "cet",
    "cest",
    "est",
    "edt",
    "pst",
    "pdt",
    "bst",
    "ist",
    "mez",
    "mesz",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "wed",
    "thu",
    "fri",
    "sat",
    "sun",
    "montag",
    "dienstag",
    "mittwoch",
    "donnerstag",
    "freitag",
    "samstag",
    "sonntag",
    "mo",
    "di",
    "mi",
    "do",
    "fr",
    "sa",
    "so",
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    "lunes",
    "martes",
    "miércoles",
    "jueves",
    "viernes",
    "sábado",
    "domingo",
];

/// Whether `line` only dates the story (its label, the date, a weekday and
/// a time): a line the page's date already holds, not the story's text.
pub fn date_line(line: &str, lang: &str) -> bool {
    line.chars().count() <= 60
        && find_date(line, lang).is_some()
        && line
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .all(|w| {
                let lower = w.to_lowercase();
                w.chars().all(|c| c.is_ascii_digit())
                    || month_of(w).is_some()
                    || DATE_LINE_WORDS.contains(&lower.as_str())
            })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_that_only_date_the_story() {
        for (line, lang) in [
            ("Published July 14, 2021", "en"),
            ("Updated June 13, 2019", "en"),
            ("Mi, 18. Oktober 2023 um 12:50 Uhr", "de"),
            ("Stand: 07.11.2023, 07:30 Uhr", "de"),
            ("Veröffentlicht: 24. Oktober 2022", "de"),
            ("jeudi 13 juin 2019", "fr"),
            ("Publicado: Jueves, 21 Abril 2022 04:45", "es"),
            ("31.10.2023 14:08", "de"),
        ] {
            assert!(date_line(line, lang), "{line}");
        }
        for (line, lang) in [
            // A dateline names a place: the story's first words.
            ("Hamburg, 2. November 2021", "de"),
            ("On July 14, 2021, the council voted again.", "en"),
            ("Published", "en"),
            ("2021", "en"),
        ] {
            assert!(!date_line(line, lang), "{line}");
        }
    }
}
