//! The headline: the article's `<h1>` as the reader sees it, checked
//! against the titles the page declares (JSON-LD `headline`, `og:title`,
//! `twitter:title`, `<title>`). An `<h1>` that is the site's name, a
//! navigation label (`Hauptnavigation`, `Quicklinks`, `Menu`) or a promo
//! and shares nothing with any declared title is not the headline; a
//! kicker or subtitle in an element of its own inside the `<h1>` is cut off
//! when a declared title is the rest.

use ego_tree::NodeId;
use scraper::{ElementRef, Html};

use super::dom::{self, sel};
use super::meta::PageMeta;
use super::visible::same_words;
use super::{lower_heading, masthead};
use crate::parse::clean;

/// At most this many `<h1>`s are weighed (pages repeat them in menus).
const MAX_H1: usize = 12;
/// An `<h1>` this short that shares (almost) no letters with any declared
/// title is a label, not the headline.
const LABEL_CHARS: usize = 40;

/// The headline and the `<h1>` it came from (none when it came from the
/// metadata), without the site's name.
pub fn headline(
    doc: &Html,
    m: &PageMeta,
    site: Option<&str>,
    domain: Option<&str>,
) -> (Option<NodeId>, Option<String>) {
    // The masthead's name stands for the site's where the page declares none.
    let names = masthead::names(doc);
    let strip = |t: &String| masthead::without_name(&strip_site_suffix(t, site, domain), &names);
    let declared: Vec<String> = [
        m.ld_headline.clone(),
        m.get(&["og:title"]),
        m.get(&["twitter:title"]),
        m.doc_title.clone(),
    ]
    .iter()
    .flatten()
    .map(strip)
    .filter(|t| !t.is_empty())
    .collect();
    // What the titles carry besides the headline: `Blog Name` of
    // `Post | Blog Name`, the site of `Site » Post`.
    let site_parts: Vec<String> = [m.get(&["og:title"]), m.doc_title.clone()]
        .iter()
        .flatten()
        .flat_map(|t| site_segments(t, &strip(t)))
        .collect();
    let usable = |h: &ElementRef| {
        let text = dom::text_of(**h);
        let is_site = site.is_some_and(|s| same_words(s, &text))
            || site_parts.iter().any(|p| same_words(p, &text));
        let logo = dom::has_word(h, &["logo", "brand", "masthead", "site"]);
        // `Sie sind hier:`, `Faire un don :` label what follows them.
        let label = text.trim_end().ends_with(':');
        (!text.is_empty()
            && !is_site
            && !logo
            && !label
            && !masthead::links_home(h)
            && text.chars().count() < 400)
            .then_some(text)
    };
    let (inside, all) = (
        sel("article h1, [itemprop=articleBody] h1, main h1"),
        sel("h1"),
    );
    let in_article: Vec<NodeId> = doc.select(&inside).map(|h| h.id()).collect();
    let mut seen = Vec::new();
    let candidates: Vec<(ElementRef, String)> = doc
        .select(&inside)
        .chain(doc.select(&all))
        .filter(|h| {
            let new = !seen.contains(&h.id());
            seen.push(h.id());
            new
        })
        .take(MAX_H1)
        .filter_map(|h| usable(&h).map(|t| (h, t)))
        .collect();
    let agreement = |text: &str| {
        declared
            .iter()
            .map(|d| similarity(text, d))
            .fold(0.0f64, f64::max)
    };
    // Declared titles of a few words say what the page is about; a single
    // word (`Home`) says nothing against an `<h1>`.
    let informative = declared.iter().any(|d| {
        d.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .count()
            >= 3
    });
    let segment = lower_heading::segment_heading(doc, &declared);
    let mut below_label = false;
    for (i, (h, text)) in candidates.iter().enumerate() {
        let agree = agreement(text);
        // The first `<h1>` is the headline unless it is a short label
        // outside the article that the declared titles do not echo.
        // A first `<h1>` that the declared titles do not echo, while a
        // later one does, is a teaser's or a label (also in an `<article>`).
        let echoed_later = || {
            informative
                && agree < 0.2
                && candidates.iter().skip(1).any(|(_, t)| agreement(t) >= 0.8)
        };
        // The site's name reworded (`Minecraft News` on `Minecraft Update
        // News`): it shares more with the site than with the story.
        let site_like = || {
            site.map(|s| similarity(text, s))
                .is_some_and(|to_site| to_site >= 0.8 && to_site > agree + 0.1)
        };
        // A section's `<h1>` (`Allergies Health Center`) above a story
        // whose headline, as declared, is a lower heading of its own.
        // A section's short `<h1>` over an `<h2>` that is one end of a
        // declared title (`lower_heading`).
        let section_over_segment = i == 0
            && text.chars().count() <= LABEL_CHARS
            && segment.is_some_and(|s| similarity(text, &dom::text_of(*s)) < 0.5)
            && !declared
                .iter()
                .any(|d| same_words(d, text) || lower_heading::one_end(d, text));
        below_label |= section_over_segment;
        let shown_lower = || {
            section_over_segment
                || (informative
                    && agree < 0.5
                    && lower_heading::shown_heading(doc, &declared).is_some())
        };
        let take = if i == 0 {
            let label = !in_article.contains(&h.id())
                && informative
                && text.chars().count() <= LABEL_CHARS
                && agree < 0.2;
            !(label || echoed_later() || site_like() || shown_lower())
        } else {
            informative && agree >= 0.5
        };
        if take {
            let text = without_marked_kicker(h)
                .or_else(|| without_kicker(h, text, &declared))
                .unwrap_or_else(|| text.clone());
            return (Some(h.id()), Some(visible_only(&strip(&text))));
        }
    }
    let shown = lower_heading::shown_heading(doc, &declared)
        .map(|h| strip(&dom::text_of(*h)))
        .or_else(|| segment.filter(|_| below_label).map(|h| dom::text_of(*h)));
    let title = shown.or_else(|| declared.into_iter().next());
    (None, title.map(|t| visible_only(&t)))
}

