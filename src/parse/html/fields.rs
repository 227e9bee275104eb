//! The page's metadata fields and which source gives each: the byline's
//! persons, the publication date, the desk, the tags. Machine-readable
//! metadata comes first (JSON-LD, then OpenGraph/`article:`, then
//! `<meta>`/microdata), but what the reader sees near the headline wins
//! where they disagree (SPEC "Web pages").

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;
use scraper::Html;

use super::meta::PageMeta;
use super::names::without_handles;
use super::visible::{self, keep_name, same_words, split_byline};
use super::{dates, dom, other_bylines, shown_dates};
use crate::parse::clean;

const DATE_KEYS: &[&str] = &[
    "article:published_time",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "published_date",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
    "dcterms.issued",
    "dcterms.date",
    "article.published",
    "og:published_time",
    "original-publish-date",
    "displaydate",
    "article:published",
    "og:article:published_time",
    "publication_date",
    "publication-date",
    "publicationdate",
    "prism.publicationdate",
    "citation_publication_date",
    "citation_date",
    "dc.date.created",
    "dcterms.available",
    "date_published",
    "datecreated",
];
/// Dublin Core's creator first, as Readability.js reads them: a page that
/// fills in `dc.creator` means it, where `author` is often a template's
/// default (the site, `Webteam`).
/// The `<meta>` keys that say nothing of which date they are.
const GENERIC_DATE_KEYS: &[&str] = &["date", "dc.date"];
const DUBLIN_CORE_KEYS: &[&str] = &[
    "dc.creator",
    "dc:creator",
    "dcterms.creator",
    "dcterms:creator",
];
const AUTHOR_KEYS: &[&str] = &[
    "author",
    "byl",
    "parsely-author",
    "sailthru.author",
    "article:author",
    "twitter:creator",
];

/// The byline's persons: what the page shows beside the headline, else
/// the `lead` byline written as the body's first line (shown too, so it
/// outranks the declared authors), else JSON-LD's persons, else `<meta>`.
pub fn authors(
    doc: &Html,
    m: &PageMeta,
    h1: Option<ego_tree::NodeId>,
    site: Option<&str>,
    domain: Option<&str>,
    lead: &[String],
) -> Vec<String> {
    let mut shown: Vec<String> = visible::byline(doc, h1);
    if shown.is_empty() {
        shown = visible::labelled_byline(doc, h1);
    }
    if shown.is_empty() {
        shown = lead.to_vec();
    }
    if shown.is_empty() {
        shown = other_bylines::elementor_custom_byline(doc);
    }
    if shown.is_empty() {
        shown = other_bylines::term_byline(doc);
    }
    // The site by its name or its domain (`finanztreff.de`, `L-MAG` on
    // l-mag.de): a publisher, a byline only when the page shows it as one.
    // Only a one-word name: `Haki Benita` on hakibenita.com is a person.
    // The site's team (`PETA-Team`) is a staff byline, not the site.
    let is_site = |n: &str| {
        site.is_some_and(|s| same_words(s, n))
            || (!n.trim().contains(' ')
                && domain.is_some_and(|d| {
                    let (d, n) = (letters(d), letters(n));
                    d.chars().count() >= 4
                        && n.strip_prefix(&d)
                            .is_some_and(|rest| rest.len() <= 4 && rest != "team")
                }))
    };
    if shown.iter().any(|n| !is_site(n)) {
        shown.retain(|n| !is_site(n));
    }
    if !shown.is_empty() {
        return shown;
    }
    let persons: Vec<String> = m
        .ld_authors
        .iter()
        .filter(|a| {
            let name = without_handles(&a.name);
            a.person && keep_name(&name) && !is_site(&name)
        })
        .flat_map(|a| split_byline(&a.name))
        .filter(|n| keep_name(n))
        .collect();
    if !persons.is_empty() {
        return persons;
    }
    // The first declared value that names someone: a `<meta name=author
    // content="FAIL">` or the site's name does not hide a `dc:creator`.
    // Dublin Core gives one creator a tag, each written `Last, First`.
    let dublin_core: Vec<String> = DUBLIN_CORE_KEYS
        .iter()
        .flat_map(|k| m.all(k))
        .map(|v| reading_order(&v))
        .collect();
    std::iter::once(dublin_core.join("; "))
        .chain(AUTHOR_KEYS.iter().flat_map(|k| m.all(k)))
        .chain(m.itemprops.get("author").cloned())
        .chain(written_by(m))
        .map(|a| {
            split_byline(&a)
                .into_iter()
                .filter(|n| keep_name(n) && !is_site(n))
                .collect::<Vec<_>>()
        })
        .find(|names| !names.is_empty())
        .unwrap_or_default()
}

