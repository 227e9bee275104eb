//! How much paragraph text each element holds: the measure the story's
//! root is chosen by.

use std::collections::{HashMap, HashSet};

use ego_tree::NodeId;
use ego_tree::iter::Edge;
use scraper::{ElementRef, Node};

use super::dom::{self, BLOCKS};

/// How far up a paragraph's length is credited (bounds the work on a page
/// nested 100k levels deep; article roots sit a few levels above their text).
const CREDIT_LEVELS: usize = 40;

pub(super) struct Scores {
    pub agg: HashMap<NodeId, usize>,
    pub depth: HashMap<NodeId, usize>,
    pub total: usize,
}

/// Credits each paragraph's length (0 when mostly links) to its ancestors,
/// skipping pruned subtrees.
pub(super) fn score(body: ElementRef, pruned: &HashSet<NodeId>) -> Scores {
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
pub(super) fn paragraph_value(el: &ElementRef) -> usize {
    let name = el.value().name();
    let len = match name {
        "p" | "blockquote" | "pre" => dom::text_of(**el).chars().count(),
        // A block of inline text only (`<div><span>…</span></div>`) is a
        // paragraph; a block holding blocks counts its own loose text.
        "div" | "section" | "td" if !holds_blocks(el) => dom::text_of(**el).chars().count(),
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

/// Nodes looked at before a block is taken to hold other blocks (bounds the
/// work on huge inline-only blocks).
const INLINE_LOOKAHEAD: usize = 400;

/// Whether any block element sits inside `el` (or it is too big to tell).
fn holds_blocks(el: &ElementRef) -> bool {
    let mut seen = 0;
    for d in el.descendants().skip(1) {
        seen += 1;
        if seen > INLINE_LOOKAHEAD {
            return true;
        }
        if let Node::Element(e) = d.value()
            && BLOCKS.contains(&e.name())
        {
            return true;
        }
    }
    false
}

/// The story's root: the deepest element holding ≥ 70 % of the paragraph
/// text — robust to bodies split into one block per paragraph (BBC) and to
/// live blogs.
pub(super) fn root(scores: &Scores) -> Option<NodeId> {
    scores
        .agg
        .iter()
        .filter(|(_, a)| **a * 10 >= scores.total * 7 && scores.total > 0)
        .max_by_key(|(id, _)| scores.depth.get(id).copied().unwrap_or(0))
        .map(|(id, _)| *id)
}
