//! An `<h1>` that is the site's masthead, not the story's headline: blog
//! and magazine templates put the site's name in an `<h1>` that links to
//! the front page (`<h1><a href="/">Salon</a></h1>`, a blog's name above
//! every post), and some write a blog's name there unlinked, a little
//! reworded from `og:site_name` (`Minecraft News` for `Minecraft Update
//! News`). Such an `<h1>` names the page's home, and the headline is
//! found further on or in the declared titles.

use scraper::ElementRef;

use super::visible::same_words;

/// True when all of `h`'s text sits in links to a site's front page (or
/// `h` sits in one): `<h1><a href="/">Site</a></h1>`, `<a
/// href="https://blog.example/"><div><h1>Site</h1></div></a>`.
pub fn links_home(h: &ElementRef) -> bool {
    let inside_home = h
        .ancestors()
        .filter_map(ElementRef::wrap)
        .take(8)
        .any(|a| a.value().name() == "a" && a.attr("href").is_some_and(is_front_page));
    if inside_home {
        return true;
    }
    let letters = |s: &str| s.chars().filter(|c| c.is_alphanumeric()).count();
    let all = letters(&h.text().collect::<String>());
    let linked: usize = h
        .descendants()
        .filter_map(ElementRef::wrap)
        .filter(|a| a.value().name() == "a" && a.attr("href").is_some_and(is_front_page))
        .map(|a| letters(&a.text().collect::<String>()))
        .sum();
    all > 0 && linked == all
}

/// The site's name as its masthead shows it: the text of each `<h1>` that
/// links to the front page (`<h1><a href="/">Liebe geht durch den
/// Magen</a></h1>`), for a page that does not declare its name.
pub fn names(doc: &scraper::Html) -> Vec<String> {
    let h1 = scraper::Selector::parse("h1").expect("valid selector");
    doc.select(&h1)
        .take(12)
        .filter(links_home)
        .map(|h| super::dom::text_of(*h))
        .filter(|t| !t.is_empty())
        .collect()
}

/// `title` without a part before or after it that is the masthead's name
/// (`Rinderleber-Geschnetzeltes | Liebe geht durch den Magen`, `Muffin
/// Grundrezept : Muffin Rezepte`), when a headline of a few words is left.
pub fn without_name(title: &str, names: &[String]) -> String {
    const SEPARATORS: [&str; 6] = [" | ", " - ", " – ", " — ", " : ", " » "];
    let named = |part: &str| names.iter().any(|n| same_words(n, part));
    let enough = |rest: &str| rest.split_whitespace().count() >= 2;
    let mut t = title.trim().to_string();
    for sep in SEPARATORS {
        if let Some((head, tail)) = t.rsplit_once(sep)
            && named(tail)
            && enough(head)
        {
            t = head.trim().to_string();
        }
        if let Some((head, tail)) = t.split_once(sep)
            && named(head)
            && enough(tail)
        {
            t = tail.trim().to_string();
        }
    }
    t
}

/// `/`, `./`, `https://host/`, `https://host`, `/index.html`, also as a
/// web archive wraps it (`/web/2016…/http://host/`): a link to a site's
/// front page, not to a story or a section.
pub(super) fn is_front_page(href: &str) -> bool {
    let href = href.trim();
    let href = href.split(['#', '?']).next().unwrap_or("");
    // A web archive's copy: the archived URL is what the link means.
    let href = href
        .rfind("http://")
        .or_else(|| href.rfind("https://"))
        .and_then(|at| href.get(at..))
        .unwrap_or(href);
    let path = match href.split_once("://") {
        Some((_, rest)) => rest.find('/').and_then(|at| rest.get(at..)).unwrap_or("/"),
        None if href.is_empty() => return false,
        None => href,
    };
    let path = path.trim_start_matches('.');
    matches!(
        path,
        "/" | "/index.html" | "/index.htm" | "/index.php" | "/home" | "/de/" | "/en/" | "/fr/"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mastheads_name_leaves_the_title() {
        let names = [
            "Liebe geht durch den Magen".to_string(),
            "Muffin Rezepte".to_string(),
        ];
        let cases = [
            (
                "Rinderleber-Geschnetzeltes mit Apfel | Liebe geht durch den Magen",
                "Rinderleber-Geschnetzeltes mit Apfel",
            ),
            ("Muffin Grundrezept : Muffin Rezepte", "Muffin Grundrezept"),
            (
                "Muffin Rezepte » Schoko-Muffins backen",
                "Schoko-Muffins backen",
            ),
            ("Muffin Rezepte : Kinder", "Muffin Rezepte : Kinder"),
            (
                "Gute Rezepte : Kinder lieben sie",
                "Gute Rezepte : Kinder lieben sie",
            ),
        ];
        for (title, want) in cases {
            assert_eq!(without_name(title, &names), want, "{title}");
        }
    }

    #[test]
    fn front_pages() {
        for href in [
            "/",
            "./",
            "https://siliconexposed.blogspot.tw/",
            "https://disfunctions.de",
            "http://gma.yahoo.com/",
            "https://web.archive.org/web/20160330101229/http://muffinrezept.net/",
            "/?ref=logo",
        ] {
            assert!(is_front_page(href), "{href}");
        }
        for href in [
            "",
            "#top",
            "/politik/",
            "https://example.com/2020/05/story.html",
            "story.html",
        ] {
            assert!(!is_front_page(href), "{href}");
        }
    }
}
