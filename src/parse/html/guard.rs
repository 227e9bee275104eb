//! The one door to html5ever: every HTML the readers parse — a page, a WARC
//! record, a WordPress `content:encoded`, a NewsML `inlineData` — goes
//! through `document` or `fragment`, which first bound its size and the
//! work its nesting would cost.
//!
//! Why: html5ever's tree builder walks its stack of open elements for many
//! tags ("is a `<p>` in button scope?"), so its time grows with depth ×
//! tags — measured in release: 4,096 nested `<div>`s parse in 0.1 s, 16,000
//! in 1.4 s, 64,000 in 60 s; 4,000 `<div>`s followed by 100,000 `<p>`s take
//! 7.7 s. Real pages nest a few dozen levels. A linear scan here replays
//! the tree builder's stack closely enough (implied end tags, scopes, raw
//! text, void elements) to refuse such input before html5ever sees it.

use scraper::Html;

use super::super::SkipReason;
use super::open_elements::{Stack, hash};

/// Elements open at once beyond which HTML is refused (real pages: < 100).
pub const MAX_NESTING: usize = 4096;
/// HTML handed to html5ever at once. Pages, WARC records and XML items are
/// each held to 32 MB of bytes before they are decoded; their text may grow
/// in decoding (Windows-1252 or Shift_JIS to UTF-8), hence twice that.
pub const MAX_HTML_BYTES: usize = 64 * 1024 * 1024;
/// Stack entries the tree builder would walk, summed over all tags. A real
/// 32 MB page (a million tags, a few dozen deep) stays well below; at the
/// measured ~20 ns a step this is about 2.5 s of html5ever at worst.
pub const MAX_WORK: u64 = 128 * 1024 * 1024;

/// The skip reason of anything nested deeper than `MAX_NESTING` (HTML here,
/// XML trees in `parse::xml`): one wording for every reader.
pub fn too_deep() -> SkipReason {
    SkipReason::TooDeep { limit: MAX_NESTING }
}

/// A whole page (`<html>…`), checked, then parsed.
pub fn document(html: &str) -> Result<Html, SkipReason> {
    check(html)?;
    Ok(Html::parse_document(html))
}

/// A piece of HTML (a post's content, a title), checked, then parsed.
pub fn fragment(html: &str) -> Result<Html, SkipReason> {
    check(html)?;
    Ok(Html::parse_fragment(html))
}

/// Refuses HTML too large, too deep, or too costly for html5ever.
pub fn check(html: &str) -> Result<(), SkipReason> {
    scan(html, MAX_WORK)
}

fn scan(html: &str, max_work: u64) -> Result<(), SkipReason> {
    if html.len() > MAX_HTML_BYTES {
        return Err(SkipReason::HtmlTooLarge {
            size: html.len() as u64,
            limit: MAX_HTML_BYTES as u64,
        });
    }
    let mut stack = Stack::new(max_work);
    let bytes = html.as_bytes();
    let mut at = 0;
    while let Some(lt) = html.get(at..).and_then(|rest| rest.find('<')) {
        let start = at + lt;
        let Some(&next) = bytes.get(start + 1) else {
            break;
        };
        at = match next {
            b'!' if bytes.get(start..start + 4) == Some(b"<!--") => {
                find(bytes, start + 2, b"-->").map_or(bytes.len(), |i| i + 3)
            }
            b'!' | b'?' => find(bytes, start, b">").map_or(bytes.len(), |i| i + 1),
            b'/' => {
                let (name, end) = tag_name(bytes, start + 2);
                if !name.is_empty() {
                    stack.end(&name)?;
                }
                find(bytes, end, b">").map_or(bytes.len(), |i| i + 1)
            }
            c if c.is_ascii_alphabetic() => {
                let (name, end) = tag_name(bytes, start + 1);
                let (close, self_closing) = tag_end(bytes, end);
                let Some(close) = close else { break };
                stack.start(&name, self_closing)?;
                match name.as_str() {
                    "plaintext" => break,
                    // Raw text: no tags until the matching end tag.
                    "script" | "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript"
                    | "textarea" | "title"
                        if stack.foreign == 0 =>
                    {
                        if stack.top_is(&[hash(name.as_bytes())]) {
                            stack.pop();
                        }
                        raw_text_end(bytes, close, &name)
                    }
                    _ => close,
                }
            }
            _ => start + 1,
        };
    }
    Ok(())
}

