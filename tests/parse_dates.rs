//! Parser tests for dates: the forms `parse_date` reads, the periods
//! partial dates span, the order in which an article's date is resolved
//! (header, path, dateline, text), and properties that no input panics.

mod common;

use atlas_search::article::DateSource;
use atlas_search::parse::date::{PartialDate, parse_date};
use atlas_search::parse::parse;
use common::parse::date;
use proptest::prelude::*;

// ---------------------------------------------------------------- dates

#[test]
fn date_forms() {
    let day = |s: &str| Some(PartialDate::Day(date(s)));
    let cases: &[(&str, Option<PartialDate>)] = &[
        ("2024-06-24", day("2024-06-24")),
        ("2024-06-24T23:30:00-05:00", day("2024-06-24")),
        ("2024-06-24T07:30:00Z", day("2024-06-24")),
        ("2024-06-24T07:30:00.123+05:30", day("2024-06-24")),
        ("2024-06-24 10:00:00", day("2024-06-24")),
        ("2024/06/24", day("2024-06-24")),
        ("20240624", day("2024-06-24")),
        ("Mon, 24 Jun 2024 10:00:00 +0000", day("2024-06-24")),
        ("Mon, 09 Sep 2024 12:00:00 GMT", day("2024-09-09")),
        ("June 24, 2024", day("2024-06-24")),
        ("June 24 2024", day("2024-06-24")),
        ("24 June 2024", day("2024-06-24")),
        ("24th June, 2024", day("2024-06-24")),
        ("4th of July 2024", day("2024-07-04")),
        ("June 22nd 2024", day("2024-06-22")),
        ("Jun 1st, 2024", day("2024-06-01")),
        ("Sept. 3, 2024", day("2024-09-03")),
        ("march 3, 2025", day("2025-03-03")),
        ("  June\u{a0}24,  2024. ", day("2024-06-24")),
        ("Monday, June 24, 2024", day("2024-06-24")),
        ("June 24, 2024 at 3:30 p.m. EST", day("2024-06-24")),
        ("February 29, 2024", day("2024-02-29")),
        (
            "2024-06",
            Some(PartialDate::Month {
                year: 2024,
                month: 6,
            }),
        ),
        (
            "June 2024",
            Some(PartialDate::Month {
                year: 2024,
                month: 6,
            }),
        ),
        ("2024", Some(PartialDate::Year(2024))),
        // Invalid or ambiguous.
        ("2024-13-45", None),
        ("2024-02-30", None),
        ("February 30, 2024", None),
        ("2023-02-29", None),
        ("2024-13", None),
        ("2024-06-24T25:00:00Z", None),
        ("06/07/2024", None),
        ("24/06/2024", None),
        ("Junetember 4, 2024", None),
        ("someday", None),
        ("", None),
        ("24", None),
        ("202406", None),
    ];
    for (s, want) in cases {
        assert_eq!(parse_date(s), *want, "{s:?}");
    }
}

#[test]
fn partial_dates_span_their_period() {
    let june = parse_date("2024-06").unwrap();
    assert_eq!(
        (june.first_day(), june.last_day()),
        (date("2024-06-01"), date("2024-06-30"))
    );
    let year = parse_date("2024").unwrap();
    assert_eq!(
        (year.first_day(), year.last_day()),
        (date("2024-01-01"), date("2024-12-31"))
    );
    let feb = parse_date("2023-02").unwrap();
    assert_eq!(feb.last_day(), date("2023-02-28"));
}

