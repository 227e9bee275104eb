//! IPTC NewsML-G2: a `newsItem`, or several inside a `newsMessage` (or
//! other item sets). Each text item that is not canceled is an article;
//! pictures, graphics, video, packages and concepts are counted in one
//! warning. Ids: the plain path when the file holds one text item, else
//! `path#N` with N counting text `newsItem`s in document order (canceled
//! ones included, so a later item keeps its number when an earlier one is
//! withdrawn). Items are emitted at the end of the file, when the count is
//! known.

use super::super::clean;
use super::super::header::Meta;
use super::super::{Draft, Event, Item, Skip, SkipReason};
use super::tree::{Limit, Node};
use super::{Handler, body, count, nitf, non_articles_warning, refused};

const ITEMS: &[&str] = &[
    "newsItem",
    "packageItem",
    "conceptItem",
    "knowledgeItem",
    "planningItem",
    "catalogItem",
];

pub fn is_root(local: &str) -> bool {
    local == "newsMessage" || ITEMS.contains(&local)
}

pub struct NewsMl {
    rel_path: String,
    /// One entry per text newsItem: the article, or why it is not one.
    texts: Vec<Result<Item, SkipReason>>,
    not_articles: Vec<(String, usize)>,
}

impl NewsMl {
    pub fn new(rel_path: &str) -> NewsMl {
        NewsMl {
            rel_path: rel_path.to_string(),
            texts: Vec::new(),
            not_articles: Vec::new(),
        }
    }
}

impl Handler for NewsMl {
    fn wants(&self, name: &str, _depth: usize) -> bool {
        ITEMS.contains(&super::tree::local(name))
    }

    fn tree(&mut self, node: Node, limit: Option<Limit>, _emit: &mut dyn FnMut(Event)) {
        let kind = match node.local() {
            "newsItem" => item_class(&node),
            "packageItem" => "package".to_string(),
            "planningItem" => "planning".to_string(),
            _ => "concept".to_string(),
        };
        if kind != "text" {
            return count(&mut self.not_articles, &kind);
        }
        let canceled = node
            .path(&["itemMeta", "pubStatus"])
            .and_then(|p| p.attr("qcode"))
            .is_some_and(|q| q.contains("canceled") || q.contains("cancelled"));
        if canceled {
            self.texts
                .push(Err(SkipReason::NotAnArticle("canceled".to_string())));
            return count(&mut self.not_articles, "canceled");
        }
        if let Some(limit) = limit {
            return self.texts.push(Err(refused(limit, "the newsItem")));
        }
        let body = match body_text(&node) {
            Ok(body) => body,
            Err(reason) => return self.texts.push(Err(reason)),
        };
        if body.is_empty() {
            return self.texts.push(Err(SkipReason::NoBody));
        }
        self.texts.push(Ok(Item {
            fragment: None,
            draft: Draft {
                meta: meta(&node),
                body,
                ..Draft::default()
            },
        }));
    }

    fn finish(&mut self, emit: &mut dyn FnMut(Event)) {
        let several = self.texts.len() > 1;
        for (i, entry) in std::mem::take(&mut self.texts).into_iter().enumerate() {
            let fragment = several.then(|| (i + 1).to_string());
            match entry {
                Ok(mut item) => {
                    item.fragment = fragment;
                    emit(Event::Item(Box::new(item)));
                }
                // A canceled item is in the warning's count, not a skip line.
                Err(SkipReason::NotAnArticle(_)) => {}
                Err(reason) => emit(Event::Skip(Skip {
                    path: match fragment {
                        Some(n) => format!("{}#{n}", self.rel_path),
                        None => self.rel_path.clone(),
                    },
                    reason,
                })),
            }
        }
        if let Some(w) = non_articles_warning(&self.rel_path, &self.not_articles) {
            emit(w);
        }
    }
}

/// `ninat:text` or `…/ninature/text` → `text`.
fn item_class(item: &Node) -> String {
    let class = item.path(&["itemMeta", "itemClass"]);
    let code = class
        .and_then(|c| c.attr("qcode").or_else(|| c.attr("uri")))
        .unwrap_or("text");
    code.rsplit([':', '/'])
        .next()
        .unwrap_or(code)
        .to_lowercase()
}

