//! The kicker that links to a section front (SPEC "Desk"): a short link
//! right beside the headline whose words are the last step of its own
//! address (`<a href="/fr/entretiens">Entretiens</a>` under the `<h1>`,
//! `<a href="/tag/impfen/">Impfen</a>` above it). Sites mark it up every
//! which way (`primary-tag`, `field-themen`, an unnamed `<div>`), so it is
//! known by what it is: a label that names the page it leads to, set next
//! to the headline rather than in a menu.

use std::collections::HashSet;

use ego_tree::NodeId;
use scraper::node::Node;
use scraper::{ElementRef, Html};

use super::dom;

/// Text (characters) between the headline and a link beside it: a kicker
/// sits right above or below the `<h1>`, a menu further off.
const NEAR_CHARS: usize = 80;
/// Words of a section's name.
const MAX_WORDS: usize = 4;
/// Ancestors that put a link in a menu, a footer or a teaser, not beside
/// the headline.
const AWAY: &[&str] = &[
    "nav",
    "navigation",
    "menu",
    "navbar",
    "footer",
    "related",
    "teaser",
    "sidebar",
    "breadcrumb",
    "breadcrumbs",
    "masthead",
];
/// Ancestors that put a link in the site's menu.
const MENUS: &[&str] = &[
    "nav",
    "navigation",
    "menu",
    "navbar",
    "footer",
    "sidebar",
    "masthead",
];
/// Address steps of a person's page (`/staff/uriel-gadessaud/`): a byline.
const PEOPLE: &[&str] = &[
    "author",
    "authors",
    "autor",
    "autoren",
    "auteur",
    "staff",
    "user",
    "users",
    "profile",
    "people",
    "person",
    "redaktion",
    "journalist",
];

/// The section the link nearest the headline names, when one does.
pub fn section_link(doc: &Html, h1: Option<NodeId>) -> Option<String> {
    let h = doc.tree.get(h1?)?;
    let shared: HashSet<NodeId> = h.ancestors().map(|a| a.id()).collect();
    let order: Vec<NodeId> = doc.tree.root().descendants().map(|n| n.id()).collect();
    let at = order.iter().position(|id| *id == h.id())?;
    let inside: HashSet<NodeId> = h.descendants().map(|n| n.id()).collect();
    let after = order
        .iter()
        .skip(at)
        .position(|id| !inside.contains(id))
        .map_or(order.len(), |p| p + at);
    let before = order.get(..at)?.iter().rev();
    let after = order.get(after..)?.iter();
    let near = |ids: &mut dyn Iterator<Item = &NodeId>, above: bool| -> Option<(usize, String)> {
        let mut chars = 0;
        for id in ids {
            let node = doc.tree.get(*id)?;
            match node.value() {
                Node::Text(t) => {
                    chars += t.trim().chars().count();
                    if chars > NEAR_CHARS {
                        return None;
                    }
                }
                Node::Element(e) if e.name() == "a" => {
                    let a = ElementRef::wrap(node)?;
                    if let Some(name) = names_its_front(&a, &shared, above) {
                        return Some((chars, name));
                    }
                }
                _ => {}
            }
        }
        None
    };
    let up = near(&mut before.into_iter(), true);
    let down = || near(&mut after.into_iter(), false).filter(|(chars, _)| *chars == 0);
    up.or_else(down).map(|(_, name)| name)
}

/// The texts of the links right above the headline, in reading order,
/// then of those right below it: where a page shows its section labels
/// (`<a href="/c/erholung/">Erholung</a>` over the `<h1>`).
pub fn links_beside(doc: &Html, h1: Option<NodeId>) -> Vec<String> {
    let Some(h) = h1.and_then(|id| doc.tree.get(id)) else {
        return Vec::new();
    };
    let order: Vec<NodeId> = doc.tree.root().descendants().map(|n| n.id()).collect();
    let Some(at) = order.iter().position(|id| *id == h.id()) else {
        return Vec::new();
    };
    let inside: HashSet<NodeId> = h.descendants().map(|n| n.id()).collect();
    let shared: HashSet<NodeId> = h.ancestors().map(|a| a.id()).collect();
    let after = order
        .iter()
        .skip(at)
        .position(|id| !inside.contains(id))
        .map_or(order.len(), |p| p + at);
    // A menu's links (an off-canvas `<aside>` just before the article)
    // are the site's sections, not this story's.
    let in_menu = |a: &ElementRef| {
        a.ancestors()
            .filter_map(ElementRef::wrap)
            .take_while(|e| !shared.contains(&e.id()))
            .any(|e| {
                matches!(e.value().name(), "nav" | "footer" | "header" | "aside")
                    || dom::has_word(&e, MENUS)
            })
    };
    let links = |ids: &mut dyn Iterator<Item = &NodeId>| -> Vec<String> {
        let mut chars = 0;
        let mut found = Vec::new();
        for node in ids.filter_map(|id| doc.tree.get(*id)) {
            match node.value() {
                Node::Text(t) => chars += t.trim().chars().count(),
                Node::Element(e) if e.name() == "a" => {
                    if let Some(a) = ElementRef::wrap(node).filter(|a| !in_menu(a)) {
                        found.push(dom::text_of(*a));
                    }
                }
                _ => {}
            }
            if chars > NEAR_CHARS {
                break;
            }
        }
        found
    };
    let mut above = links(&mut order.get(..at).unwrap_or(&[]).iter().rev());
    above.reverse();
    let below = links(&mut order.get(after..).unwrap_or(&[]).iter());
    above
        .into_iter()
        .chain(below)
        .filter(|t| !t.is_empty())
        .collect()
}

