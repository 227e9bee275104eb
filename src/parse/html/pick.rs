//! The precedence rules: which of the page's sources gives each field, and
//! whether the page is an article at all. Machine-readable metadata comes
//! first (JSON-LD, then OpenGraph/`article:`, then `<meta>`/microdata), but
//! the visible headline, byline and date win where they disagree.

use chrono::NaiveDate;
use scraper::Html;

use super::meta::{self, PageMeta};
use super::visible::{self, keep_name, same_words, split_byline};
use super::{body, dates, dom, title};
use crate::article::DateSource;
use crate::parse::header::Meta;
use crate::parse::{Draft, SkipReason, clean, date};

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
const AUTHOR_KEYS: &[&str] = &[
    "author",
    "byl",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "dcterms.creator",
    "article:author",
    "twitter:creator",
];
const SECTION_KEYS: &[&str] = &[
    "article:section",
    "prism.section",
    "parsely-section",
    "section",
    "og:section",
    "article.section",
    "category",
];
const NOT_DESKS: &[&str] = &[
    "home",
    "homepage",
    "home page",
    "front page",
    "frontpage",
    "news",
    "articles",
    "article",
    "index",
    "main",
    "top stories",
    "latest",
    "latest news",
    "uncategorized",
    "uncategorised",
    "blog",
    "posts",
    "stories",
    "startseite",
    "início",
    "inicio",
    "accueil",
    "главная",
    "홈",
    "ホーム",
];

/// The page's draft, and a warning when it is indexed in doubt.
pub fn draft(
    rel_path: &str,
    doc: &Html,
    page_url: Option<&str>,
) -> Result<(Draft, Option<String>), SkipReason> {
    let m = meta::gather(doc);
    let site = m.site_name();
    let url = m
        .canonical
        .clone()
        .or_else(|| m.get(&["og:url"]).filter(|u| u.starts_with("http")))
        .or_else(|| m.ld_url.clone().filter(|u| u.starts_with("http")))
        .or_else(|| page_url.map(str::to_string));
    let domain = url.as_deref().and_then(domain_label);
    let (h1_id, title) = title::headline(doc, &m, site.as_deref(), domain.as_deref());
    let mut extracted = body::extract(doc, h1_id, title.as_deref());
    let doubt = is_article(doc, &m, &extracted, title.is_some(), h1_id.is_some())?;
    let signoff = visible::signoff(&extracted.paragraphs);
    if let Some((_, at)) = &signoff {
        extracted.paragraphs.remove(*at);
    }
    let lead = visible::lead_byline(&extracted.paragraphs);
    if let Some((_, at)) = &lead {
        extracted.paragraphs.remove(*at);
    }
    let mut authors = authors(doc, &m, h1_id, site.as_deref(), domain.as_deref());
    if authors.is_empty()
        && let Some((names, _)) = lead
    {
        authors = names;
    }
    if authors.is_empty()
        && let Some((name, _)) = signoff
    {
        authors.push(name);
    }
    let (date, hint) = match page_date(doc, &m, h1_id) {
        Some(d) => (None, Some((d, DateSource::Explicit))),
        None => (
            None,
            url.as_deref()
                .and_then(date::path_date)
                .map(|d| (d, DateSource::Path)),
        ),
    };
    let _ = rel_path;
    let meta = Meta {
        title,
        authors,
        desk: desk(doc, &m, h1_id, site.as_deref()),
        date,
        tags: tags(&m),
        url,
        ..Meta::default()
    };
    let draft = Draft {
        meta,
        body: extracted.paragraphs.join("\n\n"),
        bio: None,
        date_hint: hint,
    };
    Ok((draft, doubt))
}

/// Whether the page holds an article (SPEC "Not an article"): `Err` for a
/// page with no story (a home page, section front, listing or login wall),
/// `Ok(Some(doubt))` for a page indexed in doubt, with the warning to give.
/// A headline and a paragraph of running text make an article; a listing's
/// teasers do not, as each summary is cut off by the next linked headline.
/// Only pages that hold no story are skipped; in doubt, a page is indexed.
fn is_article(
    doc: &Html,
    m: &PageMeta,
    ex: &body::Extracted,
    has_title: bool,
    has_h1: bool,
) -> Result<Option<String>, SkipReason> {
    let og_type = m.get(&["og:type"]).unwrap_or_default().to_lowercase();
    let says_article = m.article_type || og_type == "article";
    let chars: usize = ex.paragraphs.iter().map(|p| p.chars().count()).sum();
    let running = ex.paragraphs.iter().any(|p| running_text(p));
    let listing = (ex.linked_headings >= 4
        && (ex.linked_headings * 500 > ex.good_chars || m.listing_type || og_type == "website"))
        || (m.listing_type && !says_article);
    let password = scraper::Selector::parse("input[type=password]").expect("valid selector");
    let login = doc.select(&password).next().is_some() && chars < 600;
    if listing || login {
        // A page that declares itself an article and shows its headline
        // needs only its paragraph of running text (a brief under a rail of
        // related headlines); other pages need a story's run of text.
        let declared = says_article && has_h1;
        if declared && running && !login {
            return Ok(None);
        }
        if running && ex.story_chars >= STORY_RUN {
            let what = if login {
                "a login page"
            } else {
                "a listing page"
            };
            return Ok(Some(format!(
                "indexed in doubt: looks like {what} ({} linked headlines) but holds a story of {} characters",
                ex.linked_headings, ex.story_chars
            )));
        }
        return Err(SkipReason::NotArticlePage);
    }
    match (running, has_title) {
        (true, true) => Ok(None),
        (true, false) => Ok(Some("indexed in doubt: the page shows no headline".into())),
        (false, _) if says_article && chars > 0 => Ok(Some(format!(
            "indexed in doubt: declared an article but holds no paragraph of running text ({chars} characters)"
        ))),
        (false, _) => Err(SkipReason::NotArticlePage),
    }
}

