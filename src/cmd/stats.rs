use std::io::Write;
use std::path::Path;

use anyhow::Result;
use atlas_search::render;
use atlas_search::store::AtlasIndex;

use crate::cli::{Format, StatsArgs};

pub fn execute(index_dir: &Path, args: StatsArgs, out: &mut impl Write) -> Result<()> {
    let stats = AtlasIndex::open(index_dir)?.stats()?;
    match args.format {
        Format::Json => render::json(out, &stats)?,
        Format::Text => render::stats_text(out, &stats)?,
    }
    Ok(())
}
