//! Small questions asked of the page's DOM: what an element's class and id
//! say it is (navigation, a share bar, a byline…), its text, and whether it
//! is a block. All walks are iterative (`descendants`, `traverse`), so a page
//! nested 100k levels deep cannot overflow the stack.

use std::sync::LazyLock;

use ego_tree::NodeRef;

use scraper::{ElementRef, Node, Selector};

/// Elements that never hold article text. `rt`/`rp` are ruby annotations: the reading printed over a word (Japanese
/// furigana), not words of the text.
pub const NEVER_TEXT: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "iframe", "button", "select", "input",
    "textarea", "label", "object", "embed", "canvas", "video", "audio", "head", "title", "dialog",
    "rt", "rp",
];

/// Elements that are page furniture unless they hold the article.
pub const FURNITURE_TAGS: &[&str] = &["nav", "footer", "aside", "header", "menu"];

/// Class/id words that mark furniture: whole tokens of `related-links`,
/// `c-share__bar`, `most_read`.
const FURNITURE_WORDS: &[&str] = &[
    "nav",
    "navbar",
    "navigation",
    "menu",
    "footer",
    "sidebar",
    "related",
    "share",
    "sharing",
    "sharedaddy",
    "sharethis",
    "addtoany",
    "social",
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "newsletter",
    "subscribe",
    "subscription",
    "signup",
    "comment",
    "comments",
    "disqus",
    "promo",
    "ad",
    "ads",
    "advert",
    "adverts",
    "advertisement",
    "advertising",
    "publicidade",
    "publicidad",
    "werbung",
    "adslot",
    "sponsor",
    "sponsored",
    "breadcrumb",
    "breadcrumbs",
    "byline",
    "author",
    "authors",
    "recommended",
    "recommendations",
    "outbrain",
    "taboola",
    "modal",
    "popup",
    "mostread",
    "mostpopular",
    "readmore",
    "newsletters",
    "copyright",
    "bildnachweis",
    // Calls to action and appeals: "Support our journalism", "Join our
    // channel", "Tell us what you think".
    "cta",
    "donate",
    "donation",
];

/// Class/id words that mark furniture only when the element holds little
/// running text: Elementor wraps every block of a story in a
/// `widget-container`, recipe sites name their steps `tip-print-step`, and
/// a story behind a `paywall` class is still the story.
const WEAK_FURNITURE_WORDS: &[&str] = &[
    "widget",
    "print",
    "meta",
    "more",
    "also",
    "links",
    "rail",
    "banner",
    "masthead",
    "toolbar",
    "skip",
    "kicker",
    "eyebrow",
    "headline",
    "tag",
    "tags",
    "topics",
    "keywords",
    "popular",
    "trending",
    "login",
    "paywall",
    "teaser",
    "teasers",
    "credit",
    "credits",
    "follow",
    "pagination",
    "pager",
    "timestamp",
    "dateline",
];

/// Class/id words of what is never the story even when it holds most of the
/// page's text: consent dialogs, "outdated browser" banners.
const NEVER_STORY_WORDS: &[&str] = &[
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "cmp",
    "onetrust",
    "usercentrics",
    "didomi",
    "cookiebot",
    "outdated",
    "browserupgrade",
];

/// Class/id words of photo galleries and carousels: their captions are not
/// the story, unless the page holds nothing else (a photo story).
pub const GALLERY_WORDS: &[&str] = &[
    "gallery",
    "slideshow",
    "carousel",
    "slider",
    "swiper",
    "lightbox",
    "slides",
];

/// A consent dialog, a modal, an "update your browser" banner.
pub fn is_never_story(el: &ElementRef) -> bool {
    has_word(el, NEVER_STORY_WORDS)
        || el.attr("role") == Some("dialog")
        || el.attr("role") == Some("alertdialog")
        || el.attr("aria-modal") == Some("true")
}

/// Hidden from readers: `hidden`, `aria-hidden="true"`, an inline
/// `display: none` or `visibility: hidden` (a collapsed teaser, a screen-
/// reader copy of a caption, a template the site's script fills in).
pub fn is_hidden(el: &ElementRef) -> bool {
    let v = el.value();
    if v.attr("hidden").is_some() || v.attr("aria-hidden") == Some("true") {
        return true;
    }
    v.attr("style").is_some_and(|style| {
        let style: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect();
        style.contains("display:none") || style.contains("visibility:hidden")
    })
}

/// Class/id words of the standfirst (the lead under the headline).
pub const STANDFIRST_WORDS: &[&str] = &[
    "standfirst",
    "dek",
    "deck",
    "subheadline",
    "subhead",
    "subtitle",
    "summary",
    "lede",
    "strapline",
    "intro",
    "description",
    "excerpt",
    "sapo",
    "chapeau",
    "teaser",
    "lead",
    "leadtext",
    "vorspann",
    "einleitung",
    "abstract",
    "chapo",
    "bajada",
    "entradilla",
    "sommario",
    "perex",
    "ingress",
];

