//! Collecting a page of hits: the page's addresses, the exact total and
//! optionally the facets and histogram, in one pass over the matches.

use tantivy::collector::{Count, TopDocs};
use tantivy::columnar::Column;
use tantivy::query::Query;
use tantivy::{DateTime, DocAddress, DocId, Score, Searcher, SegmentReader};

use super::load::Hits;
use crate::request::{SearchError, SearchRequest, SearchResults, Sort};
use crate::schema::name;

pub(super) fn collect(
    searcher: &Searcher,
    req: &SearchRequest,
    query: &dyn Query,
    sort: Sort,
    hits: &mut Hits,
) -> Result<SearchResults, SearchError> {
    // Never ask tantivy for more slots than there are documents: a huge
    // `--limit` must not allocate a huge heap.
    let docs = searcher.num_docs() as usize;
    let want = req.limit.min(docs.saturating_sub(req.offset));
    let page = || TopDocs::with_limit(want.max(1)).and_offset(req.offset);
    // By relevance, tantivy's own top-k (which skips documents that cannot
    // make the page) does the work, and ties are put newest first within
    // the page below. Date orders need every match's date.
    let by_score = (want > 0 && sort == Sort::Relevance).then(|| page().order_by_score());
    let by_date = (want > 0 && sort != Sort::Relevance).then(|| {
        page().tweak_score(move |segment: &SegmentReader| {
            let dates: Option<Column<DateTime>> = segment.fast_fields().date(name::DATE).ok();
            move |doc: DocId, score: Score| date_key(sort, score, dates.as_ref(), doc)
        })
    });
    let facets = req.facets.then_some(crate::facets::FacetCollector);
    let histogram = req.histogram.map(crate::histogram::HistogramCollector);
    // tantivy's tuple collectors stop at four: the counters share a slot.
    let (total, by_score, by_date, (facets, counts)) =
        searcher.search(query, &(Count, by_score, by_date, (facets, histogram)))?;
    let histogram = req
        .histogram
        .zip(counts)
        .map(|(period, counts)| crate::histogram::fill(period, &counts));
    let mut page: Vec<(Score, DocAddress)> = match (by_score, by_date) {
        (Some(hits), _) => hits,
        (_, Some(hits)) => hits.into_iter().map(|(key, a)| (key.score, a)).collect(),
        _ => Vec::new(),
    };
    if sort == Sort::Relevance {
        // Stable: only equal scores move, newest first, undated last. The
        // dates come from the fast column, so no article is loaded twice.
        let date = |a: &DocAddress| -> Option<i64> {
            let segment = searcher.segment_reader(a.segment_ord);
            let column: Column<DateTime> = segment.fast_fields().date(name::DATE).ok()?;
            column.first(a.doc_id).map(|d| d.into_timestamp_secs())
        };
        page.sort_by_cached_key(|(score, a)| {
            (
                std::cmp::Reverse(OrdScore(*score)),
                std::cmp::Reverse(date(a)),
            )
        });
    }
    for (i, (score, address)) in page.into_iter().enumerate() {
        let hit = hits.load(req.offset + i + 1, score, address)?;
        hits.emit(hit)?;
    }
    Ok(SearchResults {
        total_hits: total,
        facets,
        histogram,
        ..SearchResults::empty(req)
    })
}

/// A score with a total order (NaN equal to everything is not one).
#[derive(Debug, Clone, Copy, PartialEq)]
struct OrdScore(Score);

impl Eq for OrdScore {}

impl PartialOrd for OrdScore {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for OrdScore {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

/// Date orders, compared descending: the date first (undated articles get
/// the lowest key, i.e. come last either way), the score as the tie-break.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct DateKey {
    primary: f64,
    score: f32,
}

fn date_key(sort: Sort, score: Score, dates: Option<&Column<DateTime>>, doc: DocId) -> DateKey {
    let date = dates
        .and_then(|c| c.first(doc))
        .map(|d| d.into_timestamp_secs() as f64);
    let primary = match sort {
        Sort::Oldest => date.map_or(f64::MIN, |d| -d),
        Sort::Newest | Sort::Relevance => date.unwrap_or(f64::MIN),
    };
    DateKey { primary, score }
}
