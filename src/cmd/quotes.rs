//! `atlas quotes`: the flags become a `QuotesRequest`, the quote index
//! answers, `quotes::output` prints it.

use std::io::Write;
use std::path::Path;

use anyhow::Result;

use atlas_search::UsageError;
use atlas_search::quotes::{QuotesRequest, output};
use atlas_search::request::Period;

use crate::cli::{PeriodArg, QuotesArgs, SearchFormat};

pub fn execute(index_dir: &Path, args: QuotesArgs, out: &mut impl Write) -> Result<()> {
    if args.cluster.file.is_some() {
        return Err(UsageError(
            "`atlas quotes` does not run on a cluster yet (run it on a local index)".into(),
        )
        .into());
    }
    let flat = matches!(args.format, SearchFormat::Jsonl | SearchFormat::Csv);
    if flat && (args.facets || args.histogram.is_some()) {
        return Err(UsageError(
            "--facets and --histogram cannot be printed as jsonl or csv (use --format json or text)"
                .into(),
        )
        .into());
    }
    let request = QuotesRequest {
        query: args.query.join(" "),
        speakers: args.speaker,
        desks: args.desk,
        authors: args.author,
        since: args.since,
        until: args.until,
        langs: args.lang,
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
    };
    let backend = super::open_backend(index_dir, &args.cluster, atlas_search::store::Access::Scan)?;
    let results = backend.quotes(&request).map_err(super::exit_error)?;
    match args.format {
        SearchFormat::Text => output::quotes_text(out, &results)?,
        SearchFormat::Json => output::quotes_json(out, &results)?,
        SearchFormat::Jsonl => output::quotes_jsonl(out, &results)?,
        SearchFormat::Csv => output::quotes_csv(out, &results)?,
    }
    Ok(())
}
