//! A page's glyphs, as the PDF draws them (in any order, at any place), into
//! rows of words, then into reading order: columns one after another,
//! paragraphs kept, line-end hyphenation joined. Ours, not the extractor's:
//! `pdftotext` and `pdf-extract` read two columns across (BENCHMARKS.md,
//! "PDF text").
//!
//! Columns are found from the page itself: a vertical band of white that
//! almost no row crosses, with text on both sides, splits the rows between
//! full-width rows (a headline across both columns) into a left and a right
//! part, each ordered the same way (so three or more columns work too).

/// One drawn character (or ligature), top-down coordinates in points.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Glyph {
    pub(crate) x: f32,
    /// The baseline, from the top of the page.
    pub(crate) y: f32,
    /// The advance: where the next glyph would start.
    pub(crate) w: f32,
    pub(crate) size: f32,
    pub(crate) text: String,
}

pub(crate) use super::lines::{Paragraph, join_line, paragraphs};

/// A word: glyphs without a gap, with the extent it covers.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Word {
    pub(crate) x0: f32,
    pub(crate) x1: f32,
    pub(crate) text: String,
}

/// Words on one baseline.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Row {
    pub(crate) y: f32,
    pub(crate) size: f32,
    pub(crate) words: Vec<Word>,
}

impl Row {
    pub(crate) fn x0(&self) -> f32 {
        self.words.first().map_or(0.0, |w| w.x0)
    }

    pub(crate) fn x1(&self) -> f32 {
        self.words.last().map_or(0.0, |w| w.x1)
    }

    pub(crate) fn text(&self) -> String {
        let mut out = String::new();
        for w in &self.words {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&w.text);
        }
        out
    }
}

/// A gap wider than this share of the type size separates words (a space
/// is about a quarter of it; kerning moves glyphs by a few hundredths).
const WORD_GAP: f32 = 0.15;
/// Glyphs whose baselines differ by less than this share of the size
/// share a row.
const SAME_BASELINE: f32 = 0.3;

/// The glyphs of one page as rows, top to bottom, each row's words left to
/// right. Blank glyphs only separate words.
pub(crate) fn rows(mut glyphs: Vec<Glyph>) -> Vec<Row> {
    glyphs.retain(|g| g.x.is_finite() && g.y.is_finite() && g.size.is_finite());
    glyphs.sort_by(|a, b| a.y.total_cmp(&b.y));
    let mut rows: Vec<Vec<Glyph>> = Vec::new();
    for g in glyphs {
        match rows.last_mut() {
            Some(row)
                if (g.y - row[0].y).abs() <= SAME_BASELINE * row[0].size.max(g.size).max(1.0) =>
            {
                row.push(g)
            }
            _ => rows.push(vec![g]),
        }
    }
    rows.into_iter().filter_map(row_of).collect()
}

fn row_of(mut glyphs: Vec<Glyph>) -> Option<Row> {
    glyphs.sort_by(|a, b| a.x.total_cmp(&b.x));
    let y = glyphs.first()?.y;
    let mut sizes: Vec<f32> = glyphs.iter().map(|g| g.size).collect();
    let size = median(&mut sizes).max(1.0);
    let mut words: Vec<Word> = Vec::new();
    let mut open = false;
    for g in glyphs {
        let blank = g.text.chars().all(char::is_whitespace);
        if blank {
            open = false;
            continue;
        }
        match words.last_mut() {
            Some(w) if open && g.x - w.x1 <= WORD_GAP * size => {
                w.text.push_str(&g.text);
                w.x1 = w.x1.max(g.x + g.w);
            }
            _ => words.push(Word {
                x0: g.x,
                x1: g.x + g.w.max(0.0),
                text: g.text.clone(),
            }),
        }
        open = true;
    }
    (!words.is_empty()).then_some(Row { y, size, words })
}

pub(crate) fn median(values: &mut [f32]) -> f32 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(f32::total_cmp);
    values[values.len() / 2]
}

