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

use std::collections::HashMap;

use scraper::Html;

use super::super::SkipReason;

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

const VOID: &[&str] = &[
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image", "img",
    "input", "keygen", "link", "meta", "param", "source", "track", "wbr",
];
/// Start tags that close an open `<p>` (HTML's "in body" rules).
const CLOSES_P: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "header",
    "hgroup",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "search",
    "section",
    "summary",
    "ul",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "pre",
    "listing",
    "form",
    "li",
    "dd",
    "dt",
    "xmp",
    "plaintext",
];
/// HTML's "special" elements: an unknown end tag is ignored past one.
const SPECIAL: &[&str] = &[
    "address",
    "applet",
    "article",
    "aside",
    "blockquote",
    "body",
    "button",
    "caption",
    "center",
    "colgroup",
    "dd",
    "details",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "html",
    "li",
    "listing",
    "main",
    "marquee",
    "menu",
    "nav",
    "object",
    "ol",
    "p",
    "pre",
    "section",
    "select",
    "summary",
    "table",
    "tbody",
    "td",
    "template",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];
const TABLE_PARTS: &[&str] = &[
    "tbody", "thead", "tfoot", "tr", "td", "th", "caption", "colgroup",
];

// What an open element is to the tree builder's walks, one bit each.
const IS_SPECIAL: u8 = 1;
/// A boundary of the default scope (`applet`, `caption`, `td`, `table`…).
const SCOPE: u8 = 2;
/// A boundary of table scope (`html`, `table`, `template`).
const TABLE_SCOPE: u8 = 4;
/// `ol`, `ul`: also bound list-item scope.
const LIST: u8 = 8;
const BUTTON: u8 = 16;
const FOREIGN: u8 = 32;
/// A table's structure (not a cell's content).
const TABLE_BODY: u8 = 64;

fn flags(name: &str) -> u8 {
    let mut f = 0;
    if SPECIAL.contains(&name) {
        f |= IS_SPECIAL;
    }
    if matches!(
        name,
        "applet" | "caption" | "html" | "table" | "td" | "th" | "marquee" | "object" | "template"
    ) {
        f |= SCOPE;
    }
    if matches!(name, "html" | "table" | "template") {
        f |= TABLE_SCOPE;
    }
    if matches!(name, "ol" | "ul") {
        f |= LIST;
    }
    if name == "button" {
        f |= BUTTON;
    }
    if matches!(name, "svg" | "math") {
        f |= FOREIGN;
    }
    if matches!(name, "table" | "tbody" | "thead" | "tfoot" | "tr") {
        f |= TABLE_BODY;
    }
    f
}

/// FNV-1a: a name's identity on the stack (a clash costs nothing but a
/// slightly different depth estimate).
const fn hash(name: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut i = 0;
    while i < name.len() {
        h ^= name[i] as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
        i += 1;
    }
    h
}

#[derive(Clone, Copy)]
struct Open {
    hash: u64,
    flags: u8,
}

/// When a walk down the stack stops.
#[derive(Clone, Copy)]
enum Stop {
    /// At a boundary of these kinds (`SCOPE | BUTTON`…).
    Flags(u8),
    /// At a special element other than `address`, `div`, `p` (list items).
    Item,
}

/// The tree builder's stack of open elements, as far as depth goes.
struct Stack {
    names: Vec<Open>,
    open: HashMap<u64, usize>,
    /// Open `svg`/`math`: there `/>` closes an element, as in XML.
    foreign: usize,
    work: u64,
    max_work: u64,
}

impl Stack {
    fn new(max_work: u64) -> Stack {
        Stack {
            names: Vec::new(),
            open: HashMap::new(),
            foreign: 0,
            work: 0,
            max_work,
        }
    }

    fn start(&mut self, name: &str, self_closing: bool) -> Result<(), SkipReason> {
        self.charge(1)?;
        if VOID.contains(&name) || matches!(name, "html" | "head" | "body" | "frameset") {
            return Ok(());
        }
        if self_closing && self.foreign > 0 {
            return Ok(());
        }
        if CLOSES_P.contains(&name) {
            self.close(hash(b"p"), Stop::Flags(SCOPE | BUTTON))?;
        }
        match name {
            "li" => self.close_item(&[hash(b"li")])?,
            "dd" | "dt" => self.close_item(&[hash(b"dd"), hash(b"dt")])?,
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" if self.top_is(&HEADINGS) => self.pop(),
            "option" if self.top_is(&[hash(b"option")]) => self.pop(),
            "optgroup" => {
                while self.top_is(&[hash(b"option"), hash(b"optgroup")]) {
                    self.pop();
                }
            }
            "a" | "nobr" | "button" => self.close(hash(name.as_bytes()), Stop::Flags(SCOPE))?,
            "table" if self.top_flags() & TABLE_BODY != 0 => {
                self.close(hash(b"table"), Stop::Flags(TABLE_SCOPE))?
            }
            _ if TABLE_PARTS.contains(&name) => {
                if self.count(hash(b"table")) == 0 {
                    return Ok(()); // ignored outside a table
                }
                self.clear_back_to(name)?;
            }
            _ => {}
        }
        self.push(name)
    }

