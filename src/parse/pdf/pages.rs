//! A document's pages of rows into one body: running headers, footers and
//! page numbers dropped, each page in reading order, a paragraph broken by
//! a page turn joined again, and where each page starts in the body.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::layout::{self, Paragraph, Row};

/// The text of a document, and what its first page says about the title.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Text {
    /// Paragraphs separated by a blank line.
    pub(crate) body: String,
    /// The byte offset in `body` where each page's text starts (an empty
    /// page starts where the next one does).
    pub(crate) page_starts: Vec<usize>,
    /// The largest-type paragraph of the first page, when its type is
    /// larger than the body's; taken out of the body when it opens it.
    pub(crate) headline: Option<String>,
    /// The first line of the first page with text.
    pub(crate) first_line: Option<String>,
}

/// The rows that may be furniture: a page's first and last, and the one
/// next to each when it sits close (a head of two lines).
fn edges(rows: &[Row]) -> Vec<usize> {
    let n = rows.len();
    let mut at = Vec::new();
    if n == 0 {
        return at;
    }
    let close = |a: &Row, b: &Row| (b.y - a.y).abs() < 2.5 * a.size.max(b.size);
    at.push(0);
    if n > 2 && close(&rows[0], &rows[1]) {
        at.push(1);
    }
    if n > 1 {
        at.push(n - 1);
    }
    if n > 3 && close(&rows[n - 2], &rows[n - 1]) {
        at.push(n - 2);
    }
    at
}

/// `Page 3`, `- 3 -`, `3 of 12`, `3/12`, `iv`: a page number alone.
fn is_page_number(text: &str) -> bool {
    let t = text
        .trim()
        .trim_matches(|c: char| c == '-' || c == '–' || c.is_whitespace());
    let t = t.to_lowercase();
    let t = t
        .strip_prefix("page")
        .or_else(|| t.strip_prefix("p."))
        .unwrap_or(&t)
        .trim();
    let mut parts = t
        .split(|c: char| c == '/' || c.is_whitespace())
        .filter(|p| !p.is_empty() && *p != "of");
    let numeral = |p: &str| {
        (p.len() <= 5 && p.chars().all(|c| c.is_ascii_digit()))
            || (p.len() <= 6 && p.chars().all(|c| "ivxlc".contains(c)))
    };
    let (Some(first), second, None) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    numeral(first) && second.is_none_or(numeral)
}

/// What a running head looks like on every page: lowercase, digits as `#`
/// (`Page 3` and `Page 4` are one head), spaces collapsed.
fn furniture_key(row: &Row) -> String {
    let text = row.text().to_lowercase();
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(
            word.chars()
                .map(|c| if c.is_ascii_digit() { '#' } else { c }),
        );
    }
    out
}

/// Drops the rows at the top and bottom of pages that repeat on at least
/// half the pages (two at least), and page numbers there.
pub(crate) fn drop_furniture(pages: &mut [Vec<Row>]) {
    if pages.len() < 2 {
        // One page: nothing repeats, but a lone page number at an edge is
        // still no text (it would land between two columns).
        for rows in pages.iter_mut() {
            let n = rows.len();
            if n > 1 && is_page_number(&rows[n - 1].text()) {
                rows.pop();
            }
            if rows.len() > 1 && is_page_number(&rows[0].text()) {
                rows.remove(0);
            }
        }
        return;
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    for rows in pages.iter() {
        let keys: HashSet<String> = edges(rows)
            .iter()
            .map(|&i| furniture_key(&rows[i]))
            .collect();
        for key in keys {
            *seen.entry(key).or_default() += 1;
        }
    }
    let needed = pages.len().div_ceil(2).max(2);
    for rows in pages.iter_mut() {
        let drop: HashSet<usize> = edges(rows)
            .into_iter()
            .filter(|&i| {
                let row = &rows[i];
                is_page_number(&row.text()) || seen[&furniture_key(row)] >= needed
            })
            .collect();
        let mut i = 0;
        rows.retain(|_| {
            i += 1;
            !drop.contains(&(i - 1))
        });
    }
}

/// Words written with a hyphen anywhere in the document (`forty-two`):
/// a line that breaks at their hyphen keeps it.
fn hyphenated_words(pages: &[Vec<Row>]) -> HashSet<String> {
    let mut words = HashSet::new();
    for w in pages.iter().flatten().flat_map(|r| &r.words) {
        let t = bare(&w.text);
        let inner = t.trim_end_matches(['-', '\u{2010}']);
        if inner.contains(['-', '\u{2010}']) {
            words.insert(inner.replace('\u{2010}', "-"));
        }
    }
    words
}

/// A word without the punctuation around it, lowercase.
fn bare(word: &str) -> String {
    word.trim_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '\u{2010}')
        .to_lowercase()
}

