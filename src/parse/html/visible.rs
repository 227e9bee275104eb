//! What the page shows its readers near the headline: the `<h1>`, the
//! byline, the date, the section label (kicker) and the breadcrumb. These
//! settle disagreements with the machine-readable metadata (SPEC: "What the
//! reader sees settles disagreements").

use std::collections::HashSet;
use std::sync::LazyLock;

use ego_tree::NodeId;
use regex::Regex;
use scraper::{ElementRef, Html};

use super::dom::{self, sel};
pub use super::marked_byline::byline;
pub(super) use super::marked_byline::full_name;
pub use super::names::{keep_name, split_byline};

/// Words of containers whose bylines and dates belong to other articles
/// or to comments (`shown_dates` reads the same list).
pub(super) const ELSEWHERE: &[&str] = &[
    "related",
    "recommended",
    "similar",
    "popular",
    "mostread",
    "teaser",
    "teasers",
    "comment",
    "comments",
    "promo",
    "footer",
    "nav",
    "card",
    "cards",
    "outbrain",
];

/// Words that put a byline elsewhere, not a date: `shown_dates` decides
/// `sidebar` and `rail` by the headline's own `<article>` (its meta column),
/// and its list never held `most` and `more`.
const ELSEWHERE_FOR_BYLINES: &[&str] = &["most", "sidebar", "rail", "more"];

/// True when `el` sits in navigation, a footer or a related-articles list.
/// Only the ancestors it does not share with the headline count: a
/// `<body class="right-sidebar">` or an `<article class="… card">` that
/// holds the headline too says nothing about the byline beside it.
/// An `<aside>` inside the headline's own `<article>` (no other article
/// between) is its meta column (`<aside class="meta">Von: …`), as
/// `shown_dates` reads it.
fn elsewhere(el: &ElementRef, shared: &HashSet<NodeId>, in_article: bool, footers: bool) -> bool {
    let own: Vec<ElementRef> = el
        .ancestors()
        .filter_map(ElementRef::wrap)
        .take_while(|a| !shared.contains(&a.id()) && !matches!(a.value().name(), "body" | "html"))
        .collect();
    let same_article = in_article && own.iter().all(|a| a.value().name() != "article");
    // With `footers`, the headline's own `<article>`'s footer (`<footer
    // class="post-footer">Posted by …`) is the post's, not the site's.
    let post_footer = |a: &ElementRef| {
        let words = dom::words(a);
        let other = |w: &String| {
            ELSEWHERE
                .iter()
                .chain(ELSEWHERE_FOR_BYLINES)
                .any(|e| e == w)
        };
        footers
            && same_article
            && (a.value().name() == "footer" || words.iter().any(|w| w == "footer"))
            && !words.iter().any(|w| w != "footer" && other(w))
    };
    own.iter().filter(|a| !post_footer(a)).any(|a| {
        matches!(a.value().name(), "nav" | "footer")
            || (a.value().name() == "aside" && !same_article)
            || dom::has_word(a, ELSEWHERE)
            || dom::has_word(a, ELSEWHERE_FOR_BYLINES)
    })
}

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

/// Position of every element in document order, for "after the headline".
fn order_of(doc: &Html, id: NodeId) -> usize {
    doc.tree
        .root()
        .descendants()
        .position(|n| n.id() == id)
        .unwrap_or(0)
}

/// Elements matching `selector`, not elsewhere, the first one after the
/// headline preferred (else the first before it).
pub(super) fn near_headline<'a>(
    doc: &'a Html,
    selector: &str,
    h1: Option<NodeId>,
    footers: bool,
) -> Vec<ElementRef<'a>> {
    let h1_at = h1.map(|id| order_of(doc, id)).unwrap_or(0);
    let mut found: Vec<(usize, ElementRef)> = Vec::new();
    let mut positions = std::collections::HashMap::new();
    for (i, n) in doc.tree.root().descendants().enumerate() {
        positions.insert(n.id(), i);
    }
    let shared: HashSet<NodeId> = h1
        .and_then(|id| doc.tree.get(id))
        .map(|h| h.ancestors().map(|a| a.id()).collect())
        .unwrap_or_default();
    let in_article = h1.and_then(|id| doc.tree.get(id)).is_some_and(|h| {
        h.ancestors()
            .filter_map(ElementRef::wrap)
            .any(|a| a.value().name() == "article")
    });
    for el in doc.select(&sel(selector)).take(200) {
        if elsewhere(&el, &shared, in_article, footers) {
            continue;
        }
        let at = positions.get(&el.id()).copied().unwrap_or(0);
        found.push((at, el));
    }
    found.sort_by_key(|(at, _)| {
        (
            *at < h1_at,
            if *at < h1_at { h1_at - at } else { at - h1_at },
        )
    });
    found.into_iter().map(|(_, e)| e).collect()
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
