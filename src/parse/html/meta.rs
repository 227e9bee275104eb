//! The page's machine-readable metadata, gathered once: JSON-LD (also
//! inside `@graph`, arrays, `@id` references to `Person`s), OpenGraph and
//! `article:` properties, `<meta name=…>` (author, byl, date, pubdate,
//! parsely-*, sailthru.*, dc.*), microdata `itemprop`, the canonical link.
//! Precedence between them and the visible page is decided in `mod.rs`.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;
use scraper::{ElementRef, Html};
use serde_json::Value;

use super::dom::{self, sel};
use crate::parse::clean;

/// JSON-LD scripts larger than this are not read (a 10 MB `author` string
/// is hostile, not metadata).
const MAX_JSONLD_BYTES: usize = 1024 * 1024;
/// JSON values visited per script (bounds a hostile deeply nested graph).
const MAX_JSONLD_NODES: usize = 20_000;

const ARTICLE_TYPES: &[&str] = &[
    "newsarticle",
    "article",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "backgroundnewsarticle",
    "reviewnewsarticle",
    "blogposting",
    "liveblogposting",
    "report",
    "techarticle",
    "socialmediaposting",
    "posting",
];
const LISTING_TYPES: &[&str] = &[
    "collectionpage",
    "itemlist",
    "searchresultspage",
    "profilepage",
];

/// An author as JSON-LD names it; `person` is false for an `Organization`.
#[derive(Debug, Clone)]
pub struct LdAuthor {
    pub name: String,
    pub person: bool,
}

#[derive(Debug, Default)]
pub struct PageMeta {
    /// `(key, content)` of every `<meta>`, key lowercase (`og:title`).
    metas: Vec<(String, String)>,
    pub ld_headline: Option<String>,
    pub ld_authors: Vec<LdAuthor>,
    pub ld_date: Option<String>,
    pub ld_section: Option<String>,
    /// Every value of a list-valued `articleSection` (in the CMS's order,
    /// often alphabetical: the first is not the main one).
    pub ld_sections: Vec<String>,
    pub ld_keywords: Vec<String>,
    pub ld_url: Option<String>,
    pub ld_publisher: Option<String>,
    /// The article's JSON-LD `inLanguage` (a code or `{"name": …}`).
    pub ld_lang: Option<String>,
    /// The story's text as JSON-LD gives it (`articleBody`, or the
    /// `description` of an article, how-to or recipe).
    pub ld_text: Option<String>,
    pub breadcrumb: Vec<String>,
    pub article_type: bool,
    pub listing_type: bool,
    pub canonical: Option<String>,
    pub doc_title: Option<String>,
    pub lang: String,
    pub itemprops: HashMap<String, String>,
}

impl PageMeta {
    /// The first `<meta>` content under any of `keys`, non-empty.
    pub fn get(&self, keys: &[&str]) -> Option<String> {
        keys.iter().find_map(|k| {
            self.metas
                .iter()
                .find(|(key, v)| key == k && !v.trim().is_empty())
                .map(|(_, v)| v.trim().to_string())
        })
    }

    /// Every `<meta>` content under `key` (`article:tag` repeats).
    pub fn all(&self, key: &str) -> Vec<String> {
        self.metas
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.trim().to_string())
            .collect()
    }

    /// The language the page states (SPEC: `<html lang>`, JSON-LD
    /// `inLanguage`, `og:locale`), as written.
    pub fn stated_lang(&self) -> Option<String> {
        Some(self.lang.trim().to_string())
            .filter(|l| !l.is_empty())
            .or_else(|| self.ld_lang.clone())
            .or_else(|| self.get(&["og:locale", "language", "dc.language"]))
    }

    pub fn site_name(&self) -> Option<String> {
        self.get(&["og:site_name", "application-name", "twitter:site"])
            .map(|s| s.trim_start_matches('@').to_string())
            .or_else(|| self.ld_publisher.clone())
    }
}