/// The rows of a page in reading order, as runs: each run one column's
/// stretch of rows (a paragraph never spans two runs).
pub(crate) fn reading_order(rows: Vec<Row>) -> Vec<Vec<Row>> {
    let mut runs = Vec::new();
    order(rows, 0, &mut runs);
    runs.retain(|r| !r.is_empty());
    runs
}

/// Deeper than this, a page is read as it is (newspapers have six or
/// seven columns: six splits).
const MAX_SPLITS: usize = 8;

fn order(mut rows: Vec<Row>, depth: usize, runs: &mut Vec<Vec<Row>>) {
    rows.sort_by(|a, b| a.y.total_cmp(&b.y));
    let gutter = if depth < MAX_SPLITS {
        find_gutter(&rows)
    } else {
        None
    };
    let Some((g0, g1)) = gutter else {
        runs.push(rows);
        return;
    };
    let mid = (g0 + g1) / 2.0;
    let (mut left, mut right) = (Vec::new(), Vec::new());
    for row in rows {
        if crosses(&row, g0, g1) {
            order(std::mem::take(&mut left), depth + 1, runs);
            order(std::mem::take(&mut right), depth + 1, runs);
            runs.push(vec![row]);
            continue;
        }
        let (l, r): (Vec<Word>, Vec<Word>) = row.words.into_iter().partition(|w| w.x1 <= mid);
        if !l.is_empty() {
            left.push(Row {
                y: row.y,
                size: row.size,
                words: l,
            });
        }
        if !r.is_empty() {
            right.push(Row {
                y: row.y,
                size: row.size,
                words: r,
            });
        }
    }
    order(left, depth + 1, runs);
    order(right, depth + 1, runs);
}

/// A row that runs across the band's middle half: a headline over both
/// columns, not a column's line that pokes into the band's edge.
fn crosses(row: &Row, g0: f32, g1: f32) -> bool {
    let q = (g1 - g0) / 4.0;
    row.words.iter().any(|w| w.x0 < g1 - q && w.x1 > g0 + q)
}