/// Sentence ends: a paragraph ending otherwise may go on over the page.
fn ends_sentence(text: &str) -> bool {
    text.trim_end()
        .ends_with(['.', '!', '?', ':', '"', '”', '’', ')', '»'])
}

/// The pages (rows top to bottom, furniture already dropped) as one text.
#[cfg(test)]
pub(crate) fn assemble(pages: &[Vec<Row>]) -> Text {
    assemble_with(pages, &BTreeMap::new())
}

/// The pages as one text, the scanned ones (page from 1 → OCR's
/// paragraphs of lines) read in their place.
pub(crate) fn assemble_with(pages: &[Vec<Row>], scans: &BTreeMap<usize, Vec<Vec<String>>>) -> Text {
    let vocabulary = hyphenated_words(pages);
    let keep =
        |head: &str, tail: &str| vocabulary.contains(&format!("{}-{}", bare(head), bare(tail)));
    let mut text = Text::default();
    let mut first_page = true;
    let mut last_open_end = false;
    for (number, rows) in (1..).zip(pages) {
        if let Some(scan) = scans.get(&number) {
            let paragraphs = scanned_paragraphs(scan, &keep);
            if first_page && !paragraphs.is_empty() {
                first_page = false;
                text.first_line = scan.first().and_then(|p| p.first()).map(|l| clean(l));
            }
            add_page(&mut text, paragraphs, &mut last_open_end, &keep);
            continue;
        }
        let mut paragraphs: Vec<Paragraph> = Vec::new();
        let runs = layout::reading_order(rows.clone());
        for p in runs.iter().flat_map(|run| layout::paragraphs(run, &keep)) {
            let p = Paragraph {
                text: clean(&p.text),
                ..p
            };
            if p.text.is_empty() {
                continue;
            }
            // A paragraph the column break cut: a full last line, then a
            // first line flush left.
            match paragraphs.last_mut() {
                Some(prev) if prev.open_end && p.opens => {
                    layout::join_line(&mut prev.text, &p.text, &keep);
                    prev.open_end = p.open_end;
                    prev.rows += p.rows;
                }
                _ => paragraphs.push(p),
            }
        }
        if first_page && !paragraphs.is_empty() {
            first_page = false;
            text.first_line = rows.first().map(|r| clean(&r.text()));
            if let Some(i) = headline(&paragraphs) {
                text.headline = Some(paragraphs[i].text.clone());
                if i == 0 && paragraphs.len() > 1 {
                    paragraphs.remove(0);
                }
            }
        }
        add_page(&mut text, paragraphs, &mut last_open_end, &keep);
    }
    text
}

/// OCR's paragraphs of lines as paragraphs of text (one type size: a scan
/// has no headline by size).
fn scanned_paragraphs(scan: &[Vec<String>], keep: &dyn Fn(&str, &str) -> bool) -> Vec<Paragraph> {
    (scan.iter())
        .map(|lines| {
            let mut text = String::new();
            for line in lines {
                layout::join_line(&mut text, line, keep);
            }
            Paragraph {
                text: clean(&text),
                size: 10.0,
                rows: lines.len(),
                opens: false,
                open_end: false,
            }
        })
        .filter(|p| !p.text.is_empty())
        .collect()
}

/// Appends one page's paragraphs to the text, with where it starts.
fn add_page(
    text: &mut Text,
    paragraphs: Vec<Paragraph>,
    last_open_end: &mut bool,
    keep: &dyn Fn(&str, &str) -> bool,
) {
    let mut paragraphs = paragraphs.into_iter();
    // A paragraph the page turn broke: it goes on in lowercase, or
    // after a full line into a line flush left.
    if let Some(p) = paragraphs.next() {
        let continues = !text.body.is_empty()
            && ((!ends_sentence(&text.body)
                && p.text.chars().next().is_some_and(char::is_lowercase))
                || (*last_open_end && p.opens));
        if continues {
            layout::join_line(&mut text.body, &p.text, keep);
            // The page starts where its own words do.
            text.page_starts.push(text.body.len() - p.text.len());
        } else {
            if !text.body.is_empty() {
                text.body.push_str("\n\n");
            }
            text.page_starts.push(text.body.len());
            text.body.push_str(&p.text);
        }
        *last_open_end = p.open_end;
    } else {
        text.page_starts.push(text.body.len());
    }
    for p in paragraphs {
        text.body.push_str("\n\n");
        text.body.push_str(&p.text);
        *last_open_end = p.open_end;
    }
}