pub fn gather(doc: &Html) -> PageMeta {
    let mut meta = PageMeta {
        lang: doc.root_element().attr("lang").unwrap_or("").to_string(),
        ..PageMeta::default()
    };
    for el in doc.select(&sel("meta")) {
        let key = el
            .attr("property")
            .or(el.attr("name"))
            .or(el.attr("itemprop"));
        let (Some(k), Some(v)) = (key, el.attr("content")) else {
            continue;
        };
        // RDFa's `property` lists terms (`property="dc:creator
        // twitter:site_name"`): the content is each one's.
        let keys: Vec<&str> = match el.attr("property") {
            Some(_) => k.split_whitespace().collect(),
            None => vec![k.trim()],
        };
        for k in keys {
            meta.metas.push((k.to_lowercase(), v.to_string()));
        }
    }
    meta.canonical = doc
        .select(&sel("link[rel~=canonical]"))
        .find_map(|l| l.attr("href").map(str::to_string))
        .filter(|h| h.starts_with("http"));
    // `text_of` skips `<title>` (never body text), so its text is read
    // directly; an SVG's `<title>` is an image caption, not the page's.
    meta.doc_title = doc
        .select(&sel("title"))
        .find(|t| {
            !t.ancestors()
                .filter_map(ElementRef::wrap)
                .any(|a| a.value().name() == "svg")
        })
        .map(|t| clean::normalize_space(&t.text().collect::<String>()))
        .filter(|t| !t.is_empty());
    for el in doc.select(&sel("[itemprop]")) {
        let prop = el.attr("itemprop").unwrap_or("").to_lowercase();
        if el.value().name() == "meta" || meta.itemprops.contains_key(&prop) {
            continue;
        }
        let value = el
            .attr("datetime")
            .or(el.attr("content"))
            .map(str::to_string)
            .unwrap_or_else(|| dom::text_of(*el));
        meta.itemprops.insert(prop, value);
    }
    for script in doc.select(&sel("script[type]")) {
        let ty = script.attr("type").unwrap_or("").to_lowercase();
        if !ty.contains("ld+json") {
            continue;
        }
        let text: String = script.text().collect();
        if text.len() > MAX_JSONLD_BYTES {
            continue;
        }
        match parse_jsonld(&text) {
            Some(value) => read_jsonld(&value, &mut meta),
            None => salvage_jsonld(&text, &mut meta),
        }
    }
    meta
}

/// One JSON-LD script as sites write it: inside `<!-- -->` or a CDATA
/// section (`<![CDATA[`, `//<![CDATA[`, `/*<![CDATA[*/`), with raw line
/// breaks inside strings (invalid JSON browsers' search engines accept),
/// or followed by a stray `;`: the first JSON value in it.
fn parse_jsonld(raw: &str) -> Option<Value> {
    let mut text = raw.trim();
    for (open, close) in [("<!--", "-->"), ("<![CDATA[", "]]>")] {
        let t = text
            .trim_start_matches("//")
            .trim_start_matches("/*")
            .trim_start();
        if let Some(rest) = t.strip_prefix(open) {
            let rest = rest.trim_start().trim_start_matches("*/");
            let end = rest.rfind(close).unwrap_or(rest.len());
            text = rest
                .get(..end)
                .unwrap_or(rest)
                .trim()
                .trim_end_matches("//")
                .trim_end_matches("/*")
                .trim();
        }
    }
    // Control characters are whitespace between JSON tokens and invalid
    // inside strings, where a space reads as the site meant.
    let text: std::borrow::Cow<str> = if text.chars().any(char::is_control) {
        text.chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect::<String>()
            .into()
    } else {
        text.into()
    };
    serde_json::Deserializer::from_str(&text)
        .into_iter::<Value>()
        .next()?
        .ok()
}

/// `"datePublished": "…"` of a script that is not JSON at all (markup
/// pasted into a string unescaped): the date and a lone author's name are
/// still what the site declared.
fn salvage_jsonld(text: &str, meta: &mut PageMeta) {
    static DATE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#""datePublished"\s*:\s*"([^"<>]{8,40})""#).expect("valid regex")
    });
    static AUTHOR: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r#""author"\s*:\s*\{\s*"@type"\s*:\s*"Person"\s*,\s*"name"\s*:\s*"([^"<>]{2,80})""#,
        )
        .expect("valid regex")
    });
    if meta.ld_date.is_none() {
        meta.ld_date = DATE.captures(text).map(|c| c[1].to_string());
    }
    if meta.ld_authors.is_empty()
        && let Some(c) = AUTHOR.captures(text)
    {
        meta.ld_authors.push(LdAuthor {
            name: c[1].to_string(),
            person: true,
        });
    }
}

fn types(obj: &serde_json::Map<String, Value>) -> Vec<String> {
    match obj.get("@type") {
        Some(Value::String(s)) => vec![s.to_lowercase()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_lowercase)
            .collect(),
        _ => Vec::new(),
    }
}

