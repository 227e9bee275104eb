//! The article's body: the text a reader reads after the headline, without
//! the page's furniture.
//!
//! Paragraphs (`p`, `blockquote`, `pre`, blocks of inline text) with
//! little link text score their length on their nearest ancestors
//! (`score`). Elements hidden from readers, and elements that are furniture
//! by tag (`nav`, `footer`…) or by class/id (`related`, `share`,
//! `cookie`…) are pruned unless they hold most of the page's paragraph text
//! (a wrapper named `page-with-sidebar` is not a sidebar); a sidebar
//! (`aside`, `role=complementary`) is pruned whatever it holds once the page
//! has a headline; a box only loosely named like furniture (`widget`,
//! `meta`) is kept when it holds running text. The root is then the deepest
//! element holding ≥ 70 % of what remains, chosen without the page's teaser
//! cards when a story is left (`links`); the page's declared
//! `itemprop=articleBody` replaces a root found outside it; the root is
//! widened to its parent when siblings hold a good part of the story or are
//! its sections (loose paragraphs beside it count together). A root inside
//! a reader comment thread gives way to the root Readability's candidate
//! scoring chooses outside it (`candidates`). The
//! text is what follows the `<h1>` inside the root, plus a standfirst or
//! lead caption between the two (`emit`).

use std::collections::HashSet;
use std::sync::LazyLock;

use ego_tree::NodeId;
use scraper::{ElementRef, Html, Selector};

use super::candidates;
use super::dom::{self, FURNITURE_TAGS, NEVER_TEXT, Named, STANDFIRST_WORDS};
use super::emit::emit;
use super::links::{self, link_chars, linked_heading, prune_link_blocks};
use super::score::{self, score};
use super::title;

/// Paragraph text (characters) that makes a box named like furniture
/// (`widget`, `meta`) part of the story: a paragraph or two of running text.
const RUNNING_BOX: usize = 200;

/// Paragraph text (characters) a root found without the teaser cards must
/// hold to be taken for the story.
const STORY_ROOT: usize = 500;

pub struct Extracted {
    pub paragraphs: Vec<String>,
    /// Paragraph text (characters) the root holds.
    pub good_chars: usize,
    /// Linked `h2`–`h4` inside the root: teaser cards of a listing.
    pub linked_headings: usize,
    /// The longest run of text (characters) between two linked headings:
    /// a story's paragraphs run on, a listing's summaries are one each.
    pub story_chars: usize,
    /// Paragraphs after the headline before the first linked heading.
    pub before_rail: usize,
}

/// What the page says of its story besides its markup: the headline, and
/// the summary it gives in its metadata (`og:description`, `description`).
#[derive(Clone, Copy, Default)]
pub struct Heading<'a> {
    pub headline: Option<&'a str>,
    pub summary: Option<&'a str>,
    /// The page's own site (`example.com`, from its URL): links elsewhere
    /// are not teasers of its stories.
    pub site: Option<&'a str>,
}

pub fn extract(doc: &Html, h1: Option<NodeId>, heading: Heading) -> Extracted {
    let strict = extract_with(doc, h1, heading, true);
    if strict.paragraphs.is_empty() {
        // A photo story: its gallery is all there is.
        return extract_with(doc, h1, heading, false);
    }
    strict
}

