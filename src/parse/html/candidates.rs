//! The story's root as Mozilla Readability chooses it: each paragraph
//! scores its commas and length on its parent (in full), grandparent (half)
//! and three more ancestors (a third of their level); each ancestor starts
//! from what its tag and class/id say (`div` +5, a list −3, `content` +25,
//! `comment` −25) and is discounted by its link density. The best-scored
//! candidate wins, unless several near-equal ones share an ancestor (a
//! story split into blocks) or its parent scores higher (the story's
//! wrapper). A live blog's or comment thread's many short entries score
//! little each, so they no longer outweigh one story's long paragraphs,
//! as they can when the root is chosen by the share of text it holds.

use std::collections::{HashMap, HashSet};

use ego_tree::NodeId;
use ego_tree::iter::Edge;
use scraper::{ElementRef, Node};

use super::dom::{self, BLOCKS, NEVER_TEXT};

/// Ancestors a paragraph's score reaches (Readability's `maxDepth`).
const LEVELS: usize = 5;

/// Characters a paragraph needs to be scored (Readability: 25).
const MIN_PARAGRAPH: usize = 25;

/// Class/id fragments that lower a candidate (Readability's `negative`).
const NEGATIVE: &[&str] = &[
    "hidden",
    "banner",
    "combx",
    "comment",
    "com-",
    "contact",
    "footer",
    "gdpr",
    "masthead",
    "media",
    "meta",
    "outbrain",
    "promo",
    "related",
    "scroll",
    "share",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "sponsor",
    "shopping",
    "tags",
    "widget",
];

/// Class/id fragments that raise a candidate (Readability's `positive`).
const POSITIVE: &[&str] = &[
    "article",
    "body",
    "content",
    "entry",
    "hentry",
    "h-entry",
    "main",
    "page",
    "pagination",
    "post",
    "text",
    "blog",
    "story",
];

pub(super) struct Chosen {
    pub root: NodeId,
    /// Siblings of the root's first choice to leave out when the root was
    /// widened to their parent.
    pub left_out: Vec<NodeId>,
}

