//! The page's metadata fields and which source gives each: the byline's
//! persons, the publication date, the desk, the tags. Machine-readable
//! metadata comes first (JSON-LD, then OpenGraph/`article:`, then
//! `<meta>`/microdata), but what the reader sees near the headline wins
//! where they disagree (SPEC "Web pages").

use chrono::NaiveDate;
use scraper::Html;

use super::meta::PageMeta;
use super::names::without_handles;
use super::visible::{self, keep_name, same_words, split_byline};
use super::{dates, dom, shown_dates};
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
const AUTHOR_KEYS: &[&str] = &[
    "dc.creator",
    "dc:creator",
    "dcterms.creator",
    "dcterms:creator",
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
    // The site by its name or its domain (`finanztreff.de`, `L-MAG` on
    // l-mag.de): a publisher, a byline only when the page shows it as one.
    // Only a one-word name: `Haki Benita` on hakibenita.com is a person.
    let is_site = |n: &str| {
        site.is_some_and(|s| same_words(s, n))
            || (!n.trim().contains(' ')
                && domain.is_some_and(|d| {
                    let (d, n) = (letters(d), letters(n));
                    d.chars().count() >= 4 && n.starts_with(&d) && n.len() <= d.len() + 4
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
    AUTHOR_KEYS
        .iter()
        .flat_map(|k| m.all(k))
        .chain(m.itemprops.get("author").cloned())
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
        // A `<time>` that shows its day in both its text and `datetime`
        // outranks a `<meta>` that disagrees (a template's stale default).
        (Some(_), Some(vis)) if vis.timed => Some(vis.date),
        // A bare `<meta name="date">` (a CMS's change stamp as often as
        // not) yields to a date the page marks as one beside the headline.
        (Some(_), Some(vis)) if named.is_none() && vis.marked => Some(vis.date),
        // Else a date the page labels as its publication date outranks it
        // (`Erschienen am: 13.10.2021` beside a stamp two days later).
        (Some(mach), _) if named.is_none() => {
            dates::labelled_date(&dom::text_of(*doc.root_element()), lang).or(Some(mach))
        }
        (Some(mach), _) => Some(mach),
        (None, Some(vis)) => Some(vis.date),
        // Last, a date the page labels as its publication date anywhere
        // (`Erschienen am: 01.11.2023` in a footer), or a change stamp.
        (None, None) => dates::labelled_date(&dom::text_of(*doc.root_element()), lang)
            .or_else(|| shown.first().map(|s| s.date)),
    }
}

/// The date of the page's last change as it labels it anywhere
/// (`dates::change_date`): for a page that shows no publication date.
pub fn change_date(doc: &Html, m: &PageMeta) -> Option<NaiveDate> {
    dates::change_date(&dom::text_of(*doc.root_element()), m.lang.as_str())
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
    let host = url
        .split("://")
        .nth(1)?
        .split(['/', '?', '#', ':'])
        .next()?;
    let host = host.strip_prefix("www.").unwrap_or(host);
    host.split('.').next().map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date_of(page: &str) -> Option<NaiveDate> {
        let doc = Html::parse_document(page);
        let m = super::super::meta::gather(&doc);
        let h1 = doc
            .select(&scraper::Selector::parse("h1").expect("valid selector"))
            .next()
            .map(|h| h.id());
        page_date(&doc, &m, h1)
    }

    #[test]
    fn a_cited_reference_year_does_not_hide_the_page_date() {
        // A journal page: its references carry `itemprop=datePublished`
        // years before the page's own `dc.date`.
        let page = r#"<html lang="en"><head><meta name="dc.date" content="2017-01-30"></head><body>
            <h1>Drug Reaction with Eosinophilia</h1><p>Text of the review.</p>
            <ol class="references"><li><meta itemprop="datePublished" content="1988">Shear NH. 1988.</li></ol>
            </body></html>"#;
        assert_eq!(date_of(page), NaiveDate::from_ymd_opt(2017, 1, 30));
    }

    #[test]
    fn a_time_said_to_be_an_update_is_not_the_publication() {
        let page = r#"<html lang="en"><head>
            <script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2017-12-15T08:50:02-05:00"}</script>
            </head><body><article><h1>The 21 best movies of 2017</h1>
            <div class="c-byline">By Alissa Wilkinson <span class="c-byline__item">Updated
            <time class="c-byline__item" datetime="2018-07-24T18:15:58+00:00">Jul 24, 2018, 2:15pm EDT</time></span></div>
            <p>The year in film was full of surprises.</p></article></body></html>"#;
        assert_eq!(date_of(page), NaiveDate::from_ymd_opt(2017, 12, 15));
    }
}
