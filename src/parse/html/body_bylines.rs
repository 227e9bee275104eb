//! Bylines written in the body's own text rather than beside the headline:
//! a lead line (`By Jane Doe`, `Auteur : …`, `Eine Kolumne von …`) and a
//! sign-off at the end (`홍길동 기자`, `山田太郎記者`, `Autor: Jane Doe`).
//! Each gives the byline when the page shows none above the story; the
//! paragraph that holds it then leaves the body.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::names::{keep_name, split_byline, strip_label};
use super::visible::BY;

/// A byline written as the body's first lines (`<p><em>By Jane Doe</em></p>`,
/// common on blogs whose theme shows the posting account): its names and
/// the paragraph's index.
pub fn lead_byline(paragraphs: &[String]) -> Option<(Vec<String>, usize)> {
    paragraphs.iter().take(2).enumerate().find_map(|(i, p)| {
        // Any byline label (`Auteur :`, `Text:`, `Eine Kolumne von`), not
        // only `By`.
        let labelled = p.starts_with(char::is_alphabetic) && strip_label(p).len() < p.len();
        if p.chars().count() > 80 || !(BY.is_match(p) || labelled) {
            return None;
        }
        let names = split_byline(p);
        (!names.is_empty() && names.iter().all(|n| keep_name(n))).then_some((names, i))
    })
}

static KO_SIGNOFF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([가-힣]{2,4})\s*(?:기자|특파원|선임기자)").expect("valid regex")
});
static JA_SIGNOFF: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"([\p{Han}]{2,5})\s*記者").expect("valid regex"));

/// A sign-off at the end of the body (`홍길동 기자 hong@…`, `山田太郎記者`,
/// or a byline's label and the names: `Autor: Jane Doe`, `Text: Jan Roe,
/// Redner bei …`, also the label on a line of its own: `Von:` then `Götz
/// Warnke`): the names and the paragraphs that hold only the sign-off.
pub fn signoff(paragraphs: &[String]) -> Option<(Vec<String>, Range<usize>)> {
    if let [.., label, names] = paragraphs
        && label.chars().count() <= 20
        && label.starts_with(char::is_alphabetic)
        && strip_label(label).trim().is_empty()
        && let Some((names, _)) = signoff(&[format!("{label} {names}")])
    {
        return Some((names, paragraphs.len() - 2..paragraphs.len()));
    }
    let start = paragraphs.len().saturating_sub(2);
    for (i, p) in paragraphs.iter().enumerate().skip(start).rev() {
        if p.chars().count() > 100 {
            continue;
        }
        if let Some(c) = KO_SIGNOFF.captures(p).or_else(|| JA_SIGNOFF.captures(p)) {
            return Some((vec![c[1].to_string()], i..i + 1));
        }
        // A label opens the line (not a list item's `- Removed …`).
        let line = p.trim_start();
        if !line.starts_with(char::is_alphabetic) || strip_label(line).len() == line.len() {
            continue;
        }
        // What follows the first name may be a role or an affiliation.
        let names = split_byline(p);
        if names
            .first()
            .is_some_and(|n| keep_name(n) && !n.chars().any(|c| c.is_ascii_digit()))
        {
            let persons = names.into_iter().filter(|n| keep_name(n)).collect();
            return Some((persons, i..i + 1));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lead_paragraph_opened_by_any_byline_label() {
        let names = |first: &str| {
            let body = [
                first.to_string(),
                "Le braconnage menace les éléphants.".to_string(),
            ];
            lead_byline(&body).map(|(n, _)| n)
        };
        let one = |n: &str| Some(vec![n.to_string()]);
        assert_eq!(names("Auteur : Kossivi Tiassou"), one("Kossivi Tiassou"));
        assert_eq!(
            names("Blog Beitrag von Margarita Koreneva"),
            one("Margarita Koreneva")
        );
        assert_eq!(names("Text: Anna Becker"), one("Anna Becker"));
        assert_eq!(names("Von Berlin nach Hamburg in drei Stunden"), None);
        assert_eq!(names("- Removed Herobrine"), None);
    }

    #[test]
    fn a_labelled_signoff_ends_the_body() {
        let body = |last: &str| {
            vec![
                "Der Mieter muss die Glastüren entfernen.".to_string(),
                last.to_string(),
            ]
        };
        let names = |last: &str| signoff(&body(last)).map(|(n, _)| n);
        assert_eq!(
            names("Autor: Tobias Hellmann"),
            Some(vec!["Tobias Hellmann".to_string()])
        );
        assert_eq!(
            names("Autor: Samuel Diekmann (Gastbeitrag), Redner bei hochzeit.example"),
            Some(vec!["Samuel Diekmann".to_string()])
        );
        assert_eq!(names("- Removed Herobrine"), None);
        assert_eq!(names("Von Montag bis Freitag geöffnet"), None);
        assert_eq!(names("Tobias Hellmann"), None);
        let apart = ["Text.", "Von:", "Götz Warnke"].map(String::from);
        assert_eq!(signoff(&apart), Some((vec!["Götz Warnke".into()], 1..3)));
        let not_a_label = ["Text.", "Fazit", "Götz Warnke"].map(String::from);
        assert_eq!(signoff(&not_a_label), None);
    }
}
