//! Elements near the story's headline and not in another article's box:
//! where bylines, kickers and section labels are looked for.

use std::collections::HashSet;

use ego_tree::NodeId;
use scraper::{ElementRef, Html};

use super::dom::{self, sel};

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