/// `strict`: galleries are pruned like furniture.
fn extract_with(doc: &Html, h1: Option<NodeId>, heading: Heading, strict: bool) -> Extracted {
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
        let held = first.agg.get(&el.id()).copied().unwrap_or(0);
        let name = el.value().name();
        let furniture = FURNITURE_TAGS.contains(&name)
            // A search box or a sign-up, unless it holds running text
            // (ASP.NET sites wrap the page in a form, shops their product).
            || (name == "form" && held < RUNNING_BOX)
            || match dom::furniture_name(&el) {
                Some(Named::Furniture) => true,
                Some(Named::MaybeFurniture) => held < RUNNING_BOX,
                None => false,
            };
        let holds_most = held * 2 > first.total;
        // A lead named `teaser`/`intro` is not a teaser card when it links nowhere.
        let lead = dom::has_word(&el, STANDFIRST_WORDS) && link_chars(&el, str::len) == 0;
        let never = dom::is_never_story(&el) && !holds_story(&el);
        let gallery = strict && dom::has_word(&el, dom::GALLERY_WORDS);
        let hidden = dom::is_hidden(&el) && !holds_most;
        // Content beside the story (a sidebar's live ticker) however much
        // text it holds, once the page has a headline outside it.
        let beside = h1.is_some() && (name == "aside" || el.attr("role") == Some("complementary"));
        // The story's own `<header>` (its headline, standfirst and byline)
        // is not the site's, even when the page puts its `<h1>` elsewhere
        // (in a breadcrumb).
        let story_header = name == "header" && shows_headline(&el, heading.headline);
        if never
            || gallery
            || hidden
            || beside
            || (furniture && !holds_most && !lead && !story_header)
        {
            pruned.insert(el.id());
        }
    }
    // The root is chosen without the page's teaser cards when what is left
    // is a story's worth of text: a stream of teasers with summaries must
    // not outweigh the story beside it. A listing page keeps its cards, and
    // is told apart by them.
    let with_cards = score(body, &pruned);
    let mut no_cards = pruned.clone();
    no_cards.extend(links::teaser_cards(body, h1, heading.site));
    let without_cards = score(body, &no_cards);
    let listing_root = score::root(&with_cards);
    let root = match score::root(&without_cards) {
        Some(id) if without_cards.agg.get(&id).copied().unwrap_or(0) >= STORY_ROOT => {
            let id = declared_body(doc, id, &without_cards, &no_cards).unwrap_or(id);
            match beside_thread(body, id, &no_cards, &h1_line) {
                Some(story) => {
                    pruned.extend(story.left_out);
                    Some(story.root)
                }
                None => Some(join_siblings(
                    doc,
                    id,
                    &without_cards,
                    &h1_line,
                    &mut pruned,
                )),
            }
        }
        _ => listing_root,
    };
    let Some(root) = root
        .and_then(|id| doc.tree.get(id))
        .and_then(ElementRef::wrap)
    else {
        return Extracted {
            paragraphs: Vec::new(),
            good_chars: 0,
            linked_headings: 0,
            story_chars: 0,
            before_rail: 0,
        };
    };
    // Whether the page is a listing is judged on the root chosen with the
    // cards: the teasers around a story say so, even when the story wins.
    let listing_root = listing_root
        .and_then(|id| doc.tree.get(id))
        .and_then(ElementRef::wrap)
        .unwrap_or(root);
    let linked_headings = listing_root
        .descendent_elements()
        .filter(|e| !e.ancestors().any(|a| pruned.contains(&a.id())))
        .filter(|h| linked_heading(h, heading.site))
        .count();
    prune_link_blocks(root, h1, heading.site, &mut pruned);
    let emitted = emit(body, root, h1, &pruned, heading);
    Extracted {
        paragraphs: emitted.paragraphs,
        good_chars: with_cards.agg.get(&listing_root.id()).copied().unwrap_or(0),
        linked_headings,
        story_chars: emitted.story_chars,
        before_rail: emitted.before_rail,
    }
}

