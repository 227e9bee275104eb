//! A real archive's shape (tests/fixtures/archive: one folder per topic,
//! first-line titles, no bylines, a README, exact duplicates, sports
//! previews with weekday lines and times of day) and its `atlas.toml`:
//! desks from folders, ignore rules, config changes, dates, prefixes.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::{Article, Env, IndexReport, Stats, walk};
use predicates::prelude::*;

fn archive() -> Env {
    Env::with_fixture("archive")
}

/// The article files of the fixture as atlas should see them: everything
/// but the config and what it ignores (`README*`).
fn article_files(env: &Env) -> Vec<(String, String)> {
    walk(&env.corpus())
        .into_iter()
        .filter(|(rel, _)| rel != "atlas.toml" && !rel.starts_with("README"))
        .map(|(rel, path)| (rel, std::fs::read_to_string(path).unwrap()))
        .collect()
}

#[test]
fn folders_are_desks_and_the_readme_is_ignored() {
    let env = archive();
    let report = env.index();
    let files = article_files(&env);
    assert_eq!(
        report.files,
        files.len() as u64,
        "README.TXT is not counted"
    );
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    assert_eq!(report.added, files.len() as u64);
    let stats: Stats = env.json(&["stats", "--format", "json"]);
    // Expected desks from the folder names: `names` maps tech, the rest
    // are capitalised as written.
    let mut want: BTreeMap<String, u64> = BTreeMap::new();
    for (rel, _) in &files {
        let folder = rel.split('/').next().unwrap();
        let desk = match folder {
            "tech" => "Technology".to_string(),
            f => f[..1].to_uppercase() + &f[1..],
        };
        *want.entry(desk).or_default() += 1;
    }
    assert_eq!(stats.desks, want);
    assert_eq!(stats.configs, vec!["atlas.toml".to_string()]);
    // Folder desks filter like any other, in any case.
    let sport = env.ids(&["--desk", "SPORT"]);
    let want_sport: BTreeSet<String> = (files.iter().map(|(r, _)| r.clone()))
        .filter(|r| r.starts_with("sport/"))
        .collect();
    assert_eq!(sport.into_iter().collect::<BTreeSet<_>>(), want_sport);
}

#[test]
fn an_articles_own_desk_wins_and_default_covers_the_root() {
    let env = archive();
    env.write(
        "sport/wire.txt",
        "Desk: Wire\n\nWire copy title\n\nA wire story filed in the sport folder.\n",
    );
    env.write(
        "loose.txt",
        "Loose article\n\nAn article directly in the config's folder.\n",
    );
    let config = std::fs::read_to_string(env.corpus().join("atlas.toml")).unwrap();
    env.write(
        "atlas.toml",
        config.replace("[desk]\n", "[desk]\ndefault = \"General\"\n"),
    );
    env.index();
    let show = |id: &str| -> Article { env.json(&["show", id, "--format", "json"]) };
    assert_eq!(show("sport/wire.txt").desk.as_deref(), Some("Wire"));
    assert_eq!(show("loose.txt").desk.as_deref(), Some("General"));
    assert_eq!(show("sport/003.txt").desk.as_deref(), Some("Sport"));
}

#[test]
fn a_changed_config_re_applies_and_counts_only_what_changed() {
    let env = archive();
    env.index();
    let config = std::fs::read_to_string(env.corpus().join("atlas.toml")).unwrap();
    env.write(
        "atlas.toml",
        config.replace("names = { tech = \"Technology\" }\n", ""),
    );
    let report = env.index();
    let tech = article_files(&env)
        .iter()
        .filter(|(r, _)| r.starts_with("tech/"))
        .count() as u64;
    assert_eq!(
        report.updated, tech,
        "only the tech desk's articles changed"
    );
    assert_eq!(report.added + report.removed, 0);
    assert_eq!(report.unchanged, article_files(&env).len() as u64 - tech);
    let article: Article = env.json(&["show", "tech/001.txt", "--format", "json"]);
    assert_eq!(article.desk.as_deref(), Some("Tech"));
    // Unchanged config: nothing is re-read or updated.
    let again = env.index();
    assert_eq!((again.updated, again.bytes), (0, 0));
}

