//! Markdown articles: YAML or TOML front matter, then CommonMark stripped to
//! plain text for indexing and snippets.
//!
//! Stripping keeps what a reader reads: paragraph breaks as blank lines,
//! list items and table rows as lines, link and image text (not URLs), code
//! text; emphasis markers and raw HTML go. The title comes from the front
//! matter, else from the first `#` heading; that heading is then removed
//! from the body (and so is a leading `#` heading repeating the front-matter
//! title), so the title is not indexed twice as body text. Authors and desk
//! come only from front matter: a Markdown file has no scraped byline.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::Draft;
use super::SkipReason;
use super::clean::normalize_space;
use super::header::{Meta, front_matter};

pub fn parse_markdown(text: &str) -> Result<Draft, SkipReason> {
    let (mut meta, rest) = front_matter(text)?.unwrap_or((Meta::default(), text));
    let stripped = strip(rest);
    let mut body = stripped.text.clone();
    if let Some((start, end)) = stripped.first_h1 {
        let heading = stripped.text.get(start..end).unwrap_or("").trim();
        let drop = match &meta.title {
            None if !heading.is_empty() => {
                meta.title = Some(heading.to_string());
                true
            }
            Some(title) => start == 0 && normalize_space(title) == normalize_space(heading),
            None => false,
        };
        if drop {
            let before = stripped.text.get(..start).unwrap_or("").trim_end();
            let after = stripped.text.get(end..).unwrap_or("").trim_start();
            body = match (before.is_empty(), after.is_empty()) {
                (true, _) => after.to_string(),
                (false, true) => before.to_string(),
                (false, false) => format!("{before}\n\n{after}"),
            };
        }
    }
    Ok(Draft {
        meta,
        body: body.trim().to_string(),
        ..Draft::default()
    })
}

/// Plain text and the byte range of the first level-1 heading in it.
#[derive(Debug, PartialEq)]
pub struct Stripped {
    pub text: String,
    pub first_h1: Option<(usize, usize)>,
}

/// Markdown to plain text (see the module doc for what is kept).
pub fn strip(markdown: &str) -> Stripped {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut out = String::new();
    let mut first_h1: Option<(usize, usize)> = None;
    let mut h1_start: Option<usize> = None;
    // Inside a list item, blocks end a line rather than a paragraph.
    let mut item_depth = 0usize;
    let mut table_cell = 0usize;

    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(tag) => match tag {
                Tag::Item => {
                    line_break(&mut out);
                    item_depth += 1;
                }
                Tag::Heading { level, .. } => {
                    block_break(&mut out, item_depth);
                    if level == HeadingLevel::H1 && first_h1.is_none() && h1_start.is_none() {
                        h1_start = Some(out.len());
                    }
                }
                Tag::Paragraph
                | Tag::BlockQuote(_)
                | Tag::CodeBlock(_)
                | Tag::List(_)
                | Tag::Table(_)
                | Tag::HtmlBlock
                | Tag::FootnoteDefinition(_)
                | Tag::DefinitionList => block_break(&mut out, item_depth),
                Tag::TableRow | Tag::TableHead => {
                    line_break(&mut out);
                    table_cell = 0;
                }
                Tag::TableCell => {
                    if table_cell > 0 {
                        out.push_str("  ");
                    }
                    table_cell += 1;
                }
                Tag::DefinitionListTitle | Tag::DefinitionListDefinition => line_break(&mut out),
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::Item => {
                    item_depth = item_depth.saturating_sub(1);
                    line_break(&mut out);
                }
                TagEnd::Heading(_) => {
                    if let Some(start) = h1_start.take() {
                        first_h1 = Some((start, out.len()));
                    }
                    block_break(&mut out, item_depth);
                }
                TagEnd::Paragraph
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock
                | TagEnd::List(_)
                | TagEnd::Table
                | TagEnd::HtmlBlock
                | TagEnd::FootnoteDefinition
                | TagEnd::DefinitionList => block_break(&mut out, item_depth),
                TagEnd::TableRow | TagEnd::TableHead => line_break(&mut out),
                _ => {}
            },
            Event::Text(t)
            | Event::Code(t)
            | Event::InlineMath(t)
            | Event::DisplayMath(t)
            | Event::FootnoteReference(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push('\n'),
            Event::Rule => block_break(&mut out, item_depth),
            Event::Html(_) | Event::InlineHtml(_) | Event::TaskListMarker(_) => {}
        }
    }
    Stripped {
        text: out,
        first_h1,
    }
}

/// Ends the current line (nothing at the very start).
fn line_break(out: &mut String) {
    trim_trailing_spaces(out);
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

/// Ends the current block with a blank line, or just a line inside a list
/// item (so a list reads as one line per item).
fn block_break(out: &mut String, item_depth: usize) {
    if item_depth > 0 {
        line_break(out);
        return;
    }
    trim_trailing_spaces(out);
    if out.is_empty() {
        return;
    }
    while !out.ends_with("\n\n") {
        out.push('\n');
    }
}

fn trim_trailing_spaces(out: &mut String) {
    let kept = out.trim_end_matches([' ', '\t']).len();
    out.truncate(kept);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips() {
        let cases = [
            ("Some **bold** and *em* text.", "Some bold and em text."),
            ("A [link](http://x.test/) here.", "A link here."),
            ("# H\n\npara one\n\npara two", "H\n\npara one\n\npara two"),
            ("- one\n- two\n\nafter", "one\ntwo\n\nafter"),
            ("Use `code` now.", "Use code now."),
            ("```\nfn main() {}\n```", "fn main() {}"),
            ("<div>html</div>\n\ntext", "text"),
            ("a\n\n---\n\nb", "a\n\nb"),
            ("![alt text](img.png)", "alt text"),
        ];
        for (md, want) in cases {
            assert_eq!(strip(md).text.trim(), want, "{md}");
        }
    }

    #[test]
    fn first_heading_is_title() {
        let d = parse_markdown("intro\n\n# The Title\n\nbody").unwrap();
        assert_eq!(d.meta.title.as_deref(), Some("The Title"));
        assert_eq!(d.body, "intro\n\nbody");
        let d = parse_markdown("---\ntitle: T\n---\n# T\n\nbody").unwrap();
        assert_eq!(d.body, "body");
        let d = parse_markdown("---\ntitle: T\n---\n# Other\n\nbody").unwrap();
        assert_eq!(d.body, "Other\n\nbody");
    }
}