/// The title without the characters a reader never sees: soft hyphens
/// (`Mes\u{ad}sen\u{ad}ger`, hyphenation hints) and zero-width marks.
fn visible_only(title: &str) -> String {
    title
        .chars()
        .filter(|c| {
            !matches!(
                c,
                '\u{ad}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}'
            )
        })
        .collect()
}

/// The heading that shows `title` when no `<h1>` does (`<h2
/// class="title">` under a logo `<h1>`): where the byline and date are
/// looked for.
pub fn heading_showing(doc: &Html, title: &str) -> Option<NodeId> {
    doc.select(&sel("h1, h2, h3, [class*=title], [class*=headline]"))
        .take(200)
        .find(|h| shows_title(h, title))
        .map(|h| h.id())
}

/// Whether `el`'s text is `title`, however punctuated or spaced.
pub fn shows_title(el: &ElementRef, title: &str) -> bool {
    let text = dom::text_of(**el);
    // Both ways about as long: a teaser's "Brexit story number 0 …" holds
    // a tag page's title `Brexit` but does not show it.
    let (shown, wanted) = (letters(&text).len(), letters(title).len());
    text.chars().count() < 400
        && similarity(&text, title) >= 0.8
        && shown * 2 >= wanted
        && shown <= wanted * 2
}

