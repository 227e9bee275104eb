//! Links inside the story's container: teaser cards (a linked headline
//! with its summary), "Read also" boxes, related-headline lists and one-link
//! teaser lines. Their text is mostly links; a paragraph with a few inline
//! links is not one of them.

use std::collections::HashSet;

use ego_tree::NodeId;
use ego_tree::iter::Edge;
use scraper::{ElementRef, Node};

use super::dom;

/// An `h2`–`h4` that is (mostly) a link, or sits inside one: the headline of
/// a teaser card. A heading that links only to other sites than the page's
/// own (`site`) is not one: it names an item of the story (the games, books
/// or shops a review or guide is about), not another of the site's stories.
pub(super) fn linked_heading(e: &ElementRef, site: Option<&str>) -> bool {
    if !matches!(e.value().name(), "h2" | "h3" | "h4") {
        return false;
    }
    let linked = e
        .ancestors()
        .take(4)
        .filter_map(ElementRef::wrap)
        .any(|a| a.value().name() == "a")
        || {
            let all = dom::text_of(**e).len();
            all > 0 && link_chars(e, |t| t.len()) * 10 >= all * 7
        };
    linked && !site.is_some_and(|site| links_elsewhere(e, site))
}

/// Text of the element's links, measured by `len`.
pub(super) fn link_chars(e: &ElementRef, len: impl Fn(&str) -> usize) -> usize {
    e.descendent_elements()
        .filter(|a| a.value().name() == "a")
        .map(|a| len(&dom::text_of(*a)))
        .sum()
}

/// A teaser card's text at most: a headline and a summary.
const CARD_CHARS: usize = 600;

/// Teaser cards under `root`: a linked headline with its summary, up to the
/// largest short box that holds it (and not the headline of the page).
pub(super) fn teaser_cards(
    root: ElementRef,
    h1: Option<NodeId>,
    site: Option<&str>,
) -> Vec<NodeId> {
    let holds_h1: HashSet<NodeId> = h1
        .and_then(|id| root.tree().get(id))
        .map(|n| n.ancestors().map(|a| a.id()).collect())
        .unwrap_or_default();
    root.descendent_elements()
        .filter(|h| linked_heading(h, site))
        .filter_map(|h| {
            h.ancestors()
                .filter_map(ElementRef::wrap)
                .take_while(|a| {
                    a.id() != root.id()
                        && !holds_h1.contains(&a.id())
                        && text_chars_upto(**a, CARD_CHARS) < CARD_CHARS
                })
                .last()
                .map(|a| a.id())
                .or(Some(h.id()))
        })
        .collect()
}

/// Whether every link of heading `h` (or the link around it) is absolute
/// and goes to another site than `site`.
fn links_elsewhere(h: &ElementRef, site: &str) -> bool {
    let around = h
        .ancestors()
        .take(4)
        .filter_map(ElementRef::wrap)
        .filter(|a| a.value().name() == "a");
    let inside = h.descendent_elements().filter(|a| a.value().name() == "a");
    let mut hrefs = around.chain(inside).map(|a| a.attr("href").unwrap_or(""));
    let mut any = false;
    let elsewhere = hrefs.all(|href| {
        any = true;
        site_of(href).is_some_and(|other| other != site)
    });
    any && elsewhere
}

/// The site of an absolute `http(s)` URL: its host's last two labels
/// (`news.example.com` and `www.example.com` are one site; every
/// `.co.uk` site is one too, which only keeps such links counted as the
/// page's own).
pub(super) fn site_of(url: &str) -> Option<String> {
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return None;
    }
    let host = super::fields::host_of(url)?.to_lowercase();
    let labels: Vec<&str> = host.split('.').filter(|l| !l.is_empty()).collect();
    (labels.len() >= 2).then(|| labels[labels.len() - 2..].join("."))
}

