//! Parser tests for Markdown: the sample stripped to text, TOML front
//! matter, the title from the first heading.

mod common;

use std::fs;

use atlas_search::article::DateSource;
use atlas_search::parse::parse;
use common::fixtures;
use common::parse::{date, fixture, one};

#[test]
fn markdown_sample_is_stripped() {
    let rel = "markdown/argentina-peso-band.md";
    let bytes = fs::read(fixtures().join("samples").join(rel)).unwrap();
    let a = &parse(rel, &bytes).articles[0].article;
    assert_eq!(a.tags, ["argentina", "currency", "inflation"]);
    assert!(!a.body.contains('#') && !a.body.contains("**") && !a.body.contains("*blue*"));
    assert!(
        a.body.starts_with("Argentina’s government"),
        "the H1 repeating the title is dropped"
    );
    assert!(a.body.contains("The Central Bank announced"));
    assert!(a.body.contains("\n\nWhy the controls existed\n\n"));
    assert!(
        a.body.contains(
            "Government spending cut by roughly a third in real terms\nMonthly inflation"
        )
    );
}

#[test]
fn markdown_with_toml_front_matter() {
    let a = &fixture("toml-front-matter.md").articles[0].article;
    assert_eq!(a.title, "Peru’s Copper Belt Votes");
    assert_eq!(a.authors, ["Lucía Quispe"]);
    assert_eq!(
        (a.date, a.date_source),
        (Some(date("2024-06-24")), Some(DateSource::Explicit))
    );
    assert_eq!(
        a.body,
        "Voters in Apurímac went to the polls; see the results.\n\nTurnout was high\nCounting was slow"
    );
}

#[test]
fn markdown_title_from_first_heading() {
    let a = one(
        "notes/piece.md",
        "# Heading *Title*\n\nSome `code` and [a link](http://x.test).",
    );
    assert_eq!(a.title, "Heading Title");
    assert_eq!(a.body, "Some code and a link.");
    let a = one("notes/piece.markdown", "## Only a subheading\n\nText.");
    assert_eq!(
        a.title, "piece",
        "no front matter title and no H1: the file stem"
    );
}
