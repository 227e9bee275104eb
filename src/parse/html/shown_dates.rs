//! The dates a page shows its readers around the headline: a `<time>`,
//! an element whose class says it holds a date (`date`, `datum`,
//! `published`, `time`…), the byline or meta line, and the lines right
//! before and after the headline. Each is read in the page's language
//! (`dates::find_date`); a "last updated" stamp is set apart, since the
//! article's date is when it was first published (SPEC "Web pages").

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use chrono::NaiveDate;
use ego_tree::NodeId;
use scraper::{ElementRef, Html, Selector};

use super::{dates, dom, visible};
use crate::parse::clean;

/// One date the page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShownDate {
    pub date: NaiveDate,
    /// Shown in an element that says it holds a date (a `<time>`, a
    /// `datetime`, `itemprop=datePublished`, a class naming a date): the
    /// page's own statement, not a date in a line of prose.
    pub marked: bool,
    /// A `<time>` whose `datetime` and text give the same day: the page
    /// states the date to machines and readers alike.
    pub timed: bool,
    /// Marked as the date of a change (`Updated`, `Aktualisiert`,
    /// `class="updated"`), not of the publication.
    pub updated: bool,
    /// The change is said in words (`Updated`), not only by a class
    /// (a theme's `class="updated"` is often its only date).
    said: bool,
}

/// Elements that say they hold a date.
/// An edit mark's `datetime` (`<del>`, `<ins>` in the story) dates the
/// edit, not the page.
const MARKED: &str = "time, [datetime]:not(del):not(ins), [itemprop=datePublished], [class*=date], [class*=Date], \
    [class*=timestamp], [class*=published], [class*=dateline], [class*=time], [class*=Time], \
    [class*=datum], [class*=Datum], [id*=date], [class*=pubdate]";
/// Elements that often hold one among other things.
const NEARBY: &str = "[class*=meta], [class*=Meta], [class*=byline], [class*=Byline], \
    [class*=author], [class*=posted], [class*=topline], [class*=subtitle], [class*=submitted], \
    [class*=info], [class*=Info], [class*=header], [class*=intro]";

/// Words that say a stamp is the date of a change. A line that starts with
/// one is that stamp; a line that holds one later (`Published 3 May,
/// updated 5 May`) keeps what comes before it.
const CHANGE_WORDS: &[&str] = &[
    "last updated",
    "updated",
    "last modified",
    "modified",
    "last changed",
    "aktualisiert",
    "letzte änderung",
    "zuletzt geändert",
    "zuletzt aktualisiert",
    "geändert",
    "stand:",
    "mis à jour",
    "modifié",
    "actualizado",
    "actualizada",
    "atualizado",
    "aggiornato",
    "zaktualizowano",
    "aktualizacja",
    "수정",
];

/// How many dated elements are read at most (nearest the headline first).
const MAX_DATED: usize = 12;

/// The dates shown near the headline, nearest first (after the headline
/// before before it), updates after publications.
pub fn shown_dates(doc: &Html, h1: Option<NodeId>, lang: &str) -> Vec<ShownDate> {
    let mut out = Vec::new();
    let mut stale = Vec::new();
    let marked = near_headline(doc, MARKED, h1);
    let nearby = near_headline(doc, NEARBY, h1);
    let neighbours = visible::headline_neighbours(doc, h1);
    // A dateline opening the story (`<p>29.11.2022 – Mehrfach hatte …`).
    let datelines: Vec<ShownDate> = near_headline(doc, "p", h1)
        .into_iter()
        .take(3)
        .filter_map(|p| opening_date(&p, lang))
        .map(|date| ShownDate {
            date,
            marked: false,
            timed: false,
            updated: false,
            said: false,
        })
        .collect();
    let candidates = marked
        .into_iter()
        .map(|e| (e, true))
        .chain(nearby.into_iter().map(|e| (e, false)))
        .chain(neighbours.into_iter().map(|e| (e, false)));
    for (el, is_marked) in candidates {
        if out.len() + stale.len() >= MAX_DATED {
            break;
        }
        let Some(shown) = date_of(&el, is_marked, lang) else {
            continue;
        };
        if shown.updated {
            stale.push(shown);
        } else {
            out.push(shown);
        }
    }
    out.extend(datelines);
    // `<span>Updated</span> <time>Jul 24, 2018</time>`: the `<time>`
    // alone does not say it, the line around it does.
    for shown in &mut out {
        shown.updated = stale.iter().any(|s| s.said && s.date == shown.date);
    }
    out.extend(stale);
    out
}

/// The date a paragraph opens with, when it is a short meta line
/// (`1. Februar 2022, Daniel Dillenburg`) or goes on after a dash or colon.
fn opening_date(p: &ElementRef, lang: &str) -> Option<NaiveDate> {
    let text = dom::text_of(**p);
    let head: String = text.chars().take(32).collect();
    let date_part = match head.find(['–', '—', '-', ':', '|']) {
        Some(sep) => head.get(..sep).unwrap_or(""),
        None if text.chars().count() <= 80 => head.as_str(),
        None => return None,
    };
    text.starts_with(|c: char| c.is_ascii_digit())
        .then(|| dates::find_date(date_part, lang))
        .flatten()
}