/// The alphanumerics of `s`, lowercase: what two spellings of a title share.
pub(super) fn letters(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Share of the shorter text's letter trigrams found in the other: 1.0
/// for `Kind krank: Was …` against `Kind krank? Was …`, near 0 for
/// `Hauptnavigation` against the story's title. Works for any script.
pub(super) fn similarity(a: &str, b: &str) -> f64 {
    let grams = |s: &str| {
        let c: Vec<char> = letters(s).chars().collect();
        let mut g: Vec<String> = c
            .windows(3.min(c.len().max(1)))
            .map(String::from_iter)
            .collect();
        g.sort();
        g.dedup();
        g
    };
    let (ga, gb) = (grams(a), grams(b));
    let (small, large) = if ga.len() <= gb.len() {
        (&ga, &gb)
    } else {
        (&gb, &ga)
    };
    if small.is_empty() {
        return 0.0;
    }
    let shared = small
        .iter()
        .filter(|g| large.binary_search(g).is_ok())
        .count();
    shared as f64 / small.len() as f64
}

/// Class words of a kicker, the label set above or before a headline.
const KICKER_WORDS: &[&str] = &[
    "kicker",
    "topline",
    "dachzeile",
    "overline",
    "eyebrow",
    "label",
    "roofline",
    "spitzmarke",
    // A line styled as a lesser heading set before the headline (`<span
    // class="fake-h5">Strompreisbremse</span><span class="headline">…`):
    // the kicker, where it comes first. (`subtitle` stays: sites put the
    // headline's own first line in it as often as a kicker.)
    "h4",
    "h5",
    "h6",
];
/// Class fragments of text kept for screen readers only.
const READER_ONLY: &[&str] = &[
    "visually-hidden",
    "visuallyhidden",
    "sr-only",
    "screen-reader-text",
];

/// The `<h1>` without the kicker its markup names, when the kicker comes
/// first (`<h1><span class="kicker">Corona-Pandemie</span><span
/// class="visually-hidden"> - </span><span>„Es kommt …“</span></h1>`), and
/// without text kept for screen readers only. A labelled part after the
/// headline's first words stays (a subtitle: sites disagree whether it is
/// part of the headline).
fn without_marked_kicker(h: &ElementRef) -> Option<String> {
    let (mut kept, mut dropped, mut started) = (String::new(), false, false);
    for node in h.descendants() {
        let Some(text) = node.value().as_text() else {
            continue;
        };
        let inside: Vec<ElementRef> = node
            .ancestors()
            .take_while(|a| a.id() != h.id())
            .filter_map(ElementRef::wrap)
            .collect();
        let reader_only = inside.iter().any(|e| {
            e.attr("class")
                .is_some_and(|c| READER_ONLY.iter().any(|r| c.contains(r)))
        });
        let kicker = !started && inside.iter().any(|e| dom::has_word(e, KICKER_WORDS));
        if reader_only || kicker {
            dropped |= !text.trim().is_empty();
            continue;
        }
        started |= !text.trim().is_empty();
        kept.push_str(text);
    }
    // The kicker's colon or dash, when it stands apart: `Kicker : Headline`.
    let kept = clean::normalize_space(&kept)
        .trim_start_matches(|c: char| c.is_whitespace() || ":-–—|·".contains(c))
        .to_string();
    (dropped && kept.split_whitespace().count() >= 2).then_some(kept)
}

/// `<h1><span>Einheit der Woche</span>Lagen-Pyramide mit GA2</h1>` with
/// the declared headline `Lagen-Pyramide mit GA2`: the declared one, when
/// what it leaves of the `<h1>` is an element of its own (a kicker), never
/// a cut inside running text. A subtitle after the headline stays: sites
/// disagree whether it is part of it.
fn without_kicker(h: &ElementRef, text: &str, declared: &[String]) -> Option<String> {
    let whole = letters(text);
    declared.iter().find_map(|d| {
        let part = letters(d);
        if part.chars().count() < 12 || part.len() * 10 < whole.len() * 4 || part == whole {
            return None;
        }
        let rest = whole.strip_suffix(part.as_str())?;
        h.descendants()
            .filter_map(ElementRef::wrap)
            .skip(1)
            .any(|e| letters(&dom::text_of(*e)) == rest)
            .then(|| d.clone())
    })
}

/// The parts `strip_site_suffix` cut off `title` to leave `kept`.
fn site_segments(title: &str, kept: &str) -> Vec<String> {
    let title = clean::normalize_space(title);
    match title.find(kept) {
        Some(at) if !kept.is_empty() => [title.get(..at), title.get(at + kept.len()..)]
            .into_iter()
            .flatten()
            .flat_map(|s| {
                let s = SEPARATORS
                    .iter()
                    .fold(s.to_string(), |s, sep| s.replace(sep, "\n"));
                s.split('\n')
                    .map(|p| p.trim().to_string())
                    .collect::<Vec<_>>()
            })
            // A long segment is a second headline, not a site's name.
            .filter(|s| s.chars().any(char::is_alphanumeric) && s.split_whitespace().count() <= 6)
            .collect(),
        _ => Vec::new(),
    }
}

const SEPARATORS: [&str; 8] = [" | ", " - ", " – ", " — ", " :: ", " · ", " « ", " » "];

/// `Headline - CNN`, `Headline | The Guardian`, `Headline | Politics | Site`
/// → `Headline`; also the site before it: `BMAS - Headline`,
/// `Site.de » Headline`.
pub fn strip_site_suffix(title: &str, site: Option<&str>, domain: Option<&str>) -> String {
    let site_like = |part: &str, sep: &str| {
        let norm = letters(part);
        site.is_some_and(|s| same_words(s, part) || same_words(s.trim_start_matches("The "), part))
            || (part.split_whitespace().count() <= 4
                && (domain.is_some_and(|d| !d.is_empty() && norm.contains(&d.to_lowercase()))
                    || sep == " | "))
    };
    let mut t = clean::normalize_space(title);
    loop {
        let cut = SEPARATORS.iter().find_map(|sep| {
            let (head, tail) = t.rsplit_once(sep)?;
            (site_like(tail, sep) && !head.trim().is_empty()).then(|| head.trim().to_string())
        });
        match cut {
            Some(head) => t = head,
            None => break,
        }
    }
    // A site's name before the headline, only when it is plainly the site
    // (its name or domain) and a headline of a few words follows.
    if let Some((head, tail)) = SEPARATORS.iter().find_map(|sep| t.split_once(sep))
        && site_like(head, "")
        && tail.split_whitespace().count() >= 2
    {
        t = tail.trim().to_string();
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h1_text(markup: &str) -> Option<String> {
        let doc = Html::parse_document(markup);
        let h = doc.select(&sel("h1")).next().expect("an h1");
        without_marked_kicker(&h)
    }

    #[test]
    fn a_marked_kicker_before_the_headline_goes() {
        let cicero = r#"<h1 itemprop="headline"> <span class="teaser-small__kicker text-uppercase">Corona-Pandemie</span> <span class="visually-hidden"> - </span> <span class="h1">„Es kommt auch darauf an, wie die Menschen sterben“</span> </h1>"#;
        assert_eq!(
            h1_text(cicero).as_deref(),
            Some("„Es kommt auch darauf an, wie die Menschen sterben“")
        );
        let forum = r#"<h1 class="p-title-value"><a href="/t/1"><span class="label label--blue">Patch Notes</span><span class="label-append">&nbsp;</span>Patchnotes 4.47.4 - Bugfix Build</a></h1>"#;
        assert_eq!(
            h1_text(forum).as_deref(),
            Some("Patchnotes 4.47.4 - Bugfix Build")
        );
        let colon = r#"<h1><span class="headline headline--topline">Auftragshoch bei FACC</span> <span class="headline headline--colon">: </span> <span class="headline headline--1">Luftfahrtbranche hebt nach Corona ab</span></h1>"#;
        assert_eq!(
            h1_text(colon).as_deref(),
            Some("Luftfahrtbranche hebt nach Corona ab")
        );
        let lesser = r#"<h1><span class="text-lightgreen fake-h5">Strompreisbremse – Erlösabschöpfung</span><span class="invisible">: </span><span class="headline">Bundesregierung drosselt Bioenergie</span></h1>"#;
        assert_eq!(
            h1_text(lesser).as_deref(),
            Some("Bundesregierung drosselt Bioenergie")
        );
    }

    #[test]
    fn a_headline_without_a_marked_kicker_stays() {
        // A labelled part after the headline's first words is a subtitle.
        let subtitle = r#"<h1><span class="entry-title-primary">Tagesschau unterschlägt Hass-Demo</span> <span class="label">Kommentar</span></h1>"#;
        assert_eq!(h1_text(subtitle), None);
        assert_eq!(h1_text("<h1>Gute Löhne alleine reichen nicht</h1>"), None);
        // A kicker that would leave a single word is the headline itself.
        assert_eq!(
            h1_text(r#"<h1><span class="kicker">Wahl 2024</span> Ergebnisse</h1>"#),
            None
        );
    }
}

#[cfg(test)]
mod picking {
    use super::*;

    fn headline_of(markup: &str) -> Option<String> {
        let doc = Html::parse_document(markup);
        let m = super::super::meta::gather(&doc);
        headline(&doc, &m, None, None).1
    }

    #[test]
    fn a_teaser_h1_in_an_article_gives_way_to_the_echoed_one() {
        let page = r#"<html><head><title>Sie wissen nicht, was sie tun: Linke unterschlägt den Hass | hpd</title></head><body>
            <article class="node teaser"><h1 class="title short-teaser">"Zoos sind Auslaufmodelle"</h1><p>Ein Gespräch.</p></article>
            <article class="node full"><header><h1 itemprop="name">Sie wissen nicht, was sie tun: Linke unterschlägt den Hass</h1></header>
            <p>Der Text des Artikels.</p></article></body></html>"#;
        assert_eq!(
            headline_of(page).as_deref(),
            Some("Sie wissen nicht, was sie tun: Linke unterschlägt den Hass")
        );
        // The only h1 in the article stays, echoed or not.
        let single = r#"<html><head><title>Ganz anderer Titel der Seite hier | Blog</title></head><body>
            <article><h1>Meine Reise nach Island</h1><p>Text.</p></article></body></html>"#;
        assert_eq!(
            headline_of(single).as_deref(),
            Some("Meine Reise nach Island")
        );
    }
}
