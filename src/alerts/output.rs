//! How `alert run` prints what each alert found: text for people (the
//! search text per alert, under a heading), one JSON object per alert per
//! line, or the search CSV with a leading `alert` column. Text escapes
//! names and queries as all text output does ([`crate::escape::text`]); CSV cells
//! are neutralised against formulas ([`render::csv_cell`]).

use std::io::{self, Write};

use super::AlertRun;
use crate::escape::text as esc;
use crate::render::{self, CSV_HEADER, Style};
use crate::request::SearchResults;

pub fn alert_text(w: &mut impl Write, run: &AlertRun, style: Style) -> io::Result<()> {
    let since = run.since.as_deref().unwrap_or("it was added");
    if run.total_hits == 0 {
        return writeln!(w, "{}: nothing new since {}", esc(&run.name), esc(since));
    }
    writeln!(
        w,
        "{}: {} new since {} (query: \"{}\")\n",
        esc(&run.name),
        run.total_hits,
        esc(since),
        esc(&run.query)
    )?;
    let results = SearchResults {
        query: run.query.clone(),
        total_hits: run.total_hits,
        hits: run.hits.clone(),
        facets: None,
        histogram: None,
        partial: None,
        expanded: Default::default(),
        suggestions: Vec::new(),
        warnings: Vec::new(),
    };
    render::search_text(w, &results, style)
}

/// One line per alert: a single alert's output is one JSON document, and
/// several are JSON Lines.
pub fn alert_json(w: &mut impl Write, run: &AlertRun) -> io::Result<()> {
    serde_json::to_writer(&mut *w, run)?;
    writeln!(w)
}

/// The search CSV with the alert's name in front of each record.
pub struct AlertCsv<W: Write> {
    out: csv::Writer<W>,
}

impl<W: Write> AlertCsv<W> {
    pub fn new(w: W) -> io::Result<AlertCsv<W>> {
        let mut out = csv::Writer::from_writer(w);
        out.write_record(std::iter::once("alert").chain(CSV_HEADER))?;
        Ok(AlertCsv { out })
    }

    pub fn write(&mut self, run: &AlertRun) -> io::Result<()> {
        for hit in &run.hits {
            let record = render::csv_record(hit);
            let name = render::csv_cell(run.name.clone());
            let fields = std::iter::once(name.as_str()).chain(record.iter().map(String::as_str));
            self.out.write_record(fields)?;
        }
        Ok(())
    }

    pub fn finish(mut self) -> io::Result<()> {
        self.out.flush()
    }
}
