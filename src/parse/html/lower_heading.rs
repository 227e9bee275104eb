//! The story's headline in an `<h2>`/`<h3>` under a section's `<h1>`
//! (`<h1>Literatur</h1>` then `<h2>30.11. | Buch der Woche</h2>`): the
//! declared title is that heading plus the site's or the author's part
//! (`30.11. | Buch der Woche - Nikole Hannah-Jones • 1619`,
//! `Outdoornews - Hochauflösende Schneekarten`), so the heading that makes
//! up one end of it, cut at a separator, is the headline. Also the
//! `<h2>`/`<h3>` that shows a declared title whole.

use scraper::{ElementRef, Html, Selector};

use super::dom;
use super::title::{letters, similarity};
use crate::parse::clean;

const SEPARATORS: [&str; 6] = [" | ", " - ", " – ", " — ", " :: ", " · "];

/// The first `<h2>`/`<h3>` of three words or more that is one end of a
/// declared title, cut at a separator.
pub fn segment_heading<'a>(doc: &'a Html, declared: &[String]) -> Option<ElementRef<'a>> {
    let headings = Selector::parse("h2, h3").expect("valid selector");
    doc.select(&headings).take(100).find(|h| {
        let text = dom::text_of(**h);
        text.split_whitespace().count() >= 3 && declared.iter().any(|d| one_end(d, &text))
    })
}

/// Whether `title` is `part`, a separator and more, or more, a separator
/// and `part`.
pub fn one_end(title: &str, part: &str) -> bool {
    let (title, part) = (
        clean::normalize_space(title).to_lowercase(),
        clean::normalize_space(part).to_lowercase(),
    );
    SEPARATORS.iter().any(|sep| {
        title
            .strip_prefix(part.as_str())
            .is_some_and(|rest| rest.starts_with(sep))
            || title
                .strip_suffix(part.as_str())
                .is_some_and(|rest| rest.ends_with(sep))
    })
}

/// The `<h2>`/`<h3>` that shows a declared title whole.
pub fn shown_heading<'a>(doc: &'a Html, declared: &[String]) -> Option<ElementRef<'a>> {
    doc.select(&Selector::parse("h2, h3").expect("valid selector"))
        .take(100)
        .find(|h| {
            let text = dom::text_of(**h);
            let n = letters(&text).len();
            declared.iter().any(|d| {
                let m = letters(d).len();
                n * 10 >= m * 9 && m * 10 >= n * 9 && similarity(&text, d) >= 0.9
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_end_of_the_declared_title() {
        assert!(one_end(
            "30.11. | Buch der Woche - Nikole Hannah-Jones • 1619",
            "30.11. | Buch der Woche"
        ));
        assert!(one_end(
            "Outdoornews - Hochauflösende Schneekarten auf Gipfelbuch.ch",
            "Hochauflösende Schneekarten auf Gipfelbuch.ch"
        ));
        assert!(!one_end("Die Schneemaske und mehr", "Die Schneemaske"));
        assert!(!one_end("Outdoornews - Schneekarten", "Schnee"));
    }
}
