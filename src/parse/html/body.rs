//! The article's body: the text a reader reads after the headline, without
//! the page's furniture.
//!
//! Three passes over the DOM. Paragraphs (`p`, `blockquote`, `pre`, text-
//! heavy `div`s) with little link text score their length on their nearest
//! ancestors; elements that are furniture by tag (`nav`, `aside`, `footer`…)
//! or by class/id (`related`, `share`, `cookie`, `newsletter`, `byline`…) are
//! pruned unless they hold most of the page's paragraph text (a wrapper
//! named `page-with-sidebar` is not a sidebar); the root is then the deepest
//! element holding ≥ 70 % of what remains — robust to bodies split into one
//! block per paragraph (BBC) and to live blogs. The text is what follows the
//! `<h1>` inside the root, plus a standfirst or lead caption between the two.

use std::collections::{HashMap, HashSet};

use ego_tree::NodeId;
use ego_tree::iter::Edge;
use scraper::{ElementRef, Html, Node};

use super::dom::{self, BLOCKS, FURNITURE_TAGS, NEVER_TEXT, STANDFIRST_WORDS};
use crate::parse::clean::normalize_space;

/// How far up a paragraph's length is credited (bounds the work on a page
/// nested 100k levels deep; article roots sit a few levels above their text).
const CREDIT_LEVELS: usize = 40;

/// Lines that are furniture wherever they appear.
const FURNITURE_LINES: &[&str] = &[
    "advertisement",
    "skip advertisement",
    "continue reading the main story",
    "story continues below advertisement",
    "supported by",
    "share this article",
    "share",
    "read more",
    "related",
    "more on this story",
    "sign up",
    "listen to this article",
    "image",
    "enlarge this image",
    "toggle caption",
    "hide caption",
    "loading...",
    "share this",
    "share this story",
    "share this post",
    "share on facebook",
    "share on twitter",
    "facebook",
    "twitter",
    "x",
    "email",
    "e-mail",
    "whatsapp",
    "linkedin",
    "pinterest",
    "reddit",
    "print",
    "copy link",
    "publicidade",
    "publicidad",
    "publicité",
    "pubblicità",
    "anzeige",
    "werbung",
    "reklama",
    "реклама",
    "광고",
    "広告",
];
const FURNITURE_PREFIXES: &[&str] = &[
    "read more:",
    "related:",
    "see also:",
    "read also:",
    "watch:",
];

pub struct Extracted {
    pub paragraphs: Vec<String>,
    /// Paragraph text (characters) the root holds.
    pub good_chars: usize,
    /// Linked `h2`–`h4` inside the root: teaser cards of a listing.
    pub linked_headings: usize,
}

struct Scores {
    agg: HashMap<NodeId, usize>,
    depth: HashMap<NodeId, usize>,
    total: usize,
}

pub fn extract(doc: &Html, h1: Option<NodeId>, headline: Option<&str>) -> Extracted {
    let body = doc.root_element();
    let mut pruned: HashSet<NodeId> = HashSet::new();
    for el in body.descendent_elements() {
        if NEVER_TEXT.contains(&el.value().name()) {
            pruned.insert(el.id());
        }
    }
    let first = score(body, &pruned);
    let h1_line: HashSet<NodeId> = h1
        .and_then(|id| doc.tree.get(id))
        .map(|n| n.ancestors().map(|a| a.id()).chain([n.id()]).collect())
        .unwrap_or_default();
    for el in body.descendent_elements() {
        let furniture = FURNITURE_TAGS.contains(&el.value().name()) || dom::is_furniture_named(&el);
        let holds_most = first.agg.get(&el.id()).copied().unwrap_or(0) * 2 > first.total;
        if furniture && !holds_most && !h1_line.contains(&el.id()) {
            pruned.insert(el.id());
        }
    }
    let scores = score(body, &pruned);
    let root = scores
        .agg
        .iter()
        .filter(|(_, a)| **a * 10 >= scores.total * 7 && scores.total > 0)
        .max_by_key(|(id, _)| scores.depth.get(id).copied().unwrap_or(0))
        .map(|(id, _)| *id);
    let Some(root) = root
        .and_then(|id| doc.tree.get(id))
        .and_then(ElementRef::wrap)
    else {
        return Extracted {
            paragraphs: Vec::new(),
            good_chars: 0,
            linked_headings: 0,
        };
    };
    let paragraphs = emit(body, root, h1, &pruned, headline);
    let linked_headings = root
        .descendent_elements()
        .filter(|e| matches!(e.value().name(), "h2" | "h3" | "h4"))
        .filter(|e| !e.ancestors().any(|a| pruned.contains(&a.id())))
        .filter(|e| {
            let all = dom::text_of(**e).len();
            let linked: usize = e
                .descendent_elements()
                .filter(|a| a.value().name() == "a")
                .map(|a| dom::text_of(*a).len())
                .sum();
            all > 0 && linked * 10 >= all * 7
        })
        .count();
    Extracted {
        paragraphs,
        good_chars: scores.agg.get(&root.id()).copied().unwrap_or(0),
        linked_headings,
    }
}