/// The first `inlineXML` with text, else the first `inlineData`; the
/// guard's reason when an HTML `inlineData` cannot be parsed.
fn body_text(item: &Node) -> Result<String, SkipReason> {
    let Some(set) = item.child("contentSet") else {
        return Ok(String::new());
    };
    for x in set.all("inlineXML") {
        let text = match x.find("nitf") {
            Some(n) => nitf::body_text(n),
            None => body::xml_text(x.find("body").unwrap_or(x)),
        };
        if !text.is_empty() {
            return Ok(text);
        }
    }
    for d in set.all("inlineData") {
        let html = d.attr("contenttype").is_some_and(|c| c.contains("html"));
        let text = if html {
            body::html_text(&d.text())?
        } else {
            body::plain_text(&d.text())
        };
        if !text.is_empty() {
            return Ok(text);
        }
    }
    Ok(String::new())
}

fn meta(item: &Node) -> Meta {
    let cm = item.child("contentMeta");
    let im = item.child("itemMeta");
    let cm_text = |name: &str| cm.and_then(|c| c.child(name)).and_then(Node::clean_text);
    let im_text = |name: &str| im.and_then(|c| c.child(name)).and_then(Node::clean_text);
    let headlines: Vec<&Node> = cm.map(|c| c.all("headline").collect()).unwrap_or_default();
    let title = headlines
        .iter()
        .find(|h| h.attr("role").is_none())
        .or(headlines.first())
        .and_then(|h| h.clean_text());
    let date = cm_text("contentCreated")
        .or_else(|| im_text("firstCreated"))
        .or_else(|| im_text("versionCreated"));
    let tags = cm
        .map(|c| c.all("keyword").filter_map(Node::clean_text).collect())
        .unwrap_or_default();
    let url = im
        .and_then(|m| {
            m.all("link")
                .find(|l| l.attr("rel") == Some("irel:canonical"))
        })
        .and_then(|l| l.attr("href"))
        .map(str::to_string);
    Meta {
        title,
        authors: cm.map(authors).unwrap_or_default(),
        desk: desk(cm, im),
        date,
        tags,
        url,
        lang: cm
            .and_then(|c| c.child("language"))
            .and_then(|l| l.attr("tag"))
            .or_else(|| item.attr("xml:lang"))
            .map(str::to_string),
        ..Meta::default()
    }
}

/// `creator/name`, else `creator/@literal` (a qcode alone is no name), else `by`.
fn authors(cm: &Node) -> Vec<String> {
    let named: Vec<String> = cm
        .all("creator")
        .filter_map(|c| {
            c.child("name")
                .and_then(Node::clean_text)
                .or_else(|| c.attr("literal").map(clean::normalize_space))
        })
        .flat_map(|n| clean::split_names(&n))
        .filter(|n| nitf::names_someone(n))
        .collect();
    if !named.is_empty() {
        return named;
    }
    cm.all("by")
        .filter_map(Node::clean_text)
        .flat_map(|b| clean::split_names(&nitf::UNEXPANDED.replace_all(&b, "")))
        .filter(|n| nitf::names_someone(n))
        .collect()
}

/// A subject that names a desk, department or section, else the service.
fn desk(cm: Option<&Node>, im: Option<&Node>) -> Option<String> {
    let names_desk = |s: &&Node| {
        ["type", "qcode", "role", "uri"]
            .iter()
            .filter_map(|a| s.attr(a))
            .any(|v| {
                let v = v.to_lowercase();
                v.contains("desk")
                    || v.contains("department")
                    || v.contains("dept")
                    || v.contains("section")
            })
    };
    cm.and_then(|c| {
        c.all("subject")
            .filter(names_desk)
            .find_map(|s| s.child("name")?.clean_text())
    })
    .or_else(|| {
        im?.all("service")
            .find_map(|s| s.child("name")?.clean_text())
    })
}
