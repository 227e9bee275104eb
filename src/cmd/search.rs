//! `atlas search`: the flags become a `SearchRequest`, a backend (the
//! local index, built from `./corpus` on a fresh checkout, or a cluster)
//! answers, `render` prints it; CSV is streamed hit by hit.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Result;

use atlas_search::UsageError;
use atlas_search::indexer::IndexOptions;
use atlas_search::render::{self, Style};
use atlas_search::request::{Period, SearchRequest};
use atlas_search::store::{self, Access};

use crate::cli::{PeriodArg, SearchArgs, SearchFormat};

pub fn execute(
    index_dir: &Path,
    explicit: bool,
    args: SearchArgs,
    style: Style,
    out: &mut impl Write,
) -> Result<()> {
    let flat = matches!(args.format, SearchFormat::Jsonl | SearchFormat::Csv);
    if flat && (args.facets || args.histogram.is_some()) {
        return Err(UsageError(
            "--facets and --histogram cannot be printed as jsonl or csv (use --format json or text)"
                .into(),
        )
        .into());
    }
    if args.cluster.file.is_none() && !explicit && !store::has_index(index_dir) {
        build_default_index(index_dir)?;
    }
    let request = SearchRequest {
        query: args.query.join(" "),
        desks: args.filters.desk,
        authors: args.filters.author,
        tags: args.filters.tag,
        since: args.filters.since,
        until: args.filters.until,
        langs: args.filters.lang,
        sort: args.sort,
        limit: args.limit,
        offset: args.offset,
        facets: args.facets,
        histogram: args.histogram.map(|p| match p {
            PeriodArg::Day => Period::Day,
            PeriodArg::Week => Period::Week,
            PeriodArg::Month => Period::Month,
            PeriodArg::Year => Period::Year,
        }),
        collapse: args.collapse,
        exact: args.exact,
    };
    let access = Access::for_docs(request.offset.saturating_add(request.limit));
    let backend = super::open_backend(index_dir, &args.cluster, access)?;
    let results = if args.format == SearchFormat::Csv {
        // Streamed: each hit is printed as it is loaded (bounded memory).
        let mut csv = render::CsvHits::new(&mut *out)?;
        let results = backend
            .search_each(&request, &mut |hit| csv.write(&hit))
            .map_err(super::exit_error)?;
        csv.finish()?;
        results
    } else {
        let results = backend.search(&request).map_err(super::exit_error)?;
        match args.format {
            SearchFormat::Text => render::search_text(out, &results, style)?,
            SearchFormat::Json => render::search_json(out, &results)?,
            SearchFormat::Jsonl => render::search_jsonl(out, &results)?,
            SearchFormat::Csv => render::search_csv(out, &results)?,
        }
        results
    };
    if flat && let Some(line) = atlas_search::suggest::line(&results.suggestions) {
        eprintln!("atlas: {}", atlas_search::escape::text(&line));
    }
    // A cluster's warnings are about a shard that did not answer.
    let partial = match results.partial {
        Some(true) => " (results are partial)",
        _ => "",
    };
    for warning in &results.warnings {
        let warning = atlas_search::escape::text(warning);
        eprintln!("atlas: warning: {warning}{partial}");
    }
    if args.strict && results.partial == Some(true) {
        out.flush()?;
        anyhow::bail!("a shard of the cluster did not answer and --strict was given");
    }
    Ok(())
}

/// First run on a fresh checkout: index `./corpus` so `search` works at once.
fn build_default_index(index_dir: &Path) -> Result<()> {
    let corpus = PathBuf::from(super::DEFAULT_CORPUS);
    let index = index_dir.display().to_string();
    eprintln!(
        "atlas: no index at {} yet; indexing {} first…",
        atlas_search::escape::text(&index),
        corpus.display()
    );
    let report = super::index::run_with_progress(index_dir, &IndexOptions::new(corpus), false)?;
    eprintln!(
        "atlas: indexed {} articles ({} skipped) in {:.2} s",
        report.articles,
        report.skipped.len(),
        report.elapsed_ms as f64 / 1000.0
    );
    Ok(())
}
