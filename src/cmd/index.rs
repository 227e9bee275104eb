use std::io::{IsTerminal, Write};
use std::path::Path;

use anyhow::Result;
use indicatif::{ProgressBar, ProgressStyle};

use crate::cli::{Format, IndexArgs};
use atlas_search::indexer::{self, IndexOptions, IndexReport, NoProgress, Progress};
use atlas_search::render;

pub fn execute(index_dir: &Path, args: IndexArgs, out: &mut impl Write) -> Result<()> {
    let mut opts = IndexOptions::new(args.corpus);
    opts.rebuild = args.rebuild;
    if let Some(n) = args.threads {
        opts.threads = n as usize;
    }
    let report = run_with_progress(index_dir, &opts, args.quiet)?;
    match (args.format, args.quiet) {
        (Format::Json, _) => render::json(out, &report)?,
        (Format::Text, false) => render::index_report_text(out, &report)?,
        (Format::Text, true) => {}
    }
    Ok(())
}

/// Indexes with a progress bar on stderr when it is a terminal.
pub fn run_with_progress(
    index_dir: &Path,
    opts: &IndexOptions,
    quiet: bool,
) -> Result<IndexReport> {
    if quiet || !std::io::stderr().is_terminal() {
        return Ok(indexer::run(index_dir, opts, &NoProgress)?);
    }
    let bar = Bar(ProgressBar::new(0).with_style(
        ProgressStyle::with_template("{spinner} indexing {pos}/{len} files {wide_bar} {eta}")
            .expect("static template"),
    ));
    Ok(indexer::run(index_dir, opts, &bar)?)
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
