//! `atlas index`: a corpus folder into the index (with a progress bar on
//! a terminal), or on into `--watch`.

use std::io::{IsTerminal, Write};
use std::path::Path;

use anyhow::Result;
use indicatif::{ProgressBar, ProgressStyle};

use crate::cli::{Format, IndexArgs};
use atlas_search::indexer::{self, IndexOptions, IndexReport, NoProgress, Progress};
use atlas_search::render;

pub fn execute(index_dir: &Path, args: IndexArgs, out: &mut impl Write) -> Result<()> {
    let mut opts = IndexOptions::new(args.corpus.clone());
    opts.rebuild = args.rebuild;
    opts.ocr = args.ocr;
    if let Some(n) = args.threads {
        opts.threads = n as usize;
    }
    // For measuring the writer's budget (BENCHMARKS.md, "Speed, round
    // three"); not an option: the default is the measured choice.
    if let Some(mb) =
        (std::env::var("ATLAS_WRITER_BUDGET_MB").ok()).and_then(|v| v.parse::<usize>().ok())
    {
        opts.memory_budget = mb * 1024 * 1024;
    }
    if args.watch {
        return super::watch::execute(index_dir, &opts, &args, out);
    }
    let report = run_with_progress(index_dir, &opts, args.quiet)?;
    match (args.format, args.quiet) {
        (Format::Json, _) => render::json(out, &report)?,
        (Format::Text, false) => render::index_report_text(out, &report)?,
        // Quiet means no progress bar and no summary, never silence about
        // lost work: every skipped file and warning is one line on stderr.
        (Format::Text, true) => render::index_problems(&mut std::io::stderr().lock(), &report)?,
    }
    Ok(())
}

/// Indexes with a progress bar on stderr when it is a terminal.
pub fn run_with_progress(
    index_dir: &Path,
    opts: &IndexOptions,
    quiet: bool,
) -> Result<IndexReport> {
    let report = if quiet || !std::io::stderr().is_terminal() {
        indexer::run(index_dir, opts, &NoProgress)
    } else {
        let bar = Bar(ProgressBar::new(0).with_style(
            ProgressStyle::with_template("{spinner} indexing {pos}/{len} files {wide_bar} {eta}")
                .expect("static template"),
        ));
        indexer::run(index_dir, opts, &bar)
    };
    // A bad atlas.toml is a usage error (exit 2), like a bad flag.
    let report = report.map_err(super::exit_error)?;
    if let Some(old) = report.rebuilt_from_schema {
        eprintln!(
            "atlas: the index was written by an older atlas (schema {old}); rebuilt it in place"
        );
    }
    Ok(report)
}

struct Bar(ProgressBar);

impl Progress for Bar {
    fn set_total(&self, files: u64) {
        self.0.set_length(files);
    }
    fn advance(&self, files: u64) {
        self.0.inc(files);
    }
    fn finish(&self) {
        self.0.finish_and_clear();
    }
}