/// A story split across sibling containers (a post's body in two `div`s,
/// sections side by side, each in a one-child wrapper): when siblings of the
/// root (or of its wrapper) hold a fifth of its paragraph text or more, or
/// are built like it (same tag and classes) and hold a paragraph or two,
/// their parent becomes the root and the other siblings are pruned (the
/// headline's line is kept, so the text after the headline still starts
/// there).
fn join_siblings(
    doc: &Html,
    root: NodeId,
    scores: &score::Scores,
    h1_line: &HashSet<NodeId>,
    pruned: &mut HashSet<NodeId>,
) -> NodeId {
    let held = |id: NodeId| scores.agg.get(&id).copied().unwrap_or(0);
    // Paragraphs standing loose beside the story's container (the first
    // paragraphs of a story whose rest sits in a "read more" box) are one
    // block of text, judged by what they hold together; once they join, so
    // does the lead box beside them.
    let loose = |id: NodeId| {
        doc.tree
            .get(id)
            .and_then(ElementRef::wrap)
            .filter(|el| !pruned.contains(&el.id()))
            .map_or(0, |el| loose_paragraph(&el))
    };
    // A wrapper whose other children hold no text is the same story: the
    // story's neighbours are its siblings (`div.row > div.column` blocks
    // between rows of ads).
    let mut wrapper = root;
    let parent = loop {
        let Some(parent) = doc.tree.get(wrapper).and_then(|n| n.parent()) else {
            return root;
        };
        let alone = parent
            .children()
            .filter(|c| c.id() != wrapper)
            .all(|c| held(c.id()) == 0 && loose(c.id()) == 0);
        if !parent.value().is_element()
            || !alone
            || ElementRef::wrap(parent).is_some_and(|p| matches!(p.value().name(), "body" | "html"))
        {
            break parent;
        }
        wrapper = parent.id();
    };
    if !parent.value().is_element() {
        return root;
    }
    let enough = (held(root) / 5).max(SIBLING_CHARS);
    // Blocks built like the story's own (the same tag and classes) are its
    // sections when they hold a paragraph or two, however short beside the
    // longest; others join by their share of the text.
    let class_of = |id: NodeId| {
        let el = doc.tree.get(id).and_then(ElementRef::wrap)?;
        Some((el.value().name(), el.attr("class")?))
    };
    let own_kind = class_of(wrapper);
    // The kind of block holding most of the story's paragraphs
    // (`div.article-text`): a sibling before the story holding a block of
    // that kind is its opening, cut off by a gallery or an ad (engadget's
    // intro). Only before: after it, such a block is a postscript.
    let text_kind = doc
        .tree
        .get(root)
        .and_then(ElementRef::wrap)
        .and_then(|el| paragraph_block_kind(&el, pruned));
    let before_root: HashSet<NodeId> = parent
        .children()
        .take_while(|c| c.id() != wrapper)
        .map(|c| c.id())
        .collect();
    let holds_text_kind = |id: NodeId| {
        let Some((tag, class)) = text_kind.filter(|_| before_root.contains(&id)) else {
            return false;
        };
        doc.tree
            .get(id)
            .and_then(ElementRef::wrap)
            .is_some_and(|el| {
                el.descendent_elements().take(2000).any(|d| {
                    d.value().name() == tag
                        && first_class(&d) == Some(class)
                        && !pruned.contains(&d.id())
                        && held(d.id()) >= SIBLING_CHARS
                })
            })
    };
    let siblings: Vec<NodeId> = parent
        .children()
        .filter(|c| c.value().is_element() && c.id() != wrapper && !pruned.contains(&c.id()))
        .map(|c| c.id())
        .collect();
    let loose_joins = siblings.iter().map(|id| loose(*id)).sum::<usize>() >= LOOSE_CHARS;
    let joins = |id: NodeId| {
        held(id) >= enough
            || (held(id) >= SIBLING_CHARS && own_kind.is_some() && class_of(id) == own_kind)
            || holds_text_kind(id)
            || (loose_joins && (loose(id) > 0 || is_lead(doc, id)))
    };
    if !siblings.iter().any(|id| joins(*id)) {
        return root;
    }
    let left_out: Vec<NodeId> = siblings
        .into_iter()
        .filter(|id| !joins(*id) && !h1_line.contains(id))
        .collect();
    pruned.extend(left_out);
    parent.id()
}

/// The element the page marks as its story's text
/// (`itemprop="articleBody"`), when the root found by text lies outside it
/// and it holds a story's worth of text itself: a reader discussion or a
/// sidebar longer than the story does not outweigh what the page declares.
fn declared_body(
    doc: &Html,
    root: NodeId,
    scores: &score::Scores,
    pruned: &HashSet<NodeId>,
) -> Option<NodeId> {
    static DECLARED: LazyLock<Selector> =
        LazyLock::new(|| Selector::parse("[itemprop=articleBody]").expect("valid selector"));
    let mut declared = doc.select(&DECLARED);
    let body = declared.next()?;
    if declared.next().is_some()
        || pruned.contains(&body.id())
        || scores.agg.get(&body.id()).copied().unwrap_or(0) < STORY_ROOT
    {
        return None;
    }
    let root = doc.tree.get(root)?;
    let related = root.ancestors().chain([root]).any(|a| a.id() == body.id())
        || body.ancestors().any(|a| a.id() == root.id());
    (!related).then_some(body.id())
}

