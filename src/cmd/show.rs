use std::io::Write;
use std::path::Path;

use anyhow::{Result, bail};

use crate::cli::{Format, ShowArgs};
use crate::{render, stats};

pub fn execute(index_dir: &Path, args: ShowArgs, out: &mut impl Write) -> Result<()> {
    let (atlas, searcher) = super::open(index_dir)?;
    let Some(article) = stats::show(&searcher, atlas.fields, &args.id)? else {
        bail!(
            "no article with id `{}` (ids are corpus paths; find them with `atlas search`)",
            args.id
        );
    };
    match args.format {
        Format::Json => render::json(out, &article)?,
        Format::Text => render::article_text(out, &article, super::stdout_style())?,
    }
    Ok(())
}