/// Credits each paragraph's length (0 when mostly links) to its ancestors,
/// skipping pruned subtrees.
fn score(body: ElementRef, pruned: &HashSet<NodeId>) -> Scores {
    let mut scores = Scores {
        agg: HashMap::new(),
        depth: HashMap::new(),
        total: 0,
    };
    let mut depth = 0usize;
    let mut skip: Option<NodeId> = None;
    for edge in body.traverse() {
        match edge {
            Edge::Open(n) => {
                depth += 1;
                if skip.is_some() || !n.value().is_element() {
                    continue;
                }
                if pruned.contains(&n.id()) {
                    skip = Some(n.id());
                    continue;
                }
                let Some(el) = ElementRef::wrap(n) else {
                    continue;
                };
                let good = paragraph_value(&el);
                if good == 0 {
                    continue;
                }
                scores.total += good;
                for (level, a) in n.ancestors().take(CREDIT_LEVELS).enumerate() {
                    *scores.agg.entry(a.id()).or_default() += good;
                    scores
                        .depth
                        .entry(a.id())
                        .or_insert(depth.saturating_sub(level + 1));
                }
            }
            Edge::Close(n) => {
                depth = depth.saturating_sub(1);
                if skip == Some(n.id()) {
                    skip = None;
                }
            }
        }
    }
    scores
}

/// A paragraph's worth: its length, unless short or mostly link text.
fn paragraph_value(el: &ElementRef) -> usize {
    let name = el.value().name();
    let len = match name {
        "p" | "blockquote" | "pre" => dom::text_of(**el).chars().count(),
        "div" | "section" | "td" => el
            .children()
            .filter_map(|c| c.value().as_text())
            .map(|t| t.trim().chars().count())
            .sum(),
        _ => return 0,
    };
    if len < 20 {
        return 0;
    }
    let linked: usize = el
        .descendent_elements()
        .filter(|a| a.value().name() == "a")
        .map(|a| dom::text_of(*a).chars().count())
        .sum();
    if linked * 2 > len { 0 } else { len }
}

/// The root's paragraphs after the headline, with a standfirst or lead
/// caption found between the headline and the root.
fn emit(
    body: ElementRef,
    root: ElementRef,
    h1: Option<NodeId>,
    pruned: &HashSet<NodeId>,
    headline: Option<&str>,
) -> Vec<String> {
    // An `<h1>` after the root (a footer headline) says nothing about where
    // the body starts.
    let h1 = h1.filter(|id| {
        let mut seen_h1 = false;
        for n in body.descendants() {
            if n.id() == *id {
                seen_h1 = true;
            }
            if n.id() == root.id() {
                return seen_h1 || root.descendants().any(|d| d.id() == *id);
            }
        }
        false
    });
    let mut passed_h1 = h1.is_none();
    let sub = h1.and_then(|id| subheadline(body, id));
    let (mut in_root, mut extra, mut skip): (bool, Option<NodeId>, Option<NodeId>) =
        (false, None, None);
    let mut out = Vec::new();
    let mut buf = String::new();
    for edge in body.traverse() {
        match edge {
            Edge::Open(n) => {
                if skip.is_some() {
                    continue;
                }
                if pruned.contains(&n.id()) {
                    skip = Some(n.id());
                    continue;
                }
                if n.id() == root.id() {
                    in_root = true;
                }
                match n.value() {
                    Node::Text(t) if passed_h1 && (in_root || extra.is_some()) => buf.push_str(t),
                    Node::Element(e) => {
                        if BLOCKS.contains(&e.name()) || e.name() == "br" {
                            flush(&mut buf, &mut out, headline);
                        }
                        if passed_h1 && !in_root && extra.is_none() {
                            let el = ElementRef::wrap(n);
                            let lead = e.name() == "figcaption"
                                || el.is_some_and(|el| dom::has_word(&el, STANDFIRST_WORDS))
                                || Some(n.id()) == sub;
                            if lead {
                                extra = Some(n.id());
                            }
                        }
                    }
                    _ => {}
                }
            }
            Edge::Close(n) => {
                if Some(n.id()) == h1 {
                    passed_h1 = true;
                    out.clear();
                }
                if skip == Some(n.id()) {
                    skip = None;
                    continue;
                }
                if skip.is_some() {
                    continue;
                }
                if n.value()
                    .as_element()
                    .is_some_and(|e| BLOCKS.contains(&e.name()))
                {
                    flush(&mut buf, &mut out, headline);
                }
                if Some(n.id()) == extra {
                    extra = None;
                }
                if n.id() == root.id() {
                    break;
                }
            }
        }
    }
    flush(&mut buf, &mut out, headline);
    out
}

/// A sentence-long `<h2>`/`<h3>`/`<p>` right after the headline is its
/// standfirst even without a telling class (`<h2 class="a_st">`).
fn subheadline(body: ElementRef, h1: NodeId) -> Option<NodeId> {
    let h1 = body.tree().get(h1)?;
    let next = h1.next_siblings().find_map(ElementRef::wrap)?;
    let text = dom::text_of(*next);
    let len = text.chars().count();
    let byline = text.to_lowercase().starts_with("by ") || dom::is_furniture_named(&next);
    (matches!(next.value().name(), "h2" | "h3" | "p") && (40..=400).contains(&len) && !byline)
        .then_some(next.id())
}

fn flush(buf: &mut String, out: &mut Vec<String>, headline: Option<&str>) {
    let line = normalize_space(buf);
    buf.clear();
    // `___`, `* * *`, `—`: a rule between the story and its tagline.
    if !line.chars().any(char::is_alphanumeric) || headline.is_some_and(|h| h == line) {
        return;
    }
    let lower = line.to_lowercase();
    if FURNITURE_LINES.contains(&lower.trim_end_matches([':', '.']))
        || (lower.len() < 200 && FURNITURE_PREFIXES.iter().any(|p| lower.starts_with(p)))
    {
        return;
    }
    out.push(line);
}
