//! The story's text as the page's JSON-LD declares it (`articleBody`, or the
//! `description` of an article, how-to or recipe), for a page whose markup
//! shows none: a story rendered by script from data in the page, whose
//! saved HTML holds only an empty mount point. SPEC "Not an article": such
//! a page has a story, so it is indexed rather than lost.

use scraper::Selector;
use std::sync::LazyLock;

use super::{dom, guard};

/// Paragraphs of `declared` (plain text, or HTML as some sites write their
/// `description`), empty ones left out.
pub fn paragraphs(declared: &str) -> Vec<String> {
    if !declared.contains('<') {
        return declared
            .split('\n')
            .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|p| !p.is_empty())
            .collect();
    }
    static BLOCKS: LazyLock<Selector> = LazyLock::new(|| {
        Selector::parse("p, h2, h3, h4, li, blockquote, pre").expect("valid selector")
    });
    // Through the guard, as every HTML atlas parses: a hostile
    // `articleBody` nested 100k deep is no story.
    let Ok(fragment) = guard::fragment(declared) else {
        return Vec::new();
    };
    let blocks: Vec<String> = fragment
        .select(&BLOCKS)
        // A list item's paragraph is read once, as the paragraph.
        .filter(|el| {
            !el.children()
                .any(|c| c.value().as_element().is_some_and(|e| e.name() == "p"))
        })
        .map(|el| dom::text_of(*el))
        .filter(|t| !t.trim().is_empty())
        .collect();
    if blocks.is_empty() {
        let all = dom::text_of(*fragment.root_element());
        return (!all.trim().is_empty())
            .then(|| all.trim().to_string())
            .into_iter()
            .collect();
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_and_html_text() {
        assert_eq!(
            paragraphs("First line of the story.\n\n  Second   line.\n"),
            ["First line of the story.", "Second line."]
        );
        assert_eq!(
            paragraphs(
                "<p>One <b>bold</b> step.</p><ul><li><p>Cut the cloth.</p></li><li>Sew it.</li></ul>"
            ),
            ["One bold step.", "Cut the cloth.", "Sew it."]
        );
        assert_eq!(
            paragraphs("Just <em>inline</em> text"),
            ["Just inline text"]
        );
        assert!(paragraphs("<p> </p>").is_empty());
        let deep = "<div>".repeat(100_000) + "text";
        assert!(paragraphs(&deep).is_empty());
    }
}