#[test]
fn a_bad_config_is_a_usage_error_naming_file_line_and_key_and_changes_nothing() {
    let env = archive();
    let before = env.index();
    env.write(
        "atlas.toml",
        "[desk]\nfrom = \"directory\"\nnmes = { tech = \"Technology\" }\n",
    );
    env.write(
        "business/new.txt",
        "New\n\nA new article that must not be indexed yet.\n",
    );
    env.run(&["index", "corpus"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("atlas.toml, line 3"))
        .stderr(predicate::str::contains("nmes"));
    let stats: Stats = env.json(&["stats", "--format", "json"]);
    assert_eq!(stats.articles, before.articles);
    env.write("atlas.toml", "[dates]\nearliest = \"soon\"\n");
    env.run(&["index", "corpus"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("line 2"));
}

#[test]
fn ignore_globs_and_atlasignore_hide_files_without_reporting_them() {
    let env = archive();
    let config = std::fs::read_to_string(env.corpus().join("atlas.toml")).unwrap();
    env.write(
        "atlas.toml",
        config.replace(
            "paths = [\"README*\"]",
            "paths = [\"README*\", \"drafts/**\", \"*.bak\"]",
        ),
    );
    env.write("drafts/unfinished.txt", "Draft\n\nNot for the archive.\n");
    env.write("business/001.txt.bak", "Backup\n\nA backup copy.\n");
    env.write("politics/.atlasignore", "002.txt\n");
    let report = env.index();
    let ids = env.ids(&[]);
    for gone in [
        "drafts/unfinished.txt",
        "business/001.txt.bak",
        "politics/002.txt",
    ] {
        assert!(!ids.contains(&gone.to_string()), "{gone} indexed");
        assert!(
            !report.skipped.iter().any(|s| s.path == gone),
            "{gone} reported"
        );
    }
    assert!(ids.contains(&"politics/001.txt".to_string()));
    assert_eq!(report.files, article_files(&env).len() as u64 - 4);
}

#[test]
fn weekday_lines_and_times_of_day_are_not_dates() {
    let env = archive();
    env.index();
    let show = |id: &str| -> Article { env.json(&["show", id, "--format", "json"]) };
    // `Saturday, 26 February` and, two lines below, `1400 GMT`: no year.
    assert_eq!(show("sport/001.txt").date, None);
    assert_eq!(show("sport/002.txt").date, None);
    assert_eq!(
        show("sport/003.txt").date.map(|d| d.to_string()).as_deref(),
        Some("2005-02-19")
    );
    let stats: Stats = env.json(&["stats", "--format", "json"]);
    assert!(
        stats.years.keys().all(|y| y.as_str() >= "1800"),
        "{:?}",
        stats.years
    );
}

/// Folded words of a text as atlas's tokenizer sees them (the fixture is
/// ASCII, so folding is lowercasing).
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

#[test]
fn prefixes_match_words_as_written_like_a_brute_force_scan() {
    let env = archive();
    let report: IndexReport = env.index();
    assert!(report.added > 0);
    let files = article_files(&env);
    for prefix in ["savin", "heale", "immigra", "broadb", "nomin", "sav", "h"] {
        let want: BTreeSet<String> = files
            .iter()
            .filter(|(_, text)| words(text).iter().any(|w| w.starts_with(prefix)))
            .map(|(rel, _)| rel.clone())
            .collect();
        let got: BTreeSet<String> = env.ids(&[&format!("{prefix}*")]).into_iter().collect();
        assert_eq!(got, want, "{prefix}*");
    }
    // The stemmed index alone would miss these: `savings` is indexed as
    // `save`, `healed` as `heal`.
    assert!(!env.ids(&["savin*"]).is_empty());
    assert!(!env.ids(&["heale*"]).is_empty());
}

#[test]
fn a_phrase_prefix_expands_over_words_as_written() {
    let env = archive();
    env.index();
    let files = article_files(&env);
    let want: BTreeSet<String> = files
        .iter()
        .filter(|(_, text)| {
            let w = words(text);
            w.windows(2)
                .any(|p| p[0] == "were" && p[1].starts_with("heale"))
        })
        .map(|(rel, _)| rel.clone())
        .collect();
    assert!(!want.is_empty());
    let got: BTreeSet<String> = env.ids(&["\"were heale\"*"]).into_iter().collect();
    assert_eq!(got, want);
}