/// The root Readability would choose among the elements outside `pruned`.
pub(super) fn choose(
    body: ElementRef,
    pruned: &HashSet<NodeId>,
    h1_line: &HashSet<NodeId>,
) -> Option<Chosen> {
    let sizes = Sizes::of(body, pruned);
    let mut score: HashMap<NodeId, f64> = HashMap::new();
    let mut skip: Option<NodeId> = None;
    for edge in body.traverse() {
        match edge {
            Edge::Open(n) => {
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
                let Some(text) = paragraph_text(&el) else {
                    continue;
                };
                let len = text.chars().count();
                if len < MIN_PARAGRAPH {
                    continue;
                }
                let commas = text
                    .chars()
                    .filter(|c| matches!(c, ',' | '，' | '、' | '،'))
                    .count();
                let worth = 1.0 + commas as f64 + (len / 100).min(3) as f64;
                for (level, a) in n.ancestors().take(LEVELS).enumerate() {
                    let Some(a_el) = ElementRef::wrap(a) else {
                        break;
                    };
                    if a.parent().is_none_or(|p| !p.value().is_element()) {
                        // `html` itself is never the story's root.
                        break;
                    }
                    let divider = match level {
                        0 => 1.0,
                        1 => 2.0,
                        l => l as f64 * 3.0,
                    };
                    *score.entry(a.id()).or_insert_with(|| initial(&a_el)) += worth / divider;
                }
            }
            Edge::Close(n) => {
                if skip == Some(n.id()) {
                    skip = None;
                }
            }
        }
    }
    for (id, s) in score.iter_mut() {
        *s *= 1.0 - sizes.link_density(*id);
    }
    let mut ranked: Vec<(NodeId, f64)> = score.iter().map(|(k, v)| (*k, *v)).collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
    let (mut top, top_score) = *ranked.first()?;
    let tree = body.tree();
    // Near-equal candidates sharing an ancestor: a story split into blocks.
    let alternatives: Vec<HashSet<NodeId>> = ranked
        .iter()
        .skip(1)
        .take(4)
        .filter(|(_, s)| *s / top_score >= 0.75)
        .filter_map(|(id, _)| tree.get(*id))
        .map(|n| n.ancestors().map(|a| a.id()).collect())
        .collect();
    if alternatives.len() >= 3 {
        let mut up = tree.get(top).and_then(|n| n.parent());
        while let Some(p) = up.filter(|p| p.value().is_element() && p.parent().is_some()) {
            if alternatives.iter().filter(|a| a.contains(&p.id())).count() >= 3 {
                top = p.id();
                break;
            }
            up = p.parent();
        }
    }
    // A parent scoring higher than the candidate is the story's wrapper.
    let mut last = score.get(&top).copied().unwrap_or(0.0);
    let threshold = last / 3.0;
    let mut up = tree.get(top).and_then(|n| n.parent());
    while let Some(p) = up.filter(|p| p.value().is_element() && p.parent().is_some()) {
        let Some(s) = score.get(&p.id()).copied() else {
            up = p.parent();
            continue;
        };
        if s < threshold {
            break;
        }
        if s > last {
            top = p.id();
            break;
        }
        last = s;
        up = p.parent();
    }
    // An only child's parent holds nothing else: the wider box is the same
    // story, and its siblings are the story's neighbours.
    while let Some(p) = tree.get(top).and_then(|n| n.parent()).filter(|p| {
        p.value().is_element()
            && p.parent().is_some_and(|g| g.value().is_element())
            && !matches!(p.value().as_element().map(|e| e.name()), Some("body"))
            && p.children().filter(|c| c.value().is_element()).count() == 1
    }) {
        top = p.id();
    }
    Some(join_siblings(tree, top, &score, &sizes, pruned, h1_line))
}

/// Readability's sibling step: siblings scoring a fifth of the root, and
/// paragraphs of running text beside it, are part of the story; when any
/// is, the root widens to their parent and the others are left out.
fn join_siblings(
    tree: &ego_tree::Tree<Node>,
    root: NodeId,
    score: &HashMap<NodeId, f64>,
    sizes: &Sizes,
    pruned: &HashSet<NodeId>,
    h1_line: &HashSet<NodeId>,
) -> Chosen {
    let alone = Chosen {
        root,
        left_out: Vec::new(),
    };
    let Some(node) = tree.get(root) else {
        return alone;
    };
    let Some(parent) = node
        .parent()
        .filter(|p| p.value().is_element() && p.parent().is_some_and(|g| g.value().is_element()))
    else {
        return alone;
    };
    let top_score = score.get(&root).copied().unwrap_or(0.0);
    let threshold = (top_score * 0.2).max(10.0);
    let class = node.value().as_element().and_then(|e| e.attr("class"));
    let (mut joined, mut left_out) = (false, Vec::new());
    for sib in parent.children() {
        if sib.id() == root || !sib.value().is_element() || pruned.contains(&sib.id()) {
            continue;
        }
        let Some(el) = ElementRef::wrap(sib) else {
            continue;
        };
        let bonus = if class.is_some_and(|c| !c.is_empty()) && el.attr("class") == class {
            top_score * 0.2
        } else {
            0.0
        };
        let s = score.get(&sib.id()).copied().unwrap_or(0.0);
        let keep = if s + bonus >= threshold {
            true
        } else if el.value().name() == "p" {
            let len = sizes.text(sib.id());
            let density = sizes.link_density(sib.id());
            let text = dom::text_of(sib);
            (len > 80 && density < 0.25)
                || (len > 0 && len < 80 && density == 0.0 && ends_sentence(&text))
        } else {
            false
        };
        if keep {
            joined = true;
        } else if h1_line.contains(&sib.id()) {
            // The headline's line stays, so the text after it starts there.
        } else {
            left_out.push(sib.id());
        }
    }
    if !joined {
        return alone;
    }
    Chosen {
        root: parent.id(),
        left_out,
    }
}

