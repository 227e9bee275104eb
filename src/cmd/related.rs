//! `atlas related ID`: an article's copies, then related coverage (the
//! local index only).

use std::io::Write;
use std::path::Path;

use anyhow::Result;
use atlas_search::backend::Backend;
use atlas_search::render::{self, Style};
use atlas_search::store::AtlasIndex;

use crate::cli::{Format, RelatedArgs};

pub fn execute(
    index_dir: &Path,
    args: RelatedArgs,
    style: Style,
    out: &mut impl Write,
) -> Result<()> {
    let atlas = AtlasIndex::open(index_dir)?;
    let related = super::by_id(&args.id, |id| atlas.related(id, args.limit))?;
    match args.format {
        Format::Json => render::json(out, &related)?,
        Format::Text => render::related_text(out, &related, style)?,
    }
    Ok(())
}