/// The characters of `node`'s text, counted up to `limit` (a card's box is
/// measured without reading the whole page under it).
fn text_chars_upto(node: ego_tree::NodeRef<Node>, limit: usize) -> usize {
    let mut n = 0;
    for d in node.descendants() {
        if let Node::Text(t) = d.value() {
            n += t
                .split_whitespace()
                .map(|w| w.chars().count() + 1)
                .sum::<usize>();
            if n >= limit {
                return n;
            }
        }
    }
    n.saturating_sub(1)
}

/// Lists and boxes of links inside the story ("Read also" blocks, related
/// headlines, tag clouds between paragraphs): their text is mostly links.
/// A paragraph with a few inline links is not one.
pub(super) fn prune_link_blocks(
    root: ElementRef,
    h1: Option<NodeId>,
    site: Option<&str>,
    pruned: &mut HashSet<NodeId>,
) {
    let mut links: HashSet<NodeId> = teaser_cards(root, h1, site).into_iter().collect();
    prune_lists(root, pruned, &mut links);
    pruned.extend(links.iter().copied());
    // A box left holding only its label ("More from Metro", "Zobacz
    // także") once its links and cards are gone.
    let boxes: Vec<NodeId> = links
        .iter()
        .filter_map(|id| root.tree().get(*id))
        .flat_map(|n| {
            n.ancestors()
                .take(2)
                .take_while(|a| a.id() != root.id())
                .collect::<Vec<_>>()
        })
        .filter(|a| {
            let kept = kept_text(*a, pruned);
            kept.chars().count() < 60 && kept.split_whitespace().count() <= 6
        })
        .map(|a| a.id())
        .collect();
    pruned.extend(boxes);
}

/// The text of `node` outside pruned subtrees.
fn kept_text(node: ego_tree::NodeRef<Node>, pruned: &HashSet<NodeId>) -> String {
    let mut out = String::new();
    let mut skip: Option<NodeId> = None;
    for edge in node.traverse() {
        match edge {
            Edge::Open(n) if skip.is_none() => {
                if pruned.contains(&n.id()) && n.id() != node.id() {
                    skip = Some(n.id());
                } else if let Node::Text(t) = n.value() {
                    out.push_str(t);
                }
            }
            Edge::Close(n) if skip == Some(n.id()) => skip = None,
            _ => {}
        }
        if out.len() > 400 {
            break;
        }
    }
    out
}

/// Link lists and teaser lines (see `prune_link_blocks`).
fn prune_lists(root: ElementRef, pruned: &HashSet<NodeId>, links: &mut HashSet<NodeId>) {
    let count = |s: &str| s.chars().count();
    for el in root.descendent_elements() {
        if !matches!(
            el.value().name(),
            "ul" | "ol" | "div" | "section" | "table" | "dl" | "p"
        ) || el.ancestors().any(|a| pruned.contains(&a.id()))
        {
            continue;
        }
        let n_links = el
            .descendent_elements()
            .filter(|a| a.value().name() == "a")
            .count();
        let all = count(&dom::text_of(*el));
        if all == 0 || n_links == 0 {
            continue;
        }
        let linked = link_chars(&el, count);
        // One link that is the whole of a short paragraph is a teaser line
        // (`<p><a>Other story</a></p>`); two or more links making up most of
        // a block are a link list.
        let teaser_line = el.value().name() == "p" && all < 160 && linked * 10 >= all * 9;
        let link_list = n_links >= 2 && linked * 10 >= all * 7 && el.value().name() != "p";
        if teaser_line || link_list {
            links.insert(el.id());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sites_of_urls() {
        assert_eq!(
            site_of("https://news.example.com/a?b").as_deref(),
            Some("example.com")
        );
        assert_eq!(
            site_of("http://www.Example.com:8080").as_deref(),
            Some("example.com")
        );
        assert_eq!(site_of("/life/story"), None);
        assert_eq!(site_of("mailto:desk@example.com"), None);
        assert_eq!(site_of("https://localhost/x"), None);
    }
}
