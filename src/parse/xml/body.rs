//! Bodies as text: paragraphs kept (a blank line between them), markup,
//! WordPress shortcodes and control characters gone.
//!
//! XML bodies (NITF `body.content`, XHTML in NewsML `inlineXML`) are element
//! trees already; WordPress `content:encoded` is HTML soup that only an HTML
//! parser reads right (html5ever via scraper). WordPress stores paragraphs
//! as blank lines rather than `<p>` (its `wpautop` adds them on display), so
//! blank lines in HTML text also separate paragraphs.

use std::sync::LazyLock;

use regex::Regex;
use scraper::{Html, Node as HtmlNode};

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
static SHORTCODE_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\[/?(caption|wp_caption|gallery|embed|video|audio|playlist|wpvideo|youtube|vimeo|soundcloud|tweet|instagram|googlemaps|contact-form|contact-field|gravityform|audio|pullquote|dropcap|column|one_half|one_third|button)\b[^\]]*\]")
        .expect("valid regex")
});
/// The old `[caption caption="Text"]` form keeps its attribute's text.
static CAPTION_ATTR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\[caption\b[^\]]*?\bcaption="([^"]*)"[^\]]*\]"#).expect("valid regex")
});

pub fn strip_shortcodes(html: &str) -> String {
    let s = DROPPED_SHORTCODE.replace_all(html, "");
    let s = CAPTION_ATTR.replace_all(&s, "[caption] $1 ");
    SHORTCODE_TAG.replace_all(&s, " ").into_owned()
}

/// WordPress content (HTML, shortcodes) to text.
pub fn html_text(html: &str) -> String {
    let html = strip_shortcodes(html);
    let doc = Html::parse_fragment(&html);
    let mut raw = String::new();
    // `descendants` is a pre-order walk without recursion; a block opens a
    // paragraph, and text below a dropped element is skipped.
    for node in doc.tree.root().descendants() {
        match node.value() {
            HtmlNode::Element(e) if BLOCKS.contains(&e.name()) => raw.push('\u{2029}'),
            HtmlNode::Text(t) => {
                let dropped = node.ancestors().any(|a| {
                    a.value()
                        .as_element()
                        .is_some_and(|e| DROPPED.contains(&e.name()))
                });
                if !dropped {
                    // Text after a closed block starts a new paragraph.
                    let after_block = node.prev_sibling().is_some_and(|p| {
                        p.value()
                            .as_element()
                            .is_some_and(|e| BLOCKS.contains(&e.name()))
                    });
                    if after_block {
                        raw.push('\u{2029}');
                    }
                    raw.push_str(t);
                }
            }
            _ => {}
        }
    }
    paragraphs(&raw)
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
        ];
        for (html, want) in cases {
            assert_eq!(html_text(html), want, "{html}");
        }
    }
}
