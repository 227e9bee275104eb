//! WordPress exports (WXR: `<rss>` with the `wp:` namespace, from Tools →
//! Export). Each published post is an article with id `path#<wp:post_id>`,
//! so a re-export with items in another order updates the same articles.
//!
//! Authors are `dc:creator` logins resolved through the export's
//! `wp:author` entries, which real exports write before the items. An item
//! whose login has no entry yet is held back (at most `MAX_PENDING`) and
//! resolved at the end of the file; a login that never gets an entry is
//! kept as written.

use std::collections::{HashMap, VecDeque};

use super::super::header::Meta;
use super::super::{Draft, Event, Item, Skip, SkipReason};
use super::tree::{Limit, Node};
use super::{Handler, body, count, non_articles_warning, refused};

const MAX_PENDING: usize = 1000;

pub struct Wxr {
    rel_path: String,
    /// login → display name.
    authors: HashMap<String, String>,
    /// The channel's `<language>` (`en-US`): every item's stated language.
    language: Option<String>,
    pending: VecDeque<(Item, Vec<String>)>,
    not_articles: Vec<(String, usize)>,
}

impl Wxr {
    pub fn new(rel_path: &str) -> Wxr {
        Wxr {
            rel_path: rel_path.to_string(),
            authors: HashMap::new(),
            language: None,
            pending: VecDeque::new(),
            not_articles: Vec::new(),
        }
    }

    fn add_author(&mut self, node: &Node) {
        let Some(login) = node.child("wp:author_login").and_then(Node::clean_text) else {
            return;
        };
        let display = node
            .child("wp:author_display_name")
            .map(|n| body::html_line(&n.text()))
            .filter(|d| !d.is_empty())
            .unwrap_or_else(|| login.clone());
        self.authors.insert(login, display);
    }

    fn emit_item(&self, mut item: Item, logins: Vec<String>, emit: &mut dyn FnMut(Event)) {
        let names: Vec<String> = logins
            .iter()
            .map(|l| self.authors.get(l).cloned().unwrap_or_else(|| l.clone()))
            .collect();
        item.draft.meta.authors = names;
        item.draft.meta.lang = self.language.clone();
        emit(Event::Item(Box::new(item)));
    }

    fn skip(&self, id: &str, reason: SkipReason, emit: &mut dyn FnMut(Event)) {
        emit(Event::Skip(Skip {
            path: format!("{}#{id}", self.rel_path),
            reason,
        }));
    }
}

impl Handler for Wxr {
    fn wants(&self, name: &str, depth: usize) -> bool {
        depth == 2 && (name == "item" || name == "wp:author" || name == "language")
    }

    fn tree(&mut self, node: Node, limit: Option<Limit>, emit: &mut dyn FnMut(Event)) {
        if node.name == "wp:author" {
            self.add_author(&node);
            return;
        }
        if node.name == "language" {
            self.language = node.clean_text();
            return;
        }
        let text = |name: &str| node.child(name).and_then(Node::clean_text);
        let Some(id) = text("wp:post_id") else {
            count(&mut self.not_articles, "without wp:post_id");
            return;
        };
        if let Some(limit) = limit {
            return self.skip(&id, refused(limit, "the item"), emit);
        }
        let post_type = text("wp:post_type").unwrap_or_else(|| "post".to_string());
        let status = text("wp:status").unwrap_or_else(|| "publish".to_string());
        if post_type != "post" {
            return count(&mut self.not_articles, &post_type);
        }
        if status != "publish" {
            return count(&mut self.not_articles, &status);
        }
        let body = match node
            .child("content:encoded")
            .map(|n| body::html_text(&n.text()))
        {
            Some(Ok(body)) => body,
            Some(Err(reason)) => return self.skip(&id, reason, emit),
            None => String::new(),
        };
        if body.is_empty() {
            return self.skip(&id, SkipReason::NoBody, emit);
        }
        let logins: Vec<String> = node
            .all("dc:creator")
            .filter_map(Node::clean_text)
            .collect();
        let item = Item {
            fragment: Some(id),
            draft: Draft {
                meta: meta(&node),
                body,
                ..Draft::default()
            },
        };
        if logins.iter().all(|l| self.authors.contains_key(l)) {
            self.emit_item(item, logins, emit);
        } else {
            self.pending.push_back((item, logins));
            if self.pending.len() > MAX_PENDING
                && let Some((item, logins)) = self.pending.pop_front()
            {
                self.emit_item(item, logins, emit);
            }
        }
    }

    fn finish(&mut self, emit: &mut dyn FnMut(Event)) {
        while let Some((item, logins)) = self.pending.pop_front() {
            self.emit_item(item, logins, emit);
        }
        if let Some(w) = non_articles_warning(&self.rel_path, &self.not_articles) {
            emit(w);
        }
    }
}

/// Title, desk, tags, date and url of one published item.
fn meta(node: &Node) -> Meta {
    let text = |name: &str| node.child(name).and_then(Node::clean_text);
    // Term names are HTML-escaped by WordPress (`News &amp; Politics` in
    // CDATA): decoded once, like titles.
    let categories = |domain: &'static str| {
        node.all("category")
            .filter(move |c| c.attr("domain") == Some(domain))
            .map(|c| body::html_line(&c.text()))
            .filter(|c| !c.is_empty())
    };
    let date = text("wp:post_date")
        .filter(|d| !d.starts_with("0000"))
        .or_else(|| text("pubDate"));
    Meta {
        // WordPress titles are HTML (`&amp;` inside CDATA is an ampersand).
        title: text("title").map(|t| body::html_line(&t)),
        desk: categories("category").find(|c| !c.eq_ignore_ascii_case("uncategorized")),
        tags: categories("post_tag").collect(),
        date,
        url: text("link"),
        ..Meta::default()
    }
}
