//! One page to a draft: the headline, the body, whether the page is an
//! article at all, and the metadata fields (`fields` decides which source
//! gives each).

use scraper::Html;

use super::desk::desk;
use super::fields::{authors, change_date, domain_label, page_date, tags};
use super::meta::{self, PageMeta};
use super::{body, body_bylines, declared_text, links, title};
use crate::article::DateSource;
use crate::parse::header::Meta;
use crate::parse::{Draft, SkipReason, date};

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
    let summary = m.get(&["og:description", "description", "twitter:description"]);
    let own_site = url.as_deref().and_then(links::site_of);
    let heading = body::Heading {
        headline: title.as_deref(),
        summary: summary.as_deref(),
        site: own_site.as_deref(),
    };
    // Where the story starts, and the byline, date and section label are looked for.
    let anchor = h1_id.or_else(|| {
        title
            .as_deref()
            .and_then(|t| title::heading_showing(doc, t))
    });
    let mut extracted = body::extract(doc, anchor, heading);
    // A story rendered by script shows no text in the saved markup; the
    // text its JSON-LD declares stands in rather than the page being lost.
    let declared = (!extracted.paragraphs.iter().any(|p| running_text(p)) && !m.listing_type)
        .then(|| m.ld_text.as_deref().map(declared_text::paragraphs))
        .flatten()
        .filter(|d| d.iter().any(|p| running_text(p)));
    let doubt = if let Some(declared) = declared {
        extracted.paragraphs = declared;
        Some(
            "indexed in doubt: its text is only in the page's JSON-LD (rendered by script)"
                .to_string(),
        )
    } else {
        is_article(doc, &m, &extracted, title.is_some(), anchor.is_some())?
    };
    let signoff = body_bylines::signoff(&extracted.paragraphs);
    if let Some((_, at)) = &signoff {
        extracted.paragraphs.drain(at.clone());
    }
    let lead = body_bylines::lead_byline(&extracted.paragraphs);
    if let Some((_, at)) = &lead {
        extracted.paragraphs.remove(*at);
    }
    let lead_names = lead.map(|(names, _)| names).unwrap_or_default();
    // A line that only dates the story (`Published July 14, 2021`) at its
    // top is the page's furniture: the date is the article's own field.
    let lang = m.stated_lang().unwrap_or_default();
    for _ in 0..2 {
        let at = (extracted.paragraphs.iter().take(2))
            .position(|p| super::date_line::date_line(p, &lang));
        match at {
            Some(at) => drop(extracted.paragraphs.remove(at)),
            None => break,
        }
    }
    let mut authors = authors(
        doc,
        &m,
        anchor,
        site.as_deref(),
        domain.as_deref(),
        &lead_names,
    );
    if authors.is_empty()
        && let Some((names, _)) = signoff
    {
        authors = names;
    }
    let (date, hint) = match page_date(doc, &m, anchor) {
        Some(d) => (None, Some((d, DateSource::Explicit))),
        None => (
            None,
            url.as_deref()
                .and_then(date::path_date)
                .map(|d| (d, DateSource::Path))
                // Last, the page's change stamp anywhere (`Letzte Änderung:
                // …`, a wiki's footer) unless the file's path dates it.
                .or_else(|| {
                    date::path_date(rel_path)
                        .is_none()
                        .then(|| change_date(doc, &m))
                        .flatten()
                        .map(|d| (d, DateSource::Explicit))
                }),
        ),
    };
    let desk = desk(doc, &m, anchor, site.as_deref(), &authors, url.as_deref());
    let meta = Meta {
        title,
        authors,
        desk,
        date,
        tags: tags(&m),
        url,
        lang: m.stated_lang(),
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
    shows_headline: bool,
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
        let declared = says_article && shows_headline;
        if declared && running && !login {
            return Ok(None);
        }
        // A brief on a page that does not say what it is: its headline
        // shown, then a paragraph of running text before the first linked
        // headline of the rail beside it. A page declared a listing or a
        // website (a section front with an intro under its name) is not.
        let brief = shows_headline
            && has_title
            && !m.listing_type
            && og_type != "website"
            && ex.paragraphs[..ex.before_rail.min(ex.paragraphs.len())]
                .iter()
                .any(|p| running_text(p));
        // A login box beside a story (a member area in the header) does
        // not make the story a login wall.
        if running && (ex.story_chars >= STORY_RUN || brief || (login && !listing)) {
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
