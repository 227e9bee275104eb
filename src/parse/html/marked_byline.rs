//! The byline a page marks up as one: elements whose class, id, `rel` or
//! `itemprop` names an author (`<span class="byline">`, `<a
//! rel="author">`, `<p class="autor">` when it links to the writer's page),
//! near the headline and not in a picture's credit, a list of other
//! articles or the comments. The names inside are read person by person
//! where the markup gives them one by one.

use std::sync::LazyLock;

use ego_tree::NodeId;
use scraper::{ElementRef, Html, Selector};

use super::dom::{self, sel};
use super::names::{keep_name, split_byline};
use super::near::near_headline;

/// The byline's raw names, as shown: elements whose class (or id:
/// `<div id="author_header">` beside the logo) names an author.
pub fn byline(doc: &Html, h1: Option<NodeId>) -> Vec<String> {
    const MARKED: &str = "[rel~=author], [itemprop=author], [class*=byline], [class*=Byline], \
                    [class*=author], [class*=Author], [id*=author], [class*=contributor], [data-component=byline], \
                    [class~=submitted], [data-testid*=author]";
    static MARKED_SEL: LazyLock<Selector> = LazyLock::new(|| sel(MARKED));
    // The class in the page's language (`content-left-autor`, `auteur`).
    let selector = format!("{MARKED}, [class*=autor], [class*=Autor], [class*=auteur]");
    // The post's own footer last, and only a line (not a biography box).
    let footer_line = |el: &ElementRef| dom::text_of(**el).chars().count() <= 100;
    let found = near_headline(doc, &selector, h1, false).into_iter().chain(
        near_headline(doc, &selector, h1, true)
            .into_iter()
            .filter(footer_line),
    );
    for el in found {
        // `<span class="author-views">人氣(23925)</span>`: a counter.
        if dom::has_word(&el, &["views", "view", "count", "counter", "hits"]) {
            continue;
        }
        // A picture's credit (`<span class="license-author">` in a
        // `<figure>`): its photographer, not the story's writer.
        if credit(&el) {
            continue;
        }
        // A class in the page's language names a place or a section as
        // often as the writer (`<p class="autor">Medellín</p>`): only
        // when the element links to the writer's own page.
        let local = dom::has_word(&el, LOCAL_AUTHOR_WORDS) && links_to_author_page(&el);
        if !MARKED_SEL.matches(&el) && !local {
            continue;
        }
        let names: Vec<String> = byline_group(el)
            .iter()
            .flat_map(|g| {
                // A person marked up as one (`itemprop=author` holding
                // `itemprop=name`) is that name: not the job title, source
                // or date the box shows beside it.
                let marked: Vec<String> = g
                    .select(&sel("[itemprop~=author] [itemprop~=name]"))
                    .map(|n| dom::text_of(*n))
                    .filter(|t| !t.is_empty())
                    .collect();
                if !marked.is_empty() {
                    return marked;
                }
                let inner: Vec<String> = g
                    .select(&sel(
                        "[rel~=author], [itemprop=name], [class*=name], [class*=Name]",
                    ))
                    .map(|n| dom::text_of(*n))
                    .filter(|t| !t.is_empty())
                    .collect();
                if !inner.is_empty() {
                    return inner;
                }
                // An author box titled by its author (`<div class="author-bio
                // footer"><h3>Martin Junker</h3>` then links and a photo:
                // `Alles von Martin Junker`).
                let heading = g
                    .select(&sel("h2, h3, h4, h5, h6"))
                    .map(|h| dom::text_of(*h))
                    .find(|t| full_name(t) && split_byline(t).len() == 1);
                if let Some(name) = heading {
                    return vec![name];
                }
                // Each person a link to their page (`By <div><a
                // href="/author/april-roach">April Roach</a></div><a
                // href="https://twitter.com/…">@aprilroach28</a><div><a
                // href="/author/daniel-omahony">…`): the links' names, when
                // two or more persons are linked. One linked name beside
                // unlinked ones (`By <a>Jane Porter</a> and Tom Reid`: staff
                // and a freelancer) is read from the line, so none is lost.
                let linked = author_links(g);
                if linked.len() >= 2 {
                    return linked;
                }
                // A byline is a line: a box of running text (an author's
                // note, `Welcome to my first story, rewritten, adding
                // scenes …`) split at its commas gives words, not names.
                let text = without_job_title(*g);
                if text.chars().count() > MAX_LINE {
                    return linked;
                }
                let names = split_byline(&text);
                if !linked.is_empty() && !names.iter().all(|n| keep_name(n)) {
                    return linked;
                }
                vec![text]
            })
            .collect();
        // Drupal's `submitted` line names the posting account as often as
        // the author (`Gespeichert von human`): only a full name there.
        let account = dom::has_word(&el, &["submitted"]);
        let names: Vec<String> = names
            .iter()
            .flat_map(|n| split_byline(n))
            .filter(|n| keep_name(n) && (!account || full_name(n)))
            .collect();
        if !names.is_empty() {
            return names;
        }
    }
    Vec::new()
}

/// Class words for the writer in the page's language: whole words, so
/// `hauteur` or `autorotate` (which the CSS substring selector also
/// finds) are not bylines.
const LOCAL_AUTHOR_WORDS: &[&str] = &["autor", "autoren", "autorin", "auteur", "auteurs"];

