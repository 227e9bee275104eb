//! A small element tree for one item (a WXR `<item>`, a NewsML-G2
//! `newsItem`, an NITF document), built from quick-xml events with a byte
//! budget and a depth cap, so a hostile item costs bounded memory and the
//! tree's (recursive) drop can never overflow the stack.

use crate::parse::html::guard::MAX_NESTING;

/// Nesting deeper than this is flattened into the deepest kept element:
/// its text stays, its structure does not.
pub const MAX_DEPTH: usize = 128;

/// Why a finished tree is not to be read as an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// Over the byte budget: only the item's direct children were kept.
    TooLarge,
    /// Nested deeper than `MAX_NESTING`, the limit every HTML has too.
    TooDeep,
}

#[derive(Debug, Clone, Default)]
pub struct Node {
    /// The qualified name as written (`wp:post_id`, `hl1`).
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Child>,
}

#[derive(Debug, Clone)]
pub enum Child {
    Node(Node),
    Text(String),
}

impl Node {
    /// The name without its prefix (`newsItem` for `nar:newsItem`).
    pub fn local(&self) -> &str {
        local(&self.name)
    }

    /// An attribute by qualified or local name.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name || local(k) == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn elements(&self) -> impl Iterator<Item = &Node> {
        self.children.iter().filter_map(|c| match c {
            Child::Node(n) => Some(n),
            Child::Text(_) => None,
        })
    }

    /// Child elements by qualified name, or by local name when `name` has no prefix.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.elements()
            .filter(move |n| n.name == name || (!name.contains(':') && n.local() == name))
    }

    pub fn child(&self, name: &str) -> Option<&Node> {
        self.elements()
            .find(|n| n.name == name || (!name.contains(':') && n.local() == name))
    }

    /// The element at a path of child names.
    pub fn path(&self, names: &[&str]) -> Option<&Node> {
        names.iter().try_fold(self, |n, name| n.child(name))
    }

    /// The first descendant (or self) with this local name, document order.
    pub fn find(&self, name: &str) -> Option<&Node> {
        if self.local() == name {
            return Some(self);
        }
        self.elements().find_map(|n| n.find(name))
    }

    /// Every descendant with this local name, document order.
    pub fn find_all<'a>(&'a self, name: &str, out: &mut Vec<&'a Node>) {
        for n in self.elements() {
            if n.local() == name {
                out.push(n);
            } else {
                n.find_all(name, out);
            }
        }
    }

    /// All text below, as written.
    pub fn text(&self) -> String {
        let mut out = String::new();
        self.text_into(&mut out);
        out
    }

    fn text_into(&self, out: &mut String) {
        for c in &self.children {
            match c {
                Child::Text(t) => out.push_str(t),
                Child::Node(n) => n.text_into(out),
            }
        }
    }

    /// All text below with whitespace collapsed; `None` when blank.
    pub fn clean_text(&self) -> Option<String> {
        let t = crate::parse::clean::normalize_space(&self.text());
        (!t.is_empty()).then_some(t)
    }
}

pub fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

/// Builds one tree from events; `limit` bounds the bytes it keeps.
pub struct Builder {
    stack: Vec<Node>,
    /// Elements opened beyond `MAX_DEPTH` (or after overflow) and not kept.
    flattened: usize,
    used: usize,
    limit: usize,
    pub overflowed: bool,
    pub too_deep: bool,
}

impl Builder {
    pub fn new(name: String, attrs: Vec<(String, String)>, limit: usize) -> Builder {
        let used = name.len();
        Builder {
            stack: vec![Node {
                name,
                attrs,
                children: Vec::new(),
            }],
            flattened: 0,
            used,
            limit,
            overflowed: false,
            too_deep: false,
        }
    }

    /// What kept the tree from being complete, if anything.
    pub fn limit(&self) -> Option<Limit> {
        if self.too_deep {
            Some(Limit::TooDeep)
        } else if self.overflowed {
            Some(Limit::TooLarge)
        } else {
            None
        }
    }

    /// The next element opened will not be kept (it is below one that was
    /// not, or beyond `MAX_DEPTH`).
    pub fn flattening(&self) -> bool {
        self.flattened > 0 || self.stack.len() >= MAX_DEPTH
    }

    /// Opens an element `flattening` said is not kept.
    pub fn open_flat(&mut self) {
        if self.stack.len() + self.flattened >= MAX_NESTING {
            self.too_deep = true;
        }
        self.flattened += 1;
    }

    pub fn open(&mut self, name: String, attrs: Vec<(String, String)>) {
        if self.stack.len() + self.flattened >= MAX_NESTING {
            self.too_deep = true;
        }
        // Only what may be kept costs memory (a flattened element is a
        // count). After overflow only the item's direct children are kept
        // (so its id can still be named); beyond the depth cap nothing
        // structural is.
        let structural = self.flattened == 0 && self.stack.len() < MAX_DEPTH;
        if structural {
            self.used +=
                name.len() + attrs.iter().map(|(k, v)| k.len() + v.len()).sum::<usize>() + 32;
            if self.used > self.limit {
                self.overflowed = true;
            }
        }
        let keep = structural && (!self.overflowed || self.stack.len() == 1);
        if keep {
            self.stack.push(Node {
                name,
                attrs,
                children: Vec::new(),
            });
        } else {
            self.flattened += 1;
        }
    }

    /// Closes an element; the finished tree once the root closes.
    pub fn close(&mut self) -> Option<Node> {
        if self.flattened > 0 {
            self.flattened -= 1;
            return None;
        }
        let node = self.stack.pop()?;
        match self.stack.last_mut() {
            Some(parent) => {
                parent.children.push(Child::Node(node));
                None
            }
            None => Some(node),
        }
    }

    pub fn text(&mut self, text: &str) {
        self.used += text.len();
        if self.used > self.limit {
            self.overflowed = true;
        }
        let depth = self.stack.len();
        let Some(node) = self.stack.last_mut() else {
            return;
        };
        if self.overflowed {
            // Keep short values (ids) only.
            let have: usize = node
                .children
                .iter()
                .map(|c| match c {
                    Child::Text(t) => t.len(),
                    Child::Node(_) => 0,
                })
                .sum();
            if have + text.len() > 256 || depth > 2 {
                return;
            }
        }
        match node.children.last_mut() {
            Some(Child::Text(t)) => t.push_str(text),
            _ => node.children.push(Child::Text(text.to_string())),
        }
    }
}
