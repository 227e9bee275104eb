//! The tree builder's stack of open elements, replayed for `guard`: which
//! start and end tags close what (implied end tags, scopes, list items,
//! table parts), and the stack entries html5ever would walk doing it —
//! the work `guard` bounds.

use std::collections::HashMap;

use super::super::SkipReason;
use super::guard::{MAX_NESTING, too_deep};

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
pub(super) const fn hash(name: &[u8]) -> u64 {
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
pub(super) struct Stack {
    names: Vec<Open>,
    open: HashMap<u64, usize>,
    /// Open `svg`/`math`: there `/>` closes an element, as in XML.
    pub(super) foreign: usize,
    work: u64,
    max_work: u64,
}

impl Stack {
    pub(super) fn new(max_work: u64) -> Stack {
        Stack {
            names: Vec::new(),
            open: HashMap::new(),
            foreign: 0,
            work: 0,
            max_work,
        }
    }

    pub(super) fn start(&mut self, name: &str, self_closing: bool) -> Result<(), SkipReason> {
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

    pub(super) fn end(&mut self, name: &str) -> Result<(), SkipReason> {
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

    pub(super) fn pop(&mut self) {
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

    pub(super) fn top_is(&self, names: &[u64]) -> bool {
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