/// Finds the article object (and breadcrumb) anywhere in one script.
fn read_jsonld(root: &Value, meta: &mut PageMeta) {
    let mut objects = Vec::new();
    let mut stack = vec![root];
    while let Some(v) = stack.pop() {
        if objects.len() + stack.len() > MAX_JSONLD_NODES {
            break;
        }
        match v {
            Value::Array(items) => stack.extend(items.iter().rev()),
            Value::Object(obj) => {
                objects.push(obj);
                for key in ["@graph", "mainEntity", "itemListElement"] {
                    if let Some(child) = obj.get(key) {
                        stack.push(child);
                    }
                }
            }
            _ => {}
        }
    }
    let by_id: HashMap<&str, &serde_json::Map<String, Value>> = objects
        .iter()
        .filter_map(|o| o.get("@id").and_then(Value::as_str).map(|id| (id, *o)))
        .collect();
    for obj in &objects {
        let ty = types(obj);
        if ty.iter().any(|t| LISTING_TYPES.contains(&t.as_str())) {
            meta.listing_type = true;
        }
        if meta.ld_text.is_none() {
            let story = ty
                .iter()
                .any(|t| ARTICLE_TYPES.contains(&t.as_str()) || t == "howto" || t == "recipe");
            meta.ld_text = str_of(obj.get("articleBody"))
                .or_else(|| story.then(|| str_of(obj.get("description"))).flatten());
        }
        if ty.iter().any(|t| t == "breadcrumblist") && meta.breadcrumb.is_empty() {
            meta.breadcrumb = breadcrumb(obj, &by_id);
        }
        if !meta.article_type && ty.iter().any(|t| ARTICLE_TYPES.contains(&t.as_str())) {
            meta.article_type = true;
            read_article(obj, &by_id, meta);
        }
    }
    if meta.ld_date.is_none() {
        // A WebPage's datePublished, when no article object carries one.
        meta.ld_date = objects
            .iter()
            .find_map(|o| str_of(o.get("datePublished")).or_else(|| str_of(o.get("uploadDate"))));
    }
}

fn read_article(
    obj: &serde_json::Map<String, Value>,
    by_id: &HashMap<&str, &serde_json::Map<String, Value>>,
    meta: &mut PageMeta,
) {
    meta.ld_headline = str_of(obj.get("headline")).or_else(|| str_of(obj.get("name")));
    meta.ld_date = str_of(obj.get("datePublished")).or_else(|| str_of(obj.get("dateCreated")));
    meta.ld_sections = match obj.get("articleSection") {
        Some(Value::Array(a)) => a.iter().filter_map(|v| str_of(Some(v))).collect(),
        other => str_of(other).into_iter().collect(),
    };
    meta.ld_section = meta.ld_sections.first().cloned();
    meta.ld_keywords = match obj.get("keywords") {
        Some(Value::Array(a)) => a.iter().filter_map(|v| str_of(Some(v))).collect(),
        Some(Value::String(s)) => s.split(',').map(|t| t.trim().to_string()).collect(),
        _ => Vec::new(),
    };
    meta.ld_url = str_of(obj.get("url")).or_else(|| match obj.get("mainEntityOfPage") {
        Some(Value::Object(o)) => str_of(o.get("@id")).or_else(|| str_of(o.get("url"))),
        other => str_of(other),
    });
    meta.ld_lang = match obj.get("inLanguage") {
        Some(Value::Object(o)) => str_of(o.get("alternateName")).or_else(|| str_of(o.get("name"))),
        other => str_of(other),
    };
    meta.ld_publisher = match obj.get("publisher") {
        Some(Value::Object(o)) => str_of(o.get("name")),
        _ => None,
    };
    let mut authors = Vec::new();
    let mut stack: Vec<&Value> = obj.get("author").into_iter().collect();
    while let Some(v) = stack.pop() {
        match v {
            Value::String(s) => authors.push(LdAuthor {
                name: s.clone(),
                person: true,
            }),
            Value::Array(a) if authors.len() < 50 => stack.extend(a.iter().rev()),
            Value::Object(o) => {
                let o = o
                    .get("@id")
                    .and_then(Value::as_str)
                    .filter(|_| !o.contains_key("name"))
                    .and_then(|id| by_id.get(id).copied())
                    .unwrap_or(o);
                let person = !types(o)
                    .iter()
                    .any(|t| t.contains("organization") || t.contains("newsmedia"));
                if let Some(name) = str_of(o.get("name")) {
                    authors.push(LdAuthor { name, person });
                }
            }
            _ => {}
        }
    }
    meta.ld_authors = authors;
}

fn breadcrumb(
    obj: &serde_json::Map<String, Value>,
    by_id: &HashMap<&str, &serde_json::Map<String, Value>>,
) -> Vec<String> {
    let Some(Value::Array(items)) = obj.get("itemListElement") else {
        return Vec::new();
    };
    let mut out: Vec<(i64, String)> = items
        .iter()
        .filter_map(Value::as_object)
        .filter_map(|it| {
            let pos = it
                .get("position")
                .and_then(|p| p.as_i64().or_else(|| p.as_str()?.parse().ok()));
            let name = str_of(it.get("name")).or_else(|| match it.get("item") {
                Some(Value::Object(o)) => str_of(o.get("name")).or_else(|| {
                    by_id
                        .get(o.get("@id")?.as_str()?)
                        .and_then(|o| str_of(o.get("name")))
                }),
                _ => None,
            })?;
            Some((pos.unwrap_or(0), name))
        })
        .collect();
    out.sort_by_key(|(p, _)| *p);
    out.into_iter().map(|(_, n)| n).collect()
}

/// A string value (numbers too), trimmed, non-empty.
fn str_of(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Object(o) => str_of(o.get("name")),
        _ => None,
    }
}
