//! `search --collapse` (SPEC "Copies and related coverage"): one hit per
//! copy group, its best-ranked member, with the other matching members as
//! `copies` / `copy_ids`; the total, facets and histogram count groups, each
//! under its shown member.
//!
//! tantivy's top-k cannot collapse (a group's best member is only known once
//! every match is ranked), so this collects every match's rank key and group
//! from fast columns — no stored document — ranks them all, keeps the first
//! member of each group, and loads only the page's articles. The facets and
//! histogram are the ordinary collectors fed the shown members alone.

use rustc_hash::FxHashMap;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::query::Query;
use tantivy::{DateTime, DocAddress, DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

use super::load::Hits;
use crate::request::{SearchError, SearchRequest, SearchResults, Sort};
use crate::schema::name;

/// Members listed in `copy_ids` at most (SPEC).
pub const MAX_COPY_IDS: usize = 10;

/// One match: what ranks it and the group it belongs to.
#[derive(Clone, Copy)]
struct Match {
    score: Score,
    /// Seconds, or None when undated.
    date: Option<i64>,
    group: u64,
    address: DocAddress,
}

struct AllMatches;

struct SegmentMatches {
    ord: SegmentOrdinal,
    dates: Option<Column<DateTime>>,
    groups: Option<Column<u64>>,
    out: Vec<Match>,
}

impl Collector for AllMatches {
    type Fruit = Vec<Match>;
    type Child = SegmentMatches;

    fn for_segment(
        &self,
        ord: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentMatches> {
        let ff = segment.fast_fields();
        Ok(SegmentMatches {
            ord,
            dates: ff.date(name::DATE).ok(),
            groups: ff.u64(name::COPY_GROUP).ok(),
            out: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<Vec<Match>>) -> tantivy::Result<Vec<Match>> {
        Ok(fruits.into_iter().flatten().collect())
    }
}

impl SegmentCollector for SegmentMatches {
    type Fruit = Vec<Match>;

    fn collect(&mut self, doc: DocId, score: Score) {
        let address = DocAddress::new(self.ord, doc);
        // Without a group value the article is its own group.
        let group = (self.groups.as_ref().and_then(|c| c.first(doc)))
            .unwrap_or(u64::from(self.ord) << 32 | u64::from(doc) | 1 << 63);
        let date =
            (self.dates.as_ref().and_then(|c| c.first(doc))).map(|d| d.into_timestamp_secs());
        self.out.push(Match {
            score,
            date,
            group,
            address,
        });
    }

    fn harvest(self) -> Vec<Match> {
        self.out
    }
}

/// The search order of SPEC: relevance (ties newest first, undated last),
/// newest or oldest (undated last, ties by score); the address last so
/// equal keys have one order.
fn rank(matches: &mut [Match], sort: Sort) {
    use std::cmp::Reverse;
    let undated_last = |m: &Match| m.date.is_none();
    match sort {
        Sort::Relevance => matches.sort_by(|a, b| {
            (b.score.total_cmp(&a.score))
                .then_with(|| undated_last(a).cmp(&undated_last(b)))
                .then_with(|| Reverse(a.date).cmp(&Reverse(b.date)))
                .then_with(|| a.address.cmp(&b.address))
        }),
        Sort::Newest | Sort::Oldest => matches.sort_by(|a, b| {
            let by_date = match sort {
                Sort::Oldest => a.date.cmp(&b.date),
                _ => b.date.cmp(&a.date),
            };
            (undated_last(a).cmp(&undated_last(b)))
                .then(by_date)
                .then_with(|| b.score.total_cmp(&a.score))
                .then_with(|| a.address.cmp(&b.address))
        }),
    }
}

/// The collapsed form of `collect::collect`: each loaded hit gets its
/// group's copies.
pub(super) fn collect(
    searcher: &Searcher,
    req: &SearchRequest,
    query: &dyn Query,
    sort: Sort,
    hits: &mut Hits,
) -> Result<SearchResults, SearchError> {
    let mut matches = searcher.search(query, &AllMatches)?;
    rank(&mut matches, sort);
    // Groups in the order of their best member; each with its members in rank order.
    let mut slot: FxHashMap<u64, usize> = FxHashMap::default();
    let mut groups: Vec<Vec<Match>> = Vec::new();
    for m in matches {
        let i = *slot.entry(m.group).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[i].push(m);
    }
    let facets = req
        .facets
        .then(|| feed(searcher, &groups, &crate::facets::FacetCollector))
        .transpose()?;
    let histogram = req
        .histogram
        .map(|period| {
            feed(
                searcher,
                &groups,
                &crate::histogram::HistogramCollector(period),
            )
            .map(|counts| crate::histogram::fill(period, &counts))
        })
        .transpose()?;
    let ids = IdColumns::new(searcher)?;
    for (i, members) in groups.iter().skip(req.offset).take(req.limit).enumerate() {
        let best = members[0];
        let mut hit = hits.load(req.offset + i + 1, best.score, best.address)?;
        hit.copies = Some(members.len() - 1);
        hit.copy_ids = Some(
            (members[1..].iter().take(MAX_COPY_IDS))
                .map(|m| ids.id(m.address))
                .collect(),
        );
        hits.emit(hit)?;
    }
    Ok(SearchResults {
        total_hits: groups.len(),
        facets,
        histogram,
        ..SearchResults::empty(req)
    })
}

/// Runs a counting collector over the shown member of every group.
fn feed<C: Collector>(
    searcher: &Searcher,
    groups: &[Vec<Match>],
    collector: &C,
) -> tantivy::Result<C::Fruit> {
    let mut by_segment: Vec<Vec<DocId>> = vec![Vec::new(); searcher.segment_readers().len()];
    for g in groups {
        let a = g[0].address;
        by_segment[a.segment_ord as usize].push(a.doc_id);
    }
    let mut fruits = Vec::new();
    for (ord, docs) in by_segment.into_iter().enumerate() {
        let mut child = collector.for_segment(
            ord as SegmentOrdinal,
            searcher.segment_reader(ord as SegmentOrdinal),
        )?;
        for doc in docs {
            child.collect(doc, 0.0);
        }
        fruits.push(child.harvest());
    }
    collector.merge_fruits(fruits)
}

/// Article ids by address, from the id fast column.
struct IdColumns(Vec<Option<StrColumn>>);

impl IdColumns {
    fn new(searcher: &Searcher) -> tantivy::Result<IdColumns> {
        let cols = (searcher.segment_readers().iter())
            .map(|s| s.fast_fields().str(name::ID))
            .collect::<tantivy::Result<Vec<_>>>()?;
        Ok(IdColumns(cols))
    }

    fn id(&self, a: DocAddress) -> String {
        let mut out = String::new();
        if let Some(col) = &self.0[a.segment_ord as usize]
            && let Some(ord) = col.term_ords(a.doc_id).next()
        {
            let _ = col.ord_to_str(ord, &mut out);
        }
        out
    }
}
