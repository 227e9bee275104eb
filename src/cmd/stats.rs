//! `atlas stats`: what the index (or cluster) holds.

use std::io::Write;
use std::path::Path;

use anyhow::Result;
use atlas_search::render;

use crate::cli::{Format, StatsArgs};

pub fn execute(index_dir: &Path, args: StatsArgs, out: &mut impl Write) -> Result<()> {
    let backend = super::open_backend(index_dir, &args.cluster, atlas_search::store::Access::Scan)?;
    let stats = backend.stats()?;
    match args.format {
        Format::Json => render::json(out, &stats)?,
        Format::Text => render::stats_text(out, &stats)?,
    }
    // As `search` does: a shard missing is said, and `--strict` fails.
    for warning in &stats.warnings {
        eprintln!("atlas: warning: {warning} (counts are partial)");
    }
    if args.strict && stats.partial == Some(true) {
        out.flush()?;
        anyhow::bail!("a shard of the cluster did not answer and --strict was given");
    }
    Ok(())
}
