//! Scans through the real binary (SPEC "Scans"): a scanned PDF, a PDF
//! with text pages and a scanned page, and an image, made by real tools
//! (`tests/fixtures/pdf/make.sh`: LibreOffice, pdftoppm, ImageMagick,
//! img2pdf). With OCR on, Tesseract's text is found and the articles say
//! `"ocr": true`; off, or without Tesseract, scans are skipped with a reason
//! that says how to read them and images are set aside in one counted
//! warning. OCR settings are configuration, and its cache outlives
//! `--rebuild`.
//!
//! The tests that run Tesseract need `tesseract-ocr` and `poppler-utils`;
//! where they are missing they are skipped with a notice, except where
//! `ATLAS_REQUIRE_OCR` is set (CI installs them): there, a failure.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{Env, fixtures};
use serde_json::Value;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(fixtures().join("pdf").join(name)).unwrap()
}

/// Whether Tesseract and pdftoppm are here; a notice when not, and a
/// failure where `ATLAS_REQUIRE_OCR` says they must be.
fn ocr_here() -> bool {
    let on_path = |tool: &str| {
        std::env::var_os("PATH")
            .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(tool).is_file()))
    };
    let missing: Vec<&str> = ["tesseract", "pdftoppm"]
        .into_iter()
        .filter(|t| !on_path(t))
        .collect();
    if missing.is_empty() {
        return true;
    }
    let reason = format!("OCR test skipped: {} not on PATH", missing.join(", "));
    assert!(std::env::var_os("ATLAS_REQUIRE_OCR").is_none(), "{reason}");
    eprintln!("{reason}");
    false
}

/// The scans of every test: the release as a scan (PDF and PNG), and the
/// print edition with the scan as its page 4, beside a text article.
fn scans_env() -> Env {
    let env = Env::empty();
    env.write("scans/release.pdf", fixture("scanned.pdf"));
    env.write("scans/clip.png", fixture("scan.png"));
    env.write("print/mixed.pdf", fixture("mixed.pdf"));
    env.write("notes.txt", "Harbour notes\n\nNothing about boats today.\n");
    env
}

fn index(env: &Env, extra: &[&str], path: Option<&Path>) -> Value {
    let mut args = vec!["index", "corpus", "--format", "json"];
    args.extend_from_slice(extra);
    let mut cmd = env.run(&args);
    if let Some(path) = path {
        cmd.env("PATH", path);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn reasons(report: &Value) -> BTreeMap<String, String> {
    (report["skipped"].as_array().unwrap().iter())
        .map(|s| {
            let field = |k: &str| s[k].as_str().unwrap().to_string();
            (field("path"), field("reason"))
        })
        .collect()
}

fn warnings(report: &Value) -> Vec<String> {
    (report["warnings"].as_array().unwrap().iter())
        .map(|w| {
            format!(
                "{}: {}",
                w["path"].as_str().unwrap(),
                w["message"].as_str().unwrap()
            )
        })
        .collect()
}

/// (id, ocr, page) of each hit of `words`, by id.
fn hits(env: &Env, words: &[&str]) -> BTreeMap<String, (bool, Option<u64>)> {
    let mut args = vec!["search", "--format", "json"];
    args.extend_from_slice(words);
    let out: Value = env.json(&args);
    (out["hits"].as_array().unwrap().iter())
        .map(|h| {
            let ocr = h["ocr"].as_bool().unwrap_or(false);
            (
                h["id"].as_str().unwrap().to_string(),
                (ocr, h["page"].as_u64()),
            )
        })
        .collect()
}

#[test]
fn without_ocr_scans_are_skipped_and_images_set_aside_in_one_warning() {
    let env = scans_env();
    env.write("scans/more/a.jpg", fixture("scan.png"));
    env.write("scans/more/b.TIFF", fixture("scan.png"));
    let report = index(&env, &[], None);
    let reasons = reasons(&report);
    assert_eq!(
        reasons,
        BTreeMap::from([(
            "scans/release.pdf".to_string(),
            "scanned page: OCR is off (--ocr)".to_string()
        )])
    );
    assert_eq!(report["files_set_aside"], 3, "{report}");
    let warnings = warnings(&report);
    let images: Vec<&String> = warnings.iter().filter(|w| w.contains("image(s)")).collect();
    assert_eq!(images.len(), 1, "{warnings:?}");
    assert!(
        images[0].contains("3 image(s) set aside") && images[0].contains("--ocr"),
        "{images:?}"
    );
    assert!(
        warnings.iter().any(|w| w
            .starts_with("print/mixed.pdf: 1 scanned page(s) not read (4): OCR is off (--ocr)")),
        "{warnings:?}"
    );
    // The text pages of the mixed PDF are read.
    assert_eq!(hits(&env, &["dredging"]).len(), 1);
    assert!(hits(&env, &["ferry"]).is_empty());
}

#[test]
fn ocr_without_tesseract_says_what_it_needs() {
    let env = scans_env();
    // A PATH without Tesseract (or anything else).
    let empty = tempfile::tempdir().unwrap();
    let report = index(&env, &["--ocr"], Some(empty.path()));
    let reasons = reasons(&report);
    assert_eq!(
        reasons.get("scans/release.pdf").map(String::as_str),
        Some("scanned page: OCR needs tesseract-ocr (not found on PATH)"),
        "{reasons:?}"
    );
    assert_eq!(report["files_set_aside"], 1, "{report}");
    let warnings = warnings(&report);
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("1 image(s) set aside") && w.contains("OCR needs tesseract-ocr")),
        "{warnings:?}"
    );
}

