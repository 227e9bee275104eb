//! `atlas alert add|list|rm|run`: saved searches kept in the index
//! directory, each run reporting what was indexed since the last.

use std::io::Write;
use std::path::Path;

use anyhow::Result;

use crate::cli::{AlertAddArgs, AlertCommand, AlertFormat, AlertRunArgs, Format};
use atlas_search::alerts::{self, Alert, AlertCsv};
use atlas_search::escape::text as esc;
use atlas_search::render::{self, Style};
use atlas_search::store::AtlasIndex;

pub fn execute(
    index_dir: &Path,
    command: AlertCommand,
    style: Style,
    out: &mut impl Write,
) -> Result<()> {
    match command {
        AlertCommand::Add(args) => add(index_dir, args, out),
        AlertCommand::List(args) => {
            let all = alerts::list(index_dir).map_err(super::exit_error)?;
            match args.format {
                Format::Json => render::json(out, &all)?,
                Format::Text if all.is_empty() => writeln!(out, "no alerts")?,
                Format::Text => {
                    for a in &all {
                        let seen = a.seen.as_deref().unwrap_or("nothing yet");
                        let (name, query, seen) = (esc(&a.name), esc(&a.query), esc(seen));
                        writeln!(out, "{name}\t\"{query}\"\tseen up to {seen}")?;
                    }
                }
            }
            Ok(())
        }
        AlertCommand::Rm { name } => {
            alerts::remove(index_dir, &name).map_err(super::exit_error)?;
            writeln!(out, "removed alert `{}`", esc(&name))?;
            Ok(())
        }
        AlertCommand::Run(args) => run(index_dir, args, style, out),
    }
}

fn add(index_dir: &Path, args: AlertAddArgs, out: &mut impl Write) -> Result<()> {
    let atlas = AtlasIndex::open(index_dir)?;
    let mut alert = Alert::new(&args.name, &args.query.join(" "));
    alert.desks = args.filters.desk;
    alert.authors = args.filters.author;
    alert.tags = args.filters.tag;
    alert.since = args.filters.since;
    alert.until = args.filters.until;
    alert.langs = args.filters.lang;
    alert.collapse = args.collapse;
    let alert = alerts::add(&atlas, alert).map_err(super::exit_error)?;
    writeln!(
        out,
        "added alert `{name}`: `atlas alert run {name}` lists what is indexed from now on",
        name = esc(&alert.name)
    )?;
    Ok(())
}

fn run(index_dir: &Path, args: AlertRunArgs, style: Style, out: &mut impl Write) -> Result<()> {
    let atlas = AtlasIndex::open(index_dir)?;
    let runs = alerts::run(&atlas, &args.names).map_err(super::exit_error)?;
    match args.format {
        AlertFormat::Text if runs.is_empty() => writeln!(
            out,
            "no alerts (add one with `atlas alert add NAME QUERY…`)"
        )?,
        AlertFormat::Text => {
            for (i, r) in runs.iter().enumerate() {
                if i > 0 {
                    writeln!(out)?;
                }
                alerts::alert_text(out, r, style)?;
            }
        }
        AlertFormat::Json => {
            for r in &runs {
                alerts::alert_json(out, r)?;
            }
        }
        AlertFormat::Csv => {
            let mut csv = AlertCsv::new(&mut *out)?;
            for r in &runs {
                csv.write(r)?;
            }
            csv.finish()?;
        }
    }
    Ok(())
}