/// Block elements: each starts a new paragraph in the extracted text.
/// Inline elements (`span`, `em`, a drop cap's `<span>T</span>he`) add
/// nothing between their text and the next.
pub const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "blockquote",
    "figcaption",
    "figure",
    "pre",
    "table",
    "tr",
    "dl",
    "dt",
    "dd",
    // A table cell ends its text: `<td>1</td><td>2</td>` is not "12".
    "td",
    "th",
    "header",
    "footer",
    "aside",
    "address",
    "details",
    "summary",
    "hr",
];

/// The lowercase words of an element's class, id, role and
/// `data-component` (split on anything not a letter or digit).
pub fn words(el: &ElementRef) -> Vec<String> {
    let v = el.value();
    let mut out = Vec::new();
    for attr in [
        "class",
        "id",
        "role",
        "data-component",
        "data-testid",
        "data-gu-name",
    ] {
        if let Some(value) = v.attr(attr) {
            if attr == "id" && is_heading_slug(el, value) {
                continue;
            }
            let value = value.get(..value.len().min(400)).unwrap_or("");
            out.extend(
                value
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .map(str::to_lowercase),
            );
        }
    }
    out
}

/// An id made from the section's own heading (`<div id="sharing-with-a-
/// single-developer"><h2>Sharing with a single developer</h2>`, as docs
/// generators and blog themes write them) names the section's topic, not
/// its role on the page.
fn is_heading_slug(el: &ElementRef, id: &str) -> bool {
    let letters = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let Some(heading) = el
        .children()
        .filter_map(ElementRef::wrap)
        .take(3)
        .find(|c| matches!(c.value().name(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6"))
    else {
        return false;
    };
    let (id, title) = (letters(id), letters(&text_of(*heading)));
    id.chars().count() >= 12 && title.starts_with(&id)
}

/// How sure an element's class/id is that it is furniture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Named {
    /// `related`, `comments`, `share`: furniture whatever it holds.
    Furniture,
    /// `widget`, `meta`, `paywall`: furniture unless it holds running text.
    MaybeFurniture,
}

pub fn furniture_name(el: &ElementRef) -> Option<Named> {
    let words = words(el);
    if words.iter().any(|w| FURNITURE_WORDS.contains(&w.as_str())) {
        Some(Named::Furniture)
    } else if words
        .iter()
        .any(|w| WEAK_FURNITURE_WORDS.contains(&w.as_str()))
    {
        Some(Named::MaybeFurniture)
    } else {
        None
    }
}

/// True when the element's class/id names page furniture.
pub fn is_furniture_named(el: &ElementRef) -> bool {
    furniture_name(el).is_some()
}

/// A selector written in the source (a typo is a bug, found by the tests).
pub fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("valid selector")
}

pub fn has_word(el: &ElementRef, list: &[&str]) -> bool {
    words(el).iter().any(|w| list.contains(&w.as_str()))
}

/// The element's text with whitespace collapsed, skipping scripts and styles.
pub fn text_of(node: NodeRef<Node>) -> String {
    text_skipping(node, NEVER_TEXT)
}

/// The page's text as a reader scans it for a labelled date: with the
/// `<label>`s that `text_of` skips, since pages also use them for field
/// names that are not a form's (`<label>Letzte Änderung:</label><div>
/// 14.01.2022`); a form's own labels are read too, and name no date.
pub fn text_with_labels(node: NodeRef<Node>) -> String {
    static SKIPPED: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
        NEVER_TEXT
            .iter()
            .copied()
            .filter(|t| *t != "label")
            .collect()
    });
    text_skipping(node, &SKIPPED)
}

/// The text of `node` without the elements named in `never`.
fn text_skipping(node: NodeRef<Node>, never: &[&str]) -> String {
    let mut out = String::new();
    let mut skip_until: Option<ego_tree::NodeId> = None;
    for edge in node.traverse() {
        match edge {
            ego_tree::iter::Edge::Open(n) => {
                if skip_until.is_some() {
                    continue;
                }
                match n.value() {
                    Node::Element(e) if never.contains(&e.name()) => skip_until = Some(n.id()),
                    Node::Text(t) => out.push_str(t),
                    Node::Element(e) if e.name() == "br" => out.push(' '),
                    _ => {}
                }
            }
            ego_tree::iter::Edge::Close(n) => {
                if skip_until == Some(n.id()) {
                    skip_until = None;
                }
            }
        }
        if out.len() > 1_000_000 {
            break;
        }
    }
    super::super::clean::normalize_space(&out)
}

#[cfg(test)]
mod tests {
    use scraper::{Html, Selector};

    use super::is_furniture_named;

    fn named(html: &str) -> bool {
        let doc = Html::parse_fragment(html);
        let div = doc
            .select(&Selector::parse("div").expect("valid selector"))
            .next()
            .expect("a div");
        is_furniture_named(&div)
    }

    #[test]
    fn heading_slug_ids_name_no_furniture() {
        // A docs section whose id is made from its heading.
        assert!(!named(
            "<div id=\"sharing-with-a-single-developer\"><h2>Sharing with a single \
             developer¶</h2><p>Once you have mastered mutable history…</p></div>"
        ));
        // The same word as a component's id, or an id unlike the heading.
        assert!(named(
            "<div id=\"sharing\"><a href=\"#\">Facebook</a></div>"
        ));
        assert!(named(
            "<div id=\"related-stories-rail\"><h2>More from the desk</h2></div>"
        ));
    }
}