#[test]
fn date_resolution_order() {
    use DateSource::*;
    const BODY: &str = "Title\n\nIt happened on 3 March 2024 and again on March 9, 2024.\n";
    /// (path, text, date, source, warnings)
    type Case = (
        &'static str,
        &'static str,
        Option<&'static str>,
        Option<DateSource>,
        usize,
    );
    let cases: &[Case] = &[
        (
            "a.txt",
            "Date: 2024-06-24\n\nTitle\n\nBody on 3 March 2025.",
            Some("2024-06-24"),
            Some(Explicit),
            0,
        ),
        (
            "a.txt",
            "Date: 2024-06\n\nTitle\n\nBody.",
            Some("2024-06-01"),
            Some(Explicit),
            0,
        ),
        (
            "a.txt",
            "Date: 2024\n\nTitle\n\nBody.",
            Some("2024-01-01"),
            Some(Explicit),
            0,
        ),
        (
            "a.txt",
            "Date: 2024-06-24T23:30:00-05:00\n\nTitle\n\nBody.",
            Some("2024-06-24"),
            Some(Explicit),
            0,
        ),
        (
            "2023-01-02/2024-06-24-slug.txt",
            BODY,
            Some("2024-06-24"),
            Some(Path),
            0,
        ),
        (
            "news/2024/06/24/slug.txt",
            BODY,
            Some("2024-06-24"),
            Some(Path),
            0,
        ),
        (
            "news/20240624-slug.txt",
            BODY,
            Some("2024-06-24"),
            Some(Path),
            0,
        ),
        (
            "news/20240624/slug.txt",
            BODY,
            Some("2024-06-24"),
            Some(Path),
            0,
        ),
        (
            "news/2024/02/30/slug.txt",
            BODY,
            Some("2024-03-09"),
            Some(Text),
            0,
        ),
        (
            "a.txt",
            "Title\n\nJune 24, 2024\n\nBody from July 1, 2025.",
            Some("2024-06-24"),
            Some(Dateline),
            0,
        ),
        (
            "a.txt",
            "Title\n\n2024-06-24 —\nBody.",
            Some("2024-06-24"),
            Some(Dateline),
            0,
        ),
        ("a.txt", BODY, Some("2024-03-09"), Some(Text), 0),
        (
            "a.txt",
            "Title\n\nIn June 2024, and in 2023, on 06/07/2024.",
            None,
            None,
            0,
        ),
        (
            "a.txt",
            "A June 1, 2024 Title\n\nNo dates here.",
            None,
            None,
            0,
        ),
        (
            "a.txt",
            "T\n\nJo Ann\nJo Ann\nJo wrote this on May 5, 2024 for the Europe Desk.\n\nBody.",
            None,
            None,
            0,
        ),
        (
            "2024/06/24/a.txt",
            "Date: someday\n\nTitle\n\nBody.",
            Some("2024-06-24"),
            Some(Path),
            1,
        ),
        (
            "a.txt",
            "Date: 2024-02-30\n\nTitle\n\nBody on 3 March 2024.",
            Some("2024-03-03"),
            Some(Text),
            1,
        ),
        ("a.txt", "Date: soon\n\nTitle\n\nBody.", None, None, 1),
        (
            "a.json",
            r#"{"date": 2024, "body": "b"}"#,
            Some("2024-01-01"),
            Some(Explicit),
            0,
        ),
        (
            "a.json",
            r#"{"published": [1], "body": "b on 1 May 2024"}"#,
            Some("2024-05-01"),
            Some(Text),
            1,
        ),
    ];
    for (path, text, want_date, want_source, warnings) in cases {
        let parsed = parse(path, text.as_bytes());
        let a = &parsed.articles[0].article;
        assert_eq!(a.date, want_date.map(date), "{path}: {text:?}");
        assert_eq!(a.date_source, *want_source, "{path}: {text:?}");
        assert_eq!(
            parsed.warnings.len(),
            *warnings,
            "{path}: {text:?} {:?}",
            parsed.warnings
        );
        if let Some(w) = parsed.warnings.first() {
            assert_eq!(w.path, *path);
            assert!(w.message.contains("unparseable date"), "{}", w.message);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn parse_date_never_panics(s in any::<String>()) {
        if let Some(d) = parse_date(&s) {
            prop_assert!(d.first_day() <= d.last_day());
        }
    }

    #[test]
    fn parse_date_never_panics_on_dateish(s in "[0-9A-Za-z ,./:+\\-]{0,40}") {
        let _ = parse_date(&s);
    }
}
