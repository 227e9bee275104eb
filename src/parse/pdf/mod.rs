//! PDF documents (SPEC "Documents"): one article per file, its text layer
//! in reading order, paragraphs kept, running headers and page numbers
//! dropped, and where each page starts (each hit's page).
//!
//! - `extract`: bytes → pages of glyph rows and the document information,
//!   behind the guards (encryption, bombs, loops, a time budget);
//! - `layout`: a page's glyphs → rows → columns → paragraphs;
//! - `pages`: pages → one body (furniture dropped, page starts);
//! - `meta`: which `Title`, `Author` and `CreationDate` to believe.

mod extract;
mod guards;
pub(crate) mod layout;
mod lines;
mod meta;
pub(crate) mod pages;

use std::collections::BTreeMap;

use super::document::{self, Scans};
use super::header::Meta;
use super::{Draft, SkipReason, Warning, date};
use crate::article::DateSource;

/// Why a PDF's scanned pages were not read when OCR is off: the reason a
/// PDF of nothing but scans is skipped with.
pub(crate) const OCR_OFF: &str = "OCR is off (--ocr)";

/// A document's draft, and what only documents have.
pub(crate) struct Document {
    pub(crate) draft: Draft,
    pub(crate) page_starts: Vec<usize>,
    pub(crate) ocr: bool,
}

/// Reads one PDF into a draft with its page starts, the text of its
/// scanned pages taken from `scans` (what OCR read of them, if anything);
/// also returns which pages are scans. A document with no text at all is
/// skipped as a scan (`SkipReason::Scanned`, with why its pages were not
/// read) or as `NoText`; scanned pages not read among others are named in
/// a warning.
pub(crate) fn parse_pdf(
    rel_path: &str,
    bytes: &[u8],
    scans: &Scans,
    warnings: &mut Vec<Warning>,
) -> (Result<Document, SkipReason>, Vec<usize>) {
    let doc = match extract::read(bytes) {
        Ok(doc) => doc,
        Err(e) => return (Err(e), Vec::new()),
    };
    let scanned: Vec<usize> = (doc.pages.iter().zip(&doc.has_images))
        .enumerate()
        .filter(|(_, (rows, images))| rows.is_empty() && **images)
        .map(|(i, _)| i + 1)
        .collect();
    let (read, unread) = read_scans(&scanned, scans);
    let text_layer = doc.pages.iter().any(|rows| !rows.is_empty());
    if !text_layer && read.is_empty() {
        // A document of scans only: its skip says why they were not read.
        let reason = unread.into_keys().next();
        return (
            Err(reason.map_or(SkipReason::NoText, SkipReason::Scanned)),
            scanned,
        );
    }
    for (reason, pages) in &unread {
        let list: Vec<String> = pages.iter().take(10).map(usize::to_string).collect();
        let more = if pages.len() > 10 { ", …" } else { "" };
        warnings.push(Warning {
            path: rel_path.to_string(),
            message: format!(
                "{} scanned page(s) not read ({}{more}): {reason}",
                pages.len(),
                list.join(", ")
            ),
        });
    }
    (Ok(document(rel_path, doc, &read, text_layer)), scanned)
}

/// Page → the paragraphs OCR read of it, and reason → the scanned pages it
/// did not read.
type ReadScans = (
    BTreeMap<usize, Vec<Vec<String>>>,
    BTreeMap<String, Vec<usize>>,
);

fn read_scans(scanned: &[usize], scans: &Scans) -> ReadScans {
    let (mut read, mut unread) = (BTreeMap::new(), BTreeMap::<String, Vec<usize>>::new());
    for &page in scanned {
        let reason = match scans.pages.get(&page) {
            Some(Ok(text)) => {
                let found = document::paragraphs(text);
                if !found.is_empty() {
                    read.insert(page, found);
                    continue;
                }
                document::NO_WORDS
            }
            Some(Err(e)) => e.as_str(),
            None => scans.unread.as_str(),
        };
        unread.entry(reason.to_string()).or_default().push(page);
    }
    (read, unread)
}

/// The pages, text and read scans, as one document.
fn document(
    rel_path: &str,
    doc: extract::Pages,
    read: &BTreeMap<usize, Vec<Vec<String>>>,
    text_layer: bool,
) -> Document {
    let mut pages = doc.pages;
    pages::drop_furniture(&mut pages);
    let text = pages::assemble_with(&pages, read);
    let info = doc.info;
    let title = (info.title.as_deref().and_then(meta::real_title))
        .or(text.headline)
        .or(text.first_line);
    let mut draft_meta = Meta {
        title,
        authors: info
            .author
            .as_deref()
            .map(meta::person_authors)
            .unwrap_or_default(),
        ..Meta::default()
    };
    // Print editions are filed by day; `CreationDate` is when the file was
    // made (often the day before), so the path wins.
    // A scanned document's dates come from its path and its text only: its
    // `CreationDate` is when it was scanned.
    let date_hint = match date::path_date(rel_path) {
        Some(d) => Some((d, DateSource::Path)),
        None if !text_layer => None,
        None => {
            draft_meta.date = (info.created.as_deref())
                .and_then(meta::pdf_date)
                .map(|d| d.to_string());
            None
        }
    };
    Document {
        draft: Draft {
            meta: draft_meta,
            body: text.body,
            bio: None,
            date_hint,
        },
        page_starts: text.page_starts,
        ocr: !read.is_empty(),
    }
}