fn ends_sentence(text: &str) -> bool {
    text.contains(". ") || text.ends_with('.')
}

/// What a candidate's tag and class/id say before its paragraphs count.
fn initial(el: &ElementRef) -> f64 {
    let tag = match el.value().name() {
        "div" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    };
    tag + class_weight(el)
}

/// Readability's class weight: ±25 for each of `class` and `id`.
fn class_weight(el: &ElementRef) -> f64 {
    let mut w = 0.0;
    for attr in ["class", "id"] {
        let Some(v) = el.value().attr(attr) else {
            continue;
        };
        let v = v.to_lowercase();
        if NEGATIVE.iter().any(|n| v.contains(n)) {
            w -= 25.0;
        }
        if POSITIVE.iter().any(|p| v.contains(p)) {
            w += 25.0;
        }
    }
    w
}

/// The text a paragraph-like element contributes: `p`, `pre`, `td`,
/// `section` and headings `h2`–`h6` whole, a `div` of inline content whole,
/// a `div` holding blocks its own loose text (Readability wraps it in a `p`).
fn paragraph_text(el: &ElementRef) -> Option<String> {
    match el.value().name() {
        "p" | "pre" | "blockquote" | "h2" | "h3" | "h4" | "h5" | "h6" => Some(dom::text_of(**el)),
        "div" | "section" | "td" if !holds_blocks(el) => Some(dom::text_of(**el)),
        "div" | "section" | "td" => {
            let loose: String = el
                .children()
                .filter_map(|c| c.value().as_text())
                .map(|t| t.trim())
                .filter(|t| !t.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            Some(loose)
        }
        _ => None,
    }
}

/// Nodes looked at before a block is taken to hold other blocks.
const INLINE_LOOKAHEAD: usize = 400;

fn holds_blocks(el: &ElementRef) -> bool {
    for (seen, d) in el.descendants().skip(1).enumerate() {
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

/// Each element's text and link text (characters, outside pruned and
/// never-text subtrees), summed bottom-up in one pass.
struct Sizes {
    text: HashMap<NodeId, usize>,
    links: HashMap<NodeId, usize>,
}

impl Sizes {
    fn of(body: ElementRef, pruned: &HashSet<NodeId>) -> Sizes {
        let order: Vec<_> = body.descendants().collect();
        let mut sizes = Sizes {
            text: HashMap::new(),
            links: HashMap::new(),
        };
        for n in order.iter().rev() {
            let (t, l) = match n.value() {
                Node::Text(t) => (t.split_whitespace().map(|w| w.chars().count() + 1).sum(), 0),
                Node::Element(e) if NEVER_TEXT.contains(&e.name()) || pruned.contains(&n.id()) => {
                    (0, 0)
                }
                Node::Element(e) => {
                    let (t, l) = n.children().fold((0, 0), |(t, l), c| {
                        (
                            t + sizes.text(c.id()),
                            l + sizes.links.get(&c.id()).copied().unwrap_or(0),
                        )
                    });
                    (t, if e.name() == "a" { t } else { l })
                }
                _ => (0, 0),
            };
            if t > 0 {
                sizes.text.insert(n.id(), t);
            }
            if l > 0 {
                sizes.links.insert(n.id(), l);
            }
        }
        sizes
    }

    fn text(&self, id: NodeId) -> usize {
        self.text.get(&id).copied().unwrap_or(0)
    }

    fn link_density(&self, id: NodeId) -> f64 {
        let t = self.text(id);
        if t == 0 {
            return 0.0;
        }
        (self.links.get(&id).copied().unwrap_or(0) as f64 / t as f64).min(1.0)
    }
}
