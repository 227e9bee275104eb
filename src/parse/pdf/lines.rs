//! A column's rows into paragraphs, and a word broken at a line end
//! joined again.

use super::layout::{Row, median};

/// A paragraph and the type size of its first row.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Paragraph {
    pub(crate) text: String,
    pub(crate) size: f32,
    /// Rows it spans.
    pub(crate) rows: usize,
    /// It opens its run flush left: it may go on from the run before (a
    /// paragraph continued in the next column or on the next page).
    pub(crate) opens: bool,
    /// It closes its run with a full line of justified text: it may go on
    /// in the next run.
    pub(crate) open_end: bool,
}

/// One run's rows as paragraphs: a new one after a wider gap than the
/// run's line spacing, at a change of type size, at an indented first
/// line, or after a short last line in justified text. `keep` says whether
/// a hyphen at a line end belongs to the word (`forty-` `two`).
pub(crate) fn paragraphs(run: &[Row], keep: &dyn Fn(&str, &str) -> bool) -> Vec<Paragraph> {
    let Some(first) = run.first() else {
        return Vec::new();
    };
    let left = run.iter().map(Row::x0).fold(f32::INFINITY, f32::min);
    let right = run.iter().map(Row::x1).fold(f32::NEG_INFINITY, f32::max);
    let mut gaps: Vec<f32> = run.windows(2).map(|p| p[1].y - p[0].y).collect();
    let leading = median(&mut gaps);
    let flush = run.iter().filter(|r| r.x1() >= right - r.size).count();
    let justified = run.len() >= 3 && flush * 5 >= run.len() * 3;
    let mut out: Vec<Paragraph> = Vec::new();
    let mut text = first.text();
    let mut size = first.size;
    let mut rows = 1;
    for pair in run.windows(2) {
        let (prev, row) = (&pair[0], &pair[1]);
        let gap = row.y - prev.y;
        let new_paragraph = (leading > 0.0 && gap > 1.45 * leading)
            || (leading <= 0.0 && gap > 2.0 * row.size)
            || (row.size - prev.size).abs() > 0.15 * prev.size
            || (row.x0() - left > 0.8 * row.size && prev.x0() - left <= 0.8 * prev.size)
            || (justified && prev.x1() < right - 2.0 * prev.size);
        let next = row.text();
        if new_paragraph {
            out.push(Paragraph {
                text: std::mem::take(&mut text),
                size,
                rows,
                opens: false,
                open_end: false,
            });
            text = next;
            size = row.size;
            rows = 1;
        } else {
            join_line(&mut text, &next, keep);
            rows += 1;
        }
    }
    out.push(Paragraph {
        text,
        size,
        rows,
        opens: false,
        open_end: false,
    });
    if run.len() >= 2 {
        let last = &run[run.len() - 1];
        if let Some(p) = out.first_mut() {
            p.opens = first.x0() - left <= 0.8 * first.size;
        }
        if let Some(p) = out.last_mut() {
            p.open_end = justified && last.x1() >= right - last.size;
        }
    }
    out
}

/// Hyphens a line may end with: ASCII, U+2010 and the soft hyphen.
const HYPHENS: [char; 3] = ['-', '\u{2010}', '\u{ad}'];

/// Appends the next line of a paragraph: a word broken by a hyphen at the
/// line end is joined (`consor-` `tium`), unless the hyphen is the word's
/// own (`keep`, or the next line starts with a capital or a digit: then
/// the two halves are joined with it).
pub(crate) fn join_line(text: &mut String, next: &str, keep: &dyn Fn(&str, &str) -> bool) {
    let mut chars = text.chars().rev();
    let last = chars.next();
    let before = chars.next();
    let hyphenated = last.is_some_and(|c| HYPHENS.contains(&c))
        && before.is_some_and(char::is_alphabetic)
        && next.chars().next().is_some_and(char::is_alphanumeric);
    if hyphenated && !next.chars().next().is_some_and(char::is_lowercase) {
        // `Franco-` `German`: the hyphen is the word's own.
        text.push_str(next);
        return;
    }
    if hyphenated {
        let hyphen = text.pop().unwrap_or('-');
        let head = text.rsplit(char::is_whitespace).next().unwrap_or("");
        let tail = next.split(char::is_whitespace).next().unwrap_or("");
        if hyphen != '\u{ad}' && keep(head, tail) {
            text.push('-');
        }
        text.push_str(next);
        return;
    }
    if !text.is_empty() && !next.is_empty() {
        text.push(' ');
    }
    text.push_str(next);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn never(_: &str, _: &str) -> bool {
        false
    }

    #[test]
    fn hyphens_at_line_ends() {
        let mut t = "the consor-".to_string();
        join_line(&mut t, "tium said", &never);
        assert_eq!(t, "the consortium said");
        let mut t = "forty-".to_string();
        join_line(&mut t, "two million", &|h, tail| {
            h == "forty" && tail == "two"
        });
        assert_eq!(t, "forty-two million");
        let mut t = "the Franco-".to_string();
        join_line(&mut t, "German border", &never);
        assert_eq!(t, "the Franco-German border");
        let mut t = "soft\u{ad}".to_string();
        join_line(&mut t, "ware", &|_, _| true);
        assert_eq!(t, "software");
    }
}
