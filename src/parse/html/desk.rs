//! The desk: the section the page files the article under (SPEC "Web
//! pages"). Declared sections (JSON-LD `articleSection`, `article:section`,
//! `prism.section`…), the breadcrumb's section level and the section label
//! shown beside the headline are candidates; what is not a desk (the site,
//! `Home`, `News` alone, a tag list, a slug, an archive's month) is passed
//! over.

use scraper::Html;

use super::meta::PageMeta;
use super::section_link::{self, section_link};
use super::visible::same_words;
use super::{dom, labels, section_front};
use crate::parse::clean;

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
    "start",
    "início",
    "inicio",
    "accueil",
    "главная",
    "홈",
    "ホーム",
    // `News` in the site's language, and `overview`: what every story is,
    // not a section of them. (German `Aktuelles` stays: sites file press
    // releases and club news under it as a section of its own.)
    "nachrichten",
    "übersicht",
    "overview",
    // A hub of topics (`/themen/…`), not a section of stories.
    "themen",
    "topics",
    "actualités",
    "actualites",
    "noticias",
    "notizie",
    "nieuws",
    "wiadomości",
    "новости",
    "uutiset",
    "nyheter",
    "nyheder",
];
/// An archive's month level (`Home › 2023 › October`), in the languages
/// the archive is mostly written in.
const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "januar",
    "jänner",
    "februar",
    "märz",
    "mai",
    "juni",
    "juli",
    "oktober",
    "dezember",
    "janvier",
    "février",
    "mars",
    "avril",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
];