/// The publication date as the page states it: the machine timestamp's
/// date as written, unless the visible date near the headline is within two
/// days of it (a UTC timestamp rolled over) — then the visible one.
pub fn page_date(doc: &Html, m: &PageMeta, h1: Option<ego_tree::NodeId>) -> Option<NaiveDate> {
    let lang = m.lang.as_str();
    // The first declared value that is a whole day: a `<meta
    // itemprop=datePublished content="1988">` of a cited reference is not.
    let named = m
        .ld_date
        .iter()
        .cloned()
        .chain(
            DATE_KEYS
                .iter()
                .filter(|k| !GENERIC_DATE_KEYS.contains(k))
                .flat_map(|k| m.all(k)),
        )
        .chain(m.itemprops.get("datepublished").cloned())
        .find_map(|v| dates::machine_date(&v, lang));
    let generic = || {
        GENERIC_DATE_KEYS
            .iter()
            .flat_map(|k| m.all(k))
            .find_map(|v| dates::machine_date(&v, lang))
    };
    let machine = named.or_else(generic);
    let shown = shown_dates::shown_dates(doc, h1, lang);
    let first = shown.iter().find(|s| !s.updated);
    match (machine, first) {
        // A UTC timestamp that rolled over: the day the reader sees.
        (Some(mach), Some(vis)) if (mach - vis.date).num_days().abs() <= 1 => Some(vis.date),
        // JSON-LD and OpenGraph that disagree (JSON-LD two days before
        // `article:published_time`): the one the reader sees.
        (Some(_), Some(vis)) if declared(m, lang).contains(&vis.date) => Some(vis.date),
        // A `<time>` that shows its day in both its text and `datetime`
        // outranks a `<meta>` that disagrees (a template's stale default).
        (Some(_), Some(vis)) if vis.timed => Some(vis.date),
        // A bare `<meta name="date">` (a CMS's change stamp as often as
        // not) yields to a date the page marks as one beside the headline.
        (Some(_), Some(vis)) if named.is_none() && vis.marked => Some(vis.date),
        // Else a date the page labels as its publication date outranks it
        // (`Erschienen am: 13.10.2021` beside a stamp two days later).
        (Some(mach), _) if named.is_none() => {
            dates::labelled_date(&dom::text_with_labels(*doc.root_element()), lang).or(Some(mach))
        }
        (Some(mach), _) => Some(mach),
        (None, Some(vis)) => Some(vis.date),
        // Last, a date the page labels as its publication date anywhere
        // (`Erschienen am: 01.11.2023` in a footer), or a change stamp.
        (None, None) => dates::labelled_date(&dom::text_with_labels(*doc.root_element()), lang)
            .or_else(|| shown.first().map(|s| s.date)),
    }
}

/// `Jong, Michiel de` → `Michiel de Jong`, `Kooman, F.` → `F. Kooman`: a
/// surname, a comma, then given names or initials (not `Picheta, CNN`).
fn reading_order(name: &str) -> String {
    static INVERTED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(\p{Lu}[\p{L}'’-]+),\s+(\p{Lu}(?:\p{Ll}[\p{L}'’-]*|\.)(?:\s+\p{L}[\p{L}.'’-]*){0,2})$")
            .expect("valid regex")
    });
    INVERTED.replace(name.trim(), "$2 $1").into_owned()
}

/// The writer a WordPress SEO plugin (Yoast) states in its Twitter card,
/// `twitter:label1` `Written by` / `Verfasst von` and `twitter:data1`
/// the name: a page whose schema links no author to its article still
/// says there who wrote it (`PETA-Team`, a staff byline).
fn written_by(m: &PageMeta) -> Option<String> {
    const LABELS: &[&str] = &[
        "written by",
        "verfasst von",
        "geschrieben von",
        "écrit par",
        "escrito por",
        "scritto da",
    ];
    (1..=4).find_map(|i| {
        let label = m.get(&[format!("twitter:label{i}").as_str()])?;
        LABELS
            .contains(&label.to_lowercase().as_str())
            .then(|| m.get(&[format!("twitter:data{i}").as_str()]))
            .flatten()
    })
}

/// The publication dates of the page's two first sources, JSON-LD and
/// OpenGraph's `article:published_time`. Lesser `<meta>` names are left
/// out: a `pubdate` beside a republished story's JSON-LD, or an
/// `itemprop=datePublished` of a later edition, dates something else.
fn declared(m: &PageMeta, lang: &str) -> Vec<NaiveDate> {
    m.ld_date
        .iter()
        .cloned()
        .chain(m.all("article:published_time"))
        .chain(m.all("og:published_time"))
        .filter_map(|v| dates::machine_date(&v, lang))
        .collect()
}

/// The date of the page's last change as it labels it anywhere
/// (`dates::change_date`): for a page that shows no publication date.
pub fn change_date(doc: &Html, m: &PageMeta) -> Option<NaiveDate> {
    dates::change_date(&dom::text_with_labels(*doc.root_element()), m.lang.as_str())
}

pub fn tags(m: &PageMeta) -> Vec<String> {
    let mut tags = m.ld_keywords.clone();
    if tags.is_empty() {
        tags = m.all("article:tag");
    }
    if tags.is_empty() {
        tags = m
            .get(&["news_keywords", "keywords", "parsely-tags"])
            .map(|k| clean::split_tags(&k))
            .unwrap_or_default();
    }
    tags.retain(|t| !t.is_empty() && t.chars().count() <= 80);
    tags.truncate(50);
    tags
}

/// The alphanumerics of `s`, lowercase.
fn letters(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// `www.cnn.com` → `cnn`.
pub fn domain_label(url: &str) -> Option<String> {
    let host = host_of(url)?;
    let host = host.strip_prefix("www.").unwrap_or(host);
    host.split('.').next().map(str::to_string)
}

/// The host of an absolute URL (`https://www.cnn.com:443/x` → `www.cnn.com`).
pub fn host_of(url: &str) -> Option<&str> {
    url.split("://").nth(1)?.split(['/', '?', '#', ':']).next()
}

#[cfg(test)]
#[path = "fields_tests.rs"]
mod tests;
