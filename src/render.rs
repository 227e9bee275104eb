//! Printing results as text (for people) or JSON (for scripts). Every
//! function writes to any `impl Write`, so tests render into a `Vec<u8>`.
//! Text shows every string that comes from a file (titles, names, ids,
//! snippets) through [`escape::text`], so none can move the cursor or fake a
//! line; JSON is exact. CSV cells are neutralised against spreadsheet
//! formulas ([`csv_cell`]).

use std::collections::BTreeMap;
use std::io::{self, Write};

use crate::article::Article;
use crate::escape::{self, text as esc};
use crate::indexer::IndexReport;
use crate::request::{Facets, Histogram, Hit, Related, SearchResults, Stats};

const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const MATCH: &str = "\x1b[1;33m";
const RESET: &str = "\x1b[0m";

/// ANSI styling, or none at all (pipes, `NO_COLOR`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    pub color: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("{code}{text}{RESET}")
        } else {
            text.to_string()
        }
    }
}

pub fn search_text(w: &mut impl Write, r: &SearchResults, style: Style) -> io::Result<()> {
    for hit in &r.hits {
        writeln!(w, "{}. {}", hit.rank, style.paint(BOLD, &esc(&hit.title)))?;
        let meta = hit_meta(hit);
        if !meta.is_empty() {
            writeln!(w, "   {}", style.paint(DIM, &meta))?;
        }
        writeln!(w, "   {}", style.paint(DIM, &esc(&hit.id)))?;
        if let Some(ids) = hit.copy_ids.as_ref().filter(|ids| !ids.is_empty()) {
            let n = hit.copies.unwrap_or(ids.len());
            let noun = if n == 1 { "copy" } else { "copies" };
            let more = if n > ids.len() { ", …" } else { "" };
            let list = format!("+ {n} {noun}: {}{more}", joined(ids, ", "));
            writeln!(w, "   {}", style.paint(DIM, &list))?;
        }
        if !hit.snippet.is_empty() {
            let page = hit.page.map(|p| format!("p. {p}: ")).unwrap_or_default();
            writeln!(
                w,
                "   {page}{}",
                highlighted(&hit.snippet, &hit.highlights, style)
            )?;
        }
        writeln!(w)?;
    }
    let noun = if r.total_hits == 1 { "hit" } else { "hits" };
    match (r.hits.first(), r.hits.last()) {
        (Some(first), Some(last)) if r.total_hits > r.hits.len() => {
            writeln!(w, "{}–{} of {} {noun}", first.rank, last.rank, r.total_hits)?
        }
        _ => writeln!(w, "{} {noun}", r.total_hits)?,
    }
    if let Some(line) = crate::suggest::line(&r.suggestions) {
        writeln!(w, "{}", esc(&line))?;
    }
    if let Some(f) = &r.facets {
        facets_text(w, f)?;
    }
    if let Some(h) = &r.histogram {
        histogram_text(w, h)?;
    }
    Ok(())
}

/// Widest bar, in characters; the others are scaled to the largest count.
const BAR_WIDTH: u64 = 40;

/// One line per period: key, count, a bar scaled to the widest.
pub fn histogram_text(w: &mut impl Write, h: &Histogram) -> io::Result<()> {
    writeln!(w)?;
    if h.is_empty() {
        return writeln!(w, "Timeline: no dated article matches");
    }
    let max = h.values().copied().max().unwrap_or(0).max(1);
    let key_width = h.keys().map(|k| k.len()).max().unwrap_or(0);
    let count_width = max.to_string().len();
    for (key, &n) in h {
        // At least one block for a non-zero count, so no period looks empty.
        let len = if n == 0 {
            0
        } else {
            (n * BAR_WIDTH).div_ceil(max)
        };
        let bar = "█".repeat(len as usize);
        writeln!(w, "{key:<key_width$}  {n:>count_width$}  {bar}")?;
    }
    Ok(())
}

