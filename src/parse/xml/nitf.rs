//! NITF (`<nitf>`), the wire services' article markup. A file is one
//! article; NITF has no status, so every NITF file with a body is one. The
//! same reading serves NITF carried inside a NewsML-G2 `inlineXML`.

use std::sync::LazyLock;

use regex::Regex;

use super::super::clean;
use super::super::header::Meta;
use super::super::{Draft, Event, Item, Skip, SkipReason};
use super::tree::{Limit, Node};
use super::{Handler, body, refused};

pub struct Nitf {
    rel_path: String,
}

impl Nitf {
    pub fn new(rel_path: &str) -> Nitf {
        Nitf {
            rel_path: rel_path.to_string(),
        }
    }
}

impl Handler for Nitf {
    fn wants(&self, _name: &str, depth: usize) -> bool {
        depth == 0
    }

    fn tree(&mut self, node: Node, limit: Option<Limit>, emit: &mut dyn FnMut(Event)) {
        let skip = |reason| {
            Event::Skip(Skip {
                path: self.rel_path.clone(),
                reason,
            })
        };
        if let Some(limit) = limit {
            return emit(skip(refused(limit, "the document")));
        }
        let body = body_text(&node);
        if body.is_empty() {
            return emit(skip(SkipReason::NoBody));
        }
        emit(Event::Item(Box::new(Item {
            fragment: None,
            draft: Draft {
                meta: meta(&node),
                body,
                ..Draft::default()
            },
        })));
    }

    fn finish(&mut self, _emit: &mut dyn FnMut(Event)) {}
}

/// Every `nitf/body/body.content`: paragraphs, block headings, media
/// captions. A `body.content` elsewhere (inside a `note` in the `head`) is
/// not the story.
pub fn body_text(nitf: &Node) -> String {
    let parts: Vec<String> = nitf
        .child("body")
        .into_iter()
        .flat_map(|b| b.all("body.content"))
        .map(body::xml_text)
        .filter(|t| !t.is_empty())
        .collect();
    parts.join("\n\n")
}

pub fn meta(nitf: &Node) -> Meta {
    let head = nitf.child("head");
    let title = nitf
        .find("hedline")
        .and_then(|h| h.child("hl1"))
        .and_then(Node::clean_text)
        .or_else(|| {
            head.and_then(|h| h.child("title"))
                .and_then(Node::clean_text)
        });
    let pubdata = head.and_then(|h| h.child("pubdata"));
    let desk = pubdata
        .and_then(|p| p.attr("position.section"))
        .map(clean::normalize_space)
        .filter(|d| !d.is_empty())
        .or_else(|| {
            head?
                .all("meta")
                .find(|m| {
                    m.attr("name")
                        .is_some_and(|n| n.eq_ignore_ascii_case("section"))
                })
                .and_then(|m| m.attr("content"))
                .map(clean::normalize_space)
        });
    let docdata = head.and_then(|h| h.child("docdata"));
    let date = docdata
        .and_then(|d| d.child("date.issue"))
        .and_then(|d| d.attr("norm"))
        .or_else(|| pubdata.and_then(|p| p.attr("date.publication")))
        .map(str::to_string);
    let tags = docdata
        .and_then(|d| d.child("key-list"))
        .map(|k| {
            k.all("keyword")
                .filter_map(|w| w.attr("key").map(clean::normalize_space))
                .collect()
        })
        .unwrap_or_default();
    Meta {
        title,
        authors: authors(nitf),
        desk,
        date,
        tags,
        lang: stated_lang(nitf),
        ..Meta::default()
    }
}

/// NITF's `xml:lang`, on the root, `head` or `body`.
fn stated_lang(nitf: &Node) -> Option<String> {
    [Some(nitf), nitf.child("head"), nitf.child("body")]
        .into_iter()
        .flatten()
        .find_map(|n| n.attr("xml:lang"))
        .map(str::to_string)
}

/// Every `byline`: its `person`s, else its text without `By`, without the
/// `byttl` and without what follows the first comma or slash.
fn authors(nitf: &Node) -> Vec<String> {
    let mut bylines = Vec::new();
    nitf.find_all("byline", &mut bylines);
    let mut out = Vec::new();
    for byline in bylines {
        let mut persons = Vec::new();
        byline.find_all("person", &mut persons);
        if !persons.is_empty() {
            out.extend(
                persons
                    .iter()
                    .filter_map(|p| p.clean_text())
                    .flat_map(|p| clean::split_names(&UNEXPANDED.replace_all(&p, "")))
                    .filter(|n| names_someone(n)),
            );
            continue;
        }
        let mut text = String::new();
        for c in &byline.children {
            match c {
                super::tree::Child::Text(t) => text.push_str(t),
                super::tree::Child::Node(n) if n.local() != "byttl" => text.push_str(&n.text()),
                super::tree::Child::Node(_) => text.push(','),
            }
        }
        let text = clean::normalize_space(&UNEXPANDED.replace_all(&text, ""));
        let first = text.split([',', '/']).next().unwrap_or("");
        out.extend(
            clean::split_names(first)
                .into_iter()
                .filter(|n| names_someone(n)),
        );
    }
    out
}

/// An entity reference still written out (`&author;` once escaped as
/// `&amp;author;`): a placeholder, never part of a name.
pub static UNEXPANDED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"&[A-Za-z_][A-Za-z0-9._-]*;").expect("valid regex"));

/// False for what is left of a byline whose name never arrived: a bare
/// `By` (`By &author;`, the entity declared in a DTD atlas never reads).
pub fn names_someone(name: &str) -> bool {
    let bare = name.trim_matches(|c: char| !c.is_alphanumeric());
    !(bare.is_empty() || bare.eq_ignore_ascii_case("by"))
}
