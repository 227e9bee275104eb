//! Timeline counts (`search --histogram day|week|month|year`): how many
//! matching articles fall in each period, over every match after the
//! filters, read from the date fast column so no stored document is loaded.
//! Undated articles are not counted; every period between the first and the
//! last present is listed, zeros included, so a chart needs no gap logic.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DateTime, DocId, Score, SegmentOrdinal, SegmentReader};

use crate::schema::{self, name};

/// The width of one histogram bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    Day,
    /// ISO 8601 week of the ISO week-year: 2024-12-30 is `2025-W01`.
    Week,
    Month,
    Year,
}

impl std::str::FromStr for Period {
    type Err = String;

    fn from_str(s: &str) -> Result<Period, String> {
        match s {
            "day" => Ok(Period::Day),
            "week" => Ok(Period::Week),
            "month" => Ok(Period::Month),
            "year" => Ok(Period::Year),
            _ => Err(format!(
                "`histogram` must be day, week, month or year, not `{s}`"
            )),
        }
    }
}

impl Period {
    /// The first day of the period holding `date`.
    pub fn start(self, date: NaiveDate) -> NaiveDate {
        match self {
            Period::Day => date,
            Period::Week => date - Duration::days(date.weekday().num_days_from_monday() as i64),
            Period::Month => date.with_day(1).unwrap_or(date),
            Period::Year => NaiveDate::from_ymd_opt(date.year(), 1, 1).unwrap_or(date),
        }
    }

    /// The first day of the next period (None past chrono's range).
    pub fn next(self, start: NaiveDate) -> Option<NaiveDate> {
        match self {
            Period::Day => start.succ_opt(),
            Period::Week => start.checked_add_signed(Duration::days(7)),
            Period::Month => start.checked_add_months(chrono::Months::new(1)),
            Period::Year => start.checked_add_months(chrono::Months::new(12)),
        }
    }

    /// The key printed for the period starting on `start`.
    pub fn key(self, start: NaiveDate) -> String {
        match self {
            Period::Day => start.format("%Y-%m-%d").to_string(),
            Period::Week => {
                let w = start.iso_week();
                format!("{}-W{:02}", w.year(), w.week())
            }
            Period::Month => start.format("%Y-%m").to_string(),
            Period::Year => start.format("%Y").to_string(),
        }
    }

    /// The last day of the period starting on `start`.
    pub fn last_day(self, start: NaiveDate) -> NaiveDate {
        self.next(start).and_then(|n| n.pred_opt()).unwrap_or(start)
    }
}

/// Counts per period, keyed as [`Period::key`] prints them, in date order
/// (the keys of one period kind sort like their dates).
pub type Histogram = BTreeMap<String, u64>;

/// Counts matching documents per period start; `harvest` fills the gaps.
pub struct HistogramCollector(pub Period);

pub struct SegmentHistogram {
    period: Period,
    date: Option<Column<DateTime>>,
    counts: BTreeMap<NaiveDate, u64>,
}

impl Collector for HistogramCollector {
    type Fruit = BTreeMap<NaiveDate, u64>;
    type Child = SegmentHistogram;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        Ok(SegmentHistogram {
            period: self.0,
            date: segment.fast_fields().date(name::DATE).ok(),
            counts: BTreeMap::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Self::Fruit>) -> tantivy::Result<Self::Fruit> {
        let mut all = BTreeMap::new();
        for fruit in fruits {
            for (k, v) in fruit {
                *all.entry(k).or_insert(0) += v;
            }
        }
        Ok(all)
    }
}

impl SegmentCollector for SegmentHistogram {
    type Fruit = BTreeMap<NaiveDate, u64>;

    fn collect(&mut self, doc: DocId, _: Score) {
        if let Some(date) = self
            .date
            .as_ref()
            .and_then(|c| c.first(doc))
            .and_then(schema::tantivy_to_date)
        {
            *self.counts.entry(self.period.start(date)).or_insert(0) += 1;
        }
    }

    fn harvest(self) -> Self::Fruit {
        self.counts
    }
}

/// Every period from the first to the last present, zeros included.
pub fn fill(period: Period, counts: &BTreeMap<NaiveDate, u64>) -> Histogram {
    let mut out = Histogram::new();
    let (Some((&first, _)), Some((&last, _))) = (counts.first_key_value(), counts.last_key_value())
    else {
        return out;
    };
    let mut at = Some(first);
    while let Some(start) = at.filter(|s| *s <= last) {
        out.insert(period.key(start), counts.get(&start).copied().unwrap_or(0));
        at = period.next(start);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn iso_weeks_belong_to_their_week_year() {
        assert_eq!(
            Period::Week.key(Period::Week.start(d("2024-12-30"))),
            "2025-W01"
        );
        assert_eq!(
            Period::Week.key(Period::Week.start(d("2024-06-19"))),
            "2024-W25"
        );
        assert_eq!(
            Period::Week.key(Period::Week.start(d("2021-01-03"))),
            "2020-W53"
        );
    }

    #[test]
    fn gaps_are_filled_with_zeros() {
        let counts: BTreeMap<NaiveDate, u64> = [(d("2024-01-01"), 2), (d("2024-04-01"), 1)]
            .into_iter()
            .collect();
        let h = fill(Period::Month, &counts);
        let keys: Vec<&str> = h.keys().map(String::as_str).collect();
        assert_eq!(keys, ["2024-01", "2024-02", "2024-03", "2024-04"]);
        assert_eq!(h["2024-02"], 0);
        assert_eq!(h["2024-01"], 2);
        assert!(fill(Period::Day, &BTreeMap::new()).is_empty());
    }
}
