//! TEMP stub until the parser work lands.
use chrono::NaiveDate;
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartialDate { Day(NaiveDate), Month { year: i32, month: u32 }, Year(i32) }
impl PartialDate {
    pub fn first_day(&self) -> NaiveDate { match *self { PartialDate::Day(d) => d, PartialDate::Month{year,month} => NaiveDate::from_ymd_opt(year, month, 1).unwrap(), PartialDate::Year(y) => NaiveDate::from_ymd_opt(y,1,1).unwrap() } }
    pub fn last_day(&self) -> NaiveDate { match *self { PartialDate::Day(d) => d, PartialDate::Month{year,month} => NaiveDate::from_ymd_opt(year, month, 1).unwrap().checked_add_months(chrono::Months::new(1)).unwrap().pred_opt().unwrap(), PartialDate::Year(y) => NaiveDate::from_ymd_opt(y,12,31).unwrap() } }
}
pub fn parse_date(s: &str) -> Option<PartialDate> {
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") { return Some(PartialDate::Day(d)); }
    if s.len()==7 { let y=s[..4].parse().ok()?; let m=s[5..].parse().ok()?; if (1..=12).contains(&m) {return Some(PartialDate::Month{year:y,month:m});} }
    if s.len()==4 { return s.parse().ok().map(PartialDate::Year); }
    None
}
