//! Bodies as text: paragraphs kept (a blank line between them), markup,
//! WordPress shortcodes and control characters gone.
//!
//! XML bodies (NITF `body.content`, XHTML in NewsML `inlineXML`) are element
//! trees already; WordPress `content:encoded` is HTML soup that only an HTML
//! parser reads right (html5ever via scraper, through the guard every HTML
//! passes). WordPress stores paragraphs as blank lines rather than `<p>`
//! (its `wpautop` adds them on display), so blank lines in HTML text also
//! separate paragraphs.
//!
//! Only block elements separate text: an inline element adds nothing the
//! source does not have, so a drop cap (`<span class="dropcap">T</span>he`,
//! `[dropcap]T[/dropcap]he`) stays one word.

use std::sync::LazyLock;

use ego_tree::iter::Edge;
use regex::Regex;
use scraper::Node as HtmlNode;

use super::super::SkipReason;
use super::super::clean::normalize_space;
use super::super::html::guard;
use super::tree::{Child, Node};

/// Elements that end a paragraph (XML and HTML alike).
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hl1",
    "hl2",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "block",
    "media-caption",
    "caption",
    "figcaption",
    "figure",
    "table",
    "tr",
    "section",
    "article",
    "header",
    "footer",
    "hr",
    "address",
    "body.content",
];
/// Table cells: a space between them, not a paragraph each.
const CELLS: &[&str] = &["td", "th"];
/// Elements whose content is never body text.
const DROPPED: &[&str] = &[
    "script",
    "style",
    "noscript",
    "iframe",
    "object",
    "embed",
    "video",
    "audio",
    "svg",
    "canvas",
    "form",
    "button",
    "select",
    "template",
    "head",
    "media-reference",
    "media-metadata",
    "media-producer",
    "img",
];

/// Collapses whitespace inside paragraphs, drops control characters and
/// empty paragraphs; paragraphs are separated by `\u{2029}` or blank lines.
fn paragraphs(raw: &str) -> String {
    let raw: String = raw
        .chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\u{2029}')
        .collect();
    let mut out: Vec<String> = Vec::new();
    for para in raw.split('\u{2029}').flat_map(|p| p.split("\n\n")) {
        let lines: Vec<String> = para
            .lines()
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|l| !l.is_empty())
            .collect();
        if !lines.is_empty() {
            out.push(lines.join("\n"));
        }
    }
    out.join("\n\n")
}

/// The text of an XML body tree; whitespace inside a block is one space.
pub fn xml_text(node: &Node) -> String {
    let mut raw = String::new();
    xml_into(node, &mut raw);
    paragraphs(&raw)
}

fn xml_into(node: &Node, out: &mut String) {
    let local = node.local();
    if DROPPED.contains(&local) {
        return;
    }
    let block = BLOCKS.contains(&local);
    if block {
        out.push('\u{2029}');
    } else if CELLS.contains(&local) {
        out.push(' ');
    }
    for c in &node.children {
        match c {
            Child::Text(t) => {
                out.extend(t.chars().map(|c| if c.is_whitespace() { ' ' } else { c }))
            }
            Child::Node(n) => xml_into(n, out),
        }
    }
    if block {
        out.push('\u{2029}');
    }
}

/// Plain text as delivered (`inlineData`): blank lines separate paragraphs.
pub fn plain_text(text: &str) -> String {
    paragraphs(&text.replace("\r\n", "\n"))
}

/// `[caption …]<img …>Caption text[/caption]` keeps its text; these go
/// with their content: a gallery, an embed or player is not prose.
static DROPPED_SHORTCODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?is)\[(embed|video|audio|playlist|wpvideo|youtube|vimeo|soundcloud|code|sourcecode)\b[^\]]*\].*?\[/(?:embed|video|audio|playlist|wpvideo|youtube|vimeo|soundcloud|code|sourcecode)\]")
        .expect("valid regex")
});
/// Known shortcode tags alone (`[gallery ids="1,2"]`, `[caption …]`, the
/// closing `[/caption]`); unknown bracketed text (`[sic]`, `[1]`) stays.
/// A block's tag leaves a space where it stood.
static SHORTCODE_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\[/?(caption|wp_caption|gallery|embed|video|audio|playlist|wpvideo|youtube|vimeo|soundcloud|tweet|instagram|googlemaps|contact-form|contact-field|gravityform|audio|pullquote|column|one_half|one_third|button)\b[^\]]*\]")
        .expect("valid regex")
});
/// Inline shortcodes wrap part of a word (`[dropcap]T[/dropcap]he`): their
/// tags leave nothing.
static INLINE_SHORTCODE_TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\[/?(dropcap|highlight)\b[^\]]*\]").expect("valid regex"));
/// The old `[caption caption="Text"]` form keeps its attribute's text.
static CAPTION_ATTR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\[caption\b[^\]]*?\bcaption="([^"]*)"[^\]]*\]"#).expect("valid regex")
});

