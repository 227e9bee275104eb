//! Stories a page shows only to readers without scripts: Blogger's dynamic
//! templates keep a post's body in a `<script type="text/template">` for
//! the browser to render, and a copy in the `<noscript>` after it. A
//! browser with scripts parses `<noscript>` as raw text, as scraper does,
//! so the copy is opened up here, before parsing, when it holds a story:
//! paragraphs (`<p`) and a story's worth of text.

use std::borrow::Cow;

/// Text (characters outside tags) a `<noscript>` must hold to be read as a
/// story rather than a "please enable JavaScript" notice or an image.
const STORY_CHARS: usize = 500;

/// `html` with each story-holding `<noscript>…</noscript>` turned into a
/// `<div>`; unchanged (borrowed) when there is none.
pub fn open_stories(html: &str) -> Cow<'_, str> {
    // Most pages have none: they are not copied to find out.
    let tag = b"<noscript";
    if !html
        .as_bytes()
        .windows(tag.len())
        .any(|w| w.eq_ignore_ascii_case(tag))
    {
        return Cow::Borrowed(html);
    }
    let lower = html.to_ascii_lowercase();
    let mut out = String::new();
    let mut copied = 0;
    let mut from = 0;
    while let Some(at) = lower[from..].find("<noscript").map(|i| from + i) {
        let Some(open_end) = lower[at..].find('>').map(|i| at + i + 1) else {
            break;
        };
        let Some(close) = lower[open_end..].find("</noscript").map(|i| open_end + i) else {
            break;
        };
        let Some(close_end) = lower[close..].find('>').map(|i| close + i + 1) else {
            break;
        };
        let inner = &html[open_end..close];
        if lower[open_end..close].contains("<p") && text_chars(inner) >= STORY_CHARS {
            out.push_str(&html[copied..at]);
            out.push_str("<div>");
            out.push_str(inner);
            out.push_str("</div>");
            copied = close_end;
        }
        from = close_end;
    }
    if copied == 0 {
        return Cow::Borrowed(html);
    }
    out.push_str(&html[copied..]);
    Cow::Owned(out)
}

/// Characters of `html` outside its tags.
fn text_chars(html: &str) -> usize {
    let mut in_tag = false;
    let mut n = 0;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag && !c.is_whitespace() => n += 1,
            _ => {}
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opens_only_stories() {
        let para = "<p>".to_string() + &"Word ".repeat(150) + "</p>";
        let page =
            format!("<body><noscript><img src=x></noscript><NOSCRIPT>{para}</NOSCRIPT></body>");
        assert_eq!(
            open_stories(&page),
            format!("<body><noscript><img src=x></noscript><div>{para}</div></body>")
        );
        let notice = "<noscript><p>Please enable JavaScript to view this page.</p></noscript>";
        assert!(matches!(open_stories(notice), Cow::Borrowed(_)));
        // An unclosed `<noscript>` is left as html5ever would read it.
        assert!(matches!(open_stories("<noscript><p>"), Cow::Borrowed(_)));
    }
}
