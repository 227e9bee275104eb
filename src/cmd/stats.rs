use std::io::Write;
use std::path::Path;

use anyhow::Result;

use crate::cli::{Format, StatsArgs};
use crate::{render, stats};

pub fn execute(index_dir: &Path, args: StatsArgs, out: &mut impl Write) -> Result<()> {
    let (_, searcher) = super::open(index_dir)?;
    let stats = stats::stats(&searcher, index_dir)?;
    match args.format {
        Format::Json => render::json(out, &stats)?,
        Format::Text => render::stats_text(out, &stats)?,
    }
    Ok(())
}
