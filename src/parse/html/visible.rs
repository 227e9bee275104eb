//! What the page shows its readers near the headline: the `<h1>`, the
//! byline, the date, the section label (kicker) and the breadcrumb. These
//! settle disagreements with the machine-readable metadata (SPEC: "What the
//! reader sees settles disagreements").

use std::sync::LazyLock;

use ego_tree::NodeId;
use regex::Regex;
use scraper::{ElementRef, Html};

use super::dom;
pub use super::marked_byline::byline;
pub(super) use super::marked_byline::full_name;
pub use super::names::{keep_name, split_byline};

/// Equal ignoring case and everything but letters and digits.
pub fn same_words(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect::<String>()
    };
    let (a, b) = (norm(a), norm(b));
    !a.is_empty() && a == b
}

/// A byline shown without a telling class: a short element beside the
/// headline (or inside one of its neighbours) that reads `By Jane Doe`,
/// `Von Anna Becker`, `Por …` — a label the byline regex knows, then
/// nothing but names.
pub fn labelled_byline(doc: &Html, h1: Option<NodeId>) -> Vec<String> {
    for near in headline_neighbours(doc, h1) {
        for el in std::iter::once(near).chain(near.descendent_elements()) {
            let text = dom::text_of(*el);
            if text.chars().count() > 80 || !BY.is_match(&text) {
                continue;
            }
            let names = split_byline(&text);
            let plain = |n: &String| keep_name(n) && !n.chars().any(|c| c.is_ascii_digit());
            if !names.is_empty() && names.iter().all(plain) {
                return names;
            }
        }
    }
    headline_neighbours(doc, h1)
        .into_iter()
        .flat_map(|near| std::iter::once(near).chain(near.descendent_elements()))
        .find_map(|el| names_after_date(&dom::text_of(*el)))
        .unwrap_or_default()
}

/// A meta line that gives the date, then the names (`04.02.2022 | 13:10
/// Uhr | Uta Helkenberg`, `11.12.2019 - Amelie Loevenich`): the names of
/// its last part, when each is a full name (two or more capitalised
/// words, written in mixed case, no colon: a place, a label such as
/// `Tags: Reisen` or `PAID CONTENT` after the date is none).
fn names_after_date(text: &str) -> Option<Vec<String>> {
    static SEP: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\s*[|·•]\s*|\s+[-–—]\s+").expect("valid regex"));
    if text.chars().count() > 80 {
        return None;
    }
    let parts: Vec<&str> = SEP.split(text).filter(|p| !p.trim().is_empty()).collect();
    let (first, last) = (parts.first()?, parts.last()?);
    if parts.len() < 2 || first.chars().count() > 30 || super::dates::find_date(first, "").is_none()
    {
        return None;
    }
    let names = split_byline(last);
    let full = |n: &String| {
        let words: Vec<&str> = n.split_whitespace().collect();
        words.len() >= 2
            && !n.contains(':')
            && n.chars().any(char::is_lowercase)
            && words.iter().all(|w| {
                w.chars().next().is_some_and(char::is_uppercase) || super::names::is_particle(w)
            })
            && keep_name(n)
            && !n.chars().any(|c| c.is_ascii_digit())
    };
    (!names.is_empty() && names.iter().all(full)).then_some(names)
}

pub(super) static BY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:by|von|por|par|door|di|av|af|от|автор:?|written by|reporting by|words by)\s+",
    )
    .expect("valid regex")
});

/// The two elements before and after the headline, and the one after the
/// box it sits in.
pub(super) fn headline_neighbours(doc: &Html, h1: Option<NodeId>) -> Vec<ElementRef<'_>> {
    let Some(h) = h1.and_then(|id| doc.tree.get(id)) else {
        return Vec::new();
    };
    let before = h.prev_siblings().filter_map(ElementRef::wrap).take(2);
    let after = h.next_siblings().filter_map(ElementRef::wrap).take(2);
    // The line after the headline's box, however deep the headline sits
    // in it (`hero > container > column > h1`, then the date bar).
    let box_after = h
        .ancestors()
        .take(6)
        .take_while(|a| {
            a.value()
                .as_element()
                .is_some_and(|e| !matches!(e.name(), "body" | "html"))
        })
        .find_map(|a| a.next_siblings().find_map(ElementRef::wrap))
        .map(first_line);
    before.chain(after).chain(box_after).collect()
}

/// An element's first line: itself when short, else its first child's
/// (a container that holds the date bar and then the story).
fn first_line(mut el: ElementRef<'_>) -> ElementRef<'_> {
    for _ in 0..8 {
        if dom::text_of(*el).chars().count() <= 200 {
            break;
        }
        match el.children().find_map(ElementRef::wrap) {
            Some(child) => el = child,
            None => break,
        }
    }
    el
}

#[cfg(test)]
#[path = "visible_tests.rs"]
mod tests;