/// The link's text when it names the page it leads to, as a kicker does;
/// `above` the headline, it stands alone in its block (below, a kicker
/// moved up by the style sheet may share its line with a topic).
fn names_its_front(a: &ElementRef, shared: &HashSet<NodeId>, above: bool) -> Option<String> {
    let text = dom::text_of(**a);
    let words = text.split_whitespace().count();
    if words == 0 || words > MAX_WORDS || text.chars().count() > 40 {
        return None;
    }
    let away = a
        .ancestors()
        .filter_map(ElementRef::wrap)
        .take_while(|e| !shared.contains(&e.id()))
        .any(|e| {
            matches!(e.value().name(), "nav" | "footer" | "header" | "aside")
                || dom::has_word(&e, AWAY)
        });
    // One of a row's several links is a menu's item (`<ul><li><a
    // href="/reviews/">Reviews</a></li>…`, `<div class="top"><a>News</a>
    // <a>Services</a></div>`), not a label of the story: the block beside
    // the headline holds the kicker alone.
    let block = a
        .ancestors()
        .filter_map(ElementRef::wrap)
        .take_while(|e| !shared.contains(&e.id()))
        .last();
    let row = block.is_some_and(|b| {
        b.descendants()
            .filter_map(ElementRef::wrap)
            .filter(|e| e.value().name() == "a")
            .count()
            > 1
    });
    // An item of a list (`<ul class="article__info"><li>8 July
    // 2020</li><li><a href="/tag/sql/">SQL</a></li></ul>`) is a menu's or
    // the meta line's, wherever it stands.
    let listed = a
        .ancestors()
        .filter_map(ElementRef::wrap)
        .take_while(|e| !shared.contains(&e.id()))
        .find(|e| matches!(e.value().name(), "ul" | "ol"))
        .is_some_and(|list| list.children().filter_map(ElementRef::wrap).count() >= 2);
    let menu = listed || (above && row);
    if away || menu || a.attr("rel").is_some_and(|r| r.contains("author")) {
        return None;
    }
    let href = a.attr("href")?;
    let path = href.split(['?', '#']).next().unwrap_or("");
    let path = path.split_once("://").map_or(path, |(_, rest)| {
        rest.find('/').and_then(|i| rest.get(i..)).unwrap_or("")
    });
    let steps: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let last = steps.last()?;
    if steps.len() > 4
        || steps
            .iter()
            .any(|s| PEOPLE.contains(&s.to_lowercase().as_str()))
    {
        return None;
    }
    let last = last
        .trim_end_matches(".html")
        .trim_end_matches(".htm")
        .trim_end_matches(".php");
    let folded = |s: &str| crate::copies::fold_words(s).concat();
    let (label, step) = (folded(&text), folded(&last.replace(['-', '_', '+'], " ")));
    (!label.is_empty() && label == step).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link_of(page: &str) -> Option<String> {
        let doc = Html::parse_document(page);
        let h1 = doc
            .select(&scraper::Selector::parse("h1").expect("valid selector"))
            .next()
            .map(|h| h.id());
        section_link(&doc, h1)
    }

    #[test]
    fn a_link_that_names_its_front() {
        let below = r#"<header><nav><a href="/fr/evenements/">Événements</a></nav></header>
            <div><h1>« Il y a d'abord le poids de la géographie »</h1>
            <div class="order-first"><a href="https://example.eu/fr/entretiens">Entretiens</a>
            <a href="/fr/geo/mediterranee/">Méditerranée</a></div></div>"#;
        assert_eq!(link_of(below).as_deref(), Some("Entretiens"));
        let above = r#"<div class="primary-tag"><a href="/tag/impfen/">Impfen</a></div>
            <h1 class="title">Japan und die HPV-Impfungen</h1>"#;
        assert_eq!(link_of(above).as_deref(), Some("Impfen"));
        let accents = r#"<h1>Le budget</h1><p><a href="/economie/">Économie</a></p>"#;
        assert_eq!(link_of(accents).as_deref(), Some("Économie"));
    }

    #[test]
    fn a_byline_or_menu_link_is_not_a_kicker() {
        let author = r#"<h1>Sur les migrations</h1><dl><dt>Auteur</dt>
            <dd><a href="/fr/staff/uriel-gadessaud/">Uriel Gadessaud</a></dd></dl>"#;
        assert_eq!(link_of(author), None);
        let menu = r#"<nav><a href="/politik/">Politik</a></nav><h1>Der Haushalt</h1>"#;
        assert_eq!(link_of(menu), None);
        let story = r#"<h1>Der Haushalt</h1><p><a href="/politik/haushalt-2024-beschlossen-123.html">Mehr</a></p>"#;
        assert_eq!(link_of(story), None);
    }
}