pub fn strip_shortcodes(html: &str) -> String {
    let s = DROPPED_SHORTCODE.replace_all(html, "");
    let s = CAPTION_ATTR.replace_all(&s, "[caption] $1 ");
    let s = INLINE_SHORTCODE_TAG.replace_all(&s, "");
    SHORTCODE_TAG.replace_all(&s, " ").into_owned()
}

/// WordPress content or NewsML `inlineData` HTML to text; the guard's
/// reason when the HTML is too deep or too large to parse.
pub fn html_text(html: &str) -> Result<String, SkipReason> {
    if !html.contains(['<', '&', '[']) {
        // No markup, entity or shortcode: the text is as written (most
        // titles and names; this spares 50,000 small parses an export).
        return Ok(plain_text(html));
    }
    let html = strip_shortcodes(html);
    let doc = guard::fragment(&html)?;
    let mut raw = String::new();
    // An iterative walk (no recursion): a block opens and closes a
    // paragraph, a cell is a space, text below a dropped element is skipped.
    let mut dropped = None;
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) if dropped.is_none() => match node.value() {
                HtmlNode::Element(e) if DROPPED.contains(&e.name()) => dropped = Some(node.id()),
                HtmlNode::Element(e) if BLOCKS.contains(&e.name()) => raw.push('\u{2029}'),
                HtmlNode::Element(e) if CELLS.contains(&e.name()) => raw.push(' '),
                HtmlNode::Text(t) => raw.push_str(t),
                _ => {}
            },
            Edge::Open(_) => {}
            Edge::Close(node) => {
                if dropped == Some(node.id()) {
                    dropped = None;
                } else if dropped.is_none()
                    && node
                        .value()
                        .as_element()
                        .is_some_and(|e| BLOCKS.contains(&e.name()))
                {
                    raw.push('\u{2029}');
                }
            }
        }
    }
    Ok(paragraphs(&raw))
}

/// A one-line HTML value (a WordPress title, category or display name):
/// entities decoded once (the XML parser decoded the XML layer; WordPress
/// writes names HTML-escaped, often inside CDATA), tags gone. Kept as
/// written if the guard refuses it.
pub fn html_line(html: &str) -> String {
    normalize_space(&html_text(html).unwrap_or_else(|_| html.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wordpress_bodies() {
        let cases = [
            ("One\n\nTwo &amp; three", "One\n\nTwo & three"),
            (
                "[caption id=\"a\" width=\"300\"]<img src=\"x.jpg\"> A harbour at dawn[/caption]\n\nText",
                "A harbour at dawn\n\nText",
            ),
            ("[gallery ids=\"1,2\"]\n\nAfter", "After"),
            ("[embed]https://youtu.be/x[/embed]Kept [sic]", "Kept [sic]"),
            ("<p>A</p><p>B<script>evil()</script></p>", "A\n\nB"),
            (
                "[caption caption=\"Old form\"]<img src=x>[/caption]",
                "Old form",
            ),
            // Inline elements add no space, blocks and cells separate.
            ("<p><span class=\"dropcap\">T</span>he end</p>", "The end"),
            ("[dropcap]T[/dropcap]he end", "The end"),
            ("<p>A</p><span>B</span>", "A\n\nB"),
            ("<table><tr><td>1</td><td>2</td></tr></table>", "1 2"),
        ];
        for (html, want) in cases {
            assert_eq!(html_text(html).as_deref(), Ok(want), "{html}");
        }
    }
}
