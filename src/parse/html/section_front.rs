//! The section front a page marks as its own, for a page that labels no
//! section beside its headline (SPEC "Desk"): the step of the page's own
//! address that a link on the page names (`/innenpolitik/corona-…` and
//! `<a href="/innenpolitik">Innenpolitik</a>`). A step alone is a slug the
//! reader never sees; the link gives the name.

use scraper::{Html, Selector};

use super::dom;

/// The name a link on the page gives to a section step of `url`'s path
/// (every step but the last, which names the story itself).
pub fn url_section(doc: &Html, url: Option<&str>) -> Option<String> {
    let steps = path_steps(url?);
    let (_, sections) = steps.split_last()?;
    let links = Selector::parse("a[href]").expect("valid selector");
    let folded = |s: &str| crate::copies::fold_words(s).concat();
    sections.iter().enumerate().find_map(|(i, step)| {
        let word = folded(&step.replace(['-', '_', '+'], " "));
        if word.is_empty() || !step.chars().any(char::is_alphabetic) {
            return None;
        }
        let front = sections.get(..=i)?;
        doc.select(&links).take(2000).find_map(|a| {
            if path_steps(a.attr("href")?) != front {
                return None;
            }
            let text = dom::text_of(*a);
            (folded(&text) == word).then_some(text)
        })
    })
}

/// The steps of a URL's path (`https://host/a/b/` → `a`, `b`), also as a
/// web archive wraps it; a relative `/a/b` too.
fn path_steps(url: &str) -> Vec<String> {
    let url = url.split(['?', '#']).next().unwrap_or("");
    let url = url
        .rfind("http://")
        .or_else(|| url.rfind("https://"))
        .and_then(|at| url.get(at..))
        .unwrap_or(url);
    let path = match url.split_once("://") {
        Some((_, rest)) => rest.find('/').and_then(|at| rest.get(at..)).unwrap_or(""),
        None => url,
    };
    path.split('/')
        .filter(|s| !s.is_empty() && !s.starts_with("index."))
        .map(str::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_step_of_the_address_named_by_a_link() {
        let page = r#"<nav><a href="/">Start</a><a href="/innenpolitik">Innenpolitik</a>
            <a href="/kultur/">Kultur</a></nav><h1>Es kommt darauf an</h1>"#;
        let doc = Html::parse_document(page);
        let url = "https://www.example.de/innenpolitik/es-kommt-darauf-an";
        assert_eq!(
            url_section(&doc, Some(url)).as_deref(),
            Some("Innenpolitik")
        );
        // The story's own step is no section; nor a step no link names.
        let story = "https://www.example.de/kultur";
        assert_eq!(url_section(&doc, Some(story)), None);
        let unnamed = "https://www.example.de/wirtschaft/der-haushalt";
        assert_eq!(url_section(&doc, Some(unnamed)), None);
    }
}