/// The widest vertical band of white between columns: crossed by at most a
/// tenth of the rows, at least half a type size wide, inside the middle of
/// the text's width, with a column's worth of rows on each side.
fn find_gutter(rows: &[Row]) -> Option<(f32, f32)> {
    if rows.len() < 6 {
        return None;
    }
    let min_x = rows.iter().map(Row::x0).fold(f32::INFINITY, f32::min);
    let max_x = rows.iter().map(Row::x1).fold(f32::NEG_INFINITY, f32::max);
    let width = max_x - min_x;
    if !(width.is_finite() && width > 0.0) {
        return None;
    }
    // Bins of a point, at most 2,000 of them.
    let bins = (width.ceil() as usize).clamp(1, 2000);
    let scale = bins as f32 / width;
    let mut cover = vec![0u32; bins];
    for row in rows {
        let mut last = usize::MAX;
        for w in &row.words {
            let a = (((w.x0 - min_x) * scale) as usize).min(bins - 1);
            let b = (((w.x1 - min_x) * scale).ceil() as usize).min(bins);
            for (i, c) in cover.iter_mut().enumerate().take(b).skip(a) {
                // A row counts once per bin.
                if i != last {
                    *c += 1;
                    last = i;
                }
            }
        }
    }
    let mut sizes: Vec<f32> = rows.iter().map(|r| r.size).collect();
    let size = median(&mut sizes);
    let allowed = (rows.len() / 10).max(1) as u32;
    let (lo, hi) = ((bins as f32 * 0.15) as usize, (bins as f32 * 0.85) as usize);
    let mut best: Option<(usize, usize)> = None;
    let mut i = lo;
    while i < hi {
        if cover[i] > allowed {
            i += 1;
            continue;
        }
        let start = i;
        while i < hi && cover[i] <= allowed {
            i += 1;
        }
        if best.is_none_or(|(a, b)| i - start > b - a) {
            best = Some((start, i));
        }
    }
    let (a, b) = best?;
    let (g0, g1) = (min_x + a as f32 / scale, min_x + b as f32 / scale);
    if g1 - g0 < 0.5 * size {
        return None;
    }
    // A column's worth of rows ending before the band and starting after it.
    let needed = (rows.len() / 5).max(3);
    let left = rows
        .iter()
        .filter(|r| r.words.iter().any(|w| w.x1 <= g0))
        .count();
    let right = rows
        .iter()
        .filter(|r| r.words.iter().any(|w| w.x0 >= g1))
        .count();
    (left >= needed && right >= needed).then_some((g0, g1))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Glyphs of `line`, one per character, 0.5 em each, a space 0.25 em.
    fn line(x: f32, y: f32, size: f32, text: &str) -> Vec<Glyph> {
        let mut out = Vec::new();
        let mut at = x;
        for c in text.chars() {
            let w = if c == ' ' { 0.25 * size } else { 0.5 * size };
            if c != ' ' {
                out.push(Glyph {
                    x: at,
                    y,
                    w,
                    size,
                    text: c.to_string(),
                });
            }
            at += w;
        }
        out
    }

    fn never(_: &str, _: &str) -> bool {
        false
    }

    fn text_of(glyphs: Vec<Glyph>) -> Vec<String> {
        let runs = reading_order(rows(glyphs));
        runs.iter()
            .flat_map(|run| paragraphs(run, &never))
            .map(|p| p.text)
            .collect()
    }

    #[test]
    fn two_columns_are_read_one_after_the_other() {
        let mut g = line(40.0, 20.0, 18.0, "A Headline Across Both Columns");
        let left = [
            "the left column opens",
            "with this line and",
            "goes on to its end.",
            "Then a second para-",
            "graph on the left side",
            "ends the column here.",
        ];
        let right = [
            "the right column comes",
            "after it and is read",
            "only when the left one",
            "is done, as a reader",
            "would read the page",
            "from top to bottom.",
        ];
        for (i, (l, r)) in left.iter().zip(right).enumerate() {
            let y = 60.0 + 12.0 * i as f32;
            g.extend(line(40.0, y, 10.0, l));
            g.extend(line(170.0, y, 10.0, r));
        }
        // Drawn in any order: the reader sorts.
        g.reverse();
        let paras = text_of(g);
        assert_eq!(paras[0], "A Headline Across Both Columns");
        let body = paras[1..].join(" | ");
        let at = |s: &str| body.find(s).unwrap_or_else(|| panic!("{s:?} in {body}"));
        assert!(at("the left column opens") < at("ends the column here."));
        assert!(at("ends the column here.") < at("the right column comes"));
        assert!(body.contains("second paragraph on the left side"), "{body}");
    }

    #[test]
    fn one_column_of_ragged_text_is_not_split() {
        let lines = [
            "A single column of text with",
            "ragged lines that end where",
            "the words happen to end, some",
            "short and some long, but no",
            "gap runs down the page at all",
            "so it is read row by row.",
        ];
        let mut g = Vec::new();
        for (i, l) in lines.iter().enumerate() {
            g.extend(line(40.0, 60.0 + 12.0 * i as f32, 10.0, l));
        }
        assert_eq!(text_of(g), [lines.join(" ")]);
    }

    #[test]
    fn a_gap_or_an_indent_starts_a_paragraph() {
        let mut g = line(40.0, 60.0, 10.0, "First paragraph line one");
        g.extend(line(40.0, 72.0, 10.0, "and its second line."));
        g.extend(line(40.0, 96.0, 10.0, "After a blank line."));
        g.extend(line(50.0, 108.0, 10.0, "An indented first line"));
        g.extend(line(40.0, 120.0, 10.0, "and its continuation."));
        let paras = text_of(g);
        assert_eq!(
            paras,
            [
                "First paragraph line one and its second line.",
                "After a blank line.",
                "An indented first line and its continuation."
            ]
        );
    }
}
