//! `atlas index --watch`: prints the first run's summary and then one line
//! (or JSON object) per batch, until Ctrl-C.

use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use anyhow::Result;

use crate::cli::{Format, IndexArgs};
use atlas_search::indexer::watch::{self, WatchOptions, WatchSink};
use atlas_search::indexer::{IndexError, IndexOptions, IndexReport};
use atlas_search::render;

/// Set by Ctrl-C; the watch looks at it between commits only.
static STOP: AtomicBool = AtomicBool::new(false);

pub fn execute(
    index_dir: &Path,
    opts: &IndexOptions,
    args: &IndexArgs,
    out: &mut impl Write,
) -> Result<()> {
    ctrlc::set_handler(|| STOP.store(true, Ordering::SeqCst))?;
    let mut sink = Sink {
        out,
        format: args.format,
        quiet: args.quiet,
    };
    let wopts = WatchOptions {
        poll: args.poll.map(Duration::from_secs),
        ..WatchOptions::default()
    };
    if !opts.corpus.is_dir() {
        // The normal run says what is wrong with the corpus path.
        super::index::run_with_progress(index_dir, opts, args.quiet)?;
    }
    let watching = watch::Watch::start(&opts.corpus, &wopts, &mut sink)?;
    // JSON Lines: the normal run's summary, then one per batch.
    let first = super::index::run_with_progress(index_dir, opts, args.quiet)?;
    let first = &first;
    match args.format {
        Format::Json => line_json(sink.out, first)?,
        Format::Text if !args.quiet => render::index_report_text(sink.out, first)?,
        Format::Text => render::index_problems(&mut std::io::stderr().lock(), first)?,
    }
    if !args.quiet && args.format == Format::Text {
        let corpus = opts.corpus.display().to_string();
        let corpus = atlas_search::escape::text(&corpus);
        writeln!(sink.out, "watching {corpus} (Ctrl-C stops)…")?;
    }
    sink.out.flush()?;
    watch::watch(watching, index_dir, opts, &wopts, &STOP, &mut sink)?;
    Ok(())
}

fn line_json(out: &mut impl Write, report: &IndexReport) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, report)?;
    writeln!(out)
}

struct Sink<'a, W: Write> {
    out: &'a mut W,
    format: Format,
    quiet: bool,
}

impl<W: Write> WatchSink for Sink<'_, W> {
    fn batch(&mut self, result: Result<&IndexReport, &IndexError>) -> std::io::Result<()> {
        match (result, self.format) {
            (Ok(r), Format::Json) => line_json(self.out, r)?,
            (Ok(r), Format::Text) => {
                if !self.quiet {
                    let time = chrono::Local::now().format("%H:%M:%S");
                    writeln!(
                        self.out,
                        "{time} {} added, {} updated, {} removed, {} skipped; {} articles ({} ms)",
                        r.added,
                        r.updated,
                        r.removed,
                        r.skipped.len(),
                        r.articles,
                        r.elapsed_ms
                    )?;
                }
                render::index_problems(&mut std::io::stderr().lock(), r)?;
            }
            (Err(e), format) => {
                let shown = e.to_string();
                let shown = atlas_search::escape::text(&shown);
                eprintln!(
                    "error: changes not indexed: {shown} (the index keeps its last good state; fix it and save again)"
                );
                if format == Format::Json {
                    serde_json::to_writer(
                        &mut *self.out,
                        &serde_json::json!({"error": e.to_string()}),
                    )?;
                    writeln!(self.out)?;
                }
            }
        }
        self.out.flush()
    }

    fn note(&mut self, message: &str) {
        eprintln!("atlas: {}", atlas_search::escape::text(message));
    }
}