#[test]
fn ocr_reads_scans_and_images_and_keeps_them() {
    if !ocr_here() {
        return;
    }
    let env = scans_env();
    // Off first: turning OCR on re-reads what it affects.
    let off = index(&env, &[], None);
    assert_eq!(off["added"], 2, "{off}");
    let on = index(&env, &["--ocr"], None);
    assert!(reasons(&on).is_empty(), "{on}");
    assert_eq!(
        (on["added"].as_u64(), on["updated"].as_u64()),
        (Some(2), Some(1)),
        "{on}"
    );
    assert_eq!(on["files_set_aside"], 0);
    // Tesseract's words are found: in the image, the scanned PDF (page 1)
    // and the mixed PDF's scanned page 4, each marked as OCR'd.
    let ferry = hits(&env, &["\"new ferry terminal\""]);
    let want = BTreeMap::from([
        ("scans/clip.png".to_string(), (true, None)),
        ("scans/release.pdf".to_string(), (true, Some(1))),
        ("print/mixed.pdf".to_string(), (true, Some(4))),
    ]);
    assert_eq!(ferry, want);
    // The mixed PDF keeps its text pages.
    assert_eq!(
        hits(&env, &["dredging"]).keys().collect::<Vec<_>>(),
        ["print/mixed.pdf"]
    );
    let shown: Value = env.json(&["show", "scans/release.pdf", "--format", "json"]);
    assert_eq!(shown["ocr"], true);
    assert!(
        shown["body"]
            .as_str()
            .unwrap()
            .contains("Port Authority today announced")
    );
    let text: Value = env.json(&["show", "notes.txt", "--format", "json"]);
    assert!(text.get("ocr").is_none(), "{text}");

    // A run without OCR keeps the OCR'd articles, and so does one that
    // re-reads them for a changed config (their text from the cache).
    let again = index(&env, &[], None);
    assert_eq!(
        (again["unchanged"].as_u64(), again["updated"].as_u64()),
        (Some(4), Some(0))
    );
    env.write("atlas.toml", "[desk]\ndefault = \"Port\"\n");
    let config = index(&env, &[], None);
    assert_eq!(config["updated"], 4, "{config}");
    assert_eq!(hits(&env, &["\"new ferry terminal\""]), want);

    // The cache outlives --rebuild: a cached page is not read again (its
    // entry, changed here, is what the rebuilt index holds).
    let cache = env.index_dir().join("ocr-cache");
    let entries: Vec<_> = std::fs::read_dir(&cache)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(entries.len(), 3, "{entries:?}");
    for entry in &entries {
        let text = std::fs::read_to_string(entry).unwrap();
        std::fs::write(entry, text.replace("Terminal", "Zeppelinfield")).unwrap();
    }
    let rebuilt = index(&env, &["--rebuild", "--ocr"], None);
    assert_eq!(rebuilt["articles"], 4, "{rebuilt}");
    assert_eq!(hits(&env, &["zeppelinfield"]).len(), 3);
    assert_eq!(std::fs::read_dir(&cache).unwrap().count(), 3);
}

#[test]
fn ocr_languages_are_configuration() {
    if !ocr_here() {
        return;
    }
    let env = Env::empty();
    env.write("atlas.toml", "[ocr]\nenabled = true\n");
    env.write("scans/release.pdf", fixture("scanned.pdf"));
    env.write("notes.txt", "Harbour notes\n\nNothing about boats today.\n");
    let first = index(&env, &[], None);
    assert_eq!(first["added"], 2, "{first}");
    assert_eq!(hits(&env, &["ferry"]).len(), 1);
    // Other languages re-read the scans (and only them): a pack that is
    // not installed says so, for the page it could not read.
    env.write(
        "atlas.toml",
        "[ocr]\nenabled = true\nlanguages = [\"zzz\"]\n",
    );
    let changed = index(&env, &[], None);
    let reasons = reasons(&changed);
    let reason = reasons
        .get("scans/release.pdf")
        .cloned()
        .unwrap_or_default();
    assert!(
        reason.starts_with("scanned page: ") && reason.contains("zzz"),
        "{changed}"
    );
    assert_eq!(changed["unchanged"], 1, "{changed}");
    // A language that cannot be one is a config error.
    env.write("atlas.toml", "[ocr]\nlanguages = [\"-c x\"]\n");
    let out = env.run(&["index", "corpus"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("atlas.toml, line 2") && stderr.contains("not a Tesseract language"),
        "{stderr}"
    );
}

#[test]
fn a_scan_attached_to_a_mail_says_how_to_read_it() {
    // Whether OCR is on or off: OCR reads files, not what a mail holds.
    let env = Env::empty();
    env.write("mail/release.eml", fixture("scan-attached.eml"));
    let empty = tempfile::tempdir().unwrap();
    for flags in [&[][..], &["--ocr"][..]] {
        let report = index(&env, flags, Some(empty.path()));
        let reasons = reasons(&report);
        assert_eq!(
            reasons
                .get("mail/release.eml/release.pdf")
                .map(String::as_str),
            Some(
                "scanned page: OCR does not read mail attachments (save it as a file for `atlas index --ocr`)"
            ),
            "{report}"
        );
    }
    assert_eq!(hits(&env, &["attached"]).len(), 1);
}
