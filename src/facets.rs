//! Facet counts (desk, year, author, language) over every matching article, not just
//! the page: a collector over the exact-name and date fast columns, so no
//! stored document is read.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DateTime, DocId, Score, SegmentOrdinal, SegmentReader};

use crate::schema::{self, name};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Facets {
    pub desk: BTreeMap<String, u64>,
    pub year: BTreeMap<String, u64>,
    pub author: BTreeMap<String, u64>,
    /// Articles per language code.
    #[serde(default)]
    pub lang: BTreeMap<String, u64>,
}

/// Counts desks, years and authors over every matching document.
pub struct FacetCollector;

pub struct SegmentFacets {
    desk: Option<StrColumn>,
    author: Option<StrColumn>,
    date: Option<Column<DateTime>>,
    lang: Option<StrColumn>,
    lang_counts: Vec<u64>,
    desk_counts: Vec<u64>,
    author_counts: Vec<u64>,
    year_counts: HashMap<i32, u64>,
}

impl Collector for FacetCollector {
    type Fruit = Facets;
    type Child = SegmentFacets;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentFacets> {
        let ff = segment.fast_fields();
        let desk = ff.str(name::DESK_EXACT)?;
        let author = ff.str(name::AUTHOR_EXACT)?;
        let lang = ff.str(name::LANG)?;
        Ok(SegmentFacets {
            lang_counts: vec![0; lang.as_ref().map_or(0, |c| c.num_terms())],
            lang,
            desk_counts: vec![0; desk.as_ref().map_or(0, |c| c.num_terms())],
            author_counts: vec![0; author.as_ref().map_or(0, |c| c.num_terms())],
            desk,
            author,
            date: ff.date(name::DATE).ok(),
            year_counts: HashMap::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Facets>) -> tantivy::Result<Facets> {
        let mut all = Facets::default();
        for fruit in fruits {
            for (mine, theirs) in [
                (&mut all.desk, fruit.desk),
                (&mut all.year, fruit.year),
                (&mut all.author, fruit.author),
                (&mut all.lang, fruit.lang),
            ] {
                for (k, v) in theirs {
                    *mine.entry(k).or_insert(0) += v;
                }
            }
        }
        Ok(all)
    }
}

impl SegmentCollector for SegmentFacets {
    type Fruit = Facets;

    fn collect(&mut self, doc: DocId, _: Score) {
        if let Some(col) = &self.desk
            && let Some(ord) = col.term_ords(doc).next()
        {
            self.desk_counts[ord as usize] += 1;
        }
        if let Some(col) = &self.lang
            && let Some(ord) = col.term_ords(doc).next()
        {
            self.lang_counts[ord as usize] += 1;
        }
        if let Some(col) = &self.author {
            for ord in col.term_ords(doc) {
                self.author_counts[ord as usize] += 1;
            }
        }
        if let Some(year) = self
            .date
            .as_ref()
            .and_then(|c| c.first(doc))
            .and_then(schema::tantivy_to_date)
            .map(|d| chrono::Datelike::year(&d))
        {
            *self.year_counts.entry(year).or_insert(0) += 1;
        }
    }

    fn harvest(self) -> Facets {
        let names = |col: &Option<StrColumn>, counts: &[u64]| -> BTreeMap<String, u64> {
            let mut out = BTreeMap::new();
            let Some(col) = col else { return out };
            let mut name = String::new();
            for (ord, &n) in counts.iter().enumerate() {
                if n > 0 && col.ord_to_str(ord as u64, &mut name).unwrap_or(false) {
                    *out.entry(name.clone()).or_insert(0) += n;
                }
            }
            out
        };
        Facets {
            desk: names(&self.desk, &self.desk_counts),
            author: names(&self.author, &self.author_counts),
            lang: names(&self.lang, &self.lang_counts),
            year: self
                .year_counts
                .into_iter()
                .map(|(y, n)| (y.to_string(), n))
                .collect(),
        }
    }
}
