//! `atlas stats` and `atlas show`: what the index holds, read from fast
//! columns (stats) or one stored document (show).

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use tantivy::collector::TopDocs;
use tantivy::query::{AllQuery, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{Searcher, Term};

use crate::article::Article;
use crate::schema::{self, Fields, name};
use crate::search::{FacetCollector, load_article};

/// `stats --format json` (field names are a contract).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    pub articles: u64,
    pub undated: u64,
    pub desks: BTreeMap<String, u64>,
    pub authors: BTreeMap<String, u64>,
    pub years: BTreeMap<String, u64>,
    pub first_date: Option<String>,
    pub last_date: Option<String>,
    pub index_bytes: u64,
}

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
    Ok(Stats {
        articles,
        undated: articles.saturating_sub(dated),
        desks: facets.desk,
        authors: facets.author,
        years: facets.year,
        first_date: day(first),
        last_date: day(last),
        index_bytes: dir_size(index_dir),
    })
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

/// The article with this id, if the index holds it.
pub fn show(searcher: &Searcher, fields: Fields, id: &str) -> tantivy::Result<Option<Article>> {
    let query = TermQuery::new(
        Term::from_field_text(fields.id, id),
        IndexRecordOption::Basic,
    );
    let top = searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
    match top.first() {
        Some((_, address)) => load_article(searcher, fields, *address).map(Some),
        None => Ok(None),
    }
}
