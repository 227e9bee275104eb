//! The section labels a page shows (SPEC "Desk"): the kicker set above the
//! headline and the visible breadcrumb's levels. Both are candidates for
//! the desk; `desk` weighs them against the declared sections.

use ego_tree::NodeId;
use scraper::{ElementRef, Html};

use super::dom::sel;
use super::near::near_headline;
use super::{dom, masthead};

/// The section label above the headline and the visible breadcrumb's levels
/// (TYPO3 names its breadcrumb the `rootline`).
pub fn section_labels(doc: &Html, h1: Option<NodeId>) -> (Vec<String>, Vec<String>) {
    let crumbs: Vec<String> = doc
        .select(&sel(
            "[class*=breadcrumb] a, [aria-label*=readcrumb] a, [class*=breadcrumb] li, \
             [id*=breadcrumb] a, [itemtype*=BreadcrumbList] a, [class*=rootline] a, \
             [id*=rootline] a",
        ))
        .filter(|c| !links_home(c) && !current_page(c))
        .map(|a| dom::text_of(*a))
        .filter(|t| !t.is_empty())
        .take(8)
        .collect();
    let selector = "[class*=kicker], [class*=eyebrow], [class*=section-label], [class*=rubric], \
                    [class*=overline], [class*=category], [class*=section-name], [class*=flag]";
    let kickers = near_headline(doc, selector, h1, false)
        .into_iter()
        .filter(|k| !in_headline(k, h1) && !menu_item(k) && !teasers(k))
        .map(|k| dom::text_of(*k))
        .filter(|t| !t.is_empty() && t.chars().count() <= 40)
        .take(3)
        // A WordPress category link (`Posted in <a rel="category tag">`).
        .chain(
            doc.select(&sel("article a[rel~=category], [class*=cat-links] a"))
                .map(|a| dom::text_of(*a))
                .take(1),
        )
        .collect();
    (kickers, crumbs)
}

/// A breadcrumb's first level, the link to the site's front page (`ZDNet`,
/// `[Accueil]`, a house icon): the site, not a section.
fn links_home(c: &ElementRef) -> bool {
    let link = if c.value().name() == "a" {
        Some(*c)
    } else {
        c.select(&sel("a")).next()
    };
    link.and_then(|a| a.attr("href"))
        .is_some_and(masthead::is_front_page)
}

/// A breadcrumb's last level written without a link (`<li
/// class="active">Große Aufgaben …</li>`): the page itself.
fn current_page(c: &ElementRef) -> bool {
    c.value().name() == "li"
        && c.select(&sel("a")).next().is_none()
        && !c
            .next_siblings()
            .filter_map(ElementRef::wrap)
            .any(|s| s.value().name() == "li")
}

/// A kicker inside the `<h1>` (`<h1><span class="kicker">Corona-Pandemie
/// </span> …`) is the headline's own topic line, not the section the
/// story is filed under.
fn in_headline(k: &ElementRef, h1: Option<NodeId>) -> bool {
    h1.is_some_and(|h| k.ancestors().any(|a| a.id() == h))
}

/// A menu's entry for a category (WordPress's `<li class="menu-item
/// menu-item-object-category">`): one section of many in the site's menu.
fn menu_item(k: &ElementRef) -> bool {
    dom::words(k).iter().any(|w| w == "menu" || w == "nav")
}

/// A kicker whose own class names a teaser (`<span class="teaser-small__
/// kicker">„Cicero“ im Juli</span>` over a promo's `<h2>`) labels another
/// story.
fn teasers(k: &ElementRef) -> bool {
    dom::has_word(k, &["teaser", "promo", "card", "related"])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kickers_of(page: &str) -> Vec<String> {
        let doc = Html::parse_document(page);
        let h1 = doc.select(&sel("h1")).next().map(|h| h.id());
        section_labels(&doc, h1).0
    }

    #[test]
    fn a_kicker_inside_the_headline_is_its_topic() {
        let page = r#"<article><h1 itemprop="headline"><span class="teaser-small__kicker">Corona-Pandemie</span>
            <span class="visually-hidden"> - </span><span class="h1">„Es kommt darauf an“</span></h1>
            <p>Müssen Infizierte ins Krankenhaus?</p></article>"#;
        assert!(kickers_of(page).is_empty());
        let above = r#"<article><div class="kicker">Innenpolitik</div><h1>„Es kommt darauf an“</h1></article>"#;
        assert_eq!(kickers_of(above), ["Innenpolitik"]);
    }

    #[test]
    fn a_menus_category_item_is_no_kicker() {
        let page = r#"<div id="masthead"><ul class="menu">
            <li id="menu-item-108" class="menu-item menu-item-type-taxonomy menu-item-object-category"><a href="/kinder/">Kinder</a></li>
            </ul></div><div class="post"><h1>Muffin Grundrezept</h1><p>Für Experimentierfreudige.</p></div>"#;
        assert!(kickers_of(page).is_empty());
    }

    #[test]
    fn a_teasers_kicker_labels_another_story() {
        let page = r#"<article><h1>„Es kommt darauf an“</h1><p>Müssen Infizierte ins Krankenhaus?</p></article>
            <section class="block"><div class="portlet"><span class="teaser-small__kicker">„Cicero“ im Juli</span>
            <h2 class="teaser-small__heading">Der Weltenretter</h2></div></section>"#;
        assert!(kickers_of(page).is_empty());
    }
}