/// The CSV columns (a contract, like the JSON field names; columns are only
/// ever added at the end).
pub const CSV_HEADER: [&str; 13] = [
    "rank",
    "score",
    "id",
    "title",
    "authors",
    "desk",
    "date",
    "date_source",
    "tags",
    "url",
    "snippet",
    "lang",
    "page",
];

/// The CSV record of one hit, in [`CSV_HEADER`] order, each cell through
/// [`csv_cell`].
pub fn csv_record(hit: &Hit) -> [String; 13] {
    [
        hit.rank.to_string(),
        hit.score.to_string(),
        hit.id.clone(),
        hit.title.clone(),
        hit.authors.join("; "),
        hit.desk.clone().unwrap_or_default(),
        hit.date.clone().unwrap_or_default(),
        hit.date_source
            .map(|s| s.as_str().to_string())
            .unwrap_or_default(),
        hit.tags.join("; "),
        hit.url.clone().unwrap_or_default(),
        hit.snippet.clone(),
        hit.lang.clone().unwrap_or_default(),
        hit.page.map(|p| p.to_string()).unwrap_or_default(),
    ]
    .map(csv_cell)
}

/// The characters that make a spreadsheet read a cell as a formula when
/// they come first (OWASP, "CSV Injection").
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell a spreadsheet shows as text: one that begins with `=`, `+`, `-`,
/// `@`, a tab or a carriage return gets a leading `'`, as OWASP advises
/// (`=HYPERLINK(…)` would otherwise be evaluated). Every such cell, a
/// leading `-` included: no column atlas writes holds a number or a date
/// that starts with one (README, "CSV safety").
pub fn csv_cell(cell: String) -> String {
    if cell.starts_with(FORMULA_STARTS) {
        format!("'{cell}")
    } else {
        cell
    }
}

/// RFC 4180 via the csv crate: a header, then one record per hit.
pub fn search_csv(w: &mut impl Write, r: &SearchResults) -> io::Result<()> {
    let mut out = CsvHits::new(w)?;
    for hit in &r.hits {
        out.write(hit)?;
    }
    out.finish()
}

/// A CSV printer fed one hit at a time, for streamed results.
pub struct CsvHits<W: Write> {
    out: csv::Writer<W>,
}

impl<W: Write> CsvHits<W> {
    /// Writes the header.
    pub fn new(w: W) -> io::Result<CsvHits<W>> {
        let mut out = csv::Writer::from_writer(w);
        out.write_record(CSV_HEADER)?;
        Ok(CsvHits { out })
    }

    pub fn write(&mut self, hit: &Hit) -> io::Result<()> {
        Ok(self.out.write_record(csv_record(hit))?)
    }

    pub fn finish(mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// Strings from files, escaped and joined.
fn joined(items: &[String], sep: &str) -> String {
    items.iter().map(|s| esc(s)).collect::<Vec<_>>().join(sep)
}

fn hit_meta(hit: &Hit) -> String {
    let mut parts = Vec::new();
    if let Some(date) = &hit.date {
        parts.push(esc(date).into_owned());
    }
    if !hit.authors.is_empty() {
        parts.push(joined(&hit.authors, ", "));
    }
    if let Some(desk) = &hit.desk {
        parts.push(esc(desk).into_owned());
    }
    parts.join(" · ")
}

/// The snippet, escaped, its matches painted. The ranges index the raw
/// snippet, so each piece is escaped on its own.
fn highlighted(text: &str, ranges: &[(usize, usize)], style: Style) -> String {
    if !style.color {
        return esc(text).into_owned();
    }
    let mut out = String::with_capacity(text.len() + ranges.len() * 12);
    let mut at = 0;
    for &(a, b) in ranges {
        if a < at || b > text.len() || !text.is_char_boundary(a) || !text.is_char_boundary(b) {
            continue;
        }
        out.push_str(&esc(&text[at..a]));
        out.push_str(&style.paint(MATCH, &esc(&text[a..b])));
        at = b;
    }
    out.push_str(&esc(&text[at..]));
    out
}

fn facets_text(w: &mut impl Write, f: &Facets) -> io::Result<()> {
    writeln!(w)?;
    for (label, counts) in [
        ("Desks", &f.desk),
        ("Years", &f.year),
        ("Authors", &f.author),
        ("Languages", &f.lang),
    ] {
        writeln!(w, "{label}: {}", by_count(counts))?;
    }
    Ok(())
}

/// `A (3), B (1)`: most frequent first, then by name.
fn by_count(counts: &BTreeMap<String, u64>) -> String {
    let mut v: Vec<(&String, &u64)> = counts.iter().collect();
    v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    if v.is_empty() {
        return "–".to_string();
    }
    v.iter()
        .map(|(k, n)| format!("{} ({n})", esc(k)))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn search_json(w: &mut impl Write, r: &SearchResults) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, r)?;
    writeln!(w)
}

pub fn search_jsonl(w: &mut impl Write, r: &SearchResults) -> io::Result<()> {
    for hit in &r.hits {
        serde_json::to_writer(&mut *w, hit)?;
        writeln!(w)?;
    }
    Ok(())
}

pub fn json(w: &mut impl Write, value: &impl serde::Serialize) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, value)?;
    writeln!(w)
}

