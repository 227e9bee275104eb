//! `atlas quotes` printed: text for people, JSON, JSON Lines and CSV for
//! scripts (the same contract and safety as search output: text escaped,
//! CSV cells neutralised against formulas).

use std::io::{self, Write};

use crate::escape::text as esc;
use crate::render::{self, csv_cell};

use super::search::{QuoteHit, QuotesResults};

/// `“…” — Shehbaz Sharif · Title of the article · 2024-06-29 · id`
pub fn quotes_text(w: &mut impl Write, r: &QuotesResults) -> io::Result<()> {
    for q in &r.quotes {
        let mut line = format!("{}. “{}”", q.rank, esc(&q.text));
        if let Some(s) = &q.speaker {
            line.push_str(&format!(" — {}", esc(s)));
        }
        for part in [Some(&q.title), q.date.as_ref(), Some(&q.id)]
            .into_iter()
            .flatten()
        {
            if !part.is_empty() {
                line.push_str(&format!(" · {}", esc(part)));
            }
        }
        if let Some(n) = q.copies.filter(|n| *n > 0) {
            line.push_str(&format!(" (+ {n} copies)"));
        }
        writeln!(w, "{line}")?;
    }
    let shown = r.quotes.len();
    writeln!(
        w,
        "{} quotes{}",
        r.total_quotes,
        if shown < r.total_quotes {
            format!(", {shown} shown")
        } else {
            String::new()
        }
    )?;
    if let Some(f) = &r.facets {
        let mut v: Vec<(&String, &u64)> = f.speaker.iter().collect();
        v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let list: Vec<String> = v.iter().map(|(k, n)| format!("{} ({n})", esc(k))).collect();
        writeln!(
            w,
            "\nSpeakers: {}",
            if list.is_empty() {
                "–".to_string()
            } else {
                list.join(", ")
            }
        )?;
    }
    if let Some(h) = &r.histogram {
        render::histogram_text(w, h)?;
    }
    Ok(())
}

pub fn quotes_json(w: &mut impl Write, r: &QuotesResults) -> io::Result<()> {
    render::json(w, r)
}

pub fn quotes_jsonl(w: &mut impl Write, r: &QuotesResults) -> io::Result<()> {
    for q in &r.quotes {
        serde_json::to_writer(&mut *w, q)?;
        writeln!(w)?;
    }
    Ok(())
}

pub const CSV_HEADER: [&str; 10] = [
    "rank", "score", "text", "speaker", "id", "title", "date", "desk", "authors", "url",
];

fn csv_record(q: &QuoteHit) -> [String; 10] {
    [
        q.rank.to_string(),
        q.score.to_string(),
        q.text.clone(),
        q.speaker.clone().unwrap_or_default(),
        q.id.clone(),
        q.title.clone(),
        q.date.clone().unwrap_or_default(),
        q.desk.clone().unwrap_or_default(),
        q.authors.join("; "),
        q.url.clone().unwrap_or_default(),
    ]
    .map(csv_cell)
}

pub fn quotes_csv(w: &mut impl Write, r: &QuotesResults) -> io::Result<()> {
    let mut out = csv::Writer::from_writer(w);
    out.write_record(CSV_HEADER)?;
    for q in &r.quotes {
        out.write_record(csv_record(q))?;
    }
    out.flush()
}
