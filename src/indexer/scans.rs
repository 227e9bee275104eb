//! Scans at the indexer's seam (SPEC "Scans"): OCR is IO — Tesseract and
//! pdftoppm as processes, a cache on disk — so it runs here, where files
//! are read, and the parsers stay pure: a PDF is parsed, the pages it says
//! are scans are read by OCR, and it is parsed again with their text; an
//! image's text is parsed like a text article. Files are read in parallel
//! (`load.rs`), so OCR is too, one Tesseract per reading thread.
//!
//! OCR settings are configuration: each file with scans has a record
//! (`problems.rs`) of the languages it was OCR'd in, or none; turning OCR
//! on, or changing `[ocr] languages`, makes the record stale and the file
//! is read again. A run without OCR leaves OCR'd files alone, and one that
//! must read them again (a changed config) takes their text from the cache.

use crate::config::Configs;
use crate::ocr::{self, Mode};
use crate::parse::{self, ParseOptions, Parsed, Scans, Skip, SkipReason};

use super::IndexWarning;
use super::problems::Scanned;

/// One file's bytes as what they yield, its scans read as the run's OCR
/// settings say.
pub(super) fn parse_file(
    rel: &str,
    bytes: &[u8],
    opts: &ParseOptions,
    configs: &Configs,
) -> Parsed {
    if ocr::is_image(rel) {
        return image(rel, bytes, opts, configs.ocr_mode(rel));
    }
    let parsed = parse::parse_with(rel, bytes, opts);
    if parsed.scanned_pages.is_empty() {
        return parsed;
    }
    match configs.ocr_mode(rel) {
        // As the first parse already said.
        Mode::Off(reason) if reason == Scans::off().unread => parsed,
        Mode::Off(reason) => parse::parse_scanned(rel, bytes, opts, &Scans::unread(&reason)),
        Mode::On(ocr) => {
            let scans = ocr.pdf_pages(bytes, &parsed.scanned_pages);
            parse::parse_scanned(rel, bytes, opts, &scans)
        }
    }
}

fn image(rel: &str, bytes: &[u8], opts: &ParseOptions, mode: Mode) -> Parsed {
    let unread = |reason: String| Parsed {
        skipped: vec![Skip {
            path: rel.to_string(),
            reason: SkipReason::ImageUnread(reason),
        }],
        ..Parsed::default()
    };
    match mode {
        Mode::Off(reason) => unread(reason),
        Mode::On(ocr) => match ocr.image_text(bytes) {
            // From the cache only, and not there.
            Err(reason) if !ocr.reads() => unread(reason),
            text => parse::parse_image(rel, text, opts),
        },
    }
}

/// The record of a read file with scans: the OCR languages they were read
/// in (`None`: not read). `None` for a file without scans.
pub(super) fn record(rel: &str, parsed: &Parsed, configs: &Configs) -> Option<Scanned> {
    if parsed.scanned_pages.is_empty() && !ocr::is_image(rel) {
        return None;
    }
    let ocr = match configs.ocr_mode(rel) {
        Mode::On(ocr) if ocr.reads() => Some(ocr.languages()),
        _ => None,
    };
    Some(Scanned { ocr })
}

/// Whether a file's record of scans (`record`) is stale: OCR is on for it
/// now, and it was not OCR'd, or in other languages.
pub(super) fn stale(recorded: &Scanned, rel: &str, configs: &Configs) -> bool {
    configs
        .ocr_wanted(rel)
        .is_some_and(|wanted| recorded.ocr.as_ref() != Some(&wanted))
}

/// Images OCR does not read in this run, counted rather than listed.
#[derive(Default)]
pub(super) struct SetAside {
    count: u64,
    /// The first image's path, and why.
    first: Option<(String, String)>,
}

impl SetAside {
    /// Sets `rel` aside when it is an image OCR will not read (OCR off, or
    /// Tesseract missing), and says so.
    pub(super) fn image(&mut self, rel: &str, configs: &Configs) -> bool {
        if !ocr::is_image(rel) {
            return false;
        }
        let reason = match configs.ocr_mode(rel) {
            Mode::On(ocr) if ocr.reads() => return false,
            Mode::On(_) => Scans::off().unread,
            Mode::Off(reason) => reason,
        };
        self.count += 1;
        self.first.get_or_insert((rel.to_string(), reason));
        true
    }

    pub(super) fn count(&self) -> u64 {
        self.count
    }

    /// The one warning for all of them, under the first one's path.
    pub(super) fn warning(&self) -> Option<IndexWarning> {
        let (path, reason) = self.first.clone()?;
        let hint = if reason == Scans::off().unread {
            "; `atlas index --ocr` or `[ocr] enabled = true` reads them"
        } else {
            ""
        };
        let more = match self.count {
            1 => String::new(),
            n => format!(" and {} more", n - 1),
        };
        Some(IndexWarning {
            path,
            message: format!(
                "{} image(s) set aside (this one{more}), not read: {reason}{hint}",
                self.count
            ),
        })
    }
}
