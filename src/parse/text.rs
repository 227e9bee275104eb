//! Plain-text articles, the archive's native scraped format: a title line,
//! a byline (often twice: byline and author card), an author bio naming the
//! desk, a `More From Me` artifact, then the body.
//!
//! An explicit header (`Key: value` lines or YAML/TOML front matter) wins
//! over every heuristic. A header with a title makes everything after it
//! body; a header without one still runs the heuristics on what follows,
//! and its fields win where both give a value. The heuristics themselves
//! are strict, because a wrong author or desk is worse than none: a line is
//! a byline only with a second signal (repeated, `By `, or a bio after it).

use super::Draft;
use super::SkipReason;
use super::clean::{byline_names, desk_in, first_name, starts_with_word};
use super::header::{Meta, front_matter, key_value_header};

/// Parses decoded plain text (line endings already `\n`).
pub fn parse_text(text: &str) -> Result<Draft, SkipReason> {
    let (meta, rest) = match front_matter(text) {
        Ok(Some(found)) => found,
        Ok(None) => key_value_header(text).unwrap_or((Meta::default(), text)),
        // Plain text may open with a `---` rule: a block that is never
        // closed, or whose first line is no `key:`, is the story's text.
        Err(e) if !opens_with_keys(text) => {
            let mut meta = Meta::default();
            meta.coerced.push(format!("{e}; read as text"));
            let after_rule = text.split_once('\n').map_or("", |(_, rest)| rest);
            (meta, after_rule)
        }
        Err(e) => return Err(e),
    };
    if meta.title.is_some() {
        return Ok(Draft {
            meta,
            body: rest.trim().to_string(),
            ..Draft::default()
        });
    }
    let found = heuristics(rest);
    let mut meta = meta;
    meta.title = found.title;
    if meta.authors.is_empty() {
        meta.authors = found.authors;
    }
    if meta.desk.is_none() {
        meta.desk = found.desk;
    }
    Ok(Draft {
        meta,
        body: found.body,
        bio: found.bio,
        date_hint: None,
    })
}

/// Whether `text` opens a front matter block that reads as one: closed, and
/// its first line a `key:` (YAML) or `key =` (TOML).
fn opens_with_keys(text: &str) -> bool {
    let mut lines = text.lines();
    let Some(open) = lines.next().map(str::trim_end) else {
        return false;
    };
    let mut inside = lines.take_while(|l| l.trim_end() != open && l.trim_end() != "...");
    let first = inside.find(|l| !l.trim().is_empty()).unwrap_or("");
    let key = first.split([':', '=']).next().unwrap_or("").trim();
    let keyish = first.len() > key.len()
        && !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || "_- ".contains(c));
    let closed = text
        .lines()
        .skip(1)
        .any(|l| l.trim_end() == open || l.trim_end() == "...");
    keyish && closed
}

/// What the scraped-page heuristics find.
#[derive(Debug, Default, PartialEq)]
struct Found {
    title: Option<String>,
    authors: Vec<String>,
    desk: Option<String>,
    bio: Option<String>,
    body: String,
}

/// One line with the byte offset where it starts, so the body can be cut
/// from the original text as written.
struct Line<'a> {
    start: usize,
    text: &'a str,
}

fn heuristics(text: &str) -> Found {
    let mut lines = Vec::new();
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        lines.push(Line {
            start: offset,
            text: raw.trim(),
        });
        offset += raw.len();
    }
    let next_nonblank = |from: usize| (from..lines.len()).find(|&i| !lines[i].text.is_empty());

    let mut found = Found::default();
    let Some(t) = next_nonblank(0) else {
        return found;
    };
    found.title = Some(lines[t].text.to_string());
    let mut pos = t + 1;

    if let Some(b) = next_nonblank(pos)
        && let Some((names, by)) = byline_names(lines[b].text)
    {
        // The author card repeats the byline (possibly without `By `).
        let mut end = b + 1;
        let repeated = next_nonblank(end)
            .filter(|&n| byline_names(lines[n].text).is_some_and(|(again, _)| again == names));
        if let Some(n) = repeated {
            end = n + 1;
        }
        let bio = next_nonblank(end).filter(|&i| is_bio(lines[i].text, &names));
        if by || repeated.is_some() || bio.is_some() {
            pos = end;
            if let Some(i) = bio {
                // A bio hard-wrapped over several lines is one paragraph.
                let mut last = i;
                while lines.get(last + 1).is_some_and(|l| {
                    !l.text.is_empty() && !l.text.eq_ignore_ascii_case("more from me")
                }) {
                    last += 1;
                }
                let paragraph: Vec<&str> = lines[i..=last].iter().map(|l| l.text).collect();
                let paragraph = paragraph.join(" ");
                found.desk = desk_in(&paragraph);
                found.bio = Some(paragraph);
                pos = last + 1;
            }
            found.authors = names;
        }
    }
    if let Some(m) = next_nonblank(pos)
        && lines[m].text.eq_ignore_ascii_case("more from me")
    {
        pos = m + 1;
    }
    let body_start = lines.get(pos).map_or(text.len(), |l| l.start);
    found.body = text.get(body_start..).unwrap_or("").trim().to_string();
    found
}

/// The bio rule: the paragraph opens with the lead author's first name, or
/// names a `… Desk`.
fn is_bio(line: &str, names: &[String]) -> bool {
    let opens_with_name = names
        .first()
        .and_then(|lead| first_name(lead))
        .is_some_and(|first| starts_with_word(line, first));
    opens_with_name || desk_in(line).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scraped_layout() {
        let text = "Title\n\nJane Roe\nJane Roe\nJane covers things for the Europe Desk.\n\nMore From Me\n\nBody here.\n";
        let f = heuristics(text);
        assert_eq!(f.title.as_deref(), Some("Title"));
        assert_eq!(f.authors, ["Jane Roe"]);
        assert_eq!(f.desk.as_deref(), Some("Europe"));
        assert_eq!(
            f.bio.as_deref(),
            Some("Jane covers things for the Europe Desk.")
        );
        assert_eq!(f.body, "Body here.");
    }

    #[test]
    fn wrapped_bio_is_one_paragraph() {
        let text = "Title\n\nJane Roe\nJane Roe\nJane covers things for\nthe Central Asia Desk for Atlas News.\nMore From Me\n\nBody here.\n";
        let f = heuristics(text);
        assert_eq!(f.desk.as_deref(), Some("Central Asia"));
        assert_eq!(
            f.bio.as_deref(),
            Some("Jane covers things for the Central Asia Desk for Atlas News.")
        );
        assert_eq!(f.body, "Body here.");
    }

    #[test]
    fn heading_is_not_a_byline() {
        let f = heuristics("Title\n\nWhat Comes Next\n\nThe body opens here.\n");
        assert!(f.authors.is_empty());
        assert_eq!(f.body, "What Comes Next\n\nThe body opens here.");
    }

    #[test]
    fn empty_input() {
        assert_eq!(heuristics(""), Found::default());
        assert_eq!(heuristics("\n\n").title, None);
    }
}
