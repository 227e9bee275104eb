//! The story's text: the root's lines after the headline, with a
//! standfirst or lead caption found between the headline and the root (by
//! its class, its place right under the headline, or its text being the
//! summary the page gives in its metadata).

use std::collections::HashSet;

use ego_tree::NodeId;
use ego_tree::iter::Edge;
use scraper::{ElementRef, Node};

use super::body::Heading;
use super::dom::{self, BLOCKS, STANDFIRST_WORDS};
use super::furniture;
use super::links::linked_heading;
use crate::parse::clean::normalize_space;

/// What [`emit`] read from the root.
pub(super) struct Emitted {
    pub paragraphs: Vec<String>,
    /// The longest run of text (characters) between two linked headings.
    pub story_chars: usize,
    /// How many of the paragraphs come before the first linked heading
    /// after the headline: a brief's text, where a listing has none.
    pub before_rail: usize,
}

/// The root's paragraphs after the headline, with a standfirst or lead
/// caption found between the headline and the root.
pub(super) fn emit(
    body: ElementRef,
    root: ElementRef,
    h1: Option<NodeId>,
    pruned: &HashSet<NodeId>,
    heading: Heading,
) -> Emitted {
    let headline = heading.headline;
    let summary = heading.summary.and_then(summary_key);
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
    // Paragraphs after the headline before the first linked heading.
    let mut before_rail: Option<usize> = None;
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
                        // A table row is one line, its cells apart.
                        if is_cell(e.name()) {
                            buf.push(' ');
                        } else if BLOCKS.contains(&e.name()) || e.name() == "br" {
                            run += flush(&mut buf, &mut out, headline);
                            story = story.max(run);
                        }
                        if teaser.is_none()
                            && ElementRef::wrap(n).is_some_and(|e| linked_heading(&e, heading.site))
                        {
                            teaser = Some(n.id());
                            if passed_h1 && before_rail.is_none() {
                                before_rail = Some(out.len());
                            }
                        }
                        if passed_h1 && !in_root && extra.is_none() {
                            let el = ElementRef::wrap(n);
                            let lead = e.name() == "figcaption"
                                || el.is_some_and(|el| {
                                    dom::has_word(&el, STANDFIRST_WORDS)
                                        || dom::has_word(&el, INGREDIENT_WORDS)
                                })
                                || Some(n.id()) == sub
                                || el
                                    .zip(summary.as_deref())
                                    .is_some_and(|(el, key)| shows_summary(&el, key));
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
                    .is_some_and(|e| BLOCKS.contains(&e.name()) && !is_cell(e.name()))
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
    let before_rail = before_rail.unwrap_or(out.len());
    Emitted {
        paragraphs: out,
        story_chars: story.max(run),
        before_rail,
    }
}

fn is_cell(name: &str) -> bool {
    matches!(name, "td" | "th")
}

/// Class words of a recipe's ingredient list, which recipe pages set
/// between the headline and the method.
const INGREDIENT_WORDS: &[&str] = &[
    "ingredients",
    "ingredient",
    "zutaten",
    "ingredienti",
    "ingredientes",
    "ingrédients",
    "skladniki",
];

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

/// The page's summary as compared with the text shown: folded, without a
/// trailing ellipsis (summaries are often cut); none when too short to
/// tell a standfirst by.
fn summary_key(summary: &str) -> Option<String> {
    let key = normalize_space(summary).to_lowercase();
    let key = key.trim_end_matches(['…', '.', ' ']).to_string();
    (key.chars().count() >= SUMMARY_CHARS).then_some(key)
}

/// A summary this long or longer tells its standfirst; a shorter one
/// ("News from Berlin") could be any line.
const SUMMARY_CHARS: usize = 40;

/// Whether a block shows the page's summary: its text starts with it (a
/// cut summary) and is not much longer (a container holding the story
/// starts with the standfirst too).
fn shows_summary(el: &ElementRef, key: &str) -> bool {
    if !BLOCKS.contains(&el.value().name()) {
        return false;
    }
    let text = dom::text_of(**el).to_lowercase();
    let text = normalize_space(&text);
    let (len, key_len) = (text.chars().count(), key.chars().count());
    text.starts_with(key) && len <= key_len + key_len / 2 + 20
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