/// A comment thread that holds most of the page's text (a short post with
/// a long discussion) is kept from pruning, and then outweighs the post by
/// the share of text it holds. When the root falls inside a comment-named
/// element, the root is chosen as Readability chooses it (its `comment`
/// class costs a thread its score); the story is that root when it lies
/// outside the thread.
fn beside_thread(
    body: ElementRef,
    root: NodeId,
    pruned: &HashSet<NodeId>,
    h1_line: &HashSet<NodeId>,
) -> Option<candidates::Chosen> {
    let node = body.tree().get(root)?;
    let thread = node
        .ancestors()
        .chain([node])
        .filter_map(ElementRef::wrap)
        .find(|e| dom::has_word(e, THREAD_WORDS))?;
    let story = candidates::choose(body, pruned, h1_line)?;
    let inside = body
        .tree()
        .get(story.root)
        .is_some_and(|n| n.ancestors().chain([n]).any(|a| a.id() == thread.id()));
    let holds = thread.ancestors().any(|a| a.id() == story.root);
    (!inside && !holds).then_some(story)
}

/// Class/id words of a reader comment thread.
const THREAD_WORDS: &[&str] = &["comment", "comments", "commentlist", "disqus"];

/// Whether a heading inside `el` shows the page's headline.
fn shows_headline(el: &ElementRef, headline: Option<&str>) -> bool {
    static HEADINGS: LazyLock<Selector> =
        LazyLock::new(|| Selector::parse("h1, h2, h3").expect("valid selector"));
    headline.is_some_and(|t| {
        el.select(&HEADINGS)
            .take(20)
            .any(|h| title::shows_title(&h, t))
    })
}

/// Paragraph text (characters) a sibling of the root needs to be joined.
const SIBLING_CHARS: usize = 200;

/// Paragraph text (characters) loose paragraphs beside the root need
/// together to be joined: two paragraphs of running text, whatever the
/// root's length (a long story's first paragraphs outside its "read more"
/// box are a small share of it).
const LOOSE_CHARS: usize = 400;

/// The text of a paragraph element (`p`, `blockquote`, `pre`) standing on
/// its own, 0 for anything else.
fn loose_paragraph(el: &ElementRef) -> usize {
    match el.value().name() {
        "p" | "blockquote" | "pre" => score::paragraph_value(el),
        _ => 0,
    }
}

/// The first class as written (`article-text` of `article-text c-gray`):
/// scraper's `classes()` come sorted, which would key on a utility class.
fn first_class<'a>(el: &ElementRef<'a>) -> Option<&'a str> {
    el.value().attr("class")?.split_whitespace().next()
}

/// The (tag, first class as written) of the blocks whose paragraphs hold
/// most of the text inside `root`, when those blocks hold half of it or
/// more.
fn paragraph_block_kind<'a>(
    root: &ElementRef<'a>,
    pruned: &HashSet<NodeId>,
) -> Option<(&'a str, &'a str)> {
    let mut kinds: Vec<((&str, &str), usize)> = Vec::new();
    let mut total = 0;
    for p in root.descendent_elements().take(5000) {
        if !matches!(p.value().name(), "p" | "blockquote" | "pre")
            || (p.ancestors())
                .take_while(|a| a.id() != root.id())
                .any(|a| pruned.contains(&a.id()))
        {
            continue;
        }
        let value = score::paragraph_value(&p);
        total += value;
        let Some(parent) = p.parent().and_then(ElementRef::wrap) else {
            continue;
        };
        let Some(class) = first_class(&parent) else {
            continue;
        };
        let kind = (parent.value().name(), class);
        match kinds.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, n)) => *n += value,
            None => kinds.push((kind, value)),
        }
    }
    let (kind, held) = kinds.into_iter().max_by_key(|(_, n)| *n)?;
    (held * 2 >= total && held > 0).then_some(kind)
}

/// A lead box (`story-intro`, `standfirst`) that links nowhere.
fn is_lead(doc: &Html, id: NodeId) -> bool {
    doc.tree
        .get(id)
        .and_then(ElementRef::wrap)
        .is_some_and(|el| dom::has_word(&el, STANDFIRST_WORDS) && link_chars(&el, str::len) == 0)
}

/// Whether a consent-named element wraps the story itself (a page wrapper
/// with a `cookie-banner-open` class).
fn holds_story(el: &ElementRef) -> bool {
    el.descendent_elements()
        .any(|d| matches!(d.value().name(), "article" | "main" | "h1"))
}
