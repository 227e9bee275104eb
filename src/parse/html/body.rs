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
use super::furniture;
use crate::parse::clean::normalize_space;

/// How far up a paragraph's length is credited (bounds the work on a page
/// nested 100k levels deep; article roots sit a few levels above their text).
const CREDIT_LEVELS: usize = 40;

pub struct Extracted {
    pub paragraphs: Vec<String>,
    /// Paragraph text (characters) the root holds.
    pub good_chars: usize,
    /// Linked `h2`–`h4` inside the root: teaser cards of a listing.
    pub linked_headings: usize,
    /// The longest run of text (characters) between two linked headings:
    /// a story's paragraphs run on, a listing's summaries are one each.
    pub story_chars: usize,
}

struct Scores {
    agg: HashMap<NodeId, usize>,
    depth: HashMap<NodeId, usize>,
    total: usize,
}

pub fn extract(doc: &Html, h1: Option<NodeId>, headline: Option<&str>) -> Extracted {
    let strict = extract_with(doc, h1, headline, true);
    if strict.paragraphs.is_empty() {
        // A photo story: its gallery is all there is.
        return extract_with(doc, h1, headline, false);
    }
    strict
}

/// `strict`: galleries are pruned like furniture.
fn extract_with(doc: &Html, h1: Option<NodeId>, headline: Option<&str>, strict: bool) -> Extracted {
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
        if h1_line.contains(&el.id())
            || matches!(el.value().name(), "html" | "body" | "main" | "article")
        {
            continue;
        }
        let furniture = FURNITURE_TAGS.contains(&el.value().name()) || dom::is_furniture_named(&el);
        let holds_most = first.agg.get(&el.id()).copied().unwrap_or(0) * 2 > first.total;
        // A lead named `teaser`/`intro` is not a teaser card when it links nowhere.
        let lead = dom::has_word(&el, STANDFIRST_WORDS) && link_chars(&el, str::len) == 0;
        let never = dom::is_never_story(&el) && !holds_story(&el);
        let gallery = strict && dom::has_word(&el, dom::GALLERY_WORDS);
        if never || gallery || (furniture && !holds_most && !lead) {
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
            story_chars: 0,
        };
    };
    let linked_headings = root
        .descendent_elements()
        .filter(|e| !e.ancestors().any(|a| pruned.contains(&a.id())))
        .filter(linked_heading)
        .count();
    prune_link_blocks(root, h1, &mut pruned);
    let (paragraphs, story_chars) = emit(body, root, h1, &pruned, headline);
    Extracted {
        paragraphs,
        good_chars: scores.agg.get(&root.id()).copied().unwrap_or(0),
        linked_headings,
        story_chars,
    }
}

/// An `h2`–`h4` that is (mostly) a link, or sits inside one: the headline of
/// a teaser card.
fn linked_heading(e: &ElementRef) -> bool {
    if !matches!(e.value().name(), "h2" | "h3" | "h4") {
        return false;
    }
    if e.ancestors()
        .take(4)
        .filter_map(ElementRef::wrap)
        .any(|a| a.value().name() == "a")
    {
        return true;
    }
    let all = dom::text_of(**e).len();
    all > 0 && link_chars(e, |t| t.len()) * 10 >= all * 7
}

/// Text of the element's links, measured by `len`.
fn link_chars(e: &ElementRef, len: impl Fn(&str) -> usize) -> usize {
    e.descendent_elements()
        .filter(|a| a.value().name() == "a")
        .map(|a| len(&dom::text_of(*a)))
        .sum()
}

/// A teaser card's text at most: a headline and a summary.
const CARD_CHARS: usize = 600;

/// Whether a consent-named element wraps the story itself (a page wrapper
/// with a `cookie-banner-open` class).
fn holds_story(el: &ElementRef) -> bool {
    el.descendent_elements()
        .any(|d| matches!(d.value().name(), "article" | "main" | "h1"))
}

/// Lists and boxes of links inside the story ("Read also" blocks, related
/// headlines, tag clouds between paragraphs): their text is mostly links.
/// A paragraph with a few inline links is not one.
fn prune_link_blocks(root: ElementRef, h1: Option<NodeId>, pruned: &mut HashSet<NodeId>) {
    let count = |s: &str| s.chars().count();
    // Teaser cards: a linked headline with its summary, up to the largest
    // short box that holds it (and not the headline of the page).
    let cards: Vec<NodeId> = root
        .descendent_elements()
        .filter(linked_heading)
        .filter_map(|h| {
            h.ancestors()
                .filter_map(ElementRef::wrap)
                .take_while(|a| {
                    a.id() != root.id()
                        && !h1.is_some_and(|id| a.descendants().any(|d| d.id() == id))
                        && count(&dom::text_of(**a)) < CARD_CHARS
                })
                .last()
                .map(|a| a.id())
                .or(Some(h.id()))
        })
        .collect();
    let mut links: HashSet<NodeId> = cards.into_iter().collect();
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
) -> (Vec<String>, usize) {
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
    // Characters since the last linked heading, and the most seen.
    let (mut run, mut story) = (0usize, 0usize);
    let mut teaser: Option<NodeId> = None;
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
                            run += flush(&mut buf, &mut out, headline);
                            story = story.max(run);
                        }
                        if teaser.is_none()
                            && ElementRef::wrap(n).is_some_and(|e| linked_heading(&e))
                        {
                            teaser = Some(n.id());
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
                    run += flush(&mut buf, &mut out, headline);
                    story = story.max(run);
                }
                if Some(n.id()) == teaser {
                    teaser = None;
                    run = 0;
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
    run += flush(&mut buf, &mut out, headline);
    (out, story.max(run))
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

/// Ends the current line: kept unless it is furniture. Returns the
/// characters kept.
fn flush(buf: &mut String, out: &mut Vec<String>, headline: Option<&str>) -> usize {
    let line = normalize_space(buf);
    buf.clear();
    // `___`, `* * *`, `—`: a rule between the story and its tagline.
    if !line.chars().any(char::is_alphanumeric) || headline.is_some_and(|h| h == line) {
        return 0;
    }
    let Some(line) = furniture::clean_line(&line) else {
        return 0;
    };
    let n = line.chars().count();
    out.push(line);
    n
}