/// A value the site escaped twice (`Biologie &#038; Wissenschaft` in its
/// JSON-LD) with its character references and `&amp;` decoded once.
fn references_decoded(raw: &str) -> String {
    if !raw.contains('&') {
        return raw.to_string();
    }
    let mut out = String::new();
    let mut rest = raw;
    while let Some(at) = rest.find('&') {
        out.push_str(rest.get(..at).unwrap_or(""));
        let tail = rest.get(at..).unwrap_or("");
        let end = tail.find(';').filter(|e| *e <= 10);
        let entity = end.and_then(|e| tail.get(1..e));
        let ch = entity.and_then(|e| match e {
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "lt" => Some('<'),
            "gt" => Some('>'),
            _ => e
                .strip_prefix("#x")
                .or_else(|| e.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| e.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        });
        match (ch, end) {
            (Some(c), Some(e)) => {
                out.push(c);
                rest = tail.get(e + 1..).unwrap_or("");
            }
            _ => {
                out.push('&');
                rest = tail.get(1..).unwrap_or("");
            }
        }
    }
    out.push_str(rest);
    out
}

/// `A - B` → `A`; `None` for what is not a desk (the site, `Home`, `News`
/// alone, a tag list, a URL).
fn valid_desk(raw: &str, site: Option<&str>) -> Option<String> {
    let d = clean::normalize_space(&references_decoded(raw));
    let d = d.trim_matches(['/', '>', '›', '|', '»', ' ']).to_string();
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
        // `2023` (an archive year), `Z` (a drop cap), `yle.fi` (the
        // site's host).
        || d.chars().filter(|c| c.is_alphabetic()).count() < 2
        || (!d.contains(' ') && d.contains('.'))
        || NOT_DESKS.contains(&lower.as_str())
        // `SLF Startseite`, `BBC Home`: the site's front page by its name.
        || lower
            .rsplit(' ')
            .next()
            .is_some_and(|w| ["home", "startseite", "homepage", "accueil"].contains(&w))
        // `Category:` labels the desk beside it; `Revolut: Wo geht's hin?`
        // is a story's headline.
        || d.ends_with(':')
        || d.contains(['?', '!'])
        || d.contains(": ")
        // `a-e-d`, `politics_domestic`: a slug the reader never sees.
        || (!d.contains(' ') && d.contains(['-', '_']) && !d.chars().any(char::is_uppercase))
        || MONTHS.contains(&lower.trim_end_matches(|c: char| c.is_ascii_digit() || c == ' '))
        || site.is_some_and(|s| same_words(s, &d));
    (!bad).then_some(d)
}

pub fn desk(
    doc: &Html,
    m: &PageMeta,
    h1: Option<ego_tree::NodeId>,
    site: Option<&str>,
    authors: &[String],
    url: Option<&str>,
) -> Option<String> {
    let (kickers, crumbs) = labels::section_labels(doc, h1);
    let title = m.ld_headline.clone().unwrap_or_default();
    // The breadcrumb's last level names the page itself.
    let shown_title = h1
        .and_then(|id| doc.tree.get(id))
        .map(dom::text_of)
        .unwrap_or_default();
    // A list of declared sections is in the CMS's order (often the
    // alphabet's), not by rank: the one the page shows beside the
    // headline is the desk.
    let listed = [m.ld_sections.clone(), m.all("article:section")]
        .into_iter()
        .find(|l| l.len() > 1)
        .unwrap_or_default();
    if !listed.is_empty() {
        let shown = section_link::links_beside(doc, h1)
            .into_iter()
            .filter(|l| listed.iter().any(|d| same_words(d, l)))
            .find_map(|l| valid_desk(&l, site));
        if shown.is_some() {
            return shown;
        }
    }
    let usable = |d: &String| {
        !same_words(d, &title)
            && !same_words(d, &shown_title)
            && !authors.iter().any(|a| same_words(a, d))
    };
    let declared = m
        .ld_section
        .iter()
        .cloned()
        .chain(SECTION_KEYS.iter().filter_map(|k| m.get(&[k])))
        .chain(m.itemprops.get("articlesection").cloned())
        .chain(m.breadcrumb.iter().cloned())
        .filter(usable)
        .find_map(|d| valid_desk(&d, site));
    // A declared section the visible breadcrumb does not hold at any level
    // disagrees with what the reader sees, and the breadcrumb wins (SPEC
    // "What the reader sees settles disagreements"); one it holds (a
    // deeper level than its first) stands.
    let shown = crumbs
        .iter()
        .filter(|c| usable(c))
        .find_map(|c| valid_desk(c, site));
    if let (Some(d), Some(c)) = (&declared, &shown)
        && !crumbs.iter().any(|l| same_words(l, d))
    {
        return Some(c.clone());
    }
    declared
        .into_iter()
        .chain(crumbs)
        .chain(kickers)
        // A WordPress post's category link (`rel="category tag"`), also
        // outside an `<article>`.
        .chain(wordpress_category(doc))
        .chain(section_link(doc, h1))
        // Last, the section of the page's own address, as a link names it.
        .chain(section_front::url_section(doc, url))
        .filter(|d| !same_words(d, &title))
        // The byline's person is never the desk (a link to her page
        // right above the headline names her, not a section).
        .filter(|d| !authors.iter().any(|a| same_words(a, d)))
        .find_map(|d| valid_desk(&d, site))
}

fn wordpress_category(doc: &Html) -> Option<String> {
    let links = scraper::Selector::parse("a[rel~=category][rel~=tag]").expect("valid selector");
    doc.select(&links).next().map(|a| dom::text_of(*a))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn desks() {
        let cases = [
            (
                "Biologie &#038; Wissenschaft",
                Some("Biologie & Wissenschaft"),
            ),
            ("Início /", None),
            ("Politik /", Some("Politik")),
            ("/ Educación", Some("Educación")),
            ("2023", None),
            ("Z", None),
            ("yle.fi", None),
            ("Start", None),
            ("Category:", None),
            ("SLF Startseite", None),
            ("a-e-d", None),
            ("October", None),
            ("Oktober 2023", None),
            ("Revolut: Wo bitte geht’s zur Gewinnzone?", None),
            ("E-Commerce", Some("E-Commerce")),
            ("Tom &amp; Jerry &x;", Some("Tom & Jerry &x;")),
        ];
        for (raw, want) in cases {
            assert_eq!(valid_desk(raw, None).as_deref(), want, "{raw}");
        }
    }

    #[test]
    fn a_wordpress_category_outside_an_article() {
        let page = r#"<html lang="de"><body><div class="post"><h1 class="entry-title">Die Dame</h1>
            <p>Ein Text über den Verein und seine Geschichte.</p>
            <div class="postmeta">Kategorie: <a href="/category/hertha-bsc/" rel="category tag">Hertha BSC</a></div>
            </div></body></html>"#;
        let doc = Html::parse_document(page);
        let m = super::super::meta::gather(&doc);
        assert_eq!(
            desk(&doc, &m, None, None, &[], None).as_deref(),
            Some("Hertha BSC")
        );
    }
}
