//! `search --histogram`: keys and counts per period kind, zero fill,
//! undated articles left out, filters applied. Expected counts are computed
//! from the hits' own dates (a plain search), never typed in.

mod common;

use std::collections::BTreeMap;

use atlas_search::histogram::Period;
use chrono::NaiveDate;
use common::Env;

/// The histogram a search should print, bucketed here from its hits' dates.
fn expected(env: &Env, period: Period, filters: &[&str]) -> BTreeMap<String, u64> {
    let mut args = vec!["--limit", "100000"];
    args.extend_from_slice(filters);
    let mut counts: BTreeMap<NaiveDate, u64> = BTreeMap::new();
    for hit in env.search(&args).hits {
        if let Some(date) = hit.date {
            let date: NaiveDate = date.parse().unwrap();
            *counts.entry(period.start(date)).or_insert(0) += 1;
        }
    }
    atlas_search::histogram::fill(period, &counts)
}

fn histogram(env: &Env, period: &str, filters: &[&str]) -> BTreeMap<String, u64> {
    let mut args = vec!["--limit", "0", "--histogram", period];
    args.extend_from_slice(filters);
    env.search(&args).histogram.expect("histogram key present")
}

#[test]
fn every_period_kind_counts_dated_matches_with_zeros_between() {
    let env = Env::with_samples_and_search();
    env.index();
    let all = env.search(&["--limit", "100000"]);
    let dated = all.hits.iter().filter(|h| h.date.is_some()).count() as u64;
    assert!(
        dated > 1 && (dated as usize) < all.hits.len(),
        "fixture needs dated and undated articles"
    );
    for (name, period) in [
        ("day", Period::Day),
        ("week", Period::Week),
        ("month", Period::Month),
        ("year", Period::Year),
    ] {
        let h = histogram(&env, name, &[]);
        assert_eq!(h, expected(&env, period, &[]), "{name}");
        // Undated articles are not counted.
        assert_eq!(h.values().sum::<u64>(), dated, "{name}");
    }
    // Days: the span is contiguous, so zeros appear between sparse dates.
    let days = histogram(&env, "day", &[]);
    assert!(days.values().any(|&n| n == 0), "zero-filled days expected");
    let first: NaiveDate = days.keys().next().unwrap().parse().unwrap();
    let last: NaiveDate = days.keys().last().unwrap().parse().unwrap();
    assert_eq!(days.len() as i64, (last - first).num_days() + 1);
    // Weeks are ISO keys.
    let weeks = histogram(&env, "week", &[]);
    assert!(
        weeks.keys().all(|k| k.len() == 8 && &k[4..6] == "-W"),
        "{weeks:?}"
    );
}

#[test]
fn filters_apply_and_no_dated_match_is_empty() {
    let env = Env::with_samples_and_search();
    env.index();
    let filters = ["--since", "2024-06", "--until", "2024-06"];
    let h = histogram(&env, "day", &filters);
    assert_eq!(h, expected(&env, Period::Day, &filters));
    assert!(h.keys().all(|k| k.starts_with("2024-06")), "{h:?}");
    let none = histogram(&env, "month", &["zzqxnonexistentword"]);
    assert!(none.is_empty());
    // Without the flag the key is absent.
    let out = env
        .run(&["search", "--format", "json", "--limit", "0"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains("\"histogram\""));
}

#[test]
fn text_bars_and_flat_formats_refused() {
    let env = Env::with_samples_and_search();
    env.index();
    let out = env
        .run(&["search", "--limit", "0", "--histogram", "year"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let h = histogram(&env, "year", &[]);
    let max = *h.values().max().unwrap();
    for (key, n) in &h {
        let line = text
            .lines()
            .find(|l| l.starts_with(key.as_str()))
            .expect(key);
        assert!(
            line.contains(&format!(" {n} ")) || line.ends_with(&format!(" {n}")),
            "{line}"
        );
        if *n == max {
            assert_eq!(line.matches('█').count(), 40, "{line}");
        }
    }
    for format in ["jsonl", "csv"] {
        for flag in [&["--histogram", "day"][..], &["--facets"][..]] {
            let mut args = vec!["search", "--format", format];
            args.extend_from_slice(flag);
            env.run(&args).assert().code(2);
        }
    }
}
