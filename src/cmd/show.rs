//! `atlas show ID`: one article, metadata and full text.

use std::io::Write;
use std::path::Path;

use anyhow::Result;
use atlas_search::render::{self, Style};

use crate::cli::{Format, ShowArgs};

pub fn execute(index_dir: &Path, args: ShowArgs, style: Style, out: &mut impl Write) -> Result<()> {
    let backend = super::open_backend(
        index_dir,
        &args.cluster,
        atlas_search::store::Access::Lookup,
    )?;
    let article = super::by_id(&args.id, |id| backend.article(id))?;
    match args.format {
        Format::Json => render::json(out, &atlas_search::quotes::ShownArticle::new(&article))?,
        Format::Text => render::article_text(out, &article, style)?,
    }
    Ok(())
}
