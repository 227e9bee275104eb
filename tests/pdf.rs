//! PDF documents through the real binary, on fixtures made by real tools
//! (`tests/fixtures/pdf/make.sh`: groff + Ghostscript, LibreOffice, qpdf,
//! img2pdf; hostile ones by `crafted.py`): title, authors and date by the
//! SPEC's rules, the body in reading order without running heads or page
//! numbers, each hit's page, and the traps refused with the rest of the run
//! intact.

mod common;

use std::collections::BTreeMap;

use common::{Article, Env, fixtures};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(fixtures().join("pdf").join(name)).unwrap()
}

fn index_json(env: &Env) -> serde_json::Value {
    let out = env
        .run(&["index", "corpus", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn reasons(report: &serde_json::Value) -> BTreeMap<String, String> {
    (report["skipped"].as_array().unwrap().iter())
        .map(|s| {
            (
                s["path"].as_str().unwrap().into(),
                s["reason"].as_str().unwrap().into(),
            )
        })
        .collect()
}

/// The paragraphs of the edition's source, as written (`edition.ms`).
fn edition_paragraphs() -> Vec<String> {
    let source = String::from_utf8(fixture("edition.ms")).unwrap();
    source
        .split(".PP\n")
        .skip(1)
        .map(|p| p.trim().to_string())
        .collect()
}

#[test]
fn a_two_column_print_edition_reads_in_order_without_its_furniture() {
    let env = Env::empty();
    env.write("print/2024/06/24/edition.pdf", fixture("edition.pdf"));
    let report = index_json(&env);
    assert_eq!(reasons(&report), BTreeMap::new());
    assert_eq!(report["added"], 1);
    let a: Article = env.json(&["show", "print/2024/06/24/edition.pdf", "--format", "json"]);
    // groff sets `'` as `’`.
    let body = a.body.replace('’', "'");
    // `Title` is `Microsoft Word - edition3.doc`: the 18 pt headline wins.
    assert_eq!(a.title, "Harbour Dredging Plan Splits the Council");
    assert_eq!(a.authors, ["Wilder Davenport"]);
    // The path's day, not `CreationDate` (the evening before).
    assert_eq!(a.date.unwrap().to_string(), "2024-06-24");
    assert_eq!(a.date_source.unwrap().as_str(), "path");
    // Every paragraph whole (hyphenation joined, no column or page mixed
    // in), one after another as written.
    let mut at = 0;
    for p in edition_paragraphs() {
        // A compound broken at its own hyphen at a line end looks exactly
        // like a hyphenated word, and appears nowhere else in the document
        // (which would tell): joined like one (README, "What it reads").
        let p = p.replace("nineteen-nineties", "nineteennineties");
        let found = body[at..].find(&p);
        assert!(
            found.is_some(),
            "not whole and in order: {p:?}\n\nbody:\n{body}"
        );
        at += found.unwrap() + p.len();
    }
    for furniture in ["THE HARBOUR GAZETTE", "Morning Edition", "Page 2"] {
        assert!(!a.body.contains(furniture), "{furniture:?} in the body");
    }
    assert_eq!(a.page_starts.len(), 3);
}

#[test]
fn each_hit_says_its_page() {
    let env = Env::empty();
    env.write("print/2024/06/24/edition.pdf", fixture("edition.pdf"));
    env.write(
        "notes.txt",
        "Harbourmaster notes\n\nThe soundings were taken in May.\n",
    );
    index_json(&env);
    let a: Article = env.json(&["show", "print/2024/06/24/edition.pdf", "--format", "json"]);
    // Where each phrase is in the body, and so on which page it is.
    let page_of = |phrase: &str| {
        let at = a.body.find(phrase).unwrap();
        a.page_starts.iter().filter(|&&s| s <= at).count() as u32
    };
    for (query, phrase) in [
        ("\"packed chamber\"", "packed chamber"),
        ("\"soundings taken in May\"", "soundings taken in May"),
        (
            "\"statutory twenty-eight days\"",
            "statutory twenty-eight days",
        ),
    ] {
        let r = env.search(&[query]);
        let hit = r.hits.iter().find(|h| h.id == a.id).unwrap();
        assert_eq!(hit.page, Some(page_of(phrase)), "{query}");
    }
    // Pages 1 and 3 are both named somewhere: the test can tell them apart.
    assert_eq!(page_of("packed chamber"), 1);
    assert!(page_of("statutory twenty-eight days") >= 2);
    // Text output names it; a plain text article has no page.
    let out = env
        .run(&["search", "\"statutory twenty-eight days\""])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains(&format!("p. {}: ", page_of("statutory twenty-eight days"))),
        "{text}"
    );
    let notes = env.search(&["soundings"]);
    let note = notes.hits.iter().find(|h| h.id == "notes.txt").unwrap();
    assert_eq!(note.page, None);
    // CSV: the last column.
    let out = env
        .run(&["search", "\"packed chamber\"", "--format", "csv"])
        .output()
        .unwrap();
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(csv.lines().next().unwrap().ends_with(",page"), "{csv}");
    assert!(csv.lines().nth(1).unwrap().ends_with(",1"), "{csv}");
}

#[test]
fn a_libreoffice_release_keeps_its_metadata() {
    let env = Env::empty();
    env.write("releases/ferry-terminal.pdf", fixture("release.pdf"));
    index_json(&env);
    let a: Article = env.json(&["show", "releases/ferry-terminal.pdf", "--format", "json"]);
    assert_eq!(a.title, "Port Authority Confirms New Ferry Terminal");
    assert_eq!(a.authors, ["Helena Marchetti"]);
    // No date in the path: `CreationDate`, explicit.
    assert_eq!(a.date_source.unwrap().as_str(), "explicit");
    // Every paragraph of the source, whole and in order, across both
    // columns (one runs from the left column into the right); the page
    // number at the foot is not text.
    let source = String::from_utf8(fixture("release.fodt")).unwrap();
    let mut at = 0;
    for p in source.split("<text:p text:style-name=\"Body\">").skip(2) {
        let p = p.split("</text:p>").next().unwrap().replace("&#x27;", "'");
        let found = a.body[at..].find(&p);
        assert!(
            found.is_some(),
            "not whole and in order: {p:?}\n\nbody:\n{}",
            a.body
        );
        at += found.unwrap() + p.len();
    }
    assert_eq!(at, a.body.len(), "{}", a.body);
}

#[test]
fn traps_are_refused_with_their_reasons_and_the_run_goes_on() {
    let env = Env::empty();
    for name in [
        "encrypted.pdf",
        "truncated.pdf",
        "loop-form.pdf",
        "loop-pages.pdf",
        "inflate-bomb.pdf",
        "deep-tree.pdf",
        "owner-only.pdf",
    ] {
        env.write(&format!("docs/{name}"), fixture(name));
    }
    env.write(
        "docs/story.txt",
        "A story\n\nThe run goes on after the traps.\n",
    );
    let started = std::time::Instant::now();
    let report = index_json(&env);
    assert!(started.elapsed().as_secs() < 60, "{:?}", started.elapsed());
    let reasons = reasons(&report);
    let reason = |name: &str| {
        reasons
            .get(&format!("docs/{name}"))
            .cloned()
            .unwrap_or_default()
    };
    assert_eq!(reason("encrypted.pdf"), "encrypted PDF: needs a password");
    assert!(
        reason("truncated.pdf").starts_with("broken PDF: "),
        "{reasons:?}"
    );
    assert_eq!(
        reason("loop-form.pdf"),
        "PDF refused: a self-referencing form"
    );
    assert_eq!(
        reason("loop-pages.pdf"),
        "PDF refused: a self-referencing page tree"
    );
    assert_eq!(
        reason("inflate-bomb.pdf"),
        "PDF refused: a stream inflates past 128 MB"
    );
    assert_eq!(
        reason("deep-tree.pdf"),
        "PDF refused: its page tree is too deep"
    );
    // Only printing is restricted: read.
    assert_eq!(reason("owner-only.pdf"), "");
    assert_eq!(report["added"], 2, "{report}");
    assert_eq!(env.search(&["traps"]).hits.len(), 1);
}

#[test]
fn a_scan_without_ocr_is_skipped_saying_how_to_read_it() {
    let env = Env::empty();
    env.write("scans/release.pdf", fixture("scanned.pdf"));
    env.write("print/mixed.pdf", fixture("mixed.pdf"));
    let report = index_json(&env);
    let reasons = reasons(&report);
    assert_eq!(
        reasons.get("scans/release.pdf").map(String::as_str),
        Some("scanned page: OCR is off (--ocr)")
    );
    // Text pages and a scanned one: the text is read, the scan named.
    assert!(!reasons.contains_key("print/mixed.pdf"), "{reasons:?}");
    let warnings = report["warnings"].to_string();
    assert!(
        warnings.contains("1 scanned page(s) not read (4)"),
        "{warnings}"
    );
}
