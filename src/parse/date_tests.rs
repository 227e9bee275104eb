//! Unit tests of `date`.
use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn partial_date_bounds() {
    let cases = [
        (
            PartialDate::Month {
                year: 2024,
                month: 2,
            },
            d(2024, 2, 1),
            d(2024, 2, 29),
        ),
        (
            PartialDate::Month {
                year: 2024,
                month: 12,
            },
            d(2024, 12, 1),
            d(2024, 12, 31),
        ),
        (PartialDate::Year(2024), d(2024, 1, 1), d(2024, 12, 31)),
        (
            PartialDate::Day(d(2024, 6, 24)),
            d(2024, 6, 24),
            d(2024, 6, 24),
        ),
    ];
    for (p, first, last) in cases {
        assert_eq!(p.first_day(), first, "{p:?}");
        assert_eq!(p.last_day(), last, "{p:?}");
    }
    // Hand-built out-of-range values clamp instead of panicking.
    let _ = PartialDate::Month {
        year: i32::MAX,
        month: 99,
    }
    .last_day();
    let _ = PartialDate::Year(i32::MIN).first_day();
}

#[test]
fn path_dates() {
    let cases = [
        ("a/2024-06-24-slug.txt", Some(d(2024, 6, 24))),
        ("2024/06/24/slug.txt", Some(d(2024, 6, 24))),
        ("news/20240624-slug.txt", Some(d(2024, 6, 24))),
        ("news/20240624/slug.txt", Some(d(2024, 6, 24))),
        ("2024/02/30/slug.txt", None),
        ("2024-0624-slug.txt", None),
        ("2024/06/slug.txt", None),
        ("slug-2024.txt", None),
        ("x/123456789-slug.txt", None),
        ("2023/01/01/2024-06-24-slug.txt", Some(d(2024, 6, 24))),
    ];
    for (path, want) in cases {
        assert_eq!(path_date(path), want, "{path}");
    }
}

#[test]
fn text_dates() {
    let cases = [
        ("on June 22nd 2024 (Photo by PMO)", Some(d(2024, 6, 22))),
        ("on 17 April 2024 and on May 1, 2023", Some(d(2024, 4, 17))),
        ("in 2021 and in June 2024", None),
        ("on 06/07/2024", None),
        ("the 4th of July, 2025 and 2024-12-31", Some(d(2025, 7, 4))),
        ("you may 5 2024", None),
        ("February 30, 2024", None),
        // A date is written on one line, and a time of day is no year.
        ("Saturday, 26 February\n\n1400 GMT", None),
        ("Saturday, 26 February\n1400 GMT kick-off", None),
        ("Sunday 27 February 1400 GMT", None),
        ("June 5\n2024 was a good year", None),
        ("kick-off 12 March 0930 BST, replay 13 March 1700 hrs", None),
        ("signed on 5 May 1789", None),
        ("signed on 5 May 1850", Some(d(1850, 5, 5))),
        ("to be completed by March 3, 2031", None),
        ("on 26 February 2005, 1400 GMT", Some(d(2005, 2, 26))),
    ];
    for (text, want) in cases {
        assert_eq!(latest_text_date(text, &opts()), want, "{text}");
    }
    let strict = ParseOptions {
        earliest_year: 1900,
        ..opts()
    };
    assert_eq!(latest_text_date("signed on 5 May 1850", &strict), None);
}

#[test]
fn dateline_dates() {
    let cases = [
        ("June 24, 2024\n\nBody.", Some(d(2024, 6, 24))),
        ("Monday, 24 June 2024 —\nBody.", Some(d(2024, 6, 24))),
        ("1400 GMT\nBody.", None),
        ("June 24, 2099\nBody.", None),
        ("1 January 1650\nBody.", None),
        ("Saturday, 26 February\nBody.", None),
    ];
    for (text, want) in cases {
        assert_eq!(dateline_date(text, &opts()), want, "{text:?}");
    }
}

/// Dates as of a fixed day of indexing, so the tests do not age.
fn opts() -> ParseOptions {
    ParseOptions {
        earliest_year: crate::parse::DEFAULT_EARLIEST_YEAR,
        today: d(2026, 12, 1),
        ..ParseOptions::default()
    }
}

#[test]
fn iso_basic() {
    let cases = [
        ("20240624T103000Z", Some(d(2024, 6, 24))),
        ("20240624T103000+0100", Some(d(2024, 6, 24))),
        ("20240624T233000-0500", Some(d(2024, 6, 24))),
        ("20240624t1030", Some(d(2024, 6, 24))),
        ("20240624T103000.5Z", Some(d(2024, 6, 24))),
        ("20240624", Some(d(2024, 6, 24))),
        ("20240230T103000Z", None),
        ("20240624T253000Z", None),
        ("20240624T10", None),
    ];
    for (s, want) in cases {
        assert_eq!(parse_date(s).map(|p| p.first_day()), want, "{s}");
    }
}

#[test]
fn plain_iso_days_agree_with_the_iso_regex() {
    // Every YYYY-MM-DD shape, valid or not, across month and day bounds.
    let mut checked = 0;
    for year in ["0000", "1899", "2023", "2024", "9999"] {
        for month in 0..=13 {
            for day in 0..=32 {
                let s = format!("{year}-{month:02}-{day:02}");
                let fast = plain_iso_day(&s).expect("has the plain shape");
                let slow = ISO.captures(&s).and_then(|c| day_from(&c, 1, 2, 3));
                assert_eq!(fast, slow, "{s}");
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 5 * 14 * 33);
    for other in [
        "2024-6-22",
        "2024-06-22T10:00",
        "２０２４-06-22",
        "2024/06/22",
        "",
    ] {
        assert_eq!(plain_iso_day(other), None, "{other}");
    }
}