/// The longest text an element marked as the author's may hold and still
/// be read as a byline line.
const MAX_LINE: usize = 200;

/// True when `a` links to a writer's page on the site
/// (`/ueber-uns/autoren/clara-loew`, `/author/jane-doe`, `/auteur/…`).
fn is_author_link(a: &ElementRef) -> bool {
    const AUTHOR_PATHS: &[&str] = &[
        "author", "authors", "autor", "autoren", "autorin", "auteur", "auteurs", "autore", "autori",
    ];
    let href = a.attr("href").unwrap_or("");
    let path = href.split(['?', '#']).next().unwrap_or("");
    path.split('/')
        .any(|seg| AUTHOR_PATHS.contains(&seg.to_lowercase().as_str()))
}

static LINKS: LazyLock<Selector> = LazyLock::new(|| sel("a[href]"));

/// True when `el` holds a link to a writer's page.
fn links_to_author_page(el: &ElementRef) -> bool {
    el.select(&LINKS).take(10).any(|a| is_author_link(&a))
}

/// The names of the links to writers' pages inside `el`.
fn author_links(el: &ElementRef) -> Vec<String> {
    el.select(&LINKS)
        .take(10)
        .filter(is_author_link)
        .map(|a| dom::text_of(*a))
        .filter(|t| !t.is_empty())
        .collect()
}

/// Words of a picture credit's element (`license-author`, `<span
/// class="copyright">`). Not `credits`: an article's credits box
/// (`Text: <span class="author">…`) names its writer.
const CREDIT: &[&str] = &["license", "licence", "copyright"];

/// True when `el` is a picture's credit: in a `<figure>` or its caption, or
/// marked as a licence or copyright.
fn credit(el: &ElementRef) -> bool {
    dom::has_word(el, CREDIT)
        || el
            .ancestors()
            .filter_map(ElementRef::wrap)
            .take(8)
            .any(|a| {
                matches!(a.value().name(), "figure" | "figcaption") || dom::has_word(&a, CREDIT)
            })
}

/// Two or more capitalised words (particles between), nothing else: a
/// name, where an author box's heading may be a label (`Rezept von`,
/// `Über den Autor`, `About the Author`).
pub(super) fn full_name(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    let capital = |w: &&str| w.chars().next().is_some_and(char::is_uppercase);
    let label = |w: &&str| {
        let w = w.to_lowercase();
        ["autor", "author", "auteur", "über", "about"]
            .iter()
            .any(|l| w.starts_with(l))
    };
    words.len() >= 2
        && !words.iter().any(label)
        && words.last().is_some_and(capital)
        && words
            .iter()
            .all(|w| capital(w) || super::names::is_particle(w))
        && keep_name(text)
}

/// Words of the element that holds an author's job title in an author box
/// (`<div class="author-title">Games Editor</div>`, `itemprop=jobTitle`).
const JOB_TITLE: &[&str] = &["title", "jobtitle", "role", "position", "job"];

/// The author box's text without its job-title element: the title is not
/// part of the name (`Nora Lindqvist` + `Games Editor`), and a role cut off
/// at its last word would leave one behind (`Nora Lindqvist Games`). The
/// whole text when the box is nothing but such an element.
fn without_job_title(el: ElementRef<'_>) -> String {
    let is_title = |a: &ElementRef| {
        dom::has_word(a, JOB_TITLE)
            || a.attr("itemprop")
                .is_some_and(|p| p.eq_ignore_ascii_case("jobtitle"))
    };
    let mut parts: Vec<&str> = Vec::new();
    for edge in el.traverse() {
        // A block's edges part its words from the next (`<div>Von</div><div
        // class="font-bold">Eurosport</div><div>Publiziert …`), as a
        // browser shows them on lines of their own.
        let node = match edge {
            ego_tree::iter::Edge::Open(n) | ego_tree::iter::Edge::Close(n) => n,
        };
        if node
            .value()
            .as_element()
            .is_some_and(|e| e.name() == "br" || dom::BLOCKS.contains(&e.name()))
        {
            parts.push(" ");
            continue;
        }
        let (ego_tree::iter::Edge::Open(node), Some(text)) = (edge, node.value().as_text()) else {
            continue;
        };
        let skip = node
            .ancestors()
            .take_while(|a| a.id() != el.id())
            .filter_map(ElementRef::wrap)
            .any(|a| dom::NEVER_TEXT.contains(&a.value().name()) || is_title(&a));
        if !skip {
            parts.push(text);
        }
    }
    let text = crate::parse::clean::normalize_space(&parts.concat());
    if text.is_empty() {
        dom::text_of(*el)
    } else {
        text
    }
}

/// A byline marked up person by person (`By <span itemprop=author>A</span>
/// and <span itemprop=author>B</span>`): every author element of the short
/// line that holds `el`, not only the first.
fn byline_group(el: ElementRef<'_>) -> Vec<ElementRef<'_>> {
    let one_person = el
        .attr("itemprop")
        .is_some_and(|p| p.split_whitespace().any(|w| w == "author"))
        || el
            .attr("rel")
            .is_some_and(|r| r.split_whitespace().any(|w| w == "author"));
    let line = el.parent().and_then(ElementRef::wrap);
    match line {
        Some(line) if one_person && dom::text_of(*line).chars().count() <= MAX_LINE => line
            .select(&sel("[itemprop~=author], [rel~=author]"))
            .collect(),
        _ => vec![el],
    }
}
