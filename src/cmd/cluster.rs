//! `atlas cluster config` (searchd configs and cluster.toml) and
//! `atlas push` (a corpus into the cluster's shards).

use std::io::Write;

use anyhow::Result;

use crate::cli::{ClusterCommand, Format, PushArgs};
use atlas_search::cluster;
use atlas_search::indexer::{IndexOptions, NoProgress};
use atlas_search::render;

pub fn config(command: ClusterCommand, out: &mut impl Write) -> Result<()> {
    let ClusterCommand::Config(args) = command;
    let files = cluster::config::write_configs(&args.dir, args.shards, args.base_port)
        .map_err(|e| super::exit_error(cluster::ClusterError::from(e)))?;
    for file in &files {
        writeln!(out, "wrote {}", file.display())?;
    }
    if let Some(first) = files.first() {
        writeln!(
            out,
            "start each searchd with `searchd --config FILE` (e.g. {}), the aggregator last",
            first.display()
        )?;
    }
    Ok(())
}

pub fn push(args: PushArgs, out: &mut impl Write) -> Result<()> {
    let mut opts = IndexOptions::new(args.corpus);
    opts.ocr = args.ocr;
    if let Some(n) = args.threads {
        opts.threads = n as usize;
    }
    let file = (args.cluster.file).expect("clap requires --cluster for push");
    let report = cluster::push::push(&file, &opts, &NoProgress).map_err(super::exit_error)?;
    match (args.format, args.quiet) {
        (Format::Json, _) => render::json(out, &report)?,
        (Format::Text, false) => render::index_report_text(out, &report)?,
        (Format::Text, true) => render::index_problems(&mut std::io::stderr().lock(), &report)?,
    }
    // The summary is out; what the cluster lacks makes the run a failure
    // (exit 1), so that scripts and cron notice — the next push tries again.
    let missing = report.not_pushed.len();
    if missing > 0 {
        out.flush()?;
        let what = match missing {
            1 => "1 article was".to_string(),
            n => format!("{n} articles were"),
        };
        anyhow::bail!(
            "{what} not pushed to the cluster (named in the summary with the reason); every other article was, and the next push tries again"
        );
    }
    Ok(())
}