pub fn index_report_text(w: &mut impl Write, r: &IndexReport) -> io::Result<()> {
    write!(
        w,
        "{} added, {} updated, {} removed, {} unchanged, {} skipped",
        r.added,
        r.updated,
        r.removed,
        r.unchanged,
        r.skipped.len()
    )?;
    if !r.not_pushed.is_empty() {
        write!(w, ", {} not pushed", r.not_pushed.len())?;
    }
    writeln!(w)?;
    index_problems(w, r)?;
    writeln!(
        w,
        "{} files: {} indexed, {} skipped, {} set aside; {} items inside files skipped",
        r.files, r.files_indexed, r.files_skipped, r.files_set_aside, r.items_skipped
    )?;
    writeln!(
        w,
        "{} articles in the index; {:.1} MB read in {:.2} s ({:.1} MB/s)",
        r.articles,
        r.bytes as f64 / 1e6,
        r.elapsed_ms as f64 / 1000.0,
        r.mb_per_s
    )
}

/// One line per skipped file and per warning (also what `--quiet` prints).
pub fn index_problems(w: &mut impl Write, r: &IndexReport) -> io::Result<()> {
    for s in &r.skipped {
        writeln!(w, "  skipped {}: {}", esc(&s.path), esc(&s.reason))?;
    }
    for warning in &r.warnings {
        let (path, message) = (esc(&warning.path), esc(&warning.message));
        writeln!(w, "  warning {path}: {message}")?;
    }
    for n in &r.not_pushed {
        writeln!(w, "  not pushed {}: {}", esc(&n.id), esc(&n.reason))?;
    }
    Ok(())
}

pub fn stats_text(w: &mut impl Write, s: &Stats) -> io::Result<()> {
    writeln!(w, "articles:   {}", s.articles)?;
    writeln!(w, "undated:    {}", s.undated)?;
    match (&s.first_date, &s.last_date) {
        (Some(a), Some(b)) => writeln!(w, "dates:      {a} – {b}")?,
        _ => writeln!(w, "dates:      –")?,
    }
    writeln!(w, "desks:      {}", by_count(&s.desks))?;
    writeln!(w, "years:      {}", by_count(&s.years))?;
    writeln!(w, "authors:    {}", by_count(&s.authors))?;
    writeln!(w, "languages:  {}", by_count(&s.languages))?;
    if let (Some(groups), Some(members)) = (s.copy_groups, s.articles_in_copy_groups) {
        writeln!(
            w,
            "copies:     {groups} groups of two or more, {members} articles in them"
        )?;
    }
    if !s.configs.is_empty() {
        writeln!(w, "configs:    {}", joined(&s.configs, ", "))?;
    }
    if let Some(groups) = s.variants {
        writeln!(w, "variants:   {groups} groups")?;
    }
    writeln!(w, "index size: {:.1} MB", s.index_bytes as f64 / 1e6)
}

