//! Word, LibreOffice and RTF documents (SPEC "Word and LibreOffice"), on
//! files LibreOffice wrote (`tests/fixtures/documents/office/`, from the
//! `.fodt` sources beside them): title, authors, date, the body in order
//! with tables as rows and footnotes at the end, tracked deletions and
//! comments left out; legacy `.doc` and every bomb or corrupt file skipped
//! with its reason while the rest of the run goes on.

mod common;

use std::io::Write;

use atlas_search::article::{Article, DateSource};
use atlas_search::parse::{Parsed, parse};
use common::{Env, fixtures};

fn office(name: &str) -> Vec<u8> {
    std::fs::read(fixtures().join("documents/office").join(name)).expect("fixture")
}

fn one(name: &str) -> Article {
    let parsed = parse(name, &office(name));
    assert!(parsed.skipped.is_empty(), "{name}: {:?}", parsed.skipped);
    assert_eq!(parsed.articles.len(), 1, "{name}");
    parsed.articles.into_iter().next().unwrap().article
}

/// What the report says, in order, in every format LibreOffice wrote.
#[test]
fn the_report_in_each_format() {
    for name in ["report.docx", "report.odt", "report.rtf"] {
        let a = one(name);
        assert_eq!(a.title, "Harbour Flood Defences Review", "{name}");
        assert_eq!(a.authors, ["Maria Keller"], "{name}");
        assert_eq!(
            a.date.map(|d| d.to_string()).as_deref(),
            Some("2024-03-14"),
            "{name}"
        );
        assert_eq!(a.date_source, Some(DateSource::Explicit), "{name}");
        let order = [
            "Findings",
            "The sea wall at Pier 4 failed its inspection after the winter storms. Engineers recommend raising it by forty centimetres.",
            "Item | Cost",
            "Sea wall | 2.4 million euros",
            "The council will vote on the plan in April.",
            "Inspection report 2024-17, annex B.",
        ];
        let mut at = 0;
        for part in order {
            let found = a.body[at..].find(part);
            assert!(found.is_some(), "{name}: {part:?} in order in {:?}", a.body);
            at += found.unwrap() + part.len();
        }
        // The footnote is at the end, the title not repeated in the body.
        assert!(
            a.body.ends_with("Inspection report 2024-17, annex B."),
            "{name}: {:?}",
            a.body
        );
        assert!(!a.body.contains("Harbour Flood Defences Review"), "{name}");
        // A tracked deletion and a comment are not text.
        assert!(!a.body.contains("obsolete wording"), "{name}");
        assert!(!a.body.contains("Check this figure"), "{name}");
        assert!(!a.body.contains("Tom Reyes"), "{name}");
    }
}

/// No title in the properties: the first Heading 1 (docx, odt) or the
/// first line (rtf); a login as creator is no author.
#[test]
fn titles_without_properties() {
    for name in ["no-title.docx", "no-title.odt"] {
        let a = one(name);
        assert_eq!(a.title, "Ferry Timetable Cuts Anger Islanders", "{name}");
        assert!(a.authors.is_empty(), "{name}: {:?}", a.authors);
        assert_eq!(
            a.date.map(|d| d.to_string()).as_deref(),
            Some("2023-11-02"),
            "{name}"
        );
        assert!(
            a.body.starts_with("Draft for the weekend edition"),
            "{name}"
        );
    }
    let rtf = one("no-title.rtf");
    assert!(rtf.authors.is_empty());
    assert!(rtf.body.contains("Residents of the outer islands"));
}

/// A zip whose `word/document.xml` inflates to 80 MB from a few kB.
fn zip_bomb() -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    zip.start_file("word/document.xml", opts).unwrap();
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..80 {
        zip.write_all(&chunk).unwrap();
    }
    zip.finish().unwrap();
    out.into_inner()
}

/// An "ODT" of 20,000 entries.
fn entry_bomb() -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..20_000 {
        zip.start_file(format!("f{i}"), opts).unwrap();
    }
    zip.finish().unwrap();
    out.into_inner()
}

fn reason(parsed: &Parsed) -> String {
    assert!(parsed.articles.is_empty());
    assert_eq!(parsed.skipped.len(), 1, "{:?}", parsed.skipped);
    parsed.skipped[0].reason.to_string()
}

#[test]
fn bombs_and_corrupt_files_are_refused() {
    let bomb = zip_bomb();
    assert!(bomb.len() < 1 << 20, "the bomb is small: {}", bomb.len());
    let why = reason(&parse("bomb.docx", &bomb));
    assert!(why.contains("inflates past"), "{why}");
    let why = reason(&parse("entries.odt", &entry_bomb()));
    assert!(why.contains("20000 zip entries"), "{why}");
    let docx = office("report.docx");
    let why = reason(&parse("cut.docx", &docx[..docx.len() / 2]));
    assert!(why.starts_with("not a readable Word document"), "{why}");
    let why = reason(&parse("noise.odt", b"PK\x03\x04 not really a zip"));
    assert!(why.starts_with("not a readable OpenDocument text"), "{why}");
    let why = reason(&parse("fake.rtf", b"Just text with an rtf name.\n"));
    assert!(why.starts_with("not an RTF document"), "{why}");
    let deep = format!("{{\\rtf1 {}", "{".repeat(100_000));
    let why = reason(&parse("deep.rtf", deep.as_bytes()));
    assert!(why.contains("nested deeper"), "{why}");
    // Legacy Word: binary (an OLE container), named with a hint.
    let ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0\0\0\0\0\0\0\0\0\0\0\0";
    let why = reason(&parse("old/memo.doc", ole));
    assert_eq!(
        why,
        "legacy Word document (.doc) is not read: save it as .docx"
    );
}

/// Through the real binary: the documents indexed and searchable, every
/// trap listed with its reason, the counts reconciled.
#[test]
fn a_corpus_of_documents_and_traps() {
    let env = Env::empty();
    env.copy_fixture("documents/office", "docs");
    env.write("docs/bomb.docx", zip_bomb());
    env.write("docs/entries.odt", entry_bomb());
    env.write("docs/fake.rtf", "Just text with an rtf name.\n");
    env.write("docs/memo.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0\0\0\0");
    env.write(
        "story.txt",
        "Harbour story\n\nThe harbour reopened on Monday.\n",
    );
    let report = env.index();
    let skipped: Vec<&str> = report.skipped.iter().map(|s| s.path.as_str()).collect();
    for trap in [
        "docs/bomb.docx",
        "docs/entries.odt",
        "docs/fake.rtf",
        "docs/memo.doc",
    ] {
        assert!(skipped.contains(&trap), "{trap} in {skipped:?}");
    }
    // 6 documents and the story; the .fodt sources are not read.
    assert_eq!(report.files_indexed, 7, "{report:?}");
    assert_eq!(
        report.files,
        report.files_indexed + report.files_skipped + report.files_set_aside
    );
    let mut ids = env.ids(&["\"sea wall\""]);
    ids.sort();
    assert_eq!(
        ids,
        ["docs/report.docx", "docs/report.odt", "docs/report.rtf"]
    );
    let show: Article = env.json(&["show", "docs/report.odt", "--format", "json"]);
    assert_eq!(show.title, "Harbour Flood Defences Review");
}
