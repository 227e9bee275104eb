//! Bylines a page shows outside the markup `visible::byline` reads: the
//! name an Elementor page builder's post-info bar shows as a custom item
//! beside the date, and the names a box of terms gives after its `Auteur`
//! term. (A Blogger post's byline that only its `<noscript>` copy holds is
//! read by `visible::byline` once `noscript` opens that copy.)
//! Each is read only when the page shows no byline where one is looked for
//! first.

use std::sync::LazyLock;

use scraper::{ElementRef, Html, Selector};

use super::dom::{self, sel};
use super::names::{keep_name, split_byline};
use super::visible::full_name;

/// The full name an Elementor post-info bar shows as a custom item in the
/// bar that holds the post's date (`<li>… --type-date">19. Oktober 2019`
/// then `… --type-custom">Boris T. Kaiser`): a site that writes its
/// bylines in a custom field rather than as the posting account. Only a
/// full name: a custom item may hold a reading time or a label.
pub fn elementor_custom_byline(doc: &Html) -> Vec<String> {
    static CUSTOM: LazyLock<Selector> =
        LazyLock::new(|| sel("[class*=elementor-post-info__item--type-custom]"));
    static DATED: LazyLock<Selector> =
        LazyLock::new(|| sel("[class*=elementor-post-info__item--type-date]"));
    for item in doc.select(&CUSTOM).take(20) {
        let bar = item
            .ancestors()
            .filter_map(ElementRef::wrap)
            .find(|a| matches!(a.value().name(), "ul" | "ol"));
        let beside_date = bar.is_some_and(|b| b.select(&DATED).next().is_some());
        if !beside_date {
            continue;
        }
        let text = dom::text_of(*item);
        let names = split_byline(&text);
        if !names.is_empty() && names.iter().all(|n| full_name(n)) {
            return names;
        }
    }
    Vec::new()
}

/// The names a box of terms and values gives its author (`<dt>Auteur</dt>
/// <dd><a href="/staff/…">Uriel Gadessaud</a></dd>`, the same in a
/// table's `<th>`/`<td>`), outside navigation, footers and lists of
/// other articles.
pub fn term_byline(doc: &Html) -> Vec<String> {
    const LABELS: &[&str] = &[
        "author", "authors", "by", "auteur", "auteurs", "par", "autor", "autorin", "autoren",
        "von", "text", "texte", "por", "autore", "autori",
    ];
    static TERMS: LazyLock<Selector> = LazyLock::new(|| sel("dt, th"));
    for term in doc.select(&TERMS).take(200) {
        let label = dom::text_of(*term).to_lowercase();
        if !LABELS.contains(&label.trim_end_matches(':').trim()) {
            continue;
        }
        let elsewhere = term.ancestors().filter_map(ElementRef::wrap).any(|a| {
            matches!(a.value().name(), "nav" | "footer" | "aside")
                || dom::has_word(&a, super::near::ELSEWHERE)
        });
        let Some(value) = term.next_siblings().find_map(ElementRef::wrap) else {
            continue;
        };
        if elsewhere || !matches!(value.value().name(), "dd" | "td") {
            continue;
        }
        let names = split_byline(&dom::text_of(*value));
        if !names.is_empty() && names.iter().all(|n| keep_name(n)) {
            return names;
        }
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_elementor_custom_item_beside_the_date() {
        let bar = |custom: &str| {
            format!(
                r#"<html><body><h1>Wochenrückblick</h1><ul class="elementor-icon-list-items elementor-post-info">
                <li class="elementor-icon-list-item"><span class="elementor-icon-list-text elementor-post-info__item elementor-post-info__item--type-date">19. Oktober 2019</span></li>
                <li class="elementor-icon-list-item"><span class="elementor-icon-list-text elementor-post-info__item elementor-post-info__item--type-custom">{custom}</span></li>
                </ul><p>Text.</p></body></html>"#
            )
        };
        let doc = Html::parse_document(&bar("Boris T. Kaiser"));
        assert_eq!(elementor_custom_byline(&doc), ["Boris T. Kaiser"]);
        for not_a_name in ["5 Min. Lesezeit", "Kolumne", "Gesellschaft"] {
            let doc = Html::parse_document(&bar(not_a_name));
            assert!(elementor_custom_byline(&doc).is_empty(), "{not_a_name}");
        }
    }

    #[test]
    fn the_names_after_an_author_term() {
        let page = |term: &str, value: &str| {
            Html::parse_document(&format!(
                r#"<html><body><h1>Sur les migrations</h1><dl class="post-meta-box">
                <dt>{term}</dt><dd><a href="/fr/staff/uriel-gadessaud/">{value}</a></dd>
                <dt>Cover</dt><dd>Collège de France</dd></dl><p>Texte.</p></body></html>"#
            ))
        };
        assert_eq!(
            term_byline(&page("Auteur", "Uriel Gadessaud")),
            ["Uriel Gadessaud"]
        );
        assert_eq!(
            term_byline(&page("Autor:", "Jan de Vries")),
            ["Jan de Vries"]
        );
        assert!(term_byline(&page("Cover", "Collège de France")).is_empty());
        assert!(term_byline(&page("Auteur", "12 articles")).is_empty());
    }
}