/// The date one element shows: its text's date, else its `datetime`.
fn date_of(el: &ElementRef, marked: bool, lang: &str) -> Option<ShownDate> {
    // Text nodes joined by spaces: `<span>28.09.19</span><span>12:44</span>`
    // is two things, not `28.09.1912:44`.
    let text = clean::normalize_space(&el.text().collect::<Vec<_>>().join(" "));
    // WordPress themes write `class="entry-date published updated"` on
    // the publication date.
    let words = dom::words(el);
    let class_updated = words
        .iter()
        .any(|w| w.contains("update") || w.contains("modif"))
        && !words.iter().any(|w| w.contains("publish"));
    let lower = text.to_lowercase();
    let change_at = CHANGE_WORDS.iter().filter_map(|w| lower.find(w)).min();
    let said = change_at == Some(0);
    let (text, updated) = match change_at {
        Some(0) => (text.as_str(), true),
        Some(i) => (text.get(..i).unwrap_or(""), class_updated),
        None => (text.as_str(), class_updated),
    };
    let attr = el
        .attr("datetime")
        .or_else(|| el.attr("content").filter(|_| el.attr("itemprop").is_some()));
    let text_date = (text.chars().count() <= 200)
        .then(|| dates::find_date(text, lang))
        .flatten();
    let attr_date = attr.and_then(|v| dates::machine_date(v, lang));
    let date = text_date.or(attr_date)?;
    Some(ShownDate {
        date,
        marked: marked && text.chars().count() <= 80,
        timed: el.value().name() == "time" && text_date.is_some() && text_date == attr_date,
        updated,
        said,
    })
}

/// Containers that hold other articles' dates unless they sit inside the
/// headline's own `<article>` (its meta column: `<aside class="meta">`).
const ASIDE: &[&str] = &["sidebar", "rail", "aside"];

/// Elements matching `selector` that are not elsewhere, nearest the
/// headline first (after it before before it). Only the ancestors an
/// element does not share with the headline count.
fn near_headline<'a>(doc: &'a Html, selector: &str, h1: Option<NodeId>) -> Vec<ElementRef<'a>> {
    let Ok(selector) = Selector::parse(selector) else {
        return Vec::new();
    };
    let positions: HashMap<NodeId, usize> = doc
        .tree
        .root()
        .descendants()
        .enumerate()
        .map(|(i, n)| (n.id(), i))
        .collect();
    let h1_at = h1.and_then(|id| positions.get(&id).copied()).unwrap_or(0);
    let headline = h1.and_then(|id| doc.tree.get(id));
    let shared: HashSet<NodeId> = headline
        .map(|h| h.ancestors().map(|a| a.id()).collect())
        .unwrap_or_default();
    let in_article = headline.is_some_and(|h| {
        h.ancestors()
            .filter_map(ElementRef::wrap)
            .any(|a| a.value().name() == "article")
    });
    // A column named `sidebar` that holds most of the page's text is its
    // main column (`<div class="lay-sidebar">` around the story).
    // Both measured only when such a column is met (most pages have none).
    let mut page_chars: Option<usize> = None;
    let mut main_column: HashMap<NodeId, bool> = HashMap::new();
    let mut is_aside = |a: &ElementRef| {
        if a.value().name() != "aside" && !dom::has_word(a, ASIDE) {
            return false;
        }
        let page =
            *page_chars.get_or_insert_with(|| dom::text_of(*doc.root_element()).chars().count());
        !*main_column
            .entry(a.id())
            .or_insert_with(|| dom::text_of(**a).chars().count() * 2 > page)
    };
    let mut found: Vec<(usize, ElementRef)> = doc
        .select(&selector)
        .take(400)
        .filter(|el| {
            let own: Vec<ElementRef> = el
                .ancestors()
                .filter_map(ElementRef::wrap)
                .take_while(|a| {
                    !shared.contains(&a.id()) && !matches!(a.value().name(), "body" | "html")
                })
                .collect();
            // Below the shared ancestors, inside the headline's article.
            let same_article = in_article && own.iter().all(|a| a.value().name() != "article");
            !own.iter().any(|a| {
                matches!(a.value().name(), "nav" | "footer")
                    || dom::has_word(a, super::near::ELSEWHERE)
                    || (!same_article && is_aside(a))
                    || listed_item(a)
            })
        })
        .map(|el| (positions.get(&el.id()).copied().unwrap_or(0), el))
        .collect();
    // What shares the headline's own box (`<span class="-meta">` just
    // above an `<h2>` headline) comes before what lies beyond it, after
    // the headline or not: a list of teasers further down dates others.
    let parent = headline.and_then(|h| h.parent()).map(|p| p.id());
    let beside = |el: &ElementRef| {
        parent.is_some() && el.ancestors().map(|a| a.id()).find(|a| shared.contains(a)) == parent
    };
    found.sort_by_key(|(at, el)| (!beside(el), *at < h1_at, at.abs_diff(h1_at)));
    found.into_iter().map(|(_, e)| e).collect()
}

/// An item of a list of other pages (`Weitere Pressemitteilungen`, a
/// column of coming events): an `<li>` among two or more that each pair a
/// link with a date. Its date is that page's, not this one's.
fn listed_item(el: &ElementRef) -> bool {
    static DATED: LazyLock<Selector> = LazyLock::new(|| {
        Selector::parse("time, [class*=date], [class*=Date], [class*=datum]")
            .expect("valid selector")
    });
    static LINK: LazyLock<Selector> =
        LazyLock::new(|| Selector::parse("a[href]").expect("valid selector"));
    if el.value().name() != "li" {
        return false;
    }
    let Some(list) = el.parent() else {
        return false;
    };
    list.children()
        .filter_map(ElementRef::wrap)
        .filter(|li| {
            li.value().name() == "li"
                && li.select(&LINK).next().is_some()
                && li.select(&DATED).next().is_some()
        })
        .take(2)
        .count()
        >= 2
}