/// Characters of uninterrupted text that make a story even on a page that
/// also lists other articles.
const STORY_RUN: usize = 500;

/// A paragraph a reader would take for the story: a sentence or more (eight
/// words; twenty characters of Chinese or Japanese, which write no spaces).
fn running_text(p: &str) -> bool {
    let words = p.split_whitespace().count();
    let cjk = p
        .chars()
        .filter(|c| matches!(*c as u32, 0x3040..=0x30ff | 0x3400..=0x4dbf | 0x4e00..=0x9fff | 0xac00..=0xd7af))
        .count();
    (words >= 8 && p.chars().count() >= 40) || cjk >= 20
}

fn authors(
    doc: &Html,
    m: &PageMeta,
    h1: Option<ego_tree::NodeId>,
    site: Option<&str>,
    domain: Option<&str>,
) -> Vec<String> {
    let mut shown: Vec<String> = visible::byline(doc, h1);
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
        .filter(|a| a.person && keep_name(&a.name) && !is_site(&a.name))
        .flat_map(|a| split_byline(&a.name))
        .filter(|n| keep_name(n))
        .collect();
    if !persons.is_empty() {
        return persons;
    }
    let from_meta = m
        .get(AUTHOR_KEYS)
        .or_else(|| m.itemprops.get("author").cloned())
        .map(|a| split_byline(&a))
        .unwrap_or_default();
    from_meta
        .into_iter()
        .filter(|n| keep_name(n) && !is_site(n))
        .collect()
}

/// The publication date as the page states it: the machine timestamp's
/// date as written, unless the visible date near the headline is within two
/// days of it (a UTC timestamp rolled over) — then the visible one.
fn page_date(doc: &Html, m: &PageMeta, h1: Option<ego_tree::NodeId>) -> Option<NaiveDate> {
    let lang = m.lang.as_str();
    let machine = m
        .ld_date
        .clone()
        .or_else(|| m.get(DATE_KEYS))
        .or_else(|| m.itemprops.get("datepublished").cloned())
        .and_then(|v| dates::machine_date(&v, lang));
    let shown = visible::date_texts(doc, h1);
    let text_date = shown.iter().find_map(|(t, _)| dates::find_date(t, lang));
    let time_attr = shown
        .iter()
        .find_map(|(_, dt)| dt.as_deref().and_then(|v| dates::machine_date(v, lang)));
    match (machine.or(time_attr), text_date) {
        (Some(mach), Some(vis)) if (mach - vis).num_days().abs() <= 2 => Some(vis),
        (Some(mach), _) => Some(mach),
        (None, Some(vis)) => Some(vis),
        // Last, a date the page labels as its publication date anywhere
        // (`Erschienen am: 01.11.2023` in a footer).
        (None, None) => dates::labelled_date(&dom::text_of(*doc.root_element()), lang),
    }
}

/// `A - B` → `A`; `None` for what is not a desk (the site, `Home`, `News`
/// alone, a tag list, a URL).
fn valid_desk(raw: &str, site: Option<&str>) -> Option<String> {
    let d = clean::normalize_space(raw);
    let d = [" - ", " – ", " — ", " > ", " › ", " / ", " | "]
        .iter()
        .fold(d, |d, sep| {
            d.split(sep).next().unwrap_or("").trim().to_string()
        });
    let lower = d.to_lowercase();
    let bad = d.is_empty()
        || d.contains(',')
        || d.chars().count() > 40
        || lower.contains("http")
        || NOT_DESKS.contains(&lower.as_str())
        || site.is_some_and(|s| same_words(s, &d));
    (!bad).then_some(d)
}

fn desk(
    doc: &Html,
    m: &PageMeta,
    h1: Option<ego_tree::NodeId>,
    site: Option<&str>,
) -> Option<String> {
    let (kickers, crumbs) = visible::section_labels(doc, h1);
    let title = m.ld_headline.clone().unwrap_or_default();
    m.ld_section
        .iter()
        .cloned()
        .chain(SECTION_KEYS.iter().filter_map(|k| m.get(&[k])))
        .chain(m.itemprops.get("articlesection").cloned())
        .chain(m.breadcrumb.iter().cloned())
        .chain(crumbs)
        .chain(kickers)
        .filter(|d| !same_words(d, &title))
        .find_map(|d| valid_desk(&d, site))
}

fn tags(m: &PageMeta) -> Vec<String> {
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
fn domain_label(url: &str) -> Option<String> {
    let host = url
        .split("://")
        .nth(1)?
        .split(['/', '?', '#', ':'])
        .next()?;
    let host = host.strip_prefix("www.").unwrap_or(host);
    host.split('.').next().map(str::to_string)
}