    fn end(&mut self, name: &str) -> Result<(), SkipReason> {
        self.charge(1)?;
        let h = hash(name.as_bytes());
        match name {
            "html" | "body" | "head" | "br" => Ok(()),
            "p" => self.close(h, Stop::Flags(SCOPE | BUTTON)),
            "li" => self.close(h, Stop::Flags(SCOPE | LIST)),
            _ if TABLE_PARTS.contains(&name) || name == "table" => {
                self.close(h, Stop::Flags(TABLE_SCOPE))
            }
            _ if self.foreign > 0 => self.close(h, Stop::Flags(0)),
            _ if SPECIAL.contains(&name) => self.close(h, Stop::Flags(SCOPE)),
            // Any other end tag: matched down to the first special element.
            _ => self.close(h, Stop::Flags(IS_SPECIAL)),
        }
    }

    /// Walks down to the nearest `target` and pops it with everything above,
    /// unless a `stop` element comes first. The walk is charged whether or
    /// not it finds anything: html5ever walks as far.
    fn close(&mut self, target: u64, stop: Stop) -> Result<(), SkipReason> {
        self.close_any(&[target], stop)
    }

    /// A new `<li>` (or `<dd>`/`<dt>`) closes the open one.
    fn close_item(&mut self, targets: &[u64]) -> Result<(), SkipReason> {
        self.close_any(targets, Stop::Item)
    }

    fn close_any(&mut self, targets: &[u64], stop: Stop) -> Result<(), SkipReason> {
        let (div, p, address) = (hash(b"div"), hash(b"p"), hash(b"address"));
        let mut steps = 0;
        let mut found = None;
        for (i, open) in self.names.iter().enumerate().rev() {
            steps += 1;
            if targets.contains(&open.hash) {
                found = Some(i);
                break;
            }
            let stops = match stop {
                Stop::Flags(f) => open.flags & f != 0,
                Stop::Item => {
                    open.flags & IS_SPECIAL != 0 && ![div, p, address].contains(&open.hash)
                }
            };
            if stops {
                break;
            }
        }
        self.charge(steps)?;
        if let Some(i) = found {
            self.truncate(i);
        }
        Ok(())
    }

    /// A table part closes the open parts it cannot sit in (a `<td>` the
    /// open cell, a `<tr>` the open row) down to the table.
    fn clear_back_to(&mut self, name: &str) -> Result<(), SkipReason> {
        let keep: &[&[u8]] = match name {
            "td" | "th" => &[b"tr", b"tbody", b"thead", b"tfoot"],
            "tr" => &[b"tbody", b"thead", b"tfoot"],
            _ => &[],
        };
        let keep: Vec<u64> = keep.iter().map(|k| hash(k)).collect();
        let mut steps = 0;
        let mut cut = None;
        for (i, open) in self.names.iter().enumerate().rev() {
            steps += 1;
            if keep.contains(&open.hash) || open.flags & TABLE_SCOPE != 0 {
                cut = Some(i + 1);
                break;
            }
        }
        self.charge(steps)?;
        if let Some(i) = cut {
            self.truncate(i);
        }
        Ok(())
    }

    fn push(&mut self, name: &str) -> Result<(), SkipReason> {
        if self.names.len() >= MAX_NESTING {
            return Err(too_deep());
        }
        let open = Open {
            hash: hash(name.as_bytes()),
            flags: flags(name),
        };
        if open.flags & FOREIGN != 0 {
            self.foreign += 1;
        }
        *self.open.entry(open.hash).or_default() += 1;
        self.names.push(open);
        Ok(())
    }

    fn pop(&mut self) {
        if let Some(open) = self.names.pop() {
            if open.flags & FOREIGN != 0 {
                self.foreign = self.foreign.saturating_sub(1);
            }
            if let Some(n) = self.open.get_mut(&open.hash) {
                *n = n.saturating_sub(1);
            }
        }
    }

    fn truncate(&mut self, len: usize) {
        while self.names.len() > len {
            self.pop();
        }
    }

    fn top_is(&self, names: &[u64]) -> bool {
        self.names.last().is_some_and(|o| names.contains(&o.hash))
    }

    fn top_flags(&self) -> u8 {
        self.names.last().map_or(0, |o| o.flags)
    }

    fn count(&self, h: u64) -> usize {
        self.open.get(&h).copied().unwrap_or(0)
    }

    fn charge(&mut self, steps: u64) -> Result<(), SkipReason> {
        self.work += steps;
        if self.work > self.max_work {
            return Err(SkipReason::HtmlTooCostly {
                depth: self.names.len(),
            });
        }
        Ok(())
    }
}

const HEADINGS: [u64; 6] = [
    hash(b"h1"),
    hash(b"h2"),
    hash(b"h3"),
    hash(b"h4"),
    hash(b"h5"),
    hash(b"h6"),
];

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