/// `atlas related`: the copies with their similarity, then related coverage.
pub fn related_text(w: &mut impl Write, r: &Related, style: Style) -> io::Result<()> {
    for (label, hits, what) in [
        ("Copies", &r.copies, "similarity"),
        ("Related", &r.related, "score"),
    ] {
        writeln!(w, "{} of {}: {}", label, esc(&r.id), hits.len())?;
        for hit in hits {
            writeln!(w, "{}. {}", hit.rank, style.paint(BOLD, &esc(&hit.title)))?;
            let mut meta = vec![format!("{what} {}", hit.score)];
            meta.extend(hit.date.as_deref().map(|d| esc(d).into_owned()));
            if !hit.authors.is_empty() {
                meta.push(joined(&hit.authors, ", "));
            }
            meta.extend(hit.desk.as_deref().map(|d| esc(d).into_owned()));
            writeln!(w, "   {}", style.paint(DIM, &meta.join(" · ")))?;
            writeln!(w, "   {}", style.paint(DIM, &esc(&hit.id)))?;
        }
        writeln!(w)?;
    }
    Ok(())
}

pub fn article_text(w: &mut impl Write, a: &Article, style: Style) -> io::Result<()> {
    writeln!(w, "{}", style.paint(BOLD, &esc(&a.title)))?;
    writeln!(w, "id:      {}", esc(&a.id))?;
    if !a.authors.is_empty() {
        writeln!(w, "authors: {}", joined(&a.authors, ", "))?;
    }
    if let Some(desk) = &a.desk {
        writeln!(w, "desk:    {}", esc(desk))?;
    }
    if let Some(date) = a.date {
        let source = a.date_source.map(|s| s.as_str()).unwrap_or("");
        writeln!(w, "date:    {} ({source})", date.format("%Y-%m-%d"))?;
    }
    if !a.tags.is_empty() {
        writeln!(w, "tags:    {}", joined(&a.tags, ", "))?;
    }
    if let Some(url) = &a.url {
        writeln!(w, "url:     {}", esc(url))?;
    }
    if let Some(bio) = &a.bio {
        writeln!(w, "bio:     {}", esc(bio))?;
    }
    for file in &a.attachments {
        let (name, kind) = (esc(&file.name), esc(&file.content_type));
        writeln!(
            w,
            "attached: {name} ({kind}, {} bytes; not read)",
            file.size
        )?;
    }
    writeln!(w)?;
    writeln!(w, "{}", escape::body(&a.body))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn results() -> SearchResults {
        SearchResults {
            query: "stability".into(),
            total_hits: 3,
            hits: vec![Hit {
                rank: 1,
                score: 1.5,
                id: "a.txt".into(),
                path: "a.txt".into(),
                title: "Title".into(),
                authors: vec!["A B".into()],
                desk: Some("Europe".into()),
                date: Some("2024-01-02".into()),
                date_source: None,
                tags: vec![],
                url: None,
                lang: Some("en".into()),
                attachments: Vec::new(),
                snippet: "for stability now".into(),
                highlights: vec![(4, 13)],
                page: None,
                ocr: false,
                copies: None,
                copy_ids: None,
            }],
            facets: None,
            histogram: None,
            partial: None,
            expanded: Default::default(),
            suggestions: Vec::new(),
            warnings: Vec::new(),
        }
    }

    #[test]
    fn text_is_plain_without_color_and_painted_with_it() {
        let mut plain = Vec::new();
        search_text(&mut plain, &results(), Style { color: false }).unwrap();
        let plain = String::from_utf8(plain).unwrap();
        assert!(
            plain.contains(
                "1. Title\n   2024-01-02 · A B · Europe\n   a.txt\n   for stability now\n"
            )
        );
        assert!(plain.contains("1–1 of 3 hits"));
        assert!(!plain.contains('\x1b'));
        let mut color = Vec::new();
        search_text(&mut color, &results(), Style { color: true }).unwrap();
        assert!(
            String::from_utf8(color)
                .unwrap()
                .contains("for \x1b[1;33mstability\x1b[0m now")
        );
    }
}
