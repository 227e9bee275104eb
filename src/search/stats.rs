//! `atlas stats` on the local index: what it holds, read from fast
//! columns only.

use std::path::Path;

use tantivy::Searcher;
use tantivy::query::AllQuery;

use crate::facets::FacetCollector;
use crate::request::Stats;
use crate::schema::{self, name};

pub fn stats(searcher: &Searcher, index_dir: &Path) -> tantivy::Result<Stats> {
    let facets = searcher.search(&AllQuery, &FacetCollector)?;
    let articles = searcher.num_docs();
    let dated: u64 = facets.year.values().sum();
    let mut first = None;
    let mut last = None;
    for segment in searcher.segment_readers() {
        let dates = segment.fast_fields().date(name::DATE)?;
        for doc in segment.doc_ids_alive() {
            if let Some(d) = dates.first(doc) {
                first = Some(first.map_or(d, |f: tantivy::DateTime| f.min(d)));
                last = Some(last.map_or(d, |l: tantivy::DateTime| l.max(d)));
            }
        }
    }
    let day = |d: Option<tantivy::DateTime>| {
        d.and_then(schema::tantivy_to_date)
            .map(|d| d.format("%Y-%m-%d").to_string())
    };
    let (copy_groups, articles_in_copy_groups) = copy_counts(searcher)?;
    Ok(Stats {
        articles,
        copy_groups: Some(copy_groups),
        articles_in_copy_groups: Some(articles_in_copy_groups),
        undated: articles.saturating_sub(dated),
        desks: facets.desk,
        authors: facets.author,
        years: facets.year,
        languages: facets.lang,
        first_date: day(first),
        last_date: day(last),
        index_bytes: dir_size(index_dir),
        configs: Vec::new(),
        variants: None,
        partial: None,
        warnings: Vec::new(),
    })
}

/// (groups of two or more, their articles), from the group column.
fn copy_counts(searcher: &Searcher) -> tantivy::Result<(u64, u64)> {
    let mut sizes: rustc_hash::FxHashMap<u64, u64> = rustc_hash::FxHashMap::default();
    for segment in searcher.segment_readers() {
        let groups = segment.fast_fields().u64(name::COPY_GROUP)?;
        for doc in segment.doc_ids_alive() {
            if let Some(g) = groups.first(doc) {
                *sizes.entry(g).or_insert(0) += 1;
            }
        }
    }
    let big = sizes.values().filter(|&&n| n > 1);
    Ok((big.clone().count() as u64, big.sum()))
}

fn dir_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|e| e.metadata().ok())
                .filter(|m| m.is_file())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}