/// The paragraph set in the largest type of the page, when that type is a
/// fifth larger than the page's body text (weighted by length).
fn headline(paragraphs: &[Paragraph]) -> Option<usize> {
    let mut weighted: Vec<(f32, usize)> =
        paragraphs.iter().map(|p| (p.size, p.text.len())).collect();
    weighted.sort_by(|a, b| a.0.total_cmp(&b.0));
    let total: usize = weighted.iter().map(|w| w.1).sum();
    let mut seen = 0;
    let body = weighted.iter().find(|w| {
        seen += w.1;
        seen * 2 >= total
    })?;
    let largest = paragraphs.iter().map(|p| p.size).fold(0.0, f32::max);
    if largest < 1.2 * body.0 {
        return None;
    }
    paragraphs
        .iter()
        .position(|p| p.size == largest && p.text.chars().count() <= 300)
}

/// Spaces collapsed, ligatures as their letters (`ﬁ` would not match
/// `fi` in a search), NFC, no control characters: the body as `finish`
/// would make it, so that page offsets stay true.
fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\u{ad}' => {}
            '\u{fb00}' => out.push_str("ff"),
            '\u{fb01}' => out.push_str("fi"),
            '\u{fb02}' => out.push_str("fl"),
            '\u{fb03}' => out.push_str("ffi"),
            '\u{fb04}' => out.push_str("ffl"),
            '\u{fb05}' | '\u{fb06}' => out.push_str("st"),
            c => out.push(c),
        }
    }
    let text = out;
    let text = crate::lang::nfc(&text);
    let text = crate::parse::clean::strip_controls(&text);
    crate::parse::clean::normalize_space(&text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::pdf::layout::Word;

    fn row(y: f32, text: &str) -> Row {
        let mut x = 40.0;
        let words = text
            .split(' ')
            .map(|w| {
                let word = Word {
                    x0: x,
                    x1: x + 5.0 * w.chars().count() as f32,
                    text: w.to_string(),
                };
                x = word.x1 + 2.5;
                word
            })
            .collect();
        Row {
            y,
            size: 10.0,
            words,
        }
    }

    #[test]
    fn page_numbers() {
        for yes in ["3", "Page 3", "- 3 -", "3 of 12", "3/12", "iv", "PAGE 12"] {
            assert!(is_page_number(yes), "{yes}");
        }
        for no in ["3 killed in crash", "Page three", "12 34 56", "Pages"] {
            assert!(!is_page_number(no), "{no}");
        }
    }

    #[test]
    fn running_heads_and_page_numbers_are_dropped() {
        let mut pages: Vec<Vec<Row>> = (1..=3)
            .map(|n| {
                vec![
                    row(20.0, &format!("THE GAZETTE Issue {n}")),
                    row(60.0, &format!("Story text of page {n} goes here.")),
                    row(80.0, "A line every page has, in the middle."),
                    row(580.0, &format!("Page {n}")),
                ]
            })
            .collect();
        drop_furniture(&mut pages);
        let texts: Vec<Vec<String>> = pages
            .iter()
            .map(|p| p.iter().map(Row::text).collect())
            .collect();
        assert_eq!(
            texts[1],
            [
                "Story text of page 2 goes here.",
                "A line every page has, in the middle."
            ]
        );
        let text = assemble(&pages);
        assert_eq!(text.page_starts.len(), 3);
        let page3 = &text.body[text.page_starts[2]..];
        assert!(page3.starts_with("Story text of page 3"), "{page3}");
    }

    #[test]
    fn a_paragraph_goes_on_over_the_page() {
        let pages = vec![
            vec![row(60.0, "The council met and the consor-")],
            vec![row(60.0, "tium said it would appeal.")],
        ];
        let text = assemble(&pages);
        assert_eq!(
            text.body,
            "The council met and the consortium said it would appeal."
        );
        assert_eq!(
            &text.body[text.page_starts[1]..],
            "tium said it would appeal."
        );
    }
}