/// Lowercase tag name at `from` and where it ends.
fn tag_name(bytes: &[u8], from: usize) -> (String, usize) {
    let rest = bytes.get(from..).unwrap_or_default();
    let len = rest
        .iter()
        .position(|b| b.is_ascii_whitespace() || *b == b'/' || *b == b'>')
        .unwrap_or(rest.len());
    let name = String::from_utf8_lossy(rest.get(..len).unwrap_or_default()).to_lowercase();
    (name, from + len)
}

/// The byte after a start tag's `>` (attribute values may hold `>`), and
/// whether it ended with `/>`; `None` when the input ends inside the tag.
fn tag_end(bytes: &[u8], from: usize) -> (Option<usize>, bool) {
    let mut quote: Option<u8> = None;
    let mut after_eq = false;
    let mut i = from;
    while let Some(&b) = bytes.get(i) {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'>' => {
                let self_closing = i > from && bytes.get(i - 1) == Some(&b'/');
                return (Some(i + 1), self_closing);
            }
            None if after_eq && (b == b'"' || b == b'\'') => quote = Some(b),
            None => {}
        }
        if quote.is_none() && !b.is_ascii_whitespace() {
            after_eq = b == b'=';
        }
        i += 1;
    }
    (None, false)
}

/// Where `</name` (any case) starts after `from`, else the end.
fn raw_text_end(bytes: &[u8], from: usize, name: &str) -> usize {
    let mut i = from;
    while let Some(at) = find(bytes, i, b"</") {
        let candidate = bytes.get(at + 2..at + 2 + name.len()).unwrap_or_default();
        if candidate.eq_ignore_ascii_case(name.as_bytes()) {
            return at;
        }
        i = at + 2;
    }
    bytes.len()
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_shapes_pass() {
        // Unclosed paragraphs, list items, cells and options close each
        // other as in a browser.
        let unclosed = "<div><p>a<p>b<ul><li>x<li>y</ul><dl><dt>t<dd>d</dl><h2>h<h3>i</h3>\
                        <table><tr><td>1<td>2<tr><td>3</table><table><td>no tr</table>\
                        <select><option>a<option>b</select><a href=x>one<a href=y>two</div>"
            .repeat(5000);
        assert_eq!(check(&unclosed), Ok(()));
        // Tags inside scripts, comments and text areas are text.
        let raw = format!(
            "<script>{}</script><!-- {} --><textarea>{}</textarea><STYLE>{}</style >",
            "var s = '<div>';".repeat(10_000),
            "<div>".repeat(10_000),
            "<b>".repeat(10_000),
            "<i>".repeat(10_000)
        );
        assert_eq!(check(&raw), Ok(()));
        let svg = format!("<svg>{}</svg>", "<path d='M0 0'/>".repeat(10_000));
        assert_eq!(check(&svg), Ok(()));
        let attrs = "<a href=\"x>y\" title='<div>'>t</a>".repeat(10_000);
        assert_eq!(check(&attrs), Ok(()));
    }

    #[test]
    fn deep_shapes_are_refused() {
        let deep = [
            "<div>".repeat(5000),
            // `/>` does not close an HTML element.
            "<div/>".repeat(5000),
            // End tags html5ever ignores (nothing of that name is open, or a
            // scope boundary stands between) close nothing here either.
            "<div></span>".repeat(5000),
            "<div><table></div>".repeat(3000),
            "<b>".repeat(5000),
            "<svg>".to_string() + &"<g>".repeat(5000),
        ];
        for html in deep {
            assert_eq!(check(&html), Err(too_deep()), "{}", &html[..20]);
        }
        let large = " ".repeat(MAX_HTML_BYTES + 1);
        assert!(matches!(
            check(&large),
            Err(SkipReason::HtmlTooLarge { .. })
        ));
    }

    /// Many blocks under a deep stack: each `<p>` makes html5ever walk the
    /// 4,000 open `<div>`s. Scanned with a smaller budget to stay quick;
    /// the same page of shallow blocks passes that budget.
    #[test]
    fn costly_shapes_are_refused() {
        let budget = 10_000_000;
        let costly = "<div>".repeat(4000) + &"<p>x</p>".repeat(5_000);
        assert_eq!(
            scan(&costly, budget),
            Err(SkipReason::HtmlTooCostly { depth: 4000 })
        );
        let shallow = "<div>".repeat(30) + &"<p>x</p>".repeat(5_000);
        assert_eq!(scan(&shallow, budget), Ok(()));
        // An end tag with nothing to close walks the stack all the same.
        let stray = "<span>".repeat(4000) + &"</div>".repeat(5_000);
        assert!(matches!(
            scan(&stray, budget),
            Err(SkipReason::HtmlTooCostly { .. })
        ));
    }
}
